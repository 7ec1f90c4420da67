"""Topic completion, module progress, "continue where you left off" and certificates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import aliased

from toolbox.auth.models import utcnow
from toolbox.content.models import Module, Topic
from toolbox.extensions import begin_write, db
from toolbox.quizzes import services as quizzes
from toolbox.sql import insert

from .models import TopicProgress

Key = tuple[int, str, str]


# A lesson read again within this time is not written again, if it is still the last one opened: a
# reload or a return from a quiz then costs no write, and "continue where you left off" is unchanged.
VISIT_RESOLUTION = timedelta(minutes=1)


_THIS_TOPIC = (
    TopicProgress.user_id == bindparam("user_id"),
    TopicProgress.module == bindparam("module"),
    TopicProgress.topic == bindparam("topic"),
)
_other = aliased(TopicProgress)
_LATEST_VISIT = select(func.max(_other.last_seen_at)).where(_other.user_id == bindparam("user_id")).scalar_subquery()
# Built once, as a lesson view runs them: this topic's row (or last visit) with the learner's latest visit of any topic.
_ROW_AND_LATEST = select(TopicProgress, _LATEST_VISIT).where(*_THIS_TOPIC)
_LAST_VISITS = select(TopicProgress.last_seen_at, _LATEST_VISIT).where(*_THIS_TOPIC)
_TOPIC_ROW = select(TopicProgress).where(*_THIS_TOPIC)


def _visit_is_news(seen: datetime | None, latest: datetime | None, now: datetime) -> bool:
    """False for a topic opened again shortly after, if no other topic was opened since."""
    return seen is None or seen != latest or now - seen >= VISIT_RESOLUTION


def _write_visit(user_id: int, module: str, topic: str, now: datetime) -> None:
    begin_write()
    db.session.execute(
        insert(TopicProgress)
        .values(user_id=user_id, module=module, topic=topic, last_seen_at=now)
        .on_conflict_do_update(index_elements=["user_id", "module", "topic"], set_={"last_seen_at": now})
    )


def record_visit(user_id: int, module: str, topic: str) -> bool:
    """Remember that the learner opened this topic now (not committed); False when that changed nothing worth a write."""
    now = utcnow()
    seen, latest = db.session.execute(_LAST_VISITS, {"user_id": user_id, "module": module, "topic": topic}).first() or (None, None)
    if not _visit_is_news(seen, latest, now):
        return False
    _write_visit(user_id, module, topic, now)
    return True


def open_topic(user_id: int, module: Module, topic: Topic) -> tuple[TopicStatus, bool]:
    """The learner's status on a topic they open, the visit recorded as record_visit() does (not committed); True if written."""
    now = utcnow()
    row, latest = db.session.execute(_ROW_AND_LATEST, {"user_id": user_id, "module": module.slug, "topic": topic.slug}).first() or (
        None,
        None,
    )
    wrote = _visit_is_news(row.last_seen_at if row else None, latest, now)
    if wrote:
        _write_visit(user_id, module.slug, topic.slug, now)  # (the row, expired by then, reloads if read: a visit leaves done_at as it was)
    return _topic_status(user_id, module, topic, row), wrote


def set_done(user_id: int, module: str, topic: str, done: bool, by: str = "learner") -> None:
    """Mark a topic done (keeping the first date) or not done (not committed)."""
    begin_write()
    if done:
        now = utcnow()
        db.session.execute(
            insert(TopicProgress)
            .values(user_id=user_id, module=module, topic=topic, done_at=now, done_by=by)
            .on_conflict_do_update(
                index_elements=["user_id", "module", "topic"],
                set_={"done_at": func.coalesce(TopicProgress.done_at, now), "done_by": func.coalesce(TopicProgress.done_by, by)},
            )
        )
    else:
        db.session.execute(
            update(TopicProgress)
            .where(TopicProgress.user_id == user_id, TopicProgress.module == module, TopicProgress.topic == topic)
            .values(done_at=None, done_by=None)
        )


def rows_of(user_ids: Iterable[int]) -> dict[Key, TopicProgress]:
    """Progress rows of these users by (user id, module, topic)."""
    rows = db.session.scalars(select(TopicProgress).where(TopicProgress.user_id.in_(list(user_ids))))
    return {(r.user_id, r.module, r.topic): r for r in rows}


@dataclass(frozen=True)
class TopicStatus:
    """Where a learner stands on one topic."""

    topic: Topic
    done_at: datetime | None
    quiz: quizzes.Summary | None  # None when the topic has no quiz
    pass_mark: int | None

    @property
    def done(self) -> bool:
        return self.done_at is not None

    @property
    def quiz_passed(self) -> bool:
        """True when the topic has no quiz or its best score reaches the pass mark."""
        return self.quiz is None or self.quiz.passed

    @property
    def complete(self) -> bool:
        return self.done and self.quiz_passed


@dataclass(frozen=True)
class ModuleProgress:
    """Where a learner stands on a module's published topics."""

    module: Module
    topics: list[TopicStatus]

    @property
    def total(self) -> int:
        return len(self.topics)

    @property
    def done(self) -> int:
        return sum(t.done for t in self.topics)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def complete(self) -> bool:
        """Every topic done and every quiz passed: the module's certificate is earned."""
        return bool(self.topics) and all(t.complete for t in self.topics)

    @property
    def completed_at(self) -> datetime | None:
        """When the last requirement was met, for the certificate."""
        if not self.complete:
            return None
        dates = [t.done_at for t in self.topics if t.done_at] + [t.quiz.passed_at for t in self.topics if t.quiz and t.quiz.passed_at]
        return max(dates)

    def missing(self) -> list[str]:
        """What is left before the certificate, in words."""
        out = []
        for t in self.topics:
            if not t.done:
                out.append(f"Topic {t.topic.order}: {t.topic.title} is not marked done.")
            if not t.quiz_passed:
                out.append(f"Topic {t.topic.order}: {t.topic.title}: the quiz is not passed yet (pass mark {t.pass_mark}%).")
        return out


def published_topics(module: Module) -> list[Topic]:
    return [t for t in module.topics if t.published]


def _status(
    user_id: int, module: Module, topic: Topic, rows: dict[Key, TopicProgress], attempts: dict[Key, list[quizzes.QuizAttempt]]
) -> TopicStatus:
    key = (user_id, module.slug, topic.slug)
    row, quiz = rows.get(key), topic.doc.quiz
    if quiz is None:
        return TopicStatus(topic, row.done_at if row else None, None, None)
    summary = quizzes.summarise(attempts.get(key, []), quiz, module.pass_mark)
    return TopicStatus(topic, row.done_at if row else None, summary, quizzes.pass_mark(quiz, module.pass_mark))


def module_progress(
    user_id: int, module: Module, rows: dict[Key, TopicProgress], attempts: dict[Key, list[quizzes.QuizAttempt]]
) -> ModuleProgress:
    """One learner's progress on a module, from rows and attempts loaded beforehand."""
    return ModuleProgress(module, [_status(user_id, module, t, rows, attempts) for t in published_topics(module)])


def progress_of(user_ids: list[int], modules: list[Module]) -> dict[int, list[ModuleProgress]]:
    """Progress of several learners on several modules, in three queries."""
    rows = rows_of(user_ids)
    attempts = quizzes.group_attempts(quizzes.attempts_of(user_ids))
    return {uid: [module_progress(uid, m, rows, attempts) for m in modules] for uid in user_ids}


def new_status(module: Module, topic: Topic) -> TopicStatus:
    """Where a learner who has stored nothing stands on a topic."""
    return _status(0, module, topic, {}, {})


def topic_status(user_id: int, module: Module, topic: Topic) -> TopicStatus:
    """One learner's status on one topic."""
    return _topic_status(
        user_id, module, topic, db.session.scalar(_TOPIC_ROW, {"user_id": user_id, "module": module.slug, "topic": topic.slug})
    )


def _topic_status(user_id: int, module: Module, topic: Topic, row: TopicProgress | None) -> TopicStatus:
    rows = {(user_id, module.slug, topic.slug): row} if row else {}
    attempts = {(user_id, module.slug, topic.slug): quizzes.topic_attempts(user_id, module.slug, topic.slug)} if topic.doc.quiz else {}
    return _status(user_id, module, topic, rows, attempts)


def continue_target(user_id: int, progress: list[ModuleProgress]) -> Topic | None:
    """The topic to open next: the last one opened if not done, else the next topic not done after it."""
    modules = {p.module.slug: p for p in progress}
    order = [s for p in progress for s in p.topics]
    if not order:
        return None
    last = db.session.scalar(
        select(TopicProgress)
        .where(TopicProgress.user_id == user_id, TopicProgress.last_seen_at.is_not(None), TopicProgress.module.in_(list(modules)))
        .order_by(TopicProgress.last_seen_at.desc(), TopicProgress.id.desc())
        .limit(1)
    )
    start = 0
    if last is not None:
        start = next((i for i, s in enumerate(order) if (s.topic.module, s.topic.slug) == (last.module, last.topic)), 0)
    for status in order[start:] + order[:start]:
        if not status.done:
            return status.topic
    return None
