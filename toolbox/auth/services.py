"""Account logic: creating users, checking passwords with rate limits, ending sessions."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import delete, func, select

from toolbox.extensions import begin_write, db

from .models import ROLES, LoginAttempt, User, utcnow

WINDOW = timedelta(minutes=15)
MAX_PER_ACCOUNT = 5
MAX_PER_ADDRESS = 30


class AccountError(ValueError):
    """A problem the user can fix, with a message to show them."""


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
    db.session.add(user)
    db.session.flush()
    return user


def _recent_failures(key: str) -> int:
    return db.session.scalar(select(func.count()).where(LoginAttempt.key == key, LoginAttempt.at > utcnow() - WINDOW)) or 0


def too_many_failures(key: str, limit: int) -> bool:
    """True when `key` (an account, an address, a join attempt…) failed `limit` times in the window."""
    return _recent_failures(key) >= limit


def record_failure(key: str) -> None:
    """Remember a failed attempt for rate limiting (old ones are dropped)."""
    begin_write()
    db.session.add(LoginAttempt(key=key))
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.at < utcnow() - WINDOW))


def is_rate_limited(email: str, address: str) -> bool:
    """True when this account or this address failed too often recently."""
    return _recent_failures(f"email:{normalise_email(email)}") >= MAX_PER_ACCOUNT or _recent_failures(f"ip:{address}") >= MAX_PER_ADDRESS


def authenticate(email: str, password: str, address: str) -> User | None:
    """The user whose credentials these are, or None (and the failure is recorded)."""
    user = find_user(email)
    if user is not None and user.check_password(password):
        begin_write()
        db.session.execute(delete(LoginAttempt).where(LoginAttempt.key == f"email:{user.email}"))
        return user
    record_failure(f"email:{normalise_email(email)}")
    record_failure(f"ip:{address}")
    return None


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password and end every other session of this user."""
    if not user.check_password(current):
        raise AccountError("Your current password is not right.")
    begin_write()
    user.set_password(new)
    user.session_epoch += 1


def end_all_sessions(user: User) -> None:
    """Log the user out on every device."""
    begin_write()
    user.session_epoch += 1


def safe_next(target: str | None, fallback: str) -> str:
    """A redirect target on this site only: a path, never another host or scheme."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    return target
