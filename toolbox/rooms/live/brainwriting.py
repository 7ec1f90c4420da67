"""Brainwriting in the database: the ring of cards, ideas added pass by pass, dots on the cards, results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from wtforms import IntegerField
from wtforms.validators import InputRequired, Length, NumberRange

from toolbox.extensions import begin_write, db
from toolbox.forms import Form, HiddenText, TextAreaText
from toolbox.rooms import entries, services
from toolbox.rooms.entries import md
from toolbox.rooms.forms import choice
from toolbox.rooms.methods import IllegalAction
from toolbox.rooms.methods.brainwriting import Brainwriting, adopt, holdings, seat_holders
from toolbox.rooms.methods.ranking import ranked
from toolbox.rooms.models import Entry, Participant, Room, Vote
from toolbox.rooms.summary import Highlight, RoomSummary

from .base import Action, Handler

BW = Brainwriting()
IDEA_LENGTH = 280


class IdeaForm(Form):
    text = TextAreaText("Your idea", validators=[Length(max=2000)])
    key = HiddenText(validators=[Length(max=40)])


class EntryForm(Form):
    entry = IntegerField(validators=[InputRequired(message="Choose an idea."), NumberRange(min=1)])


class VoteForm(Form):
    card = IntegerField(validators=[InputRequired(message="Choose a card."), NumberRange(min=1)])
    on = choice(("yes", "no"))


class HideForm(Form):
    entry = IntegerField(validators=[InputRequired(message="Choose an idea."), NumberRange(min=1)])


@dataclass(frozen=True)
class Card:
    entry: Entry
    number: int
    owner: int | None
    ideas: list[Entry]
    votes: int = 0
    rank: int = 0

    @property
    def id(self) -> int:
        return self.entry.id

    @property
    def extra(self) -> bool:
        """A card of its own for someone who joined after the cards started moving."""
        return self.entry.place is None


def ring(room: Room) -> list[int]:
    return [int(p) for p in room.state.get("ring", [])]


def pass_index(room: Room) -> int:
    return room.state.get("pass", 0)


def adopted(room: Room) -> dict[int, int]:
    return {int(s): p for s, p in room.state.get("adopted", {}).items()}


def present(room: Room) -> list[int]:
    return [p.id for p in services.participants(room)]


def passing(room: Room) -> bool:
    return room.phase in ("writing", "passing")


def _card_entries(room: Room) -> list[Entry]:
    return sorted(entries.listed(room, "card"), key=lambda e: e.value or 0)


def cards(room: Room, include_hidden: bool = False, with_votes: bool = False) -> list[Card]:
    """Every card with its ideas (oldest first), numbered as on the phones."""
    ideas: dict[int, list[Entry]] = {}
    for idea in entries.listed(room, "idea", include_hidden=include_hidden):
        ideas.setdefault(idea.place or 0, []).append(idea)
    counts = entries.vote_counts(room) if with_votes else {}
    return [Card(e, e.value or 0, e.participant_id, ideas.get(e.id, []), counts.get(e.id, 0)) for e in _card_entries(room)]


def results(room: Room) -> list[Card]:
    """Cards with at least one idea, most votes first; equal votes share a rank."""
    written = [c for c in cards(room, with_votes=True) if c.ideas]
    order = ranked([(c, c.votes) for c in written], key=lambda c: c.number)
    return [Card(c.entry, c.number, c.owner, c.ideas, c.votes, rank) for rank, c in order]


def held_seat(room: Room, participant: Participant) -> int | None:
    """The seat of the card this participant holds in the current pass, if any."""
    if not passing(room):
        return None
    return holdings(ring(room), pass_index(room), present(room), adopted(room)).get(participant.id)


def held_card(room: Room, participant: Participant) -> Entry | None:
    """The card this participant writes on now: the ring's card they hold, or a card of their own."""
    seat = held_seat(room, participant)
    if seat is not None:
        return next(iter(entries.listed(room, "card", place=seat)), None)
    return extra_card(room, participant)


def extra_card(room: Room, participant: Participant) -> Entry | None:
    return next((e for e in entries.listed(room, "card", participant_id=participant.id) if e.place is None), None)


def _new_card(room: Room, participant: Participant, seat: int | None) -> Entry:
    number = max((e.value or 0 for e in _card_entries(room)), default=0) + 1
    key = f"card:{seat}" if seat is not None else f"card:extra:{participant.id}"
    return entries.add(room, participant, "card", key=key, place=seat, value=number)


def post_idea(room: Room, participant: Participant, form: IdeaForm) -> None:
    """Add an idea to the card I hold."""
    text = entries.clean_text(form.text.data, IDEA_LENGTH, "idea")
    begin_write()
    services.bump(room, everyone=False, participant=participant)
    if not passing(room):
        raise IllegalAction("Ideas go on the cards while they are being written and passed on.")
    card = held_card(room, participant)
    if card is None:
        card = _new_card(room, participant, None)  # joined after the cards started moving: a card of their own
    entries.add(room, participant, "idea", text, form.key.data, place=card.id, round=pass_index(room), data={"card": card.value})


def withdraw(room: Room, participant: Participant, form: EntryForm) -> None:
    """Take back an idea I added during this pass."""
    begin_write()
    services.bump(room, everyone=False, participant=participant)
    idea = entries.get(room, form.entry.data, ("idea",))
    if idea.participant_id != participant.id:
        raise IllegalAction("You can only take back your own ideas.")
    if not passing(room) or idea.round != pass_index(room):
        raise IllegalAction("The card has moved on: ideas can be taken back during the pass they were written in.")
    idea.hidden = True


def vote(room: Room, participant: Participant, form: VoteForm) -> None:
    """Put one of my dots on a card, or take it back."""
    begin_write()
    services.bump(room, everyone=False, participant=participant)
    if room.phase != "voting":
        raise IllegalAction("The vote is not open." if room.phase != "results" else "The vote is closed: your dots are kept.")
    card = entries.get(room, form.card.data, ("card",))
    if not entries.listed(room, "idea", place=card.id):
        raise IllegalAction("That card has no ideas on it.")
    entries.set_vote(room, participant, card, form.on.data == "yes", allowance=room.settings["vote_dots"])


def hide_idea(room: Room, form: HideForm) -> None:
    """The facilitator hides an idea from every screen, or shows it again."""
    begin_write()
    services.bump(room)
    idea = entries.get(room, form.entry.data, ("idea",))
    idea.hidden = not idea.hidden


class BrainwritingHandler(Handler):
    method = "brainwriting"
    participant_actions = {
        "ideas": Action(IdeaForm, post_idea),
        "withdraw": Action(EntryForm, withdraw),
        "vote": Action(VoteForm, vote),
    }
    facilitator_actions = {"idea": Action(HideForm, hide_idea)}

    def after_move(self, room: Room, move: str, before: str) -> None:
        seconds = round(room.settings["round_minutes"] * 60)
        if move == "start":
            people = services.participants(room)
            room.state = {**room.state, "ring": [p.id for p in people], "adopted": {}}
            for seat, p in enumerate(people):
                _new_card(room, p, seat)
            services.control_timer(room, "start", seconds)
        elif move == "pass":
            self._adopt(room, present(room))  # whoever waits, in the order they joined
            services.control_timer(room, "start", seconds)
        elif move in ("vote", "results", "finish") and services.timer(room).total:
            services.control_timer(room, "reset")

    def _adopt(self, room: Room, waiting: list[int]) -> None:
        """Late joiners take the seats of people who left (their cards keep moving through those seats)."""
        new = adopt(ring(room), present(room), adopted(room), waiting)
        room.state = {**room.state, "adopted": {str(s): p for s, p in sorted(new.items())}}

    def after_join(self, room: Room, participant: Participant) -> None:
        if room.phase == "writing":
            # Nobody has passed a card yet: the newcomer joins the end of the ring with a card of their own.
            room.state = {**room.state, "ring": [*ring(room), participant.id]}
            _new_card(room, participant, len(ring(room)) - 1)
        elif room.phase == "passing":
            self._adopt(room, [participant.id])

    def context(self, room: Room, view: str, participant: Participant | None) -> dict[str, Any]:
        ctx: dict[str, Any] = {
            "bw_pass": pass_index(room),
            "bw_passes": BW.passes(room.state, room.settings),
            "timer_minutes": max(1, round(room.settings["round_minutes"])),
            "vote_dots": room.settings["vote_dots"],
        }
        if view == "participant":
            if participant is not None and passing(room):
                card = held_card(room, participant)
                ctx["my_card"] = next((c for c in cards(room) if card and c.id == card.id), None)
                ctx["on_extra_card"] = card is None or card.place is None
            elif participant is not None and room.phase == "voting":
                ctx["voting_cards"] = [c for c in cards(room) if c.ideas]
                ctx["my_votes"] = entries.votes_of(room, participant)
            elif room.phase == "results" or room.closed:
                ctx["results"] = results(room)
            return ctx
        if passing(room):
            holders = seat_holders(ring(room), present(room), adopted(room))
            writers = {i.participant_id for i in entries.listed(room, "idea", round=pass_index(room))}
            ctx["bw_holding"] = len(holders)
            ctx["bw_written"] = len(writers & set(holders.values()))
            ctx["bw_empty"] = len(ring(room)) - len(holders)
        if room.phase == "voting":
            ctx["voting_cards"] = [c for c in cards(room) if c.ideas]
            ctx["voters"] = voters(room)
        if room.phase == "results" or room.closed or view == "console":
            ctx["results"] = results(room)
        if view == "console":
            ctx["all_cards"] = cards(room, include_hidden=True, with_votes=True)
            ctx["names"] = entries.names(room)
            ctx["ring_size"] = len(ring(room))
        return ctx

    def markdown(self, room: Room) -> list[str]:
        names = entries.names(room)
        lines = [f"Prompt: {md(room.settings['prompt'])}", ""]
        for card in results(room):
            votes = f", {card.votes} vote{'' if card.votes == 1 else 's'}" if room.settings["vote_dots"] else ""
            lines += [f"## {card.rank}. Card {card.number}{votes}", ""]
            lines += [f"- {md(i.text)} ({md(names.get(i.participant_id or 0, '?'))}, {_when(i)})" for i in card.ideas]
            lines.append("")
        return lines

    def csv_rows(self, room: Room) -> list[list[Any]]:
        names = entries.names(room)
        rows: list[list[Any]] = [["room", "rank", "card", "votes", "pass", "idea", "author"]]
        for card in results(room):
            for i in card.ideas:
                rows.append([room.code, card.rank, card.number, card.votes, i.round or 0, i.text, names.get(i.participant_id or 0, "")])
        return rows

    def summary(self, room: Room) -> RoomSummary:
        names = entries.names(room)
        ranked_cards = results(room)
        voting = room.settings["vote_dots"] > 0
        top = [
            Highlight(
                f"Card {c.number}: " + "; ".join(i.text for i in c.ideas),
                "card",
                "Top cards",
                names.get(c.owner or 0),
                c.votes if voting else None,
            )
            for c in ranked_cards[:5]
        ]
        notes = [
            Highlight(i.text, "idea", f"Card {c.number}, {_when(i)}", names.get(i.participant_id or 0))
            for c in ranked_cards
            for i in c.ideas
        ]
        return RoomSummary(room.id, room.title, room.method, services.people(room), top, notes)


def voters(room: Room) -> int:
    """How many people have put at least one dot on a card."""
    return db.session.scalar(select(func.count(func.distinct(Vote.participant_id))).where(Vote.room_id == room.id)) or 0


def _when(idea: Entry) -> str:
    return "first writing" if not idea.round else f"pass {idea.round}"
