"""Group board: groups formed by the app (or chosen by people), each filling its own board, then a report-back.

One machine serves case studies, group work, matrices, two-sided boards, role play and panels: what a
board holds comes from the settings (prompts, sides, a matrix, roles, a question queue). The room's
state is {"groups": how many boards, "formed": how many times the groups were formed, "report": the
group shown in the report-back (ALL_GROUPS: every board), "focus": a part compared across boards}.
Who is in which group is stored as places (round 0). `form_groups` is the algorithm: pure, on ids.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from math import ceil

from .base import LiveMethod, Move, Phase
from .dealing import gather, pack, spread
from .grouping import Problem, place_people, sizes

ALL_GROUPS = -1  # the report-back shows every board side by side
DEFAULT_CAP = 5  # when neither the settings nor the guide give a group size
MIN_GROUP = 2  # groups of one only when the cap asks for it
ONE_BOARD = ("individual", "plenary")
# Above this many people, mixed and territory groups are formed at scale (dealing.py): the searches here
# grow with the square of the people (about 0.1 s for 120, 1.5 s for 400, minutes for 5,000).
LARGE = 120


def cap(settings: Mapping) -> int:
    """The largest group allowed: the settings' max_group_size, else the guide's group_size, else 5."""
    return settings.get("max_group_size") or settings.get("guide_max_group_size") or DEFAULT_CAP


def group_count(people: int, grouping: str, groups: int | None, largest: int) -> int:
    """How many boards for `people` participants: never a group over `largest`, never an empty one.

    `groups` is the number the activity asks for; more are opened when the cap needs them, fewer when
    there are not two people for each (a group of one helps nobody).
    """
    if grouping == "plenary":
        return 1
    if grouping == "individual":
        return max(people, 1)
    needed = ceil(people / largest) if people else 0
    wanted = groups or needed
    if grouping == "self":
        return max(wanted, needed, 1)  # people choose, and more may join: keep the groups asked for
    wanted = min(wanted, max(1, people // MIN_GROUP))
    return max(needed, wanted, 1)


def normal(value: str | None) -> str:
    """An attribute as typed on a phone, for comparing: 'Dakar ' and 'dakar' are one territory."""
    return " ".join((value or "").split()).casefold()


def form_groups(
    people: list[int],
    count: int,
    grouping: str,
    attributes: Mapping[int, Mapping[str, str]] | None = None,
    seed: int = 0,
) -> dict[int, int]:
    """Person → group (0..count-1), sizes within one of each other; {} for 'self' (people choose).

    random: a shuffle dealt in turn; mixed: territories, roles and expertise spread across groups;
    territory: people of one territory kept together where a group has room for them, the others
    mixed into the places left; individual: a board each; plenary: one board for everyone. Rooms of
    more than LARGE people are mixed by dealing and counted swaps, which take linear memory and time.
    """
    attributes = {p: {k: normal(v) for k, v in (attributes or {}).get(p, {}).items() if normal(v)} for p in people}
    if grouping == "self" or not people:
        return {}
    if grouping == "plenary":
        return {p: 0 for p in people}
    if grouping == "individual":
        return {p: i for i, p in enumerate(people)}
    count = max(1, min(count, len(people)))
    if grouping == "mixed" and len(people) > LARGE:
        return spread(people, sizes(len(people), count), attributes, seed=seed)
    if grouping == "mixed":
        return place_people(Problem(list(people), count, {}, {}, attributes, {}), seed=seed)
    if grouping == "territory":
        return territory_groups(people, count, attributes, seed)
    order = list(people)
    random.Random(seed).shuffle(order)
    return {p: i % count for i, p in enumerate(order)}


def together(seating: Mapping[int, int], attributes: Mapping[int, Mapping[str, str]]) -> int:
    """Pairs of people from one territory in one group (what territory grouping makes large)."""
    counts = Counter((g, normal(attributes.get(p, {}).get("territory"))) for p, g in seating.items())
    return sum(n * (n - 1) // 2 for (_, t), n in counts.items() if t)


def territory_groups(people: list[int], count: int, attributes: Mapping[int, Mapping[str, str]], seed: int = 0) -> dict[int, int]:
    """Same territory together where it fits, the rest mixed into the places left; sizes within one.

    Territories with two people or more are packed, largest first, each into the group with the least
    room that still holds all of it (else it fills the roomiest group and goes on). The packings that
    fill the groups in turn with people sorted by territory (largest first, or by name) are tried too;
    moves and swaps then keep more people of a territory together while they can. People with no
    territory (or alone from theirs) fill the places left, mixed by role and expertise.
    """
    rng = random.Random(seed)
    large = len(people) > LARGE
    capacity = sizes(len(people), count)
    territory = {p: normal(attributes.get(p, {}).get("territory")) for p in people}
    counts = Counter(t for t in territory.values() if t)
    grouped = [p for p in people if counts.get(territory[p], 0) >= 2]
    clusters: dict[str, list[int]] = {}
    for p in grouped:
        clusters.setdefault(territory[p], []).append(p)
    order = sorted(clusters.values(), key=lambda c: (-len(c), rng.random()))
    # Everyone sorted by territory name (none last) fills the groups in turn, singles included, then only
    # the territories of two or more keep their places: what a facilitator sorting a list would do.
    by_name = _in_turn([sorted(people, key=lambda p: (not territory[p], territory[p], p))], capacity)
    candidates = [(pack if large else _best_fit)(order, capacity), _in_turn(order, capacity), {p: by_name[p] for p in grouped}]
    improve = gather if large else _improve_together
    best = max((improve(c, capacity, territory) for c in candidates), key=lambda s: together(s, attributes))
    rest = [p for p in people if p not in best]
    others = {p: {k: v for k, v in attributes.get(p, {}).items() if k != "territory"} for p in people}
    if not rest:
        return best
    if large:
        taken = Counter(best.values())
        return {**best, **spread(rest, [capacity[g] - taken[g] for g in range(count)], others, best, seed=seed)}
    return {**best, **place_people(Problem(rest, count, dict(best), {}, others, {}), seed=seed)}


def _best_fit(clusters: list[list[int]], capacity: list[int]) -> dict[int, int]:
    free = list(capacity)
    seating: dict[int, int] = {}
    for cluster in clusters:
        members = list(cluster)
        while members:
            fits = [g for g, room in enumerate(free) if room >= len(members)]
            # The tightest group that holds the whole territory, else the roomiest one to fill.
            g = min(fits, key=lambda g: (free[g], g)) if fits else max(range(len(free)), key=lambda g: (free[g], -g))
            take = members[: free[g]]
            for p in take:
                seating[p] = g
            free[g] -= len(take)
            members = members[len(take) :]
    return seating


def _in_turn(clusters: list[list[int]], capacity: list[int]) -> dict[int, int]:
    """People sorted by territory, filling the groups one after the other."""
    seating: dict[int, int] = {}
    g, used = 0, 0
    for p in (p for cluster in clusters for p in cluster):
        while used >= capacity[g]:
            g, used = g + 1, 0
        seating[p] = g
        used += 1
    return seating


def _improve_together(start: dict[int, int], capacity: list[int], territory: Mapping[int, str]) -> dict[int, int]:
    """Moves into free places and swaps between groups, while they keep more of a territory together."""
    seating = dict(start)
    count: Counter[tuple[int, str]] = Counter((g, territory[p]) for p, g in seating.items())
    free = list(capacity)
    for g in seating.values():
        free[g] -= 1
    people = sorted(seating)
    improved = True
    while improved:
        improved = False
        for p in people:
            t, g = territory[p], seating[p]
            # Moving p from g to h gains (people of t in h) and loses (the others of t in g).
            for h in range(len(capacity)):
                if h != g and free[h] > 0 and count[(h, t)] > count[(g, t)] - 1:
                    count[(g, t)] -= 1
                    count[(h, t)] += 1
                    free[g] += 1
                    free[h] -= 1
                    seating[p], g = h, h
                    improved = True
        for i, a in enumerate(people):
            for b in people[i + 1 :]:
                ga, gb, ta, tb = seating[a], seating[b], territory[a], territory[b]
                if ga == gb or ta == tb:
                    continue
                gain = count[(gb, ta)] - (count[(ga, ta)] - 1) + count[(ga, tb)] - (count[(gb, tb)] - 1)
                if gain > 0:
                    count[(ga, ta)] -= 1
                    count[(gb, ta)] += 1
                    count[(gb, tb)] -= 1
                    count[(ga, tb)] += 1
                    seating[a], seating[b] = gb, ga
                    improved = True
    return seating


def smallest_group(members: Mapping[int, int], count: int, largest: int) -> int:
    """The group a late joiner goes to: the smallest with room (a new group when all are full)."""
    sizes_now = Counter(members.values())
    open_groups = [g for g in range(count) if sizes_now[g] < largest]
    if not open_groups:
        return count
    return min(open_groups, key=lambda g: (sizes_now[g], g))


@dataclass(frozen=True)
class Part:
    """A place on a board where notes go: a prompt, a side, a matrix cell, or free notes."""

    id: str  # "p:0", "s:1", "m:2:3" (row 2, column 3), "n"
    kind: str  # "prompt", "side", "cell", "notes"
    label: str
    row: int | None = None
    column: int | None = None


def group_prompts(settings: Mapping, group: int) -> list[int]:
    """The prompts a group answers (one of them when prompts are split between groups)."""
    prompts = settings.get("prompts") or []
    if settings.get("split") == "prompts" and prompts:
        return [group % len(prompts)]
    return list(range(len(prompts)))


def group_rows(settings: Mapping, group: int) -> list[int]:
    rows = settings.get("matrix_rows") or []
    if settings.get("split") == "rows" and rows:
        return [group % len(rows)]
    return list(range(len(rows)))


def parts(settings: Mapping, group: int) -> list[Part]:
    """Where a group's notes go, in board order: prompts, sides, the matrix row by row."""
    out = [Part(f"p:{i}", "prompt", settings["prompts"][i]) for i in group_prompts(settings, group)]
    out += [Part(f"s:{i}", "side", side) for i, side in enumerate(settings.get("sides") or [])]
    columns = settings.get("matrix_columns") or []
    for r in group_rows(settings, group):
        out += [Part(f"m:{r}:{c}", "cell", f"{settings['matrix_rows'][r]} — {column}", r, c) for c, column in enumerate(columns)]
    if not out and not (settings.get("queue") and settings.get("grouping") == "plenary"):
        out.append(Part("n", "notes", "Notes"))  # roles alone: a free board for the group's notes
    return out


def part(settings: Mapping, group: int, target: str) -> Part | None:
    """The part `target` of a group's board, if the group has it."""
    return next((p for p in parts(settings, group) if p.id == target), None)


def role(settings: Mapping, group: int) -> str | None:
    """The role a group plays (roles are handed out in turn: group 1 the first)."""
    roles = settings.get("roles") or []
    return roles[group % len(roles)] if roles else None


def topic(settings: Mapping, group: int) -> str | None:
    """What the group alone works on when prompts or rows are split between groups."""
    if settings.get("split") == "prompts" and settings.get("prompts"):
        return settings["prompts"][group_prompts(settings, group)[0]]
    if settings.get("split") == "rows" and settings.get("matrix_rows"):
        return settings["matrix_rows"][group_rows(settings, group)[0]]
    return None


def focus_options(settings: Mapping) -> list[tuple[str, str]]:
    """Parts the report-back can compare across boards: (id, label)."""
    out = []
    if settings.get("split") != "prompts":
        out += [(f"p:{i}", prompt) for i, prompt in enumerate(settings.get("prompts") or [])]
    out += [(f"s:{i}", side) for i, side in enumerate(settings.get("sides") or [])]
    if settings.get("matrix_columns") and settings.get("split") != "rows":
        out += [(f"r:{i}", row) for i, row in enumerate(settings.get("matrix_rows") or [])]
    return out


def in_focus(target: str, focus: str) -> bool:
    """Whether a note's part belongs to the compared part (a row takes all its cells)."""
    if focus.startswith("r:"):
        return target.startswith("m:" + focus[2:] + ":")
    return target == focus


GROUPING_WORDS = {
    "random": "random groups",
    "mixed": "mixed groups",
    "territory": "groups by territory",
    "self": "groups people choose",
    "individual": "a board for each person",
    "plenary": "one board for the whole room",
}


class GroupBoard(LiveMethod):
    name = "group-board"
    phases = (
        Phase("setup", "Getting ready", "Participants join. Adapt the groups below if needed, then form them."),
        Phase("groups", "Groups", "Phones show each person their group. Move people or choose rapporteurs, then start the work."),
        Phase("work", "Work", "Groups write on their boards; rapporteurs mark the key points."),
        Phase("report", "Report-back", "Show each board in turn, all of them side by side, or one part compared across boards."),
        Phase("end", "Wrap-up", "The key points of every board, for the closing discussion."),
    )
    moves = (
        Move("form", "Form the groups", ("setup",), "groups"),
        Move("start", "Start the work", ("groups",), "work"),
        Move("reform", "Form the groups again", ("groups",), "groups", back=True),
        Move("report", "Start the report-back", ("work",), "report"),
        Move("next-group", "Next group", ("report",), "report"),
        Move("all-groups", "Show all boards", ("report",), "report"),
        Move("finish", "Wrap up: key points", ("report",), "end"),
        Move("previous-group", "Previous group", ("report",), "report", back=True),
        Move("more-time", "Back to work: more time", ("report",), "work", back=True),
        Move("reopen", "Back to the report-back", ("end",), "report", back=True),
    )

    def allowed(self, move: Move, state: dict, settings: dict) -> bool:
        report, count = state.get("report", 0), state.get("groups", 1)
        shown = report != ALL_GROUPS and not state.get("focus")
        if move.name == "reform":
            return settings.get("grouping") not in ONE_BOARD
        if move.name == "next-group":
            return shown and report + 1 < count
        if move.name == "all-groups":
            return shown and report + 1 >= count and count > 1
        if move.name == "previous-group":
            return bool(state.get("focus")) or (count > 1 and (report == ALL_GROUPS or report > 0))
        return True

    def effect(self, move: Move, state: dict, settings: dict) -> dict:
        report = state.get("report", 0)
        if move.name == "report":
            return {**state, "report": ALL_GROUPS if settings.get("report_back") == "gallery" else 0, "focus": ""}
        if move.name == "next-group":
            return {**state, "report": report + 1, "focus": ""}
        if move.name == "all-groups":
            return {**state, "report": ALL_GROUPS, "focus": ""}
        if move.name == "previous-group":
            if state.get("focus"):
                return {**state, "focus": ""}
            last = state.get("groups", 1) - 1
            return {**state, "report": last if report == ALL_GROUPS else report - 1, "focus": ""}
        return state

    def board_word(self, settings: dict) -> str:
        return "board" if settings.get("grouping") in ONE_BOARD else "group"

    def move_label(self, move: Move, state: dict, settings: dict) -> str:
        grouping = settings.get("grouping", "random")
        if move.name == "form":
            return {
                "self": "Open the groups: people choose",
                "individual": "Give everyone their own board",
                "plenary": "Open the room's board",
            }.get(grouping, f"Form {GROUPING_WORDS[grouping]}")
        if move.name == "start" and settings.get("work_minutes"):
            return f"Start the work ({settings['work_minutes']:g} minutes)"
        if move.name == "report":
            if state.get("groups", 1) == 1:
                return "Start the report-back"
            if settings.get("report_back") == "gallery":
                return "Open the gallery"
            return f"Start the report-back: {self.board_word(settings)} 1"
        if move.name == "next-group":
            return f"Show {self.board_word(settings)} {state.get('report', 0) + 2}"
        if move.name == "previous-group" and state.get("focus"):
            return "Stop comparing"
        return move.label

    def phase_label(self, phase: str, state: dict, settings: dict) -> str:
        if phase == "report":
            report, count = state.get("report", 0), state.get("groups", 1)
            if state.get("focus"):
                return "Report-back: one part, every board" if count > 1 else "Report-back: one part of the board"
            if count == 1:
                return "Questions and answers" if settings.get("queue") and settings.get("grouping") == "plenary" else "Report-back"
            if report == ALL_GROUPS:
                return "Gallery: every board" if settings.get("report_back") == "gallery" else "Report-back: every board"
            return f"Report-back: {self.board_word(settings)} {report + 1} of {count}"
        if phase == "groups":
            if settings.get("grouping") == "individual":
                return "Your own board"
            if settings.get("grouping") == "plenary":
                return "One board for the room"
        return super().phase_label(phase, state, settings)

    def phase_hint(self, phase: str, state: dict, settings: dict) -> str:
        grouping = settings.get("grouping")
        if phase == "groups" and grouping == "self":
            return "Phones list the groups: each person chooses one. Those who have not chosen are placed when the work starts."
        if phase == "groups" and grouping in ONE_BOARD:
            return "Everyone sees their board on their phone. Start the work when you are ready."
        if phase == "work" and settings.get("queue") and grouping == "plenary":
            return "Participants post questions and upvote those they want answered; the projector shows the most wanted."
        return super().phase_hint(phase, state, settings)

    def initial_state(self, settings) -> dict:
        return {"groups": 0, "formed": 0, "report": 0, "focus": ""}

    def room_settings(self, activity) -> dict:
        """The settings, with the guide's largest group size as the default cap."""
        out = self.settings_to_dict(activity.settings)
        out["guide_max_group_size"] = activity.group_size[1] if activity.group_size else None
        return out
