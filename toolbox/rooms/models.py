"""Rooms, participants, every action they take, and the dots of a dot vote."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
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


class Participant(db.Model):
    """Someone in a room, known by a display name and a signed cookie; no account needed."""

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=0)  # raised when this person's own view changes
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
