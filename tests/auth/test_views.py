"""Sign up, log in, log out, password change and the rules that protect them."""

from __future__ import annotations

import html

import pytest

from tests.conftest import PASSWORD
from toolbox.auth import models
from toolbox.auth.models import User
from toolbox.auth.services import SCORED_LENGTH, password_problem
from toolbox.extensions import db


def test_signup_creates_a_learner_with_a_hashed_password_and_logs_in(app, client):
    response = client.post(
        "/signup", data={"name": "Ana", "email": "Ana@Example.org", "password": "long enough pw", "confirm": "long enough pw"}
    )
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(db.select(User))
        assert user.email == "ana@example.org" and user.role == "learner"
        assert "long enough pw" not in user.password_hash and user.check_password("long enough pw")
    assert "Ana" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "A", "email": "not-an-email", "password": "long enough pw", "confirm": "long enough pw"}, "Enter a valid email address."),
        ({"name": "A", "email": "a@example.org", "password": "short", "confirm": "short"}, "Use between 10 and 200 characters."),
        ({"name": "A", "email": "a@example.org", "password": "long enough pw", "confirm": "other pw 123"}, "The two passwords differ."),
        ({"name": "", "email": "a@example.org", "password": "long enough pw", "confirm": "long enough pw"}, "This field is required."),
        (
            {"name": "A" * 5000, "email": "a@example.org", "password": "long enough pw", "confirm": "long enough pw"},
            "Field cannot be longer than 100",
        ),
        ({}, "This field is required."),
    ],
)
def test_signup_rejects_bad_input_with_a_message(client, data, message):
    response = client.post("/signup", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_signup_refuses_a_taken_email(client, make_user):
    make_user("taken@example.org")
    response = client.post(
        "/signup", data={"name": "B", "email": "TAKEN@example.org", "password": "long enough pw", "confirm": "long enough pw"}
    )
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)


def test_login_and_logout(client, make_user, login):
    make_user()
    assert login().status_code == 302
    assert client.get("/account").status_code == 200
    client.post("/logout")
    assert client.get("/account").status_code == 302


def test_wrong_password_is_refused_without_saying_which_part_is_wrong(client, make_user, login):
    make_user()
    response = login(password="wrong password")
    assert response.status_code == 401
    assert "do not match an account" in response.get_data(as_text=True)
    assert login(email="nobody@example.org").status_code == 401


def test_login_is_rate_limited_per_account(client, make_user, login):
    make_user()
    for _ in range(5):
        assert login(password="wrong password").status_code == 401
    response = login()
    assert response.status_code == 429
    assert "Too many failed attempts" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/modules/demo", "/modules/demo"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_next_redirect_stays_on_this_site(client, make_user, target, expected):
    make_user()
    response = client.post("/login", data={"email": "learner@example.org", "password": "correct horse battery", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_account_needs_login_and_remembers_where_to_return(client):
    response = client.get("/account")
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]


def test_password_change_ends_other_sessions(app, make_user, login):
    make_user()
    laptop, phone = app.test_client(), app.test_client()
    login(c=laptop)
    login(c=phone)
    response = laptop.post(
        "/account", data={"current": "correct horse battery", "password": "a brand new secret", "confirm": "a brand new secret"}
    )
    assert response.status_code == 302
    assert laptop.get("/account").status_code == 200
    assert phone.get("/account").status_code == 302


def test_password_change_needs_the_current_password(client, make_user, login):
    make_user()
    login()
    response = client.post("/account", data={"current": "not it at all", "password": "a brand new secret", "confirm": "a brand new secret"})
    assert response.status_code == 422 and "current password is not right" in response.get_data(as_text=True)


def test_logout_everywhere(app, make_user, login):
    make_user()
    laptop, phone = app.test_client(), app.test_client()
    login(c=laptop)
    login(c=phone)
    laptop.post("/account/logout-everywhere")
    assert phone.get("/account").status_code == 302
    assert laptop.get("/account").status_code == 302


def test_forms_need_a_csrf_token(make_app, make_user):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/login", data={"email": "x@example.org", "password": "whatever pw"})
    assert response.status_code == 422 or response.status_code == 400
    assert "expired" in response.get_data(as_text=True)


@pytest.mark.parametrize("common", ["qwertyuiop", "1234567890", "Password123", " manchester "])
def test_common_passwords_are_refused_at_signup_and_on_change(client, make_user, login, common):
    response = client.post("/signup", data={"name": "A", "email": "a@example.org", "password": common, "confirm": common})
    assert response.status_code == 422 and "one of the most common ones" in response.get_data(as_text=True)
    make_user()
    login()
    response = client.post("/account", data={"current": "correct horse battery", "password": common, "confirm": common})
    assert response.status_code == 422 and "one of the most common ones" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("password", "advice"),
    [
        ("aaaaaaaaaa", 'Repeats like "aaa" are easy to guess.'),
        ("abcabcabcabc", "Avoid repeated words and characters."),
        ("abcdefghijkl", 'Sequences like "abc" or "6543" are easy to guess.'),
        ("zxcvbnmasdf", "This is similar to a commonly used password."),
        ("ana diallo 2026", "It contains your name or email address."),
        ("aaaaaaaaaaaaaaaaXq7!pL2#vR9@mK4$", f"Only the first {SCORED_LENGTH} characters are checked"),
    ],
)
def test_easily_guessed_passwords_are_refused_at_signup_with_advice(client, password, advice):
    form = {"name": "Ana Diallo", "email": "ana.diallo@example.org", "password": password, "confirm": password}
    response = client.post("/signup", data=form)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422 and "This password is too easy to guess." in page and advice in page
    with client.application.app_context():
        assert db.session.query(User).count() == 0


def test_a_new_password_with_ones_own_name_is_refused_on_change(client, learner):
    response = client.post("/account", data={"current": PASSWORD, "password": "lea learner 99", "confirm": "lea learner 99"})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422 and "It contains your name or email address." in page


@pytest.mark.parametrize("password", [PASSWORD, "long enough pw", "a brand new secret", "Remittances matter", "Trombone-Cactus-42"])
def test_passwords_of_a_few_unrelated_words_are_accepted(password):
    assert password_problem(password, ["ana.diallo@example.org", "Ana Diallo"]) is None


def test_an_unknown_email_costs_the_same_password_hash_work_as_a_wrong_password(app, client, make_user, monkeypatch):
    """Login time must not tell which emails have accounts: each failure checks one hash made with the configured method."""
    make_user()
    checked: list[str] = []
    check = models.check_password_hash

    def counted(pwhash: str, password: str) -> bool:
        checked.append(pwhash.split("$", 1)[0])  # the method and its costs, e.g. scrypt:32768:8:1
        return check(pwhash, password)

    monkeypatch.setattr(models, "check_password_hash", counted)
    wrong = {"email": "learner@example.org", "password": "not the password"}
    assert client.post("/login", data=wrong).status_code == 401
    known, checked[:] = list(checked), []
    assert client.post("/login", data={**wrong, "email": "nobody@example.org"}).status_code == 401
    assert checked == known == [app.config["PASSWORD_HASH"]]
