"""Speed dating: short timed conversations in pairs, facing each other in two rows.

Seats form one loop: row A left to right, then row B right to left. Between rounds everybody except the
person in seat A1 moves one seat along the loop (row A one seat to the right, row B one to the left,
the ends cross over). This is the circle method of round-robin tournaments: with a fixed group, every
pair meets exactly once before anyone meets anyone again. With an odd number of people one seat is
empty; whoever faces it has a break that round (a rotating bye), or, with `odd: trio`, joins the pair
next to them.

The room's state is {"round": r, "loop": [participant or None, ...], "plenary": q}.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .base import LiveMethod, Move, Phase
from .grouping import Meetings

ALL_QUESTIONS = -1
DEFAULT_PROMPT = "Meet someone new: say who you are, what you expect, and something people would not guess about you."


class SpeedDating(LiveMethod):
    name = "speed-dating"
    phases = (
        Phase("setup", "Getting ready", "Participants join. Set up two rows of chairs facing each other, then pair everyone."),
        Phase("pairing", "Find your partner", "Phones show each person their seat and partner. Start the round when pairs are seated."),
        Phase("talking", "Talking", "Pairs talk about the question; they can jot ideas on their phones."),
        Phase("plenary", "Closing plenary", "The ideas people jotted, question by question."),
    )
    moves = (
        Move("pair", "Pair everyone for round 1", ("setup",), "pairing"),
        Move("start", "Start the round", ("pairing",), "talking"),
        Move("rotate", "End the round: move one seat", ("talking",), "pairing"),
        Move("plenary", "Go to the closing plenary", ("talking",), "plenary"),
        Move("next-question", "Next question", ("plenary",), "plenary"),
        Move("all-questions", "Show all the ideas", ("plenary",), "plenary"),
        Move("previous-question", "Previous question", ("plenary",), "plenary", back=True),
    )

    def total_rounds(self, settings: dict) -> int:
        return max(1, len(settings["questions"])) * settings["rounds_per_question"]

    def question_index(self, state: dict, settings: dict) -> int | None:
        """Which question the current round is about (None for a meet-and-greet)."""
        if not settings["questions"]:
            return None
        return min(state.get("round", 0) // settings["rounds_per_question"], len(settings["questions"]) - 1)

    def question(self, state: dict, settings: dict) -> str:
        i = self.question_index(state, settings)
        return settings["questions"][i] if i is not None else settings.get("prompt") or DEFAULT_PROMPT

    def allowed(self, move: Move, state: dict, settings: dict) -> bool:
        shown, questions = state.get("plenary", 0), len(settings["questions"])
        if move.name == "rotate":
            return state.get("round", 0) + 1 < self.total_rounds(settings)
        if move.name == "next-question":
            return shown != ALL_QUESTIONS and shown + 1 < questions
        if move.name == "all-questions":
            return questions > 1 and shown != ALL_QUESTIONS and shown + 1 >= questions
        if move.name == "previous-question":
            return questions > 1 and (shown == ALL_QUESTIONS or shown > 0)
        return True

    def effect(self, move: Move, state: dict, settings: dict) -> dict:
        shown = state.get("plenary", 0)
        if move.name == "rotate":
            return {**state, "round": state.get("round", 0) + 1}
        if move.name == "plenary":
            return {**state, "plenary": 0}
        if move.name == "next-question":
            return {**state, "plenary": shown + 1}
        if move.name == "all-questions":
            return {**state, "plenary": ALL_QUESTIONS}
        if move.name == "previous-question":
            return {**state, "plenary": len(settings["questions"]) - 1 if shown == ALL_QUESTIONS else shown - 1}
        return state

    def move_label(self, move: Move, state: dict, settings: dict) -> str:
        r = state.get("round", 0)
        if move.name == "start":
            return f"Start round {r + 1} ({settings['round_minutes']:g} minutes)"
        if move.name == "rotate":
            return f"End round {r + 1}: move one seat for round {r + 2}"
        if move.name == "next-question":
            return f"Next question ({state.get('plenary', 0) + 2} of {len(settings['questions'])})"
        return move.label

    def phase_label(self, phase: str, state: dict, settings: dict) -> str:
        r, total = state.get("round", 0) + 1, self.total_rounds(settings)
        if phase == "pairing":
            return f"Round {r} of {total}: find your partner"
        if phase == "talking":
            return f"Round {r} of {total}"
        if phase == "plenary" and settings["questions"]:
            shown = state.get("plenary", 0)
            return "Closing plenary: all questions" if shown == ALL_QUESTIONS else f"Closing plenary: question {shown + 1}"
        return super().phase_label(phase, state, settings)

    def phase_hint(self, phase: str, state: dict, settings: dict) -> str:
        if phase in ("pairing", "talking"):
            return f"{super().phase_hint(phase, state, settings)} Question: {self.question(state, settings)}"
        return super().phase_hint(phase, state, settings)

    def initial_state(self, settings) -> dict:
        return {"round": 0, "loop": [], "plenary": 0}


Loop = list[int | None]


def update_loop(loop: Loop, present: list[int]) -> Loop:
    """The seating loop with leavers' seats emptied, newcomers in empty seats or at the end, length even."""
    here = set(present)
    seats: Loop = [p if p in here else None for p in loop]
    newcomers = [p for p in present if p not in set(seats)]
    for i, seat in enumerate(seats):
        if seat is None and newcomers:
            seats[i] = newcomers.pop(0)
    seats += newcomers
    # One empty seat for an odd number of people, none for an even one: drop the extra ones from the end.
    empty = [i for i, seat in enumerate(seats) if seat is None]
    for i in reversed(empty[len(present) % 2 :]):
        seats.pop(i)
    if len(seats) % 2:
        seats.append(None)
    return seats


def rotate(loop: Loop, steps: int = 1) -> Loop:
    """Everyone but seat A1 moves `steps` seats along the loop."""
    if len(loop) <= 2 or steps % (len(loop) - 1) == 0:
        return list(loop)
    rest = loop[1:]
    steps %= len(rest)
    return [loop[0], *rest[-steps:], *rest[:-steps]]


def pairs(loop: Loop) -> list[tuple[int | None, int | None]]:
    """Seat A(i+1) faces seat B(i+1): the i-th seat of the loop faces the i-th from the end."""
    half = len(loop) // 2
    return [(loop[i], loop[-1 - i]) for i in range(half)]


@dataclass(frozen=True)
class Pairing:
    loop: Loop
    places: dict[int, tuple[int | None, str]]  # participant → (pair index or None for a break, seat)


def next_pairing(loop: Loop, present: list[int], met: Meetings, first: bool, odd: str = "bye") -> Pairing:
    """Seat everyone for the next round: one seat along the loop, or the nearest turn that repeats fewer meetings.

    With a fixed group, one seat along is always best until every pair has met; when people joined or
    left, another turn of the loop can avoid repeats that one seat would cause.
    """
    loop = update_loop(loop, present)
    if not first and len(loop) > 2:
        candidates = [rotate(loop, k) for k in range(1, len(loop) - 1)]
        loop = min(candidates, key=lambda c: sum(met.get(frozenset(p), 0) for p in pairs(c) if None not in p))
    places: dict[int, tuple[int | None, str]] = {}
    resting: int | None = None
    for i, (a, b) in enumerate(pairs(loop)):
        if a is not None and b is not None:
            places[a], places[b] = (i, f"A{i + 1}"), (i, f"B{i + 1}")
        else:
            resting = a if a is not None else b
    if resting is not None:
        if odd == "trio" and len(places) >= 2:
            pair_of = {i: [p for p, (j, _) in places.items() if j == i] for i in {j for j, _ in places.values()}}
            join = min(sorted(pair_of), key=lambda i: sum(met.get(frozenset((resting, p)), 0) for p in pair_of[i]))
            places[resting] = (join, f"C{join + 1}")
        else:
            places[resting] = (None, "")
    return Pairing(loop, places)


def conversations(rounds: list[Mapping[int, tuple[int | None, str]]]) -> dict[int, int]:
    """How many conversations each person had (a break is none)."""
    counts: dict[int, int] = {}
    for places in rounds:
        for person, (pair, _) in places.items():
            counts[person] = counts.get(person, 0) + (pair is not None)
    return counts
