"""PostgreSQL: a write that waited for another writer's lock on the room acts on the room as that one left it.

On SQLite a writer takes the write lock before its first read (BEGIN IMMEDIATE), so this race cannot happen
there; on PostgreSQL the room's row lock is taken by `bump()`, after the request has already read the room.
"""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from tests.conftest import postgresql_only
from toolbox.extensions import db
from toolbox.rooms import dots, services
from toolbox.rooms.methods import IllegalAction
from toolbox.rooms.models import Dot, Participant, Room

pytestmark = postgresql_only


def wait_until_a_backend_waits_for_a_lock() -> None:
    """Poll the server until another connection is blocked on a lock (a guard, not a timing assertion)."""
    with db.engine.connect() as conn:
        for _ in range(1000):
            waiting = conn.execute(
                sa.text("select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")
            ).scalar_one()
            if waiting:
                return
            conn.rollback()
            time.sleep(0.01)
    pytest.fail("the second writer never waited for the room's lock")


def race(app, room_id: int, first, second) -> list:
    """Run `first(room)` up to its commit, start `second(room)` on a room read meanwhile, then commit the first."""
    outcome: list = []
    second_read = threading.Event()

    def run_second() -> None:
        with app.app_context():
            room = db.session.get(Room, room_id)  # read before the first writer commits, as a request would
            second_read.set()
            try:
                second(room)
                db.session.commit()
                outcome.append("ok")
            except IllegalAction as exc:
                db.session.rollback()
                outcome.append(str(exc))

    with app.app_context():
        first(db.session.get(Room, room_id))  # holds the room's row lock until the commit below
        thread = threading.Thread(target=run_second)
        thread.start()
        assert second_read.wait(10)
        wait_until_a_backend_waits_for_a_lock()
        db.session.commit()
    thread.join(10)
    assert not thread.is_alive()
    return outcome


def voting_room(app, room_id: int) -> int:
    with app.app_context():
        room = db.session.get(Room, room_id)
        participant = services.join(room, "Ana")
        db.session.commit()
        services.move(room, "open")
        db.session.commit()
        return participant.id


def test_a_dot_that_waited_for_the_lock_sees_the_vote_locked(app, room):
    room_id, _ = room
    pid = voting_room(app, room_id)

    outcome = race(
        app,
        room_id,
        lambda r: services.move(r, "lock"),
        lambda r: dots.set_dots(r, db.session.get(Participant, pid), 0, 0, 1),
    )

    assert outcome == ["Voting is closed: your dots are kept."]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Dot)) == 0


def test_two_moves_at_once_apply_one_after_the_other(app, room):
    room_id, _ = room
    voting_room(app, room_id)

    outcome = race(app, room_id, lambda r: services.move(r, "lock"), lambda r: services.move(r, "lock"))

    assert len(outcome) == 1 and outcome != ["ok"], "the second 'lock' must see the vote already locked"
    with app.app_context():
        assert db.session.get(Room, room_id).phase == "locked"


def test_state_changes_at_once_are_both_kept(app, room):
    room_id, _ = room

    outcome = race(app, room_id, lambda r: services.set_state(r, first=True), lambda r: services.set_state(r, second=True))

    assert outcome == ["ok"]
    with app.app_context():
        state = db.session.get(Room, room_id).state
        assert state["first"] is True and state["second"] is True


def test_options_cannot_change_once_the_vote_opened_meanwhile(app, room):
    room_id, _ = room

    outcome = race(app, room_id, lambda r: services.move(r, "open"), lambda r: dots.edit_options(r, "Fisheries\nSchools"))

    assert outcome == ["The options can only change before the vote opens."]
    with app.app_context():
        assert "Fisheries" not in db.session.get(Room, room_id).settings["options"]
