"""What people write in a room (notes, cards, ideas, questions) and where they sit: shared by the methods.

Every function here runs inside a change that has called `bump()` first, so one room's writers queue
and a check followed by a write cannot race.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import delete, func, insert, select

from toolbox.exports import md  # noqa: F401  (the methods' exports import it from here)
from toolbox.extensions import db
from toolbox.rooms.methods import IllegalAction

from .models import Entry, Participant, Place, Room, Vote

NOTE_LENGTH = 280
MAX_ID = 2**31 - 1  # larger ids cannot be in the database (and overflow its integers): nothing to look up


def clean_text(text: str | None, limit: int = NOTE_LENGTH, what: str = "note") -> str:
    """Participant text: printable, single-spaced, 1 to `limit` characters."""
    text = unicodedata.normalize("NFC", text or "")
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    if not text:
        raise IllegalAction(f"Your {what} is empty: type something first.")
    if len(text) > limit:
        raise IllegalAction(f"Please keep your {what} under {limit} characters (it has {len(text)}).")
    return text


def by_key(room: Room, key: str | None) -> Entry | None:
    """The entry a form with this key already stored (a re-sent form), if any."""
    if not key:
        return None
    return db.session.scalar(select(Entry).where(Entry.room_id == room.id, Entry.key == key))


def add(room: Room, participant: Participant | None, kind: str, text: str = "", key: str | None = None, **fields: Any) -> Entry:
    """Store an entry once per form key: sending the same form again returns the first entry."""
    existing = by_key(room, key)
    if existing is not None:
        return existing
    entry = Entry(room_id=room.id, participant_id=participant.id if participant else None, kind=kind, text=text, key=key or None, **fields)
    db.session.add(entry)
    db.session.flush()
    return entry


def get(room: Room, entry_id: int | None, kinds: Iterable[str]) -> Entry:
    """An entry of this room of one of `kinds`, or IllegalAction."""
    entry = db.session.get(Entry, entry_id) if entry_id and 0 < entry_id <= MAX_ID else None
    if entry is None or entry.room_id != room.id or entry.kind not in set(kinds):
        raise IllegalAction("That item is not in this room any more.")
    return entry


def listed(room: Room, kind: str, include_hidden: bool = False, **where: Any) -> list[Entry]:
    """Entries of one kind, oldest first, filtered by column values (e.g. place=2, round=0)."""
    query = select(Entry).where(Entry.room_id == room.id, Entry.kind == kind)
    for column, value in where.items():
        query = query.where(getattr(Entry, column) == value)
    if not include_hidden:
        query = query.where(Entry.hidden.is_(False))
    return list(db.session.scalars(query.order_by(Entry.id)))


def names(room: Room) -> dict[int, str]:
    """Participant id → display name, removed people included (their notes stay)."""
    return dict(db.session.execute(select(Participant.id, Participant.name).where(Participant.room_id == room.id)).all())


# Places: where each person is in each round.


def seat(room: Room, round_: int, seating: Mapping[int, tuple[int | None, str, str]]) -> None:
    """Store one round's seating, replacing any earlier one: participant → (place, seat, role)."""
    db.session.execute(delete(Place).where(Place.room_id == room.id, Place.round == round_))
    # One bulk insert of rows: creating a Place object each took seconds of the write lock for thousands.
    rows = [
        dict(room_id=room.id, participant_id=p, round=round_, place=place, seat=seat_label, role=role)
        for p, (place, seat_label, role) in seating.items()
    ]
    if rows:
        db.session.execute(insert(Place), rows)


def seat_one(room: Room, round_: int, participant_id: int, place: int | None, seat_label: str = "", role: str = "") -> None:
    """Store one person's place in a round (someone arriving late), leaving everyone else's as it is."""
    db.session.execute(delete(Place).where(Place.room_id == room.id, Place.round == round_, Place.participant_id == participant_id))
    row = dict(room_id=room.id, participant_id=participant_id, round=round_, place=place, seat=seat_label, role=role)
    db.session.execute(insert(Place), [row])


def places(room: Room, round_: int) -> dict[int, Place]:
    """Participant id → their place in a round."""
    rows = db.session.scalars(select(Place).where(Place.room_id == room.id, Place.round == round_))
    return {p.participant_id: p for p in rows}


def place_of(room: Room, participant: Participant | None, round_: int) -> Place | None:
    if participant is None:
        return None
    return db.session.scalar(select(Place).where(Place.participant_id == participant.id, Place.round == round_))


def history(room: Room, before: int) -> list[dict[int, int | None]]:
    """The seatings of rounds 0..before-1, as participant → place."""
    out: list[dict[int, int | None]] = [{} for _ in range(before)]
    rows = db.session.execute(select(Place.round, Place.participant_id, Place.place).where(Place.room_id == room.id, Place.round < before))
    for r, p, place in rows:
        out[r][p] = place
    return out


def members(room: Room, round_: int, place: int) -> list[int]:
    """Who sits at one place in a round."""
    return list(
        db.session.scalars(select(Place.participant_id).where(Place.room_id == room.id, Place.round == round_, Place.place == place))
    )


# Votes on entries (dots on cards, upvotes on questions).


def votes_of(room: Room, participant: Participant) -> set[int]:
    """The entries this participant voted for."""
    return set(db.session.scalars(select(Vote.entry_id).where(Vote.room_id == room.id, Vote.participant_id == participant.id)))


def vote_counts(room: Room) -> dict[int, int]:
    """Entry id → votes."""
    rows = db.session.execute(select(Vote.entry_id, func.count()).where(Vote.room_id == room.id).group_by(Vote.entry_id))
    return dict(rows.all())


def set_vote(room: Room, participant: Participant, entry: Entry, on: bool, allowance: int | None) -> None:
    """Vote for an entry or take the vote back; `allowance` caps a person's votes (None: no cap).

    Capped votes take numbered slots that the database keeps unique per person, so the cap holds even
    if two windows of one person vote at once; uncapped votes (upvotes) take no slot.
    """
    mine = db.session.scalars(select(Vote).where(Vote.room_id == room.id, Vote.participant_id == participant.id)).all()
    current = next((v for v in mine if v.entry_id == entry.id), None)
    if not on:
        if current is not None:
            db.session.delete(current)
        return
    if current is not None:
        return  # already voted: sending the vote again changes nothing
    slot = None
    if allowance is not None:
        used = {v.slot for v in mine}
        free = [s for s in range(1, allowance + 1) if s not in used]
        if not free:
            raise IllegalAction(f"You have used all {allowance} of your votes. Take one back to move it.")
        slot = free[0]
    db.session.add(Vote(room_id=room.id, entry_id=entry.id, participant_id=participant.id, slot=slot))
    db.session.flush()
