"""What every live method provides: phases, the facilitator's moves between them, and its rules."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


class IllegalAction(ValueError):
    """An action the room's current phase does not allow; the message is shown to the person."""


@dataclass(frozen=True)
class Phase:
    name: str
    label: str
    hint: str


@dataclass(frozen=True)
class Move:
    """A facilitator action that takes the room from one phase to another."""

    name: str
    label: str
    source: tuple[str, ...]
    target: str


class LiveMethod:
    """A small state machine; subclasses list their phases and moves. No Flask, no database."""

    name: str = ""
    phases: tuple[Phase, ...] = ()
    moves: tuple[Move, ...] = ()

    def first_phase(self) -> str:
        return self.phases[0].name

    def phase(self, name: str) -> Phase:
        for p in self.phases:
            if p.name == name:
                return p
        raise IllegalAction(f"Unknown phase '{name}'.")

    def available_moves(self, phase: str) -> list[Move]:
        """The moves the facilitator can make now, in the order they are listed."""
        return [m for m in self.moves if phase in m.source]

    def next_move(self, phase: str) -> Move | None:
        """The move that carries the activity forward (the projector's 'next' key)."""
        moves = self.available_moves(phase)
        return moves[0] if moves else None

    def apply(self, phase: str, move: str) -> str:
        """The phase after `move`, or IllegalAction."""
        for m in self.moves:
            if m.name == move:
                if phase not in m.source:
                    raise IllegalAction(f"“{m.label}” is not possible now ({self.phase(phase).label}).")
                return m.target
        raise IllegalAction(f"Unknown action '{move}'.")

    def initial_state(self, settings: Any) -> dict:
        return {}

    def settings_to_dict(self, settings: Any) -> dict:
        return asdict(settings)
