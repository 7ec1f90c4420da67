"""World café seating as properties: for any number of people and tables, over several rounds."""

from __future__ import annotations

import itertools
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import examples
from toolbox.rooms.methods.grouping import meetings, repeats
from toolbox.rooms.methods.world_cafe import LARGE, seat_round, tables_in_use

TERRITORIES = ["Dakar", "Turin", "Rabat", "Quito"]


def visited_before(history):
    """Person → tables they sat at in earlier rounds."""
    seen = {}
    for seating in history:
        for p, t in seating.items():
            seen.setdefault(p, set()).add(t)
    return seen


def revisiting(p, t, history, used):
    """Whether `p` at `t` goes back to a table while some table in use is still new to them."""
    seen = visited_before(history).get(p, set())
    return t in seen and len(seen & set(range(used))) < used


def reference_greedy(guests, hosts, counts, history):
    """An independent plain greedy at the given table sizes: each guest, in order, takes the cheapest legal table with room."""
    met = meetings(history)
    last = history[-1] if history else {}
    used = len(counts)
    members = {t: [h] for t, h in hosts.items()}
    seating = {}
    for g in guests:
        best = None
        for t in range(used):
            if len(members[t]) >= counts[t]:
                continue
            bad = 1 if (used > 1 and last.get(g) == t) else 0
            c = (bad, revisiting(g, t, history, used), sum(met.get(frozenset((g, q)), 0) for q in members[t]))
            if best is None or c < best[0]:
                best = (c, t)
        seating[g] = best[1]
        members[best[1]].append(g)
    return seating


def score(seating, history, hosts):
    """(people at last round's table, guests back at a table they saw, repeat meetings), lowest best."""
    last, used = history[-1], len(set(seating.values()))
    guests = [p for p in seating if p not in hosts]
    return (
        sum(1 for p, t in seating.items() if last.get(p) == t),
        sum(1 for p in guests if revisiting(p, seating[p], history, used)),
        repeats(seating, meetings(history)),
    )


def check_round(seating, people, tables, previous_hosts, history):
    used = tables_in_use(len(people), tables)
    assert set(seating.places) == set(people), "everyone is placed"
    assert all(0 <= t < used for t in seating.places.values())
    counts = Counter(seating.places.values())
    assert max(counts.values()) - min(counts[t] for t in range(used)) <= 1, "tables balanced within one"
    assert sorted(seating.hosts) == list(range(used)), "every table in use has a host"
    for t, h in seating.hosts.items():
        assert seating.places[h] == t
    for t, h in previous_hosts.items():
        if t < used:
            assert seating.hosts[t] == h, "hosts stay at their table"
    last = history[-1] if history else {}
    hosts = set(seating.hosts.values())
    if used > 1:
        for p in people:
            if p not in hosts and p in last:
                assert seating.places[p] != last[p], f"{p} changed table"


@settings(max_examples=examples(40), deadline=None)
@given(
    people=st.integers(min_value=1, max_value=36),
    tables=st.integers(min_value=1, max_value=6),
    rounds=st.integers(1, 4),
    seed=st.integers(0, 3),
)
def test_rotation_keeps_hosts_balances_tables_and_moves_everyone(people, tables, rounds, seed):
    ids = list(range(100, 100 + people))
    attributes = {p: {"territory": TERRITORIES[p % 4]} for p in ids}
    history, hosts = [], {}
    for r in range(rounds):
        seating = seat_round(ids, tables, hosts, history, attributes, seed=seed + r)
        check_round(seating, ids, tables, hosts, history)
        if history:
            # The search does at least as well as a plain greedy given the same table sizes.
            hosts_now = set(seating.hosts.values())
            guests = [p for p in ids if p not in hosts_now]
            counts = Counter(seating.places.values())
            greedy = reference_greedy(guests, seating.hosts, [counts[t] for t in range(len(counts))], history)
            reference = {**greedy, **{h: t for t, h in seating.hosts.items()}}
            assert score(seating.places, history, hosts_now) <= score(reference, history, hosts_now)
        hosts = seating.hosts
        history.append(seating.places)


@settings(max_examples=examples(40), deadline=None)
@given(
    people=st.integers(min_value=2, max_value=40),
    tables=st.integers(min_value=1, max_value=7),
    seed=st.integers(0, 3),
    volunteer=st.booleans(),
)
def test_nobody_goes_back_to_a_table_while_a_new_one_is_left(people, tables, seed, volunteer):
    """Each table has its own question: over as many rounds as tables, every guest sees every table once."""
    ids = list(range(100, 100 + people))
    used = tables_in_use(people, tables)
    attributes = {p: {"territory": TERRITORIES[p % 4]} for p in ids}
    history, hosts = [], {}
    for r in range(used):
        seating = seat_round(ids, tables, hosts, history, attributes, volunteers={ids[-1]} if volunteer else set(), seed=seed + r)
        check_round(seating, ids, tables, hosts, history)
        for p in set(ids) - set(seating.hosts.values()):
            assert seating.places[p] not in visited_before(history).get(p, set()), f"round {r + 1}: {p} is back at a table"
        hosts = seating.hosts
        history.append(seating.places)
    for p in set(ids) - set(hosts.values()):
        assert {seating[p] for seating in history} == set(range(used)), f"{p} saw every table"


@settings(max_examples=examples(6), deadline=None)
@given(
    people=st.integers(min_value=LARGE + 2, max_value=700),
    tables=st.integers(min_value=2, max_value=8),
    seed=st.integers(0, 3),
    late=st.integers(0, 3),
)
def test_large_cafes_keep_the_same_rules_at_scale(people, tables, seed, late):
    """Above LARGE guests a round is seated by its rules alone: the same rules, every round, linear time.

    `late` people arrive after the first round: they have seen fewer tables, and then balanced tables may
    leave no seating where nobody sees a table again, so the rotation is checked exactly only without them.
    """
    ids = list(range(100, 100 + people))
    used = tables_in_use(people, tables)
    history, hosts = [], {}
    for r in range(used):
        present = ids if r else ids[late:]
        seating = seat_round(present, tables, hosts, history, seed=seed + r)
        check_round(seating, present, tables, hosts, history)
        for p in set(present) - set(seating.hosts.values()) if not late else ():
            assert seating.places[p] not in visited_before(history).get(p, set()), f"round {r + 1}: {p} is back at a table"
        hosts = seating.hosts
        history.append(seating.places)
    for p in set(ids) - set(hosts.values()) if not late else ():
        assert {seating[p] for seating in history} == set(range(used)), f"{p} saw every table"


def brute_force_minimum(guests, hosts, counts, history):
    """The fewest (revisits, repeat meetings) of any seating at these table sizes that moves every guest."""
    met = meetings(history)
    last = history[-1] if history else {}
    used = len(counts)
    best = None
    for choice in itertools.product(range(used), repeat=len(guests)):
        if used > 1 and any(last.get(g) == t for g, t in zip(guests, choice, strict=True)):
            continue
        seating = {**{h: t for t, h in hosts.items()}, **dict(zip(guests, choice, strict=True))}
        if Counter(seating.values()) != counts:
            continue
        c = (sum(revisiting(g, t, history, used) for g, t in zip(guests, choice, strict=True)), repeats(seating, met))
        best = c if best is None else min(best, c)
    return best


@settings(max_examples=examples(40), deadline=None)
@given(people=st.integers(min_value=4, max_value=10), tables=st.integers(min_value=2, max_value=3), seed=st.integers(0, 5))
def test_repeat_meetings_are_the_minimum_on_small_cafes(people, tables, seed):
    ids = list(range(people))
    history, hosts = [], {}
    for r in range(3):
        seating = seat_round(ids, tables, hosts, history, seed=seed + r)
        if history:
            guests = [p for p in ids if p not in seating.hosts.values()]
            used = len(set(seating.places.values()))
            found = (sum(revisiting(g, seating.places[g], history, used) for g in guests), repeats(seating.places, meetings(history)))
            assert found == brute_force_minimum(guests, seating.hosts, Counter(seating.places.values()), history)
        hosts = seating.hosts
        history.append(seating.places)


def test_nine_people_three_tables_meet_new_people_and_never_move_as_a_block():
    ids = list(range(9))
    history, hosts = [], {0: 0, 1: 1, 2: 2}
    for r in range(3):
        seating = seat_round(ids, 3, hosts, history, seed=r)
        if history:
            last = history[-1]
            for t in range(3):
                came_from = [last[p] for p, tt in seating.places.items() if tt == t and p not in seating.hosts.values()]
                assert len(set(came_from)) == len(came_from), "the two guests of a table come from different tables"
        hosts = seating.hosts
        history.append(seating.places)
    # Over three rounds each guest meets all three hosts, and the two rounds after the first repeat nobody.
    assert repeats(history[1], meetings(history[:1])) == 0
    assert repeats(history[2], meetings(history[:2])) == 0


def test_tables_mix_territories_when_people_give_them():
    ids = list(range(12))
    attributes = {p: {"territory": TERRITORIES[p // 3]} for p in ids}  # four territories of three people
    seating = seat_round(ids, 3, {}, [], attributes, seed=1)
    for t in range(3):
        at_table = [attributes[p]["territory"] for p, tt in seating.places.items() if tt == t]
        assert len(set(at_table)) == len(at_table), f"table {t} mixes territories: {at_table}"


def test_a_volunteer_hosts_a_table_that_has_none():
    seating = seat_round(list(range(8)), 2, {0: 3}, [], volunteers={6})
    assert seating.hosts == {0: 3, 1: 6}


def test_too_few_people_use_fewer_tables():
    assert tables_in_use(5, 4) == 2
    seating = seat_round(list(range(5)), 4, {}, [])
    assert sorted(Counter(seating.places.values()).values()) == [2, 3]
