"""Speed-dating rotation as properties: new partners every round while any remain, fair breaks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import examples
from toolbox.rooms.methods.grouping import meetings
from toolbox.rooms.methods.speed_dating import conversations, next_pairing, pairs, rotate, update_loop


def run(people: int, rounds: int, odd: str = "bye"):
    ids = list(range(1, people + 1))
    loop, history = [], []
    for r in range(rounds):
        met = meetings({p: pair for p, (pair, _) in h.items()} for h in history)
        pairing = next_pairing(loop, ids, met, first=r == 0, odd=odd)
        loop = pairing.loop
        history.append(pairing.places)
    return ids, history


def partners(places):
    """Pairs (and trios) of one round as sets."""
    groups = {}
    for p, (pair, _) in places.items():
        if pair is not None:
            groups.setdefault(pair, set()).add(p)
    return list(groups.values())


@settings(max_examples=examples(150), deadline=None)
@given(people=st.integers(min_value=2, max_value=31), rounds=st.integers(min_value=1, max_value=16))
def test_nobody_meets_anyone_twice_while_new_pairs_remain(people, rounds):
    ids, history = run(people, rounds)
    seen: set[frozenset[int]] = set()
    for places in history:
        assert set(places) == set(ids), "every participant is placed every round (with a partner or a break)"
        round_pairs = [frozenset(g) for g in partners(places)]
        assert all(len(g) == 2 for g in round_pairs)
        unmet_left = len(seen) < people * (people - 1) // 2
        if unmet_left:
            assert not (set(round_pairs) & seen), "a pair met again while new pairs remained"
        seen |= set(round_pairs)


@settings(max_examples=examples(100), deadline=None)
@given(people=st.integers(min_value=2, max_value=31), rounds=st.integers(min_value=1, max_value=16), odd=st.sampled_from(["bye", "trio"]))
def test_everyone_has_the_same_number_of_conversations_within_one(people, rounds, odd):
    ids, history = run(people, rounds, odd)
    counts = conversations(history)
    assert set(counts) == set(ids)
    assert max(counts.values()) - min(counts.values()) <= 1
    for places in history:
        resting = [p for p, (pair, _) in places.items() if pair is None]
        assert len(resting) == (people % 2 if odd == "bye" or people < 3 else 0)


def test_seven_people_meet_all_six_others_in_seven_rounds_with_one_break_each():
    ids, history = run(7, 7)
    met = meetings({p: pair for p, (pair, _) in h.items()} for h in history)
    assert all(met[frozenset((a, b))] == 1 for a in ids for b in ids if a < b)
    assert conversations(history) == {p: 6 for p in ids}


def test_one_row_moves_one_seat_along_the_loop():
    loop = [1, 2, 3, 4, 5, 6]
    assert pairs(loop) == [(1, 6), (2, 5), (3, 4)]
    assert rotate(loop) == [1, 6, 2, 3, 4, 5]  # A1 stays; everyone else moves one seat
    assert next_pairing(loop, loop, {}, first=False).places[6] == (1, "A2")


def test_people_who_join_fill_the_empty_seat_and_leavers_free_theirs():
    assert update_loop([1, 2, 3, None], [1, 2, 3, 4]) == [1, 2, 3, 4]
    assert update_loop([1, 2, 3, 4], [1, 3, 4]) == [1, None, 3, 4]
    assert update_loop([1, 2, 3, 4], [1, 4]) == [1, 4]
    assert update_loop([], [5, 6, 7]) == [5, 6, 7, None]


def test_a_trio_is_formed_with_the_people_met_least():
    pairing = next_pairing([], [1, 2, 3, 4, 5], {}, first=True, odd="trio")
    seats = sorted(seat for _, seat in pairing.places.values())
    assert len([s for s in seats if s.startswith("C")]) == 1
    assert all(pair is not None for pair, _ in pairing.places.values())
