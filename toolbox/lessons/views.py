"""Home, module and topic lesson pages."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from toolbox.catalog import can_preview, catalog, get_item, get_module
from toolbox.content.models import Module, Topic
from toolbox.extensions import db
from toolbox.journal import services as journal
from toolbox.progress import services as progress
from toolbox.quizzes import services as quizzes
from toolbox.web import page, render

from . import cache

bp = Blueprint("lessons", __name__)
bp.add_app_template_global(cache.slot, "slot")

# A figure opened on its own is a document: nothing in it may run or load anything (inline styles aside, as
# drawing programs write them); the checker has refused scripts already, this holds even if a check were missed.
FIGURE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
}


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


@bp.get("/modules/<module>/figures/<name>")
def figure(module: str, name: str):
    """A figure file of a module, for those who may see a page that shows it (a draft's figure: authors only)."""
    get_module(module)
    cat, drafts = catalog(), can_preview()
    found = cat.figure(module, name, drafts)
    data = found.read() if found is not None else None
    if data is None:
        abort(404)
    # Figures are small (the checker caps them): served from memory, with the checked bytes' digest as ETag.
    response = Response(data, mimetype=found.media_type)
    response.set_etag(found.digest)
    response.headers.update(FIGURE_HEADERS)
    # Published figures are the same for everyone; a figure only drafts show must not sit in a shared cache.
    public = cat.figure(module, name) is not None
    response.headers["Cache-Control"] = "public, max-age=300" if public else "private, no-cache"
    return response.make_conditional(request)


@bp.get("/modules/<module>/<topic>")
def topic(module: str, topic: str):
    """A topic lesson with its reflections, cases, key points and quiz."""
    m = get_module(module)
    t = get_item("topic", module, topic)
    if not current_user.is_authenticated:
        return topic_page(m, t)
    learning, wrote = progress.open_topic(current_user.id, m, t)
    if wrote:
        db.session.commit()
    return topic_page(m, t, learning=learning)


def topic_page(m: Module, t: Topic, status: int = 200, **extra):
    """The lesson page; for a logged-in learner with their answers, progress and quiz scores.

    `extra` (errors, a draft answer, a quiz result) comes from a form sent back: such pages are
    rendered whole. A plain view of the lesson (given at most the learner's status) is put together
    from its cached shared HTML.
    """
    cat, drafts = catalog(), can_preview()
    cached = not (extra.keys() - {"learning"}) and not drafts and cache.enabled()

    def shared() -> dict:
        previous, following = cat.neighbours(t, drafts)
        return {"module": m, "topic": t, "activities": cat.activities_for(t, drafts), "previous": previous, "following": following}

    if not current_user.is_authenticated:
        if cached:
            html = cache.fill(cache.skeleton(m, t, False, lambda: {**shared(), "title": t.title}), {cache.CSRF: generate_csrf()}, _none)
            return page("lessons/topic.html", t.title, html, status)
        return render("lessons/topic.html", t.title, status=status, **shared(), **extra)
    if "answers" not in extra:
        extra["answers"] = journal.answers_for(current_user.id, t)
    if "learning" not in extra:
        extra["learning"] = progress.topic_status(current_user.id, m, t)
    answers, learning = extra["answers"], extra["learning"]
    token = extra.setdefault("quiz_token", quizzes.new_token())
    if not cached:
        return render("lessons/topic.html", t.title, status=status, **shared(), **extra)
    fresh = {"answers": {}, "learning": progress.new_status(m, t)}
    pieces = cache.skeleton(m, t, True, lambda: {**shared(), **fresh, "title": t.title})
    tokens = {cache.CSRF: generate_csrf(), cache.USER: str(current_user.id), cache.QUIZ_TOKEN: token}
    html = cache.fill(pieces, tokens, lambda s: _learner_slot(s, m, t, answers, learning))
    return page("lessons/topic.html", t.title, html, status)


def _none(_slot: cache.Slot) -> None:
    return None


def _learner_slot(s: cache.Slot, m: Module, t: Topic, answers: dict, learning: progress.TopicStatus) -> str | None:
    """A slot of the lesson rendered for this learner, or None where it is as for someone who stored nothing."""
    if s.name == "answer":
        entry = answers.get((s.args["reflection"].id, s.args["question"].id))
        if entry is None:
            return None
        return render_template(
            "journal/_answer.html", module=m, topic=t, reflection=s.args["reflection"], question=s.args["question"], entry=entry
        )
    if s.name == "done":
        return render_template("progress/_done.html", module=m, topic=t, learning=learning) if learning.done else None
    if s.name == "quiz-history":
        return (
            render_template("quizzes/_history.html", module=m, topic=t, learning=learning)
            if learning.quiz and learning.quiz.attempts
            else None
        )
    raise ValueError(f"unknown lesson slot {s.name!r}")
