"""Dot voting: participants place dots on options, one or more ballots, results revealed or live."""

from __future__ import annotations

from dataclasses import dataclass

from .base import IllegalAction, LiveMethod, Move, Phase
from .settings import DotVotingSettings

MAX_OPTIONS = 30
MAX_OPTION_LENGTH = 80


@dataclass(frozen=True)
class Tally:
    option: int
    label: str
    dots: int
    rank: int


class DotVoting(LiveMethod):
    name = "dot-voting"
    phases = (
        Phase("setup", "Getting ready", "Participants join. You can still edit the options."),
        Phase("voting", "Voting", "Participants place their dots. They can move them until you lock the vote."),
        Phase("locked", "Vote locked", "No more changes. Reveal the results when you are ready."),
        Phase("results", "Results", "The results are on the projector and on every phone."),
    )
    moves = (
        Move("open", "Open the vote", ("setup",), "voting"),
        Move("lock", "Lock the vote", ("voting",), "locked"),
        Move("reveal", "Reveal the results", ("locked", "voting"), "results"),
        Move("unlock", "Reopen the vote", ("locked",), "voting", back=True),
        Move("hide", "Hide the results", ("results",), "locked", back=True),
    )

    def initial_state(self, settings: DotVotingSettings) -> dict:
        return {"results": settings.results}

    @staticmethod
    def can_vote(phase: str) -> None:
        if phase != "voting":
            raise IllegalAction("Voting is not open." if phase == "setup" else "Voting is closed: your dots are kept.")

    @staticmethod
    def check_target(settings: dict, ballot: int, option: int, count: int, others: int) -> None:
        """Validate setting `count` dots on `option` when `others` dots sit elsewhere on this ballot."""
        ballots = settings["ballots"]
        if not 0 <= ballot < len(ballots) or not 0 <= option < len(settings["options"]):
            raise IllegalAction("That option is not on this ballot.")
        allowance = ballots[ballot]["dots"]
        if count < 0:
            raise IllegalAction("You cannot have fewer than zero dots.")
        if count > 1 and not settings["stacking"]:
            raise IllegalAction("One dot per option on this ballot: choose another option.")
        if count + others > allowance:
            raise IllegalAction(f"You have used all {allowance} dots of this ballot. Take one back to move it.")

    @staticmethod
    def results_visible(phase: str, state: dict, to_projector: bool) -> bool:
        """Hidden until revealed, unless the facilitator chose live results for the projector."""
        return phase == "results" or (to_projector and state.get("results") == "live" and phase != "setup")

    @staticmethod
    def clean_options(lines: list[str]) -> list[str]:
        """The facilitator's edited options, or IllegalAction explaining what to fix."""
        options = [" ".join(line.split()) for line in lines if line.strip()]
        if len(options) < 2:
            raise IllegalAction("Give at least two options, one per line.")
        if len(options) > MAX_OPTIONS:
            raise IllegalAction(f"Give at most {MAX_OPTIONS} options.")
        too_long = [o for o in options if len(o) > MAX_OPTION_LENGTH]
        if too_long:
            raise IllegalAction(f"Keep each option under {MAX_OPTION_LENGTH} characters (“{too_long[0][:30]}…” is longer).")
        lowered = [o.casefold() for o in options]
        dupes = sorted({o for o, low in zip(options, lowered, strict=True) if lowered.count(low) > 1})
        if dupes:
            raise IllegalAction(f"“{dupes[0]}” is listed twice.")
        return options

    @staticmethod
    def rank(options: list[str], counts: dict[int, int]) -> list[Tally]:
        """Options by dots, most first; equal counts share a rank."""
        ordered = sorted(range(len(options)), key=lambda i: (-counts.get(i, 0), i))
        tallies: list[Tally] = []
        for position, i in enumerate(ordered):
            dots = counts.get(i, 0)
            rank = tallies[-1].rank if tallies and tallies[-1].dots == dots else position + 1
            tallies.append(Tally(i, options[i], dots, rank))
        return tallies
