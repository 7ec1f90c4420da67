"""My learning, marking topics done, module progress and certificates through the web."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from toolbox.extensions import db
from toolbox.progress.models import TopicProgress

DONE = "/learning/demo/second-topic/done"
HX = {"HX-Request": "true"}
ALL_RIGHT = {"q-where": "a", "q-which": ["case", "note"], "q-raw": "false"}


def rows(app) -> list[tuple]:
    with app.app_context():
        return [(r.user_id, r.module, r.topic, r.done_at is not None) for r in db.session.scalars(select(TopicProgress))]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_my_learning_shows_progress_per_module_and_topic(client, learner):
    client.post(DONE, data={"done": "yes"})
    html = client.get("/learning/").get_data(as_text=True)
    assert "<h1>My learning</h1>" in html
    assert '<progress value="1" max="2"' in html and "1 of 2 topics done" in html
    assert "✓ Done Topic 2: The second topic" in text(html)
    assert "Not done Topic 1: The first topic Quiz not taken" in text(html)


def test_my_learning_continues_where_i_left_off(client, learner):
    client.get("/modules/demo/second-topic")
    html = client.get("/learning/").get_data(as_text=True)
    assert re.search(r'<a class="button" href="/modules/demo/second-topic">Continue where you left off</a>', html)


def test_opening_a_lesson_records_the_visit_only_for_logged_in_learners(app, client, make_user, login):
    client.get("/modules/demo/first-topic")
    assert rows(app) == []
    uid = make_user()
    login()
    client.get("/modules/demo/first-topic")
    client.get("/modules/demo/first-topic")
    assert rows(app) == [(uid, "demo", "first-topic", False)]


def test_htmx_mark_done_returns_the_done_fragment(app, client, learner):
    response = client.post(DONE, data={"done": "yes"}, headers=HX)
    assert response.status_code == 200
    html = response.get_data(as_text=True).strip()
    assert html.startswith('<div id="topic-done" class="topic-done is-done"')
    assert "Mark as not done" in html and "HX-Request" in response.headers["Vary"]
    assert rows(app) == [(learner, "demo", "second-topic", True)]
    undone = client.post(DONE, data={"done": "no"}, headers=HX).get_data(as_text=True)
    assert "Mark this topic as done" in undone
    assert rows(app) == [(learner, "demo", "second-topic", False)]


def test_plain_mark_done_redirects_to_the_lesson(client, learner):
    response = client.post(DONE, data={"done": "yes"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/modules/demo/second-topic#topic-done")
    assert "Topic marked done." in client.get("/modules/demo/second-topic").get_data(as_text=True)


def test_the_lesson_shows_the_done_control_to_learners_only(client, make_user, login):
    assert 'id="topic-done"' not in client.get("/modules/demo/second-topic").get_data(as_text=True)
    make_user()
    login()
    assert 'id="topic-done"' in client.get("/modules/demo/second-topic").get_data(as_text=True)


@pytest.mark.parametrize(
    "data",
    [{}, {"done": ""}, {"done": "maybe"}, {"done": "yes" * 10_000}, {"unknown": "field"}],
)
def test_malformed_done_requests_are_refused_and_store_nothing(app, client, learner, data):
    response = client.post(DONE, data=data, headers=HX)
    assert response.status_code == 422
    assert '<p class="error" role="alert">' in response.get_data(as_text=True)
    assert rows(app) == []
    assert client.post(DONE, data=data).status_code == 303


def test_done_of_unknown_or_draft_content_is_404(client, learner):
    assert client.post("/learning/demo/nope/done", data={"done": "yes"}).status_code == 404
    assert client.post("/learning/nope/second-topic/done", data={"done": "yes"}).status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/learning/"), ("post", DONE), ("get", "/learning/demo/certificate")],
)
def test_progress_pages_need_an_account(client, method, path):
    response = getattr(client, method)(path, data={"done": "yes"} if method == "post" else None)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_csrf_is_enforced_on_mark_done(make_app, make_user, login):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    make_user()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    client.post("/login", data={"email": "learner@example.org", "password": "correct horse battery", "csrf_token": token})
    assert client.post(DONE, data={"done": "yes"}).status_code == 400
    html = client.get("/modules/demo/second-topic").get_data(as_text=True)
    token = re.search(r'id="topic-done".*?name="csrf_token" value="([^"]+)"', html, re.S)[1]
    assert client.post(DONE, data={"done": "yes", "csrf_token": token}).status_code == 303
    assert rows(app)[0][3] is True


def test_module_page_shows_my_progress(client, learner):
    assert "0 of 2 topics done" in client.get("/modules/demo").get_data(as_text=True)
    client.post(DONE, data={"done": "yes"})
    html = client.get("/modules/demo").get_data(as_text=True)
    assert "1 of 2 topics done" in html and "✓ Done" in html


def test_module_page_shows_no_progress_to_visitors(client):
    assert "topics done" not in client.get("/modules/demo").get_data(as_text=True)


def test_certificate_is_refused_until_complete_and_says_what_is_missing(client, learner):
    html = client.get("/learning/demo/certificate").get_data(as_text=True)
    assert "Not yet: Demo Module" in html and "Certificate of completion" not in html
    assert "Topic 1: The first topic is not marked done." in html
    assert "the quiz is not passed yet (pass mark 50%)" in html


def test_certificate_when_every_topic_is_done_and_every_quiz_passed(client, learner):
    client.post("/modules/demo/first-topic/quiz", data=ALL_RIGHT)  # passing marks topic 1 done
    client.post(DONE, data={"done": "yes"})
    html = client.get("/learning/demo/certificate").get_data(as_text=True)
    assert "Certificate of completion" in html and "Lea Learner" in html and "A demonstration module" in html
    assert "100% (pass mark 50%)" in html
    assert "/learning/demo/certificate" in client.get("/learning/").get_data(as_text=True)


def test_a_learner_name_is_escaped_on_the_certificate(client, make_user, login):
    make_user(name="<script>alert(1)</script>")
    login()
    client.post("/modules/demo/first-topic/quiz", data=ALL_RIGHT)
    client.post(DONE, data={"done": "yes"})
    html = client.get("/learning/demo/certificate").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html


def test_certificate_of_an_unknown_module_is_404(client, learner):
    assert client.get("/learning/nope/certificate").status_code == 404
