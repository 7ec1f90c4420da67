"""Forming groups as properties: for any number of people and any settings, everyone placed once, within the cap, balanced."""

from __future__ import annotations

import random
from collections import Counter
from itertools import combinations
from math import ceil

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import examples
from toolbox.rooms.methods.dealing import pack
from toolbox.rooms.methods.group_board import LARGE, _best_fit, form_groups, group_count, smallest_group, territory_groups, together
from toolbox.rooms.methods.grouping import clashes, sizes

TERRITORIES = ["Dakar", "Turin", "Rabat", "Quito", "Tunis", ""]
ROLES = ["local authority", "NGO", "diaspora", "research", ""]

people_st = st.integers(min_value=1, max_value=40)
cap_st = st.integers(min_value=2, max_value=8)
groups_st = st.one_of(st.none(), st.integers(min_value=1, max_value=12))


def attribute_lists(n: int):
    return st.lists(st.tuples(st.sampled_from(TERRITORIES), st.sampled_from(ROLES)), min_size=n, max_size=n)


def as_attributes(ids, drawn):
    return {p: {k: v for k, v in (("territory", t), ("role", r)) if v} for p, (t, r) in zip(ids, drawn, strict=True)}


def check_groups(placed, ids, count, largest):
    assert sorted(placed) == sorted(ids), "everyone placed exactly once"
    counts = Counter(placed.values())
    assert set(counts) == set(range(count)), "every group has someone, and no group outside the count"
    assert max(counts.values()) <= largest, f"a group over the cap of {largest}: {counts}"
    assert max(counts.values()) - min(counts.values()) <= 1, f"sizes within one: {counts}"


@settings(max_examples=examples(60), deadline=None)
@given(
    n=people_st,
    largest=cap_st,
    groups=groups_st,
    grouping=st.sampled_from(["random", "mixed", "territory"]),
    seed=st.integers(0, 5),
    data=st.data(),
)
def test_everyone_is_placed_once_within_the_cap_and_balanced(n, largest, groups, grouping, seed, data):
    ids = list(range(100, 100 + n))
    attributes = as_attributes(ids, data.draw(attribute_lists(n)))
    count = group_count(n, grouping, groups, largest)
    assert count >= ceil(n / largest), "enough groups for the cap"
    if groups and ceil(n / largest) <= groups <= n // 2:
        assert count == groups, "the number of groups asked for, when the cap allows it"
    placed = form_groups(ids, count, grouping, attributes, seed=seed)
    check_groups(placed, ids, count, largest)


@settings(max_examples=examples(60), deadline=None)
@given(n=st.integers(0, 30), groups=groups_st, largest=cap_st)
def test_one_board_each_or_one_for_the_room(n, groups, largest):
    ids = list(range(n))
    individual = form_groups(ids, group_count(n, "individual", groups, largest), "individual")
    assert sorted(Counter(individual.values()).values()) == [1] * n and sorted(individual) == ids
    plenary = form_groups(ids, group_count(n, "plenary", groups, largest), "plenary")
    assert set(plenary.values()) <= {0} and sorted(plenary) == ids
    assert form_groups(ids, group_count(n, "self", groups, largest), "self") == {}, "people choose their group themselves"
    assert group_count(n, "self", groups, largest) >= max(1, groups or 0, ceil(n / largest))


def reference_mixing(ids, count, attributes):
    """An independent simple greedy: each person, in turn, joins the group (with room) sharing the fewest attributes."""
    capacity = sizes(len(ids), count)
    members: dict[int, list[int]] = {g: [] for g in range(count)}
    seating = {}

    def shared(p, g):
        mine = attributes.get(p, {})
        return sum(1 for q in members[g] for k, v in mine.items() if attributes.get(q, {}).get(k) == v)

    for p in ids:
        g = min((g for g in range(count) if len(members[g]) < capacity[g]), key=lambda g, p=p: (shared(p, g), g))
        members[g].append(p)
        seating[p] = g
    return seating


@settings(max_examples=examples(40), deadline=None)
@given(n=st.integers(2, 36), largest=cap_st, groups=groups_st, seed=st.integers(0, 3), data=st.data())
def test_mixed_groups_mix_at_least_as_well_as_a_simple_greedy(n, largest, groups, seed, data):
    ids = list(range(n))
    attributes = as_attributes(ids, data.draw(attribute_lists(n)))
    count = group_count(n, "mixed", groups, largest)
    placed = form_groups(ids, count, "mixed", attributes, seed=seed)
    normal = {p: {k: v.casefold() for k, v in a.items()} for p, a in attributes.items()}
    assert clashes(placed, normal) <= clashes(reference_mixing(ids, count, normal), normal)


def test_mixed_groups_spread_each_territory_when_they_can():
    ids = list(range(12))
    attributes = {p: {"territory": TERRITORIES[p // 3]} for p in ids}  # four territories of three people
    placed = form_groups(ids, 3, "mixed", attributes, seed=2)
    for g in range(3):
        territories = [attributes[p]["territory"] for p, gg in placed.items() if gg == g]
        assert len(set(territories)) == len(territories) == 4, f"group {g} mixes every territory: {territories}"


def test_attributes_are_compared_as_people_type_them():
    ids = list(range(4))
    attributes = {0: {"territory": "Dakar"}, 1: {"territory": " dakar"}, 2: {"territory": "Turin"}, 3: {"territory": "TURIN "}}
    placed = form_groups(ids, 2, "mixed", attributes)
    assert placed[0] != placed[1] and placed[2] != placed[3]
    placed = form_groups(ids, 2, "territory", attributes)
    assert placed[0] == placed[1] and placed[2] == placed[3]


@settings(max_examples=examples(60), deadline=None)
@given(n=st.integers(2, 36), largest=cap_st, groups=groups_st, seed=st.integers(0, 3), data=st.data())
def test_territory_groups_keep_a_territory_together_where_it_fits(n, largest, groups, seed, data):
    ids = list(range(n))
    attributes = as_attributes(ids, data.draw(attribute_lists(n)))
    count = group_count(n, "territory", groups, largest)
    placed = form_groups(ids, count, "territory", attributes, seed=seed)
    check_groups(placed, ids, count, largest)
    territory = {p: attributes[p].get("territory", "") for p in ids}
    teams = Counter(t for t in territory.values() if t)
    smallest = min(Counter(placed.values()).values())
    big_teams = [t for t, k in teams.items() if k >= 2]
    if len(big_teams) <= count and all(teams[t] <= smallest for t in big_teams):
        for t in big_teams:
            assert len({placed[p] for p in ids if territory[p] == t}) == 1, f"{t} fits in one group, so it stays together"
    # No swap of two people between groups keeps more people of a territory together.
    best = together(placed, attributes)
    for a in ids:
        for b in ids:
            if a < b and placed[a] != placed[b]:
                swapped = {**placed, a: placed[b], b: placed[a]}
                assert together(swapped, attributes) <= best, f"swapping {a} and {b} keeps more together"


def reference_in_turn(ids, count, attributes):
    """A simple greedy: people sorted by territory fill the groups one after the other."""
    order = sorted(ids, key=lambda p: (attributes[p].get("territory", "~"), p))
    capacity = sizes(len(ids), count)
    seating, g, used = {}, 0, 0
    for p in order:
        if used >= capacity[g]:
            g, used = g + 1, 0
        seating[p] = g
        used += 1
    return seating


@settings(max_examples=examples(50), deadline=None)
@given(n=st.integers(2, 36), largest=cap_st, seed=st.integers(0, 3), data=st.data())
def test_territory_groups_keep_at_least_as_many_together_as_sorting_by_territory(n, largest, seed, data):
    ids = list(range(n))
    attributes = as_attributes(ids, data.draw(attribute_lists(n)))
    count = group_count(n, "territory", None, largest)
    placed = territory_groups(ids, count, attributes, seed=seed)
    assert together(placed, attributes) >= together(reference_in_turn(ids, count, attributes), attributes)


def improving_swap(placed, territory):
    """Two (group, territory) pairs between which a swap keeps more of a territory together, if there are any.

    Priced from counts (a swap changes only its two territories in its two groups), and tried once for
    each two pairs rather than each two people: a room of hundreds is checked in a fraction of a second.
    """
    held = Counter((g, territory[p]) for p, g in placed.items())
    for (ga, ta), (gb, tb) in combinations(held, 2):
        if ga != gb and ta != tb:
            gain = (held[(gb, ta)] - held[(ga, ta)] + 1 if ta else 0) + (held[(ga, tb)] - held[(gb, tb)] + 1 if tb else 0)
            if gain > 0:
                return (ga, ta), (gb, tb)
    return None


def large_attributes(ids, seed):
    """Territories and roles for hundreds of people, drawn from a seed (drawing each through Hypothesis is slow)."""
    rng = random.Random(seed)
    return as_attributes(ids, [(rng.choice(TERRITORIES), rng.choice(ROLES)) for _ in ids])


@settings(max_examples=examples(5), deadline=None)
@given(n=st.integers(LARGE + 1, 600), largest=cap_st, groups=groups_st, seed=st.integers(0, 3), drawn=st.integers(0, 2**32))
def test_large_rooms_mix_at_least_as_well_as_a_simple_greedy(n, largest, groups, seed, drawn):
    ids = list(range(n))
    attributes = large_attributes(ids, drawn)
    count = group_count(n, "mixed", groups, largest)
    placed = form_groups(ids, count, "mixed", attributes, seed=seed)
    check_groups(placed, ids, count, largest)
    normal = {p: {k: v.casefold() for k, v in a.items()} for p, a in attributes.items()}
    assert clashes(placed, normal) <= clashes(reference_mixing(ids, count, normal), normal)


@settings(max_examples=examples(5), deadline=None)
@given(n=st.integers(LARGE + 1, 600), largest=cap_st, groups=groups_st, seed=st.integers(0, 3), drawn=st.integers(0, 2**32))
def test_large_rooms_keep_territories_together_by_the_same_rules(n, largest, groups, seed, drawn):
    ids = list(range(n))
    attributes = large_attributes(ids, drawn)
    count = group_count(n, "territory", groups, largest)
    placed = form_groups(ids, count, "territory", attributes, seed=seed)
    check_groups(placed, ids, count, largest)
    assert together(placed, attributes) >= together(reference_in_turn(ids, count, attributes), attributes)
    assert improving_swap(placed, {p: attributes[p].get("territory", "") for p in ids}) is None


@settings(max_examples=examples(30), deadline=None)
@given(
    clusters=st.lists(st.integers(2, 12), max_size=12),
    groups=st.integers(1, 12),
    spare=st.integers(0, 20),
)
def test_packing_at_scale_packs_as_the_search_does(clusters, groups, spare):
    people = iter(range(1000))
    order = sorted(([next(people) for _ in range(k)] for k in clusters), key=len, reverse=True)
    capacity = sizes(sum(clusters) + spare, groups)
    assert pack(order, capacity) == _best_fit(order, capacity)


def test_territory_groups_put_the_others_in_the_places_left():
    ids = list(range(10))
    attributes = {p: {"territory": "Dakar"} for p in range(4)} | {p: {"territory": "Turin"} for p in range(4, 7)} | {7: {}, 8: {}, 9: {}}
    placed = form_groups(ids, 2, "territory", attributes)
    assert len({placed[p] for p in range(4)}) == 1 and len({placed[p] for p in range(4, 7)}) == 1
    assert sorted(Counter(placed.values()).values()) == [5, 5]


def test_the_number_of_groups():
    assert group_count(20, "random", 4, 5) == 4
    assert group_count(22, "random", 4, 5) == 5, "never a group over the cap"
    assert group_count(23, "mixed", None, 5) == 5, "ceil(n / max_group_size)"
    assert group_count(3, "random", 4, 5) == 1, "no group of one when there are few people"
    assert group_count(3, "random", None, 1) == 3, "unless the cap asks for it"
    assert group_count(0, "self", 4, 5) == 4
    assert group_count(30, "self", 4, 5) == 6


@given(sizes_now=st.lists(st.integers(0, 6), min_size=1, max_size=8), largest=st.integers(1, 6))
def test_a_late_joiner_goes_to_the_smallest_group_with_room(sizes_now, largest):
    members = {}
    pid = 0
    for g, k in enumerate(sizes_now):
        for _ in range(k):
            members[pid] = g
            pid += 1
    g = smallest_group(members, len(sizes_now), largest)
    open_sizes = [k for k in sizes_now if k < largest]
    if open_sizes:
        assert sizes_now[g] == min(open_sizes)
    else:
        assert g == len(sizes_now), "a new group when every group is full"
