"""Speed dating in the database: pairs and seats each round, breaks, ideas jotted per question, the plenary."""

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
from toolbox.rooms.methods.grouping import meetings
from toolbox.rooms.methods.speed_dating import ALL_QUESTIONS, SpeedDating, next_pairing
from toolbox.rooms.models import Entry, Participant, Room
from toolbox.rooms.summary import Highlight, RoomSummary

from .base import Action, Handler

MACHINE = SpeedDating()


class IdeaForm(Form):
    text = TextAreaText("Your idea", validators=[Length(max=2000)])
    key = HiddenText(validators=[Length(max=40)])


class EntryForm(Form):
    entry = IntegerField(validators=[InputRequired(message="Choose an idea."), NumberRange(min=1)])


class IdeaFlagForm(Form):
    entry = IntegerField(validators=[InputRequired(), NumberRange(min=1)])
    flag = choice(("hide",))


@dataclass(frozen=True)
class Pair:
    index: int
    seats: list[tuple[str, str]]  # (seat, name), two or three of them


@dataclass(frozen=True)
class Question:
    index: int
    text: str
    ideas: list[Entry]


def round_index(room: Room) -> int:
    return room.state.get("round", 0)


def paired(room: Room) -> bool:
    return room.phase in ("pairing", "talking")


def question_of(room: Room) -> int:
    """The index ideas are filed under: the current question, or 0 for a meet-and-greet."""
    return MACHINE.question_index(room.state, room.settings) or 0


def _pair(room: Room, first: bool) -> None:
    r = round_index(room)
    present = [p.id for p in services.participants(room)]
    met = meetings({p: pl.place for p, pl in entries.places(room, i).items()} for i in range(r))
    pairing = next_pairing(list(room.state.get("loop", [])), present, met, first=first, odd=room.settings.get("odd", "bye"))
    entries.seat(room, r, {p: (pair, seat, "" if pair is not None else "break") for p, (pair, seat) in pairing.places.items()})
    room.state = {**room.state, "loop": pairing.loop}


def jot(room: Room, participant: Participant, form: IdeaForm) -> None:
    """Note an idea from a conversation, filed under the current question."""
    text = entries.clean_text(form.text.data, what="idea")
    begin_write()
    services.bump(room, everyone=False, participant=participant)
    if room.phase == "setup":
        raise IllegalAction("Ideas can be noted once the conversations start.")
    q = question_of(room)
    where = f"Question {q + 1}" if room.settings["questions"] else "Meet and greet"
    entries.add(room, participant, "idea", text, form.key.data, place=q, round=round_index(room), data={"where": where})


def withdraw(room: Room, participant: Participant, form: EntryForm) -> None:
    """Take back one of my own ideas."""
    begin_write()
    services.bump(room, everyone=False, participant=participant)
    idea = entries.get(room, form.entry.data, ("idea",))
    if idea.participant_id != participant.id:
        raise IllegalAction("You can only take back your own ideas.")
    idea.hidden = True


def hide_idea(room: Room, form: IdeaFlagForm) -> None:
    """The facilitator hides an idea from every screen (or shows it again)."""
    begin_write()
    services.bump(room)
    idea = entries.get(room, form.entry.data, ("idea",))
    idea.hidden = not idea.hidden


class SpeedDatingHandler(Handler):
    method = "speed-dating"
    participant_actions = {"ideas": Action(IdeaForm, jot), "withdraw": Action(EntryForm, withdraw)}
    facilitator_actions = {"idea": Action(IdeaFlagForm, hide_idea)}

    def after_move(self, room: Room, move: str, before: str) -> None:
        if move in ("pair", "rotate"):
            _pair(room, first=move == "pair")
        elif move == "start":
            services.control_timer(room, "start", round(room.settings["round_minutes"] * 60))
        elif move == "plenary" and services.timer(room).total:
            services.control_timer(room, "reset")

    def after_join(self, room: Room, participant: Participant) -> None:
        """Someone arriving mid-round takes the partner of whoever has a break, if anyone has."""
        if not paired(room):
            return
        r = round_index(room)
        current = entries.places(room, r)
        resting = next((p for p, pl in current.items() if pl.place is None), None)
        if resting is None:
            return  # they join the loop at the next move of seats
        pair = max((pl.place for pl in current.values() if pl.place is not None), default=-1) + 1
        # Two rows, not the whole round again: joins come one after another in a large room.
        entries.seat_one(room, r, resting, pair, f"A{pair + 1}", "")
        entries.seat_one(room, r, participant.id, pair, f"B{pair + 1}", "")
        loop = list(room.state.get("loop", []))
        loop = [participant.id if p is None else p for p in loop] if None in loop else [*loop, participant.id]
        room.state = {**room.state, "loop": loop}
        services.notify(room, [resting])

    def pairs(self, room: Room) -> tuple[list[Pair], list[str]]:
        """This round's pairs with seats and names, and who has a break."""
        names = entries.names(room)
        by_pair: dict[int, list[tuple[str, str]]] = {}
        resting = []
        for p, pl in sorted(entries.places(room, round_index(room)).items(), key=lambda item: item[1].seat):
            if pl.place is None:
                resting.append(names.get(p, "?"))
            else:
                by_pair.setdefault(pl.place, []).append((pl.seat, names.get(p, "?")))
        return [Pair(i, seats) for i, seats in sorted(by_pair.items())], sorted(resting)

    def questions(self, room: Room, include_hidden: bool = False) -> list[Question]:
        ideas = entries.listed(room, "idea", include_hidden=include_hidden)
        texts = list(room.settings["questions"]) or [MACHINE.question(room.state, room.settings)]
        return [Question(i, text, [n for n in ideas if (n.place or 0) == i]) for i, text in enumerate(texts)]

    def context(self, room: Room, view: str, participant: Participant | None) -> dict[str, Any]:
        r = round_index(room)
        ctx: dict[str, Any] = {
            "sd_round": r,
            "sd_total": MACHINE.total_rounds(room.settings),
            "sd_question": MACHINE.question(room.state, room.settings),
            "sd_question_index": MACHINE.question_index(room.state, room.settings),
            "timer_minutes": max(1, round(room.settings["round_minutes"])),
            "names": entries.names(room),
            "shown": room.state.get("plenary", 0),
            "ALL_QUESTIONS": ALL_QUESTIONS,
        }
        if view == "participant":
            me = entries.place_of(room, participant, r) if paired(room) and participant else None
            ctx["my_place"] = me
            partners = []
            if me is not None and me.place is not None:
                partners = sorted(
                    (pl.seat, ctx["names"].get(p, "?"))
                    for p, pl in entries.places(room, r).items()
                    if pl.place == me.place and p != participant.id
                )
            ctx["partners"] = partners
            ctx["my_ideas"] = entries.listed(room, "idea", participant_id=participant.id) if participant else []
            if room.phase == "plenary":
                ctx["questions"] = self.questions(room)
        else:
            ctx["pairs"], ctx["resting"] = self.pairs(room) if paired(room) else ([], [])
            ctx["questions"] = self.questions(room, include_hidden=view == "console")
        return ctx

    def markdown(self, room: Room) -> list[str]:
        lines: list[str] = []
        names = entries.names(room)
        for q in self.questions(room):
            lines += [f"## {md(q.text)}" if room.settings["questions"] else "## Notes from the meet-and-greet", ""]
            lines += [f"- {md(n.text)} ({md(names.get(n.participant_id or 0, '?'))})" for n in q.ideas] or ["(no ideas noted)"]
            lines.append("")
        return lines

    def csv_rows(self, room: Room) -> list[list[Any]]:
        names = entries.names(room)
        rows: list[list[Any]] = [["room", "question", "round", "idea", "author"]]
        for q in self.questions(room):
            rows += [[room.code, q.text, (n.round or 0) + 1, n.text, names.get(n.participant_id or 0, "")] for n in q.ideas]
        return rows

    def summary(self, room: Room) -> RoomSummary:
        names = entries.names(room)
        notes = [
            Highlight(n.text, "idea", f"Question {q.index + 1}: {q.text}", names.get(n.participant_id or 0))
            for q in self.questions(room)
            for n in q.ideas
        ]
        return RoomSummary(room.id, room.title, room.method, services.people(room), [], notes)
