"""Participants are known by a signed cookie: a refresh, a dropped connection or a locked phone keeps them."""

from __future__ import annotations

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

COOKIE = "toolbox_rooms"
MAX_ROOMS = 20
MAX_AGE = 7 * 24 * 3600


def _serializer(secret_key: str | bytes | None = None) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key or current_app.secret_key, salt="toolbox-participant")


def _memberships() -> dict[str, int]:
    return memberships(request.cookies.get(COOKIE))


def memberships(raw: str | None, secret_key: str | bytes | None = None) -> dict[str, int]:
    """Room id → participant id, from the cookie's value (nothing if it is missing or forged)."""
    if not raw:
        return {}
    try:
        data = _serializer(secret_key).loads(raw)
    except BadSignature:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, int)}


def participant_id(room_id: int) -> int | None:
    """The participant id this browser holds for a room, if any."""
    return _memberships().get(str(room_id))


def remember(response: Response, room_id: int, participant_id: int) -> None:
    """Store the membership in the signed cookie (the most recent rooms only)."""
    data = _memberships()
    data.pop(str(room_id), None)
    data[str(room_id)] = participant_id
    data = dict(list(data.items())[-MAX_ROOMS:])
    response.set_cookie(
        COOKIE,
        _serializer().dumps(data),
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
