"""A seating that keeps hard rules (allowed places, balanced sizes) when one exists, found as a flow.

The local search in `grouping` prices rules as costs and can miss the one seating that keeps them all,
as in a world café's last round, where each guest has exactly one table left to visit. A maximum flow
finds such a seating whenever there is one; the search then improves it without breaking a rule.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence


def balanced_assignment(allowed: Mapping[int, Sequence[int]], least: Sequence[int], most: Sequence[int]) -> dict[int, int] | None:
    """Person → place within `allowed`, place g taking from `least[g]` to `most[g]` people; None if impossible."""
    people = list(allowed)
    extra = len(people) - sum(least)
    if any(lo < 0 or hi < lo for lo, hi in zip(least, most, strict=True)) or extra < 0:
        return None
    # Each place's `least` seats go straight to the sink; `spare` hands out the `extra` seats left over.
    source, sink, spare = 0, 1, 2
    place_node = {g: 3 + g for g in range(len(least))}
    person_node = {p: 3 + len(least) + i for i, p in enumerate(people)}
    capacity: dict[int, dict[int, int]] = {}

    def edge(u: int, v: int, c: int) -> None:
        capacity.setdefault(u, {})[v] = capacity.get(u, {}).get(v, 0) + c
        capacity.setdefault(v, {}).setdefault(u, 0)

    edge(spare, sink, extra)
    for g, (lo, hi) in enumerate(zip(least, most, strict=True)):
        edge(place_node[g], sink, lo)
        edge(place_node[g], spare, hi - lo)
    for p in people:
        edge(source, person_node[p], 1)
        for g in sorted(set(allowed[p])):
            if g in place_node:
                edge(person_node[p], place_node[g], 1)

    flow = 0
    while _augment(capacity, source, sink):
        flow += 1
    if flow < len(people):
        return None
    places = {node: g for g, node in place_node.items()}
    seating = {}
    for p in people:
        node = person_node[p]
        # The edge a person's unit went along has that unit of capacity on the way back.
        seating[p] = next(places[v] for v in capacity[node] if v in places and capacity[v][node] > 0)
    return seating


def _augment(capacity: dict[int, dict[int, int]], source: int, sink: int) -> bool:
    """Push one unit along a shortest path with room left; False when there is none."""
    parent = {source: source}
    queue = deque([source])
    while queue and sink not in parent:
        u = queue.popleft()
        for v, c in capacity[u].items():
            if c > 0 and v not in parent:
                parent[v] = u
                queue.append(v)
    if sink not in parent:
        return False
    v = sink
    while v != source:
        u = parent[v]
        capacity[u][v] -= 1
        capacity[v][u] += 1
        v = u
    return True
