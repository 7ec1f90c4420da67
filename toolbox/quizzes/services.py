"""Grading a quiz against its content; no Flask, no storage."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from toolbox.content.models import Quiz


@dataclass(frozen=True)
class Answer:
    chosen: frozenset[str]
    correct: bool


@dataclass(frozen=True)
class Result:
    answers: dict[str, Answer]
    correct: int
    total: int
    pass_mark: int

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.total) if self.total else 0

    @property
    def passed(self) -> bool:
        return self.percent >= self.pass_mark


def grade(quiz: Quiz, chosen: Mapping[str, list[str]], default_pass_mark: int) -> Result:
    """Score the chosen option ids per question id; unknown questions and options are ignored."""
    answers: dict[str, Answer] = {}
    for q in quiz.questions:
        valid = {o.id for o in q.options}
        picked = frozenset(v for v in chosen.get(q.id, []) if v in valid)
        if q.type != "multiple" and len(picked) > 1:
            picked = frozenset()
        answers[q.id] = Answer(picked, bool(picked) and picked == q.correct_ids)
    correct = sum(a.correct for a in answers.values())
    pass_mark = quiz.pass_mark if quiz.pass_mark is not None else default_pass_mark
    return Result(answers, correct, len(quiz.questions), pass_mark)
