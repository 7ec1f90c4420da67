"""The planner's arithmetic, with plain numbers and a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from toolbox.workshops.timing import Actual, Delay, Fit, delay, fit, schedule, span, total

NINE = datetime(2026, 6, 12, 9, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    """The clock `minutes` after nine o'clock."""
    return NINE + timedelta(minutes=minutes)


def test_total_sums_the_shortest_and_the_longest_timings():
    assert total([(20, 30), (15, 15), (40, 60)]) == (75, 105)
    assert total([]) == (0, 0)


@pytest.mark.parametrize(
    ("slot", "items", "status", "label"),
    [
        (90, [], "empty", "nothing planned yet (90 minutes free)"),
        (90, [(20, 30), (40, 50)], "fits", "fits (10 minutes to spare)"),
        (80, [(20, 30), (40, 50)], "fits", "fits exactly"),
        (70, [(20, 30), (40, 50)], "tight", "tight: 60–80 minutes in a 70-minute slot"),
        (60, [(20, 30), (40, 50)], "tight", "tight: 60–80 minutes in a 60-minute slot"),
        (45, [(20, 30), (40, 50)], "over", "over by 15 minutes"),
        (59, [(60, 60)], "over", "over by 1 minute"),
        (1, [(1, 1)], "fits", "fits exactly"),
    ],
)
def test_fit_against_the_slot(slot, items, status, label):
    result = fit(slot, items)
    assert (result.status, result.label) == (status, label)
    assert result.planned == total(items) and result.slot == slot


def test_over_by_counts_from_the_shortest_run():
    assert fit(100, [(60, 90), (50, 70)]) == Fit("over", (110, 160), 100, 10)


def test_span_reads_as_minutes():
    assert span((20, 20)) == "20 minutes"
    assert span((1, 1)) == "1 minute"
    assert span((20, 30)) == "20–30 minutes"


def test_schedule_starts_each_item_after_the_earlier_ones():
    plan = schedule(NINE, [(20, 30), (15, 15), (40, 60)])
    assert [(p.earliest_start, p.latest_start) for p in plan] == [(at(0), at(0)), (at(20), at(30)), (at(35), at(45))]
    assert [(p.earliest_end, p.latest_end) for p in plan] == [(at(20), at(30)), (at(35), at(45)), (at(75), at(105))]
    assert schedule(NINE, []) == []


# Items: a live vote (20–30), a talk on paper (15), a live board (40–60).
ITEMS = [(20, 30), (15, 15), (40, 60)]
LIVE = [True, False, True]
PLAN = schedule(NINE, ITEMS)


def late(actual, now) -> Delay:
    return delay(PLAN, LIVE, actual, now)


def test_nothing_opened_before_the_first_live_item_is_due():
    assert late([None, None, None], at(-5)) == Delay("not started")
    assert late([None, None, None], at(0)) == Delay("not started")


def test_first_live_item_not_opened_when_due_makes_the_day_late():
    assert late([None, None, None], at(12)) == Delay("late", 12)
    assert late([None, None, None], at(0.5)) == Delay("on time")  # under a minute is on time


def test_opened_on_time_and_still_within_its_longest_timing():
    assert late([Actual(at(1)), None, None], at(25)).label == "running 1 minute late"
    assert late([Actual(at(0)), None, None], at(29)) == Delay("on time")


def test_opened_late():
    assert late([Actual(at(7)), None, None], at(8)).label == "running 7 minutes late"


def test_open_past_its_longest_timing():
    assert late([Actual(at(0)), None, None], at(42)) == Delay("late", 12)


def test_closing_early_catches_up_time():
    # opened 7 minutes late, closed 20 minutes later: ended 3 minutes before its latest planned end
    assert late([Actual(at(7), at(27)), None, None], at(28)) == Delay("on time")


def test_closed_late():
    assert late([Actual(at(0), at(38)), None, None], at(39)) == Delay("late", 8)


def test_next_live_item_not_opened_when_due():
    # The vote closed on time; the paper talk has no real times; the board is due at 9:45 at the latest.
    done = Actual(at(0), at(30))
    assert late([done, None, None], at(44)) == Delay("on time")
    assert late([done, None, None], at(50)) == Delay("late", 5)


def test_the_last_opened_room_tells_even_when_an_earlier_one_was_skipped():
    assert late([None, None, Actual(at(45))], at(50)) == Delay("on time")
    assert late([None, None, Actual(at(55))], at(56)) == Delay("late", 10)


def test_a_session_without_live_items_is_not_timed():
    assert delay(schedule(NINE, [(15, 15)]), [False], [None], at(100)) == Delay("untimed")
    assert delay([], [], [], at(100)).label == "no live activity to time"


def test_ahead_of_time_is_on_time():
    assert late([Actual(at(-10), at(5)), None, None], at(6)).label == "on time"


@pytest.mark.parametrize(
    ("result", "label"),
    [(Delay("late", 1), "running 1 minute late"), (Delay("late", 25), "running 25 minutes late"), (Delay("over"), "this day is over")],
)
def test_delay_labels(result, label):
    assert result.label == label
