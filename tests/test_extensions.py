"""The write guard: on SQLite, a request that changes data without begin_write() is caught."""

from __future__ import annotations

import logging

from tests.conftest import sqlite_only
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
