"""form keys: a cohort, workshop, session or programme item remembers the key of the form that created it

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Each table and what its keys are unique within (a key is the form's own: one facilitator's, one workshop's…).
SCOPES = {
    "cohorts": ("owner_id", "ix_cohorts_owner_form_key"),
    "workshops": ("owner_id", "ix_workshops_owner_form_key"),
    "workshop_sessions": ("workshop_id", "ix_workshop_sessions_workshop_form_key"),
    "programme_items": ("session_id", "ix_programme_items_session_form_key"),
}


def upgrade() -> None:
    # A nullable column and an index: SQLite adds both in place, without rebuilding the tables.
    for table, (scope, index) in SCOPES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("form_key", sa.String(length=64), nullable=True))
            batch_op.create_index(index, [scope, "form_key"], unique=True)


def downgrade() -> None:
    for table, (_, index) in SCOPES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(index)
            batch_op.drop_column("form_key")
