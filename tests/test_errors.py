"""Error pages: a database that is out of reach or busy is a retryable 503, never a 500."""

from __future__ import annotations

import logging

from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from tests.conftest import postgresql_only
from toolbox.extensions import db


def test_a_database_out_of_reach_is_a_retryable_503(app, caplog):
    @app.get("/_restarting")
    def restarting():
        raise OperationalError("SELECT 1", {}, Exception("terminating connection due to administrator command"))

    with caplog.at_level(logging.WARNING):
        response = app.test_client().get("/_restarting", headers={"HX-Request": "true"})
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    body = response.get_data(as_text=True)
    assert body.startswith('<section id="error"'), "htmx gets the fragment"
    assert "Please try again in 5 seconds." in body and "administrator" not in body, "no driver message shown"
    assert "database unavailable" in caplog.text


@postgresql_only
def test_connections_a_database_restart_closed_are_replaced_before_use(app, client, make_user, login):
    """The app's pooled connection is cut, as a PostgreSQL restart does: the next requests still work."""
    make_user()
    assert login().status_code == 302
    with app.app_context():
        pooled = db.session.execute(text("SELECT pg_backend_pid()")).scalar()  # then back to the pool
        outside = create_engine(db.engine.url, poolclass=NullPool)
    # Only that connection: the test harness's own connection to this database must live on.
    with outside.connect() as admin:
        assert admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pooled}).scalar()
    outside.dispose()
    for _ in range(3):
        assert client.get("/learning/").status_code == 200
