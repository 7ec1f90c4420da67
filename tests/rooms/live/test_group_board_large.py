"""Forming groups in a large room: computed with no write lock held, then written in one short transaction."""

from __future__ import annotations

import random
import threading
from collections import Counter

from sqlalchemy import func, insert, select

from tests.rooms.conftest import vote
from toolbox import extensions
from toolbox.extensions import db
from toolbox.rooms.live import group_board
from toolbox.rooms.methods.group_board import group_count
from toolbox.rooms.models import Dot, Participant, Place

from .test_group_board import CASE, TERRITORIES, groups_of, message

DOT_VOTE = "core/1-sectors-dot-voting"
ROLES = ["NGO", "Local authority", "Diaspora", "Research"]


def crowd(app, room_id: int, n: int) -> None:
    """`n` participants in the room at once, as a bulk insert (joining them one by one through the app would take minutes)."""
    rng = random.Random(n)
    rows = [
        {"room_id": room_id, "name": f"P{i}", "attributes": {"territory": rng.choice(TERRITORIES), "role": rng.choice(ROLES)}}
        for i in range(n)
    ]
    with app.app_context():
        db.session.execute(insert(Participant), rows)
        db.session.commit()


def in_thread(work) -> None:
    """Run `work` in another thread and wait for it, as another phone's request arriving meanwhile."""
    other = threading.Thread(target=work)
    other.start()
    other.join(timeout=60)
    assert not other.is_alive(), "the other request waited a minute: something held the write lock"


def watch(monkeypatch, during=None) -> list[bool]:
    """Record, for each grouping computed, whether the write lock was held meanwhile; run `during` while it runs."""
    locked: list[bool] = []
    real = group_board.form_groups

    def watched(*args, **kwargs):
        locked.append(extensions._write_lock.locked())
        if during is not None:
            during(len(locked))
        return real(*args, **kwargs)

    monkeypatch.setattr(group_board, "form_groups", watched)
    return locked


def test_five_thousand_people_are_grouped_while_another_room_votes(app, live, monkeypatch):
    board, ballot_box = live(CASE), live(DOT_VOTE)
    voter = ballot_box.join("Voter")
    ballot_box.move("open")
    crowd(app, board.id, 5000)
    votes: list[int] = []

    def vote_elsewhere(_: int) -> None:
        # Another phone's vote in another room while the groups are computed: it needs the write lock,
        # so it would wait (and this test fail) if forming the groups held it.
        in_thread(lambda: votes.append(vote(voter.client, ballot_box.code, 0, 0, 1).status_code))

    locked = watch(monkeypatch, vote_elsewhere)
    response = board.host.post(f"/rooms/{board.id}/moves", data={"move": "form"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert locked == [False], "the groups are computed once, with no write lock held"
    assert votes == [200], "the other room's vote went through while the groups were computed"
    with app.app_context():
        placed = dict(db.session.execute(select(Place.participant_id, Place.place).where(Place.room_id == board.id)).all())
    count = group_count(5000, "mixed", 4, 5)
    assert len(placed) == 5000 and set(placed.values()) == set(range(count))
    assert set(Counter(placed.values()).values()) == {5}, "a thousand groups of five"
    assert board.room().state["groups"] == count
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Dot)) == 1


def test_someone_joining_while_the_groups_are_computed_is_grouped_too(app, live, monkeypatch):
    board = live(CASE)
    crowd(app, board.id, 8)
    late: list[int] = []

    def join_once(call: int) -> None:
        if call == 1:  # the first computation is then out of date: the move computes again, once
            in_thread(lambda: late.append(board.join("Late", territory="Dakar").id()))

    locked = watch(monkeypatch, join_once)
    board.move("form")
    assert locked == [False, False]
    placed = groups_of(app, board.id)
    assert len(placed) == 9 and late[0] in placed
    assert sorted(Counter(g for g, _ in placed.values()).values()) == [2, 2, 2, 3], "four groups, as the guide asks"


def test_a_room_that_keeps_changing_asks_the_facilitator_to_try_again(app, live, monkeypatch):
    board = live(CASE)
    crowd(app, board.id, 6)
    watch(monkeypatch, lambda call: in_thread(lambda: board.join(f"Late {call}")))
    response = board.move("form", expect=422)
    assert message(response) == "People joined or left while this was being prepared: please try again."
    assert board.room().phase == "setup" and not groups_of(app, board.id)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Place)) == 0
