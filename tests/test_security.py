"""toolbox.security: headers on every response, Secure cookies over HTTPS, the reverse proxy, strict URL arguments."""

from __future__ import annotations

import re

import pytest

from toolbox.security import CSP, HEADERS, MAX_ID

HTTPS = {"wsgi.url_scheme": "https"}


@pytest.fixture
def facilitator_client(app, client, make_user, login):
    make_user("fac@example.org", "facilitator")
    login("fac@example.org")
    return client


def csp_directives(value: str) -> dict[str, list[str]]:
    return {name: rest for name, *rest in (part.split() for part in value.split(";") if part.strip())}


def test_the_policy_allows_only_our_own_origin_and_nothing_inline():
    csp = csp_directives(CSP)
    assert csp["default-src"] == ["'self'"]
    for directive in ("script-src", "style-src", "img-src", "connect-src", "font-src"):
        assert csp[directive] == ["'self'"], directive
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert not re.search(r"unsafe-|data:|https?:|\*", CSP)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/modules/demo/first-topic",
        "/static/css/app.css",
        "/static/vendor/htmx.min.js",
        "/no-such-page",
        "/login",
        "/join",
        "/rooms/",
    ],
)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
def test_every_response_carries_the_security_headers(client, path, htmx):
    with client.get(path, headers={"HX-Request": "true"} if htmx else {}) as response:
        for name, value in HEADERS.items():
            assert response.headers.get(name) == value, (path, name)
        assert "Strict-Transport-Security" not in response.headers


def test_error_pages_and_downloads_carry_them_too(app, facilitator_client):
    response = facilitator_client.post("/cohorts/", data={"name": "Group"})
    cid = int(response.headers["Location"].rsplit("/", 1)[1])
    for path in (f"/cohorts/{cid}/export.csv", "/journal/export.md", "/cohorts/999", f"/rooms/{MAX_ID + 1}"):
        response = facilitator_client.get(path)
        assert response.headers["Content-Security-Policy"] == CSP, path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path


def test_empty_poll_answers_carry_only_hsts(app, facilitator_client):
    room_id = int(facilitator_client.post("/activities/demo/1-vote/run").headers["Location"].rsplit("/", 1)[1])
    html = facilitator_client.get(f"/rooms/{room_id}/projector", headers={"HX-Request": "true"}).get_data(as_text=True)
    version = re.search(r"[?&]v=(\d+)", html).group(1)
    poll = facilitator_client.get(f"/rooms/{room_id}/projector?v={version}", headers={"HX-Request": "true"}, environ_overrides=HTTPS)
    assert poll.status_code == 204 and poll.data == b""
    assert "Content-Security-Policy" not in poll.headers and "Strict-Transport-Security" in poll.headers


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    assert client.get("/", environ_overrides=HTTPS).headers["Strict-Transport-Security"].startswith("max-age=")


def test_pages_made_for_a_logged_in_user_are_never_kept_by_shared_caches(client, make_user, login):
    assert "Cache-Control" not in client.get("/modules/demo").headers
    make_user()
    login()
    assert client.get("/modules/demo").headers["Cache-Control"] == "private, no-cache"
    assert client.get("/journal/export.md").headers["Cache-Control"] == "private, no-store"  # the view's own stricter choice
    with client.get("/static/css/app.css") as static:
        assert "private" not in static.headers.get("Cache-Control", "")  # the same for everyone


def test_templates_declare_no_inline_script_or_style_and_tell_htmx_not_to_add_one(client):
    from pathlib import Path

    templates = Path(__file__).parent.parent / "templates"
    for path in templates.rglob("*.html"):
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), path
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=|javascript:|hx-on", text), path
    for base in ("base.html", "rooms/room_base.html"):
        meta = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", (templates / base).read_text())
        assert '"includeIndicatorStyles": false' in meta.group(1) and '"allowEval": false' in meta.group(1), base


def test_the_qr_code_has_no_inline_style_or_script(app, facilitator_client):
    response = facilitator_client.post("/activities/demo/1-vote/run")
    room_id = int(response.headers["Location"].rsplit("/", 1)[1])
    svg = facilitator_client.get(f"/rooms/{room_id}/qr.svg")
    assert svg.mimetype == "image/svg+xml" and svg.headers["Content-Security-Policy"] == CSP
    assert not re.search(rb"<script|<style|\sstyle=|\son[a-z]+=", svg.data)


# Cookies


def cookies(response) -> dict[str, str]:
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


def login_response(client, remember: bool = False, **kw):
    data = {"email": "learner@example.org", "password": "correct horse battery", **({"remember": "y"} if remember else {})}
    return client.post("/login", data=data, **kw)


def test_cookies_are_httponly_and_samesite_but_not_secure_over_plain_http(client, make_user):
    make_user()
    jar = cookies(login_response(client, remember=True))
    for name in ("session", "remember_token"):
        assert "HttpOnly" in jar[name] and "SameSite=Lax" in jar[name], jar[name]
        assert "Secure" not in jar[name]


def test_every_cookie_is_secure_over_https(app, client, make_user):
    make_user()
    jar = cookies(login_response(client, remember=True, environ_overrides=HTTPS))
    assert "Secure" in jar["session"] and "Secure" in jar["remember_token"]


def test_the_participant_cookie_is_secure_over_https(app, facilitator_client):
    response = facilitator_client.post("/activities/demo/1-vote/run")
    code = facilitator_client.get(response.headers["Location"]).get_data(as_text=True).split('class="code">', 1)[1].split("<", 1)[0]
    phone = app.test_client()
    plain = cookies(phone.post(f"/r/{code}/join", data={"name": "Ana"}))["toolbox_rooms"]
    assert "HttpOnly" in plain and "SameSite=Lax" in plain and "Secure" not in plain
    secure = cookies(app.test_client().post(f"/r/{code}/join", data={"name": "Ben"}, environ_overrides=HTTPS))["toolbox_rooms"]
    assert "Secure" in secure and "HttpOnly" in secure


def test_secure_cookies_always_when_configured(make_app, make_user):
    app = make_app(SESSION_COOKIE_SECURE=True)
    make_user_in(app)
    jar = cookies(login_response(app.test_client(), remember=True))
    assert "Secure" in jar["__Host-session"] and "Secure" in jar["__Host-remember_token"]


def make_user_in(app) -> None:
    from toolbox.auth.services import create_user
    from toolbox.extensions import db

    with app.app_context():
        create_user("learner@example.org", "Lea", "correct horse battery")
        db.session.commit()


def test_remember_me_lasts_thirty_days(client, make_user):
    make_user()
    from datetime import UTC, datetime, timedelta
    from email.utils import parsedate_to_datetime

    jar = cookies(login_response(client, remember=True))
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", jar["remember_token"]).group(1))
    assert abs(expires - (datetime.now(UTC) + timedelta(days=30))) < timedelta(minutes=5)


# Reverse proxy


def test_forwarded_headers_are_ignored_unless_the_proxy_is_trusted(client):
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


def test_a_trusted_proxy_makes_the_request_https_and_the_cookies_secure(make_app):
    app = make_app(PROXY_FIX=1)
    make_user_in(app)
    client = app.test_client()
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9", "X-Forwarded-Host": "toolbox.example.org"}
    response = login_response(client, headers=forwarded)
    assert response.status_code == 302
    assert "Secure" in cookies(response)["session"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    with app.app_context():
        from sqlalchemy import select

        from toolbox.auth.models import LoginAttempt
        from toolbox.extensions import db

        app.test_client().post("/login", data={"email": "learner@example.org", "password": "wrong password!"}, headers=forwarded)
        keys = set(db.session.scalars(select(LoginAttempt.key)))
    assert "ip:203.0.113.9" in keys  # rate limits count the real client, not the proxy


def test_with_one_trusted_hop_a_forged_client_address_is_not_believed(make_app):
    app = make_app(PROXY_FIX=1)
    make_user_in(app)
    client = app.test_client()
    # The client forged the first address; our one proxy appended the address it saw.
    client.post(
        "/login", data={"email": "learner@example.org", "password": "wrong password!"}, headers={"X-Forwarded-For": "1.2.3.4, 198.51.100.7"}
    )
    with app.app_context():
        from sqlalchemy import select

        from toolbox.auth.models import LoginAttempt
        from toolbox.extensions import db

        keys = set(db.session.scalars(select(LoginAttempt.key)))
    assert "ip:198.51.100.7" in keys and "ip:1.2.3.4" not in keys


# URL arguments


@pytest.mark.parametrize(
    "path",
    [
        f"/rooms/{MAX_ID + 1}",
        "/rooms/99999999999999999999999999",
        "/rooms/99999999999999999999999999/projector",
        "/cohorts/99999999999999999999",
        "/cohorts/1/members/99999999999999999999",
        "/modules/demo%00",
        "/r/AB%00CD",
        "/r/AB%0ACD",
        "/activities/demo/1-vote%1b",
    ],
)
def test_out_of_range_ids_and_control_characters_in_urls_are_a_404(facilitator_client, path):
    response = facilitator_client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/rooms/99999999999999999999999999/close",
        "/journal/demo%00/first-topic/local-context/effects/share",
        "/cohorts/99999999999999999999/code",
    ],
)
def test_posts_to_such_urls_are_a_404_too(facilitator_client, path):
    assert facilitator_client.post(path, data={"shared": "yes"}).status_code == 404


def test_the_largest_id_still_routes(facilitator_client):
    assert facilitator_client.get(f"/rooms/{MAX_ID}").status_code == 404  # routed to the view, which finds no room
