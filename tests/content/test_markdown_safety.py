"""Author Markdown cannot inject script: raw HTML, javascript: and data: links, on* attributes, through the body,
our ::: blocks, headings, link titles, front matter and quizzes; shown on the lesson page as text."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from toolbox.content import build_catalog
from toolbox.content.errors import ErrorLog
from toolbox.content.markdown import render_document, render_inline

BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")


class Executable(HTMLParser):
    """Everything in a page that could run script: script elements without our own src, on* attributes, bad URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        a = dict(attrs)
        if tag == "script" and not (a.get("src") or "").startswith("/static/"):
            self.found.append(f"<script> {a}")
        if tag in ("iframe", "object", "embed", "base"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}={value!r}")
            if name in ("href", "src", "action", "formaction", "xlink:href", "srcdoc"):
                url = "".join((value or "").split()).lower()
                if url.startswith(BAD_SCHEMES):
                    self.found.append(f"{tag} {name}={value!r}")


def executable(html: str) -> list[str]:
    parser = Executable()
    parser.feed(html)
    return parser.found


HOSTILE_BODY = """
<script>window.__xss = 1</script>

<img src=x onerror="window.__xss = 1">

Inline <b onmouseover="window.__xss=1">bold</b> and <a href="javascript:alert(1)">a raw link</a>.

[plain](javascript:alert(1)) [upper](JAVASCRIPT:alert(1)) [spaced]( javascript:alert(1)) [entity](java&#x09;script:alert(1))
[encoded](javascript&colon;alert(1)) [vb](vbscript:msgbox(1)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
[titled](/modules/demo "x\\" onmouseover=\\"window.__xss=1") <javascript:alert(1)> [ref][r]

[r]: javascript:alert(1)

## Heading <img src=x onerror=alert(1)> "onclick=alert(1)

::: case {#hostile-case place="<script>window.__xss=1</script>"} A case <img src=x onerror=alert(1)>
Text of the case with [a link](javascript:alert(1)).
:::

::: figure {#hostile-figure source="<b onclick=alert(1)>x</b>"} Figure <svg onload=alert(1)>
| a | <script>b</script> |
|---|---|
| [c](javascript:alert(1)) | d |
:::

::: note <iframe src="javascript:alert(1)"></iframe>
A note.
:::
"""


def test_hostile_markdown_renders_without_anything_that_runs():
    log = ErrorLog("x.md")
    doc = render_document(HOSTILE_BODY, 1, log)
    html = "".join(getattr(p, "html", "") for p in doc.parts)
    assert executable(html) == [], executable(html)
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in html  # raw HTML is shown as text
    assert "<img" not in html and "<iframe" not in html and "<b onmouseover" not in html


@pytest.mark.parametrize(
    "text",
    ["<script>alert(1)</script>", "[x](javascript:alert(1))", "<img src=x onerror=alert(1)>", "[x](data:text/html,<script>1</script>)"],
)
def test_inline_markdown_of_quizzes_is_as_safe(text):
    assert executable(render_inline(text, 1, [])) == []


@pytest.fixture
def hostile_content(content_dir):
    """The fixture tree with a hostile section in a topic and hostile quiz texts and front matter, all valid."""
    path = content_dir / "modules/demo/01-first-topic.md"
    text = path.read_text()
    text = text.replace("title: The first topic", "title: The first topic <script>window.__xss=1</script>")
    text = text.replace("summary: Every block in one lesson.", 'summary: "Every block <img src=x onerror=alert(1)>"')
    text = text.replace("```quiz", HOSTILE_BODY + "\n```quiz")
    text = text.replace(
        "    prompt: Where are the effects of migration felt first?",
        '    prompt: "Where <script>window.__xss=1</script> [x](javascript:alert(1))?"',
    )
    text = text.replace("      - text: On the moon.", '      - text: "On the <img src=x onerror=alert(1)> moon."')
    path.write_text(text)
    cat = build_catalog(content_dir)
    assert cat.errors == [], cat.errors
    return content_dir


def test_the_lesson_page_shows_hostile_content_as_text(make_app, hostile_content, make_user):
    app = make_app(CONTENT_DIR=str(hostile_content))
    client = app.test_client()
    for path in ("/modules/demo/first-topic", "/modules/demo", "/"):
        page = client.get(path)
        assert page.status_code == 200
        assert executable(page.get_data(as_text=True)) == [], (path, executable(page.get_data(as_text=True)))
    assert "The first topic &lt;script&gt;" in client.get("/modules/demo/first-topic").get_data(as_text=True)


def test_errors_of_a_broken_hostile_file_are_shown_to_authors_as_text(make_app, content_dir):
    path = content_dir / "modules/demo/01-first-topic.md"
    path.write_text(path.read_text().replace("::: note", '::: note {#<script>window.__xss=1</script> onclick="alert(1)"}'))
    app = make_app(CONTENT_DIR=str(content_dir))
    from toolbox.auth.services import create_user
    from toolbox.extensions import db

    with app.app_context():
        create_user("author@example.org", "Ada", "correct horse battery", "author")
        db.session.commit()
    client = app.test_client()
    client.post("/login", data={"email": "author@example.org", "password": "correct horse battery"})
    page = client.get("/modules/demo/first-topic")
    assert page.status_code == 503
    html = page.get_data(as_text=True)
    assert "unknown attribute" in html and "block id &#39;&lt;script&gt;window.__xss=1&lt;/script&gt;&#39; must be a slug" in html
    assert executable(html) == []


@pytest.mark.parametrize(
    "html",
    ["<script>x</script>", '<a href=" JavaScript:x">', "<img src=x onerror=y>", '<iframe src="/x">', '<a href="data:text/html,x">'],
)
def test_the_checker_sees_what_would_run(html):
    assert executable(html)
