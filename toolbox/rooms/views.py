"""Live rooms: opening from a guide, the facilitator console, the projector, and participants' phones."""

from __future__ import annotations

import io
import secrets
from datetime import timedelta

import segno
from flask import Blueprint, Response, abort, current_app, flash, redirect, request, session, url_for
from flask_login import current_user
from werkzeug.exceptions import TooManyRequests

from toolbox.auth import limits
from toolbox.auth.access import role_required
from toolbox.auth.limits import Limited, Rule
from toolbox.auth.models import User
from toolbox.catalog import catalog, get_item, get_module
from toolbox.content.models import Activity
from toolbox.extensions import db
from toolbox.rooms.methods import IllegalAction
from toolbox.web import fragment, render, retry_later, wants_fragment

from . import exports, identity, services, summary
from .forms import CodeForm, ConfirmForm, FacilitatorForm, JoinForm, MoveForm, RunForm, TimerForm, form_error
from .live import handler
from .models import Participant, Room

bp = Blueprint("rooms", __name__)


@bp.app_template_global()
def new_key() -> str:
    """A fresh token for a form that creates something: sent twice, it still creates one."""
    return secrets.token_urlsafe(16)


# Wrong room codes per address: plenty for a venue's typos; after them a guess waits 5 s, then 10 s… up to
# 2 minutes, so guessing one of 9.8 million codes stays hopeless while a venue is never locked out for long.
WRONG_CODES = Rule(free=30, window=timedelta(hours=1), first_wait=5, longest_wait=120)
# One browser joining one room again and again (a removed person may rejoin; a script may not, many times).
BROWSER_JOINS = Rule(free=5, first_wait=30)


def joins_per_room() -> Rule:
    """Joins of one room a minute, from the settings; past them a join waits a few seconds."""
    return Rule(free=current_app.config["ROOM_JOINS_PER_MINUTE"], window=timedelta(minutes=1), first_wait=1, longest_wait=10)


def code_checks() -> list[tuple[str, Rule]]:
    return [(f"join:{request.remote_addr or 'unknown'}", WRONG_CODES)]


def browser_id() -> str:
    """A random id for this browser's session: joins are limited per browser as well as per room."""
    return session.setdefault("browser", secrets.token_urlsafe(9))


def own_room(room_id: int) -> Room:
    """A room the current facilitator runs (its owner or a co-facilitator; admins may open any); 404 or 403 otherwise."""
    room = db.session.get(Room, room_id)
    if room is None:
        abort(404)
    if not services.runs(room, current_user):
        abort(403)
    return room


def unchanged(room: Room) -> bool:
    """A poll that already shows the room's current version gets an empty 204."""
    return wants_fragment() and request.args.get("v", type=int) == room.version


def no_content() -> Response:
    response = Response(status=204)
    response.vary.add("HX-Request")
    return response


def join_url(room: Room) -> str:
    base = current_app.config.get("PUBLIC_URL") or request.host_url
    return base.rstrip("/") + url_for("rooms.participant", code=room.code)


def room_context(room: Room, view: str, participant: Participant | None = None) -> dict:
    """Everything the templates of a room need, and no more (a phone asks often and needs little)."""
    module, _, slug = room.activity.partition("/")
    guide = catalog().activity(module, slug)
    on_phone = view == "participant"
    method = services.machine(room)
    ctx = {
        "room": room,
        "view": view,
        "machine": method,
        "phase": method.phase(room.phase),
        "phase_label": method.phase_label(room.phase, room.state, room.settings),
        "phase_hint": method.phase_hint(room.phase, room.state, room.settings),
        "moves": [] if on_phone else [(m, method.move_label(m, room.state, room.settings)) for m in services.available_moves(room)],
        "timer": services.timer(room),
        "join_url": join_url(room),
        "guide": guide if isinstance(guide, Activity) else None,
        "participant": participant,
        # Phase templates define a macro called participant(), which hides the variable inside them.
        "me_id": participant.id if participant else None,
        "participants": [] if on_phone else services.participants(room),
        "asks_attributes": handler(room.method).asks_attributes,
    }
    ctx["people"] = len(ctx["participants"]) if not on_phone else services.people(room)
    if view == "console":
        ctx["owner"] = db.session.get(User, room.facilitator_id)
        ctx["co_facilitators"] = services.co_facilitators(room)
        ctx["may_share"] = services.may_share(room, current_user)
    ctx.update(handler(room.method).context(room, view, participant))
    return ctx


def show(room: Room, view: str, status: int = 200, **extra):
    """Render the console, projector or participant view (fragment for htmx)."""
    title = {"console": f"Console: {room.title}", "projector": room.title, "participant": room.title}[view]
    return render(f"rooms/{view}.html", title, status=status, **room_context(room, view, extra.pop("participant", None)), **extra)


@bp.post("/activities/<module>/<activity>/run")
@role_required("facilitator")
def run(module: str, activity: str):
    """Open a live room for an activity guide."""
    get_module(module)
    a = get_item("activity", module, activity)
    form = RunForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        room = services.open_room(a, current_user, form.key.data or None)
    except IllegalAction as exc:
        flash(str(exc), "error")
        return redirect(url_for("activities.guide", module=module, activity=activity))
    db.session.commit()
    return redirect(url_for("rooms.console", room_id=room.id))


@bp.get("/rooms/")
@role_required("facilitator")
def sessions():
    """The facilitator's rooms, past and present, with their results."""
    rooms = services.rooms_of(current_user)
    return render("rooms/sessions.html", "My sessions", summaries=[(r, summary.summarise(r)) for r in rooms], confirm=ConfirmForm())


@bp.get("/rooms/<int:room_id>")
@role_required("facilitator")
def console(room_id: int):
    """The facilitator console: phases, timer, participants, the guide's steps."""
    room = own_room(room_id)
    if unchanged(room):
        return no_content()
    return show(room, "console")


@bp.get("/rooms/<int:room_id>/projector")
@role_required("facilitator")
def projector(room_id: int):
    """The projector: code and QR while joining, timer, live or revealed results."""
    room = own_room(room_id)
    if unchanged(room):
        return no_content()
    return show(room, "projector", confirm=ConfirmForm())


def after_change(room: Room, view: str, error: str | None = None):
    """Commit, then answer htmx with the updated fragment and others with a redirect."""
    if error is None:
        db.session.commit()
    else:
        db.session.rollback()
        db.session.refresh(room)
    if wants_fragment():
        return show(room, view, status=200 if error is None else 422, error=error)
    if error:
        flash(error, "error")
    endpoint = "rooms.projector" if view == "projector" else "rooms.console"
    return redirect(url_for(endpoint, room_id=room.id))


def _view(form) -> str:
    return "projector" if getattr(form, "view", None) is not None and form.view.data == "projector" else "console"


@bp.post("/rooms/<int:room_id>/moves")
@role_required("facilitator")
def make_move(room_id: int):
    """Open, lock, reveal… (or 'next' for the move that carries the activity forward)."""
    room = own_room(room_id)
    form = MoveForm()
    if not form.validate_on_submit():
        return after_change(room, _view(form), "That action was not understood.")
    name = form.move.data
    if name == "next":
        name = services.next_move_name(room)
        if name is None:
            return after_change(room, _view(form), "This is the last step.")
    try:
        services.move(room, name)
    except IllegalAction as exc:
        return after_change(room, _view(form), str(exc))
    return after_change(room, _view(form))


@bp.post("/rooms/<int:room_id>/timer")
@role_required("facilitator")
def control_timer(room_id: int):
    """Start, pause, resume, add a minute, reset."""
    room = own_room(room_id)
    form = TimerForm()
    if not form.validate_on_submit():
        return after_change(room, _view(form), "; ".join(e for errs in form.errors.values() for e in errs) or "Not understood.")
    op, seconds = form.op.data, (form.minutes.data or 5) * 60
    if op == "toggle":
        t = services.timer(room)
        op = "pause" if t.running else ("resume" if t.remaining else "start")
    if op == "add":
        seconds = 60
    try:
        services.control_timer(room, op, seconds, form.key.data or None)
    except IllegalAction as exc:
        return after_change(room, _view(form), str(exc))
    return after_change(room, _view(form))


@bp.post("/rooms/<int:room_id>/participants/<int:participant_id>/remove")
@role_required("facilitator")
def remove(room_id: int, participant_id: int):
    """Take a participant out of the room."""
    room = own_room(room_id)
    if not ConfirmForm().validate_on_submit():
        return after_change(room, "console", "The form expired: reload the page.")
    try:
        services.remove_participant(room, participant_id)
    except IllegalAction as exc:
        return after_change(room, "console", str(exc))
    return after_change(room, "console")


@bp.post("/rooms/<int:room_id>/facilitators")
@role_required("facilitator")
def facilitators(room_id: int):
    """Add a co-facilitator by email, or remove one: only the room's owner and admins may."""
    room = own_room(room_id)
    if not services.may_share(room, current_user):
        abort(403)
    form = FacilitatorForm()
    try:
        if not form.validate_on_submit():
            raise IllegalAction(form_error(form))
        if form.op.data == "add":
            if not form.email.data:
                raise IllegalAction("Type the email address of the facilitator who runs the room with you.")
            services.add_co_facilitator(room, form.email.data)
        elif form.user_id.data is None or not services.remove_co_facilitator(room, form.user_id.data):
            raise IllegalAction("That person does not run this room.")
    except IllegalAction as exc:
        if not wants_fragment():
            return after_change(room, "console", str(exc))
        # Said beside the form it came from (the console's error box is a screen away), with what was typed.
        db.session.rollback()
        return show(room, "console", status=422, team_error=str(exc), team_email=(form.email.data or "")[:254])
    return after_change(room, "console")


@bp.post("/rooms/<int:room_id>/close")
@role_required("facilitator")
def close(room_id: int):
    """Close the room: results are kept, every screen stops polling."""
    room = own_room(room_id)
    if not ConfirmForm().validate_on_submit():
        return after_change(room, "console", "The form expired: reload the page.")
    services.close(room)
    return after_change(room, "console")


@bp.get("/rooms/<int:room_id>/results.<fmt>")
@role_required("facilitator")
def export(room_id: int, fmt: str):
    """The room's results as CSV or Markdown."""
    room = own_room(room_id)
    if fmt not in ("csv", "md"):
        abort(404)
    body, mimetype = (exports.csv_text(room), "text/csv") if fmt == "csv" else (exports.markdown_text(room), "text/markdown")
    response = Response(body, mimetype=f"{mimetype}; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="room-{room.code}-results.{fmt}"'
    return response


@bp.get("/rooms/<int:room_id>/qr.svg")
@role_required("facilitator")
def qr(room_id: int):
    """The QR code of the room's join address, drawn on the server."""
    room = own_room(room_id)
    out = io.BytesIO()
    segno.make(join_url(room), error="m").save(out, kind="svg", scale=10, border=2, dark="#000", light="#fff", title="Join the room")
    response = Response(out.getvalue(), mimetype="image/svg+xml")
    response.cache_control.private = True
    response.cache_control.max_age = 3600
    return response


@bp.route("/join", methods=["GET", "POST"])
def join_code():
    """Type the code shown on the screen."""
    form = CodeForm()
    status = 200
    retry_after = None
    if form.validate_on_submit():
        room = services.find_by_code(form.code.data)
        found = room is not None and not room.closed
        try:
            lookup(found)
        except Limited as exc:
            db.session.rollback()
            form.code.errors = [exc.message("Too many wrong codes")]
            status, retry_after = 429, exc.retry_after
        else:
            if found:
                return redirect(url_for("rooms.participant", code=room.code))
            db.session.commit()
            form.code.errors = ["No open room has this code. Check it on the screen and try again."]
            status = 404
    elif form.errors:
        status = 422
    return retry_later(render("rooms/join.html", "Join a room", form=form, status=status), retry_after)


def lookup(found: bool) -> None:
    """Count a code that found no room, atomically; raise Limited while guesses must wait, for right codes too.

    Parallel guesses get no more answers than the rule allows, and no answer tells that a guess was right.
    """
    if found:
        limits.check(code_checks())
    else:
        limits.admit(code_checks())


def participant_room(code: str) -> Room:
    """The room with this code. Browsers not in it count wrong codes against their address, as on /join."""
    room = services.find_by_code(code)
    if room is not None and identity.participant_id(room.id) is not None:
        return room
    try:
        lookup(room is not None)
    except Limited as exc:
        db.session.rollback()
        raise TooManyRequests(retry_after=exc.retry_after) from None
    if room is None:
        db.session.commit()
        abort(404)
    return room


@bp.get("/r/<code>")
def participant(code: str):
    """A participant's phone: join, then one clear action at a time (`poll.py` answers the polls with no news)."""
    room = participant_room(code)
    if room.code != code:
        return redirect(url_for("rooms.participant", code=room.code))
    me = services.active_participant(room, identity.participant_id(room.id))
    removed = me is None and identity.participant_id(room.id) is not None
    return show(room, "participant", participant=me, join_form=JoinForm(), removed=removed)


@bp.post("/r/<code>/join")
def join(code: str):
    """Join with a display name; no account needed."""
    room = participant_room(code)
    form = JoinForm()
    if form.validate_on_submit():
        try:
            limits.admit([(f"room-joins:{room.id}", joins_per_room()), (f"room-joins:{room.id}:{browser_id()}", BROWSER_JOINS)])
            most = current_app.config["ROOM_MAX_PARTICIPANTS"]
            me = services.join(room, form.name.data, form.attributes(), form.key.data or None, most=most)
        except Limited as exc:
            db.session.rollback()
            form.name.errors = [exc.message("Many people are joining right now")]
            return retry_later(show(room, "participant", status=429, participant=None, join_form=form, removed=False), exc.retry_after)
        except services.RoomFull as exc:
            db.session.rollback()
            return show(room, "participant", status=409, participant=None, join_form=form, removed=False, full=exc.size)
        except IllegalAction as exc:
            db.session.rollback()
            form.name.errors = [str(exc)]
        else:
            db.session.commit()
            response = redirect(url_for("rooms.participant", code=room.code))
            identity.remember(response, room.id, me.id)
            return response
    return show(room, "participant", status=422, participant=None, join_form=form, removed=False)


@bp.post("/r/<code>/<action>")
def participant_action(code: str, action: str):
    """Something a participant does in the room's method: place dots, post a note, take a stand…"""
    room = participant_room(code)
    me = services.active_participant(room, identity.participant_id(room.id))
    if me is None:
        abort(403)
    act = handler(room.method).participant_actions.get(action)
    if act is None:
        abort(404)
    form = act.form()
    error = form_error(form) if not form.validate_on_submit() else None
    if error is None and room.closed:
        error = "This room is closed: nothing more can change."
    if error is None:
        try:
            act.run(room, me, form)
        except IllegalAction as exc:
            error = str(exc)
    if error is None:
        db.session.commit()
    else:
        db.session.rollback()
        db.session.refresh(room)
    if not wants_fragment():
        if error:
            flash(error, "error")
        return redirect(url_for("rooms.participant", code=room.code))
    if act.fragment:
        if error is None:
            return fragment(act.fragment, room=room, participant=me, **handler(room.method).context(room, "participant", me))
        # The phase may have moved on (the vote locked): the whole view replaces the part that was sent.
        response = show(room, "participant", status=422, participant=me, error=error)
        response.headers.update({"HX-Retarget": "#room-participant", "HX-Reswap": "outerHTML"})
        return response
    sent = None if error else f"{action}:{request.form.get('target', '')}"
    return show(room, "participant", status=200 if error is None else 422, participant=me, error=error, sent=sent)


@bp.post("/rooms/<int:room_id>/<action>")
@role_required("facilitator")
def facilitator_action(room_id: int, action: str):
    """Something the facilitator does in the room's method: edit options, choose hosts, award points…"""
    room = own_room(room_id)
    act = handler(room.method).facilitator_actions.get(action)
    if act is None:
        abort(404)
    form = act.form()
    view = "projector" if request.form.get("view") == "projector" else "console"
    if room.closed:
        return after_change(room, view, "This room is closed.")
    if not form.validate_on_submit():
        return after_change(room, view, form_error(form))
    try:
        act.run(room, form)
    except IllegalAction as exc:
        return after_change(room, view, str(exc))
    return after_change(room, view)
