"""Cohorts: facilitators create and follow them; learners join with a code."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_login import current_user, login_required

from toolbox.auth.access import role_required
from toolbox.auth.forms import ConfirmForm
from toolbox.catalog import catalog
from toolbox.extensions import db
from toolbox.journal import services as journal
from toolbox.progress import services as progress
from toolbox.web import render, retry_later

from . import services
from .forms import CohortForm, JoinForm

bp = Blueprint("cohorts", __name__, url_prefix="/cohorts")


def _owned(cohort_id: int):
    """The facilitator's own cohort, or 404 (others' cohorts are not revealed)."""
    return services.owned_cohort(current_user, cohort_id) or abort(404)


def _modules(choice: str | None = None):
    modules = catalog().published_modules()
    picked = [m for m in modules if m.slug == choice]
    return picked or modules, (picked[0].slug if picked else "")


@bp.route("/", methods=["GET", "POST"])
@role_required("facilitator")
def index():
    """The facilitator's cohorts, and a form to create one."""
    form = CohortForm()
    if form.validate_on_submit():
        cohort = services.create_cohort(current_user, form.name.data, form.key.data or None)
        db.session.commit()
        flash(f"Cohort created. Learners join it with the code {cohort.code}.", "success")
        return redirect(url_for("cohorts.cohort", cohort_id=cohort.id), 303)
    mine = services.owned(current_user)
    return render(
        "cohorts/index.html", "My cohorts", form=form, cohorts=mine, counts=services.member_counts(mine), status=422 if form.errors else 200
    )


@bp.get("/<int:cohort_id>")
@role_required("facilitator")
def cohort(cohort_id: int):
    """Members × topics: done, and best quiz score."""
    c = _owned(cohort_id)
    modules, chosen = _modules(request.args.get("module"))
    return render(
        "cohorts/cohort.html",
        c.name,
        cohort=c,
        rows=services.table(c, modules),
        modules=modules,
        all_modules=catalog().published_modules(),
        chosen=chosen,
        confirm=ConfirmForm(),
    )


@bp.get("/<int:cohort_id>/export.csv")
@role_required("facilitator")
def export(cohort_id: int):
    """The members × topics table as CSV."""
    c = _owned(cohort_id)
    modules, chosen = _modules(request.args.get("module"))
    name = f"cohort-{c.id}{'-' + chosen if chosen else ''}.csv"
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store"}
    return Response(services.to_csv(services.table(c, modules), modules), mimetype="text/csv", headers=headers)


@bp.get("/<int:cohort_id>/members/<int:user_id>")
@role_required("facilitator")
def member(cohort_id: int, user_id: int):
    """One member: progress, every quiz attempt with its answers, and the journal entries they shared."""
    c = _owned(cohort_id)
    learner = services.member(c, user_id) or abort(404)
    mine = progress.progress_of([learner.id], catalog().published_modules())[learner.id]
    shared = journal.organise(journal.entries_of(learner.id, shared_only=True), catalog())
    return render(
        "cohorts/member.html",
        learner.name,
        cohort=c,
        learner=learner,
        modules=mine,
        reviews=services.quiz_reviews(learner.id, mine),
        shared=shared,
    )


@bp.post("/<int:cohort_id>/code")
@role_required("facilitator")
def renew_code(cohort_id: int):
    """Give the cohort a new join code."""
    c = _owned(cohort_id)
    if ConfirmForm().validate_on_submit():
        services.renew_code(c)
        db.session.commit()
        flash(f"New join code: {c.code}. The old code no longer works.", "success")
    return redirect(url_for("cohorts.cohort", cohort_id=c.id), 303)


@bp.post("/<int:cohort_id>/members/<int:user_id>/remove")
@role_required("facilitator")
def remove(cohort_id: int, user_id: int):
    """Take a member out of the cohort."""
    c = _owned(cohort_id)
    if ConfirmForm().validate_on_submit() and services.leave(user_id, c.id):
        db.session.commit()
        flash("The member was removed from the cohort.", "success")
    return redirect(url_for("cohorts.cohort", cohort_id=c.id), 303)


@bp.route("/join", methods=["GET", "POST"])
@login_required
def join():
    """Join a cohort with the code the facilitator gave."""
    form = JoinForm(code=request.args.get("code", "")[:40])
    status, retry_after = 422, None
    if form.validate_on_submit():
        try:
            c = services.join(current_user, form.code.data, request.remote_addr or "unknown")
        except services.CohortError as exc:
            db.session.commit()  # only the failed attempt, for the rate limit
            form.code.errors = [*form.code.errors, str(exc)]
            status = 429 if isinstance(exc, services.TooManyAttempts) else 422
            retry_after = getattr(exc, "retry_after", None)
        else:
            db.session.commit()
            flash(f"You joined {c.name}.", "success")
            return redirect(url_for("progress.learning"), 303)
    return retry_later(render("cohorts/join.html", "Join a cohort", form=form, status=status if form.errors else 200), retry_after)


@bp.post("/<int:cohort_id>/leave")
@login_required
def leave(cohort_id: int):
    """Leave a cohort: its facilitator no longer sees my progress."""
    if ConfirmForm().validate_on_submit() and services.leave(current_user.id, cohort_id):
        db.session.commit()
        flash("You left the cohort.", "success")
    return redirect(url_for("progress.learning"), 303)
