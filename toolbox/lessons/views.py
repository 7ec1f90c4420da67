"""Home, module and topic lesson pages."""

from __future__ import annotations

from flask import Blueprint
from flask_login import current_user

from toolbox.catalog import can_preview, catalog, get_item, get_module
from toolbox.content.models import Module, Topic
from toolbox.extensions import db
from toolbox.journal import services as journal
from toolbox.progress import services as progress
from toolbox.quizzes import services as quizzes
from toolbox.web import render

bp = Blueprint("lessons", __name__)


@bp.get("/")
def home():
    """What the toolbox is, and its modules."""
    return render("lessons/home.html", "Migration and local development", modules=catalog().visible_modules(can_preview()))


@bp.get("/modules/<module>")
def module(module: str):
    """A module: objectives, running case, topics with their activities."""
    m = get_module(module)
    cat, drafts = catalog(), can_preview()
    topics = [(t, cat.activities_for(t, drafts)) for t in m.topics if t.published or drafts]
    tied = {a.key for _, acts in topics for a in acts}
    other = [a for a in m.activities if (a.published or drafts) and a.key not in tied]
    mine = progress.progress_of([current_user.id], [m])[current_user.id][0] if current_user.is_authenticated else None
    broken_files = cat.broken_files(m.slug) if drafts else []
    return render("lessons/module.html", m.title, module=m, topics=topics, other_activities=other, learning=mine, broken_files=broken_files)


@bp.get("/modules/<module>/<topic>")
def topic(module: str, topic: str):
    """A topic lesson with its reflections, cases, key points and quiz."""
    m = get_module(module)
    t = get_item("topic", module, topic)
    if current_user.is_authenticated:
        progress.record_visit(current_user.id, m.slug, t.slug)
        db.session.commit()
    return topic_page(m, t)


def topic_page(m: Module, t: Topic, status: int = 200, **extra):
    """The lesson page; for a logged-in learner with their answers, progress and quiz scores."""
    cat, drafts = catalog(), can_preview()
    previous, following = cat.neighbours(t, drafts)
    if current_user.is_authenticated:
        extra.setdefault("answers", journal.answers_for(current_user.id, t))
        extra.setdefault("learning", progress.topic_status(current_user.id, m, t))
        extra.setdefault("quiz_token", quizzes.new_token())
    return render(
        "lessons/topic.html",
        t.title,
        status=status,
        module=m,
        topic=t,
        activities=cat.activities_for(t, drafts),
        previous=previous,
        following=following,
        **extra,
    )
