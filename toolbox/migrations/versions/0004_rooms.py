"""rooms

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rooms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("activity", sa.String(length=200), nullable=False),
        sa.Column("method", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("facilitator_id", sa.Integer(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("phase", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("stage", sa.Integer(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("timer_seconds", sa.Integer(), nullable=False),
        sa.Column("timer_ends_at", sa.DateTime(), nullable=True),
        sa.Column("timer_remaining", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["facilitator_id"], ["users.id"], name=op.f("fk_rooms_facilitator_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rooms")),
        sa.UniqueConstraint("code", name=op.f("uq_rooms_code")),
    )
    with op.batch_alter_table("rooms", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rooms_facilitator_id"), ["facilitator_id"], unique=False)

    op.create_table(
        "participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["room_id"], ["rooms.id"], name=op.f("fk_participants_room_id_rooms"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participants")),
    )
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_participants_room_id"), ["room_id"], unique=False)

    op.create_table(
        "dots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("ballot", sa.Integer(), nullable=False),
        sa.Column("option", sa.Integer(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("stack", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("slot >= 1", name=op.f("ck_dots_slot_positive")),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participants.id"], name=op.f("fk_dots_participant_id_participants"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["room_id"], ["rooms.id"], name=op.f("fk_dots_room_id_rooms"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dots")),
        sa.UniqueConstraint("participant_id", "ballot", "slot", name=op.f("uq_dots_participant_id_ballot_slot")),
        sa.UniqueConstraint("participant_id", "ballot", "stack", name=op.f("uq_dots_participant_id_ballot_stack")),
    )
    with op.batch_alter_table("dots", schema=None) as batch_op:
        batch_op.create_index("ix_dots_room_ballot_option", ["room_id", "ballot", "option"], unique=False)

    op.create_table(
        "room_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participants.id"], name=op.f("fk_room_actions_participant_id_participants"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["room_id"], ["rooms.id"], name=op.f("fk_room_actions_room_id_rooms"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_room_actions")),
    )
    with op.batch_alter_table("room_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_room_actions_room_id"), ["room_id"], unique=False)

    with op.batch_alter_table("cohort_members", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_cohort_members_cohort_id"), type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_cohort_members_cohort_id_user_id"), ["cohort_id", "user_id"])

    with op.batch_alter_table("journal_entries", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_journal_entries_user_id"), type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_journal_entries_user_id_module_topic_reflection_question"),
            ["user_id", "module", "topic", "reflection", "question"],
        )

    with op.batch_alter_table("quiz_answers", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_quiz_answers_attempt_id"), type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_quiz_answers_attempt_id_question"), ["attempt_id", "question"])

    with op.batch_alter_table("quiz_attempts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_quiz_attempts_user_id"), type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_quiz_attempts_user_id_token"), ["user_id", "token"])

    with op.batch_alter_table("topic_progress", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_topic_progress_user_id"), type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_topic_progress_user_id_module_topic"), ["user_id", "module", "topic"])


def downgrade() -> None:
    with op.batch_alter_table("topic_progress", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_topic_progress_user_id_module_topic"), type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_topic_progress_user_id"), ["user_id", "module", "topic"])

    with op.batch_alter_table("quiz_attempts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_quiz_attempts_user_id_token"), type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_quiz_attempts_user_id"), ["user_id", "token"])

    with op.batch_alter_table("quiz_answers", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_quiz_answers_attempt_id_question"), type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_quiz_answers_attempt_id"), ["attempt_id", "question"])

    with op.batch_alter_table("journal_entries", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_journal_entries_user_id_module_topic_reflection_question"), type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_journal_entries_user_id"), ["user_id", "module", "topic", "reflection", "question"]
        )

    with op.batch_alter_table("cohort_members", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_cohort_members_cohort_id_user_id"), type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_cohort_members_cohort_id"), ["cohort_id", "user_id"])

    with op.batch_alter_table("room_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_room_actions_room_id"))

    op.drop_table("room_actions")
    with op.batch_alter_table("dots", schema=None) as batch_op:
        batch_op.drop_index("ix_dots_room_ballot_option")

    op.drop_table("dots")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participants_room_id"))

    op.drop_table("participants")
    with op.batch_alter_table("rooms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rooms_facilitator_id"))

    op.drop_table("rooms")
