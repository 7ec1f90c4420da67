"""Alembic migrations create the schema the models describe, on SQLite and on PostgreSQL.

These run on the engine of the test run: SQLite by default, PostgreSQL with TOOLBOX_TEST_DATABASE_URL.
"""

from datetime import datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from tests.conftest import postgresql_only, sqlite_only
from toolbox.cli import alembic_config, upgrade
from toolbox.extensions import db
from toolbox.models import import_all

# The revision before the rooms: learners' data at this point must survive the upgrade to head.
PREVIOUS = "0003"
NOW = datetime(2026, 11, 23, 9, 30)


def head() -> str:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def assert_at_head_and_matches_the_models(url: str) -> None:
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("select version_num from alembic_version")).scalar() == head()
            import_all()
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    finally:
        engine.dispose()
    assert diff == [], "models and migrations disagree: add a migration"


def test_upgrade_an_empty_database_and_match_the_models(empty_database_url):
    upgrade(empty_database_url)
    assert_at_head_and_matches_the_models(empty_database_url)
    upgrade(empty_database_url)  # a second upgrade (every start-up runs one) changes nothing
    assert_at_head_and_matches_the_models(empty_database_url)


def test_upgrade_from_the_previous_revision_keeps_the_data(empty_database_url):
    url = empty_database_url
    upgrade(url, PREVIOUS)
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    try:
        tables = sa.MetaData()
        tables.reflect(engine)
        users, journal, progress = tables.tables["users"], tables.tables["journal_entries"], tables.tables["topic_progress"]
        cohorts, members = tables.tables["cohorts"], tables.tables["cohort_members"]
        attempts, answers = tables.tables["quiz_attempts"], tables.tables["quiz_answers"]
        with engine.begin() as conn:
            user = conn.execute(
                users.insert().returning(users.c.id),
                {"email": "lea@example.org", "name": "Léa", "password_hash": "x", "role": "learner", "session_epoch": 0, "created_at": NOW},
            ).scalar_one()
            entry = {"module": "core", "topic": "01-intro", "reflection": "r1", "question": "q1"}
            conn.execute(
                journal.insert(),
                {"user_id": user, **entry, "text": "Remittances", "question_text": "Why?", "shared": True, "revision": 1}
                | {"created_at": NOW, "updated_at": NOW},
            )
            conn.execute(progress.insert(), {"user_id": user, "module": "core", "topic": "01-intro", "done_at": NOW, "done_by": "quiz"})
            cohort = conn.execute(
                cohorts.insert().returning(cohorts.c.id), {"name": "Dakar", "code": "ABC", "owner_id": user, "created_at": NOW}
            ).scalar_one()
            conn.execute(members.insert(), {"cohort_id": cohort, "user_id": user, "joined_at": NOW})
            attempt = conn.execute(
                attempts.insert().returning(attempts.c.id),
                {"user_id": user, "module": "core", "topic": "01-intro", "token": "t1", "created_at": NOW}
                | {"correct": 1, "total": 1, "percent": 100, "pass_mark": 50, "passed": True},
            ).scalar_one()
            conn.execute(
                answers.insert(),
                {"attempt_id": attempt, "question": "q1", "chosen": "a", "correct": True, "prompt": "P?", "chosen_text": "A"},
            )

        upgrade(url)

        assert_at_head_and_matches_the_models(url)
        with engine.connect() as conn:
            assert conn.execute(sa.select(journal.c.text, journal.c.shared)).one() == ("Remittances", True)
            assert conn.execute(sa.select(progress.c.done_by)).scalar_one() == "quiz"
            assert conn.execute(sa.select(members.c.user_id)).scalar_one() == user
            assert conn.execute(sa.select(attempts.c.passed)).scalar_one() is True
            assert conn.execute(sa.select(answers.c.chosen_text)).scalar_one() == "A"
        # the unique constraints recreated by the upgrade still hold
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
            conn.execute(members.insert(), {"cohort_id": cohort, "user_id": user, "joined_at": NOW})
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
            conn.execute(
                journal.insert(),
                {"user_id": user, **entry, "text": "again", "question_text": "Why?", "shared": False, "revision": 1}
                | {"created_at": NOW, "updated_at": NOW},
            )
    finally:
        engine.dispose()


@sqlite_only
def test_sqlite_runs_in_wal_mode(app):
    with app.app_context():
        assert db.session.execute(sa.text("pragma journal_mode")).scalar() == "wal"
        assert db.session.execute(sa.text("pragma busy_timeout")).scalar() == 10000


@postgresql_only
def test_postgresql_writers_to_one_room_queue_on_its_row(app, make_user):
    """The PostgreSQL counterpart of WAL and the busy timeout: `bump()` locks the room's row until commit."""
    from sqlalchemy.orm import Session

    from toolbox.auth.models import User
    from toolbox.rooms.models import Room
    from toolbox.rooms.services import bump

    fac = make_user("fac@example.org", "facilitator", "Fatou")
    with app.app_context():
        assert db.session.get_bind().dialect.name == "postgresql"
        user = db.session.get(User, fac)
        room = Room(code="QQQQQ", activity="demo/1-vote", method="dot_vote", title="Vote", facilitator_id=user.id, settings={}, phase="x")
        db.session.add(room)
        db.session.commit()
        bump(room)  # first statement of a write: the row stays locked until this transaction ends
        with Session(db.engine) as other:
            with pytest.raises(sa.exc.OperationalError, match="could not obtain lock"):
                other.execute(sa.select(Room.id).where(Room.id == room.id).with_for_update(nowait=True))
            other.rollback()
            db.session.commit()
            assert other.execute(sa.select(Room.id).where(Room.id == room.id).with_for_update(nowait=True)).scalar_one() == room.id
            assert other.execute(sa.select(Room.version)).scalar_one() == 2
