"""Rooms run by more than one facilitator: the owner adds co-facilitators by email, and removes them."""

from __future__ import annotations

import pytest


@pytest.fixture
def team(room, as_user, facilitator):
    """The room of the `facilitator` (Fatou), and clients of another facilitator (Ines) and a learner."""
    _, ines = as_user("ines@example.org", "facilitator", "Ines")
    _, learner = as_user("lea@example.org")
    return room[0], facilitator, ines, learner


def add(client, room_id: int, email: str):
    return client.post(f"/rooms/{room_id}/facilitators", data={"op": "add", "email": email}, headers={"HX-Request": "true"})


def test_a_co_facilitator_added_by_email_runs_the_room_until_removed(app, team):
    room_id, fatou, ines, _ = team
    assert ines.get(f"/rooms/{room_id}").status_code == 403
    page = add(fatou, room_id, " INES@example.org ").get_data(as_text=True)
    assert "Ines" in page and "ines@example.org" in page
    for path in ("", "/projector"):
        assert ines.get(f"/rooms/{room_id}{path}").status_code == 200
    assert ines.post(f"/rooms/{room_id}/moves", data={"move": "open"}).status_code == 302, "they run every step"
    assert f"/rooms/{room_id}" in ines.get("/rooms/").get_data(as_text=True), "the room is in their sessions"
    assert ines.post(f"/rooms/{room_id}/facilitators", data={"op": "add", "email": "lea@example.org"}).status_code == 403, (
        "only the owner (and admins) choose who runs the room"
    )
    with app.app_context():
        from toolbox.auth.models import User
        from toolbox.extensions import db

        ines_id = db.session.scalar(db.select(User.id).where(User.email == "ines@example.org"))
    page = fatou.post(f"/rooms/{room_id}/facilitators", data={"op": "remove", "user_id": ines_id}, headers={"HX-Request": "true"})
    assert page.status_code == 200 and "ines@example.org" not in page.get_data(as_text=True)
    assert ines.get(f"/rooms/{room_id}").status_code == 403


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"op": "add", "email": "lea@example.org"}, "No facilitator has an account with the email address lea@example.org"),
        ({"op": "add", "email": "nobody@example.org"}, "No facilitator has an account with the email address nobody@example.org"),
        ({"op": "add", "email": "fac@example.org"}, "Fatou Facilitator opened this room: they run it already."),
        ({"op": "add", "email": ""}, "Type the email address of the facilitator who runs the room with you."),
        ({"op": "remove", "user_id": "999"}, "That person does not run this room."),
        ({"op": "promote", "email": "ines@example.org"}, "Not one of the allowed values."),
    ],
)
def test_bad_requests_are_a_clear_422_and_change_nothing(team, data, message):
    room_id, fatou, ines, _ = team
    response = fatou.post(f"/rooms/{room_id}/facilitators", data=data, headers={"HX-Request": "true"})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert ines.get(f"/rooms/{room_id}").status_code == 403


def test_adding_someone_twice_keeps_one(team):
    room_id, fatou, _, _ = team
    add(fatou, room_id, "ines@example.org")
    page = add(fatou, room_id, "ines@example.org").get_data(as_text=True)
    assert page.count("ines@example.org") == 1
