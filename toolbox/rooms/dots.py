"""Dot-vote data: setting a participant's dots (never beyond the allowance) and tallying them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from toolbox.auth.models import utcnow
from toolbox.extensions import begin_write, db
from toolbox.rooms.methods import IllegalAction
from toolbox.rooms.methods.dot_voting import DotVoting, Tally

from .models import Dot, Participant, Room
from .services import bump, record


def my_dots(room: Room, participant: Participant) -> dict[tuple[int, int], int]:
    """(ballot, option) → how many of this participant's dots sit there."""
    rows = db.session.execute(
        select(Dot.ballot, Dot.option, func.count())
        .where(Dot.room_id == room.id, Dot.participant_id == participant.id)
        .group_by(Dot.ballot, Dot.option)
    )
    return {(b, o): n for b, o, n in rows}


def set_dots(room: Room, participant: Participant, ballot: int, option: int, count: int) -> None:
    """Make this participant have exactly `count` dots on `option` of `ballot`.

    Setting a number (rather than adding one) makes a re-sent request harmless. The unique slots in
    the database guarantee the allowance even if two tabs click at the same moment. The write holds
    the room's lock, so it reads once and writes once: hundreds of people vote in the same minute.
    (A dot is its own record, with its time: it adds no row to the room's action log.)
    """
    begin_write()
    # Only the projector and console must see it: the phone gets its ballots in the answer, and leaving its
    # version alone keeps its polls answered "no change" (a second window of the same person catches up
    # at the next change of phase).
    bump(room, everyone=False)
    DotVoting.can_vote(room.phase)
    held = db.session.execute(select(Dot.option, Dot.slot).where(Dot.participant_id == participant.id, Dot.ballot == ballot)).all()
    mine = sorted(slot for o, slot in held if o == option)
    others = len(held) - len(mine)
    DotVoting.check_target(room.settings, ballot, option, count, others)
    if count < len(mine):
        gone = mine[count:]  # the last placed go first
        db.session.execute(delete(Dot).where(Dot.participant_id == participant.id, Dot.ballot == ballot, Dot.slot.in_(gone)))
    elif count > len(mine):
        allowance = room.settings["ballots"][ballot]["dots"]
        used = {slot for _, slot in held}
        free = [s for s in range(1, allowance + 1) if s not in used][: count - len(mine)]
        rows = [
            {
                "room_id": room.id,
                "participant_id": participant.id,
                "ballot": ballot,
                "option": option,
                "slot": slot,
                "stack": f"s{slot}" if room.settings["stacking"] else f"o{option}",
                "at": utcnow(),
            }
            for slot in free
        ]
        try:
            db.session.execute(insert(Dot), rows)
        except IntegrityError as exc:
            # bump() serialises writers of a room, so this means a bug or a concurrent path we did not
            # foresee: the unique slots still keep the allowance, and the person is asked to try again.
            raise DotConflict("Your dots changed in another window: please try again.") from exc


class DotConflict(IllegalAction):
    """Two windows of one participant raced; the database kept the allowance."""


@dataclass(frozen=True)
class BallotResult:
    index: int
    label: str
    colour: str
    symbol: str
    dots_each: int
    tallies: list[Tally]
    total: int
    voters: int


def results(room: Room) -> list[BallotResult]:
    """Per ballot: options ranked by dots, the total and how many people voted."""
    counts: dict[int, dict[int, int]] = {}
    for ballot, option, n in db.session.execute(
        select(Dot.ballot, Dot.option, func.count()).where(Dot.room_id == room.id).group_by(Dot.ballot, Dot.option)
    ):
        counts.setdefault(ballot, {})[option] = n
    voters = dict(
        db.session.execute(
            select(Dot.ballot, func.count(func.distinct(Dot.participant_id))).where(Dot.room_id == room.id).group_by(Dot.ballot)
        ).all()
    )
    out = []
    for i, b in enumerate(room.settings["ballots"]):
        tallies = DotVoting.rank(room.settings["options"], counts.get(i, {}))
        out.append(
            BallotResult(i, b["label"], b["colour"], b["symbol"], b["dots"], tallies, sum(t.dots for t in tallies), voters.get(i, 0))
        )
    return out


def voters(room: Room) -> int:
    """How many participants have placed at least one dot."""
    return db.session.scalar(select(func.count(func.distinct(Dot.participant_id))).where(Dot.room_id == room.id)) or 0


def edit_options(room: Room, text: str) -> list[str]:
    """Replace the options before the vote opens (one per line)."""
    if room.phase != "setup":
        raise IllegalAction("The options can only change before the vote opens.")
    options = DotVoting.clean_options(text.splitlines())
    begin_write()
    bump(room)
    if room.phase != "setup":  # again under the room's lock: the vote may have opened since the room was read
        raise IllegalAction("The options can only change before the vote opens.")
    room.settings = {**room.settings, "options": options}
    record(room, "options", options=options)
    return options
