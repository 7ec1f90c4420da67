"""Take a stand in the database: one stance per person, statement and round; volunteers to explain; the spreads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wtforms import IntegerField
from wtforms.validators import InputRequired, Length, NumberRange

from toolbox.extensions import begin_write, db
from toolbox.forms import Form, TextAreaText
from toolbox.rooms import entries, services
from toolbox.rooms.entries import md
from toolbox.rooms.forms import choice
from toolbox.rooms.methods import IllegalAction
from toolbox.rooms.methods.take_a_stand import TakeAStand, division, most_divided, speaking_order, spread
from toolbox.rooms.models import Entry, Participant, Room
from toolbox.rooms.summary import Highlight, RoomSummary

from .base import Action, Handler

STAND = TakeAStand()
MAX_STATEMENTS = 20
STATEMENT_LENGTH = 500


class StanceForm(Form):
    zone = IntegerField(
        validators=[InputRequired(message="Choose a zone."), NumberRange(min=0, max=20, message="Choose one of the zones.")]
    )


class ExplainForm(Form):
    explain = choice(("yes", "no"))


class HeardForm(Form):
    entry = IntegerField(validators=[InputRequired(message="Choose a volunteer."), NumberRange(min=1)])


class StatementsForm(Form):
    statements = TextAreaText("Statements, one per line", validators=[Length(max=12000)])


@dataclass(frozen=True)
class Volunteer:
    entry: Entry
    name: str
    zone: int | None


@dataclass(frozen=True)
class Spread:
    index: int
    statement: str
    counts: list[int]  # the last round asked
    before: list[int] | None  # the first round, when people were asked to move again
    volunteers: list[Volunteer]

    @property
    def people(self) -> int:
        return sum(self.counts)

    @property
    def division(self) -> float:
        return division(self.counts)

    @property
    def order(self) -> list[int]:
        return speaking_order(self.counts)


def current(room: Room) -> tuple[int, int]:
    return room.state.get("statement", 0), room.state.get("round", 0)


def stance_key(statement: int, round_: int, participant_id: int) -> str:
    return f"stance:{statement}:{round_}:{participant_id}"


def my_stance(room: Room, participant: Participant, statement: int, round_: int) -> Entry | None:
    return entries.by_key(room, stance_key(statement, round_, participant.id))


def stand(room: Room, participant: Participant, form: StanceForm) -> None:
    """Stand in a zone for the statement shown (again: nothing changes; another zone: I move)."""
    begin_write()
    services.bump(room, everyone=False, participant=participant)
    if room.phase != "statement":
        raise IllegalAction("Wait for the next statement." if room.phase != "spread" else "The spread is shown: your place is kept.")
    zone = form.zone.data
    if zone >= len(room.settings["zones"]):
        raise IllegalAction("Choose one of the zones.")
    k, r = current(room)
    stance = my_stance(room, participant, k, r)
    if stance is None:
        entries.add(room, participant, "stance", key=stance_key(k, r, participant.id), place=k, round=r, value=zone)
    elif stance.value != zone:
        stance.value = zone


def explain(room: Room, participant: Participant, form: ExplainForm) -> None:
    """Offer to explain my position on the statement shown, or withdraw the offer."""
    begin_write()
    services.bump(room, everyone=False, participant=participant)
    if room.phase != "spread":
        raise IllegalAction("You can offer to explain once the spread is shown.")
    k, r = current(room)
    if form.explain.data == "yes" and my_stance(room, participant, k, r) is None:
        raise IllegalAction("Take a stand first: you did not choose a zone for this statement.")
    offer = entries.add(room, participant, "explain", key=f"explain:{k}:{participant.id}", place=k)
    offer.hidden = form.explain.data != "yes"


def heard(room: Room, form: HeardForm) -> None:
    """The facilitator marks a volunteer as heard (or not)."""
    begin_write()
    services.bump(room)
    offer = entries.get(room, form.entry.data, ("explain",))
    offer.flag = not offer.flag


def edit_statements(room: Room, form: StatementsForm) -> None:
    """Adapt the statements to the participants' context before the first one is shown."""
    statements = [" ".join(line.split()) for line in (form.statements.data or "").splitlines() if line.strip()]
    if not statements:
        raise IllegalAction("Give at least one statement, one per line.")
    if len(statements) > MAX_STATEMENTS:
        raise IllegalAction(f"Give at most {MAX_STATEMENTS} statements.")
    if any(len(s) > STATEMENT_LENGTH for s in statements):
        raise IllegalAction(f"Keep each statement under {STATEMENT_LENGTH} characters.")
    begin_write()
    services.bump(room)
    if room.phase != "setup":
        raise IllegalAction("The statements can only change before the first one is shown.")
    room.settings = {**room.settings, "statements": statements}


def stances(room: Room) -> dict[tuple[int, int], dict[int, int]]:
    """(statement, round) → participant → zone."""
    out: dict[tuple[int, int], dict[int, int]] = {}
    for e in entries.listed(room, "stance"):
        if e.participant_id is not None and e.value is not None:
            out.setdefault((e.place or 0, e.round or 0), {})[e.participant_id] = e.value
    return out


def spreads(room: Room, upto: int | None = None) -> list[Spread]:
    """Each statement shown so far with its spread, the first round's too, and who offered to explain."""
    zones = len(room.settings["zones"])
    again = set(room.state.get("again", []))
    shown = room.state.get("statement", 0) if room.phase != "setup" else -1
    by_round = stances(room)
    names = entries.names(room)
    offers: dict[int, list[Entry]] = {}
    for e in entries.listed(room, "explain"):
        offers.setdefault(e.place or 0, []).append(e)
    out = []
    for k, text in enumerate(room.settings["statements"][: (shown + 1) if upto is None else upto + 1]):
        last = 1 if k in again else 0
        latest = by_round.get((k, last), {})
        volunteers = [Volunteer(e, names.get(e.participant_id or 0, "?"), latest.get(e.participant_id or 0)) for e in offers.get(k, [])]
        before = spread(by_round.get((k, 0), {}).values(), zones) if last else None
        out.append(Spread(k, text, spread(latest.values(), zones), before, volunteers))
    return out


def answered(room: Room) -> int:
    """How many people in the room have taken a stand on the statement shown."""
    k, r = current(room)
    here = {p.id for p in services.participants(room)}
    return len(here & set(stances(room).get((k, r), {})))


class TakeAStandHandler(Handler):
    method = "take-a-stand"
    participant_actions = {"stance": Action(StanceForm, stand), "explain": Action(ExplainForm, explain)}
    facilitator_actions = {"heard": Action(HeardForm, heard), "statements": Action(StatementsForm, edit_statements)}

    def after_move(self, room: Room, move: str, before: str) -> None:
        if move == "again":
            # Everyone starts the second round where they stood: only those who move need to tap.
            k = room.state.get("statement", 0)
            for e in entries.listed(room, "stance", place=k, round=0):
                person = db.session.get(Participant, e.participant_id) if e.participant_id else None
                if person is not None:
                    entries.add(room, person, "stance", key=stance_key(k, 1, person.id), place=k, round=1, value=e.value)

    def context(self, room: Room, view: str, participant: Participant | None) -> dict[str, Any]:
        k, r = current(room)
        statements = room.settings["statements"]
        ctx: dict[str, Any] = {
            "st_index": k,
            "st_round": r,
            "st_text": statements[min(k, len(statements) - 1)],
            "zones": room.settings["zones"],
            "timer_minutes": 7,
        }
        if view == "participant":
            if participant is not None and room.phase in ("statement", "spread"):
                stance = my_stance(room, participant, k, r)
                ctx["my_zone"] = stance.value if stance else None
                offer = entries.by_key(room, f"explain:{k}:{participant.id}")
                ctx["offered"] = bool(offer and not offer.hidden)
            if room.phase == "spread":
                ctx["now"] = spreads(room)[k]
            elif room.phase == "summary" or room.closed:
                ctx["all_spreads"] = spreads(room)
            return ctx
        if room.phase == "statement":
            ctx["answered"] = answered(room)
        if room.phase != "setup":
            ctx["all_spreads"] = spreads(room)
            ctx["now"] = ctx["all_spreads"][k]
            ctx["most_divided"] = most_divided([s.counts for s in ctx["all_spreads"]])
        if view == "console":
            ctx["statements_text"] = "\n".join(statements)
        return ctx

    def markdown(self, room: Room) -> list[str]:
        zones = room.settings["zones"]
        lines: list[str] = []
        for s in self._finished(room):
            lines += [f"## Statement {s.index + 1}", "", md(s.statement), ""]
            if s.before is not None:
                lines += ["| Zone | First stand | After the explanations |", "|---|---:|---:|"]
                lines += [f"| {md(z)} | {s.before[i]} | {s.counts[i]} |" for i, z in enumerate(zones)]
            else:
                lines += ["| Zone | People |", "|---|---:|"]
                lines += [f"| {md(z)} | {s.counts[i]} |" for i, z in enumerate(zones)]
            lines.append("")
            if s.volunteers:
                said = "; ".join(f"{md(v.name)} ({md(zones[v.zone]) if v.zone is not None else 'no zone'})" for v in s.volunteers)
                lines += [f"Offered to explain: {said}", ""]
        return lines

    def csv_rows(self, room: Room) -> list[list[Any]]:
        zones = room.settings["zones"]
        rows: list[list[Any]] = [["room", "statement", "text", "round", "zone", "people"]]
        for s in self._finished(room):
            rounds = (
                [("first stand", s.before), ("after the explanations", s.counts)] if s.before is not None else [("first stand", s.counts)]
            )
            for label, counts in rounds:
                rows += [[room.code, s.index + 1, s.statement, label, z, counts[i]] for i, z in enumerate(zones)]
        return rows

    def summary(self, room: Room) -> RoomSummary:
        zones = room.settings["zones"]
        top = [
            Highlight(
                f"{s.statement} ({', '.join(f'{z}: {s.counts[i]}' for i, z in enumerate(zones))})",
                "spread",
                "Where people stood",
            )
            for s in self._finished(room)
        ]
        return RoomSummary(room.id, room.title, room.method, services.people(room), top, [])

    def _finished(self, room: Room) -> list[Spread]:
        return spreads(room) if room.phase != "setup" else []
