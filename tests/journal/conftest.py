"""Journal fixtures: a logged-in learner."""

from __future__ import annotations

import pytest


@pytest.fixture
def learner(client, make_user, login):
    """The test client, logged in as a learner; returns the learner's id."""
    uid = make_user()
    login()
    return uid
