"""What every export shares: CSV cells a spreadsheet never runs, and Markdown that shows people's text as typed.

Every CSV download goes through `csv_text`, and every piece of text people typed that goes into a Markdown
download through `md`; `no_html_or_links` is the last step of a Markdown document whose lines come from
elsewhere (each live method's results), so a field that missed `md` still carries no HTML and no link.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

# OWASP's CSV injection guidance and ASVS 5.0 V1.2.10: a cell that starts with one of these is read as a formula
# (tab, carriage return and NUL too: some programs drop them and read what follows).
FORMULA_SIGNS = frozenset("=+-@\t\r\0")
# Where a spreadsheet may start a new cell inside our cell: after a separator it splits on (the comma we write,
# or a semicolon or tab in locales and import settings that use them) or a line break.
SEPARATORS = frozenset(",;\t\r\n")
# Skipped when looking for the first sign of a cell: spreadsheets trim spaces, and a quote opens a quoted cell.
TRANSPARENT = frozenset(' "')


def _formula_sign(ch: str) -> bool:
    """A sign that starts a formula, in any width or form (full-width ＝ ＋ － ＠, small ﹦, superscript ⁺…)."""
    return ch in FORMULA_SIGNS or unicodedata.normalize("NFKC", ch)[:1] in FORMULA_SIGNS


def csv_cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet reads as a formula: an apostrophe before every formula sign that could start a cell."""
    if not isinstance(value, str):
        return value  # numbers and dates are ours, never typed by people
    out: list[str] = []
    at_start = True
    for ch in value:
        if at_start and _formula_sign(ch):
            out.append("'")  # spreadsheets show a cell that starts with an apostrophe as text
        out.append(ch)
        if ch in SEPARATORS:
            at_start = True
        elif ch not in TRANSPARENT:
            at_start = False
    return "".join(out)


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """Rows as CSV text, every cell through `csv_cell`."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return out.getvalue()


# Markdown ------------------------------------------------------------------------------------------

# Backslash-escaped, these show as themselves: no emphasis, strikethrough, code, link, image, heading, quote, raw
# HTML or autolink. Any ASCII punctuation may be escaped in CommonMark, so the escape never shows when rendered.
MARKUP = frozenset("\\`*_~[]<>#")
ENTITY = re.compile(r"&(?=#?\w+;)")  # "&lt;" would show as "<": escaped, it shows as typed (a lone "R&D" stays)
# What makes a line a list item ("- ", "+ ", "1. ", "2) "), a rule or a heading's underline ("---", "==="): not "-5" or "2.1".
BLOCK_START = re.compile(r"^(?:[-+=](?=\s|$|[-=]*$)|\d{1,9}(?=[.)](?:\s|$)))")


def md(text: str, *, lines: bool = False) -> str:
    """Text people typed, inside Markdown: shown as typed, never as raw HTML, a link or other markup.

    By default on one line, safe anywhere on it (a table cell, a list item, a heading, a line of its own), with
    `|` as `/` so that no table breaks. With `lines=True` (a journal answer, a part of a report) the lines
    stay as typed, `|` is escaped, and lines starting with "- " or "1." stay a list (a report's bullet points).
    """
    if not lines:
        one = _escape(" ".join(text.split()).replace("|", "/"))
        # "\-" shows "-"; a backslash before a digit would show, so a number's "." or ")" is escaped instead ("1\.").
        return BLOCK_START.sub(lambda m: m[0] + "\\" if m[0][0].isdigit() else "\\" + m[0], one)
    return "\n".join(_escape(line).replace("|", "\\|") for line in text.strip().splitlines())


def _escape(text: str) -> str:
    return ENTITY.sub(r"\\&", "".join("\\" + ch if ch in MARKUP else ch for ch in text))


_UNESCAPED = re.compile(r"(?<!\\)((?:\\\\)*)([<\[])")  # after an even run of backslashes (none included): not escaped


def no_html_or_links(markdown: str) -> str:
    """A whole Markdown document with every `<` and `[` not yet escaped escaped: no tag, comment, autolink, link or image."""
    return _UNESCAPED.sub(lambda m: m.group(1) + "\\" + m.group(2), markdown)
