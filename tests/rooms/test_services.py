"""The room engine against a real database: versions, timers, joining, and the dot allowance under concurrency."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from toolbox.auth.models import utcnow
from toolbox.extensions import db
from toolbox.rooms import dots, services
from toolbox.rooms.methods import IllegalAction
from toolbox.rooms.models import Dot, Participant, Room, RoomAction


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


def get_room(room_id: int) -> Room:
    return db.session.get(Room, room_id)


def test_every_change_bumps_the_version_and_is_recorded(app, room, ctx):
    room_id, code = room
    r = get_room(room_id)
    start = r.version
    p = services.join(r, "Ana")
    db.session.commit()
    services.move(r, "open")
    db.session.commit()
    dots.set_dots(r, p, 0, 1, 1)
    db.session.commit()
    assert get_room(room_id).version == start + 3
    kinds = db.session.scalars(select(RoomAction.kind).where(RoomAction.room_id == room_id).order_by(RoomAction.id)).all()
    assert kinds == ["open", "join", "move"]  # a dot is its own record (with its time)


def test_codes_use_an_unambiguous_alphabet_and_ignore_case_when_typed(room, ctx):
    room_id, code = room
    assert len(code) == 5 and not set(code) & set("0O1IL2Z5S8B")
    assert services.find_by_code(f" {code.lower()[:2]}-{code.lower()[2:]} ").id == room_id


@pytest.mark.parametrize(("name", "expected"), [("  Ana   Maria ", "Ana Maria"), ("Zoë\u0007", "Zoë"), ("<b>Bo</b>", "<b>Bo</b>")])
def test_names_are_cleaned_not_rejected(room, ctx, name, expected):
    assert services.join(get_room(room[0]), name).name == expected


@pytest.mark.parametrize("name", ["", "   ", "\u0000\u0001", "x" * 41])
def test_bad_names_are_refused_with_a_reason(room, ctx, name):
    with pytest.raises(IllegalAction):
        services.join(get_room(room[0]), name)


def test_same_names_are_told_apart(room, ctx):
    r = get_room(room[0])
    assert [services.join(r, "Ana").name for _ in range(3)] == ["Ana", "Ana (2)", "Ana (3)"]


def test_closed_room_refuses_joins_and_moves(room, ctx):
    r = get_room(room[0])
    services.close(r)
    db.session.commit()
    with pytest.raises(IllegalAction, match="closed"):
        services.join(r, "Late")
    with pytest.raises(IllegalAction, match="closed"):
        services.move(r, "open")


def test_timer_is_a_deadline_that_survives_a_reload(app, room):
    room_id, _ = room
    with app.app_context():
        services.control_timer(get_room(room_id), "start", 300)
        db.session.commit()
    with app.app_context():  # a new session, as after a restart
        t = services.timer(get_room(room_id))
        assert t.running and 295 <= t.remaining <= 300 and t.total == 300


def test_timer_pause_resume_add_reset(room, ctx):
    r = get_room(room[0])
    services.control_timer(r, "start", 120)
    services.control_timer(r, "pause")
    paused = services.timer(r)
    assert not paused.running and 118 <= paused.remaining <= 120
    services.control_timer(r, "add", 60)
    assert 178 <= services.timer(r).remaining <= 180
    services.control_timer(r, "resume")
    assert services.timer(r).running
    with pytest.raises(IllegalAction):
        services.control_timer(r, "resume")
    services.control_timer(r, "reset")
    assert services.timer(r).total == 0
    with pytest.raises(IllegalAction):
        services.control_timer(r, "start", 0)


def test_finished_timer(room, ctx):
    r = get_room(room[0])
    r.timer_seconds, r.timer_ends_at = 60, utcnow() - timedelta(seconds=5)
    t = services.timer(r)
    assert t.finished and t.remaining == 0 and not t.running


def test_remove_participant(room, ctx):
    r = get_room(room[0])
    p = services.join(r, "Ana")
    services.remove_participant(r, p.id)
    assert services.active_participant(r, p.id) is None
    assert services.people(r) == 0
    with pytest.raises(IllegalAction):
        services.remove_participant(r, p.id)


def voting_room(room_id: int) -> tuple[Room, Participant]:
    r = get_room(room_id)
    p = services.join(r, "Ana")
    services.move(r, "open")
    db.session.commit()
    return r, p


def test_set_dots_is_idempotent_and_moves_dots(room, ctx):
    r, p = voting_room(room[0])
    for _ in range(3):
        dots.set_dots(r, p, 0, 1, 1)
    dots.set_dots(r, p, 0, 2, 1)
    assert dots.my_dots(r, p) == {(0, 1): 1, (0, 2): 1}
    dots.set_dots(r, p, 0, 1, 0)
    dots.set_dots(r, p, 0, 0, 1)
    assert dots.my_dots(r, p) == {(0, 0): 1, (0, 2): 1}


def test_allowance_and_stacking_rules(room, ctx):
    r, p = voting_room(room[0])
    for option in range(3):
        dots.set_dots(r, p, 0, option, 1)
    with pytest.raises(IllegalAction, match="One dot per option"):
        dots.set_dots(r, p, 0, 0, 2)
    r.settings = {**r.settings, "stacking": True}
    with pytest.raises(IllegalAction, match="used all 3"):
        dots.set_dots(r, p, 0, 0, 2)
    dots.set_dots(r, p, 0, 0, 0)
    dots.set_dots(r, p, 0, 1, 2)
    assert dots.my_dots(r, p) == {(0, 1): 2, (0, 2): 1}
    dots.set_dots(r, p, 1, 0, 1)  # the other ballot has its own dots
    results = dots.results(r)
    assert [b.total for b in results] == [3, 1] and [b.voters for b in results] == [1, 1]
    assert [(t.label, t.dots, t.rank) for t in results[0].tallies] == [("Education", 2, 1), ("Health", 1, 2), ("Governance", 0, 3)]


def test_dots_only_while_voting_is_open(room, ctx):
    r = get_room(room[0])
    p = services.join(r, "Ana")
    with pytest.raises(IllegalAction, match="not open"):
        dots.set_dots(r, p, 0, 0, 1)
    services.move(r, "open")
    dots.set_dots(r, p, 0, 0, 1)
    services.move(r, "lock")
    with pytest.raises(IllegalAction, match="closed"):
        dots.set_dots(r, p, 0, 1, 1)
    assert dots.my_dots(r, p) == {(0, 0): 1}


def test_options_can_be_edited_only_before_the_vote(room, ctx):
    r = get_room(room[0])
    assert dots.edit_options(r, "Housing\nHealth\n\nJobs") == ["Housing", "Health", "Jobs"]
    services.move(r, "open")
    with pytest.raises(IllegalAction, match="before the vote opens"):
        dots.edit_options(r, "A\nB")


def test_the_database_refuses_a_dot_beyond_the_allowance(room, ctx):
    r, p = voting_room(room[0])
    for option in range(3):
        dots.set_dots(r, p, 0, option, 1)
    db.session.commit()
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(Dot(room_id=r.id, participant_id=p.id, ballot=0, option=0, slot=1, stack="s1"))


def test_concurrent_clicks_from_several_tabs_never_exceed_the_allowance(app, room):
    """Eight threads, each with its own connection, place one participant's stacked dots at the same moment."""
    room_id, _ = room
    with app.app_context():
        r, p = voting_room(room_id)
        r.settings = {**r.settings, "stacking": True}
        db.session.commit()
        pid = p.id
    outcomes: list[str] = []
    barrier = threading.Barrier(8)

    def click(ballot: int, option: int) -> None:
        with app.app_context():
            barrier.wait()
            try:
                dots.set_dots(get_room(room_id), db.session.get(Participant, pid), ballot, option, 2)
                db.session.commit()
                outcomes.append("ok")
            except (IllegalAction, dots.DotConflict):
                db.session.rollback()
                outcomes.append("refused")

    # per ballot, four tabs each ask for 2 dots on a different option: 8 dots wanted, 3 allowed
    threads = [threading.Thread(target=click, args=(ballot, option)) for ballot in (0, 1) for option in (0, 1, 2, 0)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with app.app_context():
        per_ballot = dict(db.session.execute(select(Dot.ballot, func.count()).where(Dot.participant_id == pid).group_by(Dot.ballot)).all())
    assert len(outcomes) == 8 and "refused" in outcomes
    assert 2 <= per_ballot[0] <= 3 and 2 <= per_ballot[1] <= 3
