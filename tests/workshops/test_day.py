"""On the day: opening each activity's room from the programme, and whether the day runs late (fixed clocks)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tests.workshops.conftest import PAPER, VOTE, WORKSHOP
from toolbox.catalog import catalog
from toolbox.extensions import db
from toolbox.rooms.models import Room
from toolbox.workshops import services
from toolbox.workshops.models import ProgrammeItem, Workshop


def today_plan(plan, **fields):
    """A one-day workshop today (UTC), so rooms opened now count for its sessions."""
    today = datetime.now(UTC).date().isoformat()
    return plan(starts_on=today, ends_on=today, **fields), today


def test_open_the_room_from_the_programme(plan):
    p, today = today_plan(plan)
    s = p.session(day=today)
    vote = p.activity(s, VOTE)
    html = p.page("/day")
    assert "Open the room" in html and "Room <code>" not in html
    room_id, code = p.open_room(vote)
    assert p.client.get(f"/rooms/{room_id}").status_code == 200  # the console
    html = p.page("/day")
    assert f"Room <code>{code}</code>: opened" in html and ", running" in html and f'href="/rooms/{room_id}"' in html
    assert "Open the room" not in html
    # a second click (another tab, a double click) goes to the same room
    assert p.open_room(vote) == (room_id, code)
    with p.client.application.app_context():
        assert db.session.query(Room).count() == 1
        assert db.session.get(ProgrammeItem, vote).room_id == room_id
    p.client.post(f"/rooms/{room_id}/close")
    assert "closed" in p.page("/day")


def test_activities_that_cannot_run_live_run_on_paper(plan):
    p, today = today_plan(plan)
    s = p.session(day=today)
    paper = p.activity(s, PAPER)
    p.free(s, "Coffee break")
    html = p.page("/day")
    assert "run on paper" in html and "Open the room" not in html
    response = p.client.post(f"/workshops/{p.id}/items/{paper}/room", follow_redirects=True)
    assert "“Paper exercise” has no live room: run it on paper with its guide." in response.get_data(as_text=True)
    with p.client.application.app_context():
        assert db.session.query(Room).count() == 0


def test_only_methods_that_cannot_run_are_on_paper(plan, monkeypatch):
    from toolbox.rooms.methods import METHODS

    p, today = today_plan(plan)
    s = p.session(day=today)
    p.activity(s, VOTE)
    monkeypatch.setitem(METHODS, "dot-voting", METHODS["dot-voting"].__class__("dot-voting", "Dot voting", "", None, None))
    html = p.page("/day")
    assert "run on paper" in html and "Open the room" not in html


def test_other_days_are_not_timed(plan):
    p = plan(starts_on="2020-03-02", ends_on="2020-03-03")
    p.session(day="2020-03-02")
    assert "this day is over" in p.page("/day?day=2020-03-02")
    future = plan(starts_on="2090-03-02", ends_on="2090-03-02")
    future.session(day="2090-03-02")
    html = future.page("/day")
    assert "not started yet" in html and "Day 1 · Thursday 02 March 2090" in html
    assert "Day 1 · Thursday 02 March 2090" in future.page("/day?day=not-a-date")


def test_a_rehearsal_room_is_replaced_on_the_day(plan):
    p, today = today_plan(plan)
    s = p.session(day=today)
    vote = p.activity(s, VOTE)
    rehearsal, _ = p.open_room(vote)
    with p.client.application.app_context():
        room = db.session.get(Room, rehearsal)
        room.created_at -= timedelta(days=3)
        db.session.commit()
    html = p.page("/day")
    assert "Open the room" in html and "replaces the room" in html
    room_id, _ = p.open_room(vote)
    assert room_id != rehearsal


NINE = datetime(2026, 6, 12, 9, 0)  # naive UTC, as rooms store their times


def programme_at(app, workshop_id: int, now: datetime):
    with app.app_context():
        w = db.session.get(Workshop, workshop_id)
        return services.programme(w, catalog(), now.replace(tzinfo=UTC))


def set_room_times(app, room_id: int, opened: datetime, closed: datetime | None = None) -> None:
    with app.app_context():
        room = db.session.get(Room, room_id)
        room.created_at, room.closed_at, room.closed = opened, closed, closed is not None
        db.session.commit()


def test_the_day_runs_late_or_on_time(plan):
    """Vote (15–20), talk (15), vote (15–20) from 9:00: the second vote is due by 9:35 at the latest."""
    p = plan(starts_on="2026-06-12", ends_on="2026-06-12")
    s = p.session(starts_at="09:00", ends_at="10:30")
    first, _, second = p.activity(s, VOTE), p.free(s, "Talk", "15"), p.activity(s, VOTE)
    app = p.client.application

    def label(now: datetime) -> str:
        day = programme_at(app, p.id, now)[0]
        current = day.current(now.replace(tzinfo=UTC))
        assert current is not None and current.session.id == s
        return current.delay.label

    assert programme_at(app, p.id, NINE - timedelta(minutes=10))[0].current((NINE - timedelta(minutes=10)).replace(tzinfo=UTC)) is None
    assert label(NINE) == "not started yet"
    assert label(NINE + timedelta(minutes=6)) == "running 6 minutes late"  # the first room is not open yet
    room, _ = p.open_room(first)
    set_room_times(app, room, NINE + timedelta(minutes=4))
    assert label(NINE + timedelta(minutes=10)) == "running 4 minutes late"
    assert label(NINE + timedelta(minutes=30)) == "running 10 minutes late"  # still open 10 minutes past its latest planned end
    set_room_times(app, room, NINE + timedelta(minutes=4), NINE + timedelta(minutes=19))
    assert label(NINE + timedelta(minutes=25)) == "on time"  # closed before 9:20: caught up
    assert label(NINE + timedelta(minutes=41)) == "running 6 minutes late"  # the second vote is due by 9:35
    room2, _ = p.open_room(second)
    set_room_times(app, room2, NINE + timedelta(minutes=33))
    assert label(NINE + timedelta(minutes=41)) == "on time"
    # the programme's planned starts, from the session start plus the planned minutes of the items before
    plans = programme_at(app, p.id, NINE)[0].sessions[0].items
    assert [(i.planned.earliest_start.strftime("%H:%M"), i.planned.latest_start.strftime("%H:%M")) for i in plans] == [
        ("09:00", "09:00"),
        ("09:15", "09:20"),
        ("09:30", "09:35"),
    ]


def test_times_are_the_venues(plan):
    """A session at 09:00 in Mauritius (UTC+4) starts at 05:00 UTC: a room opened at 05:02 UTC is 2 minutes late."""
    p = plan(starts_on="2026-06-12", ends_on="2026-06-12", timezone="Indian/Mauritius")
    s = p.session(starts_at="09:00", ends_at="10:00")
    vote = p.activity(s, VOTE)
    room, _ = p.open_room(vote)
    five = datetime(2026, 6, 12, 5, 0)
    set_room_times(p.client.application, room, five + timedelta(minutes=2))
    session = programme_at(p.client.application, p.id, five + timedelta(minutes=3))[0].sessions[0]
    assert session.start == datetime(2026, 6, 12, 5, 0, tzinfo=UTC)
    assert session.delay.label == "running 2 minutes late"
    assert services.local(db_workshop(p), session.items[0].planned.latest_start).strftime("%H:%M") == "09:00"


def db_workshop(p) -> Workshop:
    with p.client.application.app_context():
        return db.session.get(Workshop, p.id)


def test_days_of_a_workshop(plan):
    p = plan(**{**WORKSHOP, "starts_on": "2026-06-12", "ends_on": "2026-06-14"})
    assert services.days(db_workshop(p)) == [date(2026, 6, 12), date(2026, 6, 13), date(2026, 6, 14)]


def test_an_admin_opening_a_facilitators_room_leaves_it_theirs(plan, as_user):
    """The admin co-runs it (admins may run any room); the facilitator keeps their own session's room."""
    p, today = today_plan(plan)
    vote = p.activity(p.session(day=today), VOTE)
    _, admin = as_user("admin@example.org", "admin")
    response = admin.post(f"/workshops/{p.id}/items/{vote}/room")
    assert response.status_code == 303
    room_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with p.client.application.app_context():
        room = db.session.get(Room, room_id)
        owner = db.session.get(Workshop, p.id).owner_id
        assert room.facilitator_id == owner
    assert p.client.get(f"/rooms/{room_id}").status_code == 200, "the facilitator runs their session's room"
    assert admin.get(f"/rooms/{room_id}").status_code == 200
    assert f"/rooms/{room_id}" in p.client.get("/rooms/").get_data(as_text=True), "it is in the facilitator's sessions"
