"""Review game: the machine for both sources, the draw (every question once, the same order after a restart), the scores."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolbox.rooms.methods import IllegalAction
from toolbox.rooms.methods.review_game import ReviewGame, draw, scoreboard, seed, totals, winners

GAME = ReviewGame()


def conf(source="participants", order="random"):
    return {"source": source, "questions": [], "points": [1, 2, 3], "draw": order, "questions_each": 2}


def walk(settings_: dict, questions: int) -> list[str]:
    phase, state = "setup", {"drawn": 0, "left": 0}
    seen = [phase]
    while (move := GAME.next_move(phase, state, settings_)) is not None:
        phase, state = GAME.transition(phase, move.name, state, settings_)
        if move.name in ("start", "play"):
            state = {"drawn": 1, "left": questions - 1}  # what the handler counts after the first draw
        elif move.name == "draw":
            state = {"drawn": state["drawn"] + 1, "left": state["left"] - 1}
        seen.append(phase)
    return seen


def test_participants_write_the_questions_first():
    assert walk(conf(), 3) == ["setup", "collecting", "playing", "playing", "playing", "scoreboard"]
    assert [p.name for p in GAME.phases_for(conf())] == ["setup", "collecting", "playing", "scoreboard"]


def test_the_facilitators_questions_go_straight_to_the_game():
    assert walk(conf("facilitator"), 2) == ["setup", "playing", "playing", "scoreboard"]
    assert [p.name for p in GAME.phases_for(conf("facilitator"))] == ["setup", "playing", "scoreboard"]
    with pytest.raises(IllegalAction):
        GAME.transition("setup", "collect", {}, conf("facilitator"))


def test_labels_count_the_questions():
    state = {"drawn": 2, "left": 5}
    move = next(m for m in GAME.moves if m.name == "draw")
    assert GAME.move_label(move, state, conf()) == "Draw question 3 of 7"
    assert GAME.move_label(move, state, conf(order="in-order")) == "Next question 3 of 7"
    assert GAME.phase_label("playing", state, conf()) == "Question 2 of 7"
    assert GAME.available_moves("scoreboard", {"drawn": 7, "left": 0}, conf()) == [], "nothing to go back to"


def full_draw(ids: list[int], order: str, room_id: int) -> list[int]:
    waiting, out = set(ids), []
    while waiting:
        chosen = draw(waiting, order, seed(room_id, len(out) + 1))
        out.append(chosen)
        waiting.remove(chosen)
    return out


@given(st.sets(st.integers(1, 10_000), max_size=40), st.integers(1, 10_000))
def test_every_question_is_drawn_once_and_the_same_room_draws_the_same_order(ids, room_id):
    order = full_draw(sorted(ids), "random", room_id)
    assert sorted(order) == sorted(ids) and len(order) == len(ids)
    assert full_draw(sorted(ids, reverse=True), "random", room_id) == order, "the order depends on the room, not on how it was read"
    assert full_draw(sorted(ids), "in-order", room_id) == sorted(ids)
    assert draw([], "random", 1) is None


def test_different_rooms_draw_different_orders():
    ids = list(range(1, 21))
    assert len({tuple(full_draw(ids, "random", room)) for room in range(1, 6)}) > 1


@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(1, 6)), st.integers(0, 3)), max_size=30))
def test_scores_add_up_and_ties_are_shown_as_ties(awards):
    players = list(range(1, 7))
    points = totals(awards, players)
    assert set(points) == set(players), "everyone is on the scoreboard, from 0"
    assert sum(points.values()) == sum(n for who, n in awards if who is not None)
    board = scoreboard(points, players)
    assert [s for _, _, s in board] == sorted(points.values(), reverse=True)
    for rank, _, score in board:
        assert rank == 1 + sum(1 for s in points.values() if s > score), "equal points share a rank"
    best = winners(points)
    top = max(points.values())
    assert best == ([p for p in players if points[p] == top] if top else [])


def test_joint_winners():
    points = totals([(1, 3), (2, 2), (2, 1), (3, 1), (None, 3)], [1, 2, 3])
    assert winners(points) == [1, 2]
    assert scoreboard(points, [1, 2, 3]) == [(1, 1, 3), (1, 2, 3), (3, 3, 1)]
