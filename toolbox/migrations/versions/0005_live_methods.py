"""live methods: participants' attributes, places, entries and votes

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attributes", sa.JSON(), server_default=sa.text("'{}'"), nullable=False))

    op.create_table(
        "room_places",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("place", sa.Integer(), nullable=True),
        sa.Column("seat", sa.String(length=12), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participants.id"], name=op.f("fk_room_places_participant_id_participants"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["room_id"], ["rooms.id"], name=op.f("fk_room_places_room_id_rooms"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_room_places")),
        sa.UniqueConstraint("participant_id", "round", name=op.f("uq_room_places_participant_id_round")),
    )
    with op.batch_alter_table("room_places", schema=None) as batch_op:
        batch_op.create_index("ix_room_places_room_round", ["room_id", "round"], unique=False)

    op.create_table(
        "room_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("place", sa.Integer(), nullable=True),
        sa.Column("round", sa.Integer(), nullable=True),
        sa.Column("target", sa.String(length=20), nullable=False),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.Column("flag", sa.Boolean(), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participants.id"], name=op.f("fk_room_entries_participant_id_participants"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["room_id"], ["rooms.id"], name=op.f("fk_room_entries_room_id_rooms"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_room_entries")),
        sa.UniqueConstraint("room_id", "key", name=op.f("uq_room_entries_room_id_key")),
    )
    with op.batch_alter_table("room_entries", schema=None) as batch_op:
        batch_op.create_index("ix_room_entries_room_kind", ["room_id", "kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_room_entries_participant_id"), ["participant_id"], unique=False)

    op.create_table(
        "entry_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("slot >= 1", name=op.f("ck_entry_votes_slot_positive")),
        sa.ForeignKeyConstraint(["entry_id"], ["room_entries.id"], name=op.f("fk_entry_votes_entry_id_room_entries"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participants.id"], name=op.f("fk_entry_votes_participant_id_participants"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["room_id"], ["rooms.id"], name=op.f("fk_entry_votes_room_id_rooms"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entry_votes")),
        sa.UniqueConstraint("participant_id", "entry_id", name=op.f("uq_entry_votes_participant_id_entry_id")),
        sa.UniqueConstraint("participant_id", "slot", name=op.f("uq_entry_votes_participant_id_slot")),
    )
    with op.batch_alter_table("entry_votes", schema=None) as batch_op:
        batch_op.create_index("ix_entry_votes_room_entry", ["room_id", "entry_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("entry_votes", schema=None) as batch_op:
        batch_op.drop_index("ix_entry_votes_room_entry")
    op.drop_table("entry_votes")
    with op.batch_alter_table("room_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_room_entries_participant_id"))
        batch_op.drop_index("ix_room_entries_room_kind")
    op.drop_table("room_entries")
    with op.batch_alter_table("room_places", schema=None) as batch_op:
        batch_op.drop_index("ix_room_places_room_round")
    op.drop_table("room_places")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_column("attributes")
