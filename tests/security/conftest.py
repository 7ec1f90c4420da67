"""The world of the security tests: every kind of user, and fresh rooms and cohorts to act on."""

from __future__ import annotations

import pytest

from tests.security.endpoints import World


@pytest.fixture
def world(app) -> World:
    return World(app)
