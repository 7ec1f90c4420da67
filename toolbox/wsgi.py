"""The WSGI entry point for production servers: `gunicorn toolbox.wsgi:app` (settings from TOOLBOX_* variables)."""

from toolbox import create_app

app = create_app()
