"""Cohorts and their members."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from toolbox.auth.models import utcnow
from toolbox.extensions import db


class Cohort(db.Model):
    """A facilitator's group of learners; learners join it with its code."""

    __tablename__ = "cohorts"
    __table_args__ = (Index("ix_cohorts_owner_form_key", "owner_id", "form_key", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    form_key: Mapped[str | None] = mapped_column(String(64), nullable=True)  # the creating form's key: sent again, it finds this row


class CohortMember(db.Model):
    """A learner in a cohort."""

    __tablename__ = "cohort_members"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"), Index("ix_cohort_members_user", "user_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    joined_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
