"""The journal through the web: answer boxes, autosave protocol, My journal, sharing, export, rules."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from toolbox.extensions import db
from toolbox.journal.models import JournalEntry

TOPIC = "/modules/demo/first-topic"
ANSWER = "/journal/demo/first-topic/local-context/effects"
SHARE = ANSWER + "/share"
BOX = "answer--demo--first-topic--local-context--effects"
HX = {"HX-Request": "true"}


def entries(app) -> list[tuple]:
    with app.app_context():
        return [(e.user_id, e.reflection, e.question, e.text, e.shared) for e in db.session.scalars(select(JournalEntry))]


def test_the_lesson_has_an_answer_box_per_question_for_learners(client, learner):
    html = client.get(TOPIC).get_data(as_text=True)
    assert html.count('class="answer"') == 2
    assert f'<form id="{BOX}" class="answer" method="post" action="{ANSWER}"' in html
    assert f'data-journal="{learner}:demo/first-topic/local-context/effects"' in html
    assert "/static/js/journal.js" in html


def test_visitors_are_invited_to_log_in_instead(client):
    html = client.get(TOPIC).get_data(as_text=True)
    assert 'class="answer"' not in html
    assert "to write your answers in your own journal" in html


def test_htmx_save_answers_with_the_box_marked_saved(app, client, learner):
    response = client.post(ANSWER, data={"text": "Remittances changed our town."}, headers=HX)
    assert response.status_code == 200
    html = response.get_data(as_text=True).strip()
    assert html.startswith(f'<form id="{BOX}"') and html.count("<form") == 1
    assert 'data-state="saved"' in html and 'data-revision="1"' in html
    assert re.search(r'class="answer-status"[^>]*>Saved\.</p>', html)
    assert "HX-Request" in response.headers["Vary"]
    assert entries(app) == [(learner, "local-context", "effects", "Remittances changed our town.", False)]


def test_resending_the_same_answer_keeps_one_entry(app, client, learner):
    for _ in range(3):
        client.post(ANSWER, data={"text": "Same"}, headers=HX)
    assert len(entries(app)) == 1


def test_the_stored_answer_is_in_the_box_after_reload_and_escaped(client, learner):
    client.post(ANSWER, data={"text": "<script>alert('x')</script>\n\nSecond paragraph"}, headers=HX)
    html = client.get(TOPIC).get_data(as_text=True)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;\n\nSecond paragraph</textarea>" in html
    assert "<script>alert('x')" not in html
    assert "In your journal (last saved" in html


def test_plain_save_redirects_back_to_the_question(client, learner):
    response = client.post(ANSWER, data={"text": "No JavaScript here"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{TOPIC}#{BOX}")
    assert "Your answer is saved in your journal." in client.get(TOPIC).get_data(as_text=True)


def test_plain_save_from_my_journal_goes_back_there_but_never_off_site(client, learner):
    assert client.post(ANSWER, data={"text": "a", "next": "/journal/"}).headers["Location"].endswith(f"/journal/#{BOX}")
    assert client.post(ANSWER, data={"text": "b", "next": "//evil.example/x"}).headers["Location"].endswith(f"{TOPIC}#{BOX}")


def test_a_blank_answer_clears_the_entry(app, client, learner):
    client.post(ANSWER, data={"text": "Something"}, headers=HX)
    html = client.post(ANSWER, data={"text": "   "}, headers=HX).get_data(as_text=True)
    assert 'data-state="saved"' in html and "the empty answer was removed" in html
    assert entries(app) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "x" * 20_001}, "Answers are limited to 20,000 characters."),
        ({"text": (io.BytesIO(b"a file"), "answer.txt")}, "This field takes text."),
    ],
)
def test_bad_answers_are_refused_and_the_stored_one_is_kept(app, client, learner, data, message):
    client.post(ANSWER, data={"text": "Keep me"}, headers=HX)
    response = client.post(ANSWER, data=data, headers=HX)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and 'data-state="error"' in html
    assert entries(app)[0][3] == "Keep me"


def test_a_bad_answer_without_javascript_shows_the_lesson_with_the_error_and_the_text(client, learner):
    response = client.post(ANSWER, data={"text": "<b>long</b>" + "x" * 20_000})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<!doctype html>" in html and "Answers are limited to 20,000 characters." in html
    assert "&lt;b&gt;long&lt;/b&gt;xxx" in html and 'aria-invalid="true"' in html


@pytest.mark.parametrize("data", [{}, {"unknown": "field"}, {"next": "/journal/"}])
def test_a_request_without_the_answer_field_is_refused_and_never_clears_the_answer(app, client, learner, data):
    client.post(ANSWER, data={"text": "Keep me"}, headers=HX)
    response = client.post(ANSWER, data=data, headers=HX)
    assert response.status_code == 422 and "Nothing was sent." in response.get_data(as_text=True)
    assert entries(app) == [(learner, "local-context", "effects", "Keep me", False)]


def test_a_json_body_is_not_form_data(app, client, learner):
    client.post(ANSWER, data={"text": "Keep me"}, headers=HX)
    for body in ({"text": ""}, {"text": 5}, [1, 2], "text"):
        assert client.post(ANSWER, json=body, headers=HX).status_code == 422
    assert entries(app)[0][3] == "Keep me"


def test_unknown_fields_are_ignored(app, client, learner, make_user):
    other = make_user("other@example.org")
    response = client.post(ANSWER, data={"text": "ok", "shared": "yes", "user_id": str(other), "revision": "99"}, headers=HX)
    assert response.status_code == 200 and 'data-revision="1"' in response.get_data(as_text=True)
    assert entries(app) == [(learner, "local-context", "effects", "ok", False)]


def test_control_characters_are_dropped(app, client, learner):
    client.post(ANSWER, data={"text": "a\x00b\r\nc\x1b"}, headers=HX)
    assert entries(app)[0][3] == "ab\nc"


def test_an_oversized_request_is_refused_clearly(app, client, learner):
    response = client.post(ANSWER, data={"text": "x" * 2_000_000})
    assert response.status_code == 413 and "too much" in response.get_data(as_text=True)
    assert entries(app) == []


@pytest.mark.parametrize(
    "path",
    [
        "/journal/demo/first-topic/local-context/nope",
        "/journal/demo/first-topic/nope/effects",
        "/journal/demo/nope/local-context/effects",
        "/journal/nope/first-topic/local-context/effects",
        "/journal/demo/second-topic/local-context/effects",
        "/journal/demo/first-topic/local-context/" + "x" * 101,
    ],
)
def test_answers_to_unknown_questions_are_404(app, client, learner, path):
    assert client.post(path, data={"text": "x"}, headers=HX).status_code == 404
    assert entries(app) == []


def test_journal_pages_need_an_account(client):
    for path in ("/journal/", "/journal/export.md", "/journal/print"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    for path in (ANSWER, SHARE):
        assert client.post(path, data={"text": "x", "shared": "yes"}).status_code == 302


def test_my_journal_lists_my_answers_by_module_and_topic_editable(client, learner):
    client.post(ANSWER, data={"text": "My answer"}, headers=HX)
    html = client.get("/journal/").get_data(as_text=True)
    assert "<h2>A demonstration module</h2>" in html
    assert "Topic 1: The first topic" in html and "How does migration change it?" in html
    assert f'<form id="{BOX}"' in html and '<input type="hidden" name="next" value="/journal/">' in html
    assert "My answer</textarea>" in html
    assert "Private: only you can read this answer." in html


def test_my_journal_when_empty(client, learner):
    assert "No answers yet." in client.get("/journal/").get_data(as_text=True)


def test_a_learner_never_sees_another_learners_journal(app, client, make_user, login):
    make_user("one@example.org", name="One")
    make_user("two@example.org", name="Two")
    login("one@example.org")
    client.post(ANSWER, data={"text": "One's private thoughts"}, headers=HX)
    other = app.test_client()
    login("two@example.org", c=other)
    for path in (TOPIC, "/journal/", "/journal/export.md", "/journal/print"):
        assert "One's private thoughts" not in other.get(path).get_data(as_text=True), path
    # Writing to the same question writes to Two's own entry, never One's.
    other.post(ANSWER, data={"text": "Two's"}, headers=HX)
    assert sorted(e[3] for e in entries(app)) == ["One's private thoughts", "Two's"]


def test_export_as_markdown(client, learner):
    client.post(ANSWER, data={"text": "Exported answer"}, headers=HX)
    response = client.get("/journal/export.md")
    assert response.status_code == 200
    assert response.mimetype == "text/markdown"
    assert response.headers["Content-Disposition"] == 'attachment; filename="my-journal.md"'
    assert "private" in response.headers["Cache-Control"]
    body = response.get_data(as_text=True)
    assert "# Reflection journal of Lea Learner" in body and "**How does migration change it?**\n\nExported answer" in body


def test_printable_page(client, learner):
    client.post(ANSWER, data={"text": "<i>Printed</i>"}, headers=HX)
    html = client.get("/journal/print").get_data(as_text=True)
    assert "<h1>Reflection journal</h1>" in html and "&lt;i&gt;Printed&lt;/i&gt;" in html
    assert "<textarea" not in html


def test_sharing_with_htmx_and_without(app, client, learner):
    client.post(ANSWER, data={"text": "Shared thought"}, headers=HX)
    response = client.post(SHARE, data={"shared": "yes"}, headers=HX)
    html = response.get_data(as_text=True).strip()
    assert html.startswith('<form id="share--demo--first-topic--local-context--effects"')
    assert "Stop sharing" in html and entries(app)[0][4] is True
    plain = client.post(SHARE, data={"shared": "no"})
    assert plain.status_code == 303 and plain.headers["Location"].endswith(f"/journal/#{BOX}")
    assert entries(app)[0][4] is False


@pytest.mark.parametrize("data", [{}, {"shared": "maybe"}, {"shared": "y" * 5000}])
def test_malformed_share_requests_are_refused(app, client, learner, data):
    client.post(ANSWER, data={"text": "x"}, headers=HX)
    assert client.post(SHARE, data=data, headers=HX).status_code == 400
    assert entries(app)[0][4] is False


def test_sharing_an_answer_that_does_not_exist_is_404(client, learner):
    assert client.post(SHARE, data={"shared": "yes"}).status_code == 404


@pytest.fixture
def csrf_client(make_app, make_user):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    make_user()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    client.post("/login", data={"email": "learner@example.org", "password": "correct horse battery", "csrf_token": token})
    return app, client


def test_csrf_is_enforced_on_saving_and_sharing(csrf_client):
    app, client = csrf_client
    assert client.post(ANSWER, data={"text": "forged"}, headers=HX).status_code == 400
    assert entries(app) == []
    html = client.get(TOPIC).get_data(as_text=True)
    token = re.search(rf'<form id="{BOX}".*?name="csrf_token" value="([^"]+)"', html, re.S)[1]
    assert client.post(ANSWER, data={"text": "real", "csrf_token": token}, headers=HX).status_code == 200
    assert client.post(SHARE, data={"shared": "yes"}).status_code == 400
    assert client.post(SHARE, data={"shared": "yes", "csrf_token": token}).status_code == 303
    assert entries(app)[0][3:] == ("real", True)
