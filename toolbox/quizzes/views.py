"""Checking a quiz's answers."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from toolbox.catalog import catalog, get_item, get_module
from toolbox.content.models import BrokenFile
from toolbox.lessons.views import broken
from toolbox.web import render, wants_fragment

from .services import grade

bp = Blueprint("quizzes", __name__)


@bp.post("/modules/<module>/<topic>/quiz")
def check(module: str, topic: str):
    """Grade the submitted answers; htmx gets the quiz fragment, others the lesson page."""
    m = get_module(module)
    t = get_item("topic", module, topic)
    if isinstance(t, BrokenFile):
        return broken(t)
    quiz = t.doc.quiz
    if quiz is None:
        abort(404)
    chosen = {q.id: request.form.getlist(f"q-{q.id}")[:20] for q in quiz.questions}
    result = grade(quiz, chosen, m.pass_mark)
    if wants_fragment():
        response = render_template("quizzes/_quiz.html", module=m, topic=t, quiz=quiz, result=result)
        return response, 200, {"Vary": "HX-Request"}
    cat = catalog()
    previous, following = cat.neighbours(t)
    return render(
        "lessons/topic.html",
        t.title,
        module=m,
        topic=t,
        activities=cat.activities_for(t),
        previous=previous,
        following=following,
        quiz_result=result,
    )
