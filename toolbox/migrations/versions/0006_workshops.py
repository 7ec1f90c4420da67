"""workshops: programmes (sessions and their items, linked to rooms) and rapporteur reports

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshops",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_workshops_owner_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshops")),
    )
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshops_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "workshop_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("ends_at", sa.Time(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("facilitator", sa.String(length=100), nullable=False),
        sa.Column("rapporteur", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshops.id"], name=op.f("fk_workshop_sessions_workshop_id_workshops"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_sessions")),
    )
    with op.batch_alter_table("workshop_sessions", schema=None) as batch_op:
        batch_op.create_index("ix_workshop_sessions_workshop_day", ["workshop_id", "day"], unique=False)

    op.create_table(
        "programme_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("activity", sa.String(length=200), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("min_minutes", sa.Integer(), nullable=False),
        sa.Column("max_minutes", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["room_id"], ["rooms.id"], name=op.f("fk_programme_items_room_id_rooms"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["session_id"], ["workshop_sessions.id"], name=op.f("fk_programme_items_session_id_workshop_sessions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_items")),
    )
    with op.batch_alter_table("programme_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_programme_items_room_id"), ["room_id"], unique=False)
        batch_op.create_index("ix_programme_items_session_position", ["session_id", "position"], unique=False)

    op.create_table(
        "session_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("challenges", sa.Text(), nullable=False),
        sa.Column("opportunities", sa.Text(), nullable=False),
        sa.Column("finding_1", sa.Text(), nullable=False),
        sa.Column("finding_2", sa.Text(), nullable=False),
        sa.Column("finding_3", sa.Text(), nullable=False),
        sa.Column("relevance", sa.Text(), nullable=False),
        sa.Column("quotes", sa.Text(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("other_names", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"], ["workshop_sessions.id"], name=op.f("fk_session_reports_session_id_workshop_sessions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_reports")),
        sa.UniqueConstraint("session_id", name=op.f("uq_session_reports_session_id")),
    )


def downgrade() -> None:
    op.drop_table("session_reports")
    with op.batch_alter_table("programme_items", schema=None) as batch_op:
        batch_op.drop_index("ix_programme_items_session_position")
        batch_op.drop_index(batch_op.f("ix_programme_items_room_id"))

    op.drop_table("programme_items")
    with op.batch_alter_table("workshop_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_workshop_sessions_workshop_day")

    op.drop_table("workshop_sessions")
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshops_owner_id"))

    op.drop_table("workshops")
