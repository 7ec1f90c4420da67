"""Stored quiz attempts: every answer kept, re-sends stored once, best and latest scores, edited quizzes."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from toolbox.extensions import db
from toolbox.progress.models import TopicProgress
from toolbox.quizzes.models import QuizAnswer, QuizAttempt

QUIZ = "/modules/demo/first-topic/quiz"
ALL_RIGHT = {"q-where": "a", "q-which": ["case", "note"], "q-raw": "false"}
HX = {"HX-Request": "true"}


def attempts(app) -> list[QuizAttempt]:
    with app.app_context():
        found = list(db.session.scalars(select(QuizAttempt).order_by(QuizAttempt.id)))
        for a in found:
            _ = a.answers
        db.session.expunge_all()
        return found


def test_an_attempt_is_stored_with_every_answer(app, client, learner, attempt_token):
    response = client.post(QUIZ, data={**ALL_RIGHT, "q-which": "case", "attempt": attempt_token(client)}, headers=HX)
    assert response.status_code == 200
    assert "Your attempt is saved." in response.get_data(as_text=True)
    [attempt] = attempts(app)
    assert (attempt.user_id, attempt.module, attempt.topic) == (learner, "demo", "first-topic")
    assert (attempt.correct, attempt.total, attempt.percent, attempt.passed) == (2, 3, 67, True)
    stored = {a.question: (a.chosen, a.correct) for a in attempt.answers}
    assert stored == {"where": ("a", True), "which": ("case", False), "raw": ("false", True)}
    assert {a.question: a.prompt for a in attempt.answers}["which"] == "Which are blocks?"
    assert {a.question: a.chosen_text for a in attempt.answers}["where"] == "Locally."


def test_unanswered_questions_are_stored_as_unanswered(app, client, learner, attempt_token):
    client.post(QUIZ, data={"q-where": "b", "attempt": attempt_token(client)})
    [attempt] = attempts(app)
    assert {a.question: a.chosen for a in attempt.answers} == {"where": "b", "which": "", "raw": ""}
    assert attempt.correct == 0 and not attempt.passed


def test_a_resent_or_double_clicked_submission_is_stored_once(app, client, learner, attempt_token):
    token = attempt_token(client)
    first = client.post(QUIZ, data={**ALL_RIGHT, "attempt": token}, headers=HX)
    again = client.post(QUIZ, data={**ALL_RIGHT, "attempt": token}, headers=HX)
    assert first.status_code == again.status_code == 200
    assert len(attempts(app)) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(QuizAnswer)) == 3


def test_the_resent_token_shows_the_stored_attempt_not_the_new_answers(app, client, learner, attempt_token):
    token = attempt_token(client)
    client.post(QUIZ, data={**ALL_RIGHT, "attempt": token}, headers=HX)
    again = client.post(QUIZ, data={"q-where": "b", "attempt": token}, headers=HX).get_data(as_text=True)
    assert "You answered 3 of 3" in again


def test_retakes_are_new_attempts_with_best_and_latest_shown(app, client, learner, attempt_token):
    client.post(QUIZ, data={**ALL_RIGHT, "attempt": attempt_token(client)}, headers=HX)
    html = client.post(QUIZ, data={"q-where": "b", "attempt": attempt_token(client)}, headers=HX).get_data(as_text=True)
    assert len(attempts(app)) == 2
    assert re.search(r"Your best score: <strong>100%</strong> \(passed\) · latest: 0%", html)
    assert "2 attempts" in html


def test_each_quiz_form_carries_a_fresh_token(client, learner, attempt_token):
    assert attempt_token(client) != attempt_token(client)


def test_passing_the_quiz_marks_the_topic_done(app, client, learner, attempt_token):
    html = client.post(QUIZ, data={**ALL_RIGHT, "attempt": attempt_token(client)}, headers=HX).get_data(as_text=True)
    assert 'id="topic-done" class="topic-done is-done" hx-swap-oob="true"' in html
    with app.app_context():
        row = db.session.scalar(select(TopicProgress))
        assert row.done_at is not None and row.done_by == "quiz"


def test_failing_the_quiz_does_not_mark_the_topic_done(app, client, learner, attempt_token):
    client.post(QUIZ, data={"q-where": "b", "attempt": attempt_token(client)}, headers=HX)
    with app.app_context():
        assert db.session.scalar(select(TopicProgress).where(TopicProgress.done_at.is_not(None))) is None


def test_anonymous_answers_are_checked_but_not_stored(app, client):
    html = client.post(QUIZ, data=ALL_RIGHT, headers=HX).get_data(as_text=True)
    assert "You answered 3 of 3" in html and "Your attempt is saved" not in html
    assert attempts(app) == []


def test_a_missing_token_still_stores_the_attempt(app, client, learner):
    assert client.post(QUIZ, data=ALL_RIGHT).status_code == 200
    assert len(attempts(app)) == 1


@pytest.mark.parametrize("token", ["short", "has spaces in it here!!", "é" * 20, "x" * 65])
def test_a_malformed_token_is_refused_clearly_and_nothing_is_stored(app, client, learner, token):
    response = client.post(QUIZ, data={**ALL_RIGHT, "attempt": token}, headers=HX)
    assert response.status_code == 422
    assert "reload the page" in response.get_data(as_text=True)
    assert attempts(app) == []


def test_a_token_used_on_another_topic_is_refused(app, make_app, content_dir, client, learner, attempt_token):
    token = attempt_token(client)
    client.post(QUIZ, data={**ALL_RIGHT, "attempt": token})
    with app.app_context():
        db.session.execute(QuizAttempt.__table__.update().values(topic="other-topic"))
        db.session.commit()
    response = client.post(QUIZ, data={**ALL_RIGHT, "attempt": token}, headers=HX)
    assert response.status_code == 422
    assert len(attempts(app)) == 1


def test_the_plain_form_post_stores_and_shows_the_whole_page(app, client, learner, attempt_token):
    response = client.post(QUIZ, data={**ALL_RIGHT, "attempt": attempt_token(client)})
    html = response.get_data(as_text=True)
    assert "<!doctype html>" in html and "Your attempt is saved." in html
    assert 'class="topic-done is-done"' in html and "hx-swap-oob" not in html
    assert len(attempts(app)) == 1


def test_attempt_history_lists_attempts_with_answers(client, learner, attempt_token):
    client.post(QUIZ, data={"q-where": "b", "q-which": "banana", "attempt": attempt_token(client)})
    html = client.get(QUIZ + "/attempts").get_data(as_text=True)
    assert "Your quiz attempts" in html and "0%" in html
    assert "On the moon." in html and "Banana" in html and "Not correct" in html


def test_attempt_history_needs_an_account(client):
    response = client.get(QUIZ + "/attempts")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_learner_sees_only_their_own_attempts(app, client, make_user, login, attempt_token):
    make_user("one@example.org")
    make_user("two@example.org")
    login("one@example.org")
    client.post(QUIZ, data={"q-where": "b", "q-which": "banana", "attempt": attempt_token(client)})
    other = app.test_client()
    login("two@example.org", c=other)
    html = other.get(QUIZ + "/attempts").get_data(as_text=True)
    assert "You have not taken this quiz yet." in html and "Banana" not in html
    assert "Your best score" not in other.get("/modules/demo/first-topic").get_data(as_text=True)


def test_after_an_author_edits_the_quiz_unchanged_questions_still_count_and_removed_ones_are_marked(
    make_app, content_dir, make_user, login
):
    app = make_app(CONTENT_DIR=str(content_dir))
    client = app.test_client()
    make_user()
    login(c=client)
    client.post(QUIZ, data={"q-where": "a", "q-which": ["banana", "note"], "q-raw": "true"})
    # The author removes the 'which' question and adds a new one.
    lesson = content_dir / "modules/demo/01-first-topic.md"
    text = lesson.read_text()
    start, end = text.index("  - id: which"), text.index("  - id: raw")
    added = (
        "  - id: added\n    type: true-false\n    prompt: A question added later.\n    answer: true\n"
        "    feedback_true: Yes.\n    feedback_false: No.\n"
    )
    lesson.write_text(text[:start] + added + text[end:])
    edited = make_app(CONTENT_DIR=str(content_dir)).test_client()
    login(c=edited)
    html = edited.get(QUIZ + "/attempts").get_data(as_text=True)
    assert "Removed from the quiz" in html and "Which are blocks?" in html and "Banana" in html
    assert "Added after this attempt" in html
    # Then: where right, which wrong, raw wrong (33%). Now: where still counts, raw still wrong, added unanswered.
    assert "<strong>33%</strong>" in html and "33% when taken" not in html
    # The right answer to a kept question still counts after an edit that changes the score.
    lesson.write_text(lesson.read_text().replace("    answer: false\n", "    answer: true\n"))
    again = make_app(CONTENT_DIR=str(content_dir)).test_client()
    login(c=again)
    html = again.get(QUIZ + "/attempts").get_data(as_text=True)
    assert "<strong>67%</strong>" in html and "33% when taken, before the quiz was edited" in html
