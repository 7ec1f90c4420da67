"""Portable INSERT … ON CONFLICT (upserts) for SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite

from .extensions import db


def insert(model: Any) -> Any:
    """An INSERT for the session's database that supports `on_conflict_do_nothing/do_update`."""
    if db.session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)
