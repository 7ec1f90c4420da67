"""The content and database commands."""

from __future__ import annotations

import json
from pathlib import Path

from toolbox.cli import content_cli

REAL = Path(__file__).parent.parent / "content"


def run(app, *args):
    return app.test_cli_runner().invoke(content_cli, list(args))


def test_check_passes_on_the_real_content(app):
    result = run(app, "check", "--path", str(REAL))
    assert result.exit_code == 0, result.output
    assert "no errors" in result.output


def test_check_fails_with_path_line_messages(app, content_dir):
    topic = content_dir / "modules/demo/01-first-topic.md"
    topic.write_text(topic.read_text().replace("minutes: 30", "minutes: lots"))
    activity = content_dir / "activities/demo/1-vote.md"
    activity.write_text(activity.read_text().replace("method: dot-voting", "method: karaoke"))
    result = run(app, "check", "--path", str(content_dir))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "content/modules/demo/01-first-topic.md:7: 'minutes' must be a whole number, got 'lots'" in lines
    assert any(line.startswith("content/activities/demo/1-vote.md:7: 'method' must be one of:") for line in lines)
    assert "2 error(s) in 2 file(s)." in lines


def test_check_uses_the_app_content_dir_by_default(app):
    assert run(app, "check").exit_code == 0


def test_stats_json(app):
    result = run(app, "stats", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["demo"] == {
        "topics": 2,
        "reflections": 1,
        "reflection_questions": 2,
        "cases": 1,
        "key_points": 3,
        "quizzes": 1,
        "quiz_questions": 3,
        "activities": 1,
    }


def test_stats_table(app):
    result = run(app, "stats")
    header, rule, row = result.output.splitlines()[:3]
    assert header.split() == [
        "module",
        "topics",
        "reflections",
        "reflection_questions",
        "cases",
        "key_points",
        "quizzes",
        "quiz_questions",
        "activities",
    ]
    assert row.split() == ["demo", "2", "1", "2", "1", "3", "1", "3", "1"]


def test_check_prints_warnings_but_passes(app):
    result = run(app, "check")
    assert result.exit_code == 0, result.output
    assert (
        "content/modules/demo/01-first-topic.md:70: warning: question 'which' has 1 wrong option: "
        "give a multiple-choice question at least two plausible wrong options from the lesson"
    ) in result.output.splitlines()
    assert "OK: 4 files, no errors, 6 warning(s) (see `content stats`)." in result.output


def test_stats_print_the_quiz_balance_per_quiz_and_in_all(app):
    lines = run(app, "stats").output.splitlines()
    at = lines.index(next(line for line in lines if line.startswith("quiz ")))
    assert lines[at].split("  ")[0] == "quiz" and "true/false keyed true" in lines[at] and "right option longest" in lines[at]
    quiz, total = lines[at + 2].split(), lines[at + 3].split()
    assert quiz == ["demo/first-topic", "3", "0/1", "(0%)", "0/2", "(0%)", "58%", "1/1", "(100%)", "5/7", "(71%)"]
    assert total[:2] == ["all", "quizzes"] and total[2:] == quiz[1:]
    data = json.loads(run(app, "stats", "--json").output)["quiz_balance"]
    assert data["quizzes"]["demo/first-topic"]["few_wrong"] == 1 and data["total"]["bare_feedbacks"] == 5


def test_flask_cli_entry_point(tmp_path):
    import subprocess
    import sys

    env = {
        "TOOLBOX_CONTENT_DIR": str(Path(__file__).parent / "fixtures" / "content"),
        "PATH": "/usr/bin:/bin",
        "TOOLBOX_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
        "TOOLBOX_SECRET_KEY": "x",
    }
    out = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "toolbox", "content", "stats", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert json.loads(out.stdout)["demo"]["topics"] == 2


def test_content_new_scaffolds_files_that_pass_check(app, content_dir):
    result = run(app, "new", "topic", "--module", "demo", "--slug", "third", "--title", "Third: the end", "--path", str(content_dir))
    assert result.exit_code == 0, result.output
    assert f"Created {content_dir / 'modules/demo/03-third.md'}" in result.output
    result = run(app, "new", "activity", "--module", "demo", "--slug", "2-cafe", "--method", "world-cafe", "--path", str(content_dir))
    assert result.exit_code == 0, result.output
    assert "method: world-cafe" in (content_dir / "activities/demo/2-cafe.md").read_text()
    assert run(app, "check", "--path", str(content_dir)).exit_code == 0


def test_content_new_refuses_with_a_clear_error(app, content_dir):
    result = run(app, "new", "topic", "--module", "ghost", "--slug", "x", "--path", str(content_dir))
    assert result.exit_code == 1
    assert f"Error: no module 'ghost' in {content_dir / 'modules'} (modules: demo)" in result.output
    result = run(app, "new", "module", "--slug", "demo", "--path", str(content_dir))
    assert result.exit_code == 1 and "already exists: not overwriting it" in result.output
    result = run(app, "new", "activity", "--module", "demo", "--slug", "x", "--method", "karaoke", "--path", str(content_dir))
    assert result.exit_code == 2 and "'karaoke' is not one of" in result.output


def test_toolbox_script_scaffolds_a_module(tmp_path, content_dir):
    import subprocess
    import sys

    env = {"PATH": "/usr/bin:/bin", "TOOLBOX_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "TOOLBOX_SECRET_KEY": "x"}
    script = Path(sys.executable).parent / "toolbox"
    out = subprocess.run(
        [str(script), "content", "new", "module", "--slug", "module-3", "--path", str(content_dir)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert "modules/module-3/index.md" in out.stdout
    assert (content_dir / "activities/module-3").is_dir()


def test_content_new_module_copy_of(app, content_dir):
    result = run(app, "new", "module", "--slug", "demo-fr", "--copy-of", "demo", "--language", "fr", "--path", str(content_dir))
    assert result.exit_code == 0, result.output
    assert f"Created {content_dir / 'activities/demo-fr'}/" in result.output
    assert "language: fr" in (content_dir / "modules/demo-fr/index.md").read_text()
    assert run(app, "check", "--path", str(content_dir)).exit_code == 0
    result = run(app, "new", "module", "--slug", "demo-es", "--copy-of", "demo", "--title", "x", "--path", str(content_dir))
    assert result.exit_code == 1 and "--title is not used with --copy-of" in result.output
