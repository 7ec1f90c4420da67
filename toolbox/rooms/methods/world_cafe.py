"""World café: tables with a topic and a host who stays; everyone else changes table every round.

The room's state is {"round": r, "report": t, "hosts": {table: participant}}; the seating of each
round is stored as places. `seat_round` is the algorithm: pure, on participant ids.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass

from .assignment import balanced_assignment
from .base import LiveMethod, Move, Phase
from .grouping import Problem, meetings, place_people

ALL_TABLES = -1  # the report-back shows every tablecloth side by side
MIN_AT_TABLE = 2
# Above this many guests a round is seated by its rules alone (the most constrained first, then a flow if
# that fails): the search that also mixes territories and spreads meetings grows with the square of the
# people (0.2 s for 150, 1.2 s for 300, minutes for thousands) and runs in the move's write transaction.
LARGE = 120


class WorldCafe(LiveMethod):
    name = "world-cafe"
    phases = (
        Phase("setup", "Getting ready", "Participants join and can volunteer to host. Choose the hosts, then seat everyone."),
        Phase("seating", "Find your table", "Phones show each person their table. Start the round when everyone is seated."),
        Phase("round", "Round", "Tables talk and write on their tablecloth; hosts mark the key insights."),
        Phase("report", "Report-back", "Each host presents their tablecloth; then show them all side by side."),
    )
    moves = (
        Move("seat", "Seat everyone for round 1", ("setup",), "seating"),
        Move("start", "Start the round", ("seating",), "round"),
        Move("change", "End the round: change tables", ("round",), "seating"),
        Move("report", "Start the report-back", ("round",), "report"),
        Move("next-table", "Next tablecloth", ("report",), "report"),
        Move("all-tables", "All tablecloths side by side", ("report",), "report"),
        Move("previous-table", "Previous tablecloth", ("report",), "report", back=True),
    )

    def rounds(self, settings: dict) -> int:
        return len(settings["rounds"])

    def allowed(self, move: Move, state: dict, settings: dict) -> bool:
        r, report, tables = state.get("round", 0), state.get("report", 0), state.get("tables", len(settings["tables"]))
        if move.name == "report" and r + 1 < self.rounds(settings):
            return True  # ending early stays possible, after "change" in the list
        if move.name == "change":
            return r + 1 < self.rounds(settings)
        if move.name == "next-table":
            return report != ALL_TABLES and report + 1 < tables
        if move.name == "all-tables":
            return report != ALL_TABLES and report + 1 >= tables
        if move.name == "previous-table":
            return report == ALL_TABLES or report > 0
        return True

    def effect(self, move: Move, state: dict, settings: dict) -> dict:
        if move.name == "change":
            return {**state, "round": state.get("round", 0) + 1}
        if move.name == "report":
            return {**state, "report": 0}
        if move.name == "next-table":
            return {**state, "report": state.get("report", 0) + 1}
        if move.name == "all-tables":
            return {**state, "report": ALL_TABLES}
        if move.name == "previous-table":
            report = state.get("report", 0)
            return {**state, "report": state.get("tables", len(settings["tables"])) - 1 if report == ALL_TABLES else report - 1}
        return state

    def move_label(self, move: Move, state: dict, settings: dict) -> str:
        r = state.get("round", 0)
        if move.name == "start":
            return f"Start round {r + 1} ({_minutes(settings['rounds'][r]['minutes'])})"
        if move.name == "change":
            return f"End round {r + 1}: change tables for round {r + 2}"
        if move.name == "next-table":
            return f"Table {state.get('report', 0) + 2}'s tablecloth"
        return move.label

    def phase_label(self, phase: str, state: dict, settings: dict) -> str:
        r, total = state.get("round", 0) + 1, self.rounds(settings)
        if phase == "seating":
            return f"Round {r} of {total}: find your table"
        if phase == "round":
            return f"Round {r} of {total}"
        if phase == "report":
            report = state.get("report", 0)
            return "Report-back: all tablecloths" if report == ALL_TABLES else f"Report-back: table {report + 1}"
        return super().phase_label(phase, state, settings)

    def phase_hint(self, phase: str, state: dict, settings: dict) -> str:
        if phase in ("seating", "round"):
            return f"{super().phase_hint(phase, state, settings)} Question: {self.question(state, settings)['question']}"
        return super().phase_hint(phase, state, settings)

    def question(self, state: dict, settings: dict) -> dict:
        """The current round's {question, minutes}."""
        rounds = settings["rounds"]
        return rounds[min(state.get("round", 0), len(rounds) - 1)]

    def initial_state(self, settings) -> dict:
        return {"round": 0, "report": 0, "hosts": {}, "tables": len(settings.tables)}


def _minutes(value: float) -> str:
    return f"{value:g} minutes"


def tables_in_use(people: int, tables: int) -> int:
    """How many tables to use: all of them, unless there are too few people to give each two."""
    return max(1, min(tables, people // MIN_AT_TABLE))


def _visited(guests: list[int], used: int, history: list[Mapping[int, int | None]]) -> dict[int, set[int]]:
    """Tables in use that each guest sat at before, for guests who still have a table in use to visit."""
    visited: dict[int, set[int]] = {}
    for p in guests:
        tables = {seating[p] for seating in history if seating.get(p) is not None and seating[p] < used}
        if tables and len(tables) < used:
            visited[p] = tables
    return visited


def _room_ahead(
    guests: list[int], used: int, visited: dict[int, set[int]], hosts: Mapping[int, int], total: int
) -> list[tuple[int, int]] | None:
    """Per table, how many guests to seat so that every guest can still visit all their unvisited tables.

    When every guest has the same number k of tables still to visit, a table that D of them still have
    to see takes D/k of them, rounded down or up, within the balance (an equitable split of what is left
    exists for any bipartite graph, so a seating like this never leaves a later round without one).
    Returns None when the guests are at different points (people joined late): balance alone then.
    """
    left = {p: [t for t in range(used) if t not in visited.get(p, ())] for p in guests}
    counts = {len(tables) for tables in left.values()}
    if len(counts) != 1 or not all(visited.get(p) for p in guests):
        return None
    (k,) = counts
    small, extra = divmod(total, used)
    large = small + (1 if extra else 0)
    room = []
    for t in range(used):
        wanting = sum(1 for tables in left.values() if t in tables)
        host = 1 if t in hosts else 0
        room.append((max(wanting // k, small - host), min(-(-wanting // k), large - host)))
    return room


def _seat_at_scale(
    guests: list[int],
    used: int,
    hosts: Mapping[int, int],
    visited: Mapping[int, set[int]],
    last: Mapping[int, int | None],
    room: list[tuple[int, int]] | None,
    seed: int,
) -> dict[int, int]:
    """The rules of a round for a large room, in time linear in the guests (times the tables).

    Each guest goes to a table they have not seen, else one they did not sit at last round; tables keep
    their sizes within one (or the room ahead, so later rounds stay possible). Guests with the fewest
    tables left choose first, each to the table furthest below its share; if that greedy pass leaves
    someone without a table, a maximum flow finds a seating that keeps the rules whenever one exists.
    """
    rng = random.Random(seed)
    total = len(guests) + len(hosts)
    small, extra = divmod(total, used)
    if room is None:
        room = [(small - (t in hosts), small + (1 if extra else 0) - (t in hosts)) for t in range(used)]
    least, most = [max(0, lo) for lo, _ in room], [hi for _, hi in room]
    others = {p: [t for t in range(used) if t != last.get(p)] or list(range(used)) for p in guests}
    unseen = {p: [t for t in others[p] if t not in visited.get(p, ())] or others[p] for p in guests}
    count = [0] * used
    placed: dict[int, int] = {}
    at: list[list[int]] = [[] for _ in range(used)]
    for p in sorted(guests, key=lambda p: (len(unseen[p]), rng.random())):
        open_ = [t for t in unseen[p] if count[t] < most[t]]
        if open_:
            t = min(open_, key=lambda t: (count[t] - least[t], count[t], rng.random()))
        else:  # every table p may take is full: move someone from one of them to a table with room
            t = _make_room(p, unseen, at, placed, count, most)
            if t is None:
                break
        placed[p] = t
        at[t].append(p)
        count[t] += 1
    if len(placed) == len(guests) and all(c >= lo for c, lo in zip(count, least, strict=True)):
        return placed
    for allowed in (unseen, others, {p: list(range(used)) for p in guests}):
        found = balanced_assignment(allowed, least, most)
        if found is not None:
            return found
    return placed | {p: min(range(used), key=lambda t: count[t]) for p in guests if p not in placed}


def _make_room(
    p: int, allowed: Mapping[int, list[int]], at: list[list[int]], placed: dict[int, int], count: list[int], most: list[int]
) -> int | None:
    """A table of `allowed[p]` freed by moving one guest already there to another allowed table with room."""
    for t in allowed[p]:
        for q in reversed(at[t]):
            free = next((u for u in allowed[q] if u != t and count[u] < most[u]), None)
            if free is not None:
                at[t].remove(q)
                at[free].append(q)
                placed[q] = free
                count[free] += 1
                count[t] -= 1
                return t
    return None


@dataclass(frozen=True)
class Seating:
    places: dict[int, int]  # participant → table
    hosts: dict[int, int]  # table → its host


def seat_round(
    people: list[int],
    tables: int,
    hosts: Mapping[int, int],
    history: list[Mapping[int, int | None]],
    attributes: Mapping[int, Mapping[str, str]] | None = None,
    volunteers: set[int] | frozenset[int] = frozenset(),
    seed: int = 0,
) -> Seating:
    """Seat `people` at `tables` for the next round.

    Hosts stay at their table; every other person goes to a table they did not sit at in the last
    round (nor, while they have not seen every table, one they sat at before: each table has its own
    question), sizes stay within one of each other, people meet as few people again as possible, and
    tables mix territories, roles and expertise. A table without a host (its host left, or none was
    chosen) gets one: a volunteer if possible, else someone who was seated there last round.
    """
    attributes = attributes or {}
    used = tables_in_use(len(people), tables)
    present = set(people)
    kept: dict[int, int] = {}
    for t, h in sorted(hosts.items()):
        if t < used and h in present and h not in kept.values():
            kept[t] = h
    hosts = kept
    last = history[-1] if history else {}
    position = {p: i for i, p in enumerate(people)}
    for t in range(used):
        if t in hosts:
            continue
        taken = set(hosts.values())
        candidates = [p for p in people if p not in taken]
        # Prefer a volunteer, then whoever sat at this table last round (they know its tablecloth).
        candidates.sort(key=lambda p: (p not in volunteers, last.get(p) != t, position[p]))
        if candidates:
            hosts[t] = candidates[0]
    guests = [p for p in people if p not in set(hosts.values())]
    if len(guests) > LARGE:
        visited = _visited(guests, used, history)
        places = _seat_at_scale(guests, used, hosts, visited, last, _room_ahead(guests, used, visited, hosts, len(people)), seed)
        return Seating({**{h: t for t, h in hosts.items()}, **places}, dict(sorted(hosts.items())))
    problem = Problem(
        people=guests,
        groups=used,
        fixed={h: t for t, h in hosts.items()},
        met=meetings(history),
        attributes=attributes,
        forbidden={p: {last[p]} for p in guests if last.get(p) is not None and used > 1},
        revisits=(visited := _visited(guests, used, history)),
        room=_room_ahead(guests, used, visited, hosts, len(people)),
    )
    places = place_people(problem, seed=seed)
    return Seating({**problem.fixed, **places}, dict(sorted(hosts.items())))
