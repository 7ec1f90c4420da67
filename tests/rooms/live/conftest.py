"""Factories for live rooms on the bundled content: a facilitator, a room of any guide, phones."""

from __future__ import annotations

import re

import pytest

from toolbox.extensions import db
from toolbox.rooms.models import Room


@pytest.fixture
def app(real_app):
    """These tests run the real activity guides."""
    return real_app


class LiveRoom:
    """A room opened by the facilitator (`host`: their client), with helpers to post as them and to read the room back."""

    def __init__(self, app, host, activity: str) -> None:
        self.app, self.host = app, host
        response = host.post(f"/activities/{activity}/run")
        assert response.status_code == 302, response.get_data(as_text=True)
        self.id = int(response.headers["Location"].rsplit("/", 1)[1])
        with app.app_context():
            self.code = db.session.get(Room, self.id).code

    def move(self, name: str = "next", expect: int = 200):
        response = self.host.post(f"/rooms/{self.id}/moves", data={"move": name}, headers={"HX-Request": "true"})
        assert response.status_code == expect, response.get_data(as_text=True)[:2000]
        return response

    def act(self, action: str, expect: int = 200, **data):
        response = self.host.post(f"/rooms/{self.id}/{action}", data=data, headers={"HX-Request": "true"})
        assert response.status_code == expect, response.get_data(as_text=True)[:2000]
        return response

    def join(self, name: str, **attributes):
        phone = self.app.test_client()
        response = phone.post(f"/r/{self.code}/join", data={"name": name, **attributes})
        assert response.status_code == 302, response.get_data(as_text=True)
        return Phone(phone, self.code, name)

    def room(self) -> Room:
        with self.app.app_context():
            room = db.session.get(Room, self.id)
            db.session.expunge(room)
            return room

    def page(self, view: str = "console") -> str:
        url = f"/rooms/{self.id}" + ("/projector" if view == "projector" else "")
        return self.host.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)


class Phone:
    def __init__(self, client, code: str, name: str) -> None:
        self.client, self.code, self.name = client, code, name

    def page(self) -> str:
        return self.client.get(f"/r/{self.code}", headers={"HX-Request": "true"}).get_data(as_text=True)

    def act(self, action: str, expect: int = 200, **data):
        response = self.client.post(f"/r/{self.code}/{action}", data=data, headers={"HX-Request": "true"})
        assert response.status_code == expect, response.get_data(as_text=True)[:2000]
        return response

    def id(self) -> int:
        html = self.page()
        return int(re.search(r'data-participant="(\d+)"', html).group(1))


@pytest.fixture
def live(app, facilitator):
    """Open a room for a guide of the bundled content: live('module-1/3-migration-cycle-world-cafe')."""
    return lambda activity: LiveRoom(app, facilitator, activity)
