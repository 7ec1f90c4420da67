"""Home, module and lesson pages: full page or htmx fragment, from the cached catalogue."""

from __future__ import annotations

import logging

from toolbox.content import markdown


def test_home_lists_published_modules(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<!doctype html>" in html
    assert "A demonstration module" in html
    assert 'href="/modules/demo"' in html


def test_module_page(client):
    html = client.get("/modules/demo").get_data(as_text=True)
    assert "Show every kind of block." in html
    assert "Running case" in html and "Riverside" in html
    assert 'href="/modules/demo/first-topic"' in html
    assert 'href="/activities/demo/1-vote"' in html


def test_topic_page_renders_every_block(client):
    response = client.get("/modules/demo/first-topic")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for marker in (
        'class="block reflection" id="local-context"',
        'id="local-context--effects"',
        'class="block case" id="riverside-centre"',
        "Riverside, Somewhere",
        'class="block figure" id="phases"',
        "Adapted for the e-toolbox",
        'class="block key-points"',
        'class="block go-further"',
        'class="block note"',
        'class="block editorial"',
        'id="quiz"',
        'name="q-which"',
    ):
        assert marker in html, marker
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    assert 'href="#1-background"' in html  # table of contents
    assert 'rel="next" href="/modules/demo/second-topic"' in html


def test_htmx_request_gets_the_fragment_and_vary(client):
    full = client.get("/modules/demo/first-topic")
    fragment = client.get("/modules/demo/first-topic", headers={"HX-Request": "true"})
    assert "HX-Request" in full.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]
    body = fragment.get_data(as_text=True).strip()
    assert body.startswith('<article id="topic"')
    assert "<html" not in body and "site-header" not in body
    assert body.count('<article id="topic"') == 1


def test_history_restore_gets_the_full_page(client):
    response = client.get("/modules/demo", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<!doctype html>" in response.get_data(as_text=True)


def test_unknown_pages_are_404_pages(client):
    for url in ("/modules/nope", "/modules/demo/nope", "/activities/demo/nope", "/activities/nope/x"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page not found" in response.get_data(as_text=True)


def test_lesson_is_served_without_parsing_markdown(client, monkeypatch):
    client.get("/modules/demo/first-topic")
    calls = []
    original = markdown.MD.parse
    monkeypatch.setattr(markdown.MD, "parse", lambda *a, **k: calls.append(1) or original(*a, **k))
    for _ in range(3):
        assert client.get("/modules/demo/first-topic").status_code == 200
    assert calls == []


def test_broken_lesson_shows_an_error_page_for_that_lesson_only(make_app, content_dir, caplog):
    (content_dir / "modules/demo/02-second-topic.md").write_text("---\ntitle: [broken\n---\n")
    client = make_app(CONTENT_DIR=str(content_dir)).test_client()
    with caplog.at_level(logging.ERROR):
        response = client.get("/modules/demo/second-topic")
    assert response.status_code == 503
    assert "has a content error" in response.get_data(as_text=True)
    assert any("02-second-topic.md" in r.getMessage() for r in caplog.records)
    assert client.get("/modules/demo/first-topic").status_code == 200
    assert client.get("/modules/demo").status_code == 200


def test_broken_lesson_lists_its_errors_in_debug(make_app, content_dir):
    (content_dir / "modules/demo/02-second-topic.md").write_text("---\ntitle: [broken\n---\n")
    app = make_app(CONTENT_DIR=str(content_dir))
    app.debug = True
    html = app.test_client().get("/modules/demo/second-topic").get_data(as_text=True)
    assert "content/modules/demo/02-second-topic.md:2: invalid YAML" in html


def test_draft_topic_is_not_served(make_app, content_dir):
    path = content_dir / "modules/demo/02-second-topic.md"
    path.write_text(path.read_text().replace("minutes: 10", "minutes: 10\nstatus: draft"))
    client = make_app(CONTENT_DIR=str(content_dir)).test_client()
    assert client.get("/modules/demo/second-topic").status_code == 404
    assert "second-topic" not in client.get("/modules/demo").get_data(as_text=True)


def test_reloading_shows_an_edit_on_the_next_request(make_app, content_dir):
    client = make_app(CONTENT_DIR=str(content_dir), CONTENT_RELOAD=True).test_client()
    assert "The second topic" in client.get("/modules/demo/second-topic").get_data(as_text=True)
    app = client.application
    app.extensions["catalog"].interval = 0
    path = content_dir / "modules/demo/02-second-topic.md"
    path.write_text(path.read_text().replace("The second topic", "An edited title"))
    assert "An edited title" in client.get("/modules/demo/second-topic").get_data(as_text=True)


def test_unexpected_errors_become_a_friendly_500(app, monkeypatch):
    from toolbox.lessons import views

    monkeypatch.setattr(views, "catalog", lambda: (_ for _ in ()).throw(RuntimeError("boom")))
    response = app.test_client().get("/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)
