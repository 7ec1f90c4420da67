"""The dot-voting state machine and its rules (no Flask, no database)."""

from __future__ import annotations

import pytest

from toolbox.rooms.methods import IllegalAction
from toolbox.rooms.methods.dot_voting import DotVoting

DV = DotVoting()
SETTINGS = {"options": ["A", "B", "C"], "ballots": [{"label": "L", "colour": "blue", "symbol": "circle", "dots": 3}], "stacking": False}


@pytest.mark.parametrize(
    ("phase", "move", "target"),
    [
        ("setup", "open", "voting"),
        ("voting", "lock", "locked"),
        ("voting", "reveal", "results"),
        ("locked", "reveal", "results"),
        ("locked", "unlock", "voting"),
        ("results", "hide", "locked"),
    ],
)
def test_legal_moves(phase, move, target):
    assert DV.apply(phase, move) == target


@pytest.mark.parametrize(
    ("phase", "move"),
    [
        ("setup", "lock"),
        ("setup", "reveal"),
        ("setup", "unlock"),
        ("voting", "open"),
        ("voting", "unlock"),
        ("locked", "open"),
        ("results", "open"),
        ("results", "reveal"),
        ("results", "lock"),
        ("voting", "hide"),
    ],
)
def test_illegal_moves_say_why(phase, move):
    with pytest.raises(IllegalAction, match="not possible now"):
        DV.apply(phase, move)


def test_unknown_move():
    with pytest.raises(IllegalAction, match="Unknown action"):
        DV.apply("setup", "dance")


def test_next_move_walks_the_activity_forward():
    phase, seen = DV.first_phase(), []
    while (m := DV.next_move(phase)) is not None and m.name != "hide":
        seen.append(m.name)
        phase = DV.apply(phase, m.name)
    assert seen == ["open", "lock", "reveal"] and phase == "results"


@pytest.mark.parametrize("phase", ["setup", "locked", "results"])
def test_voting_only_while_open(phase):
    with pytest.raises(IllegalAction):
        DV.can_vote(phase)
    DV.can_vote("voting")


@pytest.mark.parametrize(
    ("ballot", "option", "count", "others", "message"),
    [
        (1, 0, 1, 0, "not on this ballot"),
        (0, 3, 1, 0, "not on this ballot"),
        (0, -1, 1, 0, "not on this ballot"),
        (0, 0, -1, 0, "fewer than zero"),
        (0, 0, 2, 0, "One dot per option"),
        (0, 0, 1, 3, "used all 3 dots"),
    ],
)
def test_targets_outside_the_rules(ballot, option, count, others, message):
    with pytest.raises(IllegalAction, match=message):
        DV.check_target(SETTINGS, ballot, option, count, others)


def test_stacking_allows_several_dots_on_one_option_within_the_allowance():
    stacking = {**SETTINGS, "stacking": True}
    DV.check_target(stacking, 0, 0, 3, 0)
    with pytest.raises(IllegalAction):
        DV.check_target(stacking, 0, 0, 3, 1)


def test_results_hidden_until_revealed_unless_live_on_the_projector():
    assert not DV.results_visible("voting", {"results": "hidden"}, True)
    assert DV.results_visible("voting", {"results": "live"}, True)
    assert not DV.results_visible("voting", {"results": "live"}, False)
    assert not DV.results_visible("setup", {"results": "live"}, True)
    assert DV.results_visible("results", {"results": "hidden"}, False)


def test_clean_options():
    assert DV.clean_options(["  Health  care ", "", "Housing"]) == ["Health care", "Housing"]
    for lines, message in (
        (["only"], "at least two"),
        (["a", "A"], "listed twice"),
        (["x" * 81, "b"], "under 80"),
        ([str(i) for i in range(31)], "at most 30"),
    ):
        with pytest.raises(IllegalAction, match=message):
            DV.clean_options(lines)


def test_rank_shares_places_on_ties():
    tallies = DV.rank(["A", "B", "C", "D"], {1: 5, 2: 5, 3: 1})
    assert [(t.label, t.dots, t.rank) for t in tallies] == [("B", 5, 1), ("C", 5, 1), ("D", 1, 3), ("A", 0, 4)]
