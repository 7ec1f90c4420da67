"""Factories for workshops: the fixture content plus a guide run on paper and a draft guide, a planned workshop."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from toolbox.content.scaffold import new_activity
from toolbox.extensions import db
from toolbox.rooms.models import Room
from toolbox.workshops.models import ProgrammeItem

VOTE = "demo/1-vote"  # dot voting, 15–20 minutes
PAPER = "demo/2-paper"  # no live room (method: none)
DRAFT = "demo/3-draft"


@pytest.fixture
def planner_content(content_dir: Path) -> Path:
    """The fixture tree with a published guide run on paper and a draft guide."""
    paper = new_activity(content_dir, "demo", "2-paper", "none", "Paper exercise")
    paper.write_text(paper.read_text().replace("status: draft", "status: published"))
    new_activity(content_dir, "demo", "3-draft", "dot-voting", "Draft vote")
    return content_dir


@pytest.fixture
def app(make_app, planner_content: Path):
    return make_app(CONTENT_DIR=str(planner_content))


def created_id(response) -> int:
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(re.search(r"/workshops/(\d+)", response.headers["Location"]).group(1))


WORKSHOP = {"title": "Factoring migration into planning", "place": "Port Louis", "starts_on": "2026-06-12", "ends_on": "2026-06-13"}
SESSION = {"title": "2.1 South-South mobility", "day": "2026-06-12", "starts_at": "09:00", "ends_at": "10:30"}


@pytest.fixture
def plan(facilitator):
    """Plan a workshop through the pages as the `facilitator`; returns helpers that add sessions and items."""

    class Plan:
        def __init__(self, **fields) -> None:
            self.client = facilitator
            self.id = created_id(facilitator.post("/workshops/new", data={**WORKSHOP, "timezone": "UTC", **fields}))

        def session(self, **fields) -> int:
            data = {**SESSION, "facilitator": "Amina", "rapporteur": "Guillaume", **fields}
            response = self.client.post(f"/workshops/{self.id}/sessions/new", data=data)
            assert response.status_code == 303, response.get_data(as_text=True)
            return int(response.headers["Location"].rsplit("#session-", 1)[1])

        def activity(self, session_id: int, key: str = VOTE) -> int:
            response = self.client.post(f"/workshops/{self.id}/sessions/{session_id}/items", data={"activity": key})
            assert response.status_code == 303, response.get_data(as_text=True)
            return self.last_item(session_id)

        def free(self, session_id: int, title: str = "Coffee break", minutes: str = "15") -> int:
            response = self.client.post(f"/workshops/{self.id}/sessions/{session_id}/items/free", data={"title": title, "minutes": minutes})
            assert response.status_code == 303, response.get_data(as_text=True)
            return self.last_item(session_id)

        def last_item(self, session_id: int) -> int:
            with self.client.application.app_context():
                items = db.session.query(ProgrammeItem).filter_by(session_id=session_id).order_by(ProgrammeItem.position).all()
                return items[-1].id

        def page(self, path: str = "", status: int = 200) -> str:
            response = self.client.get(f"/workshops/{self.id}{path}")
            assert response.status_code == status, (path, response.status_code)
            return response.get_data(as_text=True)

        def open_room(self, item_id: int) -> tuple[int, str]:
            response = self.client.post(f"/workshops/{self.id}/items/{item_id}/room")
            assert response.status_code == 303 and "/rooms/" in response.headers["Location"], response.headers.get("Location")
            room_id = int(response.headers["Location"].rsplit("/", 1)[1])
            with self.client.application.app_context():
                return room_id, db.session.get(Room, room_id).code

    return Plan


def item_titles(html: str) -> list[str]:
    """The items of the programme page, in order."""
    return [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(r'<span class="item-title">(.*?)</span>', html, re.S)]
