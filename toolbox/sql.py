"""Portable INSERT … ON CONFLICT (upserts) for SQLite and PostgreSQL, and rows created once per form key."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from .extensions import db

Row = TypeVar("Row")


def insert(model: Any) -> Any:
    """An INSERT for the session's database that supports `on_conflict_do_nothing/do_update`."""
    if db.session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


def created_by(model: type[Row], key: str | None, **scope: Any) -> Row | None:
    """The row that a form with this key already created within `scope` (its owner, its workshop…), if any."""
    if not key:
        return None
    return db.session.scalar(select(model).filter_by(form_key=key, **scope))


def add_once(row: Row, **scope: Any) -> Row:
    """Add a row that a keyed form creates (look it up first with `created_by`); flushed.

    A unique index on (scope, form_key) stops a copy of the form sent at the same moment on PostgreSQL
    (SQLite's writers queue, so the look-up already saw it): the copy gets the row the first one added.
    """
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        first = created_by(type(row), row.form_key, **scope)
        if first is None:
            raise  # another unique value clashed (a cohort's code): not a copy of this form
        return first
    return row
