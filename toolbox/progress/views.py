"""My learning, marking topics done, and module certificates."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user, login_required

from toolbox.catalog import catalog, get_item, get_module
from toolbox.cohorts import services as cohorts
from toolbox.cohorts.forms import JoinForm
from toolbox.extensions import db
from toolbox.web import fragment, render, wants_fragment

from . import services
from .forms import DoneForm

bp = Blueprint("progress", __name__, url_prefix="/learning")


@bp.get("/")
@login_required
def learning():
    """My learning: progress per module and topic, where to continue, certificates and cohorts."""
    mine = services.progress_of([current_user.id], catalog().published_modules())[current_user.id]
    return render(
        "progress/learning.html",
        "My learning",
        modules=mine,
        next_topic=services.continue_target(current_user.id, mine),
        joined=cohorts.joined(current_user),
        join_form=JoinForm(),
    )


@bp.post("/<module>/<topic>/done")
@login_required
def done(module: str, topic: str):
    """Mark a topic done, or not done."""
    m = get_module(module)
    t = get_item("topic", module, topic)
    form = DoneForm()
    status = 200
    if form.validate_on_submit():
        services.set_done(current_user.id, m.slug, t.slug, form.done.data == "yes")
        db.session.commit()
    else:
        status = 422
    if wants_fragment():
        learning = services.topic_status(current_user.id, m, t)
        return fragment("progress/_done.html", status, module=m, topic=t, learning=learning, errors=form.done.errors)
    if status == 200:
        flash("Topic marked done." if form.done.data == "yes" else "Topic marked not done.", "success")
    else:
        flash("That did not work: please use the button on the lesson page.", "error")
    return redirect(url_for("lessons.topic", module=m.slug, topic=t.slug) + "#topic-done", 303)


@bp.get("/<module>/certificate")
@login_required
def certificate(module: str):
    """The module's certificate of completion, or what is left to do."""
    m = get_module(module)
    mine = services.progress_of([current_user.id], [m])[current_user.id][0]
    return render("progress/certificate.html", f"Certificate: {m.short_title}", learning=mine, module=m)
