"""Quiz fixtures: the tokens of the demo lesson's forms (the logged-in `learner` comes from tests/conftest.py)."""

from __future__ import annotations

import re

import pytest

TOPIC = "/modules/demo/first-topic"


@pytest.fixture
def attempt_token():
    """The attempt token in the quiz form of the demo lesson, as a client sees it."""

    def _token(client) -> str:
        return re.search(r'name="attempt" value="([^"]+)"', client.get(TOPIC).get_data(as_text=True))[1]

    return _token
