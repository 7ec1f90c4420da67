"""Authoring without a developer: new and translated modules appear, drafts and content errors are for authors only."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from toolbox.cli import content_cli

ROLES = ("learner", "facilitator", "author", "admin")


@pytest.fixture
def app(make_app, content_dir: Path):
    """The app serving a private, editable copy of the fixture tree, rebuilt on every change."""
    app = make_app(CONTENT_DIR=str(content_dir), CONTENT_RELOAD=True)
    app.extensions["catalog"].interval = 0
    return app


@pytest.fixture
def as_role(app, make_user, login):
    """A test client logged in with a role (None: anonymous)."""

    def _client(role: str | None):
        c = app.test_client()
        if role is not None:
            make_user(f"{role}@example.org", role, role.title())
            assert login(f"{role}@example.org", c=c).status_code == 302
        return c

    return _client


def publish(path: Path) -> None:
    path.write_text(path.read_text().replace("status: draft", "status: published"))


def page(c, url: str, status: int = 200) -> str:
    response = c.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def test_a_new_module_with_a_topic_a_quiz_and_a_live_activity_appears_without_code_change(app, content_dir, as_role):
    runner = app.test_cli_runner()
    for args in (
        ["new", "module", "--slug", "module-3", "--title", "Services for migrants"],
        ["new", "topic", "--module", "module-3", "--slug", "access-to-services", "--title", "Access to services"],
        ["new", "activity", "--module", "module-3", "--slug", "1-services-vote", "--method", "dot-voting", "--topic", "access-to-services"],
    ):
        result = runner.invoke(content_cli, args)
        assert result.exit_code == 0, result.output
    assert runner.invoke(content_cli, ["check"]).exit_code == 0
    for path in (
        content_dir / "modules/module-3/index.md",
        *content_dir.glob("modules/module-3/01-*.md"),
        *content_dir.glob("activities/module-3/*.md"),
    ):
        publish(path)
    c = as_role("facilitator")
    assert 'href="/modules/module-3"' in page(c, "/")
    module = page(c, "/modules/module-3")
    assert 'href="/modules/module-3/access-to-services"' in module and 'href="/activities/module-3/1-services-vote"' in module
    topic = page(c, "/modules/module-3/access-to-services")
    assert 'id="quiz"' in topic and 'class="block reflection" id="first-reflection"' in topic
    assert "Draft" not in topic
    assert 'href="/activities/module-3/1-services-vote"' in page(c, "/activities/?module=module-3")
    assert "Run live" in page(c, "/activities/module-3/1-services-vote")


def test_a_translated_copy_is_listed_beside_the_original(app, content_dir, as_role):
    shutil.copytree(content_dir / "modules/demo", content_dir / "modules/demo-fr")
    shutil.copytree(content_dir / "activities/demo", content_dir / "activities/demo-fr")
    index = content_dir / "modules/demo-fr/index.md"
    index.write_text(index.read_text().replace("title: A demonstration module", "title: Un module de démonstration\nlanguage: fr"))
    for path in [*content_dir.glob("modules/demo-fr/*.md"), *content_dir.glob("activities/demo-fr/*.md")]:
        text = (
            path.read_text()
            .replace("@demo/", "@demo-fr/")
            .replace("(@demo)", "(@demo-fr)")
            .replace("@activities/demo/", "@activities/demo-fr/")
        )
        path.write_text(text.replace("module: demo\n", "module: demo-fr\n").replace("  - demo/1-vote", "  - demo-fr/1-vote"))
    assert app.extensions["catalog"].get().errors == []
    home = page(as_role(None), "/")
    assert 'href="/modules/demo"' in home and 'href="/modules/demo-fr"' in home
    assert 'lang="fr"' in home and "Un module de démonstration" in home
    assert 'class="page lesson" lang="fr"' in page(as_role(None), "/modules/demo-fr/first-topic")
    assert 'class="page lesson" lang="en"' in page(as_role(None), "/modules/demo/first-topic")


def make_drafts(content_dir: Path) -> None:
    """A draft topic and a draft activity in the published demo module, and a whole draft module."""
    second = content_dir / "modules/demo/02-second-topic.md"
    second.write_text(second.read_text().replace("minutes: 10", "minutes: 10\nstatus: draft"))
    vote = content_dir / "activities/demo/1-vote.md"
    vote.write_text(vote.read_text().replace("---\n## Objectives", "status: draft\n---\n## Objectives"))
    shutil.copytree(content_dir / "modules/demo", content_dir / "modules/hidden")
    index = content_dir / "modules/hidden/index.md"
    index.write_text(index.read_text().replace("pass_mark: 60", "pass_mark: 60\nstatus: draft").replace("@demo/", "@hidden/"))
    for path in (content_dir / "modules/hidden").glob("0*.md"):
        path.write_text(path.read_text().replace("@demo/", "@hidden/").replace("  - demo/1-vote\n", ""))


@pytest.mark.parametrize("role", [None, "learner", "facilitator"])
def test_drafts_are_hidden_from_everyone_but_authors(app, content_dir, as_role, role):
    make_drafts(content_dir)
    assert app.extensions["catalog"].get().errors == []
    c = as_role(role)
    for url in ("/modules/demo/second-topic", "/activities/demo/1-vote", "/modules/hidden", "/modules/hidden/first-topic"):
        page(c, url, 404)
    assert "/modules/hidden" not in page(c, "/")
    module = page(c, "/modules/demo")
    assert "second-topic" not in module and "1-vote" not in module and "Draft" not in module
    assert "1-vote" not in page(c, "/activities/")
    assert 'rel="next"' not in page(c, "/modules/demo/first-topic")


@pytest.mark.parametrize("role", ["author", "admin"])
def test_authors_and_admins_see_drafts_marked_as_drafts(app, content_dir, as_role, role):
    make_drafts(content_dir)
    c = as_role(role)
    home = page(c, "/")
    assert 'href="/modules/hidden"' in home
    badge = '<span class="badge draft">Draft</span>'
    assert home.count(badge) == 1
    module = page(c, "/modules/demo")
    assert 'href="/modules/demo/second-topic"' in module and 'href="/activities/demo/1-vote"' in module
    assert module.count(badge) == 2  # the topic, and the activity listed under the first topic
    assert badge in page(c, "/modules/demo/second-topic")
    assert badge in page(c, "/activities/demo/1-vote")
    assert badge in page(c, "/activities/")
    assert badge in page(c, "/modules/hidden")
    assert badge not in page(c, "/modules/hidden/first-topic")  # published topic of a draft module
    assert 'rel="next" href="/modules/demo/second-topic"' in page(c, "/modules/demo/first-topic")


def break_files(content_dir: Path) -> None:
    (content_dir / "modules/demo/02-second-topic.md").write_text("---\ntitle: [broken\n---\n")
    vote = content_dir / "activities/demo/1-vote.md"
    vote.write_text(vote.read_text().replace("method: dot-voting", "method: karaoke"))


@pytest.mark.parametrize("role", ["author", "admin"])
def test_authors_see_a_broken_files_errors_in_the_page(app, content_dir, as_role, role):
    c = as_role(role)
    assert page(c, "/modules/demo/second-topic")  # served before the edit
    break_files(content_dir)
    html = page(c, "/modules/demo/second-topic", 503)
    assert "content/modules/demo/02-second-topic.md:2: invalid YAML" in html
    guide = page(c, "/activities/demo/1-vote", 503)
    assert re.search(r"content/activities/demo/1-vote\.md:7: &#39;method&#39; must be one of", guide)
    module = page(c, "/modules/demo")
    assert "Files with errors" in module
    assert 'href="/modules/demo/second-topic"' in module and 'href="/activities/demo/1-vote"' in module


@pytest.mark.parametrize("role", [None, "learner", "facilitator"])
def test_others_see_the_friendly_repair_page_without_details(app, content_dir, as_role, role):
    break_files(content_dir)
    c = as_role(role)
    for url in ("/modules/demo/second-topic", "/activities/demo/1-vote"):
        html = page(c, url, 503)
        assert "This page is being repaired" in html and "has a content error" in html
        assert "invalid YAML" not in html and "must be one of" not in html and "content/" not in html
    assert "Files with errors" not in page(c, "/modules/demo")


def test_a_broken_module_shows_its_errors_to_authors_and_a_repair_page_to_others(app, content_dir, as_role):
    index = content_dir / "modules/demo/index.md"
    index.write_text(index.read_text().replace("order: 1", "order: first"))
    learner = as_role("learner")
    assert "/modules/demo" not in page(learner, "/")
    html = page(learner, "/modules/demo", 503)
    assert "This page is being repaired" in html and "order" not in html
    page(learner, "/modules/demo/first-topic", 503)
    author = as_role("author")
    assert '<span class="badge error">Has errors</span>' in page(author, "/")
    html = page(author, "/modules/demo", 503)
    assert "content/modules/demo/index.md:4: &#39;order&#39; must be a whole number, got &#39;first&#39;" in html
    assert 'href="/"' in html


def test_a_file_created_while_the_server_runs_shows_on_reload(app, content_dir, as_role):
    c = as_role("author")
    assert "/modules/demo/third" not in page(c, "/modules/demo")
    result = app.test_cli_runner().invoke(content_cli, ["new", "topic", "--module", "demo", "--slug", "third", "--title", "A third topic"])
    assert result.exit_code == 0, result.output
    assert 'href="/modules/demo/third"' in page(c, "/modules/demo")
    assert "A third topic" in page(c, "/modules/demo/third")
    page(as_role("learner"), "/modules/demo/third", 404)


def test_authors_see_warnings_of_a_page_that_still_shows(app, content_dir, as_role):
    topic = content_dir / "modules/demo/01-first-topic.md"
    topic.write_text(topic.read_text().replace("(#2-more)", "(#3-none)"))
    warning = "content/modules/demo/01-first-topic.md:14: broken link &#39;#3-none&#39;"
    assert warning in page(as_role("author"), "/modules/demo/first-topic")
    html = page(as_role("learner"), "/modules/demo/first-topic")
    assert "Content warnings" not in html and "3-none" in html
