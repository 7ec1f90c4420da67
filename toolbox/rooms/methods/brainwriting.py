"""Brainwriting: everyone writes on a card of their own, the cards move round a ring, then a dot vote.

The room's state is {"ring": [owner ids, in seat order], "pass": k, "adopted": {seat: participant}}.
The ring is fixed when writing starts (people who join while everyone writes their first card are added
at its end). In pass k the card of seat s lies at seat s + k: each person holds the card that came from
the seat before theirs. With at most n - 1 passes nobody gets their own card back and no card reaches
anyone twice. A seat whose owner left keeps its place in the ring; a late joiner adopts it at the next
pass (or when joining), so its cards still find a reader.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .base import LiveMethod, Move, Phase


class Brainwriting(LiveMethod):
    name = "brainwriting"
    phases = (
        Phase("setup", "Getting ready", "Participants join. Read out the prompt and the rules: no bad ideas, no judging, silence."),
        Phase("writing", "Writing", "In silence, everyone writes their ideas on their own card."),
        Phase("passing", "Passing the cards", "Each person reads the card they received from the person before them and adds to it."),
        Phase("voting", "Voting", "Everyone puts their dots on the cards they find most convincing."),
        Phase("results", "Results", "The cards in order of votes: sum up, starting with the most voted."),
    )
    moves = (
        Move("start", "Start writing", ("setup",), "writing"),
        Move("pass", "Pass the cards on", ("writing", "passing"), "passing"),
        Move("vote", "Open the vote", ("writing", "passing"), "voting"),
        Move("finish", "Show the cards", ("writing", "passing"), "results"),  # without a vote
        Move("results", "Show the results", ("voting",), "results"),
        Move("reopen", "Reopen the vote", ("results",), "voting", back=True),
    )

    def passes(self, state: dict, settings: dict) -> int:
        """How many passes this ring can take."""
        return passes_possible(settings["passes"], len(state.get("ring", [])))

    def allowed(self, move: Move, state: dict, settings: dict) -> bool:
        voting = settings["vote_dots"] > 0
        if move.name == "pass":
            return state.get("pass", 0) < self.passes(state, settings)
        if move.name in ("vote", "reopen"):
            return voting
        if move.name == "finish":
            return not voting
        return True

    def effect(self, move: Move, state: dict, settings: dict) -> dict:
        if move.name == "start":
            return {**state, "pass": 0}
        if move.name == "pass":
            return {**state, "pass": state.get("pass", 0) + 1}
        return state

    def move_label(self, move: Move, state: dict, settings: dict) -> str:
        minutes = _minutes(settings["round_minutes"])
        if move.name == "start":
            return f"Start writing ({minutes})"
        if move.name == "pass":
            return f"Pass the cards on: pass {state.get('pass', 0) + 1} of {self.passes(state, settings)} ({minutes})"
        if move.name == "vote":
            return f"Open the vote ({settings['vote_dots']} dots each)"
        return move.label

    def phase_label(self, phase: str, state: dict, settings: dict) -> str:
        if phase == "writing":
            return "Writing: your own card"
        if phase == "passing":
            return f"Pass {state.get('pass', 0)} of {self.passes(state, settings)}"
        return super().phase_label(phase, state, settings)

    def phases_for(self, settings: dict) -> tuple[Phase, ...]:
        return self.phases if settings["vote_dots"] > 0 else tuple(p for p in self.phases if p.name != "voting")

    def initial_state(self, settings) -> dict:
        return {"ring": [], "pass": 0, "adopted": {}}


def _minutes(value: float) -> str:
    return f"{value:g} minute{'' if value == 1 else 's'}"


def passes_possible(passes: int, people: int) -> int:
    """Passes that keep every card from its owner and from anyone twice: at most one fewer than the people."""
    return max(0, min(passes, people - 1))


def card_at(seat: int, k: int, n: int) -> int:
    """The seat whose card lies at `seat` in pass k: it came from the seat before, k times over."""
    return (seat - k) % n


def seat_holders(ring: list[int], present: Iterable[int], adopted: Mapping[int, int]) -> dict[int, int]:
    """Seat → who sits there now: its owner while present, else whoever adopted it (if present)."""
    here = set(present)
    out = {}
    for seat, owner in enumerate(ring):
        if owner in here:
            out[seat] = owner
        elif adopted.get(seat) in here:
            out[seat] = adopted[seat]
    return out


def adopt(ring: list[int], present: Iterable[int], adopted: Mapping[int, int], waiting: Iterable[int]) -> dict[int, int]:
    """Give each vacant seat (owner and adopter gone) to the next person waiting, in order; the new adoptions."""
    here = list(present)
    holders = seat_holders(ring, here, adopted)
    out = {s: p for s, p in adopted.items() if s in holders and holders[s] == p}
    seated = set(holders.values())
    queue = [p for p in waiting if p in set(here) and p not in seated and p not in ring]
    for seat in range(len(ring)):
        if seat not in holders and queue:
            out[seat] = queue.pop(0)
    return out


def holdings(ring: list[int], k: int, present: Iterable[int], adopted: Mapping[int, int]) -> dict[int, int]:
    """Person → the seat of the card they hold in pass k (pass 0: their own card)."""
    n = len(ring)
    return {person: card_at(seat, k, n) for seat, person in seat_holders(ring, present, adopted).items()}
