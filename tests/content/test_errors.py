"""Every kind of authoring mistake is reported with the file, the line and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolbox.content import build_catalog

TOPIC = "modules/demo/01-first-topic.md"
SECOND = "modules/demo/02-second-topic.md"
ACTIVITY = "activities/demo/1-vote.md"
INDEX = "modules/demo/index.md"


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing `needle`."""
    for n, line in enumerate(text.split("\n"), 1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in text")


# (file, text to replace, replacement, needle on the reported line (None: line 1 / 2), message fragment)
CASES = [
    (TOPIC, "minutes: 30", "minutes: 30\nobjetives: [x]", "objetives", "unknown key 'objetives'"),
    (TOPIC, "minutes: 30", "minutes: lots", "minutes: lots", "'minutes' must be a whole number"),
    (TOPIC, "minutes: 30\n", "", "title: The first topic", "missing required key 'minutes'"),
    (
        TOPIC,
        "title: The first topic",
        "title: [unclosed",
        "order: 1",
        "invalid YAML: expected ',' or ']', but got ':' (in what starts on line 2)",
    ),
    (TOPIC, "order: 1", "order: 3", "order: 3", "make them agree"),
    (TOPIC, "  - demo/1-vote", "  - demo/2-nothing", "demo/2-nothing", "'demo/2-nothing', which is not an activity guide"),
    (TOPIC, "@demo/second-topic#details", "@demo/nowhere", "@demo/nowhere", "broken link '@demo/nowhere': no topic 'nowhere'"),
    (TOPIC, "(#2-more)", "(#3-none)", "#3-none", "no heading or block with id '3-none'"),
    (TOPIC, "#details", "#nothing", "#nothing", "broken link '@demo/second-topic#nothing'"),
    (TOPIC, "[Module page](@demo)", "[Module page](@nomodule)", "@nomodule", "no module 'nomodule'"),
    (TOPIC, "(@activities/demo/1-vote)", "(@activities/demo/9-x)", "9-x", "no activity '9-x' in module 'demo'"),
    (
        TOPIC,
        "- {#effects} How does migration change it?\n- {#actors}",
        "- How does migration change it?\n-",
        "::: reflection",
        "has no question",
    ),
    (TOPIC, "- {#actors} Who", "- {#actors Who", "- {#actors Who", "cannot read the question id"),
    (TOPIC, "{#actors}", "{#effects}", "{#effects} Who", "duplicate question id 'effects'"),
    (TOPIC, "{#actors}", "{#Bad_Id}", "{#Bad_Id}", "question id 'Bad_Id' must be a slug"),
    (TOPIC, ' place="Riverside, Somewhere"', "", "::: case", 'needs the attribute place="..."'),
    (TOPIC, "::: case {#riverside-centre", "::: case {", "::: case", "block 'case' needs an id"),
    (TOPIC, "::: note", "::: notice", "::: notice", "unknown block '::: notice'"),
    (TOPIC, 'source="Our reconstruction"', 'colour="red"', "::: figure", "unknown attribute 'colour'"),
    (TOPIC, "::: figure {#phases adapted", "::: figure {#local-context adapted", "::: figure", "duplicate id 'local-context'"),
    (TOPIC, "## 1. Background", "# Background", "# Background", "do not use '#' headings"),
    (TOPIC, "## 2. More", "## 2. More\n\n![a picture](pic.png)", "![a picture]", "an image goes in a '::: figure"),
    (TOPIC, "::: editorial\n", "::: editorial\nOne.\n:::\n:::\n", None, "':::' closes nothing"),
    (TOPIC, "- The third point.\n", "- The third point.\n\nA stray paragraph.\n", "::: key-points", "exactly one list"),
    (
        TOPIC,
        "        feedback: No, see [section 1](#1-background).",
        "        correct: true\n        feedback: No.",
        "    options:",
        "exactly one 'correct: true'",
    ),
    (TOPIC, "        feedback: No, see [section 1](#1-background).\n", "", "- text: On the moon.", "missing required key 'feedback'"),
    (TOPIC, "type: single", "type: essay", "type: essay", "'questions[1].type' must be one of: single, multiple, true-false"),
    (TOPIC, "  - id: which", "  - id: where  # again", "# again", "duplicate question id 'where'"),
    (TOPIC, "    answer: false", "    answer: maybe", "answer: maybe", "must be true or false"),
    (TOPIC, "    feedback_true: No, it is shown as text.\n", "", "  - id: raw", "missing required key 'feedback_true'"),
    (TOPIC, "pass_mark: 50", "pass_mark: [50", "questions:", "invalid YAML"),
    (TOPIC, "pass_mark: 50", "pass_mark: 500", "pass_mark: 500", "'pass_mark' must be between 0 and 100"),
    (TOPIC, "(#1-background).\n      - text: On", "(#nope).\n      - text: On", "(#nope)", "broken link '#nope'"),
    (ACTIVITY, '  - {step: Vote, minutes: "10-15"}\n', "", "1. Introduce", "the Steps list has 2 items but 'timing' has 1"),
    (ACTIVITY, 'minutes: "10-15"', 'minutes: "ten"', 'minutes: "ten"', "must be a number of minutes or a range"),
    (ACTIVITY, "## Tips\n- Be strict about colours.\n", "", "## Objectives", "missing section '## Tips'"),
    (ACTIVITY, "## Tips", "## Hints", "## Hints", "unknown section '## Hints'"),
    (ACTIVITY, "method: dot-voting", "method: karaoke", "method: karaoke", "'method' must be one of"),
    (ACTIVITY, "module: demo", "module: other", "module: other", "is in the folder of module 'demo'"),
    (ACTIVITY, "topic: first-topic", "topic: missing-topic", None, "'missing-topic', which is not a topic"),
    (
        ACTIVITY,
        "symbol: triangle, dots: 3}",
        "symbol: triangle, dots: 0}",
        "Most affecting",
        "'settings.ballots[2].dots' must be between 1 and 20",
    ),
    (ACTIVITY, "colour: orange", "colour: blue", "  ballots:", "lists 'blue' more than once"),
    (
        ACTIVITY,
        "  options: [Governance, Education, Health]",
        "  options: [Governance, Education, Health]\n  stackin: true",
        "stackin",
        "unknown key 'settings.stackin'",
    ),
    (ACTIVITY, "  options: [Governance, Education, Health]\n", "", "settings:", "missing required key 'options' in 'settings'"),
    (ACTIVITY, "participants: {min: 4, max: 30}", "participants: {min: 40, max: 30}", "participants:", "min 40 greater than max 30"),
    (ACTIVITY, "1. Introduce the vote.\n2. Everyone votes", "- Introduce the vote.\n- Everyone votes", "## Steps", "needs a numbered list"),
    (INDEX, "title: A demonstration module\n", "", "short_title", "missing required key 'title'"),
    (INDEX, "  place: Somewhere\n", "", "running_case:", "missing required key 'place' in 'running_case'"),
    (SECOND, "---\ntitle", "title", None, "must start with front matter"),
    # typical first-time mistakes, each with the hint the author needs
    (
        TOPIC,
        "The centre opened to welcome newcomers.\n:::\n",
        "The centre opened to welcome newcomers.\n",
        "::: figure",
        "'::: figure' starts inside the '::: case' block opened on line 23: add the missing ':::'",
    ),
    (TOPIC, "- The third point.\n:::\n", "- The third point.\n", "::: key-points", "block '::: key-points' is not closed"),
    (TOPIC, "objectives:\n  - Read a lesson.", "objectives:\n\t- Read a lesson.", "\t- Read", "a tab is used for indentation"),
    (TOPIC, "title: The first topic", "title: Migration: an introduction", "title: Migration", "put the whole value in double quotes"),
    (
        TOPIC,
        "        correct: true\n        feedback: Right",
        "        correct: yes\n        feedback: Right",
        "correct: yes",
        "must be true or false, got 'yes'",
    ),
    (TOPIC, "minutes: 30", "minutes: 30\nstatus: Draft", "status: Draft", "'status' must be one of: published, draft (got 'Draft')"),
    (TOPIC, "::: go-further", "::: go further", "::: go further", "unknown block '::: go'"),
    (SECOND, "minutes: 10\n---\n", "minutes: 10\n", None, "front matter is not closed"),
    (INDEX, "order: 1", "order: first", "order: first", "'order' must be a whole number, got 'first'"),
    (ACTIVITY, "  - Sticky dots", "  - Sticky dots\n\t- Markers", "\t- Markers", "a tab is used for indentation"),
    (TOPIC, "- {#actors} Who", "- Who", "- Who are", "this question has no '{#question-id}', so learners get no answer box"),
]


@pytest.mark.parametrize(("path", "old", "new", "needle", "message"), CASES, ids=lambda v: str(v)[:40])
def test_mistake_is_reported_with_path_and_line(content_dir: Path, path, old, new, needle, message):
    file = content_dir / path
    text = file.read_text()
    assert old in text, f"fixture no longer contains {old!r}"
    text = text.replace(old, new, 1)
    file.write_text(text)
    errors = [str(e) for e in build_catalog(content_dir).errors]
    matching = [e for e in errors if message in e]
    assert matching, f"no error mentions {message!r}; got {errors}"
    prefix = f"content/{path}:"
    assert all(e.startswith(prefix) for e in matching), matching
    if needle is not None:
        expected = line_of(text, needle)
        assert any(e.startswith(f"{prefix}{expected}: ") for e in matching), (expected, matching)


def test_duplicate_topic_slug(content_dir: Path):
    (content_dir / "modules/demo/03-first-topic.md").write_text((content_dir / TOPIC).read_text().replace("order: 1", "order: 3"))
    errors = [str(e) for e in build_catalog(content_dir).errors]
    assert any(e.startswith("content/modules/demo/03-first-topic.md:1: duplicate topic slug 'first-topic'") for e in errors), errors


def test_badly_named_topic_file(content_dir: Path):
    (content_dir / "modules/demo/notes.md").write_text("---\ntitle: x\n---\n")
    errors = [str(e) for e in build_catalog(content_dir).errors]
    assert "content/modules/demo/notes.md:1: a topic file is named NN-topic-slug.md (e.g. 01-gender-approach.md)" in errors


def test_activity_folder_without_module(content_dir: Path):
    (content_dir / "activities/ghost").mkdir()
    errors = [str(e) for e in build_catalog(content_dir).errors]
    assert any("activities folder 'ghost' matches no module" in e for e in errors)


def test_module_without_index(content_dir: Path):
    (content_dir / "modules/empty").mkdir()
    errors = [str(e) for e in build_catalog(content_dir).errors]
    assert "content/modules/empty:1: module folder 'empty' has no index.md" in errors


def test_duplicate_yaml_key(content_dir: Path):
    file = content_dir / SECOND
    file.write_text(file.read_text().replace("minutes: 10", "minutes: 10\nminutes: 12"))
    errors = [str(e) for e in build_catalog(content_dir).errors]
    assert "content/modules/demo/02-second-topic.md:7: duplicate key 'minutes'" in errors


def test_broken_file_does_not_hide_the_others(content_dir: Path):
    (content_dir / SECOND).write_text("no front matter at all")
    cat = build_catalog(content_dir)
    assert cat.topic("demo", "second-topic").broken
    assert not cat.topic("demo", "first-topic").broken
    assert [t.slug for t in cat.module("demo").topics] == ["first-topic"]


def test_yes_and_no_are_text_not_booleans(content_dir: Path):
    file = content_dir / ACTIVITY
    file.write_text(file.read_text().replace("options: [Governance, Education, Health]", "options: [Yes, No, Not sure]"))
    cat = build_catalog(content_dir)
    assert cat.errors == []
    assert cat.activity("demo", "1-vote").settings.options == ("Yes", "No", "Not sure")
