"""What a room produced, in one shape for every method: for reports and for the facilitator's sessions page."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from toolbox.extensions import db

from . import services
from .models import Entry, Participant, Room, Vote


@dataclass(frozen=True)
class Highlight:
    """One thing a room produced: a note, a card, a top-voted option, a key insight."""

    text: str
    kind: str  # "option", "note", "insight", "card", "question", "idea"…
    where: str = ""  # e.g. "Table 2: Pre-departure, round 1" or "Ballot: Most affected"
    author: str | None = None  # a participant's name; None for the facilitator or the settings
    score: int | None = None  # dots or votes, when the method counts them


@dataclass(frozen=True)
class RoomSummary:
    room_id: int
    title: str
    method: str
    participants: int
    top: list[Highlight] = field(default_factory=list)  # ranked: top-voted options or cards
    notes: list[Highlight] = field(default_factory=list)  # key insights first, then the rest in order


def summarise(room: Room) -> RoomSummary:
    """The room's top-voted items and its notes, ready to pre-fill a rapporteur's report."""
    from .live import handler  # the handlers build summaries with the classes above

    own = handler(room.method).summary(room)
    if own is not None:
        return own
    return RoomSummary(room.id, room.title, room.method, services.people(room), _top_entries(room), _notes(room))


def _names(room: Room) -> dict[int, str]:
    return dict(db.session.execute(select(Participant.id, Participant.name).where(Participant.room_id == room.id)).all())


def _notes(room: Room) -> list[Highlight]:
    names = _names(room)
    rows = db.session.scalars(
        select(Entry)
        .where(Entry.room_id == room.id, Entry.hidden.is_(False), Entry.text != "", Entry.kind.notin_(("queue", "points", "stance")))
        .order_by(Entry.flag.desc(), Entry.id)
    )
    return [Highlight(e.text, "insight" if e.flag else e.kind, e.data.get("where", ""), names.get(e.participant_id or 0)) for e in rows]


def _top_entries(room: Room, limit: int = 5) -> list[Highlight]:
    names = _names(room)
    counted = db.session.execute(
        select(Entry, func.count(Vote.id).label("votes"))
        .join(Vote, Vote.entry_id == Entry.id)
        .where(Entry.room_id == room.id, Entry.hidden.is_(False))
        .group_by(Entry.id)
        .order_by(func.count(Vote.id).desc(), Entry.id)
        .limit(limit)
    ).all()
    return [Highlight(e.text, e.kind, e.data.get("where", ""), names.get(e.participant_id or 0), votes) for e, votes in counted]


def participant_names(rooms: list[Room]) -> list[str]:
    """The names everyone joined these rooms with, removed people too (to hide them in reports)."""
    if not rooms:
        return []
    return list(db.session.scalars(select(Participant.name).where(Participant.room_id.in_([r.id for r in rooms]))))
