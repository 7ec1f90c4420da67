"""The workshop planner: programmes of days, sessions and activities; the day's view that opens each room; the agenda."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from toolbox.auth.access import role_required
from toolbox.auth.forms import ConfirmForm
from toolbox.catalog import can_preview, catalog
from toolbox.content.models import Activity
from toolbox.extensions import db
from toolbox.rooms.methods import METHODS, IllegalAction
from toolbox.web import render

from . import services, timing
from .forms import ActivityPickForm, FreeItemForm, MoveForm, NewFreeItemForm, NewSessionForm, NewWorkshopForm, SessionForm, WorkshopForm
from .models import ProgrammeItem, Workshop, WorkshopSession

bp = Blueprint("workshops", __name__, url_prefix="/workshops")


@bp.app_template_filter("minutes")
def minutes_filter(minutes: tuple[int, int]) -> str:
    """'20 minutes' or '20–30 minutes'."""
    return timing.span(minutes)


def _workshop(workshop_id: int) -> Workshop:
    """The workshop if the current user owns it (or is an admin); 404 otherwise, so others' workshops stay unseen."""
    return services.owned_workshop(current_user, workshop_id) or abort(404)


def _session(workshop: Workshop, session_id: int) -> WorkshopSession:
    return services.session_of(workshop, session_id) or abort(404)


def _item(workshop: Workshop, item_id: int) -> tuple[ProgrammeItem, WorkshopSession]:
    return services.item_of(workshop, item_id) or abort(404)


def _back(workshop: Workshop, anchor: str = ""):
    return redirect(url_for("workshops.workshop", workshop_id=workshop.id) + anchor, 303)


def _usable(guide: Activity, module_published: bool = True) -> bool:
    """Drafts are for authors and admins only, in the planner as everywhere."""
    return (guide.published and module_published) or can_preview()


def _messages(form) -> str:
    return " ".join(e for errors in form.errors.values() for e in errors) or "The form expired: reload the page and try again."


@bp.get("/")
@role_required("facilitator")
def index():
    """My workshops."""
    return render("workshops/index.html", "My workshops", workshops=services.workshops_of(current_user))


@bp.route("/new", methods=["GET", "POST"])
@role_required("facilitator")
def new():
    """Plan a new workshop: title, place, dates and the venue's time zone."""
    form = NewWorkshopForm()
    if form.validate_on_submit():
        try:
            w = services.create_workshop(
                current_user,
                form.title.data,
                form.place.data or "",
                form.starts_on.data,
                form.ends_on.data,
                form.timezone.data,
                form.key.data or None,
            )
        except services.PlannerError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash("Workshop created. Now add its sessions.", "success")
            return _back(w)
    return render(
        "workshops/edit.html", "Plan a workshop", form=form, workshop=None, status=422 if form.errors or form.form_errors else 200
    )


@bp.get("/<int:workshop_id>")
@role_required("facilitator")
def workshop(workshop_id: int):
    """The programme: days, sessions and their items, with each session's timing checked against its slot."""
    w = _workshop(workshop_id)
    return render(
        "workshops/workshop.html",
        w.title,
        workshop=w,
        days=services.programme(w, catalog()),
        confirm=ConfirmForm(),
        methods=METHODS,
        local=lambda moment: services.local(w, moment),
    )


@bp.route("/<int:workshop_id>/edit", methods=["GET", "POST"])
@role_required("facilitator")
def edit(workshop_id: int):
    """Change the workshop's title, place, dates or time zone."""
    w = _workshop(workshop_id)
    form = WorkshopForm(obj=w)
    if form.validate_on_submit():
        try:
            services.update_workshop(w, form.title.data, form.place.data or "", form.starts_on.data, form.ends_on.data, form.timezone.data)
        except services.PlannerError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash("Workshop updated.", "success")
            return _back(w)
    return render("workshops/edit.html", f"Edit: {w.title}", form=form, workshop=w, status=422 if form.errors or form.form_errors else 200)


@bp.route("/<int:workshop_id>/delete", methods=["GET", "POST"])
@role_required("facilitator")
def delete(workshop_id: int):
    """Delete the workshop (after a confirmation page)."""
    w = _workshop(workshop_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_workshop(w)
        db.session.commit()
        flash(f"The workshop “{w.title}” was deleted.", "success")
        return redirect(url_for("workshops.index"), 303)
    status = 422 if request.method == "POST" else 200
    return render("workshops/delete.html", f"Delete: {w.title}", workshop=w, session=None, form=form, status=status)


# Sessions -----------------------------------------------------------------------------------------


def _session_form_page(w: Workshop, form: SessionForm, s: WorkshopSession | None):
    status = 422 if form.errors or form.form_errors else 200
    title = f"Edit: {s.title}" if s else "Add a session"
    return render("workshops/session_form.html", title, workshop=w, session=s, form=form, days=services.days(w), status=status)


@bp.route("/<int:workshop_id>/sessions/new", methods=["GET", "POST"])
@role_required("facilitator")
def new_session(workshop_id: int):
    """Add a session: its day, its slot, a title and the names of its facilitator and rapporteur."""
    w = _workshop(workshop_id)
    day = request.args.get("day", "")
    form = NewSessionForm(day=_day_arg(w, day) or w.starts_on)
    if form.validate_on_submit():
        try:
            s = services.add_session(
                w,
                form.day.data,
                form.starts_at.data,
                form.ends_at.data,
                form.title.data,
                form.facilitator.data or "",
                form.rapporteur.data or "",
                form.key.data or None,
            )
        except services.PlannerError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash("Session added. Now pick its activities.", "success")
            return _back(w, f"#session-{s.id}")
    return _session_form_page(w, form, None)


@bp.route("/<int:workshop_id>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@role_required("facilitator")
def edit_session(workshop_id: int, session_id: int):
    """Change a session's day, slot, title or names."""
    w = _workshop(workshop_id)
    s = _session(w, session_id)
    form = SessionForm(obj=s)
    if form.validate_on_submit():
        try:
            services.update_session(
                w,
                s,
                form.day.data,
                form.starts_at.data,
                form.ends_at.data,
                form.title.data,
                form.facilitator.data or "",
                form.rapporteur.data or "",
            )
        except services.PlannerError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash("Session updated.", "success")
            return _back(w, f"#session-{s.id}")
    return _session_form_page(w, form, s)


@bp.route("/<int:workshop_id>/sessions/<int:session_id>/delete", methods=["GET", "POST"])
@role_required("facilitator")
def delete_session(workshop_id: int, session_id: int):
    """Delete a session with its items and its report (after a confirmation page)."""
    w = _workshop(workshop_id)
    s = _session(w, session_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_session(s)
        db.session.commit()
        flash(f"The session “{s.title}” was deleted.", "success")
        return _back(w)
    status = 422 if request.method == "POST" else 200
    return render("workshops/delete.html", f"Delete: {s.title}", workshop=w, session=s, form=form, status=status)


# Items --------------------------------------------------------------------------------------------


def _pick_page(w: Workshop, s: WorkshopSession, free: NewFreeItemForm | None = None, error: str | None = None, status: int = 200):
    cat = catalog()
    items = services.items_of([s.id])[s.id]
    plan = services.plan_session(w, s, items, cat, {}, datetime.now(UTC))
    return render(
        "workshops/pick.html",
        f"Add to: {s.title}",
        workshop=w,
        session=s,
        plan=plan,
        groups=services.choices(cat, can_preview()),
        methods=METHODS,
        free=free or NewFreeItemForm(),
        pick=ActivityPickForm(),
        error=error,
        status=status,
    )


@bp.get("/<int:workshop_id>/sessions/<int:session_id>/items/new")
@role_required("facilitator")
def pick(workshop_id: int, session_id: int):
    """The catalogue of activity guides to add to a session, and a form for a free item (a talk, a break)."""
    w = _workshop(workshop_id)
    return _pick_page(w, _session(w, session_id))


@bp.post("/<int:workshop_id>/sessions/<int:session_id>/items")
@role_required("facilitator")
def add_activity(workshop_id: int, session_id: int):
    """Add an activity guide at the end of the session."""
    w = _workshop(workshop_id)
    s = _session(w, session_id)
    form = ActivityPickForm()
    if not form.validate_on_submit():
        return _pick_page(w, s, error=_messages(form), status=422)
    module, _, slug = form.activity.data.partition("/")
    guide, m = catalog().activity(module, slug), catalog().module(module)
    if not isinstance(guide, Activity) or m is None or m.broken or not _usable(guide, m.published):
        message = (
            "There is no such activity guide."
            if guide is None
            else "That activity guide cannot be used now (it has errors, or is a draft)."
        )
        return _pick_page(w, s, error=message, status=422)
    try:
        services.add_activity(s, guide, form.key.data or None)
    except services.PlannerError as exc:
        db.session.rollback()
        return _pick_page(w, s, error=str(exc), status=422)
    db.session.commit()
    flash(f"Added “{guide.title}” to {s.title}.", "success")
    return redirect(url_for("workshops.pick", workshop_id=w.id, session_id=s.id), 303)


@bp.post("/<int:workshop_id>/sessions/<int:session_id>/items/free")
@role_required("facilitator")
def add_free_item(workshop_id: int, session_id: int):
    """Add an item that is not an activity guide (input presentations, a break, a plenary)."""
    w = _workshop(workshop_id)
    s = _session(w, session_id)
    form = NewFreeItemForm()
    if form.validate_on_submit():
        try:
            services.add_free_item(s, form.title.data, *form.minutes.data, key=form.key.data or None)
        except services.PlannerError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(f"Added “{form.title.data.strip()}” to {s.title}.", "success")
            return redirect(url_for("workshops.pick", workshop_id=w.id, session_id=s.id), 303)
    return _pick_page(w, s, free=form, status=422)


@bp.route("/<int:workshop_id>/items/<int:item_id>/edit", methods=["GET", "POST"])
@role_required("facilitator")
def edit_item(workshop_id: int, item_id: int):
    """Change a free item's title and minutes (an activity's come from its guide)."""
    w = _workshop(workshop_id)
    item, s = _item(w, item_id)
    if item.activity is not None:
        abort(404)
    form = FreeItemForm(title=item.title, minutes=(item.min_minutes, item.max_minutes))
    if form.validate_on_submit():
        try:
            services.update_free_item(item, form.title.data, *form.minutes.data)
        except services.PlannerError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash("Item updated.", "success")
            return _back(w, f"#session-{s.id}")
    status = 422 if form.errors or form.form_errors else 200
    return render("workshops/item_form.html", f"Edit: {item.title}", workshop=w, session=s, item=item, form=form, status=status)


@bp.post("/<int:workshop_id>/items/<int:item_id>/move")
@role_required("facilitator")
def move_item(workshop_id: int, item_id: int):
    """Move an item one place up or down in its session."""
    w = _workshop(workshop_id)
    item, s = _item(w, item_id)
    form = MoveForm()
    if not form.validate_on_submit():
        flash(_messages(form), "error")
        return _back(w, f"#session-{s.id}")
    if services.move_item(item, form.direction.data):
        db.session.commit()
    else:
        db.session.rollback()
        flash("That item is already " + ("first." if form.direction.data == "up" else "last."), "info")
    return _back(w, f"#item-{item.id}")


@bp.post("/<int:workshop_id>/items/<int:item_id>/delete")
@role_required("facilitator")
def remove_item(workshop_id: int, item_id: int):
    """Take an item out of its session."""
    w = _workshop(workshop_id)
    item, s = _item(w, item_id)
    if not ConfirmForm().validate_on_submit():
        flash("The form expired: reload the page and try again.", "error")
        return _back(w, f"#session-{s.id}")
    services.remove_item(item)
    db.session.commit()
    flash(f"Removed “{item.title}” from {s.title}.", "success")
    return _back(w, f"#session-{s.id}")


# On the day ---------------------------------------------------------------------------------------


def _day_arg(w: Workshop, raw: str) -> date | None:
    try:
        day = date.fromisoformat(raw[:10]) if raw else None
    except ValueError:
        return None
    return day if day is not None and w.starts_on <= day <= w.ends_on else None


def _today(w: Workshop, now: datetime) -> date:
    """The workshop's day that is today at the venue, else its first day."""
    today = services.local(w, now).date()
    return today if w.starts_on <= today <= w.ends_on else w.starts_on


@bp.get("/<int:workshop_id>/day")
@role_required("facilitator")
def day(workshop_id: int):
    """On the day: each item's planned start, 'Open the room' for live activities, and whether the day runs late."""
    w = _workshop(workshop_id)
    now = datetime.now(UTC)
    chosen = _day_arg(w, request.args.get("day", "")) or _today(w, now)
    plan = next(d for d in services.programme(w, catalog(), now) if d.day == chosen)
    return render(
        "workshops/day.html",
        f"On the day: {w.title}",
        workshop=w,
        plan=plan,
        current=plan.current(now),
        days=services.days(w),
        now=services.local(w, now),
        confirm=ConfirmForm(),
        local=lambda moment: services.local(w, moment),
    )


@bp.post("/<int:workshop_id>/items/<int:item_id>/room")
@role_required("facilitator")
def open_room(workshop_id: int, item_id: int):
    """Open the live room of a programme item (or go to the one already open) and show its console."""
    w = _workshop(workshop_id)
    item, s = _item(w, item_id)
    back = url_for("workshops.day", workshop_id=w.id, day=s.day.isoformat()) + f"#item-{item.id}"
    if not ConfirmForm().validate_on_submit():
        flash("The form expired: reload the page and try again.", "error")
        return redirect(back, 303)
    guide = services.guide_of(item, catalog())
    if guide is None or not services.runnable(guide) or not _usable(guide):
        if item.room_id is not None:  # the guide changed since its room was opened: the room still works
            return redirect(url_for("rooms.console", room_id=item.room_id), 303)
        flash(f"“{item.title}” has no live room: run it on paper with its guide.", "error")
        return redirect(back, 303)
    try:
        room = services.open_item_room(w, s, item, guide, current_user)
    except IllegalAction as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(back, 303)
    db.session.commit()
    return redirect(url_for("rooms.console", room_id=room.id), 303)


@bp.get("/<int:workshop_id>/agenda")
@role_required("facilitator")
def agenda(workshop_id: int):
    """The programme as an agenda to print or save as PDF."""
    w = _workshop(workshop_id)
    return render(
        "workshops/agenda.html",
        f"Agenda: {w.title}",
        workshop=w,
        days=services.programme(w, catalog()),
        local=lambda moment: services.local(w, moment),
    )
