"""The cached lesson page is the page rendered whole, for every kind of reader, and follows content edits."""

from __future__ import annotations

import re

import pytest

from tests.conftest import PASSWORD

TOPIC = "/modules/demo/first-topic"
HX = {"HX-Request": "true"}
# Tokens that differ on every request anyway (signed with the time, or random).
TOKENS = re.compile(r'(name="(?:csrf_token|attempt)" value=")[^"]+(")')


def normal(html: str) -> str:
    return TOKENS.sub(r"\1…\2", html)


@pytest.fixture
def pair(make_app):
    """Two apps on one database: the cached lesson page and the page rendered whole on every request."""
    return make_app(), make_app(LESSON_CACHE=False)


def clients(pair, email: str | None):
    out = []
    for app in pair:
        c = app.test_client()
        if email:
            assert c.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
        out.append(c)
    return out


def assert_same_pages(cached, whole, headers=None):
    a = cached.get(TOPIC, headers=headers)
    b = whole.get(TOPIC, headers=headers)
    assert a.status_code == b.status_code == 200
    assert normal(a.get_data(as_text=True)) == normal(b.get_data(as_text=True))
    assert a.headers["Vary"] == b.headers["Vary"]
    return a.get_data(as_text=True)


def test_visitors_get_the_same_page_and_fragment(pair):
    cached, whole = clients(pair, None)
    for headers in (None, HX):
        html = assert_same_pages(cached, whole, headers)
        assert "to write your answers in your own journal" in html


def test_a_learner_who_stored_nothing_gets_the_same_page(pair, make_user):
    uid = make_user()
    cached, whole = clients(pair, "learner@example.org")
    for headers in (None, HX):
        html = assert_same_pages(cached, whole, headers)
        assert f'data-journal="{uid}:demo/first-topic/local-context/effects"' in html
        # two answer boxes, the done mark, the quiz (and, on the whole page, the menu's log-out button)
        assert html.count('name="csrf_token"') == (4 if headers else 5)


def test_a_learner_with_answers_a_done_mark_and_quiz_attempts_gets_the_same_page(pair, make_user):
    make_user()
    cached, whole = clients(pair, "learner@example.org")
    cached.post("/journal/demo/first-topic/local-context/effects", data={"text": "<b>Our town</b> changed."}, headers=HX)
    assert cached.post(TOPIC + "/quiz", data={"q-where": "a", "attempt": "a" * 20}).status_code == 200
    assert cached.post("/learning/demo/first-topic/done", data={"done": "yes"}).status_code == 303
    cached.get("/")  # shows the flash message "Topic marked done", so the pages compared have none
    for headers in (None, HX):
        html = assert_same_pages(cached, whole, headers)
        assert "&lt;b&gt;Our town&lt;/b&gt; changed.</textarea>" in html
        assert "✓ Done" in html and 'class="quiz-history"' in html


def test_each_learner_sees_only_their_own_answers(pair, make_user):
    first, second = make_user("a@example.org"), make_user("b@example.org")
    (a, _), (b, _) = clients(pair, "a@example.org"), clients(pair, "b@example.org")
    a.post("/journal/demo/first-topic/local-context/effects", data={"text": "Only mine"}, headers=HX)
    mine, theirs = a.get(TOPIC).get_data(as_text=True), b.get(TOPIC).get_data(as_text=True)
    assert "Only mine" in mine and "Only mine" not in theirs
    assert f'data-journal="{first}:' in mine and f'data-journal="{second}:' in theirs
    assert f'data-journal="{first}:' not in theirs


def test_authors_see_drafts_and_warnings_as_before(pair, make_user):
    make_user("author@example.org", "author")
    cached, whole = clients(pair, "author@example.org")
    assert_same_pages(cached, whole)


def test_an_edited_lesson_is_shown_at_once(make_app, content_dir):
    app = make_app(CONTENT_DIR=str(content_dir), CONTENT_RELOAD=True)
    client = app.test_client()
    assert "How does migration change it?" in client.get(TOPIC).get_data(as_text=True)
    path = content_dir / "modules" / "demo" / "01-first-topic.md"
    path.write_text(path.read_text().replace("How does migration change it?", "How did it change?"))
    app.extensions["catalog"]._checked = 0.0  # as if the reload interval had passed
    html = client.get(TOPIC).get_data(as_text=True)
    assert "How did it change?" in html and "How does migration change it?" not in html
