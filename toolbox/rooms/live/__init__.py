"""What each live method does with the database, by method name.

The rules of a method live in `toolbox.rooms.methods` (Flask-free state machines); here each method has
a `Handler` (see base.py) that the room views call.
"""

from __future__ import annotations

from .base import Action, Handler
from .brainwriting import BrainwritingHandler
from .dot_voting import DotVotingHandler
from .fishbowl import FishbowlHandler
from .group_board import GroupBoardHandler
from .review_game import ReviewGameHandler
from .speed_dating import SpeedDatingHandler
from .take_a_stand import TakeAStandHandler
from .world_cafe import WorldCafeHandler

HANDLERS: dict[str, Handler] = {
    h.method: h
    for h in (
        DotVotingHandler(),
        WorldCafeHandler(),
        SpeedDatingHandler(),
        BrainwritingHandler(),
        TakeAStandHandler(),
        FishbowlHandler(),
        ReviewGameHandler(),
        GroupBoardHandler(),
    )
}

__all__ = ["HANDLERS", "Action", "Handler", "handler"]


def handler(method: str) -> Handler:
    """The handler of a method (a plain Handler for a method with no database side)."""
    return HANDLERS.get(method) or Handler()
