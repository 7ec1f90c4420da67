"""A learner's state per topic, keyed by the content's stable slugs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from toolbox.extensions import db


class TopicProgress(db.Model):
    """One row per learner and topic: when it was last opened and whether it is done."""

    __tablename__ = "topic_progress"
    __table_args__ = (UniqueConstraint("user_id", "module", "topic"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    module: Mapped[str] = mapped_column(String(100))
    topic: Mapped[str] = mapped_column(String(100))
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime)
    done_at: Mapped[datetime | None] = mapped_column(DateTime)
    # "learner" (marked done by hand) or "quiz" (done when its quiz was passed).
    done_by: Mapped[str | None] = mapped_column(String(10))
