"""Group board in the database: forming groups, rapporteurs, each group's board, the queue, the report-back.

Who is in which group is a place in round 0 (`role` "rapporteur" or "member"); notes are entries of
kind "note" with `place` = the group and `target` = the part of its board ("p:0" a prompt, "s:1" a
side, "m:2:3" a matrix cell, "n" free notes), `flag` = a key point; questions for a panel or a group
are entries of kind "question" with `value` = WAITING, NOW or ANSWERED and upvotes as votes.
Groups are computed before the move's write transaction (`plan_groups`: thousands of people take a
second) and written in it (`form`), if the room is still as it was read.
The actions people and the facilitator post are in group_board_actions.py.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select, update

from toolbox.extensions import db
from toolbox.rooms import entries, services
from toolbox.rooms.entries import md
from toolbox.rooms.methods import IllegalAction
from toolbox.rooms.methods.group_board import (
    ALL_GROUPS,
    GROUPING_WORDS,
    ONE_BOARD,
    GroupBoard,
    Part,
    cap,
    focus_options,
    form_groups,
    group_count,
    in_focus,
    parts,
    role,
    smallest_group,
    topic,
)
from toolbox.rooms.models import Entry, Participant, Place, Room
from toolbox.rooms.summary import Highlight, RoomSummary

from .base import Handler

BOARD = GroupBoard()
WAITING, NOW, ANSWERED = 0, 1, 2
RAPPORTEUR, MEMBER = "rapporteur", "member"
MAX_GROUPS = 50
TOP_QUESTIONS = 6


@dataclass(frozen=True)
class Section:
    part: Part
    notes: list[Entry]


@dataclass(frozen=True)
class Row:
    index: int
    label: str
    cells: list[Section]

    @property
    def count(self) -> int:
        return sum(len(c.notes) for c in self.cells)


@dataclass(frozen=True)
class Question:
    entry: Entry
    votes: int
    voted: bool = False

    @property
    def status(self) -> str:
        return {NOW: "now", ANSWERED: "answered"}.get(self.entry.value or WAITING, "waiting")


@dataclass
class Board:
    """One group's board as the templates show it."""

    index: int
    title: str
    role: str | None
    topic: str | None
    rapporteur_id: int | None
    members: list[tuple[int, str]]
    sections: list[Section] = field(default_factory=list)  # prompts, sides, free notes
    rows: list[Row] = field(default_factory=list)  # the matrix, row by row
    columns: list[str] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)

    @property
    def rapporteur(self) -> str | None:
        return next((name for pid, name in self.members if pid == self.rapporteur_id), None)

    @property
    def notes(self) -> list[Entry]:
        return [n for s in self.sections for n in s.notes] + [n for r in self.rows for c in r.cells for n in c.notes]

    @property
    def key_points(self) -> list[Entry]:
        return [n for n in self.notes if n.flag and not n.hidden]

    def focused(self, focus: str) -> list[Section]:
        """The sections and cells of one compared part (a row gives all its cells)."""
        return [s for s in self.sections + [c for r in self.rows for c in r.cells] if in_focus(s.part.id, focus)]


def count_of(room: Room) -> int:
    return room.state.get("groups", 0)


def grouped(room: Room) -> bool:
    return room.phase != "setup"


def members_by_group(room: Room) -> dict[int, int]:
    """Active participant → group."""
    # Two columns, not thousands of participants and places loaded as objects: joins and the start of
    # the work ask for this in their write transaction.
    rows = db.session.execute(
        select(Place.participant_id, Place.place)
        .join(Participant, Participant.id == Place.participant_id)
        .where(Place.room_id == room.id, Place.round == 0, Place.place.is_not(None), Participant.removed.is_(False))
    )
    return {pid: g for pid, g in rows}


def my_place(room: Room, participant: Participant | None) -> Place | None:
    place = entries.place_of(room, participant, 0) if grouped(room) else None
    return place if place is not None and place.place is not None else None


def set_place(room: Room, participant_id: int, group: int | None, role_: str = MEMBER) -> None:
    """Put one person in a group (or out of every group), keeping everyone else where they are."""
    place = db.session.query(Place).filter_by(room_id=room.id, participant_id=participant_id, round=0).one_or_none()
    if place is None:
        db.session.add(Place(room_id=room.id, participant_id=participant_id, round=0, place=group, seat="", role=role_))
    else:
        place.place, place.role = group, role_
    db.session.flush()


def group_members(room: Room, group: int) -> list[int]:
    return [p for p, g in members_by_group(room).items() if g == group]


def spread(room: Room, group: int | None) -> None:
    """Make the phones that show this board fetch it again: its group's, or every phone once boards are shared."""
    if room.phase in ("report", "end") or room.settings.get("grouping") == "plenary" or group is None:
        services.bump(room)
    else:
        services.notify(room, group_members(room, group))


@dataclass(frozen=True)
class Formation:
    """Groups computed before the write transaction, and what they were computed for."""

    key: tuple  # (grouping, how many groups, seed, the ids of everyone present)
    placed: dict[int, int]


def present(room: Room, *columns: Any) -> list[Any]:
    """(id, *columns) of everyone present, in the order services.participants lists them."""
    return list(
        db.session.execute(
            select(Participant.id, *columns)
            .where(Participant.room_id == room.id, Participant.removed.is_(False))
            .order_by(Participant.joined_at, Participant.id)
        )
    )


def grouping_key(room: Room, ids: list[int]) -> tuple:
    """What forming the groups depends on besides attributes (set at joining, never changed): settings, seed, who is in."""
    grouping = room.settings["grouping"]
    if not ids and grouping != "self":
        raise IllegalAction("Nobody has joined yet: wait until participants have joined, then form the groups.")
    count = group_count(len(ids), grouping, room.settings.get("groups"), cap(room.settings))
    return grouping, count, room.id * 100 + room.state.get("formed", 0), tuple(ids)


def plan_groups(room: Room) -> Formation:
    """The groups, computed from reads alone: the grouping grows with the room, so no write lock is held for it."""
    people = present(room, Participant.attributes)
    key = grouping_key(room, [pid for pid, _ in people])
    grouping, count, seed, ids = key
    return Formation(key, form_groups(list(ids), count, grouping, {pid: attributes or {} for pid, attributes in people}, seed=seed))


def form(room: Room, formation: Formation) -> None:
    """Store the groups formed (again) from everyone present, in the move's transaction.

    Raises RoomChanged if the room is no longer as the groups were computed for (someone joined or left,
    the settings changed, or the groups were formed meanwhile): only ids are read again here, not attributes.
    """
    if grouping_key(room, [pid for (pid,) in present(room)]) != formation.key:
        raise services.RoomChanged
    grouping, count, _, _ = formation.key
    role_ = RAPPORTEUR if grouping == "individual" else MEMBER
    # As entries.seat stores a round, but as one bulk insert of rows: creating thousands of Place objects
    # first took seconds of the write lock.
    db.session.execute(delete(Place).where(Place.room_id == room.id, Place.round == 0))
    rows = [dict(room_id=room.id, participant_id=p, round=0, place=g, seat="", role=role_) for p, g in formation.placed.items()]
    if rows:
        db.session.execute(insert(Place), rows)
    room.state = {**room.state, "groups": count, "formed": room.state.get("formed", 0) + 1, "report": 0, "focus": ""}


def complete(room: Room) -> None:
    """When the work starts: place anyone not in a group yet, and give every group without one a rapporteur."""
    members = members_by_group(room)
    count, largest = count_of(room), cap(room.settings)
    for (pid,) in present(room):
        if pid not in members:
            g = join_group(room, members, count, largest)
            count = max(count, g + 1)
            set_place(room, pid, g, RAPPORTEUR if room.settings["grouping"] == "individual" else MEMBER)
            members[pid] = g
    room.state = {**room.state, "groups": count}
    if room.settings["grouping"] in ONE_BOARD:
        return  # individual boards are their owner's; a plenary has the facilitator (a rapporteur only if chosen)
    roles = dict(db.session.execute(select(Place.participant_id, Place.role).where(Place.room_id == room.id, Place.round == 0)).all())
    rng = random.Random(room.id * 100 + room.state.get("formed", 0))
    # Sorted into groups once and stored in one statement: this runs in the write transaction, and a room
    # of thousands has a thousand groups.
    by_group: dict[int, list[int]] = {}
    for p, g in members.items():
        by_group.setdefault(g, []).append(p)
    chosen = []
    for g in range(count):
        in_group = sorted(by_group.get(g, []))
        if in_group and RAPPORTEUR not in (roles.get(p) for p in in_group):
            chosen.append(rng.choice(in_group))
    if chosen:
        db.session.execute(
            update(Place).where(Place.room_id == room.id, Place.round == 0, Place.participant_id.in_(chosen)).values(role=RAPPORTEUR)
        )


def join_group(room: Room, members: dict[int, int], count: int, largest: int) -> int:
    """The group a person without one joins: the plenary board, a new board of their own, or the smallest group."""
    grouping = room.settings["grouping"]
    if grouping == "plenary":
        return 0
    if grouping == "individual":
        return max([count, *(g + 1 for g in members.values())])
    g = smallest_group(members, count, largest)
    if g >= MAX_GROUPS:
        return min(range(count), key=lambda h: (sum(1 for x in members.values() if x == h), h))
    return g


def ranked(questions: list[Question]) -> list[Question]:
    """The one being answered, then the most wanted (oldest first among equals), then those answered."""
    order = {NOW: 0, WAITING: 1, ANSWERED: 2}
    return sorted(questions, key=lambda q: (order.get(q.entry.value or WAITING, 1), -q.votes if q.status == "waiting" else 0, q.entry.id))


def boards(room: Room, only: set[int] | None = None, include_hidden: bool = False, viewer: Participant | None = None) -> list[Board]:
    """The boards of the room (or of the groups in `only`), with their members, notes and questions."""
    s = room.settings
    count = count_of(room) if grouped(room) else 0
    wanted = [g for g in range(count) if only is None or g in only]
    if not wanted:
        return []
    names = entries.names(room)
    active = {p.id for p in services.participants(room)}
    places = entries.places(room, 0)
    notes = of_groups(room, "note", wanted, include_hidden)
    questions = of_groups(room, "question", wanted, include_hidden) if s.get("queue") else []
    votes = entries.vote_counts(room) if questions else {}
    mine = entries.votes_of(room, viewer) if questions and viewer else set()
    columns = list(s.get("matrix_columns") or [])
    # Members, notes and questions sorted into their groups once: a room of thousands has a thousand boards.
    in_groups: dict[int | None, list[tuple[int, str]]] = {}
    first: dict[int | None, int] = {}  # whose board an individual one is (even once they have left)
    for pid, pl in places.items():
        first.setdefault(pl.place, pid)
        if pid in active:
            in_groups.setdefault(pl.place, []).append((pid, names.get(pid, "?")))
    notes_of: dict[int | None, list[Entry]] = {}
    for n in notes:
        notes_of.setdefault(n.place, []).append(n)
    questions_of: dict[int | None, list[Entry]] = {}
    for q in questions:
        questions_of.setdefault(q.place, []).append(q)
    out = []
    for g in wanted:
        in_group = sorted(in_groups.get(g, []), key=lambda m: m[1].casefold())
        rapporteur = next((pid for pid, _ in in_group if places[pid].role == RAPPORTEUR), None)
        board = Board(g, title(room, g, first.get(g), names), role(s, g), topic(s, g), rapporteur, in_group, columns=columns)
        mine_notes = notes_of.get(g, [])
        cells: dict[int, list[Section]] = {}
        for p in parts(s, g):
            section = Section(p, [n for n in mine_notes if n.target == p.id])
            if p.kind == "cell":
                cells.setdefault(p.row or 0, []).append(section)
            else:
                board.sections.append(section)
        board.rows = [Row(r, s["matrix_rows"][r], c) for r, c in cells.items()]
        board.questions = ranked([Question(q, votes.get(q.id, 0), q.id in mine) for q in questions_of.get(g, [])])
        out.append(board)
    return out


def of_groups(room: Room, kind: str, groups: list[int], include_hidden: bool) -> list[Entry]:
    """Entries of some groups: a phone asks for its own group's alone (one query each, not the whole room)."""
    if len(groups) <= 2:
        return sorted((e for g in groups for e in entries.listed(room, kind, include_hidden, place=g)), key=lambda e: e.id)
    wanted = set(groups)
    return [e for e in entries.listed(room, kind, include_hidden) if e.place in wanted]


def title(room: Room, group: int, owner: int | None, names: dict[int, str]) -> str:
    """'Group 2', a person's name on their own board (`owner`: the first placed there), or 'The room's board'."""
    grouping = room.settings["grouping"]
    if grouping == "plenary":
        return "The room's board"
    if grouping == "individual":
        return names.get(owner, f"Board {group + 1}") if owner else f"Board {group + 1}"
    return f"Group {group + 1}"


def heading(board: Board) -> str:
    """A board's name with its role or topic, for exports and summaries."""
    extra = [x for x in (board.role, board.topic) if x]
    return board.title + (f" ({'; '.join(extra)})" if extra else "")


def timer_minutes(room: Room) -> int:
    s = room.settings
    minutes = s.get("present_minutes") if room.phase == "report" else s.get("work_minutes")
    return round(minutes or 5)


def restart_presentation_timer(room: Room) -> None:
    """In a plenary report-back with a time per group, each group's turn gets a fresh countdown."""
    minutes = room.settings.get("present_minutes")
    if not minutes:
        return
    if room.state.get("report", 0) != ALL_GROUPS and not room.state.get("focus") and count_of(room) > 1:
        services.control_timer(room, "start", round(minutes * 60))
    elif services.timer(room).total:
        services.control_timer(room, "reset")


class GroupBoardHandler(Handler):
    method = "group-board"
    asks_attributes = True  # for mixed and territory grouping; context() turns it off for the others

    def __init__(self) -> None:
        from .group_board_actions import FACILITATOR_ACTIONS, PARTICIPANT_ACTIONS

        self.participant_actions = PARTICIPANT_ACTIONS
        self.facilitator_actions = FACILITATOR_ACTIONS

    def prepare_move(self, room: Room, move: str) -> Callable[[Room], None] | None:
        """Forming the groups: computed now, from reads; stored by `form` in the move's transaction."""
        if move in ("form", "reform"):
            formation = plan_groups(room)
            return lambda locked: form(locked, formation)
        return None

    def after_move(self, room: Room, move: str, before: str) -> None:
        if move == "start":
            complete(room)
            if room.settings.get("work_minutes"):
                services.control_timer(room, "start", round(room.settings["work_minutes"] * 60))
        elif move == "report":
            if services.timer(room).total:
                services.control_timer(room, "reset")
            restart_presentation_timer(room)
        elif move in ("next-group", "previous-group", "all-groups", "finish"):
            restart_presentation_timer(room)

    def after_join(self, room: Room, participant: Participant) -> None:
        """Someone arriving once the groups exist: the smallest group, their own board, or the room's board."""
        if not grouped(room) or (room.settings["grouping"] == "self" and room.phase == "groups"):
            return  # they are placed with everyone (or choose their group themselves)
        members = members_by_group(room)
        count = count_of(room)
        g = join_group(room, members, count, cap(room.settings))
        set_place(room, participant.id, g, RAPPORTEUR if room.settings["grouping"] == "individual" else MEMBER)
        if g >= count:
            room.state = {**room.state, "groups": g + 1}
        services.notify(room, group_members(room, g))

    def context(self, room: Room, view: str, participant: Participant | None) -> dict[str, Any]:
        s = room.settings
        state = room.state
        ctx: dict[str, Any] = {
            "board_settings": s,
            "ALL_GROUPS": ALL_GROUPS,
            "report": state.get("report", 0),
            "focus": state.get("focus", ""),
            "focus_label": dict(focus_options(s)).get(state.get("focus", ""), ""),
            "group_count": count_of(room),
            "group_cap": cap(s),
            "grouping_words": GROUPING_WORDS[s["grouping"]],
            "one_board": s["grouping"] in ONE_BOARD,
            "board_word": BOARD.board_word(s),
            "timer_minutes": timer_minutes(room),
            "names": entries.names(room),
            "asks_attributes": s["grouping"] in ("mixed", "territory"),
        }
        if view == "participant":
            place = my_place(room, participant)
            mine = place.place if place else None
            ctx["my_place"] = place
            ctx["my_group"] = mine
            ctx["is_rapporteur"] = bool(place and place.role == RAPPORTEUR)
            ctx["boards"] = boards(room, self.shown_to_phone(room, mine), viewer=participant)
            ctx["my_board"] = next((b for b in ctx["boards"] if b.index == mine), None)
            ctx["shown"] = next((b for b in ctx["boards"] if b.index == state.get("report", 0)), None)
            return ctx
        ctx["boards"] = boards(room, include_hidden=view == "console")
        ctx["shown"] = next((b for b in ctx["boards"] if b.index == state.get("report", 0)), None)
        ctx["questions"] = ranked([q for b in ctx["boards"] for q in b.questions])  # the console's include hidden ones
        if view == "console":
            placed = members_by_group(room) if grouped(room) else {}
            ctx["unplaced"] = [p for p in services.participants(room) if p.id not in placed] if grouped(room) else []
            ctx["focus_options"] = focus_options(s)
            ctx["uncovered"] = self.uncovered(room)
        return ctx

    def shown_to_phone(self, room: Room, mine: int | None) -> set[int] | None:
        """Which boards a phone gets: its own, every group to choose from, or the boards of the report-back."""
        if room.phase == "groups" and room.settings["grouping"] == "self":
            return None
        if room.phase == "report":
            state = room.state
            if state.get("report", 0) == ALL_GROUPS or state.get("focus") or room.settings.get("report_back") == "gallery":
                return None
            return {state.get("report", 0)} | ({mine} if mine is not None else set())
        return {mine} if mine is not None else set()

    def uncovered(self, room: Room) -> list[str]:
        """Roles or split parts no group has, because there are fewer groups than items (for the console)."""
        s, count = room.settings, count_of(room)
        if not grouped(room) or not count:
            return []
        roles = list(s.get("roles") or [])
        split = list(s.get({"prompts": "prompts", "rows": "matrix_rows"}.get(s.get("split") or "", "")) or [])
        left = []
        for i in range(count, max(len(roles), len(split))):
            left.append(": ".join(x for x in (roles[i] if i < len(roles) else "", split[i] if i < len(split) else "") if x))
        return left

    def markdown(self, room: Room) -> list[str]:
        lines: list[str] = []
        names = entries.names(room)
        for board in boards(room):
            lines += [f"## {md(heading(board))}", ""]
            if board.rapporteur:
                lines += [f"Rapporteur: {md(board.rapporteur)}", ""]
            if board.members and room.settings["grouping"] != "individual":
                lines += [f"Members: {', '.join(md(name) for _, name in board.members)}", ""]
            sections = board.sections + [c for r in board.rows for c in r.cells]
            for section in sections:
                if not section.notes and section.part.kind == "cell":
                    continue  # an empty grid cell says nothing; empty prompts do ("no notes")
                lines += [f"### {md(section.part.label)}", ""]
                for n in sorted(section.notes, key=lambda n: not n.flag):
                    lines.append(f"- {'**Key point:** ' if n.flag else ''}{md(n.text)} ({md(names.get(n.participant_id or 0, '?'))})")
                lines += [""] if section.notes else ["(no notes)", ""]
            if board.questions:
                lines += ["### Questions", ""]
                for q in board.questions:
                    status = {"now": " (being answered)", "answered": " (answered)"}.get(q.status, "")
                    lines.append(f"- {md(q.entry.text)}: {q.votes} upvote{'' if q.votes == 1 else 's'}{status}")
                lines.append("")
        return lines

    def csv_rows(self, room: Room) -> list[list[Any]]:
        names = entries.names(room)
        header = ["room", "group", "board", "role", "rapporteur", "kind", "part", "key point", "text", "author", "upvotes", "status"]
        rows: list[list[Any]] = [header]
        for board in boards(room):
            common = [room.code, board.index + 1, board.title, board.role or board.topic or "", board.rapporteur or ""]
            for section in board.sections + [c for r in board.rows for c in r.cells]:
                for n in section.notes:
                    author = names.get(n.participant_id or 0, "")
                    rows.append([*common, "note", section.part.label, "yes" if n.flag else "", n.text, author, "", ""])
            for q in board.questions:
                rows.append([*common, "question", "", "", q.entry.text, names.get(q.entry.participant_id or 0, ""), q.votes, q.status])
        return rows

    def summary(self, room: Room) -> RoomSummary:
        names = entries.names(room)
        found = boards(room)
        notes: list[tuple[bool, int, int, Highlight]] = []
        for board in found:
            for order, section in enumerate(board.sections + [c for r in board.rows for c in r.cells]):
                where = f"{heading(board)}: {section.part.label}"
                for n in section.notes:
                    kind = "insight" if n.flag else "note"
                    notes.append((not n.flag, board.index, order, Highlight(n.text, kind, where, names.get(n.participant_id or 0))))
        notes.sort(key=lambda t: t[:3])
        questions = sorted((q for b in found for q in b.questions), key=lambda q: (-q.votes, q.entry.id))[:5]
        top = [
            Highlight(q.entry.text, "question", heading(b), names.get(q.entry.participant_id or 0), q.votes)
            for q in questions
            for b in found
            if b.index == q.entry.place
        ]
        return RoomSummary(room.id, room.title, room.method, services.people(room), top, [h for *_, h in notes])
