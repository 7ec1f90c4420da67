"""Checking a quiz through the web: feedback, CSRF, malformed input."""

import pytest


@pytest.fixture
def csrf_client(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    return app.test_client()


def token(client) -> str:
    html = client.get("/modules/demo/first-topic").get_data(as_text=True)
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def test_htmx_check_returns_the_quiz_fragment_with_feedback(csrf_client):
    response = csrf_client.post(
        "/modules/demo/first-topic/quiz",
        data={"csrf_token": token(csrf_client), "q-where": "b", "q-which": ["case", "note"], "q-raw": "false"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True).strip()
    assert html.startswith('<section class="quiz" id="quiz"')
    assert "You answered 2 of 3 questions correctly (67%)" in html
    assert "Not quite:" in html and "No, see" in html
    assert "The right answer:" in html
    assert "HX-Request" in response.headers["Vary"]


def test_plain_post_returns_the_whole_lesson_with_results(csrf_client):
    response = csrf_client.post("/modules/demo/first-topic/quiz", data={"csrf_token": token(csrf_client), "q-where": "a"})
    html = response.get_data(as_text=True)
    assert "<!doctype html>" in html and "You answered 1 of 3" in html


def test_post_without_csrf_token_is_refused_clearly(csrf_client):
    response = csrf_client.post("/modules/demo/first-topic/quiz", data={"q-where": "a"})
    assert response.status_code == 400
    assert "Your form has expired" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"q-where": "x" * 100_000},
        {"q-where": ["a"] * 500},
        {"q-which": "\u0000\ud7ff<script>"},
        {"unknown": "field", "q-": ""},
    ],
)
def test_malformed_answers_never_fail(csrf_client, data):
    data = {"csrf_token": token(csrf_client), **data}
    response = csrf_client.post("/modules/demo/first-topic/quiz", data=data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<script>" not in response.get_data(as_text=True)


def test_oversized_request_is_refused_clearly(csrf_client):
    response = csrf_client.post("/modules/demo/first-topic/quiz", data={"q-where": "x" * 2_000_000})
    assert response.status_code == 413
    assert "too much" in response.get_data(as_text=True)


def test_quiz_of_a_topic_without_quiz_is_404(csrf_client):
    response = csrf_client.post("/modules/demo/second-topic/quiz", data={"csrf_token": token(csrf_client)})
    assert response.status_code == 404
