"""Cohort fixtures: a cohort with members (`as_user` and `login_as` come from tests/conftest.py)."""

from __future__ import annotations

import pytest

from toolbox.cohorts import services
from toolbox.cohorts.models import Cohort
from toolbox.extensions import db


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


def cohort_code(app, cid: int) -> str:
    with app.app_context():
        return db.session.get(Cohort, cid).code
