"""Checking a quiz's answers, storing attempts, and a learner's attempt history."""

from __future__ import annotations

from flask import Blueprint, abort, request
from flask_login import current_user, login_required

from toolbox.catalog import get_item, get_module
from toolbox.extensions import db
from toolbox.lessons.views import topic_page
from toolbox.progress import services as progress
from toolbox.web import fragment, render, wants_fragment

from . import services
from .forms import QuizForm

bp = Blueprint("quizzes", __name__)


@bp.post("/modules/<module>/<topic>/quiz")
def check(module: str, topic: str):
    """Grade the answers (stored for a logged-in learner); htmx gets the quiz fragment, others the lesson page."""
    m = get_module(module)
    t = get_item("topic", module, topic)
    quiz = t.doc.quiz
    if quiz is None:
        abort(404)
    form = QuizForm()
    result = services.grade(quiz, services.chosen_from_form(quiz, request.form), m.pass_mark)
    context: dict = {"quiz_result": result}
    status = 200
    if not form.validate_on_submit():
        context["quiz_error"] = "This quiz form is out of date: reload the page and answer again."
        status = 422
    elif current_user.is_authenticated:
        try:
            attempt, _ = services.record_attempt(current_user.id, m.slug, t.slug, quiz, result, form.attempt.data or services.new_token())
        except services.QuizError as exc:
            db.session.rollback()
            context["quiz_error"], status = str(exc), 422
        else:
            context["quiz_result"] = services.regrade(attempt, quiz, m.pass_mark)
            if context["quiz_result"].passed:
                progress.set_done(current_user.id, m.slug, t.slug, True, by="quiz")
            db.session.commit()
            context["quiz_attempt"] = attempt
    if not wants_fragment():
        return topic_page(m, t, status=status, **context)
    if current_user.is_authenticated:
        context.update(learning=progress.topic_status(current_user.id, m, t), quiz_token=services.new_token(), done_oob=True)
    return fragment("quizzes/_quiz.html", status, module=m, topic=t, quiz=quiz, result=context.pop("quiz_result"), **context)


@bp.get("/modules/<module>/<topic>/quiz/attempts")
@login_required
def attempts(module: str, topic: str):
    """The learner's own attempts at a quiz, graded against the quiz as it is now."""
    m = get_module(module)
    t = get_item("topic", module, topic)
    if t.doc.quiz is None:
        abort(404)
    mine = services.attempts_of([current_user.id], m.slug, t.slug)
    reviews = [services.review(a, t.doc.quiz, m.pass_mark) for a in reversed(mine)]
    summary = services.summarise(mine, t.doc.quiz, m.pass_mark)
    return render("quizzes/attempts.html", f"Your quiz attempts: {t.title}", module=m, topic=t, reviews=reviews, summary=summary)
