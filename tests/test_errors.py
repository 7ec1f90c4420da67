"""Error pages: a database that is out of reach or busy is a retryable 503, never a 500."""

from __future__ import annotations

import logging

from sqlalchemy.exc import OperationalError


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
