"""Grading a quiz against its content, and storing and re-grading learners' attempts."""

from __future__ import annotations

import re
import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup
from sqlalchemy import bindparam, select

from toolbox.auth.models import utcnow
from toolbox.content.models import Quiz, QuizQuestion
from toolbox.extensions import begin_write, db
from toolbox.sql import insert

from .models import QuizAnswer, QuizAttempt

TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
MAX_CHOICES = 20


class QuizError(ValueError):
    """A submission that cannot be stored, with a message for the learner."""


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


def pass_mark(quiz: Quiz, default_pass_mark: int) -> int:
    """The quiz's own pass mark, else the module's."""
    return quiz.pass_mark if quiz.pass_mark is not None else default_pass_mark


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
    return Result(answers, correct, len(quiz.questions), pass_mark(quiz, default_pass_mark))


def chosen_from_form(quiz: Quiz, form) -> dict[str, list[str]]:
    """The values of the fields `q-<question id>`, as strings, at most MAX_CHOICES each."""
    return {q.id: [v for v in form.getlist(f"q-{q.id}")[:MAX_CHOICES] if isinstance(v, str)] for q in quiz.questions}


def new_token() -> str:
    """A fresh attempt token for a quiz form."""
    return secrets.token_urlsafe(18)


def _plain(html: str) -> str:
    return Markup(html).striptags()


def _labels(question: QuizQuestion, chosen: frozenset[str]) -> str:
    return " / ".join(_plain(o.html) for o in question.options if o.id in chosen)


def record_attempt(user_id: int, module: str, topic: str, quiz: Quiz, result: Result, token: str) -> tuple[QuizAttempt, bool]:
    """Store an attempt with every answer (not committed); a token seen before returns that attempt instead."""
    if not TOKEN.match(token):
        raise QuizError("This quiz form is out of date: reload the page and answer again.")
    begin_write()
    new_id = db.session.scalar(
        insert(QuizAttempt)
        .values(
            user_id=user_id,
            module=module,
            topic=topic,
            token=token,
            created_at=utcnow(),
            correct=result.correct,
            total=result.total,
            percent=result.percent,
            pass_mark=result.pass_mark,
            passed=result.passed,
        )
        .on_conflict_do_nothing(index_elements=["user_id", "token"])
        .returning(QuizAttempt.id)
    )
    if new_id is None:
        existing = db.session.scalar(select(QuizAttempt).where(QuizAttempt.user_id == user_id, QuizAttempt.token == token))
        if existing is None or (existing.module, existing.topic) != (module, topic):
            raise QuizError("This quiz form is out of date: reload the page and answer again.")
        return existing, False
    for q in quiz.questions:
        answer = result.answers[q.id]
        db.session.add(
            QuizAnswer(
                attempt_id=new_id,
                question=q.id,
                chosen=" ".join(sorted(answer.chosen)),
                correct=answer.correct,
                prompt=_plain(q.prompt_html),
                chosen_text=_labels(q, answer.chosen),
            )
        )
    db.session.flush()
    return db.session.get_one(QuizAttempt, new_id), True


def regrade(attempt: QuizAttempt, quiz: Quiz, default_pass_mark: int) -> Result:
    """The attempt's stored answers graded against the quiz as it is now (removed questions no longer count)."""
    return grade(quiz, {a.question: a.chosen_ids for a in attempt.answers}, default_pass_mark)


@dataclass(frozen=True)
class Summary:
    """A learner's attempts at one quiz, graded against the current quiz."""

    attempts: int
    best: Result | None
    latest: Result | None
    passed_at: datetime | None

    @property
    def passed(self) -> bool:
        return self.best is not None and self.best.passed


def summarise(attempts: Iterable[QuizAttempt], quiz: Quiz, default_pass_mark: int) -> Summary:
    """Best and latest score and when the quiz was first passed, from attempts in the order they were made."""
    ordered = sorted(attempts, key=lambda a: (a.created_at, a.id))
    results = [(a, regrade(a, quiz, default_pass_mark)) for a in ordered]
    if not results:
        return Summary(0, None, None, None)
    best = max((r for _, r in results), key=lambda r: r.percent)
    passed_at = next((a.created_at for a, r in results if r.passed), None)
    return Summary(len(results), best, results[-1][1], passed_at)


def attempts_of(user_ids: Iterable[int], module: str | None = None, topic: str | None = None) -> list[QuizAttempt]:
    """Attempts of these users (optionally of one topic), oldest first, with their answers."""
    query = select(QuizAttempt).where(QuizAttempt.user_id.in_(list(user_ids)))
    if module is not None:
        query = query.where(QuizAttempt.module == module)
    if topic is not None:
        query = query.where(QuizAttempt.topic == topic)
    return list(db.session.scalars(query.order_by(QuizAttempt.created_at, QuizAttempt.id)))


# Built once, as every view of a lesson by a learner runs it.
_TOPIC_ATTEMPTS = (
    select(QuizAttempt)
    .where(QuizAttempt.user_id == bindparam("user_id"), QuizAttempt.module == bindparam("module"), QuizAttempt.topic == bindparam("topic"))
    .order_by(QuizAttempt.created_at, QuizAttempt.id)
)


def topic_attempts(user_id: int, module: str, topic: str) -> list[QuizAttempt]:
    """One learner's attempts at one topic's quiz, oldest first, with their answers."""
    return list(db.session.scalars(_TOPIC_ATTEMPTS, {"user_id": user_id, "module": module, "topic": topic}))


def group_attempts(attempts: Iterable[QuizAttempt]) -> dict[tuple[int, str, str], list[QuizAttempt]]:
    """Attempts by (user id, module, topic)."""
    grouped: dict[tuple[int, str, str], list[QuizAttempt]] = defaultdict(list)
    for a in attempts:
        grouped[(a.user_id, a.module, a.topic)].append(a)
    return grouped


@dataclass(frozen=True)
class ReviewRow:
    """One question of a stored attempt: as it is in the quiz now (if still there) and as answered."""

    question_id: str
    question: QuizQuestion | None
    answer: QuizAnswer | None
    now: Answer | None

    @property
    def removed(self) -> bool:
        return self.question is None


@dataclass(frozen=True)
class Review:
    attempt: QuizAttempt
    result: Result
    rows: list[ReviewRow]


def review(attempt: QuizAttempt, quiz: Quiz, default_pass_mark: int) -> Review:
    """An attempt question by question: current questions in order, then questions since removed."""
    result = regrade(attempt, quiz, default_pass_mark)
    stored = {a.question: a for a in attempt.answers}
    rows = [ReviewRow(q.id, q, stored.get(q.id), result.answers[q.id]) for q in quiz.questions]
    current = {q.id for q in quiz.questions}
    rows += [ReviewRow(a.question, None, a, None) for a in attempt.answers if a.question not in current]
    return Review(attempt, result, rows)
