"""Take a stand: statements one at a time; everyone picks a zone of an agree–disagree spectrum; the spread.

The room's state is {"statement": k, "round": r, "again": [statements asked a second time]}. Round 0 is
the first stand on a statement; round 1, if the facilitator asks again after the explanations, shows
who moved. Stances are entries (one per person, statement and round), so the state stays small.
"""

from __future__ import annotations

from collections.abc import Iterable
from math import sqrt

from .base import LiveMethod, Move, Phase


class TakeAStand(LiveMethod):
    name = "take-a-stand"
    phases = (
        Phase("setup", "Getting ready", "Participants join. Show the zones and say: there is no wrong place, what counts is why."),
        Phase("statement", "Statement", "Everyone chooses a zone; they can change it until you reveal the spread."),
        Phase("spread", "The spread", "The projector shows where people stand. Ask the smallest group to explain first."),
        Phase("summary", "Summing up", "Every statement with its spread: pull the answers together."),
    )
    moves = (
        Move("start", "Show statement 1", ("setup",), "statement"),
        Move("reveal", "Reveal the spread", ("statement",), "spread"),
        Move("next-statement", "Next statement", ("spread",), "statement"),
        Move("summary", "Sum up: every statement", ("spread",), "summary"),
        Move("again", "Let people move again after the explanations", ("spread",), "statement", back=True),
        Move("back", "Back to the last statement", ("summary",), "spread", back=True),
    )

    def statements(self, settings: dict) -> int:
        return len(settings["statements"])

    def allowed(self, move: Move, state: dict, settings: dict) -> bool:
        k = state.get("statement", 0)
        if move.name == "next-statement":
            return k + 1 < self.statements(settings)
        if move.name == "again":
            return state.get("round", 0) == 0
        return True

    def effect(self, move: Move, state: dict, settings: dict) -> dict:
        if move.name == "start":
            return {**state, "statement": 0, "round": 0}
        if move.name == "next-statement":
            return {**state, "statement": state.get("statement", 0) + 1, "round": 0}
        if move.name == "again":
            again = sorted({*state.get("again", []), state.get("statement", 0)})
            return {**state, "round": 1, "again": again}
        return state

    def move_label(self, move: Move, state: dict, settings: dict) -> str:
        k, total = state.get("statement", 0), self.statements(settings)
        if move.name == "start":
            return f"Show statement 1 of {total}"
        if move.name == "next-statement":
            return f"Show statement {k + 2} of {total}"
        if move.name == "reveal" and state.get("round", 0):
            return "Reveal where people stand now"
        return move.label

    def phase_label(self, phase: str, state: dict, settings: dict) -> str:
        k, total = state.get("statement", 0) + 1, self.statements(settings)
        if phase == "statement":
            return f"Statement {k} of {total}" + (": move again?" if state.get("round", 0) else "")
        if phase == "spread":
            return f"Statement {k} of {total}: the spread"
        return super().phase_label(phase, state, settings)

    def initial_state(self, settings) -> dict:
        return {"statement": 0, "round": 0, "again": []}


def spread(zones_chosen: Iterable[int], zones: int) -> list[int]:
    """How many people stand in each zone."""
    counts = [0] * zones
    for z in zones_chosen:
        if 0 <= z < zones:
            counts[z] += 1
    return counts


def division(counts: list[int]) -> float:
    """How divided the room is, from 0 (everyone in one zone) to 1 (half at each end of the spectrum).

    Twice the standard deviation of the positions, with the zones spread evenly from 0 to 1.
    """
    people, last = sum(counts), len(counts) - 1
    if people == 0 or last <= 0:
        return 0.0
    positions = [(z / last, n) for z, n in enumerate(counts)]
    mean = sum(x * n for x, n in positions) / people
    variance = sum(n * (x - mean) ** 2 for x, n in positions) / people
    return min(1.0, 2 * sqrt(variance))


def speaking_order(counts: list[int]) -> list[int]:
    """Zones with people in them, smallest group first: it takes courage to stand alone."""
    return sorted((z for z, n in enumerate(counts) if n), key=lambda z: (counts[z], z))


def most_divided(spreads: list[list[int]]) -> int | None:
    """The statement that divided the room most (the first of equals), if anyone took a stand."""
    scored = [(division(c), -k) for k, c in enumerate(spreads) if sum(c)]
    if not scored:
        return None
    best = max(scored)
    return -best[1] if best[0] > 0 else None
