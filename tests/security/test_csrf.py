"""CSRF on every state change: each POST endpoint of app.url_map (classified in tests/security/endpoints.py),
sent by a user it lets in with a valid form but no token, a wrong token or another session's token, is
refused with a clear message and stores nothing; with the right token the same request works.

The rest of the suite runs with WTF_CSRF_ENABLED=False; these tests switch it on, as production has it.
"""

from __future__ import annotations

import pytest
from flask import session
from flask_wtf.csrf import generate_csrf

from tests.security.endpoints import ENDPOINTS, OK, World, changed_tables, messages, outcome_of, post_endpoints, snapshot
from toolbox.extensions import csrf

HTTPS = {"wsgi.url_scheme": "https"}


@pytest.fixture
def csrf_app(make_app):
    return make_app(WTF_CSRF_ENABLED=True)


@pytest.fixture
def csrf_world(csrf_app) -> World:
    return World(csrf_app)


def token_for(app, client) -> str:
    """A valid token for this browser: its session gets the secret, the form gets the signed token."""
    with app.test_request_context():
        token = generate_csrf()
        secret = session["csrf_token"]
    with client.session_transaction() as s:
        s["csrf_token"] = secret
    return token


def test_no_view_is_exempt(csrf_app):
    assert not csrf._exempt_views and not csrf._exempt_blueprints


POSTS = sorted(e for e, spec in ENDPOINTS.items() if spec.post is not None)


def test_every_post_endpoint_is_in_this_sweep(csrf_app):
    assert set(post_endpoints(csrf_app)) <= set(POSTS), "classify this endpoint in tests/security/endpoints.py"


@pytest.mark.parametrize("endpoint", POSTS)
def test_a_post_without_a_valid_token_is_refused_and_stores_nothing(csrf_app, csrf_world, endpoint):
    spec = ENDPOINTS[endpoint]
    actor, target = spec.hostile_actor(), spec.rule.targets[0]
    scene = csrf_world.scene(spec.phase)
    url = csrf_world.url(endpoint, scene, target)
    stranger = csrf_world.client(actor, scene)
    tokens = {"no token": None, "a wrong token": "not-a-token", "another session's token": token_for(csrf_app, stranger)}
    for what, token in tokens.items():
        for headers in ({}, {"HX-Request": "true"}):
            client = csrf_world.client(actor, scene)
            data = spec.payload(scene) | ({"csrf_token": token} if token else {})
            before = snapshot(csrf_app)
            with client.post(url, data=data, headers=headers) as response:
                assert response.status_code == 400, (what, headers, response.status_code)
                body = response.get_data(as_text=True)
                assert "Your form has expired" in messages(body) and "Reload the page and try again." in body, (what, headers)
            assert changed_tables(before, snapshot(csrf_app)) == [], (what, headers)
    # The token is the only thing missing: with it, the same request goes through.
    client = csrf_world.client(actor, scene)
    with client.post(url, data=spec.payload(scene) | {"csrf_token": token_for(csrf_app, client)}) as response:
        assert outcome_of(response) == OK, response.status_code


def test_over_https_a_post_from_another_site_is_refused_even_with_a_token(csrf_app, csrf_world):
    """Flask-WTF's strict referrer check: a same-origin Referer is required (Referrer-Policy: same-origin keeps it)."""
    scene = csrf_world.scene()
    client = csrf_world.client("facilitator", scene)
    url = csrf_world.url("rooms.close", scene, "own")
    data = {"csrf_token": token_for(csrf_app, client)}
    refused = client.post(url, data=data, environ_overrides=HTTPS, headers={"Referer": "https://evil.example/rooms/1"})
    assert refused.status_code == 400
    assert client.post(url, data=data, environ_overrides=HTTPS, headers={"Referer": "https://localhost/rooms/1"}).status_code == 302
