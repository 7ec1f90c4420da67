"""What every live method provides: phases, the facilitator's moves between them, and its rules.

A room's method sees the room as three plain values: its `phase`, its `state` (a JSON-able dict the
method owns, e.g. the current round) and its `settings` (from the activity guide, as a dict). Moves can
depend on the state (no "next round" after the last one) and change it (the round goes up).
"""

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
    """A facilitator action that takes the room from one phase to another (or the same one)."""

    name: str
    label: str
    source: tuple[str, ...]
    target: str
    back: bool = False  # undoes or revisits (reopen, hide, previous): never the "next" key


class LiveMethod:
    """A small state machine; subclasses list their phases and moves. No Flask, no database.

    Subclasses with rounds or steps override `allowed` (may this move happen now?), `effect` (the state
    after it), and `move_label`/`phase_label` to say "Start round 2" rather than "Start the next round".
    """

    name: str = ""
    phases: tuple[Phase, ...] = ()
    moves: tuple[Move, ...] = ()

    def first_phase(self) -> str:
        return self.phases[0].name

    def phases_for(self, settings: dict) -> tuple[Phase, ...]:
        """The phases a room with these settings goes through (e.g. no vote when there are no dots)."""
        return self.phases

    def phase(self, name: str) -> Phase:
        for p in self.phases:
            if p.name == name:
                return p
        raise IllegalAction(f"Unknown phase '{name}'.")

    def allowed(self, move: Move, state: dict, settings: dict) -> bool:
        """Whether `move` makes sense now, beyond its source phase (e.g. rounds left)."""
        return True

    def effect(self, move: Move, state: dict, settings: dict) -> dict:
        """The method's state after `move` (a new dict; the default changes nothing)."""
        return state

    def move_label(self, move: Move, state: dict, settings: dict) -> str:
        return move.label

    def phase_label(self, phase: str, state: dict, settings: dict) -> str:
        return self.phase(phase).label

    def phase_hint(self, phase: str, state: dict, settings: dict) -> str:
        return self.phase(phase).hint

    def available_moves(self, phase: str, state: dict | None = None, settings: dict | None = None) -> list[Move]:
        """The moves the facilitator can make now, in the order they are listed."""
        state, settings = state or {}, settings or {}
        return [m for m in self.moves if phase in m.source and self.allowed(m, state, settings)]

    def next_move(self, phase: str, state: dict | None = None, settings: dict | None = None) -> Move | None:
        """The move that carries the activity forward (the projector's 'next' key)."""
        moves = [m for m in self.available_moves(phase, state, settings) if not m.back]
        return moves[0] if moves else None

    def transition(self, phase: str, move: str, state: dict, settings: dict) -> tuple[str, dict]:
        """(phase, state) after `move`, or IllegalAction saying why not."""
        for m in self.moves:
            if m.name == move:
                if phase not in m.source or not self.allowed(m, state, settings):
                    label = self.move_label(m, state, settings)
                    raise IllegalAction(f"“{label}” is not possible now ({self.phase_label(phase, state, settings)}).")
                return m.target, self.effect(m, dict(state), settings)
        raise IllegalAction(f"Unknown action '{move}'.")

    def apply(self, phase: str, move: str) -> str:
        """The phase after `move` for a method whose moves do not depend on its state."""
        return self.transition(phase, move, {}, {})[0]

    def initial_state(self, settings: Any) -> dict:
        return {}

    def settings_to_dict(self, settings: Any) -> dict:
        return asdict(settings)

    def room_settings(self, activity: Any) -> dict:
        """A new room's settings from its activity guide: by default the guide's `settings:` alone."""
        return self.settings_to_dict(activity.settings)
