"""Error pages: clear messages, never a stack trace."""

from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from .auth.limits import wait_text
from .extensions import DatabaseBusy
from .web import render, retry_later

RETRY_AFTER_SECONDS = 5

MESSAGES = {
    400: ("Something in that request was not right", "Please go back, check what you sent and try again."),
    403: ("You cannot do that here", "Your account does not allow this action."),
    404: ("Page not found", "The address may be mistyped, or the page may have moved."),
    405: ("That action is not allowed here", "Please go back and use the page's own buttons."),
    413: ("That was too much to send", "Please send less text at once."),
    429: ("Too many attempts", "Please wait a minute and try again."),
}


def register(app: Flask) -> None:
    """Attach the error handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(err: CSRFError):
        return render(
            "error.html",
            "Your form has expired",
            status=400,
            message="The page was open too long or the session changed. Reload the page and try again.",
        )

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        title, message = MESSAGES.get(err.code or 500, (err.name, err.description or ""))
        retry = getattr(err, "retry_after", None)  # a 429 says when to come back
        if isinstance(retry, int):
            message = f"Please wait {wait_text(retry)} and try again."
        return retry_later(render("error.html", title, status=err.code or 500, message=message), retry if isinstance(retry, int) else None)

    @app.errorhandler(DatabaseBusy)
    @app.errorhandler(OperationalError)
    def busy(err: Exception):
        # A write that waited too long for the lock, or a database restarting or out of reach: the request
        # was rolled back whole, so sending it again is safe.
        app.logger.warning("database unavailable: %s", str(err).splitlines()[0][:200])
        message = f"Nothing from this request was saved. Please try again in {RETRY_AFTER_SECONDS} seconds."
        return retry_later(render("error.html", "The server is busy for a moment", status=503, message=message), RETRY_AFTER_SECONDS)

    @app.errorhandler(Exception)
    def unexpected(err: Exception):
        app.logger.exception("unhandled error")
        return render(
            "error.html", "Something went wrong on our side", status=500, message="The error has been logged. Please try again in a moment."
        )
