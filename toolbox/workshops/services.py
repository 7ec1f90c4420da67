"""Workshops: creating and editing programmes, and the programme as planned and as it runs on the day."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache

from sqlalchemy import func, select

from toolbox.auth.models import User
from toolbox.content import Catalog
from toolbox.content.models import Activity, Module
from toolbox.extensions import begin_write, db
from toolbox.rooms import services as rooms
from toolbox.rooms.methods import METHODS
from toolbox.rooms.models import Room
from toolbox.sql import add_once, created_by

from . import timing
from .models import ProgrammeItem, Workshop, WorkshopSession

MAX_DAYS = 14
MAX_ITEMS = 40  # per session
MAX_SESSIONS = 60  # per workshop
MAX_MINUTES = 12 * 60  # a free item


class PlannerError(ValueError):
    """A change the programme cannot take, with a message for the facilitator."""


# Time zones ---------------------------------------------------------------------------------------


@cache
@cache
def timezones() -> tuple[str, ...]:
    """Every time zone name this machine knows ('UTC' alone without time zone data); read from disk once."""
    return tuple(sorted(zoneinfo.available_timezones() | {"UTC"}))


def zone(name: str) -> tzinfo:
    """The time zone of that name; UTC when it is unknown here (so a programme still shows)."""
    if name == "UTC":
        return UTC
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC


def at(workshop: Workshop, day: date, clock: time) -> datetime:
    """A wall-clock time of the venue, as an aware UTC datetime (all arithmetic happens in UTC)."""
    return datetime.combine(day, clock, tzinfo=zone(workshop.timezone)).astimezone(UTC)


def utc(moment: datetime) -> datetime:
    """A stored time (naive UTC) as an aware UTC datetime."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def local(workshop: Workshop, moment: datetime) -> datetime:
    """A UTC datetime (aware, or naive as stored) as the venue's wall-clock time."""
    return utc(moment).astimezone(zone(workshop.timezone))


# Ownership ----------------------------------------------------------------------------------------


def may_manage(user: User, workshop: Workshop) -> bool:
    """Only the workshop's owner, and admins."""
    return workshop.owner_id == user.id or user.can("admin")


def owned_workshop(user: User, workshop_id: int) -> Workshop | None:
    """The workshop if this user may see and change it; None otherwise (it is not revealed)."""
    workshop = db.session.get(Workshop, workshop_id)
    return workshop if workshop is not None and may_manage(user, workshop) else None


def workshops_of(user: User) -> list[Workshop]:
    """A facilitator's own workshops, soonest first."""
    query = select(Workshop).where(Workshop.owner_id == user.id).order_by(Workshop.starts_on.desc(), Workshop.id.desc())
    return list(db.session.scalars(query))


def session_of(workshop: Workshop, session_id: int) -> WorkshopSession | None:
    """A session of this workshop (None for another workshop's session)."""
    s = db.session.get(WorkshopSession, session_id)
    return s if s is not None and s.workshop_id == workshop.id else None


def item_of(workshop: Workshop, item_id: int) -> tuple[ProgrammeItem, WorkshopSession] | None:
    """An item of one of this workshop's sessions, with its session."""
    item = db.session.get(ProgrammeItem, item_id)
    if item is None:
        return None
    s = session_of(workshop, item.session_id)
    return (item, s) if s is not None else None


# Workshops ----------------------------------------------------------------------------------------


def days(workshop: Workshop) -> list[date]:
    """Every date of the workshop, first to last."""
    return [workshop.starts_on + timedelta(days=n) for n in range((workshop.ends_on - workshop.starts_on).days + 1)]


def _check_dates(starts_on: date, ends_on: date, tz: str) -> None:
    if ends_on < starts_on:
        raise PlannerError("The last day comes before the first day.")
    if (ends_on - starts_on).days + 1 > MAX_DAYS:
        raise PlannerError(f"A workshop lasts at most {MAX_DAYS} days.")
    if tz not in timezones():
        raise PlannerError(f"Unknown time zone '{tz}'.")


def create_workshop(owner: User, title: str, place: str, starts_on: date, ends_on: date, tz: str, key: str | None = None) -> Workshop:
    """A new workshop, without sessions yet (not committed); the same form sent again (same `key`) gets the first one."""
    _check_dates(starts_on, ends_on, tz)
    begin_write()
    again = created_by(Workshop, key, owner_id=owner.id)
    if again is not None:
        return again
    workshop = Workshop(
        owner_id=owner.id, title=title.strip(), place=place.strip(), starts_on=starts_on, ends_on=ends_on, timezone=tz, form_key=key or None
    )
    return add_once(workshop, owner_id=owner.id)


def update_workshop(workshop: Workshop, title: str, place: str, starts_on: date, ends_on: date, tz: str) -> None:
    """Change a workshop's details; its dates must still hold every session (not committed)."""
    _check_dates(starts_on, ends_on, tz)
    begin_write()
    outside = db.session.scalars(
        select(WorkshopSession)
        .where(WorkshopSession.workshop_id == workshop.id, (WorkshopSession.day < starts_on) | (WorkshopSession.day > ends_on))
        .order_by(WorkshopSession.day, WorkshopSession.starts_at)
    ).first()
    if outside is not None:
        raise PlannerError(f"The session “{outside.title}” is on {outside.day:%d %B %Y}: move or remove it before changing the dates.")
    workshop.title, workshop.place, workshop.timezone = title.strip(), place.strip(), tz
    workshop.starts_on, workshop.ends_on = starts_on, ends_on
    db.session.flush()


def delete_workshop(workshop: Workshop) -> None:
    """Remove a workshop with its sessions, items and reports; the rooms stay in 'My sessions' (not committed)."""
    begin_write()
    db.session.delete(workshop)
    db.session.flush()


# Sessions -----------------------------------------------------------------------------------------


def sessions_of(workshop: Workshop) -> list[WorkshopSession]:
    """The workshop's sessions in time order."""
    query = (
        select(WorkshopSession)
        .where(WorkshopSession.workshop_id == workshop.id)
        .order_by(WorkshopSession.day, WorkshopSession.starts_at, WorkshopSession.id)
    )
    return list(db.session.scalars(query))


def _check_session(workshop: Workshop, day: date, starts_at: time, ends_at: time) -> None:
    if not workshop.starts_on <= day <= workshop.ends_on:
        raise PlannerError(f"Choose a day of the workshop ({workshop.starts_on:%d %B} to {workshop.ends_on:%d %B %Y}).")
    if ends_at <= starts_at:
        raise PlannerError("The session must end after it starts (on the same day).")


def add_session(
    workshop: Workshop,
    day: date,
    starts_at: time,
    ends_at: time,
    title: str,
    facilitator: str,
    rapporteur: str,
    key: str | None = None,
) -> WorkshopSession:
    """A new session on a day of the workshop (not committed); the same form sent again (same `key`) gets the first one."""
    _check_session(workshop, day, starts_at, ends_at)
    begin_write()
    again = created_by(WorkshopSession, key, workshop_id=workshop.id)
    if again is not None:
        return again
    count = db.session.scalar(select(func.count()).where(WorkshopSession.workshop_id == workshop.id)) or 0
    if count >= MAX_SESSIONS:
        raise PlannerError(f"A workshop holds at most {MAX_SESSIONS} sessions.")
    s = WorkshopSession(
        workshop_id=workshop.id,
        day=day,
        starts_at=starts_at.replace(second=0, microsecond=0),
        ends_at=ends_at.replace(second=0, microsecond=0),
        title=title.strip(),
        facilitator=facilitator.strip(),
        rapporteur=rapporteur.strip(),
        form_key=key or None,
    )
    return add_once(s, workshop_id=workshop.id)


def update_session(
    workshop: Workshop, s: WorkshopSession, day: date, starts_at: time, ends_at: time, title: str, facilitator: str, rapporteur: str
) -> None:
    """Change a session's day, slot, title or names (not committed)."""
    _check_session(workshop, day, starts_at, ends_at)
    begin_write()
    s.day, s.title, s.facilitator, s.rapporteur = day, title.strip(), facilitator.strip(), rapporteur.strip()
    s.starts_at, s.ends_at = starts_at.replace(second=0, microsecond=0), ends_at.replace(second=0, microsecond=0)
    db.session.flush()


def delete_session(s: WorkshopSession) -> None:
    """Remove a session with its items and report (not committed)."""
    begin_write()
    db.session.delete(s)
    db.session.flush()


# Items --------------------------------------------------------------------------------------------


def items_of(session_ids: list[int]) -> dict[int, list[ProgrammeItem]]:
    """The items of these sessions, in order, by session id."""
    out: dict[int, list[ProgrammeItem]] = {sid: [] for sid in session_ids}
    if session_ids:
        query = select(ProgrammeItem).where(ProgrammeItem.session_id.in_(session_ids)).order_by(ProgrammeItem.position, ProgrammeItem.id)
        for item in db.session.scalars(query):
            out[item.session_id].append(item)
    return out


def _next_position(s: WorkshopSession) -> int:
    count = db.session.scalar(select(func.count()).where(ProgrammeItem.session_id == s.id)) or 0
    if count >= MAX_ITEMS:
        raise PlannerError(f"A session holds at most {MAX_ITEMS} items.")
    top = db.session.scalar(select(func.max(ProgrammeItem.position)).where(ProgrammeItem.session_id == s.id))
    return (top or 0) + 1


def add_activity(s: WorkshopSession, activity: Activity, key: str | None = None) -> ProgrammeItem:
    """Add an activity guide at the end of the session (not committed); the same button sent again (same `key`) adds nothing more."""
    begin_write()
    again = created_by(ProgrammeItem, key, session_id=s.id)
    if again is not None:
        return again
    low, high = activity.minutes
    item = ProgrammeItem(
        session_id=s.id,
        position=_next_position(s),
        activity=activity.key,
        title=activity.title,
        min_minutes=low,
        max_minutes=high,
        form_key=key or None,
    )
    return add_once(item, session_id=s.id)


def _check_minutes(low: int, high: int) -> None:
    if not 1 <= low <= high <= MAX_MINUTES:
        raise PlannerError(f"Give the minutes as a number, or a range such as 20–30, between 1 and {MAX_MINUTES}.")


def add_free_item(s: WorkshopSession, title: str, low: int, high: int, key: str | None = None) -> ProgrammeItem:
    """Add an item that is not an activity guide (a talk, a break) at the end of the session (not committed); once per `key`."""
    _check_minutes(low, high)
    begin_write()
    again = created_by(ProgrammeItem, key, session_id=s.id)
    if again is not None:
        return again
    item = ProgrammeItem(
        session_id=s.id,
        position=_next_position(s),
        activity=None,
        title=title.strip(),
        min_minutes=low,
        max_minutes=high,
        form_key=key or None,
    )
    return add_once(item, session_id=s.id)


def update_free_item(item: ProgrammeItem, title: str, low: int, high: int) -> None:
    """Change a free item's title and minutes; an activity's come from its guide (not committed)."""
    if item.activity is not None:
        raise PlannerError("An activity's title and timing come from its guide.")
    _check_minutes(low, high)
    begin_write()
    item.title, item.min_minutes, item.max_minutes = title.strip(), low, high
    db.session.flush()


def move_item(item: ProgrammeItem, direction: str) -> bool:
    """Swap the item with the one before ('up') or after ('down'); False when it is already first or last (not committed)."""
    begin_write()
    siblings = items_of([item.session_id])[item.session_id]
    i = next(n for n, other in enumerate(siblings) if other.id == item.id)
    j = i - 1 if direction == "up" else i + 1
    if not 0 <= j < len(siblings):
        return False
    siblings[i], siblings[j] = siblings[j], siblings[i]
    for n, other in enumerate(siblings, 1):  # renumber: positions stay 1..n whatever happened before
        other.position = n
    db.session.flush()
    return True


def remove_item(item: ProgrammeItem) -> None:
    """Take an item out of its session; a room opened for it stays in 'My sessions' (not committed)."""
    begin_write()
    db.session.delete(item)
    db.session.flush()


# Guides -------------------------------------------------------------------------------------------


def guide_of(item: ProgrammeItem, catalog: Catalog) -> Activity | None:
    """The item's activity guide as the catalogue has it now (None for free items and guides that are gone or broken)."""
    if item.activity is None:
        return None
    module, _, slug = item.activity.partition("/")
    found = catalog.activity(module, slug)
    return found if isinstance(found, Activity) else None


def choices(catalog: Catalog, drafts: bool) -> list[tuple[Module, list[Activity]]]:
    """The activity guides a facilitator can pick from, by module (drafts too for authors)."""
    out = []
    for m in catalog.visible_modules(drafts):
        if m.broken:
            continue
        acts = [a for a in m.activities if a.published or drafts]
        if acts:
            out.append((m, acts))
    return out


def runnable(activity: Activity | None) -> bool:
    """True when the activity can run as a live room today; otherwise it runs on paper."""
    return activity is not None and METHODS[activity.method].runnable


# Rooms --------------------------------------------------------------------------------------------


def opened_on(workshop: Workshop, room: Room) -> date:
    """The venue's date on which a room was opened."""
    return local(workshop, room.created_at).date()


def open_item_room(workshop: Workshop, s: WorkshopSession, item: ProgrammeItem, activity: Activity, user: User) -> Room:
    """Open the live room of a programme item for the workshop's owner, or return the one already opened for it that day.

    A double click opens one room. A room opened for the item on another day (a rehearsal) is replaced:
    it stays in 'My sessions'.
    """
    begin_write()
    # Lock the item so two clicks at once cannot both open a room (SQLite: the write lock already queues them).
    db.session.execute(
        select(ProgrammeItem).where(ProgrammeItem.id == item.id).with_for_update().execution_options(populate_existing=True)
    ).scalar_one()
    if item.room_id is not None:
        existing = db.session.get(Room, item.room_id)
        if existing is not None and opened_on(workshop, existing) == s.day:
            return existing
    # The room is the programme's owner's, whoever presses the button: an admin helping out co-runs it
    # (admins may run any room) rather than taking it from the facilitator whose session it is.
    owner = db.session.get(User, workshop.owner_id) or user
    room = rooms.open_room(activity, owner)
    db.session.flush()
    item.room_id = room.id
    db.session.flush()
    return room


def rooms_by_id(room_ids: list[int]) -> dict[int, Room]:
    if not room_ids:
        return {}
    return {r.id: r for r in db.session.scalars(select(Room).where(Room.id.in_(room_ids)))}


# The programme, planned and on the day ------------------------------------------------------------


@dataclass(frozen=True)
class ItemPlan:
    item: ProgrammeItem
    guide: Activity | None  # None: a free item, or a guide no longer in the toolbox
    minutes: timing.Minutes
    planned: timing.Planned
    live: bool  # a live room can be opened for it
    room: Room | None  # the room opened for it on the session's day
    trial: Room | None = None  # a room opened for it on another day (a rehearsal): replaced when the room opens on the day

    @property
    def missing(self) -> bool:
        """An activity whose guide is no longer in the toolbox (its copied timing still counts)."""
        return self.item.activity is not None and self.guide is None


@dataclass(frozen=True)
class SessionPlan:
    session: WorkshopSession
    items: list[ItemPlan]
    fit: timing.Fit
    delay: timing.Delay
    start: datetime  # UTC
    end: datetime  # UTC


@dataclass(frozen=True)
class DayPlan:
    day: date
    sessions: list[SessionPlan]

    def current(self, now: datetime) -> SessionPlan | None:
        """The session under way at `now`: the last one that has started or has an opened room."""
        started = [s for s in self.sessions if s.start <= now or any(i.room is not None for i in s.items)]
        return started[-1] if started else None


def minutes_of(item: ProgrammeItem, guide: Activity | None) -> timing.Minutes:
    """The guide's timing as it is now; the copy kept with the item for free items and guides that are gone."""
    return guide.minutes if guide is not None else (item.min_minutes, item.max_minutes)


def plan_session(
    workshop: Workshop, s: WorkshopSession, items: list[ProgrammeItem], catalog: Catalog, found: dict[int, Room], now: datetime
) -> SessionPlan:
    """One session: its items' timings and planned times, whether it fits its slot, and whether it runs late at `now`."""
    guides = [guide_of(i, catalog) for i in items]
    minutes = [minutes_of(i, g) for i, g in zip(items, guides, strict=True)]
    start, end = at(workshop, s.day, s.starts_at), at(workshop, s.day, s.ends_at)
    planned = timing.schedule(start, minutes)
    today = local(workshop, now).date()
    # Only a room opened on the session's day counts (a trial run the week before is replaced on the day).
    linked = [found.get(i.room_id) if i.room_id is not None else None for i in items]
    room_of = [r if r is not None and opened_on(workshop, r) == s.day else None for r in linked]
    live = [runnable(g) or r is not None for g, r in zip(guides, room_of, strict=True)]
    actual = [timing.Actual(utc(r.created_at), utc(r.closed_at) if r.closed_at else None) if r is not None else None for r in room_of]
    if s.day > today:
        delay = timing.Delay("not started")
    elif s.day < today:
        delay = timing.Delay("over")
    else:
        delay = timing.delay(planned, live, actual, now)
    rows = [
        ItemPlan(i, g, m, p, lv, r, old if old is not r else None)
        for i, g, m, p, lv, r, old in zip(items, guides, minutes, planned, live, room_of, linked, strict=True)
    ]
    return SessionPlan(s, rows, timing.fit(s.slot_minutes, minutes), delay, start, end)


def programme(workshop: Workshop, catalog: Catalog, now: datetime | None = None) -> list[DayPlan]:
    """The whole programme, day by day (empty days too), as planned and, once rooms open, as it runs."""
    now = now or datetime.now(UTC)
    sessions = sessions_of(workshop)
    items = items_of([s.id for s in sessions])
    found = rooms_by_id([i.room_id for its in items.values() for i in its if i.room_id is not None])
    by_day: dict[date, list[SessionPlan]] = {d: [] for d in days(workshop)}
    for s in sessions:
        by_day.setdefault(s.day, []).append(plan_session(workshop, s, items[s.id], catalog, found, now))
    return [DayPlan(d, by_day[d]) for d in sorted(by_day)]
