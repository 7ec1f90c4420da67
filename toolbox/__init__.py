"""The JMDI e-toolbox."""


def create_app(config=None):
    """Build the Flask app (imported lazily so `toolbox.content` stays free of Flask)."""
    from .app import create_app as _create_app

    return _create_app(config)
