"""The reflection journal: saving answers, the journal page, sharing, export and print."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, url_for
from flask_login import current_user, login_required

from toolbox.auth.models import utcnow
from toolbox.auth.services import safe_next
from toolbox.catalog import catalog, get_item, get_module
from toolbox.extensions import db
from toolbox.lessons.views import topic_page
from toolbox.web import fragment, render, wants_fragment

from . import services
from .forms import AnswerForm, ShareForm

bp = Blueprint("journal", __name__, url_prefix="/journal")
SLUG = "string(maxlength=100)"


def box_id(module: str, topic: str, reflection: str, question: str) -> str:
    return f"answer--{module}--{topic}--{reflection}--{question}"


@bp.get("/")
@login_required
def index():
    """My journal: every answer by module and topic, editable."""
    sections = services.organise(services.entries_of(current_user.id), catalog())
    return render("journal/journal.html", "My journal", sections=sections)


@bp.post(f"/<{SLUG}:module>/<{SLUG}:topic>/<{SLUG}:reflection>/<{SLUG}:question>")
@login_required
def save(module: str, topic: str, reflection: str, question: str):
    """Save one answer; htmx gets the answer box back, other requests return to the lesson."""
    m = get_module(module)
    t = get_item("topic", module, topic)
    found = services.find_question(t, reflection, question) or abort(404)
    form = AnswerForm()
    entry, saved = None, False
    if form.validate_on_submit():
        try:
            entry = services.save_answer(current_user.id, t, *found, form.text.data or "")
        except services.JournalError as exc:
            form.text.errors = [*form.text.errors, str(exc)]
        else:
            db.session.commit()
            saved = True
    key = (found[0].id, found[1].id)
    if saved and not wants_fragment():
        flash("Your answer is saved in your journal.", "success")
        anchor = "#" + box_id(m.slug, t.slug, *key)
        return redirect(safe_next(form.next.data, url_for("lessons.topic", module=m.slug, topic=t.slug)) + anchor, 303)
    errors, draft = ([], None) if saved else (form.text.errors or ["Your answer could not be saved."], form.text.data or "")
    if not wants_fragment():
        return topic_page(m, t, status=422, answer_errors={key: errors}, answer_drafts={key: draft})
    if not saved:
        entry = services.answers_for(current_user.id, t).get(key)
    return fragment(
        "journal/_answer.html",
        200 if saved else 422,
        module=m,
        topic=t,
        reflection=found[0],
        question=found[1],
        entry=entry,
        saved=saved,
        errors=errors,
        draft=draft,
        next=form.next.data or "",
    )


@bp.post(f"/<{SLUG}:module>/<{SLUG}:topic>/<{SLUG}:reflection>/<{SLUG}:question>/share")
@login_required
def share(module: str, topic: str, reflection: str, question: str):
    """Share an answer with the facilitators of my cohorts, or stop sharing it."""
    form = ShareForm()
    if not form.validate_on_submit():
        abort(400)
    entry = services.set_shared(current_user.id, module, topic, reflection, question, form.shared.data == "yes")
    if entry is None:
        abort(404)
    db.session.commit()
    if wants_fragment():
        return fragment("journal/_share.html", entry=entry)
    flash("Shared with your facilitators." if entry.shared else "No longer shared.", "success")
    return redirect(url_for("journal.index") + "#" + box_id(*entry.key), 303)


@bp.get("/export.md")
@login_required
def export():
    """The whole journal as a Markdown file."""
    sections = services.organise(services.entries_of(current_user.id), catalog())
    text = services.export_markdown(current_user, sections, utcnow())
    headers = {"Content-Disposition": 'attachment; filename="my-journal.md"', "Cache-Control": "private, no-store"}
    return Response(text, mimetype="text/markdown", headers=headers)


@bp.get("/print")
@login_required
def printable():
    """The whole journal as a page to print or save as PDF."""
    sections = services.organise(services.entries_of(current_user.id), catalog())
    return render("journal/print.html", "My journal", sections=sections, when=utcnow())
