"""A figure shows in its lesson as <figure> with its picture, alt text, caption and text version; its file is served only to
those who may see a page that shows it, as an image that can run nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

FIGURES = Path(__file__).parent.parent / "fixtures" / "content" / "modules" / "demo" / "figures"
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"


def test_a_figure_renders_as_a_figure_with_alt_text_caption_and_text_version(client):
    html = client.get("/modules/demo/first-topic").get_data(as_text=True)
    figure = re.search(r'<figure class="block figure" id="phases">.*?</figure>', html, re.DOTALL)[0]
    assert re.search(r"<figcaption>.*Phases of the cycle.*</figcaption>", figure, re.DOTALL)
    assert (
        '<a class="figure-link" href="/modules/demo/figures/phases.svg" hx-boost="false"><img class="figure-image" '
        'src="/modules/demo/figures/phases.svg" alt="Two phases: before, then after." width="400" height="120" loading="lazy" '
        'decoding="async"></a>'
    ) in figure
    assert '<details class="text-version" open><summary>Text version of the figure</summary>' in figure and "<table>" in figure
    assert "Source: Our reconstruction" in figure


def test_a_guide_shows_its_figure_too(client):
    html = client.get("/activities/demo/1-vote").get_data(as_text=True)
    assert 'src="/modules/demo/figures/sheet.png" alt="A strip of three blue squares, the colour of the dots." width="3" height="2"' in html


def test_an_svg_is_served_as_an_image_that_can_run_nothing(client):
    response = client.get("/modules/demo/figures/phases.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Content-Security-Policy"] == SVG_CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.data == (FIGURES / "phases.svg").read_bytes()
    again = client.get("/modules/demo/figures/phases.svg", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_a_png_is_served_as_png(client):
    response = client.get("/modules/demo/figures/sheet.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.data == (FIGURES / "sheet.png").read_bytes()


@pytest.mark.parametrize(
    "url",
    [
        "/modules/demo/figures/nothere.svg",
        "/modules/demo/figures/..%2Findex.md",
        "/modules/demo/figures/%2e%2e%2f01-first-topic.md",
        "/modules/demo/figures/../index.md",
        "/modules/demo/figures/..",
        "/modules/demo/figures/phases.svg/",
        "/modules/demo/figures/PHASES.SVG",
        "/modules/nope/figures/phases.svg",
        "/modules/demo/figures/index.md",
    ],
)
def test_unknown_files_and_paths_out_of_the_folder_are_404(client, url: str):
    response = client.get(url)
    assert response.status_code == 404, url
    assert b"<svg" not in response.data and b"---" not in response.data


@pytest.fixture
def on_copy(make_app, content_dir: Path, make_user, login):
    """An app on an editable copy of the fixture tree (edit it first): on_copy(role) -> a client (role None: anonymous)."""
    apps = []

    def _client(role: str | None):
        if not apps:
            apps.append(make_app(CONTENT_DIR=str(content_dir)))
        c = apps[0].test_client()
        if role is not None:
            make_user(f"{role}@example.org", role, role.title())  # users live in the test's database, shared by its apps
            assert login(f"{role}@example.org", c=c).status_code == 302
        return c

    return _client


def test_a_drafts_figure_is_for_authors_only(content_dir: Path, on_copy):
    vote = content_dir / "activities/demo/1-vote.md"
    vote.write_text(vote.read_text().replace("---\n## Objectives", "status: draft\n---\n## Objectives"))
    (content_dir / "modules/demo/figures/spare.svg").write_bytes((FIGURES / "phases.svg").read_bytes())  # shown by no page
    for c in (on_copy(None), on_copy("learner")):
        assert c.get("/modules/demo/figures/sheet.png").status_code == 404
        assert c.get("/modules/demo/figures/phases.svg").status_code == 200  # its lesson is published
    author = on_copy("author")
    response = author.get("/modules/demo/figures/sheet.png")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-cache"
    assert author.get("/modules/demo/figures/spare.svg").status_code == 404


def test_an_unsafe_svg_is_never_served_and_its_lesson_shows_the_text_version(content_dir: Path, on_copy):
    svg = content_dir / "modules/demo/figures/phases.svg"
    svg.write_text(svg.read_text().replace("<title", "<script>alert(1)</script><title"))
    anonymous, author = on_copy(None), on_copy("author")
    for c in (anonymous, author):
        assert c.get("/modules/demo/figures/phases.svg").status_code == 404
        html = c.get("/modules/demo/first-topic").get_data(as_text=True)
        figure = html.split('id="phases"')[1].split("</figure>")[0]
        assert "<table>" in figure and "<img" not in figure
    assert "&lt;script&gt; is not allowed" in author.get("/modules/demo/first-topic").get_data(as_text=True)  # warnings box


def test_a_figure_edited_after_its_check_is_not_served_until_checked_again(content_dir: Path, on_copy):
    c = on_copy(None)
    assert c.get("/modules/demo/figures/phases.svg").status_code == 200
    svg = content_dir / "modules/demo/figures/phases.svg"
    svg.write_text(svg.read_text().replace("<title", "<script>alert(1)</script><title"))
    assert c.get("/modules/demo/figures/phases.svg").status_code == 404
