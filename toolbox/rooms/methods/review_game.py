"""Review game: questions (written by participants, or the facilitator's own) drawn one at a time, points, a winner.

The room's state is {"current": question entry id, "drawn": how many so far, "left": how many wait}. The
questions are entries whose `flag` says drawn and `round` the draw's number, so the draw order lives in
the database; `draw` picks the next one from a seed made of the room and the draw's number, so the same
room draws the same order after a restart.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from .base import LiveMethod, Move, Phase
from .ranking import leaders, ranked


class ReviewGame(LiveMethod):
    name = "review-game"
    phases = (
        Phase("setup", "Getting ready", "Participants join. Explain the game and what the winner gets."),
        Phase("collecting", "Writing questions", "Participants write their questions on their phones. Hide any duplicate."),
        Phase("playing", "The game", "Read the question out. Award the points to whoever answered it, or to nobody, then move on."),
        Phase("scoreboard", "Scoreboard", "The scores and the winner. Go back over the questions the group found hard."),
    )
    moves = (
        Move("collect", "Open the question box", ("setup",), "collecting"),
        Move("start", "Start: show the first question", ("setup",), "playing"),
        Move("play", "Start the game: draw the first question", ("collecting",), "playing"),
        Move("draw", "Draw the next question", ("playing",), "playing"),
        Move("scores", "Show the scoreboard", ("playing",), "scoreboard"),
        Move("resume", "Back to the game", ("scoreboard",), "playing", back=True),
    )

    def allowed(self, move: Move, state: dict, settings: dict) -> bool:
        participants = settings["source"] == "participants"
        if move.name == "collect":
            return participants
        if move.name == "start":
            return not participants
        if move.name in ("draw", "resume"):
            return state.get("left", 0) > 0
        return True

    def move_label(self, move: Move, state: dict, settings: dict) -> str:
        drawn, left = state.get("drawn", 0), state.get("left", 0)
        if move.name == "draw":
            verb = "Next question" if settings.get("draw") == "in-order" else "Draw question"
            return f"{verb} {drawn + 1} of {drawn + left}"
        if move.name in ("start", "play") and settings.get("draw") == "in-order":
            return "Start the game: show the first question"
        return move.label

    def phase_label(self, phase: str, state: dict, settings: dict) -> str:
        if phase == "playing" and state.get("drawn"):
            return f"Question {state['drawn']} of {state.get('drawn', 0) + state.get('left', 0)}"
        return super().phase_label(phase, state, settings)

    def phases_for(self, settings: dict) -> tuple:
        return self.phases if settings["source"] == "participants" else tuple(p for p in self.phases if p.name != "collecting")

    def initial_state(self, settings) -> dict:
        return {"current": None, "drawn": 0, "left": 0}


def draw(waiting: Iterable[int], order: str, seed: int) -> int | None:
    """The next question among those waiting: the first in the list's order, or one picked by the seed."""
    ids = sorted(waiting)
    if not ids:
        return None
    return ids[0] if order == "in-order" else random.Random(seed).choice(ids)


def seed(room_id: int, number: int) -> int:
    """The seed of a room's n-th draw: the same room draws the same questions in the same order."""
    return room_id * 100_003 + number


def totals(awards: Iterable[tuple[int | None, int]], players: Iterable[int]) -> dict[int, int]:
    """Points per player (everyone listed starts at 0; an award to nobody counts for nobody)."""
    out = {p: 0 for p in players}
    for who, points in awards:
        if who is not None:
            out[who] = out.get(who, 0) + points
    return out


def scoreboard(scores: dict[int, int], order: Iterable[int]) -> list[tuple[int, int, int]]:
    """(rank, player, points), most points first; equal points share a rank (ties stay in `order`)."""
    position = {p: i for i, p in enumerate(order)}
    return [(rank, p, scores[p]) for rank, p in ranked(list(scores.items()), key=lambda p: position.get(p, len(position)))]


def winners(scores: dict[int, int]) -> list[int]:
    """Everyone with the most points (a tie gives joint winners); nobody when nobody scored."""
    return leaders(list(scores.items()))
