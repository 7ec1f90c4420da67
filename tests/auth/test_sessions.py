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


# How long a login lasts


def session_of(app, uid: int, logged_in_at: float, seen: float | None = None):
    """A browser holding a session the app signed at `logged_in_at` (last used at `seen`)."""
    from toolbox.auth.models import User
    from toolbox.extensions import db

    with app.app_context():
        epoch = db.session.get(User, uid).session_epoch
    c = app.test_client()
    with c.session_transaction() as s:
        s["_user_id"] = f"{uid}:{epoch}:{int(logged_in_at)}"
        s["_fresh"] = True
        if seen is not None:
            s["_seen"] = int(seen)
    return c


def remembered(app, uid: int, logged_in_at: float):
    """A browser holding only a remember-me cookie the app signed at `logged_in_at`."""
    from flask_login.utils import encode_cookie

    from toolbox.auth.models import User
    from toolbox.extensions import db

    with app.test_request_context():
        epoch = db.session.get(User, uid).session_epoch
        token = encode_cookie(f"{uid}:{epoch}:{int(logged_in_at)}")
    return replay(app, remember_token=token)


def test_a_login_lasts_at_most_session_max_age_even_when_remembered(app, user):
    import time

    max_age = app.config["SESSION_MAX_AGE"]
    assert max_age == 30 * 24 * 3600
    now = time.time()
    assert logged_in(session_of(app, user, now - max_age + 60))
    assert not logged_in(session_of(app, user, now - max_age - 60))
    assert logged_in(remembered(app, user, now - max_age + 60))
    assert not logged_in(remembered(app, user, now - max_age - 60))
    assert not logged_in(session_of(app, user, now + 3600))  # signed "in the future": not ours


def test_a_session_unused_for_a_day_ends_but_remember_me_logs_in_again(app, client, user, login):
    import time

    idle = app.config["SESSION_IDLE_TIMEOUT"]
    assert idle == 24 * 3600
    now = time.time()
    assert logged_in(session_of(app, user, now - 3 * idle, seen=now - idle + 60))
    assert not logged_in(session_of(app, user, now - 3 * idle, seen=now - idle - 60))
    # With "keep me logged in", the remember-me cookie starts a new session.
    client.post("/login", data={"email": "learner@example.org", "password": PASSWORD, "remember": "y"})
    with client.session_transaction() as s:
        s["_seen"] = int(now - idle - 60)
    assert logged_in(client)


def test_using_a_session_keeps_it_alive(app, user, login):
    import time

    c = session_of(app, user, time.time(), seen=time.time() - 3600)
    assert logged_in(c)
    with c.session_transaction() as s:
        assert s["_seen"] >= int(time.time()) - 5


def test_the_idle_timeout_can_be_switched_off(make_app, make_user):
    import time

    app = make_app(SESSION_IDLE_TIMEOUT=0)
    uid = make_user("other@example.org")
    assert logged_in(session_of(app, uid, time.time(), seen=time.time() - 365 * 24 * 3600))


def test_sessions_of_the_old_format_are_refused(app, user):
    c = app.test_client()
    with c.session_transaction() as s:
        s["_user_id"] = f"{user}:0"
    assert not logged_in(c)


def test_cookies_are_named_host_only_when_the_site_is_https(make_app):
    from tests.test_security import cookies, login_response, make_user_in

    app = make_app(SESSION_COOKIE_SECURE=True)
    make_user_in(app)
    client = app.test_client()
    jar = cookies(login_response(client, remember=True, environ_overrides={"wsgi.url_scheme": "https"}))
    for name in ("__Host-session", "__Host-remember_token"):
        attributes = [a.strip() for a in jar[name].split(";")]
        assert "Secure" in attributes and "Path=/" in attributes and not any(a.startswith("Domain=") for a in attributes), jar[name]
    assert client.get("/account", environ_overrides={"wsgi.url_scheme": "https"}).status_code == 200


def test_every_page_of_a_logged_in_user_offers_log_out(client, user, login):
    login()
    for path in ("/", "/modules/demo/first-topic", "/journal/", "/learning/", "/account", "/no-such-page"):
        page = client.get(path).get_data(as_text=True)
        assert 'action="/logout"' in page and "data-logout" in page, path
