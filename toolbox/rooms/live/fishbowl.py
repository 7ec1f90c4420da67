"""Fishbowl in the database: the bowl in the room's state, who came in (room actions), notes from the outer circle."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from wtforms import IntegerField
from wtforms.validators import InputRequired, Length, NumberRange

from toolbox.extensions import begin_write, db
from toolbox.forms import Form, HiddenText, TextAreaText
from toolbox.rooms import entries, services
from toolbox.rooms.entries import md
from toolbox.rooms.forms import choice
from toolbox.rooms.methods import IllegalAction
from toolbox.rooms.methods import fishbowl as fb
from toolbox.rooms.models import Participant, Room, RoomAction
from toolbox.rooms.summary import Highlight, RoomSummary

from .base import Action, Handler

BOWL = fb.Fishbowl()
SHOWN_NEXT = 5  # how many of the queue the projector names


class EmptyForm(Form):
    """Only the CSRF token: the action says it all (ask to enter, leave)."""


class NoteForm(Form):
    text = TextAreaText("Your note or question", validators=[Length(max=2000)])
    key = HiddenText(validators=[Length(max=40)])


class EntryForm(Form):
    entry = IntegerField(validators=[InputRequired(message="Choose a note."), NumberRange(min=1)])


class ExpertForm(Form):
    participant = IntegerField(validators=[InputRequired(message="Choose a participant."), NumberRange(min=1)])
    expert = choice(("yes", "no"))


class SeatForm(Form):
    seat = IntegerField(validators=[InputRequired(message="Choose a seat."), NumberRange(min=0, max=50)])


class SeatsForm(Form):
    seats = IntegerField(
        "Seats in the inner circle",
        validators=[InputRequired(message="Give the number of seats."), NumberRange(min=3, max=20, message="Between 3 and 20 seats.")],
    )
    expert_seats = IntegerField(
        "Of which for experts",
        validators=[
            InputRequired(message="Give the number of expert seats (0 for none)."),
            NumberRange(min=0, max=19, message="Between 0 and 19 expert seats."),
        ],
    )


class NoteFlagForm(Form):
    entry = IntegerField(validators=[InputRequired(), NumberRange(min=1)])
    flag = choice(("insight", "hide"))


@dataclass(frozen=True)
class Seat:
    index: int
    expert: bool
    person: int | None
    name: str | None


def bowl(room: Room) -> fb.Bowl:
    return fb.Bowl.from_state(room.state, room.settings)


def open_floor(room: Room) -> bool:
    return room.phase == "open"


def _store(room: Room, before: fb.Bowl, after: fb.Bowl, actor: Participant | None = None) -> None:
    """Keep the new bowl, tell every phone whose seat or place changed, and note who came in."""
    room.state = {**room.state, **after.to_state()}
    services.notify(room, fb.moved(before, after) - ({actor.id} if actor else set()))
    for p in set(after.seated) - set(before.seated):
        services.record(room, "fishbowl", db.session.get(Participant, p), event="seated", seat=after.seat_of(p))


def _change(room: Room, participant: Participant, phases: tuple[str, ...], refusal: str, change) -> None:
    begin_write()
    services.bump(room, everyone=False, participant=participant)
    if room.phase not in phases:
        raise IllegalAction(refusal)
    before = bowl(room)
    _store(room, before, change(before), participant)


def enter(room: Room, participant: Participant, form: EmptyForm) -> None:
    """Ask for a seat in the inner circle (first come, first served)."""
    _change(
        room, participant, ("talks", "open"), "The queue opens with the fishbowl.", lambda b: fb.ask(b, participant.id, open_floor(room))
    )


def cancel(room: Room, participant: Participant, form: EmptyForm) -> None:
    """Leave the queue."""
    _change(room, participant, ("talks", "open"), "The fishbowl is not running.", lambda b: fb.withdraw(b, participant.id))


def leave(room: Room, participant: Participant, form: EmptyForm) -> None:
    """Leave my seat for the outer circle: the next in the queue takes it."""
    _change(room, participant, ("setup", "talks", "open"), "The fishbowl is over.", lambda b: fb.leave(b, participant.id, open_floor(room)))


def post_note(room: Room, participant: Participant, form: NoteForm) -> None:
    """A note or question from the outer circle, for the debrief."""
    text = entries.clean_text(form.text.data, what="note")
    begin_write()
    services.bump(room, everyone=False, participant=participant)
    if room.phase == "setup":
        raise IllegalAction("Notes open with the fishbowl.")
    entries.add(room, participant, "note", text, form.key.data, data={"where": BOWL.phase(room.phase).label})


def take_back(room: Room, participant: Participant, form: EntryForm) -> None:
    """Take back one of my notes."""
    begin_write()
    services.bump(room, everyone=False, participant=participant)
    note = entries.get(room, form.entry.data, ("note",))
    if note.participant_id != participant.id:
        raise IllegalAction("You can only take back your own notes.")
    note.hidden = True


def _facilitator_change(room: Room, change) -> None:
    begin_write()
    services.bump(room)
    if room.phase == "debrief":
        raise IllegalAction("The fishbowl is over: reopen it first.")
    before = bowl(room)
    _store(room, before, change(before))


def set_expert(room: Room, form: ExpertForm) -> None:
    """Mark a participant as an expert (they take an expert seat) or not."""
    if services.active_participant(room, form.participant.data) is None:
        raise IllegalAction("That participant is not in this room.")
    if form.expert.data == "yes" and not room.settings["expert_seats"]:
        raise IllegalAction("This fishbowl has no expert seats: add some first.")
    _facilitator_change(room, lambda b: fb.set_expert(b, form.participant.data, form.expert.data == "yes", open_floor(room)))


def free(room: Room, form: SeatForm) -> None:
    """Free a seat: its speaker goes back to the outer circle."""
    _facilitator_change(room, lambda b: fb.free_seat(b, form.seat.data, open_floor(room)))


def resize(room: Room, form: SeatsForm) -> None:
    """Change the number of seats and expert seats (nobody seated loses their chair)."""
    seats, experts = form.seats.data, form.expert_seats.data

    def change(b: fb.Bowl) -> fb.Bowl:
        new = fb.resize(b, seats, experts, open_floor(room))
        room.settings = {**room.settings, "seats": seats, "expert_seats": experts}
        return new

    _facilitator_change(room, change)


def flag_note(room: Room, form: NoteFlagForm) -> None:
    """Mark a note as a key message for the debrief, or hide it from every screen (and back)."""
    begin_write()
    services.bump(room)
    note = entries.get(room, form.entry.data, ("note",))
    if form.flag.data == "insight":
        note.flag = not note.flag
    else:
        note.hidden = not note.hidden


def seats(room: Room, names: dict[int, str]) -> list[Seat]:
    b = bowl(room)
    return [Seat(i, b.is_expert_seat(i), p, names.get(p) if p else None) for i, p in enumerate(b.seats)]


def speakers(room: Room) -> list[tuple[int, int]]:
    """(participant, times they came into the inner circle), in the order they first came in."""
    rows = db.session.execute(
        select(RoomAction.participant_id).where(RoomAction.room_id == room.id, RoomAction.kind == "fishbowl").order_by(RoomAction.id)
    ).scalars()
    times: Counter[int] = Counter()
    for p in rows:
        if p is not None:
            times[p] += 1
    return list(times.items())


class FishbowlHandler(Handler):
    method = "fishbowl"
    participant_actions = {
        "enter": Action(EmptyForm, enter),
        "cancel": Action(EmptyForm, cancel),
        "leave": Action(EmptyForm, leave),
        "notes": Action(NoteForm, post_note),
        "take-back": Action(EntryForm, take_back),
    }
    facilitator_actions = {
        "expert": Action(ExpertForm, set_expert),
        "free": Action(SeatForm, free),
        "seats": Action(SeatsForm, resize),
        "note": Action(NoteFlagForm, flag_note),
    }

    def after_move(self, room: Room, move: str, before: str) -> None:
        if move in ("open", "reopen"):
            b = bowl(room)
            _store(room, b, fb.fill(b, True))

    def after_remove(self, room: Room, participant: Participant) -> None:
        b = bowl(room)
        _store(room, b, fb.remove(b, participant.id, open_floor(room)))

    def context(self, room: Room, view: str, participant: Participant | None) -> dict[str, Any]:
        b = bowl(room)
        names = entries.names(room)
        ctx: dict[str, Any] = {"timer_minutes": 10 if room.phase == "talks" else 60 if room.phase == "open" else 5}
        if view == "participant":
            if participant is not None:
                seat = b.seat_of(participant.id)
                ctx["my_seat"] = seat
                ctx["my_expert_seat"] = seat is not None and b.is_expert_seat(seat)
                ctx["my_place"] = b.place_in_queue(participant.id)
                ctx["is_expert"] = participant.id in b.experts
                ctx["free_seats"] = len([i for i in b.free if not b.is_expert_seat(i)])
                ctx["my_notes"] = entries.listed(room, "note", participant_id=participant.id)
            return ctx
        ctx["seats"] = seats(room, names)
        ctx["queue"] = [(p, names.get(p, "?")) for p in b.queue]
        ctx["shown_next"] = SHOWN_NEXT
        ctx["experts"] = b.experts
        ctx["notes"] = sorted(entries.listed(room, "note"), key=lambda n: (not n.flag, n.id))
        ctx["names"] = names
        if view == "console":
            ctx["all_notes"] = entries.listed(room, "note", include_hidden=True)
            ctx["speakers"] = [(names.get(p, "?"), n) for p, n in speakers(room)]
        return ctx

    def markdown(self, room: Room) -> list[str]:
        names = entries.names(room)
        b = bowl(room)
        lines = [f"Topic: {md(room.settings['topic'])}", ""]
        if b.experts:
            lines += ["Experts: " + ", ".join(md(names.get(p, "?")) for p in sorted(b.experts, key=lambda p: names.get(p, ""))), ""]
        lines += ["## Who came into the inner circle", ""]
        people = speakers(room)
        lines += [f"- {md(names.get(p, '?'))}" + (f" ({n} times)" if n > 1 else "") for p, n in people] or ["(nobody)"]
        lines += ["", "## Notes and questions from the outer circle", ""]
        notes = sorted(entries.listed(room, "note"), key=lambda n: (not n.flag, n.id))
        lines += [
            f"- {'**Key message:** ' if n.flag else ''}{md(n.text)} ({md(names.get(n.participant_id or 0, '?'))})" for n in notes
        ] or ["(no notes)"]
        return [*lines, ""]

    def csv_rows(self, room: Room) -> list[list[Any]]:
        names = entries.names(room)
        rows: list[list[Any]] = [["room", "type", "who", "text", "key message", "times in the inner circle"]]
        rows += [[room.code, "speaker", names.get(p, ""), "", "", n] for p, n in speakers(room)]
        rows += [
            [room.code, "note", names.get(n.participant_id or 0, ""), n.text, "yes" if n.flag else "", ""]
            for n in entries.listed(room, "note")
        ]
        return rows

    def summary(self, room: Room) -> RoomSummary:
        names = entries.names(room)
        notes = sorted(entries.listed(room, "note"), key=lambda n: (not n.flag, n.id))
        highlights = [
            Highlight(n.text, "insight" if n.flag else "note", n.data.get("where", ""), names.get(n.participant_id or 0)) for n in notes
        ]
        return RoomSummary(
            room.id, room.title, room.method, services.people(room), [h for h in highlights if h.kind == "insight"], highlights
        )
