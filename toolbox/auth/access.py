"""Who may see what: loading the logged-in user and role checks for views."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from flask import Flask, Response, abort, current_app, request, session
from flask_login import current_user, login_required
from sqlalchemy import bindparam, select

from toolbox.extensions import db, login_manager
from toolbox.security import MAX_ID

from .models import User

# Built once: every request of a logged-in user runs it (Session.get builds its statement each time).
_USER = select(User).where(User.id == bindparam("id"))
CLOCK_SKEW = 300  # seconds: hosts behind one proxy may disagree a little on the time
SEEN_EVERY = 300  # seconds between updates of a session's last-seen time (each rewrites the cookie)


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The user of a session or remember-me cookie, if its epoch is current (logging out ends every copy) and its
    login is younger than SESSION_MAX_AGE (re-authentication at least that often, whatever "keep me logged in" says)."""
    parts = session_id.split(":")
    if len(parts) != 3 or not all(p.isdecimal() for p in parts):
        return None
    user_id, epoch, logged_in_at = map(int, parts)
    age = time.time() - logged_in_at
    if user_id > MAX_ID or not -CLOCK_SKEW <= age <= current_app.config["SESSION_MAX_AGE"]:
        return None
    user = db.session.scalars(_USER, {"id": user_id}).first()
    return user if user is not None and user.session_epoch == epoch else None


def end_idle_session() -> None:
    """Before each request: a session unused for SESSION_IDLE_TIMEOUT is dropped (a remember-me cookie may then log in again)."""
    if request.endpoint == "static":
        return
    idle, seen = current_app.config["SESSION_IDLE_TIMEOUT"], session.get("_seen")
    if idle and seen is not None and "_user_id" in session and time.time() - seen > idle:
        for key in ("_user_id", "_fresh", "_id", "_seen"):
            session.pop(key, None)


def mark_seen(response: Response) -> Response:
    """After each request of a logged-in user: remember when the session was last used (every few minutes)."""
    if request.endpoint != "static" and "_user_id" in session and time.time() - session.get("_seen", 0) > SEEN_EVERY:
        session["_seen"] = int(time.time())
    return response


def init_app(app: Flask) -> None:
    """The idle timeout around every request (static files aside: they do not prove someone is there)."""
    app.before_request(end_idle_session)
    app.after_request(mark_seen)


def role_required(role: str) -> Callable:
    """Only logged-in users whose role ranks at least `role` may use the view."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.can(role):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
