"""Rendering helpers shared by every blueprint."""

from __future__ import annotations

import posixpath

from flask import Response, make_response, render_template

from .extensions import htmx


def wants_fragment() -> bool:
    """True for htmx requests, except history restores, which need the whole page."""
    return bool(htmx) and not htmx.history_restore_request


def render(template: str, title: str, status: int = 200, **context) -> Response:
    """The full page, or for htmx requests its fragment `_name.html`, with `Vary: HX-Request`."""
    if wants_fragment():
        folder, name = posixpath.split(template)
        body = render_template(posixpath.join(folder, "_" + name), title=title, **context)
    else:
        body = render_template(template, title=title, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    response.vary.add("HX-History-Restore-Request")
    return response


def retry_later(response: Response, seconds: int | None) -> Response:
    """Add `Retry-After` to a 429 or 503 answer (None: nothing to add)."""
    if seconds is not None:
        response.headers["Retry-After"] = str(seconds)
    return response


def page(template: str, title: str, html: str, status: int = 200) -> Response:
    """A page whose fragment is already rendered: htmx gets it as it is, others the full page around it."""
    body = html if wants_fragment() else render_template(template, title=title, fragment_html=html)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    response.vary.add("HX-History-Restore-Request")
    return response


def fragment(template: str, status: int = 200, **context) -> Response:
    """A component's fragment (one root element with a stable id), e.g. the answer to an htmx POST."""
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response
