"""co-facilitators: people who run a room with the facilitator who opened it

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "room_facilitators",
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["room_id"], ["rooms.id"], name=op.f("fk_room_facilitators_room_id_rooms"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_room_facilitators_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("room_id", "user_id", name=op.f("pk_room_facilitators")),
    )
    op.create_index(op.f("ix_room_facilitators_user_id"), "room_facilitators", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_room_facilitators_user_id"), table_name="room_facilitators")
    op.drop_table("room_facilitators")
