"""Journal services: one answer per question (upsert), blanks removed, sharing, order and export."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from tests.payloads import MARKDOWN_PAYLOADS, assert_no_html
from toolbox.auth.models import User
from toolbox.catalog import catalog
from toolbox.extensions import db
from toolbox.journal import services
from toolbox.journal.models import JournalEntry


def question(topic_slug: str = "first-topic", reflection: str = "local-context", qid: str = "effects"):
    topic = catalog().topic("demo", topic_slug)
    return topic, *services.find_question(topic, reflection, qid)


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(JournalEntry))


def test_saving_twice_updates_the_one_entry(app, make_user):
    uid = make_user()
    with app.app_context():
        services.save_answer(uid, *question(), "First thoughts")
        db.session.commit()
        entry = services.save_answer(uid, *question(), "Second thoughts")
        db.session.commit()
        assert count() == 1
        assert (entry.text, entry.revision, entry.question_text) == ("Second thoughts", 2, "How does migration change it?")


def test_the_question_wording_is_kept_as_plain_text(app, make_user):
    uid = make_user()
    with app.app_context():
        entry = services.save_answer(uid, *question(qid="actors"), "NGOs")
        assert entry.question_text == "Who are the main actors?"


def test_a_blank_answer_removes_the_entry(app, make_user):
    uid = make_user()
    with app.app_context():
        services.save_answer(uid, *question(), "Something")
        db.session.commit()
        assert services.save_answer(uid, *question(), "  \n ") is None
        db.session.commit()
        assert count() == 0


def test_an_oversized_answer_is_refused_before_anything_is_stored(app, make_user):
    uid = make_user()
    with app.app_context():
        with pytest.raises(services.JournalError):
            services.save_answer(uid, *question(), "x" * (services.MAX_ANSWER + 1))
        assert count() == 0


def test_answers_are_kept_per_learner(app, make_user):
    one, two = make_user("one@example.org"), make_user("two@example.org")
    with app.app_context():
        services.save_answer(one, *question(), "Mine")
        services.save_answer(two, *question(), "Theirs")
        db.session.commit()
        topic = catalog().topic("demo", "first-topic")
        assert services.answers_for(one, topic)[("local-context", "effects")].text == "Mine"
        assert services.answers_for(two, topic)[("local-context", "effects")].text == "Theirs"


def test_sharing_an_entry_and_only_existing_ones(app, make_user):
    uid = make_user()
    with app.app_context():
        services.save_answer(uid, *question(), "Share me")
        services.save_answer(uid, *question(qid="actors"), "Keep me")
        db.session.commit()
        assert services.set_shared(uid, "demo", "first-topic", "local-context", "effects", True).shared
        assert services.set_shared(uid, "demo", "first-topic", "local-context", "nope", True) is None
        db.session.commit()
        assert [e.text for e in services.entries_of(uid, shared_only=True)] == ["Share me"]


def test_a_new_save_keeps_the_sharing_choice(app, make_user):
    uid = make_user()
    with app.app_context():
        services.save_answer(uid, *question(), "v1")
        services.set_shared(uid, "demo", "first-topic", "local-context", "effects", True)
        assert services.save_answer(uid, *question(), "v2").shared


def test_the_journal_follows_the_lessons_order_and_marks_removed_content(app, make_user):
    uid = make_user()
    with app.app_context():
        services.save_answer(uid, *question(qid="actors"), "Second question")
        services.save_answer(uid, *question(), "First question")
        db.session.add(
            JournalEntry(
                user_id=uid, module="demo", topic="gone", reflection="r", question="q", text="Old", question_text="An old question?"
            )
        )
        db.session.commit()
        sections = services.organise(services.entries_of(uid), catalog())
        [demo] = sections
        assert demo.title == "A demonstration module"
        assert [t.title for t in demo.topics] == ["Topic 1: The first topic", "demo/gone (no longer in the toolbox)"]
        assert [i.entry.text for i in demo.topics[0].items] == ["First question", "Second question"]
        removed = demo.topics[1].items[0]
        assert removed.question is None and removed.wording == "An old question?"


def test_markdown_export(app, make_user):
    uid = make_user(name="Ana")
    with app.app_context():
        services.save_answer(uid, *question(), "Line one\nLine two")
        db.session.commit()
        user = db.session.get(User, uid)
        text = services.export_markdown(user, services.organise(services.entries_of(uid), catalog()), datetime(2026, 11, 23))
        assert text.startswith("# Reflection journal of Ana\n\nJMDI e-toolbox, exported on 23 November 2026.")
        assert (
            "## A demonstration module\n\n### Topic 1: The first topic\n\n**How does migration change it?**\n\nLine one\nLine two\n" in text
        )


def test_the_markdown_export_shows_hostile_answers_and_names_as_text(app, make_user):
    uid = make_user(name="<img src=x onerror=alert(1)> [me](javascript:alert(1))")
    with app.app_context():
        services.save_answer(uid, *question(), "\n\n".join(MARKDOWN_PAYLOADS))
        services.save_answer(uid, *question(qid="actors"), MARKDOWN_PAYLOADS[0])
        db.session.commit()
        text = services.export_markdown(
            db.session.get(User, uid), services.organise(services.entries_of(uid), catalog()), datetime(2026, 11, 23)
        )
    assert_no_html(text)
