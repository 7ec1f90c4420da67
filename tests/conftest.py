"""Shared fixtures: an app on a fresh database per test, its client, and content trees.

Tests run on SQLite, or on PostgreSQL when TOOLBOX_TEST_DATABASE_URL is set (for instance
postgresql+psycopg://postgres@127.0.0.1:5432/test): that database is only used to create and drop a
throwaway database per test, cloned from a template migrated once per session.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from toolbox import create_app
from toolbox.cli import upgrade
from toolbox.extensions import db

FIXTURES = Path(__file__).parent / "fixtures" / "content"
REAL_CONTENT = Path(__file__).parent.parent / "content"

TEST_DATABASE_URL = os.environ.get("TOOLBOX_TEST_DATABASE_URL", "").strip() or None
ON_POSTGRESQL = TEST_DATABASE_URL is not None and make_url(TEST_DATABASE_URL).get_backend_name() == "postgresql"
if TEST_DATABASE_URL is not None and not ON_POSTGRESQL:
    raise pytest.UsageError(f"TOOLBOX_TEST_DATABASE_URL must be a PostgreSQL URL (postgresql+psycopg://…), not {TEST_DATABASE_URL!r}")

sqlite_only = pytest.mark.skipif(ON_POSTGRESQL, reason="SQLite-specific (the run uses PostgreSQL)")
postgresql_only = pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL-specific: set TOOLBOX_TEST_DATABASE_URL to run it")


class PostgresDatabases:
    """Creates and drops uniquely named databases on the server of TOOLBOX_TEST_DATABASE_URL."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.prefix = f"toolbox_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.admin = sa.create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
        self._template: str | None = None

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def create(self, template: str | None = None) -> str:
        """A new empty database (or a copy of `template`); returns its name."""
        name = f"{self.prefix}_{uuid.uuid4().hex[:10]}"
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def migrated(self) -> str:
        """A fresh database with the schema at head: a copy of a template migrated once per session."""
        if self._template is None:
            template = self.create()
            upgrade(self.url_of(template))  # Alembic uses a NullPool: no connection stays open on the template
            self._template = template
        return self.create(template=self._template)

    def close(self) -> None:
        if self._template is not None:
            self.drop(self._template)
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresDatabases | None]:
    """The PostgreSQL database factory, or None on a SQLite run."""
    if not ON_POSTGRESQL:
        yield None
        return
    databases = PostgresDatabases(TEST_DATABASE_URL)
    yield databases
    databases.close()


@pytest.fixture
def empty_database_url(postgres, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database (no tables) on the engine of this run."""
    if postgres is None:
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    name = postgres.create()
    yield postgres.url_of(name)
    postgres.drop(name)


@pytest.fixture
def database_url(postgres, tmp_path: Path) -> Iterator[str]:
    """The URL of this test's own database: a SQLite file in tmp_path, or a throwaway PostgreSQL database at head."""
    if postgres is None:
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    name = postgres.migrated()
    yield postgres.url_of(name)
    postgres.drop(name)


def dialect_of(url: str | URL) -> str:
    return make_url(url).get_backend_name()


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A private copy of the fixture content tree that a test may edit."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES, target)
    return target


@pytest.fixture
def make_app(database_url: str):
    """Build an app on this test's fresh database, upgraded with the real migrations.

    Every app a test builds shares that database (a second app is the same server restarted).
    """
    apps = []

    def _make(**overrides):
        config = {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "DATABASE_URL": database_url,
            "CONTENT_DIR": str(FIXTURES),
            "CONTENT_RELOAD": False,
            "WTF_CSRF_ENABLED": False,
        }
        config.update(overrides)
        app = create_app(config)
        apps.append(app)
        upgrade(app.config["SQLALCHEMY_DATABASE_URI"])
        return app

    yield _make
    for app in apps:  # close pooled connections before the database is dropped
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose()


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
