"""Shared form fields, and a sweep of the learners' forms with malformed data: never a 500, never half-stored."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolbox.forms import CONTROL, clean_text


@given(st.text())
def test_clean_text_drops_control_characters_and_is_stable(text):
    cleaned = clean_text(text)
    assert not CONTROL.search(cleaned) and "\r" not in cleaned
    assert clean_text(cleaned) == cleaned


def test_clean_text_keeps_tabs_and_newlines():
    assert clean_text("a\tb\r\nc\rd\x00e\x7f") == "a\tb\nc\nde"


FIELDS = ("text", "next", "done", "shared", "attempt", "name", "code", "q-where", "q-which")
PAYLOADS = {
    "empty": {},
    "blank": dict.fromkeys(FIELDS, ""),
    "oversized": dict.fromkeys(FIELDS, "x" * 90_000),
    "too large": {"text": "x" * 2_000_000},
    "many values": {f: ["a"] * 300 for f in FIELDS},
    "unknown fields": {"zzz": "1", "user_id": "2", "cohort_id": "3", "csrf": "x"},
    "odd text": dict.fromkeys(FIELDS, "\x00\ud7ff<script>alert(1)</script>\u202e"),
}
POSTS = (
    "/modules/demo/first-topic/quiz",
    "/learning/demo/first-topic/done",
    "/journal/demo/first-topic/local-context/effects",
    "/journal/demo/first-topic/local-context/effects/share",
    "/cohorts/",
    "/cohorts/join",
    "/cohorts/{cid}/code",
    "/cohorts/{cid}/members/{uid}/remove",
    "/cohorts/{cid}/leave",
)


@pytest.fixture
def member_facilitator(app, client, make_user, login):
    """A facilitator who runs a cohort and is a member of it (so every route applies to them)."""
    from toolbox.auth.models import User
    from toolbox.cohorts import services
    from toolbox.extensions import db

    uid = make_user("fatou@example.org", "facilitator")
    with app.app_context():
        user = db.session.get(User, uid)
        cohort = services.create_cohort(user, "Group")
        services.join(user, cohort.code)
        db.session.commit()
        cid = cohort.id
    login("fatou@example.org")
    return cid, uid


@pytest.mark.parametrize("payload", PAYLOADS, ids=list(PAYLOADS))
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_malformed_posts_never_fail(client, member_facilitator, payload, htmx):
    cid, uid = member_facilitator
    headers = {"HX-Request": "true"} if htmx else {}
    for path in POSTS:
        response = client.post(path.format(cid=cid, uid=uid), data=PAYLOADS[payload], headers=headers)
        assert response.status_code < 500, (path, response.status_code)
        assert "<script>alert(1)" not in response.get_data(as_text=True), path


def test_files_instead_of_text_never_fail(client, member_facilitator):
    cid, uid = member_facilitator
    for path in POSTS:
        data = {f: (io.BytesIO(b"\x00\x01binary"), "x.bin") for f in FIELDS}
        response = client.post(path.format(cid=cid, uid=uid), data=data, content_type="multipart/form-data")
        assert response.status_code < 500, (path, response.status_code)


@pytest.mark.parametrize(
    "path",
    [
        "/learning/?x=<script>",
        "/cohorts/{cid}?module=<script>",
        "/cohorts/{cid}?module=" + "x" * 5000,
        "/cohorts/{cid}/export.csv?module[]=a",
        "/cohorts/join?code=" + "<b>" * 2000,
        "/cohorts/999999",
        "/cohorts/{cid}/members/999999",
        "/modules/demo/first-topic/quiz/attempts?x=1",
        "/journal/?next=//evil",
    ],
)
def test_odd_query_strings_never_fail(client, member_facilitator, path):
    cid, _ = member_facilitator
    response = client.get(path.format(cid=cid))
    assert response.status_code < 500
    assert "<script>" not in response.get_data(as_text=True).split("</head>")[-1]


@pytest.mark.parametrize("path", ["/signup", "/login"])
def test_account_forms_refuse_files_instead_of_text(client, path):
    data = {f: (io.BytesIO(b"x"), "x.txt") for f in ("name", "email", "password", "confirm", "next", "remember")}
    response = client.post(path, data=data, content_type="multipart/form-data")
    assert response.status_code in (401, 422)
    assert "This field" in response.get_data(as_text=True)


def test_change_password_refuses_files_instead_of_text(client, make_user, login):
    make_user()
    login()
    data = {f: (io.BytesIO(b"x"), "x.txt") for f in ("current", "password", "confirm")}
    assert client.post("/account", data=data, content_type="multipart/form-data").status_code == 422


@pytest.mark.parametrize("body", [{"text": 5, "done": True, "code": None, "name": {"a": 1}, "shared": 1.5, "attempt": [1]}, [1, 2], "text"])
def test_json_bodies_never_fail(client, member_facilitator, body):
    cid, uid = member_facilitator
    for path in (*POSTS, "/signup", "/login", "/account"):
        response = client.post(path.format(cid=cid, uid=uid), json=body)
        assert response.status_code < 500, (path, response.status_code)
