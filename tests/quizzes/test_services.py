"""Grading a quiz."""

from pathlib import Path

from toolbox.content import build_catalog
from toolbox.quizzes.services import grade

QUIZ = build_catalog(Path(__file__).parent.parent / "fixtures" / "content").topic("demo", "first-topic").doc.quiz


def test_all_right():
    result = grade(QUIZ, {"where": ["a"], "which": ["case", "note"], "raw": ["false"]}, 70)
    assert (result.correct, result.total, result.percent, result.passed) == (3, 3, 100, True)


def test_multiple_choice_needs_every_right_option_and_no_wrong_one():
    assert not grade(QUIZ, {"which": ["case"]}, 70).answers["which"].correct
    assert not grade(QUIZ, {"which": ["case", "note", "banana"]}, 70).answers["which"].correct


def test_unknown_options_and_questions_are_ignored():
    result = grade(QUIZ, {"where": ["zzz"], "nope": ["a"]}, 70)
    assert result.answers["where"].chosen == frozenset()
    assert result.correct == 0


def test_two_answers_to_a_single_choice_count_as_none():
    assert grade(QUIZ, {"where": ["a", "b"]}, 70).answers["where"].chosen == frozenset()


def test_quiz_pass_mark_overrides_module():
    result = grade(QUIZ, {"where": ["a"], "which": ["case", "note"]}, 90)
    assert result.pass_mark == 50 and result.percent == 67 and result.passed
