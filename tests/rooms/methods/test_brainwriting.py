"""Brainwriting: the machine's moves, and the ring of cards as properties (whole rings, people leaving and joining)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import examples
from toolbox.rooms.methods import IllegalAction
from toolbox.rooms.methods.brainwriting import Brainwriting, adopt, card_at, holdings, passes_possible, seat_holders
from toolbox.rooms.methods.ranking import leaders, ranked

BW = Brainwriting()


def conf(passes=3, dots=3, minutes=4):
    return {"prompt": "P", "passes": passes, "round_minutes": minutes, "vote_dots": dots}


def walk(settings_: dict, people: int) -> list[str]:
    """The phases the 'next' key goes through for a ring of `people`."""
    phase, state = "setup", {"ring": list(range(people)), "pass": 0, "adopted": {}}
    seen = [phase]
    while (move := BW.next_move(phase, state, settings_)) is not None:
        phase, state = BW.transition(phase, move.name, state, settings_)
        seen.append(phase)
    return seen


def test_next_goes_through_writing_every_pass_the_vote_and_the_results():
    assert walk(conf(passes=3), 6) == ["setup", "writing", "passing", "passing", "passing", "voting", "results"]


def test_a_small_ring_passes_fewer_times_so_no_card_comes_back():
    assert walk(conf(passes=3), 3) == ["setup", "writing", "passing", "passing", "voting", "results"]
    assert walk(conf(passes=3), 1) == ["setup", "writing", "voting", "results"]


def test_without_dots_there_is_no_vote():
    assert walk(conf(dots=0), 4) == ["setup", "writing", "passing", "passing", "passing", "results"]
    assert [p.name for p in BW.phases_for(conf(dots=0))] == ["setup", "writing", "passing", "results"]
    assert [p.name for p in BW.phases_for(conf(dots=2))] == ["setup", "writing", "passing", "voting", "results"]
    with pytest.raises(IllegalAction):
        BW.transition("passing", "vote", {"ring": [1, 2], "pass": 1}, conf(dots=0))


def test_with_dots_the_results_wait_for_the_vote():
    state = {"ring": [1, 2, 3], "pass": 2}
    assert [m.name for m in BW.available_moves("passing", state, conf())] == ["vote"]
    with pytest.raises(IllegalAction):
        BW.transition("passing", "finish", state, conf())
    assert BW.next_move("results", state, conf()) is None
    assert [m.name for m in BW.available_moves("results", state, conf())] == ["reopen"]


def test_labels_say_which_pass_and_how_long():
    state = {"ring": [1, 2, 3, 4], "pass": 1}
    move = next(m for m in BW.moves if m.name == "pass")
    assert BW.move_label(move, state, conf(minutes=4)) == "Pass the cards on: pass 2 of 3 (4 minutes)"
    assert BW.phase_label("passing", state, conf()) == "Pass 1 of 3"
    assert BW.move_label(next(m for m in BW.moves if m.name == "vote"), state, conf(dots=2)) == "Open the vote (2 dots each)"


@given(n=st.integers(1, 40), passes=st.integers(1, 10))
def test_a_whole_ring_every_card_has_one_reader_never_its_writer_and_never_the_same_reader_twice(n, passes):
    ring = list(range(100, 100 + n))
    visits: dict[int, list[int]] = {seat: [] for seat in range(n)}
    for k in range(passes_possible(passes, n) + 1):
        held = holdings(ring, k, ring, {})
        assert sorted(held) == sorted(ring), "everyone holds a card"
        assert sorted(held.values()) == list(range(n)), "every card is held by exactly one person"
        for person, card in held.items():
            visits[card].append(person)
            if k > 0 and n > 1:
                assert ring[card] != person, "nobody holds their own card while the cards pass"
    for card, readers in visits.items():
        assert len(set(readers)) == len(readers), f"card {card} reached someone twice"
        assert readers[0] == ring[card], "the first writing is on your own card"


@given(n=st.integers(2, 30), k=st.integers(0, 29))
def test_the_card_you_hold_came_from_the_seat_before_yours(n, k):
    k %= n
    for seat in range(n):
        assert card_at(seat, k + 1, n) == card_at((seat - 1) % n, k, n)


@st.composite
def runs(draw):
    """A ring, then between passes some people leave and some join late."""
    n = draw(st.integers(2, 16))
    passes = draw(st.integers(1, 10))
    events = draw(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2)), min_size=passes, max_size=passes))
    seed = draw(st.randoms(use_true_random=False))
    return n, passes, events, seed


@settings(max_examples=examples(200), deadline=None)
@given(runs())
def test_people_leaving_and_joining_late_never_break_the_ring(run):
    n, passes, events, rng = run
    ring = list(range(n))
    present = list(ring)
    adopted: dict[int, int] = {}
    newcomer = 1000
    seen: dict[int, set[int]] = {}
    for k in range(passes_possible(passes, n) + 1):
        if k > 0:
            leaving, joining = events[k - 1]
            for _ in range(min(leaving, len(present) - 1)):
                present.remove(rng.choice(present))
            present += list(range(newcomer, newcomer + joining))
            newcomer += joining
            before = dict(adopted)
            adopted = adopt(ring, present, adopted, present)
            for seat, person in before.items():
                if person in present:
                    assert adopted[seat] == person, "an adopted seat stays with its adopter"
        held = holdings(ring, k, present, adopted)
        assert set(held) <= set(present), "only people in the room hold cards"
        assert len(set(held.values())) == len(held), "no card has two readers"
        holders = seat_holders(ring, present, adopted)
        vacant = [s for s in range(n) if s not in holders]
        waiting = [p for p in present if p not in holders.values()]
        assert not (vacant and waiting and k > 0), "a seat stays empty only while nobody waits for one"
        for person, card in held.items():
            if k > 0:
                assert ring[card] != person, "nobody holds their own card while the cards pass"
            assert card not in seen.setdefault(person, set()), "nobody reads the same card twice"
            seen[person].add(card)
        for seat, person in adopted.items():
            assert person not in ring, "only late joiners adopt seats"
            assert ring[seat] not in present, "a seat is adopted only when its owner left"


@given(st.lists(st.integers(0, 6), max_size=20))
def test_equal_scores_share_a_rank_and_ranks_count_who_is_ahead(scores):
    out = ranked(list(enumerate(scores)))
    assert [scores[i] for _, i in out] == sorted(scores, reverse=True)
    for rank, i in out:
        assert rank == 1 + sum(1 for s in scores if s > scores[i])
    best = leaders(list(enumerate(scores)))
    assert best == ([i for i, s in enumerate(scores) if s == max(scores)] if scores and max(scores) > 0 else [])


def test_ties_keep_the_given_order():
    assert ranked([("a", 2), ("b", 5), ("c", 2)]) == [(1, "b"), (2, "a"), (2, "c")]
