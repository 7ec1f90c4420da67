"""Stored quiz attempts, with every answer as chosen option ids."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from toolbox.auth.models import utcnow
from toolbox.extensions import db


class QuizAttempt(db.Model):
    """One submission of a topic's quiz. The score is as graded then; pages re-grade against the current quiz."""

    __tablename__ = "quiz_attempts"
    # The token comes from the form, so a double click or a re-send stores the attempt once.
    __table_args__ = (UniqueConstraint("user_id", "token"), Index("ix_quiz_attempts_user_topic", "user_id", "module", "topic"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    module: Mapped[str] = mapped_column(String(100))
    topic: Mapped[str] = mapped_column(String(100))
    token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    correct: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    percent: Mapped[int] = mapped_column(Integer)
    pass_mark: Mapped[int] = mapped_column(Integer)
    passed: Mapped[bool] = mapped_column(Boolean)
    answers: Mapped[list[QuizAnswer]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan", lazy="selectin", order_by="QuizAnswer.id"
    )


class QuizAnswer(db.Model):
    """The options chosen for one question of an attempt, with the question's wording at the time."""

    __tablename__ = "quiz_answers"
    __table_args__ = (UniqueConstraint("attempt_id", "question"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id", ondelete="CASCADE"))
    question: Mapped[str] = mapped_column(String(100))
    # Option ids, space-separated, sorted; empty when the question was left unanswered.
    chosen: Mapped[str] = mapped_column(String(1000), default="")
    correct: Mapped[bool] = mapped_column(Boolean)
    prompt: Mapped[str] = mapped_column(Text, default="")
    chosen_text: Mapped[str] = mapped_column(Text, default="")
    attempt: Mapped[QuizAttempt] = relationship(back_populates="answers")

    @property
    def chosen_ids(self) -> list[str]:
        return self.chosen.split()
