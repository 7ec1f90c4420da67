"""Dot-vote data: setting a participant's dots (never beyond the allowance) and tallying them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

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
    the database guarantee the allowance even if two tabs click at the same moment.
    """
    begin_write()
    bump(room, everyone=False, participant=participant)
    DotVoting.can_vote(room.phase)
    mine = my_dots(room, participant)
    current = mine.get((ballot, option), 0)
    others = sum(n for (b, o), n in mine.items() if b == ballot and o != option)
    DotVoting.check_target(room.settings, ballot, option, count, others)
    if count < current:
        ids = db.session.scalars(
            select(Dot.id)
            .where(Dot.participant_id == participant.id, Dot.ballot == ballot, Dot.option == option)
            .order_by(Dot.slot.desc())
            .limit(current - count)
        ).all()
        db.session.execute(delete(Dot).where(Dot.id.in_(ids)))
    elif count > current:
        allowance = room.settings["ballots"][ballot]["dots"]
        used = set(db.session.scalars(select(Dot.slot).where(Dot.participant_id == participant.id, Dot.ballot == ballot)))
        free = [s for s in range(1, allowance + 1) if s not in used][: count - current]
        for slot in free:
            stack = f"s{slot}" if room.settings["stacking"] else f"o{option}"
            db.session.add(Dot(room_id=room.id, participant_id=participant.id, ballot=ballot, option=option, slot=slot, stack=stack))
        try:
            db.session.flush()
        except IntegrityError as exc:
            # bump() serialises writers of a room, so this means a bug or a concurrent path we did not
            # foresee: the unique slots still keep the allowance, and the person is asked to try again.
            raise DotConflict("Your dots changed in another window: please try again.") from exc
    record(room, "dots", participant, ballot=ballot, option=option, count=count)


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
