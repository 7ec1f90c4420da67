"""Browsers that logged in to an account before: failures from their address do not slow them down.

OWASP's "device cookie" answer to password guessing: a venue's network may carry an attacker's guesses,
and a limit per address would then lock every colleague out. A signed cookie names (by a hash, not the
address itself) the accounts this browser logged in to; their logins count against the account's limit
only.
"""

from __future__ import annotations

import hashlib

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

COOKIE = "toolbox_device"
MAX_ACCOUNTS = 5
MAX_AGE = 365 * 24 * 3600


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="toolbox-device")


def _tag(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:20]


def _tags() -> list[str]:
    raw = request.cookies.get(COOKIE)
    if not raw:
        return []
    try:
        data = _serializer().loads(raw)
    except BadSignature:
        return []
    return [t for t in data if isinstance(t, str)] if isinstance(data, list) else []


def trusted(email: str) -> bool:
    """True if this browser logged in to the account with this email before."""
    return _tag(email) in _tags()


def remember(response: Response, email: str) -> None:
    """Mark this browser as one that logged in to this account (the most recent accounts only)."""
    tags = [t for t in _tags() if t != _tag(email)] + [_tag(email)]
    response.set_cookie(
        COOKIE,
        _serializer().dumps(tags[-MAX_ACCOUNTS:]),
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
