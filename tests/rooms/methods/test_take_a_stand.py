"""Take a stand: the machine's moves through the statements, and the spread's measures as properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolbox.rooms.methods import IllegalAction
from toolbox.rooms.methods.take_a_stand import TakeAStand, division, most_divided, speaking_order, spread

STAND = TakeAStand()
SETTINGS = {"statements": ["One", "Two", "Three"], "zones": ["Strongly agree", "Agree", "Disagree", "Strongly disagree"]}


def test_next_shows_each_statement_then_its_spread_then_the_summary():
    phase, state = "setup", STAND.initial_state(None)
    seen = []
    while (move := STAND.next_move(phase, state, SETTINGS)) is not None:
        phase, state = STAND.transition(phase, move.name, state, SETTINGS)
        seen.append((phase, state["statement"]))
    assert seen == [("statement", 0), ("spread", 0), ("statement", 1), ("spread", 1), ("statement", 2), ("spread", 2), ("summary", 2)]


def test_people_can_be_asked_to_move_once_after_the_explanations():
    phase, state = STAND.transition("spread", "again", {"statement": 1, "round": 0, "again": []}, SETTINGS)
    assert (phase, state["round"], state["again"]) == ("statement", 1, [1])
    assert STAND.move_label(next(m for m in STAND.moves if m.name == "reveal"), state, SETTINGS) == "Reveal where people stand now"
    phase, state = STAND.transition(phase, "reveal", state, SETTINGS)
    with pytest.raises(IllegalAction):
        STAND.transition(phase, "again", state, SETTINGS)
    phase, state = STAND.transition(phase, "next-statement", state, SETTINGS)
    assert state["round"] == 0 and state["statement"] == 2 and state["again"] == [1]
    assert "again" not in [m.name for m in STAND.moves if not m.back], "asking again is never the 'next' key"


def test_the_summary_can_come_early_and_go_back():
    phase, _ = STAND.transition("spread", "summary", {"statement": 0, "round": 0}, SETTINGS)
    assert phase == "summary"
    assert STAND.transition("summary", "back", {"statement": 0}, SETTINGS)[0] == "spread"
    assert STAND.move_label(STAND.moves[2], {"statement": 0}, SETTINGS) == "Show statement 2 of 3"
    assert STAND.phase_label("spread", {"statement": 2}, SETTINGS) == "Statement 3 of 3: the spread"


zones_st = st.integers(2, 7)


@given(zones_st.flatmap(lambda z: st.tuples(st.just(z), st.lists(st.integers(0, z - 1), max_size=60))))
def test_the_spread_counts_everyone_once(case):
    zones, chosen = case
    counts = spread(chosen, zones)
    assert len(counts) == zones and sum(counts) == len(chosen)
    assert all(counts[z] == chosen.count(z) for z in range(zones))


@given(zones_st.flatmap(lambda z: st.lists(st.integers(0, 30), min_size=z, max_size=z)))
def test_division_runs_from_one_zone_to_both_ends_and_ignores_the_direction(counts):
    d = division(counts)
    assert 0 <= d <= 1
    assert division(list(reversed(counts))) == pytest.approx(d), "agree and disagree are symmetric"
    if sum(1 for n in counts if n) <= 1:
        assert d == 0, "everyone in one zone: not divided"
    else:
        assert d > 0


@given(zones_st, st.integers(1, 20))
def test_half_at_each_end_is_the_most_divided_a_room_can_be(zones, half):
    ends = [half] + [0] * (zones - 2) + [half]
    assert division(ends) == pytest.approx(1)
    nearer = [0, half] + [0] * (zones - 3) + [half] if zones > 2 else None
    if nearer:
        assert division(nearer) < 1


@given(st.lists(st.integers(0, 9), min_size=2, max_size=7))
def test_the_smallest_group_speaks_first(counts):
    order = speaking_order(counts)
    assert sorted(order) == [z for z, n in enumerate(counts) if n], "every zone with people, and only those"
    assert [counts[z] for z in order] == sorted(counts[z] for z in order)


def test_the_most_divided_statement():
    assert most_divided([[5, 0, 0, 0], [2, 0, 0, 3], [1, 1, 1, 1]]) == 1
    assert most_divided([[0, 0], [0, 0]]) is None
    assert most_divided([[4, 0], [0, 3]]) is None, "nobody is divided when every statement has one zone"
