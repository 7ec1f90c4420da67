"""World café in the database: seating each round, hosts, the tablecloths, the report-back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wtforms import IntegerField
from wtforms.validators import InputRequired, Length, NumberRange

from toolbox.extensions import begin_write
from toolbox.forms import Form, HiddenText, TextAreaText
from toolbox.rooms import entries, services
from toolbox.rooms.entries import md
from toolbox.rooms.forms import choice
from toolbox.rooms.methods import IllegalAction
from toolbox.rooms.methods.world_cafe import ALL_TABLES, WorldCafe, seat_round
from toolbox.rooms.models import Entry, Participant, Room
from toolbox.rooms.summary import Highlight, RoomSummary

from .base import Action, Handler

CAFE = WorldCafe()


class NoteForm(Form):
    text = TextAreaText("Your note", validators=[Length(max=2000)])
    key = HiddenText(validators=[Length(max=40)])


class EntryForm(Form):
    entry = IntegerField(validators=[InputRequired(message="Choose a note."), NumberRange(min=1)])


class VolunteerForm(Form):
    host = choice(("yes", "no"))


class HostForm(Form):
    table = IntegerField(validators=[InputRequired(), NumberRange(min=0, max=50)])
    participant = IntegerField(validators=[InputRequired(), NumberRange(min=0)])  # 0: nobody yet


class TablesForm(Form):
    tables = TextAreaText("Tables, one topic per line", validators=[Length(max=4000)])


class NoteFlagForm(Form):
    entry = IntegerField(validators=[InputRequired(), NumberRange(min=1)])
    flag = choice(("insight", "hide"))


@dataclass(frozen=True)
class Round:
    index: int
    question: str
    notes: list[Entry]


@dataclass(frozen=True)
class Table:
    index: int
    topic: str
    host: str | None
    people: list[str]
    rounds: list[Round]

    @property
    def insights(self) -> list[Entry]:
        return [n for r in self.rounds for n in r.notes if n.flag]


def round_index(room: Room) -> int:
    return room.state.get("round", 0)


def topic(room: Room, table: int) -> str:
    return room.settings["tables"][table]


def where(room: Room, table: int, r: int) -> str:
    return f"Table {table + 1}: {topic(room, table)}, round {r + 1}"


def seated(room: Room) -> bool:
    return room.phase in ("seating", "round", "report")


def _seat(room: Room) -> None:
    """Seat everyone present for the current round (hosts stay; the rest change tables)."""
    r = round_index(room)
    people = [p.id for p in services.participants(room)]
    volunteers = {e.participant_id for e in entries.listed(room, "volunteer") if e.participant_id}
    hosts = {int(t): h for t, h in room.state.get("hosts", {}).items()}
    history = entries.history(room, r)
    attributes = {p.id: p.attributes for p in services.participants(room)}
    seating = seat_round(people, len(room.settings["tables"]), hosts, history, attributes, volunteers, seed=room.id * 100 + r)
    host_ids = set(seating.hosts.values())
    entries.seat(room, r, {p: (t, "", "host" if p in host_ids else "guest") for p, t in seating.places.items()})
    room.state = {**room.state, "hosts": {str(t): h for t, h in seating.hosts.items()}, "tables": len(seating.hosts) or 1}


def _my_table(room: Room, participant: Participant) -> int:
    place = entries.place_of(room, participant, round_index(room))
    if place is None or place.place is None:
        raise IllegalAction("You do not have a table yet: the facilitator seats everyone at the start of each round.")
    return place.place


def _table_members(room: Room, table: int) -> list[int]:
    return entries.members(room, round_index(room), table)


def post_note(room: Room, participant: Participant, form: NoteForm) -> None:
    """Write a note on my table's tablecloth."""
    text = entries.clean_text(form.text.data)
    begin_write()
    services.bump(room, everyone=False, participant=participant)
    if room.phase != "round":
        raise IllegalAction("Notes go on the tablecloth while a round is running.")
    table, r = _my_table(room, participant), round_index(room)
    entries.add(room, participant, "note", text, form.key.data, place=table, round=r, data={"where": where(room, table, r)})
    services.notify(room, _table_members(room, table))


def toggle_insight(room: Room, participant: Participant, form: EntryForm) -> None:
    """The host marks a note of their table as a key insight, or unmarks it."""
    begin_write()
    services.bump(room, everyone=False, participant=participant)
    place = entries.place_of(room, participant, round_index(room))
    note = entries.get(room, form.entry.data, ("note",))
    if place is None or place.role != "host" or note.place != place.place:
        raise IllegalAction("Only the host of this table marks its key insights.")
    note.flag = not note.flag
    services.notify(room, _table_members(room, note.place))


def withdraw(room: Room, participant: Participant, form: EntryForm) -> None:
    """Take back one of my own notes."""
    begin_write()
    services.bump(room, everyone=False, participant=participant)
    note = entries.get(room, form.entry.data, ("note",))
    if note.participant_id != participant.id:
        raise IllegalAction("You can only take back your own notes.")
    note.hidden = True
    services.notify(room, _table_members(room, note.place or 0))


def volunteer(room: Room, participant: Participant, form: VolunteerForm) -> None:
    """Offer to host a table (or withdraw the offer) before the café starts."""
    begin_write()
    services.bump(room, everyone=False, participant=participant)
    if room.phase != "setup":
        raise IllegalAction("The hosts are chosen already.")
    offer = next(iter(entries.listed(room, "volunteer", include_hidden=True, participant_id=participant.id)), None)
    if offer is None:
        offer = entries.add(room, participant, "volunteer")
    offer.hidden = form.host.data != "yes"


def choose_host(room: Room, form: HostForm) -> None:
    """The facilitator makes someone the host of a table (0: leave it to the app)."""
    begin_write()
    services.bump(room)
    table, who = form.table.data, form.participant.data
    if table >= len(room.settings["tables"]):
        raise IllegalAction("There is no such table.")
    if room.phase not in ("setup", "seating"):
        raise IllegalAction("Hosts can change before the café starts or while people find their table.")
    hosts = {int(t): h for t, h in room.state.get("hosts", {}).items()}
    if who:
        if services.active_participant(room, who) is None:
            raise IllegalAction("That participant is not in this room.")
        hosts = {t: h for t, h in hosts.items() if h != who}
        hosts[table] = who
    else:
        hosts.pop(table, None)
    room.state = {**room.state, "hosts": {str(t): h for t, h in sorted(hosts.items())}}
    if room.phase == "seating":
        _seat(room)  # seat the round again around the new host


MAX_TABLES = 12


def edit_tables(room: Room, form: TablesForm) -> None:
    """Adapt the tables to the room before the café starts (fewer tables for a small group)."""
    topics = [" ".join(line.split()) for line in (form.tables.data or "").splitlines() if line.strip()]
    if len(topics) < 2:
        raise IllegalAction("Give at least two tables, one topic per line.")
    if len(topics) > MAX_TABLES:
        raise IllegalAction(f"Give at most {MAX_TABLES} tables.")
    if any(len(t) > 200 for t in topics):
        raise IllegalAction("Keep each table's topic under 200 characters.")
    begin_write()
    services.bump(room)
    if room.phase != "setup":
        raise IllegalAction("The tables can only change before the café starts.")
    hosts = {t: h for t, h in room.state.get("hosts", {}).items() if int(t) < len(topics)}
    room.settings = {**room.settings, "tables": topics}
    room.state = {**room.state, "hosts": hosts, "tables": len(topics)}


def flag_note(room: Room, form: NoteFlagForm) -> None:
    """The facilitator marks a note as a key insight, or hides it from every screen (and back)."""
    begin_write()
    services.bump(room)
    note = entries.get(room, form.entry.data, ("note",))
    if form.flag.data == "insight":
        note.flag = not note.flag
    else:
        note.hidden = not note.hidden


class WorldCafeHandler(Handler):
    method = "world-cafe"
    asks_attributes = True
    participant_actions = {
        "notes": Action(NoteForm, post_note),
        "insight": Action(EntryForm, toggle_insight),
        "withdraw": Action(EntryForm, withdraw),
        "volunteer": Action(VolunteerForm, volunteer),
    }
    facilitator_actions = {
        "host": Action(HostForm, choose_host),
        "note": Action(NoteFlagForm, flag_note),
        "tables": Action(TablesForm, edit_tables),
    }

    def after_move(self, room: Room, move: str, before: str) -> None:
        if move in ("seat", "change"):
            _seat(room)
        elif move == "start":
            minutes = CAFE.question(room.state, room.settings)["minutes"]
            services.control_timer(room, "start", round(minutes * 60))
        elif move == "report" and services.timer(room).total:
            services.control_timer(room, "reset")

    def after_join(self, room: Room, participant: Participant) -> None:
        """Someone arriving mid-café sits at the smallest table of the round."""
        if room.phase not in ("seating", "round"):
            return
        r, tables = round_index(room), room.state.get("tables", 1)
        current = entries.places(room, r)
        sizes = {t: 0 for t in range(tables)}
        for place in current.values():
            if place.place is not None and place.place in sizes:
                sizes[place.place] += 1
        table = min(sizes, key=lambda t: (sizes[t], t))
        entries.seat_one(room, r, participant.id, table, "", "guest")  # one row, not the whole round again
        services.notify(room, _table_members(room, table))

    def tables(self, room: Room) -> list[Table]:
        """Every table in use with its host, this round's people and its tablecloth round by round."""
        r = round_index(room)
        names = entries.names(room)
        current = entries.places(room, r) if seated(room) else {}
        notes = entries.listed(room, "note")
        out = []
        for t in range(room.state.get("tables", len(room.settings["tables"]))):
            at_table = [p for p, pl in current.items() if pl.place == t]
            host = next((names.get(p) for p in at_table if current[p].role == "host"), None)
            rounds = [
                Round(i, room.settings["rounds"][i]["question"], [n for n in notes if n.place == t and n.round == i]) for i in range(r + 1)
            ]
            people = sorted(names.get(p, "?") for p in at_table if current[p].role != "host")
            out.append(Table(t, topic(room, t), host, people, rounds))
        return out

    def context(self, room: Room, view: str, participant: Participant | None) -> dict[str, Any]:
        r = round_index(room)
        ctx: dict[str, Any] = {
            "cafe_round": r,
            "cafe_question": CAFE.question(room.state, room.settings),
            "timer_minutes": round(CAFE.question(room.state, room.settings)["minutes"]),
            "names": entries.names(room),
            "report": room.state.get("report", 0),
            "ALL_TABLES": ALL_TABLES,
        }
        if view == "participant":
            place = entries.place_of(room, participant, r) if seated(room) else None
            ctx["my_place"] = place
            ctx["my_table"] = next((t for t in self.tables(room) if place and t.index == place.place), None)
            ctx["volunteered"] = bool(participant and entries.listed(room, "volunteer", participant_id=participant.id))
        else:
            ctx["tables"] = self.tables(room)
            ctx["volunteers"] = {e.participant_id for e in entries.listed(room, "volunteer")}
            ctx["hosts"] = {int(t): h for t, h in room.state.get("hosts", {}).items()}
        if view == "console":
            ctx["all_notes"] = entries.listed(room, "note", include_hidden=True)
        return ctx

    def markdown(self, room: Room) -> list[str]:
        lines: list[str] = []
        names = entries.names(room)
        for table in self.tables(room):
            lines += [f"## Table {table.index + 1}: {md(table.topic)}", ""]
            if table.host:
                lines += [f"Host: {md(table.host)}", ""]
            for rnd in table.rounds:
                lines += [f"### Round {rnd.index + 1}: {md(rnd.question)}", ""]
                ordered = sorted(rnd.notes, key=lambda n: not n.flag)
                lines += [
                    f"- {'**Key insight:** ' if n.flag else ''}{md(n.text)} ({md(names.get(n.participant_id or 0, '?'))})" for n in ordered
                ]
                lines += [""] if rnd.notes else ["(no notes)", ""]
        return lines

    def csv_rows(self, room: Room) -> list[list[Any]]:
        names = entries.names(room)
        rows: list[list[Any]] = [["room", "table", "topic", "round", "key insight", "note", "author"]]
        for n in entries.listed(room, "note"):
            rows.append(
                [
                    room.code,
                    (n.place or 0) + 1,
                    topic(room, n.place or 0),
                    (n.round or 0) + 1,
                    "yes" if n.flag else "",
                    n.text,
                    names.get(n.participant_id or 0, ""),
                ]
            )
        return rows

    def summary(self, room: Room) -> RoomSummary:
        names = entries.names(room)
        notes = sorted(entries.listed(room, "note"), key=lambda n: (not n.flag, n.place or 0, n.round or 0, n.id))
        highlights = [
            Highlight(n.text, "insight" if n.flag else "note", n.data.get("where", ""), names.get(n.participant_id or 0)) for n in notes
        ]
        return RoomSummary(room.id, room.title, room.method, services.people(room), [], highlights)
