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
from hypothesis import settings
from sqlalchemy.engine import URL, make_url

from toolbox import create_app
from toolbox.cli import upgrade
from toolbox.content import CatalogCache
from toolbox.extensions import db

FIXTURES = Path(__file__).parent / "fixtures" / "content"
REAL_CONTENT = Path(__file__).parent.parent / "content"

TEST_DATABASE_URL = os.environ.get("TOOLBOX_TEST_DATABASE_URL", "").strip() or None
ON_POSTGRESQL = TEST_DATABASE_URL is not None and make_url(TEST_DATABASE_URL).get_backend_name() == "postgresql"
if TEST_DATABASE_URL is not None and not ON_POSTGRESQL:
    raise pytest.UsageError(f"TOOLBOX_TEST_DATABASE_URL must be a PostgreSQL URL (postgresql+psycopg://…), not {TEST_DATABASE_URL!r}")

sqlite_only = pytest.mark.skipif(ON_POSTGRESQL, reason="SQLite-specific (the run uses PostgreSQL)")
postgresql_only = pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL-specific: set TOOLBOX_TEST_DATABASE_URL to run it")


# Property tests: the same examples on every run ("ci", the default), no deadline (a busy machine is not a
# bug), no example database left in the checkout; HYPOTHESIS_PROFILE=explore searches at random, ten times longer.
settings.register_profile("ci", deadline=None, derandomize=True, database=None)
settings.register_profile("explore", deadline=None, derandomize=False, database=None, max_examples=1000)
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(HYPOTHESIS_PROFILE)


def examples(ci: int) -> int:
    """A property test's example budget: `ci` in the default profile, ten times as many when exploring."""
    return ci * 10 if HYPOTHESIS_PROFILE == "explore" else ci


DATABASE_FIXTURES = {"database_url", "empty_database_url", "postgres"}
# Tests that start servers (threads or processes) or a browser: kept on one xdist worker, in order, so that two
# of them never compete for the two cores at once and their timeouts stay far from the work they wait on.
SERIAL_DIRS = ("e2e",)
SERIAL_FILES = ("test_faults.py", "test_contention.py", "test_serving.py")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "restarts_server: a browser test that kills or restarts a server (runs on both engines)")
    config.addinivalue_line(
        "markers", "serial: starts servers or a browser (added by the collection hook; `make test` runs these last, alone)"
    )


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which reads the xdist_group marks added here
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Serial tests share one xdist group; the PostgreSQL pass keeps what its engine can break (docs/testing.md)."""
    selected, dropped = [], []
    for item in items:
        path = item.path.relative_to(Path(__file__).parent)
        serial = path.parts[0] in SERIAL_DIRS or path.name in SERIAL_FILES
        if serial:
            item.add_marker(pytest.mark.serial)
            item.add_marker(pytest.mark.xdist_group("serial"))
        if ON_POSTGRESQL:
            uses_database = bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))
            browser = path.parts[0] == "e2e"
            if not uses_database or (browser and item.get_closest_marker("restarts_server") is None):
                dropped.append(item)
                continue
        selected.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = selected


def pytest_collection_finish(session: pytest.Session) -> None:
    """In an xdist worker with --dist loadgroup, refuse to run if the serial group was not applied.

    xdist groups tests by renaming their node ids; pytest 9 ignores that rename, and the browser tests then
    ran on both workers at once (pyproject pins pytest below 9 for this reason).
    """
    if not getattr(session.config.option, "loadgroup", False):
        return
    lost = [i.nodeid for i in session.items if i.get_closest_marker("xdist_group") and "@" not in i.nodeid]
    if lost:
        raise pytest.UsageError(f"pytest-xdist did not group {len(lost)} serial tests (e.g. {lost[0]}): check the pytest version")


class PostgresDatabases:
    """Creates and drops uniquely named databases on the server of TOOLBOX_TEST_DATABASE_URL."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.prefix = f"toolbox_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.admin = sa.create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
        self._reused: str | None = None
        self._emptier: sa.Engine | None = None
        self._tables: list[str] = []
        self._sequences: list[str] = []

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def create(self) -> str:
        """A new empty database; returns its name."""
        name = f"{self.prefix}_{uuid.uuid4().hex[:10]}"
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        return name

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def migrated(self) -> str:
        """This process's database at head, emptied of every row: migrated once, reused by every test.

        Emptying (6 ms) costs far less than cloning and dropping a database per test (120 ms to over a second).
        """
        if self._reused is None:
            self._reused = self.create()
            upgrade(self.url_of(self._reused))  # Alembic uses a NullPool: no connection stays open
            self._emptier = sa.create_engine(self.url_of(self._reused), poolclass=sa.StaticPool)
            with self._emptier.connect() as conn:
                self._tables = (
                    conn.execute(sa.text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename != 'alembic_version'"))
                    .scalars()
                    .all()
                )
                self._sequences = conn.execute(sa.text("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")).scalars().all()
        else:
            self.empty()
        return self._reused

    def empty(self) -> None:
        """Delete every row (foreign keys unchecked meanwhile) and restart every sequence, as after a fresh migration."""
        with self._emptier.begin() as conn:
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
            conn.exec_driver_sql("SET LOCAL lock_timeout = '20s'")  # a connection left open by the last test fails loudly
            for table in self._tables:
                conn.exec_driver_sql(f'DELETE FROM "{table}"')
            for sequence in self._sequences:
                conn.exec_driver_sql(f'ALTER SEQUENCE "{sequence}" RESTART')

    def close(self) -> None:
        if self._emptier is not None:
            self._emptier.dispose()
        if self._reused is not None:
            self.drop(self._reused)
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


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once per test process; each test copies it (under a millisecond)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


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
def database_url(postgres, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """The URL of this test's own database at head, with no rows: a copy of the SQLite template, or the
    process's PostgreSQL database emptied."""
    if postgres is None:
        path = tmp_path / "test.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    return postgres.url_of(postgres.migrated())


# Password hashing is slow on purpose (scrypt); tests need none of that cost. A stored hash names its method,
# so checks work whatever made it (tests/auth proves production's default is scrypt with its costs).
FAST_HASH = "pbkdf2:sha256:1"
_CATALOGS: dict[Path, CatalogCache] = {}


def shared_catalog(content_dir: str | Path) -> CatalogCache | None:
    """One parsed catalogue per process for the read-only trees (fixtures, real content); None for any other."""
    path = Path(content_dir).resolve()
    if path not in (FIXTURES.resolve(), REAL_CONTENT.resolve()):
        return None
    if path not in _CATALOGS:
        _CATALOGS[path] = CatalogCache(path, reload=False)
    return _CATALOGS[path]


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
    """Build an app on this test's fresh database (already at head: no migration runs here).

    Every app a test builds shares that database (a second app is the same server restarted). The fixture
    and real content trees are parsed once per process and shared read-only; a test that edits content
    passes its own CONTENT_DIR (see `content_dir`), which gets its own catalogue.
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
            "PASSWORD_HASH": FAST_HASH,
        }
        config.update(overrides)
        if not config["CONTENT_RELOAD"] and "CONTENT_CACHE" not in config:
            config["CONTENT_CACHE"] = shared_catalog(config["CONTENT_DIR"])
        app = create_app(config)
        apps.append(app)
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


# Roles: users of each role and clients logged in as them.


@pytest.fixture
def login_as(app, login):
    """A fresh client logged in as an existing user: login_as(email) -> client."""

    def _login_as(email: str):
        c = app.test_client()
        assert login(email, c=c).status_code == 302
        return c

    return _login_as


@pytest.fixture
def as_user(make_user, login_as):
    """A new user and a fresh client logged in as them: as_user(email, role="learner", name=None) -> (user id, client)."""

    def _as_user(email: str, role: str = "learner", name: str | None = None):
        uid = make_user(email, role, name or email.split("@")[0].title())
        return uid, login_as(email)

    return _as_user


@pytest.fixture
def learner(client, make_user, login):
    """The test client, logged in as learner@example.org (Lea Learner, a learner); returns the learner's id."""
    uid = make_user()
    assert login().status_code == 302
    return uid


@pytest.fixture
def facilitator(as_user):
    """A client of its own, logged in as fac@example.org (Fatou Facilitator, a facilitator)."""
    _, c = as_user("fac@example.org", "facilitator", "Fatou Facilitator")
    return c
