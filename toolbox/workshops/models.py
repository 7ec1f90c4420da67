"""Workshops: a facilitator's programme of sessions over one or more days, each with its items."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Time
from sqlalchemy.orm import Mapped, mapped_column

from toolbox.auth.models import utcnow
from toolbox.extensions import db


class Workshop(db.Model):
    """A workshop: a title, a place, its dates and the venue's time zone (the programme's times are read in it)."""

    __tablename__ = "workshops"
    __table_args__ = (Index("ix_workshops_owner_form_key", "owner_id", "form_key", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    place: Mapped[str] = mapped_column(String(200), default="")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    form_key: Mapped[str | None] = mapped_column(String(64), nullable=True)  # the creating form's key: sent again, it finds this row


class WorkshopSession(db.Model):
    """A session on one day of the workshop, with its slot and the names of its facilitator and rapporteur.

    The names are plain text: they need not be accounts (a rapporteur may be a guest of the workshop).
    """

    __tablename__ = "workshop_sessions"
    __table_args__ = (
        Index("ix_workshop_sessions_workshop_day", "workshop_id", "day"),
        Index("ix_workshop_sessions_workshop_form_key", "workshop_id", "form_key", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time] = mapped_column(Time)
    title: Mapped[str] = mapped_column(String(200))
    facilitator: Mapped[str] = mapped_column(String(100), default="")
    rapporteur: Mapped[str] = mapped_column(String(100), default="")
    form_key: Mapped[str | None] = mapped_column(String(64), nullable=True)

    @property
    def slot_minutes(self) -> int:
        return (self.ends_at.hour * 60 + self.ends_at.minute) - (self.starts_at.hour * 60 + self.starts_at.minute)


class ProgrammeItem(db.Model):
    """One item of a session, in order: an activity guide (`activity` = module/slug), or a free item (a talk, a break).

    The guide's title and timing are copied when it is added, so the programme still reads well if the guide
    is later renamed or removed; while the guide exists its current timing counts. `room_id` is the live room
    opened for this item on the day.
    """

    __tablename__ = "programme_items"
    __table_args__ = (
        Index("ix_programme_items_session_position", "session_id", "position"),
        Index("ix_programme_items_session_form_key", "session_id", "form_key", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_sessions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    activity: Mapped[str | None] = mapped_column(String(200), nullable=True)
    title: Mapped[str] = mapped_column(String(300))
    min_minutes: Mapped[int] = mapped_column(Integer)
    max_minutes: Mapped[int] = mapped_column(Integer)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id", ondelete="SET NULL"), nullable=True, index=True)
    form_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
