"""Flask extensions, created once and bound in create_app."""

import logging
import os
import threading
import time

try:
    import fcntl
except ImportError:  # Windows: one process serves there, and SQLite's busy timeout queues writers
    fcntl = None  # type: ignore[assignment]

from flask import has_request_context
from flask_htmx import HTMX
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import Pool


class Base(DeclarativeBase):
    # Named constraints let Alembic alter tables the same way on SQLite and PostgreSQL.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


# Objects stay usable after the commit that ends a change, so the response renders without reloading them.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
csrf = CSRFProtect()
htmx = HTMX()
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please log in to see this page."
login_manager.login_message_category = "info"


def _is_sqlite(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL and a busy timeout so concurrent writers wait instead of failing with 'database is locked'."""
    if _is_sqlite(dbapi_connection):
        # We emit BEGIN ourselves (below): the driver's own implicit transactions cannot be IMMEDIATE.
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=10000")
        # With WAL, NORMAL still survives a crash of the app or a kill -9; only a power cut can lose the
        # last commits. It makes each commit far cheaper than FULL.
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()


# SQLite allows one writer at a time. Writers queue on locks that wake the next one at once, instead of
# on SQLite's busy handler, which sleeps in growing steps (up to 100 ms) and left workers idle under load:
# threads of this process on a lock, then processes on an advisory lock of a file beside the database
# (`<database>.writelock`; the kernel frees it if a process dies). The busy timeout stays as a backstop.
_write_lock = threading.Lock()


class DatabaseBusy(Exception):
    """A write could not start within WRITE_WAIT_SECONDS: answered as a retryable 503, never a 500."""


WRITE_WAIT_SECONDS = 30


def _lock_file(conn) -> int | None:
    """A new descriptor of the database's lock file (None: in memory, or no flock on this OS).

    Opened for each write and closed after it: a descriptor kept open would be shared with a forked child
    (and its lock with it), and one per database would pile up in a process that opens many.
    """
    path = conn.engine.url.database
    if fcntl is None or not path or path == ":memory:" or path.startswith("file:"):
        return None
    return os.open(path + ".writelock", os.O_RDWR | os.O_CREAT, 0o600)


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn) -> None:
    """Writers start with BEGIN IMMEDIATE, so they queue instead of failing on a lock upgrade."""
    if conn.dialect.name != "sqlite":
        return
    if conn.get_execution_options().get("write"):
        deadline = time.monotonic() + WRITE_WAIT_SECONDS
        if not _write_lock.acquire(timeout=WRITE_WAIT_SECONDS):
            raise DatabaseBusy("the database stayed busy too long")
        conn.info["toolbox_write_lock"] = True
        try:
            fd = _lock_file(conn)
            if fd is not None:
                conn.info["toolbox_file_lock"] = fd
                _flock(fd, deadline)
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _release(conn.info)
            raise
    else:
        conn.exec_driver_sql("BEGIN")


def _flock(fd: int, deadline: float) -> None:
    """Take the lock file's lock for this process, or raise DatabaseBusy at the deadline.

    A blocking flock cannot time out, and a writer stuck behind another process must get its clear
    "try again" rather than wait forever; the waits back off to a few milliseconds.
    """
    pause = 0.0005
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise DatabaseBusy("another process kept the database busy too long") from None
            time.sleep(pause)
            pause = min(pause * 2, 0.005)


def _release(info: dict) -> None:
    fd = info.pop("toolbox_file_lock", None)
    if fd is not None:
        os.close(fd)  # closing the last descriptor of the open file releases its lock
    if info.pop("toolbox_write_lock", False):
        _write_lock.release()


@event.listens_for(Engine, "commit")
def _sqlite_commit(conn) -> None:
    """Commit, then let the next writer in (this event comes before SQLAlchemy's own commit)."""
    if "toolbox_write_lock" not in conn.info:
        return
    try:
        # In the driver's autocommit mode (set above) the commit SQLAlchemy sends next is then a no-op.
        conn.connection.dbapi_connection.commit()
    finally:
        _release(conn.info)


@event.listens_for(Engine, "rollback")
def _sqlite_end(conn) -> None:
    _release(conn.info)


@event.listens_for(Pool, "reset")
def _pool_reset(_dbapi_connection, record, _reset_state) -> None:
    """A connection handed back without commit or rollback must not keep the write lock."""
    _release(record.info)


_DML = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class WriteOutsideBeginWrite(RuntimeError):
    """A change on SQLite in a transaction that began as a read: under load it fails with "database is locked"."""


def guard_writes(engine: Engine, strict: bool) -> None:
    """Catch changes made without begin_write() on SQLite: in tests a request making one fails, otherwise it is logged.

    Such a change works while the database is quiet, and fails as soon as another writer committed
    since the transaction's first read, which is exactly when a room is busy. (Tests' own set-up code,
    outside requests, may write directly.)
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "before_cursor_execute")
    def _check(conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        if statement.lstrip()[:7].upper().startswith(_DML) and not conn.info.get("toolbox_write_lock"):
            message = f"a change outside begin_write(): {' '.join(statement.split(None, 3)[:3])}"
            if not strict:
                logging.getLogger("toolbox.db").error(message)
            elif has_request_context():
                raise WriteOutsideBeginWrite(message)


def begin_write() -> None:
    """Start this request's write transaction; call it before the first change.

    A read transaction cannot safely turn into a write one on SQLite (a stale snapshot fails at once
    instead of waiting), so any reads of this request so far are ended first.
    """
    session = db.session()
    if session.in_transaction():
        if session.connection().get_execution_options().get("write"):
            return
        if session.new or session.dirty or session.deleted:
            raise RuntimeError("begin_write() must come before the first change of the request")
        session.rollback()
    session.connection(execution_options={"write": True})
