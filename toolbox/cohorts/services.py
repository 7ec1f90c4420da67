"""Cohorts: creating them, joining with a code, and what their facilitator may see."""

from __future__ import annotations

import secrets

from sqlalchemy import delete, exists, func, select

from toolbox import exports
from toolbox.auth import limits
from toolbox.auth.limits import Limited, Rule
from toolbox.auth.models import User
from toolbox.content.models import Module, Topic
from toolbox.extensions import begin_write, db
from toolbox.progress import services as progress
from toolbox.quizzes import services as quizzes
from toolbox.sql import add_once, created_by, insert

from .models import Cohort, CohortMember

# No 0/O, 1/I/L: codes are read aloud and copied from a projector.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
# Wrong codes per learner, and per address so that new accounts from one address cannot go on guessing.
LEARNER_CODES = Rule(free=10, first_wait=10)
ADDRESS_CODES = Rule(free=30, first_wait=5)


class CohortError(ValueError):
    """A problem the user can fix, with a message to show them."""


class TooManyAttempts(CohortError):
    """Too many wrong join codes lately: the next try is admitted in `retry_after` seconds."""

    def __init__(self, limited: Limited) -> None:
        self.retry_after = limited.retry_after
        super().__init__(limited.message("Too many wrong codes"))


def normalise_code(raw: str) -> str:
    """The code as stored: upper case, without spaces or dashes."""
    return "".join(ch for ch in raw.upper() if ch not in " -\t")


def _new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def _free_code() -> str:
    for _ in range(10):
        code = _new_code()
        if not db.session.scalar(select(exists().where(Cohort.code == code))):
            return code
    raise CohortError("Could not make a new join code; please try again.")  # pragma: no cover - 31**8 codes


def create_cohort(owner: User, name: str, key: str | None = None) -> Cohort:
    """A new cohort with a fresh join code (not committed); the same form sent again (same `key`) gets the first one."""
    begin_write()
    again = created_by(Cohort, key, owner_id=owner.id)
    if again is not None:
        return again
    return add_once(Cohort(name=name.strip(), code=_free_code(), owner_id=owner.id, form_key=key or None), owner_id=owner.id)


def renew_code(cohort: Cohort) -> None:
    """Give the cohort a new join code; the old one stops working (not committed)."""
    begin_write()
    cohort.code = _free_code()
    db.session.flush()


def join(user: User, raw_code: str, address: str = "unknown") -> Cohort:
    """Add the user to the cohort with this code; joining twice changes nothing (not committed).

    Wrong codes are recorded per learner and per address (commit them too), so guessing codes is slowed down like passwords.
    """
    code = normalise_code(raw_code)
    checks = [(f"cohort-join:{user.id}", LEARNER_CODES), (f"cohort-join-ip:{address}", ADDRESS_CODES)]
    begin_write()
    cohort = db.session.scalar(select(Cohort).where(Cohort.code == code)) if code else None
    try:
        if cohort is not None:
            limits.check(checks)  # while guesses must wait, a right code is refused too: no answer tells which
        else:
            limits.admit(checks)  # counted under the keys' lock: parallel guesses get no more answers than allowed
    except Limited as exc:
        raise TooManyAttempts(exc) from None
    if cohort is None:
        raise CohortError("No cohort has this code. Check it with your facilitator.")
    db.session.execute(
        insert(CohortMember).values(cohort_id=cohort.id, user_id=user.id).on_conflict_do_nothing(index_elements=["cohort_id", "user_id"])
    )
    return cohort


def leave(user_id: int, cohort_id: int) -> bool:
    """Remove a member from a cohort (not committed); False if they were not in it."""
    begin_write()
    result = db.session.execute(delete(CohortMember).where(CohortMember.cohort_id == cohort_id, CohortMember.user_id == user_id))
    return bool(result.rowcount)


def owned(user: User) -> list[Cohort]:
    """The cohorts this facilitator runs, newest first."""
    return list(db.session.scalars(select(Cohort).where(Cohort.owner_id == user.id).order_by(Cohort.created_at.desc(), Cohort.id.desc())))


def owned_cohort(user: User, cohort_id: int) -> Cohort | None:
    """The cohort if this user runs it; None otherwise (whatever their role)."""
    cohort = db.session.get(Cohort, cohort_id)
    return cohort if cohort is not None and cohort.owner_id == user.id else None


def joined(user: User) -> list[tuple[Cohort, User]]:
    """The cohorts this user is a member of, with their facilitator."""
    query = (
        select(Cohort, User)
        .join(CohortMember, CohortMember.cohort_id == Cohort.id)
        .join(User, User.id == Cohort.owner_id)
        .where(CohortMember.user_id == user.id)
        .order_by(Cohort.name, Cohort.id)
    )
    return [(c, u) for c, u in db.session.execute(query)]


def members(cohort: Cohort) -> list[User]:
    """The cohort's members by name."""
    query = select(User).join(CohortMember, CohortMember.user_id == User.id).where(CohortMember.cohort_id == cohort.id)
    return list(db.session.scalars(query.order_by(User.name, User.id)))


def member(cohort: Cohort, user_id: int) -> User | None:
    """A member of the cohort, or None if this user is not in it."""
    query = select(User).join(CohortMember, CohortMember.user_id == User.id)
    return db.session.scalar(query.where(CohortMember.cohort_id == cohort.id, User.id == user_id))


def member_counts(cohorts: list[Cohort]) -> dict[int, int]:
    """How many members each cohort has."""
    rows = db.session.execute(
        select(CohortMember.cohort_id, func.count())
        .where(CohortMember.cohort_id.in_([c.id for c in cohorts]))
        .group_by(CohortMember.cohort_id)
    )
    return {cid: n for cid, n in rows}


def table(cohort: Cohort, modules: list[Module]) -> list[tuple[User, list[progress.ModuleProgress]]]:
    """Members × topics: each member's progress on each module."""
    people = members(cohort)
    by_user = progress.progress_of([u.id for u in people], modules)
    return [(u, by_user[u.id]) for u in people]


def quiz_reviews(user_id: int, modules: list[progress.ModuleProgress]) -> list[tuple[Module, Topic, list[quizzes.Review]]]:
    """A learner's quiz attempts per topic, newest first, each answer graded against the current quiz."""
    grouped = quizzes.group_attempts(quizzes.attempts_of([user_id]))
    out = []
    for mp in modules:
        for status in mp.topics:
            quiz, attempts = status.topic.doc.quiz, grouped.get((user_id, mp.module.slug, status.topic.slug), [])
            if quiz is not None and attempts:
                out.append((mp.module, status.topic, [quizzes.review(a, quiz, mp.module.pass_mark) for a in reversed(attempts)]))
    return out


def to_csv(rows: list[tuple[User, list[progress.ModuleProgress]]], modules: list[Module]) -> str:
    """The table as CSV: one row per member, a done and a best-score column per topic."""
    header = ["name", "email"]
    for m in modules:
        for t in progress.published_topics(m):
            header += [f"{m.slug}/{t.slug} done", f"{m.slug}/{t.slug} quiz best %"]
        header.append(f"{m.slug} topics done")
    lines = [header]
    for user, mods in rows:
        line = [user.name, user.email]
        for mp in mods:
            for s in mp.topics:
                best = s.quiz.best.percent if s.quiz and s.quiz.best else ""
                line += ["yes" if s.done else "no", str(best) if s.quiz else "no quiz"]
            line.append(f"{mp.done}/{mp.total}")
        lines.append(line)
    return exports.csv_text(lines)
