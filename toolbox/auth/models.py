"""Users and login attempts."""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime
from functools import cache

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from toolbox.extensions import db

ROLES = ("learner", "facilitator", "author", "admin")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class User(UserMixin, db.Model):
    """An account. Roles are ranked: each role can do what the ones before it can."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="learner")
    # Bumped on logout-everywhere and password change: sessions carrying an older epoch stop working.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH"])

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """What a session and a remember-me cookie carry: id, session epoch and when the user logged in."""
        return f"{self.id}:{self.session_epoch}:{int(time.time())}"

    def can(self, role: str) -> bool:
        """True when this user's role ranks at least as high as `role`."""
        return ROLES.index(self.role) >= ROLES.index(role)


@cache
def _hash_of_nobody(method: str) -> str:
    """A hash of a random secret with `method`, made once per method: what an unknown email is checked against."""
    return generate_password_hash(secrets.token_urlsafe(24), method=method)


def check_nobodys_password(password: str) -> None:
    """Spend on an unknown email the hash work a known one costs, so a login's time does not tell whether an account exists."""
    check_password_hash(_hash_of_nobody(current_app.config["PASSWORD_HASH"]), password)


class LoginAttempt(db.Model):
    """A failed login, kept a short while to slow down password guessing (per account and per address)."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
