"""Joining a room: a whole venue behind one address gets in; caps and join rates stop a flood, clearly."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from toolbox.auth import limits
from toolbox.auth.models import utcnow
from toolbox.extensions import db
from toolbox.rooms.models import Participant, Room
from toolbox.rooms.views import WRONG_CODES


def joined(app, room_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).where(Participant.room_id == room_id))


def open_in(app, make_user, login) -> tuple[int, str]:
    """A dot-voting room opened by a facilitator in an app made with other settings: (id, code)."""
    make_user("fac@example.org", "facilitator")
    fac = app.test_client()
    login("fac@example.org", c=fac)
    room_id = int(fac.post("/activities/demo/1-vote/run").headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        return room_id, db.session.get(Room, room_id).code


def test_a_venue_of_a_hundred_phones_behind_one_address_joins_despite_typos(app, room):
    room_id, code = room
    for i in range(WRONG_CODES.free - 1):  # a typo each from most of the room's neighbours
        assert app.test_client().post("/join", data={"code": f"Q{i:04d}"}).status_code == 404
    for i in range(100):
        phone = app.test_client()
        assert phone.post("/join", data={"code": code.lower()}).status_code == 302
        assert phone.post(f"/r/{code}/join", data={"name": f"Phone {i}"}).status_code == 302
    assert joined(app, room_id) == 100


def test_a_full_room_says_so_and_keeps_its_people(make_app, make_user, login):
    app = make_app(ROOM_MAX_PARTICIPANTS=2)
    room_id, code = open_in(app, make_user, login)
    first = app.test_client()
    assert first.post(f"/r/{code}/join", data={"name": "Ana"}).status_code == 302
    assert app.test_client().post(f"/r/{code}/join", data={"name": "Bea"}).status_code == 302
    late = app.test_client().post(f"/r/{code}/join", data={"name": "Carl"})
    page = late.get_data(as_text=True)
    assert late.status_code == 409 and "This room is full" in page and "already has 2 participants" in page
    assert 'name="name"' not in page, "no join form to fill in for nothing"
    assert joined(app, room_id) == 2
    assert first.get(f"/r/{code}").status_code == 200, "those inside carry on"


def test_joins_past_the_rate_of_a_room_wait_a_moment(make_app, make_user, login, monkeypatch):
    app = make_app(ROOM_JOINS_PER_MINUTE=3)
    room_id, code = open_in(app, make_user, login)
    for name in ("Ana", "Bea", "Carl"):
        assert app.test_client().post(f"/r/{code}/join", data={"name": name}).status_code == 302
    phone = app.test_client()
    response = phone.post(f"/r/{code}/join", data={"name": "Dina"})
    assert response.status_code == 429 and response.headers["Retry-After"] == "1"
    assert "Many people are joining right now. Please wait 1 second and try again." in response.get_data(as_text=True)
    monkeypatch.setattr(limits, "utcnow", lambda: utcnow() + timedelta(seconds=2))
    assert phone.post(f"/r/{code}/join", data={"name": "Dina"}).status_code == 302
    assert joined(app, room_id) == 4


def test_one_browser_cannot_join_a_room_over_and_over(app, room):
    room_id, code = room
    browser = app.test_client()
    for i in range(5):
        assert browser.post(f"/r/{code}/join", data={"name": f"Sock {i}"}).status_code == 302
    response = browser.post(f"/r/{code}/join", data={"name": "Sock 5"})
    assert response.status_code == 429 and "Please wait 30 seconds" in response.get_data(as_text=True)
    assert joined(app, room_id) == 5
    assert app.test_client().post(f"/r/{code}/join", data={"name": "Someone else"}).status_code == 302
