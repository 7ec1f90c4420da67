"""Journal entries: one answer per learner and reflection question."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from toolbox.auth.models import utcnow
from toolbox.extensions import db


class JournalEntry(db.Model):
    """A learner's answer to `module/topic/reflection/question`; private unless shared."""

    __tablename__ = "journal_entries"
    __table_args__ = (UniqueConstraint("user_id", "module", "topic", "reflection", "question"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    module: Mapped[str] = mapped_column(String(100))
    topic: Mapped[str] = mapped_column(String(100))
    reflection: Mapped[str] = mapped_column(String(100))
    question: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    # The question's wording when last answered, so the journal reads well after the content changes.
    question_text: Mapped[str] = mapped_column(Text, default="")
    # Shared entries are visible to the facilitators of the learner's cohorts.
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.module, self.topic, self.reflection, self.question)
