"""A room's downloads: hostile options stay text in the Markdown file and inert in the spreadsheet."""

from __future__ import annotations

from tests.payloads import CSV_PAYLOADS, MARKDOWN_PAYLOADS, assert_no_formula, assert_no_html
from toolbox.rooms.methods.dot_voting import MAX_OPTION_LENGTH, MAX_OPTIONS

HX = {"HX-Request": "true"}


def test_dot_vote_exports_keep_hostile_options_as_text_and_out_of_formulas(facilitator, room):
    """The options a facilitator types (the Markdown comes from the method: the export itself removes HTML and links)."""
    room_id, _ = room
    lines = {line.strip() for payload in MARKDOWN_PAYLOADS + CSV_PAYLOADS for line in payload.splitlines()}
    options = sorted(o for o in lines if o and len(o) <= MAX_OPTION_LENGTH)
    for start in range(0, len(options), MAX_OPTIONS):
        chunk = options[start : start + MAX_OPTIONS]
        chunk += ["Housing", "Jobs"][: max(0, 2 - len(chunk))]
        assert facilitator.post(f"/rooms/{room_id}/options", data={"options": "\n".join(chunk)}, headers=HX).status_code == 200
        markdown = facilitator.get(f"/rooms/{room_id}/results.md").get_data(as_text=True)
        assert_no_html(markdown)
        assert_no_formula(facilitator.get(f"/rooms/{room_id}/results.csv").get_data(as_text=True))
