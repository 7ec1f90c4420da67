"""Factories for rooms: a dot-voting room opened by the `facilitator` (from tests/conftest.py), participants with their own browsers."""

from __future__ import annotations

import re

import pytest

from toolbox.extensions import db
from toolbox.rooms.models import Room


@pytest.fixture
def open_room(app, facilitator):
    """Open a room for the fixture dot vote (demo/1-vote); returns (room id, code)."""

    def _open(activity: str = "demo/1-vote") -> tuple[int, str]:
        response = facilitator.post(f"/activities/{activity}/run")
        assert response.status_code == 302, response.get_data(as_text=True)
        room_id = int(response.headers["Location"].rsplit("/", 1)[1])
        with app.app_context():
            return room_id, db.session.get(Room, room_id).code

    return _open


@pytest.fixture
def room(open_room):
    return open_room()


@pytest.fixture
def join(app):
    """A new participant's browser that joined the room under `name`."""

    def _join(code: str, name: str = "Ana"):
        phone = app.test_client()
        response = phone.post(f"/r/{code}/join", data={"name": name})
        assert response.status_code == 302, response.get_data(as_text=True)
        return phone

    return _join


def version(html: str) -> str:
    """The version a fragment polls with: the room's, or 'stage.own' on a phone."""
    return re.search(r"[?&]v=([\d.]+)", html).group(1)


def vote(phone, code: str, ballot: int, option: int, count: int, htmx: bool = True):
    headers = {"HX-Request": "true"} if htmx else {}
    return phone.post(f"/r/{code}/dots", data={"ballot": ballot, "option": option, "count": count}, headers=headers)
