"""Sessions end for real: logging out or changing the password refuses every copy of the old cookies, on every device."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD

NEW_PASSWORD = "a brand new secret"


def cookie(client, name: str) -> str | None:
    found = client.get_cookie(name)
    return found.value if found else None


def replay(app, **cookies: str):
    """A new browser holding only copies of these cookies (what a thief or a shared computer keeps)."""
    thief = app.test_client()
    for name, value in cookies.items():
        thief.set_cookie(name, value)
    return thief


def logged_in(client) -> bool:
    return client.get("/account").status_code == 200


@pytest.fixture
def user(make_user):
    return make_user()


def test_logging_in_gives_a_new_session_cookie(client, user, login):
    client.get("/login")
    before = cookie(client, "session")
    login()
    assert cookie(client, "session") != before


def test_a_session_cookie_replayed_after_logout_is_refused(app, client, user, login):
    login()
    stolen = cookie(client, "session")
    assert logged_in(replay(app, session=stolen))
    response = client.post("/logout")
    assert response.status_code == 302 and response.headers["Clear-Site-Data"] == '"cache"'
    assert not logged_in(client)
    assert not logged_in(replay(app, session=stolen))


def test_a_remember_me_cookie_replayed_after_logout_is_refused(app, client, user, login):
    client.post("/login", data={"email": "learner@example.org", "password": PASSWORD, "remember": "y"})
    token = cookie(client, "remember_token")
    assert token and logged_in(replay(app, remember_token=token))
    client.post("/logout")
    assert not logged_in(replay(app, remember_token=token))


def test_logging_out_ends_the_session_on_every_device(app, user, login):
    laptop, phone = app.test_client(), app.test_client()
    login(c=laptop)
    login(c=phone)
    phone.post("/logout")
    assert not logged_in(phone) and not logged_in(laptop)
    login(c=laptop)
    assert logged_in(laptop)  # a new login works as usual


def test_a_password_change_refuses_old_cookies_but_keeps_this_device(app, client, user, login):
    client.post("/login", data={"email": "learner@example.org", "password": PASSWORD, "remember": "y"})
    old_session, old_token = cookie(client, "session"), cookie(client, "remember_token")
    response = client.post("/account", data={"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert logged_in(client)
    assert not logged_in(replay(app, session=old_session))
    assert not logged_in(replay(app, remember_token=old_token))
    assert login(password=PASSWORD, c=app.test_client()).status_code == 401
    assert login(password=NEW_PASSWORD, c=app.test_client()).status_code == 302


def test_a_session_of_a_deleted_account_is_refused(app, client, user, login):
    from toolbox.auth.models import User
    from toolbox.extensions import db

    login()
    with app.app_context():
        db.session.delete(db.session.get(User, user))
        db.session.commit()
    assert not logged_in(client)


@pytest.mark.parametrize(
    "forged", ["1", "1:", ":0", "1:x", "x:0", "1:0:0", "²:0", "1:²", "99999999999999999999999:0", "1:99999999999999999999999"]
)
def test_forged_user_ids_in_a_session_are_refused_without_error(app, user, forged):
    c = app.test_client()
    with c.session_transaction() as session:
        session["_user_id"] = forged
    response = c.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_logging_out_twice_or_without_a_session_is_harmless(client, user, login):
    assert client.post("/logout").status_code == 302
    login()
    client.post("/logout")
    assert client.post("/logout").status_code == 302


@pytest.mark.parametrize("target", ["/a\nb", "/a\r\nSet-Cookie: x=1", "/a b", "/\tjavascript:alert(1)"])
def test_next_with_control_characters_goes_home_instead_of_failing(client, user, target):
    """These used to reach the Location header and fail with a 500."""
    response = client.post("/login", data={"email": "learner@example.org", "password": PASSWORD, "next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/signup", query_string={"next": target}).headers["Location"] == "/"
