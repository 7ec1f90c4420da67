"""The rapporteur's report of a workshop session, in the shape of the roundtable reporting template."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from toolbox.auth.models import utcnow
from toolbox.extensions import db


class SessionReport(db.Model):
    """One report per session. Text is stored as typed; the Chatham House switch anonymises what is shown and exported."""

    __tablename__ = "session_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_sessions.id", ondelete="CASCADE"), unique=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    challenges: Mapped[str] = mapped_column(Text, default="")
    opportunities: Mapped[str] = mapped_column(Text, default="")
    finding_1: Mapped[str] = mapped_column(Text, default="")
    finding_2: Mapped[str] = mapped_column(Text, default="")
    finding_3: Mapped[str] = mapped_column(Text, default="")
    relevance: Mapped[str] = mapped_column(Text, default="")
    quotes: Mapped[str] = mapped_column(Text, default="")
    # Chatham House: names are replaced by "anonymous" in the report; `other_names` lists names to hide
    # besides those participants joined the session's rooms with (speakers, organisations), one per line.
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    other_names: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
