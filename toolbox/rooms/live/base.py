"""The database side of a live method: its actions, its extra template data, its exports.

The rules of a method live in `toolbox.rooms.methods` (Flask-free state machines); here each method has
a `Handler` that the room views call: `context()` for its templates, `after_move()` for what a move
sets off (seating a round, starting its timer), `prepare_move()` for what a move sets off that grows
with the room (computed before the write transaction), and the `actions` that participants and the facilitator
post to `/r/<code>/<action>` and `/rooms/<id>/<action>`. Every action validates its own form, then
changes data through services that start with `bump()`; the view commits once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from toolbox.forms import Form
    from toolbox.rooms.models import Participant, Room
    from toolbox.rooms.summary import RoomSummary


@dataclass(frozen=True)
class Action:
    """A POST a method accepts: its form and what it does (raise IllegalAction to refuse)."""

    form: type[Form]
    run: Callable[..., None]  # (room, form) for the facilitator, (room, participant, form) for a participant
    # A participant's action that changes only part of their view answers htmx with this template alone
    # (the phone's poller stays as it was); errors still answer with the whole view.
    fragment: str | None = None


class Handler:
    """The database side of a live method; the defaults suit a method with nothing to add."""

    method: str = ""
    asks_attributes: bool = False  # the join form asks for territory, role and expertise
    participant_actions: dict[str, Action] = {}
    facilitator_actions: dict[str, Action] = {}

    def context(self, room: Room, view: str, participant: Participant | None) -> dict[str, Any]:
        """Extra template data for the console, projector or a participant's phone."""
        return {}

    def after_move(self, room: Room, move: str, before: str) -> None:
        """What a facilitator's move sets off, in the same transaction (seating, timers)."""

    def prepare_move(self, room: Room, move: str) -> Callable[[Room], None] | None:
        """Work of a move that grows with the room, computed from reads before its write transaction (None: none).

        The function returned runs in the move's transaction, after `after_move`: it writes the result,
        or raises `services.RoomChanged` if the room is no longer as it was read.
        """
        return None

    def after_join(self, room: Room, participant: Participant) -> None:
        """Place someone who joins while the activity runs."""

    def after_remove(self, room: Room, participant: Participant) -> None:
        """Free what someone taken out of the room held (a seat, a place in a queue)."""

    def markdown(self, room: Room) -> list[str]:
        """The room's results as Markdown lines, after the export's header."""
        return []

    def csv_rows(self, room: Room) -> list[list[Any]]:
        """The room's results as CSV rows, header first."""
        return []

    def summary(self, room: Room) -> RoomSummary | None:
        """Top items and notes for reports; None uses the generic summary of entries and votes."""
        return None
