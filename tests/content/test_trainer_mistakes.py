"""A trainer follows docs/authoring.md: scaffold a module, a topic with its quiz and a live activity, then edit them.

Each typical mistake, made in the scaffolded files themselves, is named by `content check` (the command the
guide tells them to run) as `path:line: message` on the line to fix, and the check fails until it is fixed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from toolbox.cli import content_cli

MODULE = "modules/module-3/index.md"
TOPIC = "modules/module-3/01-access-to-services.md"
ACTIVITY = "activities/module-3/1-services-dot-voting.md"

# The commands of docs/authoring.md, "Start a new file".
SCAFFOLD = (
    ["new", "module", "--slug", "module-3", "--title", "Services for migrants"],
    ["new", "topic", "--module", "module-3", "--slug", "access-to-services", "--title", "Access to services"],
    [
        "new",
        "activity",
        "--module",
        "module-3",
        "--slug",
        "1-services-dot-voting",
        "--method",
        "dot-voting",
        "--topic",
        "access-to-services",
    ],
)

# (file, text of the scaffold, what the trainer typed instead, text on the line to fix (None: not checked), message)
MISTAKES = [
    (
        TOPIC,
        'title: "Access to services"',
        "title: Access to services: the basics",
        "title: Access",
        "put the whole value in double quotes",
    ),
    (TOPIC, "status: draft", "status: Published", "status: Published", "'status' must be one of: published, draft (got 'Published')"),
    (TOPIC, "minutes: 30", "minutes: half an hour", "minutes: half", "'minutes' must be a whole number"),
    (TOPIC, "order: 1 ", "order: 2 ", "order: 2", "'order' is 2 but the file name starts with 01: make them agree"),
    (TOPIC, "  - Explain the first idea", "\t- Explain the first idea", "\t- Explain", "a tab is used for indentation"),
    (
        TOPIC,
        "- {#second-question} A second question?",
        "- A second question?",
        "- A second question?",
        "this question has no '{#question-id}'",
    ),
    (
        TOPIC,
        "- {#second-question} A second",
        "- {#first-question} A second",
        "{#first-question} A second",
        "duplicate question id 'first-question'",
    ),
    (TOPIC, ":::\n\n::: case", "\n::: case", "::: case", "starts inside the '::: reflection' block"),
    (TOPIC, "::: key-points", "::: keypoints", "::: keypoints", "unknown block '::: keypoints'"),
    (
        TOPIC,
        "[this module](@module-3)",
        "[this module](@module-three)",
        "@module-three",
        "broken link '@module-three': no module 'module-three'",
    ),
    (
        TOPIC,
        "(#1-the-first-section).\n      - text: A wrong",
        "(#1-first-section).\n      - text: A wrong",
        "#1-first-section",
        "no heading",
    ),
    (
        TOPIC,
        "        correct: true\n        feedback: Right.",
        "        correct: yes\n        feedback: Right.",
        "correct: yes",
        "must be true or false, got 'yes'",
    ),
    (
        TOPIC,
        "        feedback: Not so. See [section 1](#1-the-first-section).\n",
        "",
        "- text: A wrong answer.",
        "missing required key 'feedback'",
    ),
    (TOPIC, "type: true-false", "type: yes-no", "type: yes-no", "must be one of: single, multiple, true-false"),
    (ACTIVITY, "method: dot-voting", "method: dot-vote", "method: dot-vote", "'method' must be one of"),
    (ACTIVITY, "module: module-3", "module: module3", "module: module3", "is in the folder of module 'module-3'"),
    (ACTIVITY, "  - {step: Debrief, minutes: 10}\n", "", "1. Introduce", "the Steps list has 3 items but 'timing' has 2 entries"),
    (ACTIVITY, 'minutes: "15-20"', "minutes: 15 to 20", "minutes: 15 to 20", "must be a number of minutes or a range"),
    (ACTIVITY, "## Tips", "## Tip", "## Tip", "unknown section '## Tip'"),
    (ACTIVITY, "colour: orange, symbol: triangle", "colour: blue, symbol: triangle", "  ballots:", "lists 'blue' more than once"),
    (ACTIVITY, "  stacking: false", "  stacking: no", "stacking: no", "must be true or false"),
    (ACTIVITY, "participants: {min: 6, max: 30}", "participants: {min: 30, max: 6}", "participants:", "min 30 greater than max 6"),
    (ACTIVITY, "topic: access-to-services", "topic: access-services", None, "'access-services', which is not a topic of module 'module-3'"),
    (MODULE, "order: ", "ordre: ", "ordre:", "unknown key 'ordre'"),
    (MODULE, "\n---\n", "\n", None, "front matter is not closed"),
]


def line_of(text: str, needle: str) -> int:
    for n, line in enumerate(text.split("\n"), 1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in the file")


@pytest.fixture
def scaffolded(app, content_dir: Path):
    """The trainer's new module, topic and dot-voting activity, written by the documented commands."""
    runner = app.test_cli_runner()
    for args in SCAFFOLD:
        result = runner.invoke(content_cli, [*args, "--path", str(content_dir)])
        assert result.exit_code == 0, result.output
    check = runner.invoke(content_cli, ["check", "--path", str(content_dir)])
    assert check.exit_code == 0 and "no errors" in check.output
    return runner, content_dir


@pytest.mark.parametrize(("path", "old", "new", "needle", "message"), MISTAKES, ids=[m[4][:40] for m in MISTAKES])
def test_content_check_names_each_typical_mistake(scaffolded, path, old, new, needle, message):
    runner, content_dir = scaffolded
    file = content_dir / path
    text = file.read_text()
    assert old in text, f"the scaffold no longer contains {old!r}"
    changed = text.replace(old, new, 1)
    file.write_text(changed)
    result = runner.invoke(content_cli, ["check", "--path", str(content_dir)])
    assert result.exit_code != 0, result.output
    lines = [line for line in result.output.splitlines() if message in line]
    assert lines, result.output
    prefix = f"content/{path}:"
    assert all(line.startswith(prefix) for line in lines), lines
    if needle is not None:
        assert any(line.startswith(f"{prefix}{line_of(changed, needle)}: ") for line in lines), (line_of(changed, needle), lines)
    file.write_text(text)  # fixed: the check passes again
    assert runner.invoke(content_cli, ["check", "--path", str(content_dir)]).exit_code == 0
