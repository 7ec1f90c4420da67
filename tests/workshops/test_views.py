"""The planner's pages: composing a programme, editing, reordering, removing, and what is refused, and how."""

from __future__ import annotations

import io
import re

import pytest

from tests.workshops.conftest import DRAFT, PAPER, VOTE, WORKSHOP, created_id, item_titles
from toolbox.extensions import db
from toolbox.workshops.models import ProgrammeItem, Workshop, WorkshopSession


def test_compose_a_programme(plan):
    p = plan()
    s = p.session()
    p.activity(s, VOTE)
    p.free(s, "Input presentations", "20-30")
    p.activity(s, PAPER)
    html = p.page()
    assert item_titles(html) == ["Vote on the sectors", "Input presentations", "Paper exercise"]
    assert "Friday 12 June 2026" in html and "Saturday 13 June 2026" in html  # both days, the second still empty
    assert "09:00–10:30" in html and "Facilitator: Amina · Rapporteur: Guillaume" in html
    # 15–20 + 20–30 + 30–35 = 65–85 minutes in 90: fits with 5 to spare; planned starts from 9:00
    assert "fits (5 minutes to spare)" in html and "(65–85 minutes planned in a 90-minute slot)" in html
    assert re.findall(r'<span class="item-time" title="Planned start">(.*?)</span>', html) == ["09:00", "09:15–09:20", "09:35–09:50"]
    assert "live: Dot voting" in html and "run on paper" in html


def test_the_slot_check_says_tight_and_over(plan):
    p = plan()
    s = p.session(starts_at="09:00", ends_at="09:30")
    assert "nothing planned yet (30 minutes free)" in p.page()
    p.activity(s, VOTE)
    p.free(s, "Plenary", "10-15")  # 25–35 in 30
    assert "tight: 25–35 minutes in a 30-minute slot" in p.page()
    p.free(s, "Break", "10")  # 35–45 in 30
    assert "over by 5 minutes" in p.page()


def test_several_workshops_per_facilitator(plan, facilitator):
    first, second = plan(title="Mauritius workshop"), plan(title="Dakar workshop")
    html = facilitator.get("/workshops/").get_data(as_text=True)
    assert f'href="/workshops/{first.id}"' in html and f'href="/workshops/{second.id}"' in html


def test_reorder_items(plan):
    p = plan()
    s = p.session()
    a, b, c = p.activity(s, VOTE), p.free(s, "Talk"), p.free(s, "Break")
    assert p.client.post(f"/workshops/{p.id}/items/{c}/move", data={"direction": "up"}).status_code == 303
    assert item_titles(p.page()) == ["Vote on the sectors", "Break", "Talk"]
    p.client.post(f"/workshops/{p.id}/items/{a}/move", data={"direction": "down"})
    assert item_titles(p.page()) == ["Break", "Vote on the sectors", "Talk"]
    response = p.client.post(f"/workshops/{p.id}/items/{b}/move", data={"direction": "down"}, follow_redirects=True)
    assert "That item is already last." in response.get_data(as_text=True)
    assert item_titles(p.page()) == ["Break", "Vote on the sectors", "Talk"]


def test_remove_and_edit_items(plan):
    p = plan()
    s = p.session()
    vote, talk = p.activity(s, VOTE), p.free(s, "Talk", "10")
    assert p.client.get(f"/workshops/{p.id}/items/{vote}/edit").status_code == 404  # a guide's timing comes from the guide
    response = p.client.post(f"/workshops/{p.id}/items/{talk}/edit", data={"title": "Keynote", "minutes": "25–30"})
    assert response.status_code == 303
    html = p.page()
    assert "Keynote" in html and "25–30 minutes" in html
    assert p.client.post(f"/workshops/{p.id}/items/{vote}/delete").status_code == 303
    assert item_titles(p.page()) == ["Keynote"]


def test_edit_and_delete_sessions_and_workshops(plan, facilitator):
    p = plan()
    s = p.session()
    p.activity(s, VOTE)
    response = facilitator.post(
        f"/workshops/{p.id}/sessions/{s}/edit",
        data={**dict(title="Opening", day="2026-06-13", starts_at="14:00", ends_at="15:00"), "facilitator": "", "rapporteur": "Léa"},
    )
    assert response.status_code == 303
    html = p.page()
    assert "14:00–15:00" in html and "Opening" in html and "Rapporteur: Léa" in html
    assert "Delete the session “Opening”?" in p.page(f"/sessions/{s}/delete")
    assert facilitator.post(f"/workshops/{p.id}/sessions/{s}/delete").status_code == 303
    assert "14:00–15:00" not in p.page()
    response = facilitator.post(f"/workshops/{p.id}/edit", data={**WORKSHOP, "title": "Renamed", "timezone": "Europe/Paris"})
    assert response.status_code == 303 and "times in Europe/Paris" in p.page()
    edit = p.page("/edit")  # the form shows the chosen zone, and that one only
    assert edit.count("<option selected") == 1 and '<option selected value="Europe/Paris">Europe/Paris</option>' in edit
    assert facilitator.post(f"/workshops/{p.id}/delete").status_code == 303
    assert facilitator.get(f"/workshops/{p.id}").status_code == 404
    with facilitator.application.app_context():
        assert db.session.query(Workshop).count() == 0 and db.session.query(WorkshopSession).count() == 0
        assert db.session.query(ProgrammeItem).count() == 0


def test_dates_cannot_leave_a_session_outside(plan, facilitator):
    p = plan()
    p.session(day="2026-06-13", title="Closing")
    response = facilitator.post(f"/workshops/{p.id}/edit", data={**WORKSHOP, "ends_on": "2026-06-12", "timezone": "UTC"})
    assert response.status_code == 422
    assert "The session “Closing” is on 13 June 2026: move or remove it before changing the dates." in response.get_data(as_text=True)


def test_drafts_are_offered_to_authors_only(plan, as_user, facilitator):
    p = plan()
    s = p.session()
    page = p.page(f"/sessions/{s}/items/new")
    assert "Vote on the sectors" in page and "Paper exercise" in page and "Draft vote" not in page
    response = facilitator.post(f"/workshops/{p.id}/sessions/{s}/items", data={"activity": DRAFT})
    assert response.status_code == 422 and "cannot be used now" in response.get_data(as_text=True)
    _, author = as_user("author@example.org", "author", "Ada Author")
    w = created_id(author.post("/workshops/new", data={**WORKSHOP, "timezone": "UTC"}))
    author.post(f"/workshops/{w}/sessions/new", data={"title": "S", "day": "2026-06-12", "starts_at": "09:00", "ends_at": "10:00"})
    with author.application.app_context():
        sid = db.session.query(WorkshopSession).filter_by(workshop_id=w).one().id
    assert "Draft vote" in author.get(f"/workshops/{w}/sessions/{sid}/items/new").get_data(as_text=True)
    assert author.post(f"/workshops/{w}/sessions/{sid}/items", data={"activity": DRAFT}).status_code == 303


BAD_WORKSHOPS = [
    ({"title": ""}, "Give the workshop a title."),
    ({"starts_on": "12/06/2026"}, "Give a date such as 2026-06-12."),
    ({"starts_on": "2026-02-30"}, "Give a date such as 2026-06-12."),
    ({"ends_on": ""}, "Give the last day."),
    ({"ends_on": "2026-06-11"}, "The last day comes before the first day."),
    ({"ends_on": "2026-07-30"}, "A workshop lasts at most 14 days."),
    ({"timezone": "Mars/Olympus"}, "Choose a time zone from the list."),
    ({"title": "x" * 201}, "Field cannot be longer than 200 characters."),
]


@pytest.mark.parametrize(("change", "message"), BAD_WORKSHOPS, ids=[m for _, m in BAD_WORKSHOPS])
def test_bad_workshops_are_refused_with_a_clear_message(facilitator, change, message):
    response = facilitator.post("/workshops/new", data={**WORKSHOP, "timezone": "UTC", **change})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with facilitator.application.app_context():
        assert db.session.query(Workshop).count() == 0


BAD_SESSIONS = [
    ({"title": ""}, "Give the session a title."),
    ({"starts_at": "9h"}, "Give a time such as 09:30."),
    ({"starts_at": "25:00"}, "Give a time such as 09:30."),
    ({"ends_at": ""}, "Give the end time."),
    ({"ends_at": "08:00"}, "The session must end after it starts (on the same day)."),
    ({"ends_at": "09:00"}, "The session must end after it starts (on the same day)."),
    ({"day": "2026-06-20"}, "Choose a day of the workshop (12 June to 13 June 2026)."),
    ({"day": "tomorrow"}, "Give a date such as 2026-06-12."),
    ({"rapporteur": "x" * 101}, "Field cannot be longer than 100 characters."),
]


@pytest.mark.parametrize(("change", "message"), BAD_SESSIONS, ids=[m for _, m in BAD_SESSIONS])
def test_bad_sessions_are_refused_with_a_clear_message(plan, change, message):
    from tests.workshops.conftest import SESSION

    p = plan()
    response = p.client.post(f"/workshops/{p.id}/sessions/new", data={**SESSION, **change})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert "No session on this day yet." in p.page()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "Break", "minutes": "a while"}, "Give the minutes as a number or a range such as 20-30"),
        ({"title": "Break", "minutes": "0"}, "Give the minutes as a number or a range such as 20-30"),
        ({"title": "Break", "minutes": "30-20"}, "Give the minutes as a number or a range such as 20-30"),
        ({"title": "Break", "minutes": "9999"}, "Give the minutes as a number or a range such as 20-30"),
        ({"title": "", "minutes": "10"}, "Say what the item is, e.g. Coffee break."),
        ({"title": "Break"}, "Give the minutes, e.g. 15 or 20-30."),
    ],
)
def test_bad_free_items_are_refused(plan, data, message):
    p = plan()
    s = p.session()
    response = p.client.post(f"/workshops/{p.id}/sessions/{s}/items/free", data=data)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert item_titles(p.page()) == []


@pytest.mark.parametrize(
    ("activity", "message"),
    [
        ("demo/9-nothing", "There is no such activity guide."),
        ("", "Choose an activity."),
        ("../../etc", "There is no such activity guide."),
    ],
)
def test_unknown_activities_are_refused(plan, activity, message):
    p = plan()
    s = p.session()
    response = p.client.post(f"/workshops/{p.id}/sessions/{s}/items", data={"activity": activity})
    assert response.status_code == 422 and message in response.get_data(as_text=True)


def test_bad_moves_are_refused_without_a_change(plan):
    p = plan()
    s = p.session()
    a, b = p.free(s, "A"), p.free(s, "B")
    response = p.client.post(f"/workshops/{p.id}/items/{b}/move", data={"direction": "sideways"}, follow_redirects=True)
    assert "Move up or down." in response.get_data(as_text=True)
    assert item_titles(p.page()) == ["A", "B"]
    assert p.client.post(f"/workshops/{p.id}/items/{a}/move", data={"direction": "up"}).status_code == 303
    assert item_titles(p.page()) == ["A", "B"]


def test_files_json_and_repeated_values_never_fail(plan):
    p = plan()
    s = p.session()
    item = p.free(s, "A")
    posts = [
        "/workshops/new",
        f"/workshops/{p.id}/edit",
        f"/workshops/{p.id}/sessions/new",
        f"/workshops/{p.id}/sessions/{s}/edit",
        f"/workshops/{p.id}/sessions/{s}/items",
        f"/workshops/{p.id}/sessions/{s}/items/free",
        f"/workshops/{p.id}/items/{item}/edit",
        f"/workshops/{p.id}/items/{item}/move",
        f"/workshops/{p.id}/items/{item}/room",
        f"/workshops/{p.id}/sessions/{s}/report",
        f"/workshops/{p.id}/sessions/{s}/report/fill",
        f"/workshops/{p.id}/items/{item}/delete",  # last: it removes the item
    ]
    fields = ("title", "place", "starts_on", "ends_on", "timezone", "day", "starts_at", "ends_at", "minutes", "activity", "direction")
    fields += ("rapporteur", "summary", "challenges", "opportunities", "finding_1", "finding_2", "finding_3", "relevance", "quotes")
    fields += ("anonymous", "other_names")
    for path in posts:
        for kwargs in (
            {"data": {f: (io.BytesIO(b"\x00binary"), "x.bin") for f in fields}},
            {"json": {"title": 1, "starts_on": [2026], "minutes": {"a": 1}}},
            {"data": {f: ["2026-06-12"] * 50 for f in fields}},
            {"data": {f: "\x00<script>alert(1)</script>" for f in fields}},
        ):
            response = p.client.post(path, **kwargs)
            assert response.status_code < 500, (path, response.status_code)
            assert "<script>alert(1)" not in response.get_data(as_text=True)
    assert item_titles(p.page()) == []  # the item was removed by the one well-formed request (the delete)


def test_text_is_escaped(plan):
    p = plan(title="<b>Bold</b> workshop", place="<i>x</i>")
    s = p.session(title="<script>alert(1)</script>", facilitator="<img src=x>")
    p.free(s, "<em>Talk</em>")
    for path in ("", "/day", "/agenda", f"/sessions/{s}/report", f"/sessions/{s}/report/print", "/reports/print"):
        html = p.page(path)
        assert "<script>alert(1)" not in html and "<img src=x>" not in html and "<em>Talk</em>" not in html, path
        assert "&lt;em&gt;Talk&lt;/em&gt;" in html or path.startswith(("/sessions", "/reports")), path


def test_agenda_prints_the_programme(plan):
    p = plan()
    s = p.session()
    p.activity(s, VOTE)
    p.free(s, "Coffee break", "15")
    html = p.page("/agenda")
    assert "Use your browser's Print command" in html
    assert re.findall(r'<td class="item-time">(.*?)</td><td>(.*?)</td><td>(.*?)</td>', html) == [
        ("09:00", "Vote on the sectors", "15–20 minutes"),
        ("09:15–09:20", "Coffee break", "15 minutes"),
    ]
    assert "Rapporteur: Guillaume" in html
