"""Alembic migrations create the schema the models describe."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from toolbox.cli import upgrade
from toolbox.extensions import db
from toolbox.models import import_all


def test_upgrade_an_empty_database_and_match_the_models(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade(url)
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("select version_num from alembic_version")).scalar() is not None
        import_all()
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    engine.dispose()
    assert diff == [], "models and migrations disagree: add a migration"


def test_sqlite_runs_in_wal_mode(app):
    with app.app_context():
        assert db.session.execute(sa.text("pragma journal_mode")).scalar() == "wal"
        assert db.session.execute(sa.text("pragma busy_timeout")).scalar() == 10000
