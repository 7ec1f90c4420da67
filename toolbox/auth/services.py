"""Account logic: creating users, checking passwords with rate limits, ending sessions."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from datetime import timedelta
from functools import cache
from urllib.parse import urlsplit

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from toolbox.extensions import begin_write, db

from .models import ROLES, LoginAttempt, User, check_nobodys_password, utcnow

WINDOW = timedelta(minutes=15)
MAX_PER_ACCOUNT = 5
MAX_PER_ADDRESS = 30
MAX_PASSWORD_CHECKS = 5  # wrong current passwords per account on the password form: a stolen session cannot guess it
MAX_SIGNUP_FAILURES = 10  # per address: signing up with taken emails would otherwise list who has an account


class AccountError(ValueError):
    """A problem the user can fix, with a message to show them."""


class TooManyAttempts(AccountError):
    """Too many failures lately: the user must wait (HTTP 429)."""


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


def _recent_failures(key: str) -> int:
    return db.session.scalar(select(func.count()).where(LoginAttempt.key == key, LoginAttempt.at > utcnow() - WINDOW)) or 0


def too_many_failures(key: str, limit: int) -> bool:
    """True when `key` (an account, an address, a join attempt…) failed `limit` times in the window."""
    return _recent_failures(key) >= limit


def record_failure(key: str) -> None:
    """Remember a failed attempt for rate limiting (old ones are dropped); commit it even when the request fails."""
    begin_write()
    db.session.add(LoginAttempt(key=key))
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.at < utcnow() - WINDOW))


def is_rate_limited(email: str, address: str) -> bool:
    """True when this account or this address failed too often recently."""
    return _recent_failures(f"email:{normalise_email(email)}") >= MAX_PER_ACCOUNT or _recent_failures(f"ip:{address}") >= MAX_PER_ADDRESS


def authenticate(email: str, password: str, address: str) -> User | None:
    """The user whose credentials these are, or None (and the failure is recorded)."""
    user = find_user(email)
    if user is None:
        check_nobodys_password(password)  # the same hash work as a wrong password: timing does not reveal accounts
    elif user.check_password(password):
        begin_write()
        db.session.execute(delete(LoginAttempt).where(LoginAttempt.key == f"email:{user.email}"))
        return user
    record_failure(f"email:{normalise_email(email)}")
    record_failure(f"ip:{address}")
    return None


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password and end every other session of this user; wrong current passwords are rate-limited."""
    key = f"password:{user.id}"
    if too_many_failures(key, MAX_PASSWORD_CHECKS):
        raise TooManyAttempts("Too many wrong passwords. Please wait 15 minutes and try again.")
    if not user.check_password(current):
        record_failure(key)
        raise AccountError("Your current password is not right.")
    begin_write()
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.key == key))
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


def signup_limited(address: str) -> bool:
    """True when this address tried too many taken emails lately."""
    return too_many_failures(f"signup:{address}", MAX_SIGNUP_FAILURES)


def record_signup_failure(address: str) -> None:
    record_failure(f"signup:{address}")


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
