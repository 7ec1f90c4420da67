"""Who may see what: loading the logged-in user and role checks for views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from toolbox.extensions import db, login_manager
from toolbox.security import MAX_ID

from .models import User


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The user of a session, if its epoch is still current (so old sessions end everywhere)."""
    user_id, _, epoch = session_id.partition(":")
    if not user_id.isdecimal() or not epoch.isdecimal() or int(user_id) > MAX_ID:
        return None
    user = db.session.get(User, int(user_id))
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
