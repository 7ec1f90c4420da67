"""Rapporteur reports: editing a session's report, filling it from the rooms, Markdown and printable exports.

Who may edit: the workshop's owner (the facilitator who planned it) and admins. The rapporteur is a name on
the session, not necessarily an account: the facilitator types the report with them, or lends them the
laptop, which is how workshops run on a venue LAN.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, url_for
from flask_login import current_user

from toolbox.auth.access import role_required
from toolbox.auth.models import utcnow
from toolbox.extensions import db
from toolbox.web import fragment, render, wants_fragment
from toolbox.workshops import services as planner
from toolbox.workshops.models import Workshop, WorkshopSession

from . import services
from .forms import ReportForm
from .models import SessionReport

bp = Blueprint("reports", __name__)
BASE = "/workshops/<int:workshop_id>"


def _owned(workshop_id: int, session_id: int | None = None) -> tuple[Workshop, WorkshopSession | None]:
    """The workshop (and session) if the current user owns it or is an admin; 404 otherwise."""
    w = planner.owned_workshop(current_user, workshop_id) or abort(404)
    if session_id is None:
        return w, None
    return w, planner.session_of(w, session_id) or abort(404)


def _download(text: str, name: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{name}.md"', "Cache-Control": "private, no-store"}
    return Response(text, mimetype="text/markdown", headers=headers)


def _texts(form: ReportForm) -> dict[str, str]:
    return {f: getattr(form, f).data or "" for f in services.FIELDS}


def _errors(form: ReportForm) -> str:
    return " ".join(e for errors in form.errors.values() for e in errors) or "The report could not be saved: reload the page and try again."


def _page(w: Workshop, s: WorkshopSession, form: ReportForm, report: SessionReport, status: int = 200, saved: bool = False):
    return render(
        "reports/report.html",
        f"Report: {s.title}",
        workshop=w,
        session=s,
        form=form,
        report=report,
        summaries=services.summaries(s),
        parts=services.PARTS,
        saved=saved,
        status=status,
    )


@bp.route(f"{BASE}/sessions/<int:session_id>/report", methods=["GET", "POST"])
@role_required("facilitator")
def report(workshop_id: int, session_id: int):
    """The session's report in the template's shape, pre-filled from its rooms; saved on submit and as the rapporteur types."""
    w, s = _owned(workshop_id, session_id)
    report = services.draft(s)
    form = ReportForm(obj=report, rapporteur=s.rapporteur)
    if not form.is_submitted():
        return _page(w, s, form, report)
    error = None
    if form.validate_on_submit():
        try:
            report = services.save(s, form.rapporteur.data or "", _texts(form), bool(form.anonymous.data), form.other_names.data or "")
        except services.ReportError as exc:
            db.session.rollback()
            error = str(exc)
        else:
            db.session.commit()
    else:
        error = _errors(form)
    if wants_fragment():
        return fragment("reports/_status.html", 422 if error else 200, report=report, error=error, saved=error is None)
    if error:
        form.form_errors.append(error)
        return _page(w, s, form, report, status=422)
    flash("Report saved.", "success")
    return redirect(url_for("reports.report", workshop_id=w.id, session_id=s.id), 303)


@bp.post(f"{BASE}/sessions/<int:session_id>/report/fill")
@role_required("facilitator")
def fill(workshop_id: int, session_id: int):
    """Save the report as sent, then add the rooms' latest results to the end of the summary (each room's block once)."""
    w, s = _owned(workshop_id, session_id)
    report = services.draft(s)
    form = ReportForm()
    error = None
    if form.validate_on_submit():
        try:
            services.save(s, form.rapporteur.data or "", _texts(form), bool(form.anonymous.data), form.other_names.data or "")
            report, added = services.fill_from_rooms(s)
        except services.ReportError as exc:
            db.session.rollback()
            error = str(exc)
        else:
            db.session.commit()
            if added:
                flash(f"Report saved, and the results of {added} room{'s' if added != 1 else ''} added to the summary.", "success")
            else:
                flash("Report saved. The summary already holds the rooms' latest results.", "info")
            return redirect(url_for("reports.report", workshop_id=w.id, session_id=s.id) + "#report-summary", 303)
    form.form_errors.append(error or _errors(form))
    return _page(w, s, form, report, status=422)


@bp.get(f"{BASE}/sessions/<int:session_id>/report.md")
@role_required("facilitator")
def export(workshop_id: int, session_id: int):
    """The session's report as a Markdown file."""
    w, s = _owned(workshop_id, session_id)
    r = services.view(w, s)
    return _download(services.markdown(r), f"report-{services.filename(r.session)}")


@bp.get(f"{BASE}/sessions/<int:session_id>/report/print")
@role_required("facilitator")
def printable(workshop_id: int, session_id: int):
    """The session's report as a page to print or save as PDF."""
    w, s = _owned(workshop_id, session_id)
    r = services.view(w, s)
    return render("reports/print.html", f"Report: {r.session}", workshop=w, session=s, r=r, when=utcnow())


@bp.get(f"{BASE}/reports.md")
@role_required("facilitator")
def export_all(workshop_id: int):
    """Every session's report, merged into one Markdown file."""
    w, _ = _owned(workshop_id)
    reports = services.workshop_views(w)
    return _download(services.workshop_markdown(w.title, w.place, reports), f"reports-{services.filename(w.title)}")


@bp.get(f"{BASE}/reports/print")
@role_required("facilitator")
def print_all(workshop_id: int):
    """Every session's report, merged into one page to print or save as PDF."""
    w, _ = _owned(workshop_id)
    reports = services.workshop_views(w)
    title, place = services.merged_text(w.title, reports), services.merged_text(w.place, reports)
    return render(
        "reports/workshop_print.html", f"Reports: {title}", workshop=w, heading=title, place=place, reports=reports, when=utcnow()
    )
