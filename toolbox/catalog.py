"""Access to the content catalogue from views."""

from __future__ import annotations

from flask import abort, current_app

from .content import Catalog
from .content.models import Activity, BrokenFile, Module, Topic


def catalog() -> Catalog:
    """The app's catalogue (built once; rebuilt on change when reloading is on)."""
    return current_app.extensions["catalog"].get()


def get_module(slug: str) -> Module:
    """A published, usable module or 404."""
    module = catalog().module(slug)
    if module is None or not module.published or any(not e.reference for e in module.errors):
        if module is not None and module.published:
            current_app.logger.error("module %s is broken: %s", slug, "; ".join(map(str, module.errors)))
        abort(404)
    return module


def get_item(kind: str, module: str, slug: str) -> Topic | Activity | BrokenFile:
    """A topic or activity of a published module, or 404; broken files come back as BrokenFile."""
    get_module(module)
    found = catalog().topic(module, slug) if kind == "topic" else catalog().activity(module, slug)
    if found is None or (not isinstance(found, BrokenFile) and not found.published):
        abort(404)
    if isinstance(found, BrokenFile):
        current_app.logger.error("content file %s is broken: %s", found.path, "; ".join(map(str, found.errors)))
    return found
