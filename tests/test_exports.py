"""The functions every export shares: CSV cells no spreadsheet runs, Markdown that shows people's text as typed."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.payloads import CSV_PAYLOADS, MARKDOWN_PAYLOADS, assert_no_formula, assert_no_html, rendered
from toolbox.exports import csv_cell, csv_text, md, no_html_or_links

# What people type: any printable text (control characters are cleaned from every form before they are stored).
TYPED = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=60)
TYPED_LINES = st.lists(TYPED, max_size=4).map("\n".join)


@pytest.mark.parametrize("payload", CSV_PAYLOADS)
def test_no_csv_cell_is_read_as_a_formula_however_a_spreadsheet_splits_it(payload):
    text = csv_text([["name", "note"], ["Ana", payload], [payload, 3]])
    assert_no_formula(text)
    assert [row[0] for row in csv.reader(io.StringIO(text, newline=""))] == ["name", "Ana", csv_cell(payload)]


@given(st.lists(TYPED, min_size=1, max_size=3))
def test_any_text_makes_cells_that_no_spreadsheet_runs(cells):
    assert_no_formula(csv_text([cells]))


@pytest.mark.parametrize("text", ["Ana Diallo", "a-b", "x = 1", "ana@example.org", "Saint-Louis", "R&D; 2+2", "café"])
def test_ordinary_text_and_numbers_stay_as_they_are_in_csv(text):
    assert csv_cell(text) == text
    assert csv_cell(-3) == -3 and csv_cell(None) is None


@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS)
def test_typed_text_in_markdown_carries_no_html_link_or_markup(payload):
    for document in (md(payload), f"| {md(payload)} |\n|---|", f"- {md(payload)}", f"## {md(payload)}", md(payload, lines=True)):
        assert_no_html(document)
    tags, text = rendered(md(payload))
    assert {tag for tag, _ in tags} <= {"p"} and text.strip() == " ".join(payload.split()).replace("|", "/")


@given(TYPED)
def test_any_text_on_one_line_shows_exactly_as_typed(typed):
    tags, text = rendered(md(typed))
    assert {tag for tag, _ in tags} <= {"p"}
    assert text.strip() == " ".join(typed.split()).replace("|", "/")


@given(TYPED_LINES)
def test_any_text_on_several_lines_carries_no_html_and_keeps_its_lines(typed):
    escaped = md(typed, lines=True)
    assert_no_html(escaped)
    assert escaped.count("\n") == typed.strip().count("\n")


@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS)
def test_a_markdown_document_made_elsewhere_loses_its_html_and_links(payload):
    assert_no_html(no_html_or_links(f"# Results\n\n| Option |\n|---|\n| {payload} |\n\n- {payload}\n\n{payload}\n"))


def test_escaping_a_document_again_changes_nothing_and_keeps_what_md_escaped():
    once = no_html_or_links("## " + md("<b>[x]</b> \\<i>") + "\n\n<b>bold</b> [5 points]")
    assert no_html_or_links(once) == once
    assert rendered(once)[1].strip() == "<b>[x]</b> \\<i>\n<b>bold</b> [5 points]"
