"""The planner's arithmetic: does a session's programme fit its slot, when should each item start, is the day late.

Pure Python (no Flask, no database), so every rule is tested with plain numbers and a fixed clock.
Activity timings are ranges (min, max) in minutes, as the guides give them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

Minutes = tuple[int, int]


def total(items: Sequence[Minutes]) -> Minutes:
    """The programme's length: the sum of the shortest and of the longest timings."""
    return sum(i[0] for i in items), sum(i[1] for i in items)


def plural(n: int, word: str = "minute") -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def span(minutes: Minutes) -> str:
    """'20 minutes' or '20–30 minutes'."""
    low, high = minutes
    return plural(low) if low == high else f"{low}–{high} minutes"


@dataclass(frozen=True)
class Fit:
    """How a session's programme compares with its slot."""

    status: Literal["empty", "fits", "tight", "over"]
    planned: Minutes
    slot: int
    over_by: int = 0  # minutes the shortest run still overruns the slot ("over" only)

    @property
    def label(self) -> str:
        if self.status == "empty":
            return f"nothing planned yet ({plural(self.slot)} free)"
        if self.status == "fits":
            spare = self.slot - self.planned[1]
            return "fits" + (f" ({plural(spare)} to spare)" if spare else " exactly")
        if self.status == "tight":
            return f"tight: {span(self.planned)} in a {self.slot}-minute slot"
        return f"over by {plural(self.over_by)}"


def fit(slot: int, items: Sequence[Minutes]) -> Fit:
    """'fits' when even the longest run ends in time, 'tight' when only a short run does, else 'over by N minutes'."""
    planned = total(items)
    if not items:
        return Fit("empty", planned, slot)
    if planned[1] <= slot:
        return Fit("fits", planned, slot)
    if planned[0] <= slot:
        return Fit("tight", planned, slot)
    return Fit("over", planned, slot, planned[0] - slot)


@dataclass(frozen=True)
class Planned:
    """When an item is planned to start and end: from its earliest (every earlier item short) to its latest (all long)."""

    earliest_start: datetime
    latest_start: datetime
    earliest_end: datetime
    latest_end: datetime


def schedule(start: datetime, items: Sequence[Minutes]) -> list[Planned]:
    """Each item's planned start and end: the session's start plus the planned minutes of the items before it."""
    out, low, high = [], 0, 0
    for short, long in items:
        out.append(
            Planned(
                start + timedelta(minutes=low),
                start + timedelta(minutes=high),
                start + timedelta(minutes=low + short),
                start + timedelta(minutes=high + long),
            )
        )
        low, high = low + short, high + long
    return out


@dataclass(frozen=True)
class Actual:
    """What really happened to a live item: when its room was opened, and closed (None while it is open)."""

    opened: datetime
    closed: datetime | None = None


@dataclass(frozen=True)
class Delay:
    """Whether a session runs late, from the real times its rooms were opened and closed."""

    status: Literal["untimed", "not started", "on time", "late", "over"]
    minutes: int = 0  # how late ("late" only)

    @property
    def label(self) -> str:
        if self.status == "untimed":
            return "no live activity to time"
        if self.status == "not started":
            return "not started yet"
        if self.status == "late":
            return f"running {plural(self.minutes)} late"
        if self.status == "over":
            return "this day is over"
        return "on time"


def _late(seconds: float) -> Delay:
    minutes = int(seconds // 60)
    return Delay("late", minutes) if minutes >= 1 else Delay("on time")


def delay(plan: Sequence[Planned], live: Sequence[bool], actual: Sequence[Actual | None], now: datetime) -> Delay:
    """How late the session runs at `now`, judged against the latest planned times (every activity at its longest).

    The last item whose room was opened tells: it started late if it opened after its latest planned start,
    and it runs late once it stays open past its latest planned end; once closed, its closing time against
    its latest planned end says whether the time was caught up. A live item that should have started by
    now and has not makes the session late too. Items run on paper have no real times and are not judged.
    """
    assert len(plan) == len(live) == len(actual)
    opened = [i for i, a in enumerate(actual) if a is not None]
    if not opened:
        first = next((i for i, is_live in enumerate(live) if is_live), None)
        if first is None:
            return Delay("untimed")
        if now <= plan[first].latest_start:
            return Delay("not started")
        return _late((now - plan[first].latest_start).total_seconds())
    last = opened[-1]
    room, planned = actual[last], plan[last]
    assert room is not None
    if room.closed is None:
        seconds = max((room.opened - planned.latest_start).total_seconds(), (now - planned.latest_end).total_seconds())
    else:
        seconds = (room.closed - planned.latest_end).total_seconds()
    waiting = next((i for i in range(last + 1, len(plan)) if live[i] and actual[i] is None), None)
    if waiting is not None:
        seconds = max(seconds, (now - plan[waiting].latest_start).total_seconds())
    return _late(seconds)
