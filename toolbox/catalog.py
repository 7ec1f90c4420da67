"""Access to the content catalogue from views: drafts and content errors for authors, 404 for others."""

from __future__ import annotations

from flask import Response, abort, current_app
from flask_login import current_user

from .content import Catalog
from .content.models import Activity, BrokenFile, Module, Topic
from .web import render


def catalog() -> Catalog:
    """The app's catalogue (built once; rebuilt on change when reloading is on)."""
    return current_app.extensions["catalog"].get()


def can_preview() -> bool:
    """True for authors and admins: they see drafts, and the errors of a file that cannot be shown."""
    return bool(current_user.is_authenticated and current_user.can("author"))


def broken(item: BrokenFile) -> Response:
    """The page of a file with errors: a clear message for everyone, the errors themselves for authors (and in debug)."""
    details = item.errors if current_app.debug or can_preview() else []
    return render("broken.html", "This page is being repaired", status=503, item=item, details=details)


def get_module(slug: str) -> Module:
    """A published module (drafts too for authors), or 404; a module with errors aborts with its error page."""
    module = catalog().module(slug)
    if module is None or not (module.published or can_preview()):
        abort(404)
    if module.broken:
        current_app.logger.error("module %s is broken: %s", slug, "; ".join(map(str, module.errors)))
        abort(broken(BrokenFile("", slug, module.path, module.errors, module.title, kind="module")))
    return module


def get_item(kind: str, module: str, slug: str) -> Topic | Activity:
    """A topic or activity of a visible module (drafts too for authors), or 404; a file with errors aborts with its error page."""
    get_module(module)
    found = catalog().topic(module, slug) if kind == "topic" else catalog().activity(module, slug)
    if found is None or (not isinstance(found, BrokenFile) and not found.published and not can_preview()):
        abort(404)
    if isinstance(found, BrokenFile):
        current_app.logger.error("content file %s is broken: %s", found.path, "; ".join(map(str, found.errors)))
        abort(broken(found))
    return found
