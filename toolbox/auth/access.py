"""Who may see what: loading the logged-in user and role checks for views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import bindparam, select

from toolbox.extensions import db, login_manager

from .models import User

# Built once: every request of a logged-in user runs it (Session.get builds its statement each time).
_USER = select(User).where(User.id == bindparam("id"))


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The user of a session, if its epoch is still current (so old sessions end everywhere)."""
    user_id, _, epoch = session_id.partition(":")
    if not user_id.isdigit() or not epoch.isdigit():
        return None
    user = db.session.scalars(_USER, {"id": int(user_id)}).first()
    return user if user is not None and user.session_epoch == int(epoch) else None


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
