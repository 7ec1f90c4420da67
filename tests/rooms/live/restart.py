"""A room seen through a second app on the same database: the server restarted, the same browsers still open."""

from __future__ import annotations

from tests.conftest import REAL_CONTENT
from toolbox.rooms.identity import COOKIE

from .conftest import LiveRoom, Phone


def _copy_cookies(source, target) -> None:
    for key in ("session", COOKIE):
        cookie = source.get_cookie(key)
        if cookie is not None:
            target.set_cookie(key, cookie.value)


def restarted(make_app, room: LiveRoom, phones: list[Phone]) -> tuple[LiveRoom, list[Phone]]:
    """The same room and phones, served by a new app (nothing kept in memory carries over)."""
    app = make_app(CONTENT_DIR=str(REAL_CONTENT))
    again = LiveRoom.__new__(LiveRoom)
    again.app, again.host, again.id, again.code = app, app.test_client(), room.id, room.code
    _copy_cookies(room.host, again.host)
    out = []
    for phone in phones:
        client = app.test_client()
        _copy_cookies(phone.client, client)
        out.append(Phone(client, phone.code, phone.name))
    return again, out
