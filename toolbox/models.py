"""Imports every feature's models so Alembic and create_all see the whole schema."""


def import_all() -> None:
    """Import the model modules of every feature."""
    from toolbox.auth import models as auth  # noqa: F401
