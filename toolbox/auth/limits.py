"""Limits on guessing that count atomically and slow an attacker down without locking a venue out.

An attempt at something guessable (a password, a room or cohort code) is admitted or refused *before*
the work that answers it, and an admitted one is recorded in the same write transaction, under a lock
on its key (SQLite's write lock; a transaction advisory lock per key on PostgreSQL): parallel attempts
never get more answers than the rule allows. The caller commits right after `admit`, so no lock is held
while a password is hashed. A rule lets `free` attempts through in its window; each one after that
waits, from the previous one, a pause that doubles from `first_wait` up to `longest_wait`: a short lock
that ends by itself, never a window-long lockout. What succeeded is given back (`Ticket.refund`) or its
key forgotten (`forget`), so honest use does not count against the people sharing an address.

The counts live in the database (table login_attempts), so they hold across worker processes and
restarts with no other service to run; the rows are pruned as they age.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from math import ceil

from sqlalchemy import delete, func, select, text

from toolbox.extensions import begin_write, db

from .models import LoginAttempt, utcnow

KEEP = timedelta(days=1)  # longer than any rule's window


@dataclass(frozen=True)
class Rule:
    """How many attempts pass freely in a window, and the doubling wait after them."""

    free: int
    window: timedelta = timedelta(minutes=15)
    first_wait: float = 1.0
    longest_wait: float = 300.0

    def wait(self, attempts: int) -> float:
        """Seconds between the last of `attempts` recent attempts and the next one admitted."""
        if attempts < self.free:
            return 0.0
        return min(self.first_wait * 2 ** min(attempts - self.free, 32), self.longest_wait)


class Limited(Exception):
    """Too many attempts lately: the next one is admitted in `retry_after` seconds."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = max(1, ceil(retry_after))
        super().__init__(f"retry in {self.retry_after} s")

    def message(self, what: str = "Too many attempts") -> str:
        """'Too many attempts. Please wait 2 minutes and try again.'"""
        return f"{what}. Please wait {wait_text(self.retry_after)} and try again."


def wait_text(seconds: int) -> str:
    """12 → '12 seconds', 150 → '3 minutes'."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


@dataclass
class Ticket:
    """The attempts `admit` recorded: kept as failures unless given back."""

    ids: list[int]

    def refund(self) -> None:
        """The attempt succeeded: it no longer counts (not committed)."""
        if self.ids:
            begin_write()
            db.session.execute(delete(LoginAttempt).where(LoginAttempt.id.in_(self.ids)))
            self.ids = []


def _lock(keys: Sequence[str]) -> None:
    begin_write()  # on SQLite the write lock already orders every writer
    if db.session.get_bind().dialect.name == "postgresql":
        for key in sorted(set(keys)):  # always in one order, so two requests never wait for each other
            db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})


def _waiting(checks: Sequence[tuple[str, Rule]]) -> float:
    now, longest = utcnow(), 0.0
    for key, rule in checks:
        count, last = db.session.execute(
            select(func.count(), func.max(LoginAttempt.at)).where(LoginAttempt.key == key, LoginAttempt.at > now - rule.window)
        ).one()
        if count and last is not None:
            longest = max(longest, rule.wait(count) - (now - last).total_seconds())
    return longest


def check(checks: Sequence[tuple[str, Rule]]) -> None:
    """Raise Limited if an attempt under these keys must wait; records nothing."""
    left = _waiting(checks)
    if left > 0:
        raise Limited(left)


def admit(checks: Sequence[tuple[str, Rule]]) -> Ticket:
    """Record an attempt under every key and return it, or raise Limited (nothing recorded).

    Atomic: the keys are locked first, so of many parallel attempts only as many as the rules allow get
    through. Commit right after, before the work the attempt is for.
    """
    _lock([key for key, _ in checks])
    check(checks)
    now = utcnow()
    rows = [LoginAttempt(key=key, at=now) for key, _ in checks]
    db.session.add_all(rows)
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - KEEP))
    db.session.flush()
    return Ticket([r.id for r in rows])


def record(checks: Sequence[tuple[str, Rule]]) -> None:
    """Record a failed attempt that was not admitted first (not committed)."""
    begin_write()
    db.session.add_all(LoginAttempt(key=key, at=utcnow()) for key, _ in checks)


def forget(key: str) -> None:
    """Drop every attempt under `key`: its owner proved who they are (not committed)."""
    begin_write()
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.key == key))
