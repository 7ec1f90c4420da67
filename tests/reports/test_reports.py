"""The rapporteur's report: pre-filled from the session's real rooms, edited, exported, and anonymised on request."""

from __future__ import annotations

import re

import pytest

from tests.payloads import MARKDOWN_PAYLOADS, assert_no_html
from tests.workshops.conftest import VOTE
from toolbox.extensions import db
from toolbox.reports.models import SessionReport
from toolbox.rooms.models import Entry, Participant, Room
from toolbox.workshops.models import ProgrammeItem

EMPTY = {
    "rapporteur": "Guillaume",
    "summary": "",
    "challenges": "",
    "opportunities": "",
    "finding_1": "",
    "finding_2": "",
    "finding_3": "",
    "relevance": "",
    "quotes": "",
    "other_names": "",
}


def join(app, code: str, name: str):
    phone = app.test_client()
    assert phone.post(f"/r/{code}/join", data={"name": name}).status_code == 302
    return phone


def dots(phone, code: str, ballot: int, option: int, count: int) -> None:
    response = phone.post(f"/r/{code}/dots", data={"ballot": ballot, "option": option, "count": count}, headers={"HX-Request": "true"})
    assert response.status_code == 200, response.get_data(as_text=True)


@pytest.fixture
def voted(plan):
    """A session whose dot vote (Governance, Education, Health) really ran in its room, with three phones.

    Most affected: Education 3 dots, Health 2, Governance 1. Most affecting: Governance 2, Health 1.
    """
    p = plan()
    s = p.session()
    item = p.activity(s, VOTE)
    room_id, code = p.open_room(item)
    app = p.client.application
    assert p.client.post(f"/rooms/{room_id}/moves", data={"move": "open"}).status_code == 302
    ana, bo, chen = join(app, code, "Ana Diallo"), join(app, code, "Bo"), join(app, code, "Chen Wei")
    for phone, most_affected, most_affecting in ((ana, (1, 0), (0,)), (bo, (1, 2), (2,)), (chen, (1, 2), (0,))):
        for option in most_affected:
            dots(phone, code, 0, option, 1)
        for option in most_affecting:
            dots(phone, code, 1, option, 1)
    p.client.post(f"/rooms/{room_id}/moves", data={"move": "reveal"})
    return p, s, room_id


TOP = "- Top-voted in Ballot: Most affected: Education (3 dots); Health (2 dots); Governance (1 dot)"


def test_the_report_is_prefilled_with_the_real_top_voted_options(voted):
    p, s, _ = voted
    page = p.page(f"/sessions/{s}/report")
    assert "From the live activity “Vote on the sectors” (3 participants):" in page
    assert TOP in page and "- Top-voted in Ballot: Most affecting: Governance (2 dots); Health (1 dot)" in page
    assert "Not saved yet: the summary is pre-filled" in page
    md = p.client.get(f"/workshops/{p.id}/sessions/{s}/report.md")
    assert md.mimetype == "text/markdown" and "attachment" in md.headers["Content-Disposition"]
    text = md.get_data(as_text=True)
    assert TOP in text and text.startswith("# Report: 2.1 South-South mobility\n")
    assert "- **Rapporteur:** Guillaume" in text and "## 4. Three key findings or recommendations" in text
    assert TOP.replace("- ", "", 1) in p.page(f"/sessions/{s}/report/print")


def test_save_edit_and_export(voted):
    p, s, _ = voted
    data = {
        **EMPTY,
        "rapporteur": "Léa Rapporteur",
        "summary": "Our own summary.",
        "challenges": "- Data are scarce.",
        "finding_1": "Plan with the diaspora.",
        "finding_3": "Share data between ministries.",
        "relevance": "In line with the 2030 Agenda.",
    }
    response = p.client.post(f"/workshops/{p.id}/sessions/{s}/report", data=data)
    assert response.status_code == 303
    page = p.page(f"/sessions/{s}/report")
    assert "Report saved." in page and "Our own summary." in page and TOP not in page
    text = p.client.get(f"/workshops/{p.id}/sessions/{s}/report.md").get_data(as_text=True)
    assert "## 2. Challenges\n\n- Data are scarce.\n" in text
    assert "1. Plan with the diaspora.\n2. …\n3. Share data between ministries.\n" in text
    assert "## 3. Opportunities, good practices and innovations\n\n*Nothing written yet.*" in text
    assert "- **Rapporteur:** Léa Rapporteur" in text
    assert "Rapporteur: Léa Rapporteur" in p.page()  # the rapporteur's name is the session's


def test_autosave_answers_with_the_status_fragment(voted):
    p, s, _ = voted
    url = f"/workshops/{p.id}/sessions/{s}/report"
    response = p.client.post(url, data={**EMPTY, "quotes": "First"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.get_data(as_text=True).strip()
    assert html.startswith('<p id="report-status"') and 'data-state="saved"' in html and 'data-revision="1"' in html
    response = p.client.post(url, data={**EMPTY, "quotes": "Second"}, headers={"HX-Request": "true"})
    assert 'data-revision="2"' in response.get_data(as_text=True)
    with p.client.application.app_context():
        assert db.session.query(SessionReport).one().quotes == "Second"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**EMPTY, "quotes": "x" * 20_001}, "Each part is limited to 20,000 characters."),
        ({k: v for k, v in EMPTY.items() if k != "challenges"}, "Nothing was sent."),
        ({**EMPTY, "rapporteur": "x" * 101}, "At most 100 characters."),
    ],
    ids=["too long", "missing part", "long name"],
)
def test_bad_reports_are_refused_and_nothing_is_lost(voted, data, message):
    p, s, _ = voted
    url = f"/workshops/{p.id}/sessions/{s}/report"
    assert p.client.post(url, data={**EMPTY, "challenges": "Kept"}).status_code == 303
    for headers in ({}, {"HX-Request": "true"}):
        response = p.client.post(url, data=data, headers=headers)
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    with p.client.application.app_context():
        assert db.session.query(SessionReport).one().challenges == "Kept"


def test_fill_adds_the_latest_results_once(voted):
    p, s, room_id = voted
    url = f"/workshops/{p.id}/sessions/{s}"
    p.client.post(f"{url}/report", data={**EMPTY, "summary": "Typed first."})
    response = p.client.post(f"{url}/report/fill", data={**EMPTY, "summary": "Typed first, then more."}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "results of 1 room added" in html
    with p.client.application.app_context():
        summary = db.session.query(SessionReport).one().summary
    assert summary.startswith("Typed first, then more.\n\nFrom the live activity") and TOP in summary
    response = p.client.post(f"{url}/report/fill", data={**EMPTY, "summary": summary}, follow_redirects=True)
    assert "already holds the rooms&#39; latest results" in response.get_data(as_text=True)
    with p.client.application.app_context():
        assert db.session.query(SessionReport).one().summary == summary


def board_room(p, session_id: int) -> int:
    """A world café that ran in the session, as its room stores it: tablecloth notes (one a key insight) by named people."""
    app = p.client.application
    with app.app_context():
        from toolbox.auth.models import User

        owner = db.session.query(User).filter_by(email="fac@example.org").one()
        settings = {
            "tables": ["Pre-decision", "Return"],
            "rounds": [{"question": "Which challenges?", "minutes": 10}],
            "hosts": "volunteer",
        }
        room = Room(
            code="BRDQQ",
            activity="demo/1-vote",
            method="world-cafe",
            title="World café",
            facilitator_id=owner.id,
            settings=settings,
            state={"round": 0, "tables": 2, "hosts": {}},
            phase="report",
        )
        db.session.add(room)
        db.session.flush()
        people = [Participant(room_id=room.id, name=n) for n in ("Ana Diallo", "Kofi Mensah", "Quiet Quentin")]
        db.session.add_all(people)
        db.session.flush()
        ana, kofi, _ = people
        where = "Table 1: Pre-decision, round 1"
        schools = Entry(
            room_id=room.id, participant_id=ana.id, kind="note", place=0, round=0, text="Remittances fund schools", data={"where": where}
        )
        fund = Entry(
            room_id=room.id,
            participant_id=kofi.id,
            kind="note",
            place=0,
            round=0,
            text="Ask ana diallo about the diaspora fund",
            flag=True,
            data={"where": where},
        )
        db.session.add_all([schools, fund])
        item = ProgrammeItem(
            session_id=session_id, position=9, activity=None, title="Café", min_minutes=10, max_minutes=10, room_id=room.id
        )
        db.session.add(item)
        db.session.commit()
        return room.id


NAMES = ("Ana", "Diallo", "Kofi", "Mensah", "Quentin", "Chen", "Wei", "Bo", "Ministry of Planning")


def names_in(text: str) -> list[str]:
    return [n for n in NAMES if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text, re.IGNORECASE)]


def test_notes_with_their_authors_are_prefilled(voted):
    p, s, _ = voted
    board_room(p, s)
    text = p.client.get(f"/workshops/{p.id}/sessions/{s}/report.md").get_data(as_text=True)
    assert "From the live activity “World café” (3 participants):" in text
    assert "- Key insight: Ask ana diallo about the diaspora fund (Kofi Mensah, Table 1: Pre-decision, round 1)" in text
    assert "- Remittances fund schools (Ana Diallo, Table 1: Pre-decision, round 1)" in text
    assert TOP in text  # the dot vote's block comes first, in programme order


def test_chatham_house_hides_every_participant_name(voted):
    p, s, _ = voted
    board_room(p, s)
    url = f"/workshops/{p.id}/sessions/{s}"
    page = p.page(f"/sessions/{s}/report")
    summary = re.search(r'<textarea[^>]*name="summary"[^>]*>\n?(.*?)</textarea>', page, re.S).group(1)
    summary = summary.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
    assert {"Ana", "Kofi"} <= set(names_in(summary))
    data = {
        **EMPTY,
        "summary": summary,
        "quotes": "“We plan together or not at all.” (Kofi Mensah, Ministry of Planning)\nBO said: data first.",
        "challenges": "Chen and ANA disagreed with Wei.",
        "other_names": "Ministry of Planning",
    }
    assert p.client.post(f"{url}/report", data=data).status_code == 303
    md = p.client.get(f"{url}/report.md").get_data(as_text=True)
    printed = p.page(f"/sessions/{s}/report/print")
    merged_md = p.client.get(f"/workshops/{p.id}/reports.md").get_data(as_text=True)
    merged = p.page("/reports/print")
    assert "Kofi Mensah" in md and "Ministry of Planning" in md  # the switch is off
    assert p.client.post(f"{url}/report", data={**data, "anonymous": "y"}).status_code == 303
    md = p.client.get(f"{url}/report.md").get_data(as_text=True)
    printed = p.page(f"/sessions/{s}/report/print")
    merged_md = p.client.get(f"/workshops/{p.id}/reports.md").get_data(as_text=True)
    merged = p.page("/reports/print")
    for text in (md, printed, merged_md, merged):
        assert names_in(text) == [], names_in(text)
        assert "Education (3 dots)" in text and "Remittances fund schools" in text  # what was said stays
        assert "“We plan together or not at all.” (anonymous, anonymous)" in text
        assert "Chatham House rule: names are replaced by “anonymous”." in text
    assert "- Key insight: Ask anonymous about the diaspora fund (anonymous, Table 1: Pre-decision, round 1)" in md
    assert "anonymous said: data first." in md and "anonymous and anonymous disagreed with anonymous." in md
    # the stored text is as typed: switching the rule off shows the names again
    with p.client.application.app_context():
        assert "Kofi Mensah" in db.session.query(SessionReport).one().quotes
    p.client.post(f"{url}/report", data=data)
    assert "Kofi Mensah" in p.client.get(f"{url}/report.md").get_data(as_text=True)


def test_merged_reports_follow_the_programme(plan):
    p = plan()
    late = p.session(title="Closing", day="2026-06-13", starts_at="16:00", ends_at="17:00")
    early = p.session(title="Opening", starts_at="09:00", ends_at="10:00")
    p.client.post(f"/workshops/{p.id}/sessions/{late}/report", data={**EMPTY, "summary": "Closing remarks."})
    p.client.post(f"/workshops/{p.id}/sessions/{early}/report", data={**EMPTY, "summary": "Opening remarks."})
    md = p.client.get(f"/workshops/{p.id}/reports.md")
    text = md.get_data(as_text=True)
    assert text.startswith("# Factoring migration into planning: session reports\n\nPort Louis\n")
    assert text.index("## Opening") < text.index("Opening remarks.") < text.index("## Closing") < text.index("Closing remarks.")
    assert "### 1. Summary and main discussion points" in text
    assert 'filename="reports-factoring-migration-into-planning.md"' in md.headers["Content-Disposition"]
    printed = p.page("/reports/print")
    assert printed.index("Opening remarks.") < printed.index("Closing remarks.")


def test_markdown_exports_show_hostile_reports_and_titles_as_text(plan):
    hostile = "<img src=x onerror=alert(1)> [x](javascript:alert(1))"
    p = plan(title=f"Workshop {hostile}", place="<script>alert(1)</script>")
    s = p.session(title=f"1. {hostile}", facilitator="<b>Amina</b>", rapporteur="<i>Guillaume</i>")
    everything = "\n\n".join(MARKDOWN_PAYLOADS)
    report = {**EMPTY, "rapporteur": "<i>Guillaume</i>", "other_names": "<u>x</u>"}
    report |= {part: everything for part in EMPTY if part not in ("rapporteur", "other_names")}
    assert p.client.post(f"/workshops/{p.id}/sessions/{s}/report", data=report).status_code == 303
    for path in (f"/sessions/{s}/report.md", "/reports.md"):
        response = p.client.get(f"/workshops/{p.id}{path}")
        assert response.status_code == 200
        assert_no_html(response.get_data(as_text=True))
