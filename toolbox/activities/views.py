"""The activity index and facilitator guides."""

from __future__ import annotations

from flask import Blueprint, request

from toolbox.catalog import can_preview, catalog, get_item, get_module
from toolbox.rooms.methods import METHODS
from toolbox.web import render

bp = Blueprint("activities", __name__, url_prefix="/activities")


@bp.get("/")
def index():
    """All activity guides, filterable by module and live method."""
    cat, drafts = catalog(), can_preview()
    modules = cat.visible_modules(drafts)
    want_module = request.args.get("module", "")
    want_method = request.args.get("method", "")
    if want_module not in {m.slug for m in modules}:
        want_module = ""
    if want_method not in METHODS:
        want_method = ""
    groups = []
    for m in modules:
        if want_module and m.slug != want_module:
            continue
        acts = [a for a in m.activities if (a.published or drafts) and (not want_method or a.method == want_method)]
        if acts:
            groups.append((m, acts))
    used = sorted({a.method for m in modules for a in m.activities}, key=list(METHODS).index)
    return render(
        "activities/index.html",
        "Training activities",
        groups=groups,
        modules=modules,
        methods=[METHODS[name] for name in used],
        want_module=want_module,
        want_method=want_method,
        total=sum(len(a) for _, a in groups),
        method_labels={name: m.label for name, m in METHODS.items()},
    )


@bp.get("/<module>/<activity>")
def guide(module: str, activity: str):
    """A facilitator guide: objectives, preparation, timed steps, tips, materials, method."""
    m = get_module(module)
    a = get_item("activity", module, activity)
    topic = catalog().topic(module, a.topic) if a.topic else None
    return render("activities/guide.html", a.title, module=m, activity=a, topic=topic, method=METHODS[a.method])
