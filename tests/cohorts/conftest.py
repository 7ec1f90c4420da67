"""Cohort fixtures: a facilitator's client, learners with their own clients, a cohort with members."""

from __future__ import annotations

import pytest

from toolbox.cohorts import services
from toolbox.cohorts.models import Cohort
from toolbox.extensions import db


@pytest.fixture
def as_user(app, make_user, login):
    """A new user with a role, and a test client logged in as them: (user id, client)."""

    def _as(email: str, role: str = "learner", name: str | None = None):
        uid = make_user(email, role, name or email.split("@")[0].title())
        client = app.test_client()
        assert login(email, c=client).status_code == 302
        return uid, client

    return _as


@pytest.fixture
def cohort(app, as_user):
    """A cohort run by fatou@ with learners ana@ and ben@ in it: returns (cohort id, code)."""
    fid, _ = as_user("fatou@example.org", "facilitator")
    with app.app_context():
        from toolbox.auth.models import User

        c = services.create_cohort(db.session.get(User, fid), "Naga City workshop")
        db.session.commit()
        cid, code = c.id, c.code
    for email in ("ana@example.org", "ben@example.org"):
        _, client = as_user(email)
        assert client.post("/cohorts/join", data={"code": code}).status_code == 303
    return cid, code


@pytest.fixture
def login_as(app, login):
    """A fresh client logged in as an existing user."""

    def _login(email: str):
        client = app.test_client()
        assert login(email, c=client).status_code == 302
        return client

    return _login


def cohort_code(app, cid: int) -> str:
    with app.app_context():
        return db.session.get(Cohort, cid).code
