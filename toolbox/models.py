"""Imports every feature's models so Alembic and create_all see the whole schema."""


def import_all() -> None:
    """Import the model modules of every feature (none yet: the learners and rooms issues add them)."""
