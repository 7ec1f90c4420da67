"""Account logic: creating users, checking passwords with rate limits, ending sessions."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from datetime import timedelta
from functools import cache
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from toolbox.extensions import begin_write, db

from . import limits
from .limits import Limited, Rule, Ticket
from .models import ROLES, User, check_nobodys_password

# Password guessing: per account (whoever tries), and per address for browsers that never logged in to
# that account (a venue's colleagues, whose browsers have, are not slowed by an attacker beside them).
ACCOUNT = Rule(free=5, window=timedelta(hours=1), first_wait=30, longest_wait=15 * 60)
ADDRESS = Rule(free=30, window=timedelta(hours=1), first_wait=5, longest_wait=5 * 60)
PASSWORD_CHECKS = Rule(free=5, window=timedelta(hours=1), first_wait=30, longest_wait=15 * 60)  # a stolen session's guesses
SIGNUP = Rule(free=10, first_wait=10)  # taken emails per address: signing up would otherwise list who has an account


class AccountError(ValueError):
    """A problem the user can fix, with a message to show them."""


class TooManyAttempts(AccountError):
    """Too many failures lately: the user must wait (HTTP 429, Retry-After `retry_after` seconds)."""

    def __init__(self, limited: Limited, what: str) -> None:
        self.retry_after = limited.retry_after
        super().__init__(limited.message(what))


@cache
def _common_passwords() -> frozenset[str]:
    # zxcvbn ships the 30,000 most used passwords found in public leaks; loaded on first use only.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(p.lower() for p in FREQUENCY_LISTS["passwords"])


# zxcvbn's time grows steeply with length (a 32-character string of l33t signs takes over a second, 200 random
# characters close to a minute, all holding the GIL): only the first characters are scored, which keeps the worst
# case about 0.3 s, two scrypt hashes. A password whose start is easy to guess is refused with advice about that start.
SCORED_LENGTH = 16
MIN_SCORE = 3  # zxcvbn: 10^8 guesses or more, "safely unguessable" against an online attack and a slow hash offline
COMMON = "This password is one of the most common ones, so it is guessed first. Choose another: a few unrelated words work well."
_scoring = threading.Lock()  # zxcvbn keeps the personal words of the current check in a module global


def password_problem(password: str, personal: Iterable[str] = ()) -> str | None:
    """Why a new password is too easy to guess (common, repeated, a sequence, the person's own name or email), or None."""
    from zxcvbn import zxcvbn  # its dictionaries load on first use only

    core = password.strip()
    if core.lower() in _common_passwords():
        return COMMON
    # The whole name or email and each part of them ("lea.diallo@example.org": lea, diallo, example).
    words = [w for text in personal if text for w in (text, *re.split(r"[\W_]+", text)) if len(w) >= 3]
    with _scoring:
        result = zxcvbn(core[:SCORED_LENGTH], user_inputs=words)
    if result["score"] >= MIN_SCORE:
        return None
    advice = [result["feedback"]["warning"], *result["feedback"]["suggestions"]]
    if any(m.get("dictionary_name") == "user_inputs" for m in result["sequence"]):
        advice.insert(0, "It contains your name or email address.")  # zxcvbn lowers the score without saying why
    if not any(advice):
        advice = ["Add another word or two: a few unrelated words work well."]
    if len(core) > SCORED_LENGTH:
        advice.append(f"Only the first {SCORED_LENGTH} characters are checked, so make those hard to guess.")
    return " ".join(["This password is too easy to guess.", *(a for a in advice if a)])


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(email: str, name: str, password: str, role: str = "learner") -> User:
    """Add a user (not committed); refuses a taken email or an unknown role."""
    if role not in ROLES:
        raise AccountError(f"Unknown role '{role}': use one of {', '.join(ROLES)}.")
    begin_write()  # before the check, so two sign-ups with one address cannot both pass it
    if find_user(email) is not None:
        raise AccountError("An account with this email address already exists.")
    user = User(email=normalise_email(email), name=name.strip(), role=role)
    user.set_password(password)
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError as exc:  # the same email signed up at the same moment (PostgreSQL)
        raise AccountError("An account with this email address already exists.") from exc
    return user


def login_checks(email: str, address: str, trusted: bool) -> list[tuple[str, Rule]]:
    """The limits a login attempt counts against: the account, and the address unless the browser is `trusted`."""
    checks = [(f"email:{normalise_email(email)}", ACCOUNT)]
    if not trusted:
        checks.append((f"ip:{address}", ADDRESS))
    return checks


def admit_login(email: str, address: str, trusted: bool = False) -> Ticket:
    """Count a login attempt before its password is checked, or raise TooManyAttempts; commit right after."""
    try:
        return limits.admit(login_checks(email, address, trusted))
    except Limited as exc:
        raise TooManyAttempts(exc, "Too many failed attempts") from None


def authenticate(email: str, password: str, ticket: Ticket) -> User | None:
    """The user whose credentials these are (their failures forgotten), or None (the attempt stays a failure)."""
    user = find_user(email)
    if user is None:
        check_nobodys_password(password)  # the same hash work as a wrong password: timing does not reveal accounts
    elif user.check_password(password):
        ticket.refund()
        limits.forget(f"email:{user.email}")
        return user
    return None


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password and end every other session of this user; guesses at the current one are limited.

    The attempt is counted before the check and committed even when it fails (the view commits).
    """
    key = f"password:{user.id}"
    try:
        limits.admit([(key, PASSWORD_CHECKS)])
    except Limited as exc:
        raise TooManyAttempts(exc, "Too many wrong passwords") from None
    if not user.check_password(current):
        raise AccountError("Your current password is not right.")
    limits.forget(key)
    user.set_password(new)
    end_all_sessions(user)


def end_all_sessions(user: User) -> None:
    """Log the user out on every device: sessions and remember-me cookies carry the old epoch (not committed)."""
    begin_write()
    db.session.execute(update(User).where(User.id == user.id).values(session_epoch=User.session_epoch + 1))
    db.session.refresh(user, ["session_epoch"])


def end_everyones_sessions() -> int:
    """Log every user out on every device (not committed); returns how many accounts there are."""
    begin_write()
    return db.session.execute(update(User).values(session_epoch=User.session_epoch + 1)).rowcount


def check_signup(address: str) -> None:
    """Raise TooManyAttempts when this address tried too many taken emails lately."""
    try:
        limits.check([(f"signup:{address}", SIGNUP)])
    except Limited as exc:
        raise TooManyAttempts(exc, "Too many attempts from this network") from None


def record_signup_failure(address: str) -> None:
    """Count a sign-up refused for a taken email (only failures count: a venue may sign up together)."""
    limits.record([(f"signup:{address}", SIGNUP)])


def safe_next(target: str | None, fallback: str) -> str:
    """A redirect target on this site only: a path, never another host or scheme."""
    if not target:
        return fallback
    if any(ch <= " " or ch == "\x7f" for ch in target):
        return fallback  # whitespace or control characters: a header split or a disguised address, never a real link here
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    return target
