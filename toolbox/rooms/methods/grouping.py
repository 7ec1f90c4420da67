"""Putting people into tables or groups: balanced sizes, few repeat meetings, mixed attributes.

Pure functions on participant ids, used by the world café (seating each round) and the group board
(forming groups). The search is greedy, then improved by moving and swapping people while that lowers
the cost, from a few shuffled starts; with a seeded random generator the result is reproducible.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from .assignment import balanced_assignment

# The cost of a seating, most important first: sitting again at a forbidden table (last round's),
# going back to a table visited earlier, meeting someone again (per earlier meeting), sharing an
# attribute value with a table mate.
FORBIDDEN = 10**12
REVISIT = 10**9
REPEAT = 10**6
CLASH = 1

Meetings = Mapping[frozenset[int], int]


def sizes(total: int, groups: int) -> list[int]:
    """Group sizes within one of each other, larger first: sizes(10, 3) == [4, 3, 3]."""
    if groups <= 0:
        return []
    base, extra = divmod(total, groups)
    return [base + 1 if i < extra else base for i in range(groups)]


def meetings(rounds: Iterable[Mapping[int, int | None]]) -> Counter[frozenset[int]]:
    """How many times each pair shared a place, over rounds of person → place (None: not seated)."""
    met: Counter[frozenset[int]] = Counter()
    for seating in rounds:
        by_place: dict[int, list[int]] = {}
        for person, place in seating.items():
            if place is not None:
                by_place.setdefault(place, []).append(person)
        for people in by_place.values():
            met.update(frozenset(pair) for pair in combinations(sorted(people), 2))
    return met


def repeats(seating: Mapping[int, int | None], met: Meetings) -> int:
    """Earlier meetings repeated by this seating (a pair who met twice before counts twice)."""
    return sum(met.get(pair, 0) for pair in meetings([seating]))


def clashes(seating: Mapping[int, int | None], attributes: Mapping[int, Mapping[str, str]]) -> int:
    """Pairs at the same place who share a territory, role or expertise."""
    return sum(_shared(a, b, attributes) for pair in meetings([seating]) for a, b in [tuple(pair)])


def _shared(a: int, b: int, attributes: Mapping[int, Mapping[str, str]]) -> int:
    mine, theirs = attributes.get(a) or {}, attributes.get(b) or {}
    return sum(1 for key, value in mine.items() if value and theirs.get(key) == value)


@dataclass
class Problem:
    """People to place in `groups` places, around people already fixed there (hosts)."""

    people: list[int]
    groups: int
    fixed: dict[int, int]  # person → place, counted in the sizes, never moved
    met: Meetings
    attributes: Mapping[int, Mapping[str, str]]
    forbidden: Mapping[int, set[int]]  # person → places they must avoid (where they sat last round)
    revisits: Mapping[int, set[int]] = field(default_factory=dict)  # person → places to avoid if they can
    # Per place, (fewest, most) of `people` it may take: set when a seating within these sizes that pays
    # no penalty keeps the next rounds possible too (a world café's tables still to visit); sizes then stay.
    room: Sequence[tuple[int, int]] | None = None
    _pairs: dict[tuple[int, int], int] | None = field(default=None, init=False, repr=False)

    def pair_cost(self, a: int, b: int) -> int:
        """What seating `a` and `b` together costs (looked up in `pairs`, which prices every pair once)."""
        return self.pairs().get((a, b), 0)

    def pairs(self) -> dict[tuple[int, int], int]:
        """The non-zero pair costs among everyone (people and fixed), both orders, computed once.

        The search prices the same pairs thousands of times; hashing a frozenset and comparing
        attributes on each of those lookups was most of its time.
        """
        if self._pairs is None:
            traits = {p: {(k, v) for k, v in (self.attributes.get(p) or {}).items() if v} for p in self.everyone()}
            table: dict[tuple[int, int], int] = {}
            for a, b in combinations(traits, 2):
                c = REPEAT * self.met.get(frozenset((a, b)), 0) + CLASH * len(traits[a] & traits[b])
                if c:
                    table[(a, b)] = table[(b, a)] = c
            self._pairs = table
        return self._pairs

    def penalty(self, person: int, place: int) -> int:
        """What seating `person` at `place` costs on its own: a forbidden or an already visited place."""
        if place in self.forbidden.get(person, ()):
            return FORBIDDEN
        return REVISIT if place in self.revisits.get(person, ()) else 0

    def everyone(self) -> list[int]:
        """The people to place, then the fixed ones."""
        placing = set(self.people)
        return [*self.people, *(p for p in self.fixed if p not in placing)]

    def bounds(self) -> tuple[int, int, int]:
        """(smallest size, largest size, how many places take the largest) over everyone."""
        total, n = len(self.people) + len(self.fixed), self.groups
        small, extra = divmod(total, n)
        return small, small + (1 if extra else 0), extra


def cost(problem: Problem, seating: Mapping[int, int]) -> int:
    """The cost of a full seating (people and fixed) under `problem`."""
    members: dict[int, list[int]] = {}
    for person, place in {**problem.fixed, **seating}.items():
        members.setdefault(place, []).append(person)
    pairs = problem.pairs()
    total = sum(pairs.get((a, b), 0) for people in members.values() for a, b in combinations(people, 2))
    return total + sum(problem.penalty(p, g) for p, g in seating.items())


def place_people(problem: Problem, seed: int = 0, starts: int | None = None, kicks: int | None = None) -> dict[int, int]:
    """The best seating found of `problem.people` (person → place), sizes balanced within one.

    Each start is a greedy seating improved by moves and swaps; then, a few times, a handful of random
    swaps shake it out of its dead end and it is improved again, keeping it only if it got cheaper.
    """
    if not problem.people or problem.groups <= 0:
        return {}
    rng = random.Random(seed)
    small = len(problem.people) <= 40
    starts = starts if starts is not None else (6 if small else 2)
    kicks = kicks if kicks is not None else (12 if small else 3)
    best: dict[int, int] | None = None
    best_cost = 0
    ruled, keep_sizes = _keeping_the_rules(problem) if problem.revisits else (None, False)
    # A seating that pays no penalty is the first start. Within a given `room`, its sizes are kept: the
    # greedy starts fill the same sizes, and only swaps improve them.
    room = Counter(ruled.values()) if keep_sizes and ruled is not None else None
    firsts = [ruled] if ruled is not None else []
    for start in range(len(firsts) + starts):
        # Then one that seats the most constrained people first; one in the given order; the others in
        # shuffled orders.
        order = list(problem.people)
        if start > len(firsts) + 1:
            rng.shuffle(order)
        if start < len(firsts):
            begin = dict(firsts[start])
        else:
            begin = _greedy(problem, order, rng, constrained_first=start == len(firsts), room=room)
        seating = _improve(problem, begin, rng, keep_sizes)
        current = cost(problem, seating)
        for _ in range(kicks):
            shaken = _kick(problem, dict(seating), rng, keep_sizes)
            c = cost(problem, shaken)
            if c < current:
                seating, current = shaken, c
        if best is None or current < best_cost:
            best, best_cost = seating, current
    assert best is not None
    return best


def _keeping_the_rules(problem: Problem) -> tuple[dict[int, int] | None, bool]:
    """A seating in which nobody pays a place's penalty, if there is one, and whether it is within `room`."""
    allowed = {p: [g for g in range(problem.groups) if not problem.penalty(p, g)] for p in problem.people}
    if problem.room is not None:
        found = balanced_assignment(allowed, [lo for lo, _ in problem.room], [hi for _, hi in problem.room])
        if found is not None:
            return found, True
    small, large, _ = problem.bounds()  # no seating keeps every rule within `room`: balance alone then
    fixed = Counter(problem.fixed.values())
    groups = range(problem.groups)
    return balanced_assignment(allowed, [small - fixed[g] for g in groups], [large - fixed[g] for g in groups]), False


def _kick(problem: Problem, seating: dict[int, int], rng: random.Random, keep_sizes: bool = False, swaps: int = 3) -> dict[int, int]:
    """A few random swaps between places (sizes unchanged), then improved again."""
    people = list(seating)
    for _ in range(swaps):
        a, b = rng.sample(people, 2) if len(people) > 1 else (people[0], people[0])
        seating[a], seating[b] = seating[b], seating[a]
    return _improve(problem, seating, rng, keep_sizes)


def greedy(problem: Problem, seed: int = 0) -> dict[int, int]:
    """One greedy pass in the given order: each person takes the cheapest place with room left."""
    return _greedy(problem, list(problem.people), random.Random(seed), constrained_first=False)


def _greedy(
    problem: Problem, order: list[int], rng: random.Random, constrained_first: bool = True, room: Counter[int] | None = None
) -> dict[int, int]:
    """Each person in turn takes the cheapest place with room left (`room`: how many each place takes, if fixed)."""
    small, large, extra = problem.bounds()
    members: dict[int, list[int]] = {g: [p for p, f in problem.fixed.items() if f == g] for g in range(problem.groups)}
    seating: dict[int, int] = {}
    placed: Counter[int] = Counter()
    if constrained_first:  # people with the most earlier meetings among those to place go first
        pairs = problem.pairs()
        weight = {p: sum(pairs.get((p, q), 0) for q in problem.people if q != p) for p in order}
        order = sorted(order, key=lambda p: -weight[p])
    for person in order:
        at_large = sum(1 for m in members.values() if len(m) >= large) if large > small else 0
        choices = []
        for g in range(problem.groups):
            size = len(members[g])
            if room is not None and placed[g] >= room[g]:
                continue  # as many people placed here as the fixed sizes give it
            if size >= large or (size == small and large > small and at_large >= extra):
                continue  # full, or would take a larger size than the balance allows
            added = sum(problem.pair_cost(person, q) for q in members[g])
            added += problem.penalty(person, g)
            choices.append((added, size, rng.random(), g))
        if not choices:  # only when fixed people alone overfill the places: put them anywhere smallest
            choices = [(0, len(members[g]), rng.random(), g) for g in range(problem.groups)]
        _, _, _, g = min(choices)
        seating[person] = g
        placed[g] += 1
        members[g].append(person)
    return seating


def _improve(problem: Problem, seating: dict[int, int], rng: random.Random, keep_sizes: bool = False) -> dict[int, int]:
    """Move or swap people while that lowers the cost, keeping sizes within one of each other.

    `at[p][g]` is what person p would pay at place g (their pair costs with its members, plus the
    place's own penalty), kept up to date, so each candidate move or swap is priced in constant time.
    """
    small, large, _ = problem.bounds()
    everyone = {**problem.fixed, **seating}
    pairs = problem.pairs()
    sizes_now = Counter(everyone.values())
    at = {p: [problem.penalty(p, g) for g in range(problem.groups)] for p in seating}
    for (p, q), c in pairs.items():
        if p in at and q in everyone:
            at[p][everyone[q]] += c

    def relocate(person: int, source: int, target: int) -> None:
        for q in seating:
            c = pairs.get((q, person), 0)
            if c:
                at[q][source] -= c
                at[q][target] += c
        sizes_now[source] -= 1
        sizes_now[target] += 1
        seating[person] = target

    people = list(seating)
    for _ in range(50):
        improved = False
        rng.shuffle(people)
        # A move from a larger place to a smaller one swaps which of them is larger: balance holds.
        if large > small and not keep_sizes:
            for a in people:
                ga = seating[a]
                if sizes_now[ga] != large:
                    continue
                target = min((g for g in range(problem.groups) if sizes_now[g] == small), key=lambda g: at[a][g], default=None)
                if target is not None and at[a][target] < at[a][ga]:
                    relocate(a, ga, target)
                    improved = True
        for i, a in enumerate(people):
            for b in people[i + 1 :]:
                ga, gb = seating[a], seating[b]
                if ga == gb:
                    continue
                c = pairs.get((a, b), 0)
                if at[a][gb] - c + at[b][ga] - c < at[a][ga] + at[b][gb]:
                    relocate(a, ga, gb)
                    relocate(b, gb, ga)
                    improved = True
        if not improved:
            break
    return seating
