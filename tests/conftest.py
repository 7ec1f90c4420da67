"""Shared fixtures: an app on a fresh database per test, its client, and content trees."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from toolbox import create_app
from toolbox.cli import upgrade

FIXTURES = Path(__file__).parent / "fixtures" / "content"
REAL_CONTENT = Path(__file__).parent.parent / "content"


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A private copy of the fixture content tree that a test may edit."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES, target)
    return target


@pytest.fixture
def make_app(tmp_path: Path):
    """Build an app on a fresh SQLite database, upgraded with the real migrations."""

    def _make(**overrides):
        config = {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'test.db'}",
            "CONTENT_DIR": str(FIXTURES),
            "CONTENT_RELOAD": False,
            "WTF_CSRF_ENABLED": False,
        }
        config.update(overrides)
        app = create_app(config)
        upgrade(app.config["SQLALCHEMY_DATABASE_URI"])
        return app

    return _make


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def real_app(make_app):
    """The app serving the bundled content/ tree."""
    return make_app(CONTENT_DIR=str(REAL_CONTENT))


@pytest.fixture
def make_user(app):
    """Create a user with a role; the password is always 'correct horse battery'."""

    def _make(email: str = "learner@example.org", role: str = "learner", name: str = "Lea Learner"):
        from toolbox.auth.services import create_user
        from toolbox.extensions import db

        with app.app_context():
            user = create_user(email, name, PASSWORD, role)
            db.session.commit()
            return user.id

    return _make


PASSWORD = "correct horse battery"


@pytest.fixture
def login(client):
    """Log the test client in as a given email (created beforehand with make_user)."""

    def _login(email: str = "learner@example.org", password: str = PASSWORD, c=None):
        return (c or client).post("/login", data={"email": email, "password": password})

    return _login
