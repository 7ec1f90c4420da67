"""Fishbowl: the machine, and the seats and queue as properties over any sequence of what people and the facilitator do."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import examples
from toolbox.rooms.methods import IllegalAction
from toolbox.rooms.methods import fishbowl as fb

MACHINE = fb.Fishbowl()
PEOPLE = list(range(1, 13))


def test_next_goes_from_the_experts_to_the_open_floor_to_the_debrief():
    conf = {"topic": "T", "seats": 5, "expert_seats": 2}
    phase, seen = "setup", ["setup"]
    while (move := MACHINE.next_move(phase, {}, conf)) is not None:
        phase = MACHINE.transition(phase, move.name, {}, conf)[0]
        seen.append(phase)
    assert seen == ["setup", "talks", "open", "debrief"]
    assert MACHINE.transition("debrief", "reopen", {}, conf)[0] == "open"


def test_without_expert_seats_there_are_no_expert_talks():
    conf = {"topic": "T", "seats": 4, "expert_seats": 0}
    assert MACHINE.next_move("setup", {}, conf).name == "open"
    assert [p.name for p in MACHINE.phases_for(conf)] == ["setup", "open", "debrief"]
    with pytest.raises(IllegalAction):
        MACHINE.transition("setup", "talks", {}, conf)


def test_a_free_open_seat_goes_to_the_first_in_the_queue_once_the_floor_is_open():
    bowl = fb.Bowl.empty(4, 1)
    bowl = fb.set_expert(bowl, 9, True, False)
    assert bowl.seats == (9, None, None, None)
    for p in (1, 2, 3, 4, 5):
        bowl = fb.ask(bowl, p, False)
    assert bowl.queue == (1, 2, 3, 4, 5) and bowl.seats[1:] == (None, None, None), "the floor is not open yet"
    bowl = fb.fill(bowl, True)
    assert bowl.seats == (9, 1, 2, 3) and bowl.queue == (4, 5)
    bowl = fb.ask(bowl, 4, True)
    assert bowl.queue == (4, 5), "asking again keeps your place"
    bowl = fb.leave(bowl, 2, True)
    assert bowl.seats == (9, 1, 4, 3) and bowl.queue == (5,)
    bowl = fb.leave(bowl, 9, True)
    assert bowl.seats[0] is None, "an expert seat waits for an expert"
    bowl = fb.ask(bowl, 9, True)
    assert bowl.seats[0] == 9
    with pytest.raises(IllegalAction):
        fb.resize(bowl, 3, 1, True)
    bigger = fb.resize(bowl, 6, 2, True)
    assert bigger.seats[:2] == (9, None) and set(bigger.seats[2:]) == {1, 4, 3, 5}


ops = st.lists(
    st.one_of(
        st.tuples(st.just("ask"), st.sampled_from(PEOPLE)),
        st.tuples(st.just("withdraw"), st.sampled_from(PEOPLE)),
        st.tuples(st.just("leave"), st.sampled_from(PEOPLE)),
        st.tuples(st.just("free"), st.integers(0, 7)),
        st.tuples(st.just("expert"), st.sampled_from(PEOPLE)),
        st.tuples(st.just("not-expert"), st.sampled_from(PEOPLE)),
        st.tuples(st.just("remove"), st.sampled_from(PEOPLE)),
        st.tuples(st.just("resize"), st.tuples(st.integers(3, 8), st.integers(0, 4))),
        st.tuples(st.just("open"), st.none()),
    ),
    max_size=60,
)


def apply(bowl: fb.Bowl, op: str, arg, floor: bool) -> fb.Bowl:
    if op == "ask":
        return fb.ask(bowl, arg, floor)
    if op == "withdraw":
        return fb.withdraw(bowl, arg)
    if op == "leave":
        return fb.leave(bowl, arg, floor)
    if op == "free":
        return fb.free_seat(bowl, arg % len(bowl.seats), floor)
    if op in ("expert", "not-expert"):
        return fb.set_expert(bowl, arg, op == "expert", floor)
    if op == "remove":
        return fb.remove(bowl, arg, floor)
    if op == "resize":
        try:
            return fb.resize(bowl, arg[0], min(arg[1], arg[0] - 1), floor)
        except IllegalAction:
            return bowl
    return fb.fill(bowl, True)


def check(bowl: fb.Bowl, floor: bool) -> None:
    seated = bowl.seated
    assert len(seated) <= len(bowl.seats), "never more speakers than seats"
    assert len(set(seated)) == len(seated), "nobody in two seats"
    assert len(set(bowl.queue)) == len(bowl.queue), "nobody twice in the queue"
    assert not set(seated) & set(bowl.queue), "nobody both seated and queued"
    for i in range(bowl.expert_seats):
        assert bowl.seats[i] is None or bowl.seats[i] in bowl.experts, "expert seats only for experts"
    if floor:
        free_open = [i for i in bowl.free if not bowl.is_expert_seat(i)]
        assert not (free_open and bowl.queue), "a free open seat never waits while someone queues"
    if None in bowl.seats[: bowl.expert_seats]:
        assert not [p for p in bowl.queue if p in bowl.experts], "a free expert seat never waits while an expert queues"


@settings(max_examples=examples(300), deadline=None)
@given(ops, st.integers(3, 8), st.integers(0, 3))
def test_seats_and_queue_keep_their_rules_whatever_happens(operations, seats, experts):
    bowl, floor = fb.Bowl.empty(seats, min(experts, seats - 1)), False
    removed: set[int] = set()
    for op, arg in operations:
        if op == "open":
            floor = True
        if arg in removed and op != "resize":
            continue  # someone who left the room does nothing more
        before = bowl
        bowl = apply(bowl, op, arg, floor)
        if op == "remove":
            removed.add(arg)
            assert arg not in bowl.seats and arg not in bowl.queue and arg not in bowl.experts
        check(bowl, floor)
        # First come, first served: whoever newly takes an open seat was ahead of everyone still waiting.
        asked = (*before.queue, arg) if op == "ask" and arg not in before.seats and arg not in before.queue else before.queue
        newly_open = [p for i, p in enumerate(bowl.seats) if p is not None and not bowl.is_expert_seat(i) and p not in before.seated]
        for p in newly_open:
            if p in asked:
                ahead = asked[: asked.index(p)]
                assert not [q for q in ahead if q in bowl.queue], f"{p} took a chair before someone who asked earlier"
        still = [p for p in asked if p in bowl.queue]
        assert list(bowl.queue[: len(still)]) == still, "the queue keeps its order"


@given(ops)
def test_moved_names_everyone_whose_seat_or_place_changed(operations):
    bowl, floor = fb.Bowl.empty(5, 2), True
    for op, arg in operations:
        before = bowl
        bowl = apply(bowl, op, arg, floor)
        changed = fb.moved(before, bowl)
        involved = set(before.seated) | set(bowl.seated) | set(before.queue) | set(bowl.queue)
        for p in PEOPLE:
            differs = (
                before.seat_of(p) != bowl.seat_of(p)
                or before.place_in_queue(p) != bowl.place_in_queue(p)
                or (p in before.experts) != (p in bowl.experts)
            )
            assert (p in changed) == (differs and p in involved)


def test_state_round_trip_and_settings_changes():
    bowl = fb.ask(fb.set_expert(fb.Bowl.empty(3, 1), 7, True, True), 2, True)
    state = bowl.to_state()
    assert fb.Bowl.from_state(state, {"seats": 3, "expert_seats": 1}) == bowl
    assert fb.Bowl.from_state({}, {"seats": 4, "expert_seats": 0}) == fb.Bowl.empty(4, 0)
    with pytest.raises(IllegalAction):
        fb.free_seat(bowl, 9, True)
    with pytest.raises(IllegalAction):
        fb.resize(bowl, 3, 3, True)
