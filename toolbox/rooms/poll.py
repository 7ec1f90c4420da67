"""The phones' "anything new?" poll, answered in front of Flask: a thousand phones ask every second.

A poll whose version is still current gets an empty 204 after one database read, without Flask's
request handling (routing, session, CSRF, hooks), which would cost it four times as much. Anything
else, including a poll that has news, goes on to the app as usual.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from flask import Flask
from sqlalchemy import bindparam, select

from toolbox.extensions import db

from . import identity
from .models import Participant, Room

PATH = re.compile(r"/r/([A-Z0-9]{1,12})")
HSTS = ("Strict-Transport-Security", "max-age=31536000")
# Built once: (stage, own version) of this browser's participant in the room with the code.
STATE = (
    select(Room.stage, Participant.version)
    .join(Participant, Participant.room_id == Room.id)
    .where(Room.code == bindparam("code"), Participant.id.in_(bindparam("ids", expanding=True)))
    .limit(1)
)


class ParticipantPoll:
    """WSGI middleware: `GET /r/<code>?v=<stage>.<version>` from htmx, answered 204 when nothing changed."""

    def __init__(self, app: Flask, wsgi_app: Callable) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        with app.app_context():
            self.engine = db.engine

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if self._unchanged(environ):
            headers = [("Vary", "HX-Request"), ("Content-Length", "0")]
            if environ.get("wsgi.url_scheme") == "https":
                headers.append(HSTS)
            start_response("204 NO CONTENT", headers)
            return []
        return self.wsgi_app(environ, start_response)

    def _unchanged(self, environ: dict) -> bool:
        # The same test as `wants_fragment()`: htmx asking, and not to restore its history.
        if environ.get("REQUEST_METHOD") != "GET" or environ.get("HTTP_HX_REQUEST") != "true":
            return False
        if environ.get("HTTP_HX_HISTORY_RESTORE_REQUEST") == "true":
            return False
        match = PATH.fullmatch(environ.get("PATH_INFO", ""))
        seen = parse_qs(environ.get("QUERY_STRING", "")).get("v")
        if match is None or not seen:
            return False
        cookie = SimpleCookie()
        try:
            cookie.load(environ.get("HTTP_COOKIE", ""))
        except Exception:  # a malformed cookie header: let the app answer it
            return False
        morsel = cookie.get(identity.COOKIE)
        ids = list(identity.memberships(morsel.value if morsel else None, self.app.secret_key).values())
        if not ids:
            return False
        with self.engine.connect() as conn:
            state = conn.execute(STATE, {"code": match[1], "ids": ids}).first()
        return state is not None and seen[0] == "{}.{}".format(*state)


def init_app(app: Flask) -> None:
    """Put the poll in front of the app (inside the proxy fix, which must see it too)."""
    app.wsgi_app = ParticipantPoll(app, app.wsgi_app)
