"""The write guard: on SQLite, a request that changes data without begin_write() is caught."""

from __future__ import annotations

import fcntl
import logging
import os
import subprocess
import sys
import threading

import pytest

from tests.conftest import sqlite_only
from toolbox import extensions
from toolbox.auth.models import LoginAttempt
from toolbox.extensions import WriteOutsideBeginWrite, begin_write, db

pytestmark = sqlite_only


def add_routes(app):
    @app.post("/_careless")
    def careless():
        db.session.scalar(db.select(LoginAttempt.id))  # a read first: the transaction is not a write one
        db.session.add(LoginAttempt(key="k"))
        db.session.commit()
        return "stored"

    @app.post("/_careful")
    def careful():
        begin_write()
        db.session.add(LoginAttempt(key="k"))
        db.session.commit()
        return "stored"


def test_in_tests_a_change_outside_begin_write_fails_the_request(make_app, caplog):
    app = make_app()
    add_routes(app)
    client = app.test_client()
    with caplog.at_level(logging.ERROR):
        assert client.post("/_careless").status_code == 500
    assert any(isinstance(r.exc_info[1], WriteOutsideBeginWrite) for r in caplog.records if r.exc_info)
    assert "INSERT INTO login_attempts" in caplog.text
    assert client.post("/_careful").get_data(as_text=True) == "stored"


def test_in_production_it_is_logged_and_the_change_still_made(make_app, caplog):
    app = make_app(TESTING=False)
    add_routes(app)
    with caplog.at_level(logging.ERROR, logger="toolbox.db"):
        assert app.test_client().post("/_careless").get_data(as_text=True) == "stored"
    assert "a change outside begin_write(): INSERT INTO login_attempts" in caplog.text


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files through /proc (Linux)")
def test_writers_take_the_lock_file_and_leave_no_descriptor_open(make_app):
    app = make_app()
    add_routes(app)
    client = app.test_client()
    client.post("/_careful")  # the pool's connection is open from here on
    before = open_descriptors()
    for _ in range(20):
        assert client.post("/_careful").get_data(as_text=True) == "stored"
    assert open_descriptors() == before
    with app.app_context():
        assert os.path.exists(db.engine.url.database + ".writelock")


def test_a_writer_of_another_process_waits_for_the_lock_file(make_app):
    """While another process holds `<database>.writelock`, a write here waits, then goes through."""
    app = make_app()
    add_routes(app)
    with app.app_context():
        path = db.engine.url.database + ".writelock"
    with subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import fcntl, os, sys, time; fd = os.open({path!r}, os.O_RDWR | os.O_CREAT); fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(1)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdout.readline().strip() == "held"
        result: list[str] = []
        writer = threading.Thread(target=lambda: result.append(app.test_client().post("/_careful").get_data(as_text=True)))
        writer.start()
        writer.join(0.3)
        assert writer.is_alive() and not result, "the write waits while the other process holds the lock"
        holder.wait(10)
        writer.join(10)
    assert result == ["stored"]


def busy_answer(response) -> str:
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    return response.get_data(as_text=True)


def test_a_write_that_cannot_get_the_lock_in_time_is_a_retryable_503(make_app, monkeypatch):
    """Another request of this process holds the write lock too long: a clear 'try again', nothing stored."""
    app = make_app()
    add_routes(app)
    monkeypatch.setattr(extensions, "WRITE_WAIT_SECONDS", 0.05)
    client = app.test_client()
    with extensions._write_lock:
        body = busy_answer(client.post("/_careful"))
    assert "The server is busy for a moment" in body and "Nothing from this request was saved" in body
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(LoginAttempt.id))) == 0
    assert client.post("/_careful").get_data(as_text=True) == "stored", "the retry goes through"


def test_a_writer_behind_another_process_too_long_is_a_retryable_503(make_app, monkeypatch):
    """The lock file held by another open file (as another process would) past the wait: 503, not a hang."""
    app = make_app()
    add_routes(app)
    monkeypatch.setattr(extensions, "WRITE_WAIT_SECONDS", 0.05)
    with app.app_context():
        path = db.engine.url.database + ".writelock"
    holder = os.open(path, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)  # locks belong to the open file, so this one excludes the app's own
        busy_answer(app.test_client().post("/_careful"))
    finally:
        os.close(holder)
    assert not extensions._write_lock.locked(), "the thread lock was let go with the failed write"
    assert app.test_client().post("/_careful").get_data(as_text=True) == "stored"
