"""Rooms, participants, every action they take, where each person sits, what they write, and their votes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from toolbox.auth.models import utcnow
from toolbox.extensions import db


class Room(db.Model):
    """A live run of an activity. `version` goes up with every change, in the same transaction."""

    __tablename__ = "rooms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    activity: Mapped[str] = mapped_column(String(200))  # module/slug of the guide
    method: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    settings: Mapped[dict] = mapped_column(JSON)  # the method's settings, as edited by the facilitator
    state: Mapped[dict] = mapped_column(JSON, default=dict)  # the method's own state (e.g. revealed)
    phase: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=1)
    # `stage` goes up only with changes every phone shows (phase, options, timer, closing), so a dot
    # placed by one person does not make everyone's phone download its page again.
    stage: Mapped[int] = mapped_column(Integer, default=1)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    # The timer is a deadline, so a restart loses nothing: running = ends_at set; paused = remaining set.
    timer_seconds: Mapped[int] = mapped_column(Integer, default=0)
    timer_ends_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    timer_remaining: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class RoomFacilitator(db.Model):
    """Someone who runs a room with the facilitator who opened it (its owner): a co-facilitator."""

    __tablename__ = "room_facilitators"

    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Participant(db.Model):
    """Someone in a room, known by a display name and a signed cookie; no account needed."""

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=0)  # raised when this person's own view changes
    # What the person told us at joining (territory, role, expertise), for mixing groups and tables.
    attributes: Mapped[dict] = mapped_column(JSON, default=dict, server_default=text("'{}'"))
    joined_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class RoomAction(db.Model):
    """One thing that happened in a room, kept for the record and for exports."""

    __tablename__ = "room_actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"), nullable=True)
    kind: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Dot(db.Model):
    """One dot of one participant on one ballot.

    The database enforces the allowance: each dot takes a numbered slot (1..dots of the ballot) and a
    slot can be taken once per participant and ballot. Without stacking, `stack` is the option, so the
    same option cannot get two dots either.
    """

    __tablename__ = "dots"
    __table_args__ = (
        UniqueConstraint("participant_id", "ballot", "slot"),
        UniqueConstraint("participant_id", "ballot", "stack"),
        CheckConstraint("slot >= 1", name="slot_positive"),
        Index("ix_dots_room_ballot_option", "room_id", "ballot", "option"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    ballot: Mapped[int] = mapped_column(Integer)
    option: Mapped[int] = mapped_column(Integer)
    slot: Mapped[int] = mapped_column(Integer)
    stack: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Place(db.Model):
    """Where a participant is in one round: a table, group, pair or seat, and their role there.

    `round` is 0 for methods without rounds. `place` is None for someone not seated this round (a bye).
    """

    __tablename__ = "room_places"
    __table_args__ = (
        UniqueConstraint("participant_id", "round"),
        Index("ix_room_places_room_round", "room_id", "round"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    round: Mapped[int] = mapped_column(Integer, default=0)
    place: Mapped[int | None] = mapped_column(Integer, nullable=True)
    seat: Mapped[str] = mapped_column(String(12), default="")
    role: Mapped[str] = mapped_column(String(20), default="")


class Entry(db.Model):
    """Something written or chosen in a room: a note, a card, a question, a stance, a place in a queue.

    `place` is where it belongs (a table, group, card, statement or question, by method), `target` a
    part of a board ("p:0" a prompt, "s:1" a side, "m:2:3" a matrix cell). `key` is the sending form's
    own token: a form sent twice (a retry after a timeout) stores one entry.
    """

    __tablename__ = "room_entries"
    __table_args__ = (
        UniqueConstraint("room_id", "key"),
        Index("ix_room_entries_room_kind", "room_id", "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"))
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"), nullable=True, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    place: Mapped[int | None] = mapped_column(Integer, nullable=True)
    round: Mapped[int | None] = mapped_column(Integer, nullable=True)
    target: Mapped[str] = mapped_column(String(20), default="")
    text: Mapped[str] = mapped_column(String(1000), default="")
    value: Mapped[int | None] = mapped_column(Integer, nullable=True)
    flag: Mapped[bool] = mapped_column(Boolean, default=False)  # a key insight, a drawn question, a served request…
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)  # withdrawn by its author or hidden by the facilitator
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    key: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Vote(db.Model):
    """One participant's vote on an entry (a dot on a card, an upvote on a question).

    Limited votes take a numbered slot that the database keeps unique per participant, as dots do;
    unlimited ones (upvotes) leave it empty. Nobody votes twice for the same entry.
    """

    __tablename__ = "entry_votes"
    __table_args__ = (
        UniqueConstraint("participant_id", "entry_id"),
        UniqueConstraint("participant_id", "slot"),
        CheckConstraint("slot >= 1", name="slot_positive"),
        Index("ix_entry_votes_room_entry", "room_id", "entry_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("room_entries.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    slot: Mapped[int | None] = mapped_column(Integer, nullable=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
