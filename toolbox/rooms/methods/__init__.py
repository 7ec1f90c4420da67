"""The registry of live methods. Flask-free: the content checker uses it to validate settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from toolbox.content.schema import Reader

from . import settings as s
from .base import IllegalAction, LiveMethod
from .brainwriting import Brainwriting
from .dot_voting import DotVoting
from .fishbowl import Fishbowl
from .group_board import GroupBoard
from .review_game import ReviewGame
from .speed_dating import SpeedDating
from .take_a_stand import TakeAStand
from .world_cafe import WorldCafe


@dataclass(frozen=True)
class Method:
    """A live method: its name, what it is for, and how to read its settings."""

    name: str
    label: str
    description: str
    read_settings: Callable[[Reader], Any] | None
    machine: LiveMethod | None = None

    @property
    def runnable(self) -> bool:
        """True when rooms can run this method today."""
        return self.machine is not None


METHODS: dict[str, Method] = {
    m.name: m
    for m in (
        Method(
            "dot-voting",
            "Dot voting",
            "Participants place dots on options; bars and a ranking on the projector.",
            s.dot_voting,
            DotVoting(),
        ),
        Method(
            "speed-dating",
            "Speed dating",
            "Pairs face each other in two rows and move one seat each round; phones show seat, partner and question.",
            s.speed_dating,
            SpeedDating(),
        ),
        Method(
            "world-cafe",
            "World café",
            "Tables with a topic and a host who stays; the app sends everyone else to a new table each round.",
            s.world_cafe,
            WorldCafe(),
        ),
        Method(
            "group-board",
            "Group board",
            "Groups answer prompts or fill a matrix; report back or gallery.",
            s.group_board,
            GroupBoard(),
        ),
        Method(
            "brainwriting",
            "Brainwriting",
            "Silent ideas on cards that pass from person to person, then a vote.",
            s.brainwriting,
            Brainwriting(),
        ),
        Method(
            "take-a-stand",
            "Take a stand",
            "Participants place themselves on an agree–disagree spectrum.",
            s.take_a_stand,
            TakeAStand(),
        ),
        Method("fishbowl", "Fishbowl", "An inner circle of speakers with open seats and a queue to enter.", s.fishbowl, Fishbowl()),
        Method(
            "review-game",
            "Review game",
            "Questions drawn at random, points awarded, a scoreboard and a winner.",
            s.review_game,
            ReviewGame(),
        ),
        Method("none", "Not live", "A guide for a facilitator without a live room.", None),
    )
}


__all__ = ["METHODS", "IllegalAction", "LiveMethod", "Method", "read_settings"]


def read_settings(method: str, reader: Reader | None) -> Any:
    """Validate an activity's settings for its method (errors go to the reader's log)."""
    spec = METHODS[method]
    if spec.read_settings is None:
        if reader is not None and reader.data:
            reader.error(None, f"method '{method}' takes no settings")
            reader.used.update(reader.data)
        return None
    if reader is None:
        return None
    settings = spec.read_settings(reader)
    reader.finish()
    return settings
