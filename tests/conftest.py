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
