"""Progress services: done marks, module progress, where to continue, certificates."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from toolbox.catalog import catalog
from toolbox.extensions import db
from toolbox.progress import services
from toolbox.progress.models import TopicProgress
from toolbox.quizzes import services as quizzes


def demo(app):
    return catalog().module("demo")


def status(uid, module):
    return services.progress_of([uid], [module])[uid][0]


def pass_quiz(uid, module, right: bool = True) -> None:
    topic = module.topics[0]
    chosen = {"where": ["a" if right else "b"], "which": ["case", "note"], "raw": ["false"]}
    result = quizzes.grade(topic.doc.quiz, chosen, module.pass_mark)
    quizzes.record_attempt(uid, "demo", topic.slug, topic.doc.quiz, result, quizzes.new_token())
    db.session.commit()


def test_marking_done_twice_keeps_one_row_and_the_first_date(app, make_user):
    uid = make_user()
    with app.app_context():
        services.set_done(uid, "demo", "second-topic", True)
        db.session.commit()
        first = db.session.scalar(select(TopicProgress.done_at))
        services.set_done(uid, "demo", "second-topic", True)
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(TopicProgress)) == 1
        assert db.session.scalar(select(TopicProgress.done_at)) == first


def test_undoing_clears_the_mark_but_keeps_the_visit(app, make_user):
    uid = make_user()
    with app.app_context():
        services.record_visit(uid, "demo", "second-topic")
        services.set_done(uid, "demo", "second-topic", True)
        services.set_done(uid, "demo", "second-topic", False)
        db.session.commit()
        row = db.session.scalar(select(TopicProgress))
        assert row.done_at is None and row.done_by is None and row.last_seen_at is not None


def test_module_progress_counts_published_topics_and_quizzes(app, make_user):
    uid = make_user()
    with app.app_context():
        m = demo(app)
        assert (status(uid, m).done, status(uid, m).total, status(uid, m).percent) == (0, 2, 0)
        services.set_done(uid, "demo", "second-topic", True)
        db.session.commit()
        mp = status(uid, m)
        assert (mp.done, mp.percent, mp.complete) == (1, 50, False)
        first, second = mp.topics
        assert first.quiz is not None and first.quiz.best is None and not first.quiz_passed
        assert second.quiz is None and second.quiz_passed and second.complete


def test_certificate_needs_every_topic_done_and_every_quiz_passed(app, make_user):
    uid = make_user()
    with app.app_context():
        m = demo(app)
        services.set_done(uid, "demo", "first-topic", True)
        services.set_done(uid, "demo", "second-topic", True)
        db.session.commit()
        mp = status(uid, m)
        assert not mp.complete and mp.completed_at is None
        assert mp.missing() == ["Topic 1: The first topic: the quiz is not passed yet (pass mark 50%)."]
        pass_quiz(uid, m, right=False)  # 2 of 3 = 67%: passes the quiz's own pass mark of 50
        mp = status(uid, m)
        assert mp.complete and mp.missing() == []
        assert mp.completed_at == max([t.done_at for t in mp.topics] + [mp.topics[0].quiz.passed_at])
        assert mp.completed_at == mp.topics[0].quiz.passed_at  # passing the quiz came last


def test_a_failed_quiz_does_not_complete_the_module(app, make_user):
    uid = make_user()
    with app.app_context():
        m = demo(app)
        services.set_done(uid, "demo", "first-topic", True)
        services.set_done(uid, "demo", "second-topic", True)
        topic = m.topics[0]
        result = quizzes.grade(topic.doc.quiz, {"where": ["b"]}, m.pass_mark)
        quizzes.record_attempt(uid, "demo", topic.slug, topic.doc.quiz, result, quizzes.new_token())
        db.session.commit()
        mp = status(uid, m)
        assert mp.topics[0].quiz.best.percent == 0 and not mp.complete


def test_continue_goes_to_the_last_topic_opened_while_it_is_not_done(app, make_user):
    uid = make_user()
    with app.app_context():
        m = demo(app)
        assert services.continue_target(uid, [status(uid, m)]).slug == "first-topic"
        services.record_visit(uid, "demo", "second-topic")
        db.session.commit()
        assert services.continue_target(uid, [status(uid, m)]).slug == "second-topic"
        services.set_done(uid, "demo", "second-topic", True)
        db.session.commit()
        # The last topic opened is done: the next one not done, wrapping round.
        assert services.continue_target(uid, [status(uid, m)]).slug == "first-topic"
        services.set_done(uid, "demo", "first-topic", True)
        db.session.commit()
        assert services.continue_target(uid, [status(uid, m)]) is None


def test_a_lesson_read_again_within_a_minute_is_not_written_again_while_it_is_the_last_opened(app, make_user, monkeypatch):
    uid = make_user()
    start = datetime(2030, 1, 1, 12, 0, 0)
    clock = [start]
    monkeypatch.setattr(services, "utcnow", lambda: clock[0])

    def visit(topic: str, after: float) -> bool:
        clock[0] = start + timedelta(seconds=after)
        wrote = services.record_visit(uid, "demo", topic)
        db.session.commit()
        return wrote

    def seen(topic: str) -> datetime:
        return db.session.scalar(select(TopicProgress.last_seen_at).where(TopicProgress.topic == topic))

    with app.app_context():
        m = demo(app)
        assert visit("first-topic", 0) is True
        assert visit("first-topic", 30) is False and seen("first-topic") == start  # a reload: no write
        assert visit("second-topic", 40) is True
        assert services.continue_target(uid, [status(uid, m)]).slug == "second-topic"
        assert visit("first-topic", 50) is True  # back to the first: it is the last opened again, so it is written
        assert services.continue_target(uid, [status(uid, m)]).slug == "first-topic"
        assert visit("first-topic", 100) is False
        assert visit("first-topic", 111) is True and seen("first-topic") == start + timedelta(seconds=111)  # a minute on


def test_progress_is_kept_per_learner(app, make_user):
    one, two = make_user("one@example.org"), make_user("two@example.org")
    with app.app_context():
        services.set_done(one, "demo", "second-topic", True)
        db.session.commit()
        m = demo(app)
        assert status(one, m).done == 1 and status(two, m).done == 0


def test_progress_survives_content_edits_by_slug(make_app, content_dir, make_user):
    app = make_app(CONTENT_DIR=str(content_dir))
    uid = make_user()
    with app.app_context():
        services.set_done(uid, "demo", "second-topic", True)
        db.session.commit()
    # The author renumbers and retitles the topic; its slug (the file name after NN-) stays.
    old = content_dir / "modules/demo/02-second-topic.md"
    text = old.read_text().replace("title: The second topic", "title: A retitled topic").replace("order: 2", "order: 3")
    (content_dir / "modules/demo/03-second-topic.md").write_text(text)
    old.unlink()
    edited = make_app(CONTENT_DIR=str(content_dir))
    with edited.app_context():
        mp = status(uid, catalog().module("demo"))
        assert [(s.topic.title, s.done) for s in mp.topics] == [("The first topic", False), ("A retitled topic", True)]
