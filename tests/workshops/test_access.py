"""Only a workshop's owner and admins see or change it: every planner and report URL, for every kind of visitor."""

from __future__ import annotations

import re

import pytest

from tests.workshops.conftest import VOTE
from toolbox.extensions import db
from toolbox.reports.models import SessionReport
from toolbox.rooms.models import Room
from toolbox.workshops.models import ProgrammeItem, Workshop, WorkshopSession


@pytest.fixture
def owned(plan):
    """A planned workshop with a session and an item, and every planner and report URL filled in with their ids."""
    p = plan()
    s = p.session()
    item = p.free(s, "Talk")
    vote = p.activity(s, VOTE)
    ids = {"workshop_id": p.id, "session_id": s, "item_id": item}
    urls = []
    for rule in p.client.application.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in ("workshops", "reports") or not rule.arguments <= set(ids):
            continue
        path = rule.rule
        for name, value in ids.items():
            path = path.replace(f"<int:{name}>", str(value))
        if rule.endpoint == "workshops.open_room":
            path = path.replace(f"/items/{item}/", f"/items/{vote}/")
        urls += [(method, path) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return p, urls


def state(app) -> tuple:
    with app.app_context():
        return (
            [(w.title, w.ends_on) for w in db.session.query(Workshop)],
            [(s.title, s.rapporteur) for s in db.session.query(WorkshopSession)],
            [(i.title, i.position, i.room_id) for i in db.session.query(ProgrammeItem).order_by(ProgrammeItem.id)],
            db.session.query(SessionReport).count(),
            db.session.query(Room).count(),
        )


FORM = {
    "title": "Taken over",
    "place": "x",
    "starts_on": "2026-06-12",
    "ends_on": "2026-06-12",
    "timezone": "UTC",
    "day": "2026-06-12",
    "starts_at": "10:00",
    "ends_at": "11:00",
    "minutes": "5",
    "activity": VOTE,
    "direction": "up",
    "rapporteur": "Intruder",
    "summary": "x",
    "challenges": "",
    "opportunities": "",
    "finding_1": "",
    "finding_2": "",
    "finding_3": "",
    "relevance": "",
    "quotes": "",
    "other_names": "",
}


def test_every_url_is_covered(owned):
    _, urls = owned
    endpoints = {path for _, path in urls}
    assert len(urls) >= 25 and any(path.endswith("/report.md") for path in endpoints)


def test_another_facilitator_sees_and_changes_nothing(owned, as_user):
    p, urls = owned
    _, other = as_user("other@example.org", "facilitator", "Omar Other")
    before = state(p.client.application)
    for method, path in urls:
        response = other.open(path, method=method, data=FORM if method == "POST" else None)
        if path == "/workshops/" or path == "/workshops/new":
            assert response.status_code in (200, 303, 422), (method, path)  # their own list, their own new workshop
            continue
        assert response.status_code == 404, (method, path, response.status_code)
    after = state(p.client.application)
    assert after[1:] == before[1:] and after[0][0] == before[0][0]  # only their own new workshop was added
    assert "Factoring migration" not in other.get("/workshops/").get_data(as_text=True)


@pytest.mark.parametrize("role", ["learner", None])
def test_learners_and_visitors_are_turned_away(owned, as_user, client, role):
    p, urls = owned
    visitor = as_user("lea@example.org", "learner", "Lea Learner")[1] if role else client
    before = state(p.client.application)
    for method, path in urls:
        response = visitor.open(path, method=method, data=FORM if method == "POST" else None)
        if role:
            assert response.status_code == 403, (method, path, response.status_code)
        else:
            assert response.status_code == 302 and "/login" in response.headers["Location"], (method, path)
    assert state(p.client.application) == before


def test_admins_may_see_and_change_any_workshop(owned, as_user):
    p, urls = owned
    _, admin = as_user("admin@example.org", "admin", "Ada Admin")
    for method, path in urls:
        if method == "GET":
            assert admin.get(path).status_code == 200, path
    response = admin.post(f"/workshops/{p.id}/edit", data={**FORM, "title": "Fixed by an admin"})
    assert response.status_code == 303
    assert "Fixed by an admin" in p.page()
    assert f'href="/workshops/{p.id}"' not in admin.get("/workshops/").get_data(as_text=True)  # their list holds only their own


def test_ids_of_another_workshop_are_not_mixed_in(plan, as_user):
    first = plan()
    s1 = first.session()
    i1 = first.free(s1, "Mine")
    second = plan(title="Second")
    s2 = second.session()
    # the owner of both still cannot reach a session or item through the other workshop's URL
    assert first.client.get(f"/workshops/{second.id}/sessions/{s1}/edit").status_code == 404
    assert first.client.post(f"/workshops/{second.id}/items/{i1}/delete").status_code == 404
    assert first.client.get(f"/workshops/{first.id}/sessions/{s2}/report").status_code == 404
    assert first.client.get(f"/workshops/{first.id}/sessions/999/report.md").status_code == 404
    assert first.client.get(f"/workshops/{first.id}/items/999/edit").status_code == 404


def test_htmx_gets_each_pages_fragment(owned):
    p, urls = owned
    for method, path in urls:
        if method != "GET" or path.endswith(".md"):
            continue
        response = p.client.get(path, headers={"HX-Request": "true"})
        html = response.get_data(as_text=True).lstrip()
        assert response.status_code == 200 and re.match(r'<(section|article) id="[a-z-]+" data-title=', html), path
        assert "HX-Request" in response.headers["Vary"], path
        assert "<!doctype" not in html.lower()[:20], path
