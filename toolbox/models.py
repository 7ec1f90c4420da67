"""Imports every feature's models so Alembic and create_all see the whole schema."""


def import_all() -> None:
    """Import the model modules of every feature."""
    from toolbox.auth import models as auth  # noqa: F401
    from toolbox.cohorts import models as cohorts  # noqa: F401
    from toolbox.journal import models as journal  # noqa: F401
    from toolbox.progress import models as progress  # noqa: F401
    from toolbox.quizzes import models as quizzes  # noqa: F401
    from toolbox.reports import models as reports  # noqa: F401
    from toolbox.rooms import models as rooms  # noqa: F401
    from toolbox.workshops import models as workshops  # noqa: F401
