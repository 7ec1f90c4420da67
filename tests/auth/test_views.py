"""Sign up, log in, log out, password change and the rules that protect them."""

from __future__ import annotations

import pytest

from toolbox.auth.models import User
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
