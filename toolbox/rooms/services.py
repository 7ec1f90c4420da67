"""The room engine: opening rooms, joining, phases, the timer, removing people, closing.

Every change starts with `bump()`: it raises the room's version first, which also locks the room's row
(PostgreSQL) or takes the write lock (SQLite), so concurrent changes to one room queue up.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, timedelta
from typing import Any

from sqlalchemy import delete, func, inspect, select, update
from sqlalchemy.exc import IntegrityError

from toolbox.auth.models import User, utcnow
from toolbox.auth.services import find_user
from toolbox.content.models import Activity
from toolbox.extensions import begin_write, db
from toolbox.rooms.methods import METHODS, IllegalAction, LiveMethod
from toolbox.sql import insert

from .models import Participant, Room, RoomAction, RoomFacilitator

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a code read off a projector from the back of a room is typed right.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 5
MAX_NAME = 40
MAX_TIMER = 4 * 60 * 60


def handler(method: str):
    """The method's database side (imported late: the handlers themselves use this module)."""
    from toolbox.rooms.live import handler as of

    return of(method)


def machine(room: Room) -> LiveMethod:
    method = METHODS[room.method].machine
    assert method is not None, room.method
    return method


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    """Codes are typed on phones: ignore case, spaces and dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())[:12]


def find_by_code(code: str) -> Room | None:
    return db.session.scalar(select(Room).where(Room.code == normalise_code(code)))


def bump(room: Room, everyone: bool = True, participant: Participant | None = None, also: Iterable[int] = ()) -> None:
    """Raise the room's version in this transaction (and lock the room for it).

    `everyone`: the change shows on every phone (raises the stage); otherwise only `participant`'s
    own view changed, and those of the participants whose ids are in `also` (a table, a group).
    """
    values = {"version": Room.version + 1, **({"stage": Room.stage + 1} if everyone else {})}
    # The statement returns the whole row as it is once locked, and `room` takes it: on PostgreSQL another
    # writer may have changed the room (phase, state, timer) after this request read it and before the
    # lock was granted. (The id comes from the identity, so an expired room is not read again first.)
    db.session.execute(
        update(Room).where(Room.id == inspect(room).identity[0]).values(**values).returning(Room),
        execution_options={"populate_existing": True},
    ).scalar_one()
    if participant is not None:
        db.session.execute(
            update(Participant)
            .where(Participant.id == inspect(participant).identity[0])
            .values(version=Participant.version + 1)
            .returning(Participant),
            execution_options={"populate_existing": True},
        ).scalar_one()
    notify(room, also)


def notify(room: Room, participant_ids: Iterable[int]) -> None:
    """Make these participants' phones fetch their view again (their table or group changed)."""
    ids = sorted(set(participant_ids))
    if ids:
        db.session.execute(
            update(Participant).where(Participant.room_id == room.id, Participant.id.in_(ids)).values(version=Participant.version + 1)
        )


def keyed(kind: str, key: str):
    """The condition on room actions: one of this kind, recorded with this form key."""
    return (RoomAction.kind == kind) & (RoomAction.data["key"].as_string() == key)


def done_before(room: Room, kind: str, key: str | None) -> bool:
    """Whether an action of this kind with this form key was already applied to the room (a re-sent form)."""
    if not key:
        return False
    return db.session.scalar(select(RoomAction.id).where(RoomAction.room_id == room.id, keyed(kind, key))) is not None


def record(room: Room, kind: str, participant: Participant | None = None, **data: Any) -> None:
    db.session.add(RoomAction(room_id=room.id, participant_id=participant.id if participant else None, kind=kind, data=data))


def open_room(activity: Activity, facilitator: User, key: str | None = None) -> Room:
    """Start a room for a live activity guide; the same 'Run live' form sent again (same `key`) gets the same room."""
    method = METHODS[activity.method].machine
    if method is None:
        raise IllegalAction(f"{METHODS[activity.method].label} cannot run live yet.")
    begin_write()
    if key:
        # The facilitator's row is the lock on PostgreSQL (SQLite has one writer anyway): two copies sent at once open one room.
        db.session.execute(select(User.id).where(User.id == facilitator.id).with_for_update())
        again = db.session.scalar(
            select(Room).join(RoomAction, RoomAction.room_id == Room.id).where(Room.facilitator_id == facilitator.id, keyed("open", key))
        )
        if again is not None:
            return again
    for _ in range(20):
        room = Room(
            code=new_code(),
            activity=activity.key,
            method=activity.method,
            title=activity.title,
            facilitator_id=facilitator.id,
            settings=method.room_settings(activity),
            state=method.initial_state(activity.settings),
            phase=method.first_phase(),
        )
        try:
            with db.session.begin_nested():
                db.session.add(room)
        except IntegrityError:
            continue  # the code was taken: draw another
        record(room, "open", activity=activity.key, **({"key": key} if key else {}))
        return room
    raise RuntimeError("could not find a free room code")


def clean_name(name: str) -> str:
    """A display name: printable, single-spaced, 1–40 characters."""
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    name = " ".join(name.split())
    if not name:
        raise IllegalAction("Please type a name others will recognise.")
    if len(name) > MAX_NAME:
        raise IllegalAction(f"Please keep your name under {MAX_NAME} characters.")
    return name


ATTRIBUTES = ("territory", "role", "expertise")
MAX_ATTRIBUTE = 60


def clean_attributes(values: dict[str, str | None]) -> dict[str, str]:
    """What someone says of themselves (territory, role, expertise): optional, short, single-spaced."""
    out = {}
    for key in ATTRIBUTES:
        value = " ".join("".join(ch for ch in unicodedata.normalize("NFC", values.get(key) or "") if ch.isprintable()).split())
        if len(value) > MAX_ATTRIBUTE:
            raise IllegalAction(f"Please keep your {key} under {MAX_ATTRIBUTE} characters.")
        if value:
            out[key] = value
    return out


class RoomFull(IllegalAction):
    """The room has as many participants as it may: `size` of them."""

    def __init__(self, size: int) -> None:
        self.size = size
        super().__init__(f"This room is full: it already has {size} participants.")


def join(
    room: Room, name: str, attributes: dict[str, str | None] | None = None, key: str | None = None, most: int | None = None
) -> Participant:
    """Add a participant (late joiners too, until the room closes); a join form sent again (same `key`) gets the same one.

    `most`: the participant cap, counted under the room's lock so that parallel joins cannot pass it.
    """
    if room.closed:
        raise IllegalAction("This room is closed.")
    name = clean_name(name)
    attrs = clean_attributes(attributes or {})
    begin_write()
    bump(room, everyone=False)
    if key:  # under the room's lock, so two copies of one form sent at once still make one participant
        again = db.session.scalar(
            select(Participant)
            .join(RoomAction, RoomAction.participant_id == Participant.id)
            .where(RoomAction.room_id == room.id, keyed("join", key))
        )
        if again is not None:
            return again
    taken = set(db.session.scalars(select(Participant.name).where(Participant.room_id == room.id, Participant.removed.is_(False))))
    if most is not None and len(taken) >= most:
        raise RoomFull(len(taken))
    base, n = name, 2
    while name in taken:
        name = f"{base[: MAX_NAME - 4]} ({n})"
        n += 1
    participant = Participant(room_id=room.id, name=name, attributes=attrs)
    db.session.add(participant)
    db.session.flush()
    record(room, "join", participant, **({"key": key} if key else {}))
    handler(room.method).after_join(room, participant)
    return participant


def active_participant(room: Room, participant_id: int | None) -> Participant | None:
    """The participant of this room with that id, unless removed."""
    if participant_id is None or not 0 < participant_id < 2**31:
        return None  # (an id sent in a form may be any number; the database's integers stop there)
    p = db.session.get(Participant, participant_id)
    return p if p is not None and p.room_id == room.id and not p.removed else None


def participants(room: Room) -> list[Participant]:
    return list(
        db.session.scalars(
            select(Participant)
            .where(Participant.room_id == room.id, Participant.removed.is_(False))
            .order_by(Participant.joined_at, Participant.id)
        )
    )


def people(room: Room) -> int:
    """How many participants are in the room now."""
    return db.session.scalar(select(func.count()).where(Participant.room_id == room.id, Participant.removed.is_(False))) or 0


def remove_participant(room: Room, participant_id: int) -> Participant:
    """Take someone out of the room; their contributions stay in the results."""
    begin_write()
    p = active_participant(room, participant_id)
    if p is None:
        raise IllegalAction("That participant is not in this room.")
    bump(room, everyone=False, participant=p)
    p.removed = True
    record(room, "remove", p)
    handler(room.method).after_remove(room, p)
    return p


class RoomChanged(Exception):
    """The room changed between the reads a move's work was computed from and the move's write transaction."""


def move(room: Room, name: str) -> str:
    """Apply a facilitator move (open, lock, next round…) and what it sets off; returns the new phase.

    Work that grows with the room (forming groups) is computed before the write transaction, so no other
    write waits for it; the transaction checks the room is still as read and writes. If it changed
    meanwhile, the work is done once more; if it changes again, the facilitator is asked to retry.
    """
    try:
        return _move(room, name)
    except RoomChanged:
        db.session.rollback()  # nothing of that attempt is kept; the room is read again
    try:
        return _move(room, name)
    except RoomChanged:
        raise IllegalAction("People joined or left while this was being prepared: please try again.") from None


def _move(room: Room, name: str) -> str:
    if room.closed:
        raise IllegalAction("This room is closed.")
    machine(room).transition(room.phase, name, room.state, room.settings)  # refused now, before any work
    finish = handler(room.method).prepare_move(room, name)
    begin_write()
    bump(room)
    before = room.phase
    room.phase, state = machine(room).transition(room.phase, name, room.state, room.settings)
    if state != room.state:
        room.state = state
    handler(room.method).after_move(room, name, before)
    if finish is not None:
        finish(room)
    record(room, "move", move=name, phase=room.phase)
    return room.phase


def available_moves(room: Room) -> list:
    """The facilitator's moves now."""
    return machine(room).available_moves(room.phase, room.state, room.settings)


def next_move_name(room: Room) -> str | None:
    """The move that carries the activity forward now, if any."""
    nxt = machine(room).next_move(room.phase, room.state, room.settings)
    return nxt.name if nxt else None


def set_state(room: Room, **changes: Any) -> None:
    """Change the method's state (e.g. live or hidden results)."""
    begin_write()
    bump(room)
    room.state = {**room.state, **changes}
    record(room, "state", **changes)


@dataclass(frozen=True)
class Timer:
    total: int
    remaining: int
    running: bool
    ends_at: float | None  # epoch seconds, for the countdown in the browser
    now: float  # the server's clock, so a device with a wrong clock still counts down right

    @property
    def finished(self) -> bool:
        return self.total > 0 and self.remaining <= 0


def timer(room: Room) -> Timer:
    """The timer as of now."""
    now = utcnow()
    stamp = now.replace(tzinfo=UTC).timestamp()
    if room.timer_ends_at is not None:
        left = (room.timer_ends_at - now).total_seconds()
        ends = room.timer_ends_at.replace(tzinfo=UTC).timestamp()
        return Timer(room.timer_seconds, max(0, round(left)), left > 0, ends, stamp)
    return Timer(room.timer_seconds, room.timer_remaining or 0, False, None, stamp)


def control_timer(room: Room, op: str, seconds: int = 0, key: str | None = None) -> None:
    """start (with seconds), pause, resume, add (seconds) or reset the room's timer; once per form `key`."""
    if room.closed:
        raise IllegalAction("This room is closed.")
    if op in ("start", "add") and not 0 < seconds <= MAX_TIMER:
        raise IllegalAction("Give a time between 1 second and 4 hours.")
    begin_write()
    bump(room)
    if done_before(room, "timer", key):  # under the room's lock: a re-sent "+1 minute" adds nothing more
        return
    now = utcnow()
    t = timer(room)
    if op == "start":
        room.timer_seconds, room.timer_ends_at, room.timer_remaining = seconds, now + timedelta(seconds=seconds), None
    elif op == "pause":
        if not t.running:
            raise IllegalAction("The timer is not running.")
        room.timer_ends_at, room.timer_remaining = None, t.remaining
    elif op == "resume":
        if t.running or not t.remaining:
            raise IllegalAction("There is no paused time to resume.")
        room.timer_ends_at, room.timer_remaining = now + timedelta(seconds=t.remaining), None
    elif op == "add":
        if t.running:
            room.timer_ends_at = room.timer_ends_at + timedelta(seconds=seconds)
        elif t.remaining:
            room.timer_remaining = t.remaining + seconds
        else:
            room.timer_ends_at, room.timer_remaining = now + timedelta(seconds=seconds), None
        room.timer_seconds = min(MAX_TIMER, room.timer_seconds + seconds)
    elif op == "reset":
        room.timer_seconds, room.timer_ends_at, room.timer_remaining = 0, None, None
    else:
        raise IllegalAction(f"Unknown timer action '{op}'.")
    record(room, "timer", op=op, seconds=seconds, **({"key": key} if key else {}))


def close(room: Room) -> None:
    """End the room: results are kept, polling stops."""
    if room.closed:
        return
    begin_write()
    bump(room)
    room.closed, room.closed_at = True, utcnow()
    record(room, "close")


def rooms_of(user: User) -> list[Room]:
    """The rooms a facilitator opened or co-runs, newest first (admins see only theirs here too)."""
    co_run = select(RoomFacilitator.room_id).where(RoomFacilitator.user_id == user.id)
    return list(
        db.session.scalars(
            select(Room).where((Room.facilitator_id == user.id) | Room.id.in_(co_run)).order_by(Room.created_at.desc(), Room.id.desc())
        )
    )


# Who runs a room: the facilitator who opened it (its owner), co-facilitators they add, and admins.


def co_facilitators(room: Room) -> list[User]:
    """The room's co-facilitators, in the order they were added."""
    return list(
        db.session.scalars(
            select(User)
            .join(RoomFacilitator, RoomFacilitator.user_id == User.id)
            .where(RoomFacilitator.room_id == room.id)
            .order_by(RoomFacilitator.added_at, User.id)
        )
    )


def runs(room: Room, user: User) -> bool:
    """True if `user` may run the room: its owner, a co-facilitator or an admin."""
    if may_share(room, user):
        return True
    return db.session.get(RoomFacilitator, (room.id, user.id)) is not None


def may_share(room: Room, user: User) -> bool:
    """True if `user` may choose who runs the room: its owner or an admin (not a co-facilitator)."""
    return room.facilitator_id == user.id or user.can("admin")


def add_co_facilitator(room: Room, email: str) -> User:
    """Let the facilitator with this email run the room too (not committed); adding someone twice changes nothing."""
    user = find_user(email)
    if user is None or not user.can("facilitator"):
        raise IllegalAction(f"No facilitator has an account with the email address {email.strip()}: they need one to run the room.")
    if user.id == room.facilitator_id:
        raise IllegalAction(f"{user.name} opened this room: they run it already.")
    begin_write()
    bump(room, everyone=False)
    db.session.execute(
        insert(RoomFacilitator)
        .values(room_id=room.id, user_id=user.id, added_at=utcnow())
        .on_conflict_do_nothing(index_elements=["room_id", "user_id"])
    )
    record(room, "co-facilitator", user=user.id)
    return user


def remove_co_facilitator(room: Room, user_id: int) -> bool:
    """Stop someone co-running the room (not committed); False if they did not."""
    begin_write()
    bump(room, everyone=False)
    gone = db.session.execute(
        delete(RoomFacilitator).where(RoomFacilitator.room_id == room.id, RoomFacilitator.user_id == user_id)
    ).rowcount
    if gone:
        record(room, "co-facilitator removed", user=user_id)
    return bool(gone)
