"""Quiz balance: what makes a quiz guessable from the form of its answers is counted per quiz and for the catalogue,
and warned about (without failing the check) at the line to change."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolbox.content import build_catalog
from toolbox.content.balance import QuizBalance, bare, quiz_balance, quiz_warnings
from toolbox.content.errors import ErrorLog
from toolbox.content.quiz import parse_quiz

FIXTURES = Path(__file__).parent.parent / "fixtures" / "content"


def quiz(yaml: str):
    log = ErrorLog("q.md")
    parsed = parse_quiz(yaml, 1, 1, log)
    assert log.errors == [] and parsed is not None
    return parsed


def tf(qid: str, answer: bool, why: str = "it says so in section 1 of the lesson") -> str:
    return f"""  - id: {qid}
    type: true-false
    prompt: A statement.
    answer: {str(answer).lower()}
    feedback_true: "Right: {why}."
    feedback_false: "Not so: {why}."
"""


def single(qid: str, right: str, wrong: str) -> str:
    return f"""  - id: {qid}
    type: single
    prompt: Which one?
    options:
      - {{text: "{right}", correct: true, feedback: "Yes, because the lesson shows this."}}
      - {{text: "{wrong}", feedback: "No, because the lesson shows the opposite."}}
      - {{text: "Neither", feedback: "No, because the lesson names one of them."}}
"""


def test_the_fixture_quiz_figures():
    b = quiz_balance(build_catalog(FIXTURES).topic("demo", "first-topic").doc.quiz)
    assert b == QuizBalance(
        questions=3,
        true_false=1,
        keyed_true=0,
        choice=2,
        longest_right=0,  # "Locally." is shorter than "On the moon."; "Case"/"Note" are not longer than "Banana"
        chance=1 / 2 + 2 / 3,
        multiple=1,
        few_wrong=1,  # "which" has one wrong option
        feedbacks=7,
        bare_feedbacks=5,  # "Right, see section 1." "No, see section 1." "Yes." "Yes." "No."
    )
    assert (b.true_share, b.longest_share, round(b.chance_share, 2)) == (0.0, 0.0, 0.58)


def test_the_catalogue_figures_add_up_per_quiz():
    cat = build_catalog(FIXTURES)
    assert list(cat.quiz_balance()) == ["demo/first-topic"]
    total = sum(cat.quiz_balance().values(), QuizBalance())
    assert total.as_dict() == {
        "questions": 3,
        "true_false": 1,
        "keyed_true": 0,
        "choice": 2,
        "longest_right": 0,
        "chance": 1.17,
        "multiple": 1,
        "few_wrong": 1,
        "feedbacks": 7,
        "bare_feedbacks": 5,
        "true_share": 0.0,
        "longest_share": 0.0,
        "chance_share": 0.58,
    }


@pytest.mark.parametrize(
    ("feedback", "is_bare"),
    [
        ("Yes.", True),
        ("No.", True),
        ("Yes. See [section 1](#x).", True),
        ("Right, see section 1.", True),
        ("Not quite. See section 2 and section 3.", True),
        ("Correct (see section 2).", True),
        ("See the table.", True),
        ("", True),
        ("No, it is shown as text.", False),
        ("Yes. Remittances are private money, so they cannot replace public investment. See section 2.", False),
        ("Not so: the source speaks of a huge share, not most moves. See [section 1](#x).", False),
    ],
)
def test_a_bare_feedback_gives_a_verdict_without_a_reason(feedback: str, is_bare: bool):
    assert bare(feedback) is is_bare


def test_warnings_name_the_giveaway_and_its_line():
    yaml = "questions:\n" + "".join(tf(f"t{i}", False) for i in range(4)) + tf("t4", True)
    yaml += "".join(single(f"s{i}", "The long and detailed right answer", "Short") for i in range(3))
    yaml += """  - id: thin
    type: multiple
    prompt: Which ones?
    options:
      - {text: A, correct: true, feedback: "Yes."}
      - {text: B, correct: true, feedback: "Yes, since the lesson lists B among them."}
      - {text: C, feedback: "No, since the lesson never mentions C."}
"""
    lines = yaml.split("\n")
    thin, yes = lines.index("  - id: thin") + 1, lines.index('      - {text: A, correct: true, feedback: "Yes."}') + 1
    warnings = [f"{w.line}: {w.message}" for w in quiz_warnings(quiz(yaml), "q.md")]
    assert warnings == [
        "1: quiz: 4 of 5 true/false answers are 'false', so answering 'false' every time passes; make about half of them true",
        "1: quiz: the right option is the longest in 3 of 4 choice questions (by chance about 2), so picking the longest option "
        "passes; make the wrong options as full as the right one",
        f"{thin}: question 'thin' has 1 wrong option: give a multiple-choice question at least two plausible wrong options from the lesson",
        f"{yes}: question 'thin', option 'a': the feedback says 'Yes.' without a reason; say why, in a sentence that teaches",
    ]


def test_a_balanced_quiz_has_no_warning():
    yaml = "questions:\n" + "".join(tf(f"t{i}", i % 2 == 0) for i in range(4))
    yaml += single("s1", "Long right answer here", "Short") + single("s2", "Short", "Long wrong answer here")
    yaml += single("s3", "Right", "Other")
    assert quiz_warnings(quiz(yaml), "q.md") == []


def test_warnings_do_not_make_errors():
    cat = build_catalog(FIXTURES)
    assert cat.errors == []
    assert {w.path for w in cat.warnings} == {"content/modules/demo/01-first-topic.md"}
    assert any("question 'which' has 1 wrong option" in w.message for w in cat.warnings)
