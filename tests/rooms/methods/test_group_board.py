"""The group board's machine (phases, moves, the projector's next key), its boards' parts, and its settings."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from toolbox.content.errors import ErrorLog
from toolbox.content.schema import Reader
from toolbox.content.yamlmap import parse_yaml
from toolbox.rooms.methods import read_settings
from toolbox.rooms.methods.group_board import ALL_GROUPS, GroupBoard, cap, focus_options, in_focus, parts, role, topic
from toolbox.rooms.methods.settings import GroupBoardSettings

BOARD = GroupBoard()


def board_settings(**changes) -> dict:
    return {**asdict(GroupBoardSettings(prompts=("Why?", "How?"))), **changes}


def walk(settings: dict, groups: int) -> list[tuple[str, str]]:
    """Follow the projector's next key from the start: (move, phase after it)."""
    phase, state = BOARD.first_phase(), {**BOARD.initial_state(None), "groups": groups}
    taken = []
    while (move := BOARD.next_move(phase, state, settings)) is not None:
        phase, state = BOARD.transition(phase, move.name, state, settings)
        taken.append((move.name, phase))
        assert len(taken) < 50
    return taken


def test_plenary_report_back_goes_group_by_group_then_all_then_wrap_up():
    taken = walk(board_settings(), 3)
    assert taken == [
        ("form", "groups"),
        ("start", "work"),
        ("report", "report"),
        ("next-group", "report"),
        ("next-group", "report"),
        ("all-groups", "report"),
        ("finish", "end"),
    ]


def test_gallery_shows_every_board_at_once():
    assert walk(board_settings(report_back="gallery"), 4)[2:] == [("report", "report"), ("finish", "end")]
    phase, state = BOARD.transition("work", "report", {"groups": 4}, board_settings(report_back="gallery"))
    assert (
        state["report"] == ALL_GROUPS and BOARD.phase_label(phase, state, board_settings(report_back="gallery")) == "Gallery: every board"
    )


def test_going_back_is_never_the_next_key():
    s = board_settings()
    backs = {m.name for m in BOARD.moves if m.back}
    assert backs == {"reform", "previous-group", "more-time", "reopen"}
    for phase in ("groups", "report", "end"):
        for state in ({"groups": 3, "report": 1}, {"groups": 3, "report": ALL_GROUPS}, {"groups": 3, "report": 0, "focus": "p:0"}):
            move = BOARD.next_move(phase, state, s)
            assert move is None or not move.back


def test_previous_group_and_comparing():
    s = board_settings()
    assert BOARD.transition("report", "previous-group", {"groups": 3, "report": ALL_GROUPS}, s)[1]["report"] == 2
    assert BOARD.transition("report", "previous-group", {"groups": 3, "report": 2}, s)[1]["report"] == 1
    state = {"groups": 3, "report": 1, "focus": "p:1"}
    assert BOARD.move_label(BOARD.moves[7], state, s) == "Stop comparing"
    assert BOARD.next_move("report", state, s).name == "finish", "comparing: next is the wrap-up, not another group"
    assert BOARD.transition("report", "previous-group", state, s)[1] == {"groups": 3, "report": 1, "focus": ""}
    assert "previous-group" not in {m.name for m in BOARD.available_moves("report", {"groups": 3, "report": 0}, s)}


def test_one_board_cannot_be_formed_again_and_says_so():
    for grouping in ("individual", "plenary"):
        s = board_settings(grouping=grouping)
        assert "reform" not in {m.name for m in BOARD.available_moves("groups", {"groups": 1}, s)}
    assert BOARD.phase_label("groups", {}, board_settings(grouping="individual")) == "Your own board"
    assert BOARD.move_label(BOARD.moves[0], {}, board_settings(grouping="plenary")) == "Open the room's board"
    assert BOARD.move_label(BOARD.moves[0], {}, board_settings(grouping="territory")) == "Form groups by territory"
    assert walk(board_settings(grouping="plenary"), 1)[2:] == [("report", "report"), ("finish", "end")]
    assert (
        BOARD.phase_label("report", {"groups": 1, "report": 0}, board_settings(grouping="plenary", queue=True)) == "Questions and answers"
    )
    assert BOARD.phase_label("report", {"groups": 1, "report": 0}, board_settings(grouping="plenary")) == "Report-back"


def test_labels_say_the_time_and_the_group():
    s = board_settings(work_minutes=40)
    assert BOARD.move_label(BOARD.moves[1], {}, s) == "Start the work (40 minutes)"
    assert BOARD.phase_label("report", {"groups": 4, "report": 1}, s) == "Report-back: group 2 of 4"
    assert BOARD.move_label(BOARD.moves[4], {"groups": 4, "report": 1}, s) == "Show group 3"
    assert BOARD.move_label(BOARD.moves[4], {"groups": 4, "report": 1}, board_settings(grouping="individual")) == "Show board 3"


def test_parts_of_a_board():
    s = board_settings(sides=["Pro", "Contra"], matrix_rows=["A", "B"], matrix_columns=["x", "y"])
    assert [p.id for p in parts(s, 0)] == ["p:0", "p:1", "s:0", "s:1", "m:0:0", "m:0:1", "m:1:0", "m:1:1"]
    assert parts(s, 0)[-1].label == "B — y"
    split = board_settings(split="prompts", roles=["Mayor", "NGO"])
    assert [p.id for p in parts(split, 3)] == ["p:1"] and topic(split, 3) == "How?" and role(split, 3) == "NGO"
    rows = board_settings(prompts=[], matrix_rows=["A", "B", "C"], matrix_columns=["x"], split="rows")
    assert [p.id for p in parts(rows, 4)] == ["m:1:0"] and topic(rows, 4) == "B"
    assert [p.id for p in parts(board_settings(prompts=[], roles=["Mayor"]), 0)] == ["n"], "roles alone: free notes"
    assert parts(board_settings(prompts=[], queue=True, grouping="plenary"), 0) == [], "a panel: only the queue"
    assert ("r:1", "B") in focus_options(s) and in_focus("m:1:0", "r:1") and not in_focus("m:1:0", "r:0")
    assert "p:0" not in dict(focus_options(split)), "split prompts differ from group to group: nothing to compare"


def test_the_cap_comes_from_the_settings_then_the_guide():
    assert cap({"max_group_size": 4, "guide_max_group_size": 6}) == 4
    assert cap({"max_group_size": None, "guide_max_group_size": 6}) == 6
    assert cap({}) == 5


def read(text: str):
    log = ErrorLog("x.md")
    result = read_settings("group-board", Reader(parse_yaml(text, 1, log), log))
    return result, [str(e) for e in log.errors]


def test_new_settings_are_read():
    s, errors = read("grouping: individual\nprompts: [a, b]\nwork_minutes: 10\npresent_minutes: 2")
    assert errors == [] and s.grouping == "individual" and s.work_minutes == 10 and s.present_minutes == 2
    s, errors = read("grouping: territory\ngroups: 4\nmatrix: {rows: [a, b], columns: [c]}\nsplit: rows")
    assert errors == [] and s.split == "rows"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("grouping: clusters\nprompts: [a]", "x.md:1: 'grouping' must be one of: random, mixed, territory, self, individual, plenary"),
        ("grouping: individual\nmax_group_size: 1\nprompts: [a]", "x.md:2: 'max_group_size' has no use with grouping: individual"),
        ("grouping: plenary\ngroups: 3\nprompts: [a]", "x.md:2: 'groups' has no use with grouping: plenary"),
        ("grouping: self\nmax_group_size: 1\nprompts: [a]", "x.md:2: 'max_group_size' of 1 gives everyone their own board"),
        ("grouping: plenary\nroles: [a, b]", "x.md:2: 'roles' need groups"),
        ("prompts: [a]\nsplit: prompts", "x.md:2: 'split' 'prompts' needs at least two prompts"),
        ("prompts: [a, b]\nsplit: columns", "x.md:2: 'split' must be one of: prompts, rows"),
        ("grouping: individual\nprompts: [a, b]\nsplit: prompts", "x.md:3: 'split' needs groups"),
        ("prompts: [a]\nreport_back: gallery\npresent_minutes: 5", "x.md:3: 'present_minutes' times each group's turn"),
        ("prompts: [a]\nwork_minutes: 500", "x.md:2: 'work_minutes' must be at most 240 minutes"),
        ("prompts: [a]\nwork_minutes: soon", "x.md:2: 'work_minutes' must be a number greater than 0"),
        ("prompts: [a, A]", "x.md:1: 'prompts' lists 'a' more than once"),
        ("matrix:\n  rows: [a, b]\n  columns: [c, d, e, f, g, h, i]", "x.md:3: 'matrix.columns' has 7 columns"),
        ("sides: [a, b, c, d, e]", "'sides' has more than four sides"),
    ],
)
def test_bad_settings_say_where_and_what(text, message):
    _, errors = read(text)
    assert any(message in e for e in errors), errors
