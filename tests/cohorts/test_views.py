"""Cohorts through the web: creating, joining, the table, member pages, CSV, and who may see what."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from toolbox.cohorts.models import Cohort, CohortMember
from toolbox.extensions import db

QUIZ = "/modules/demo/first-topic/quiz"
ANSWER = "/journal/demo/first-topic/local-context/effects"


def members(app) -> list[tuple[int, int]]:
    with app.app_context():
        return [(m.cohort_id, m.user_id) for m in db.session.scalars(select(CohortMember))]


def test_a_facilitator_creates_a_cohort_and_sees_its_code(app, as_user):
    _, fac = as_user("fatou@example.org", "facilitator")
    response = fac.post("/cohorts/", data={"name": "Workshop <March>"})
    assert response.status_code == 303
    html = fac.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        c = db.session.scalar(select(Cohort))
    assert c.name == "Workshop <March>"
    assert "<h1>Workshop &lt;March&gt;</h1>" in html and c.code in html
    assert "No member yet." in html
    assert "Workshop &lt;March&gt;" in fac.get("/cohorts/").get_data(as_text=True)


@pytest.mark.parametrize("data", [{}, {"name": ""}, {"name": "x" * 101}, {"unknown": "x"}])
def test_bad_cohort_names_are_refused(app, as_user, data):
    _, fac = as_user("fatou@example.org", "facilitator")
    response = fac.post("/cohorts/", data=data)
    assert response.status_code == 422 and 'class="error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Cohort)) is None


def test_learners_cannot_create_or_see_cohorts(as_user):
    _, learner = as_user("ana@example.org")
    assert learner.get("/cohorts/").status_code == 403
    assert learner.post("/cohorts/", data={"name": "Mine"}).status_code == 403


def test_learners_join_with_the_code_and_see_it_on_my_learning(app, cohort, login_as):
    cid, code = cohort
    assert len(members(app)) == 2
    ana = login_as("ana@example.org")
    html = ana.get("/learning/").get_data(as_text=True)
    assert "Naga City workshop" in html and "facilitator: Fatou" in html


def test_joining_twice_and_with_a_sloppy_code_works_once(app, cohort, login_as):
    cid, code = cohort
    ana = login_as("ana@example.org")
    assert ana.post("/cohorts/join", data={"code": " " + code[:4].lower() + "-" + code[4:] + " "}).status_code == 303
    assert len(members(app)) == 2


def test_the_join_link_prefills_the_code(cohort, as_user):
    _, code = cohort
    _, carl = as_user("carl@example.org")
    assert f'value="{code}"' in carl.get(f"/cohorts/join?code={code}").get_data(as_text=True)


@pytest.mark.parametrize("data", [{}, {"code": ""}, {"code": "WRONG999"}, {"code": "x" * 41}, {"other": "x"}])
def test_bad_join_codes_are_refused_clearly(app, cohort, as_user, data):
    _, carl = as_user("carl@example.org")
    response = carl.post("/cohorts/join", data=data)
    assert response.status_code == 422 and 'class="error"' in response.get_data(as_text=True)
    assert len(members(app)) == 2


def test_joining_needs_an_account(client, cohort):
    _, code = cohort
    assert client.post("/cohorts/join", data={"code": code}).status_code == 302


def test_the_table_shows_members_by_topic_with_quiz_best(app, cohort, login_as):
    cid, _ = cohort
    ana = login_as("ana@example.org")
    ana.post(QUIZ, data={"q-where": "a", "q-which": ["case", "note"], "q-raw": "false"})
    fac = login_as("fatou@example.org")
    html = fac.get(f"/cohorts/{cid}").get_data(as_text=True)
    assert "Ana" in html and "Ben" in html and "ana@example.org" in html
    assert "Demo Module · T1" in html and "Quiz 100% ✓" in html and "Quiz –" in html
    assert html.count("✓ Done") == 1


def test_csv_export(cohort, login_as):
    cid, _ = cohort
    login_as("ana@example.org").post("/learning/demo/second-topic/done", data={"done": "yes"})
    response = login_as("fatou@example.org").get(f"/cohorts/{cid}/export.csv?module=demo")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="cohort-{cid}-demo.csv"'
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0].startswith("name,email,demo/first-topic done")
    assert lines[1:] == ["Ana,ana@example.org,no,,yes,no quiz,1/2", "Ben,ben@example.org,no,,no,no quiz,0/2"]


def test_member_page_shows_quiz_answers_and_only_shared_journal_entries(app, cohort, login_as):
    cid, _ = cohort
    ana = login_as("ana@example.org")
    ana.post(QUIZ, data={"q-where": "b", "q-which": "banana"})
    ana.post(ANSWER, data={"text": "Shared <em>thought</em>"})
    ana.post("/journal/demo/first-topic/local-context/actors", data={"text": "Private thought"})
    ana.post(ANSWER + "/share", data={"shared": "yes"})
    with app.app_context():
        ana_id = db.session.scalar(select(CohortMember.user_id).order_by(CohortMember.id))
    html = login_as("fatou@example.org").get(f"/cohorts/{cid}/members/{ana_id}").get_data(as_text=True)
    assert "On the moon." in html and "Banana" in html and "Not correct" in html
    assert "Shared &lt;em&gt;thought&lt;/em&gt;" in html
    assert "Private thought" not in html


def test_member_page_without_shared_entries_says_the_journal_is_private(app, cohort, login_as):
    cid, _ = cohort
    ana = login_as("ana@example.org")
    ana.post(ANSWER, data={"text": "Private thought"})
    with app.app_context():
        ana_id = db.session.scalar(select(CohortMember.user_id).order_by(CohortMember.id))
    html = login_as("fatou@example.org").get(f"/cohorts/{cid}/members/{ana_id}").get_data(as_text=True)
    assert "has not shared any journal answer" in html and "Private thought" not in html


def test_another_facilitator_sees_nothing_of_the_cohort(app, cohort, as_user):
    cid, _ = cohort
    with app.app_context():
        ana_id = db.session.scalar(select(CohortMember.user_id).order_by(CohortMember.id))
    for role in ("facilitator", "admin"):
        _, other = as_user(f"other-{role}@example.org", role)
        for path in (f"/cohorts/{cid}", f"/cohorts/{cid}/export.csv", f"/cohorts/{cid}/members/{ana_id}"):
            assert other.get(path).status_code == 404, (role, path)
        assert other.post(f"/cohorts/{cid}/code").status_code == 404
        assert other.post(f"/cohorts/{cid}/members/{ana_id}/remove").status_code == 404
        assert "Naga City workshop" not in other.get("/cohorts/").get_data(as_text=True)
    assert len(members(app)) == 2


def test_a_facilitator_cannot_see_a_learner_outside_their_cohort(app, cohort, as_user, login_as):
    cid, _ = cohort
    carl_id, carl = as_user("carl@example.org")
    carl.post(QUIZ, data={"q-where": "b"})
    fac = login_as("fatou@example.org")
    assert fac.get(f"/cohorts/{cid}/members/{carl_id}").status_code == 404
    assert "Carl" not in fac.get(f"/cohorts/{cid}").get_data(as_text=True)


def test_learners_cannot_see_the_cohort_pages(app, cohort, login_as):
    cid, _ = cohort
    ana = login_as("ana@example.org")
    with app.app_context():
        ben_id = db.session.scalar(select(CohortMember.user_id).order_by(CohortMember.id.desc()))
    for path in (f"/cohorts/{cid}", f"/cohorts/{cid}/export.csv", f"/cohorts/{cid}/members/{ben_id}"):
        assert ana.get(path).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, cohort):
    cid, _ = cohort
    for path in ("/cohorts/", f"/cohorts/{cid}", f"/cohorts/{cid}/export.csv", "/cohorts/join"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_learner_leaves_and_the_facilitator_no_longer_sees_them(app, cohort, login_as):
    cid, _ = cohort
    ana = login_as("ana@example.org")
    assert ana.post(f"/cohorts/{cid}/leave").status_code == 303
    assert len(members(app)) == 1
    assert "ana@example.org" not in login_as("fatou@example.org").get(f"/cohorts/{cid}").get_data(as_text=True)


def test_the_facilitator_removes_a_member_and_renews_the_code(app, cohort, login_as):
    cid, code = cohort
    fac = login_as("fatou@example.org")
    with app.app_context():
        ana_id = db.session.scalar(select(CohortMember.user_id).order_by(CohortMember.id))
    assert fac.post(f"/cohorts/{cid}/members/{ana_id}/remove").status_code == 303
    assert len(members(app)) == 1
    assert fac.post(f"/cohorts/{cid}/code").status_code == 303
    with app.app_context():
        assert db.session.get(Cohort, cid).code != code


def test_csrf_is_enforced_on_cohort_forms(make_app, make_user):
    app = make_app(WTF_CSRF_ENABLED=True)
    make_user("fatou@example.org", "facilitator")
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    client.post("/login", data={"email": "fatou@example.org", "password": "correct horse battery", "csrf_token": token})
    assert client.post("/cohorts/", data={"name": "Forged"}).status_code == 400
    assert client.post("/cohorts/join", data={"code": "ABCDEFGH"}).status_code == 400
    page = client.get("/cohorts/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    assert client.post("/cohorts/", data={"name": "Real", "csrf_token": token}).status_code == 303
    with app.app_context():
        [c] = db.session.scalars(select(Cohort)).all()
        assert c.name == "Real"
    assert client.post(f"/cohorts/{c.id}/code").status_code == 400
    assert client.post(f"/cohorts/{c.id}/leave").status_code == 400


def test_guessing_codes_is_rate_limited(app, cohort, as_user):
    _, code = cohort
    _, carl = as_user("carl@example.org")
    for i in range(10):
        assert carl.post("/cohorts/join", data={"code": f"WRONG{i:03d}"}).status_code == 422
    response = carl.post("/cohorts/join", data={"code": code})
    assert response.status_code == 429 and "Too many wrong codes" in response.get_data(as_text=True)
    assert len(members(app)) == 2
    # Another learner is not slowed down by Carl's guesses.
    _, dina = as_user("dina@example.org")
    assert dina.post("/cohorts/join", data={"code": code}).status_code == 303
