"""Grouping at scale: mixing by dealing and counted swaps, territories packed by buckets of free room.

For rooms too large for the searches in grouping.py and group_board.py, whose swap loops are quadratic in
people. Mixing: a clash is a pair in one group sharing an attribute value, so a group's clashes are
Σ C(count, 2) over the counts of the values in it; a swap or a move changes only the counts of the values
of the people it moves, so it is priced in O(attributes) from a counter per group. Territories: the same
packing as group_board's, with groups found by their free room instead of by scanning them all, and swaps
looked for only where a territory shares a group with others. Memory stays linear: no table of pairs.
"""

from __future__ import annotations

import heapq
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from math import comb

# Each person in a clash prices swaps with PARTNERS random people a pass, more while a pass prices fewer
# than BUDGET swaps (a few hundredths of a second each); PASSES at most. For 5,000 people in groups of
# five, the clashes that can be avoided are gone after two or three passes.
PARTNERS = 12
BUDGET = 50_000
PASSES = 6
# The greedy start tries every group for every person: only while that is this many tries or fewer.
GREEDY_WORK = 250_000

Signature = tuple[int, ...]


def signatures(people: Sequence[int], attributes: Mapping[int, Mapping[str, str]]) -> dict[int, Signature]:
    """Each person's attribute values as small ids, sorted for dealing; values nobody else has are left out.

    Ids are given key by key, the key with the largest group of one value first, and within a key the
    most common value first: sorting people by their signatures then lines up who is hardest to spread.
    """
    counts: Counter[tuple[str, str]] = Counter((k, v) for p in people for k, v in (attributes.get(p) or {}).items() if v)
    shared = {kv: n for kv, n in counts.items() if n >= 2}  # a value held once never clashes
    largest: dict[str, int] = {}
    for (k, _), n in shared.items():
        largest[k] = max(largest.get(k, 0), n)
    rank = {k: i for i, k in enumerate(sorted(largest, key=lambda k: (-largest[k], k)))}
    ordered = sorted(shared, key=lambda kv: (rank[kv[0]], -shared[kv], kv[1]))
    ids = {kv: i for i, kv in enumerate(ordered)}
    out = {}
    for p in people:
        mine = attributes.get(p) or {}
        out[p] = tuple(sorted(ids[(k, v)] for k, v in mine.items() if (k, v) in ids))
    return out


def deal(people: Sequence[int], free: Sequence[int], signature: Mapping[int, Signature]) -> dict[int, int]:
    """People sorted by signature, dealt in turn into the places left (`free[g]` in group g).

    People sharing a value sit next to each other in that order, so dealing sends them to different
    groups, as many as there are places in a round.
    """
    slots = [g for r in range(max(free, default=0)) for g, room in enumerate(free) if room > r]
    order = sorted(people, key=lambda p: (signature[p], p))
    return {p: slots[i] for i, p in enumerate(order)}


def spread(
    people: Sequence[int],
    free: Sequence[int],
    attributes: Mapping[int, Mapping[str, str]],
    fixed: Mapping[int, int] | None = None,
    seed: int = 0,
) -> dict[int, int]:
    """`people` (person → group) in the places left around `fixed` people, with few pairs sharing a value.

    `free[g]` is how many of `people` group g takes (they must add up to len(people)). People are dealt
    by signature and, while that is cheap, also placed greedily one by one; each start is improved by
    swaps, and the one with fewer clashes is kept.
    """
    fixed = dict(fixed or {})
    signature = signatures([*people, *fixed], attributes)
    starts = [deal(people, free, signature)]
    if len(free) < 2 or not any(signature[p] for p in people):
        return starts[0]
    if len(people) * len(free) <= GREEDY_WORK:
        starts.append(greedy(people, free, signature, fixed))
    floor = _fewest_clashes(signature.values(), len(free))
    improved = [_improve(start, fixed, len(free), signature, floor, random.Random(seed)) for start in starts]
    return min(improved, key=lambda found: found[1])[0]


def greedy(people: Sequence[int], free: Sequence[int], signature: Mapping[int, Signature], fixed: Mapping[int, int]) -> dict[int, int]:
    """Each person in turn joins the group with room where the fewest share a value with them (the lowest of equals)."""
    counts: list[Counter[int]] = [Counter() for _ in free]
    for p, g in fixed.items():
        counts[g].update(signature[p])
    room = list(free)
    open_groups = [g for g, r in enumerate(room) if r > 0]
    seating = {}
    for p in people:
        mine = signature[p]
        best, best_g = -1, open_groups[0]
        for g in open_groups:
            here = counts[g]
            shared = 0
            for v in mine:
                shared += here.get(v, 0)
            if best < 0 or shared < best:
                best, best_g = shared, g
                if not shared:
                    break  # nobody shares a value: no later group does better
        seating[p] = best_g
        counts[best_g].update(mine)
        room[best_g] -= 1
        if not room[best_g]:
            open_groups.remove(best_g)
    return seating


def _improve(
    start: Mapping[int, int], fixed: Mapping[int, int], count: int, signature: Mapping[int, Signature], floor: int, rng: random.Random
) -> tuple[dict[int, int], int]:
    """Swaps (and moves to a group one smaller) while they lower the clashes; the seating and its clashes.

    Each pass, each person in a clash prices swaps with random people of other groups and takes the best
    that lowers the clashes; it stops within 1 % of `floor`, after a pass that took away less than 1 % of
    them, or after PASSES.
    """
    seating = dict(start)
    people = list(seating)
    members: list[list[int]] = [[] for _ in range(count)]
    counts: list[dict[int, int]] = [{} for _ in range(count)]  # plain dicts: a missing value is .get(v, 0), fast
    size = [0] * count
    for p, g in [*seating.items(), *fixed.items()]:
        for v in signature[p]:
            counts[g][v] = counts[g].get(v, 0) + 1
        size[g] += 1
    for p, g in seating.items():
        members[g].append(p)
    clashes = sum(comb(n, 2) for c in counts for n in c.values())

    def relocate(person: int, source: int, target: int) -> None:
        seating[person] = target
        members[source].remove(person)  # a group's list is a handful of people
        members[target].append(person)
        for v in signature[person]:
            counts[source][v] -= 1
            counts[target][v] = counts[target].get(v, 0) + 1
        size[source] -= 1
        size[target] += 1

    before = None
    for _ in range(PASSES):
        if clashes - floor <= clashes // 100:
            break  # within 1 % of every value spread as evenly as the number of groups allows
        if before is not None and (before - clashes) * 100 < before:
            break  # the last pass took away less than 1 % of the clashes: the next would do less
        before = clashes
        clashing = [p for p in people if any(counts[seating[p]][v] > 1 for v in signature[p])]
        rng.shuffle(clashing)
        # A pass prices about BUDGET swaps: everyone once each in a room of a few hundred, PARTNERS at
        # least each when thousands clash. Each person takes a slice of one shuffle of everyone.
        partners = min(len(people), max(PARTNERS, BUDGET // max(1, len(clashing))))
        pool = list(people)
        rng.shuffle(pool)
        for a in clashing:
            ga, mine = seating[a], signature[a]
            here = counts[ga]
            if all(here[v] < 2 for v in mine):
                continue  # an earlier swap took this clash away
            mates = {v: here[v] - 1 for v in mine}  # who shares each of a's values where a is now
            best, best_b, best_g = 0, None, -1
            offset = rng.randrange(len(pool) - partners + 1)
            for b in pool[offset : offset + partners]:
                gb = seating[b]
                if gb == ga:
                    continue
                there, theirs = counts[gb], signature[b]
                move = delta = 0  # a moving alone; a swapped with b (a value both have changes no count)
                for v in mine:
                    change = there.get(v, 0) - mates[v]
                    move += change
                    if v not in theirs:
                        delta += change
                for v in theirs:
                    if v not in mates:
                        delta += here.get(v, 0) - there[v] + 1
                if delta < best:
                    best, best_b, best_g = delta, b, gb
                if move < best and size[gb] < size[ga]:  # a move keeps sizes within one: the groups swap which is larger
                    best, best_b, best_g = move, None, gb
            if best_g < 0:
                continue
            relocate(a, ga, best_g)
            if best_b is not None:
                relocate(best_b, best_g, ga)
            clashes += best
    return seating, clashes


def _fewest_clashes(signatures: Iterable[Signature], groups: int) -> int:
    """A lower bound on the clashes: each value spread as evenly as `groups` groups allow."""
    total = Counter(v for signature in signatures for v in signature)
    bound = 0
    for n in total.values():
        each, extra = divmod(n, groups)
        bound += extra * comb(each + 1, 2) + (groups - extra) * comb(each, 2)
    return bound


def pack(clusters: Sequence[Sequence[int]], capacity: Sequence[int]) -> dict[int, int]:
    """Each cluster in turn into the group with the least room that holds all of it, else filling the roomiest.

    The packing of group_board's `_best_fit` (same choices, ties to the lowest group), with the groups kept
    in heaps by their free room: each choice costs the number of room sizes, not the number of groups.
    """
    free = list(capacity)
    by_room: list[list[int]] = [[] for _ in range(max(free, default=0) + 1)]
    for g, room in enumerate(free):
        by_room[room].append(g)  # in order: already a heap

    def first(room: int) -> int | None:
        """The lowest group with exactly `room` places free (entries left by groups since filled are dropped)."""
        heap = by_room[room]
        while heap and free[heap[0]] != room:
            heapq.heappop(heap)
        return heap[0] if heap else None

    seating: dict[int, int] = {}
    for cluster in clusters:
        members = list(cluster)
        while members:
            fits = (first(room) for room in range(len(members), len(by_room)))
            g = next((g for g in fits if g is not None), None)
            if g is None:  # no group holds them all: the roomiest takes what it can
                g = next(g for room in range(len(by_room) - 1, 0, -1) if (g := first(room)) is not None)
            take = members[: free[g]]
            for p in take:
                seating[p] = g
            free[g] -= len(take)
            heapq.heappush(by_room[free[g]], g)
            members = members[len(take) :]
    return seating


def gather(start: Mapping[int, int], capacity: Sequence[int], territory: Mapping[int, str], passes: int = 20) -> dict[int, int]:
    """Moves into free places and swaps between groups while they keep more people of a territory together.

    What group_board's `_improve_together` does, without trying every pair: a move or swap of a person of
    territory t gains only if it goes to a group holding at least as many of t as their own, and that group
    has a free place or someone of another territory. Those groups are kept per territory (`open_to`), so
    a big territory filling whole groups is not scanned again and again.
    """
    seating = dict(start)
    count = len(capacity)
    held: list[Counter[str]] = [Counter() for _ in range(count)]
    members: list[list[int]] = [[] for _ in range(count)]
    free = list(capacity)
    for p, g in seating.items():
        held[g][territory[p]] += 1
        members[g].append(p)
        free[g] -= 1
    open_to: dict[str, set[int]] = {}

    def refresh(g: int) -> None:
        """Whether each territory of group g may gain there: a free place, or someone of another territory."""
        mixed = free[g] > 0 or len(held[g]) > 1
        for t in held[g]:
            if mixed:
                open_to.setdefault(t, set()).add(g)
            else:
                open_to.get(t, set()).discard(g)

    def leave(p: int, g: int) -> None:
        t = territory[p]
        held[g][t] -= 1
        if not held[g][t]:
            del held[g][t]
            open_to.get(t, set()).discard(g)
        members[g].remove(p)
        free[g] += 1

    def enter(p: int, g: int) -> None:
        held[g][territory[p]] += 1
        members[g].append(p)
        free[g] -= 1
        seating[p] = g

    for g in range(count):
        refresh(g)
    people = sorted(seating)
    for _ in range(passes):
        improved = False
        for a in people:
            ta, ga = territory[a], seating[a]
            mine = held[ga][ta]
            best, best_b, best_g = 0, None, -1
            for gb in sorted(open_to.get(ta, ())):  # sorted: the same result on every run
                if gb == ga or held[gb][ta] < mine:
                    continue
                gain = held[gb][ta] - mine + 1
                if free[gb] > 0 and gain > best:
                    best, best_b, best_g = gain, None, gb
                for b in members[gb]:
                    tb = territory[b]
                    if tb != ta:
                        swap = gain + held[ga][tb] - held[gb][tb] + 1
                        if swap > best:
                            best, best_b, best_g = swap, b, gb
            if best_g < 0:
                continue
            leave(a, ga)
            if best_b is not None:
                leave(best_b, best_g)
                enter(best_b, ga)
            enter(a, best_g)
            refresh(ga)
            refresh(best_g)
            improved = True
        if not improved:
            break
    return seating
