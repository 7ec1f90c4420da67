"""Fishbowl: an inner circle of seats (the first ones for experts), a queue to enter, leaving frees a seat.

The room's state holds the bowl: {"seats": [participant or None, ...], "queue": [...], "experts": [...]}.
The functions below are pure: each takes a Bowl and returns the next one, filled again, so the rules hold
whatever happens (someone leaves the room, the facilitator frees a seat, two people ask at once):
never more people than seats, expert seats for experts only, first come first served, nobody twice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .base import IllegalAction, LiveMethod, Move, Phase


class Fishbowl(LiveMethod):
    name = "fishbowl"
    phases = (
        Phase("setup", "Getting ready", "Participants join. Mark the experts: they take the expert seats."),
        Phase("talks", "Expert contributions", "The experts speak in turn. Participants can already queue for a free chair."),
        Phase("open", "Open fishbowl", "Free chairs go to the queue, first come first served; a speaker leaves with one tap."),
        Phase("debrief", "Debrief", "Everyone in one circle: key messages, with the notes from the outer circle."),
    )
    moves = (
        Move("talks", "Start: the experts' contributions", ("setup",), "talks"),
        Move("open", "Open the floor", ("setup", "talks"), "open"),
        Move("debrief", "End the fishbowl: debrief", ("open",), "debrief"),
        Move("reopen", "Reopen the fishbowl", ("debrief",), "open", back=True),
    )

    def allowed(self, move: Move, state: dict, settings: dict) -> bool:
        if move.name == "talks":
            return settings["expert_seats"] > 0
        return True

    def phases_for(self, settings: dict) -> tuple[Phase, ...]:
        return self.phases if settings["expert_seats"] > 0 else tuple(p for p in self.phases if p.name != "talks")

    def initial_state(self, settings) -> dict:
        return Bowl.empty(settings.seats, settings.expert_seats).to_state()


@dataclass(frozen=True)
class Bowl:
    seats: tuple[int | None, ...]  # the expert seats first, then the open ones
    expert_seats: int
    queue: tuple[int, ...] = ()
    experts: frozenset[int] = frozenset()

    @staticmethod
    def empty(seats: int, expert_seats: int) -> Bowl:
        return Bowl((None,) * seats, expert_seats)

    @staticmethod
    def from_state(state: dict, settings: dict) -> Bowl:
        seats = list(state.get("seats", []))[: settings["seats"]]
        seats += [None] * (settings["seats"] - len(seats))
        return Bowl(tuple(seats), settings["expert_seats"], tuple(state.get("queue", [])), frozenset(state.get("experts", [])))

    def to_state(self) -> dict:
        return {"seats": list(self.seats), "queue": list(self.queue), "experts": sorted(self.experts)}

    def seat_of(self, person: int) -> int | None:
        return self.seats.index(person) if person in self.seats else None

    def is_expert_seat(self, seat: int) -> bool:
        return seat < self.expert_seats

    def place_in_queue(self, person: int) -> int | None:
        """1 for the next person in, or None."""
        return self.queue.index(person) + 1 if person in self.queue else None

    @property
    def seated(self) -> list[int]:
        return [p for p in self.seats if p is not None]

    @property
    def free(self) -> list[int]:
        return [i for i, p in enumerate(self.seats) if p is None]


def fill(bowl: Bowl, open_floor: bool) -> Bowl:
    """Free expert seats go to the first experts in the queue; free open seats (once the floor is open) to the first in it."""
    seats, queue = list(bowl.seats), list(bowl.queue)
    for i in range(bowl.expert_seats):
        if seats[i] is None:
            expert = next((p for p in queue if p in bowl.experts), None)
            if expert is not None:
                seats[i] = expert
                queue.remove(expert)
    if open_floor:
        for i in range(bowl.expert_seats, len(seats)):
            if seats[i] is None and queue:
                seats[i] = queue.pop(0)
    return replace(bowl, seats=tuple(seats), queue=tuple(queue))


def ask(bowl: Bowl, person: int, open_floor: bool) -> Bowl:
    """Ask to enter: join the end of the queue (asking again changes nothing), then take a free seat if it is yours."""
    if person in bowl.seats or person in bowl.queue:
        return bowl
    return fill(replace(bowl, queue=(*bowl.queue, person)), open_floor)


def withdraw(bowl: Bowl, person: int) -> Bowl:
    """Leave the queue."""
    return replace(bowl, queue=tuple(p for p in bowl.queue if p != person))


def leave(bowl: Bowl, person: int, open_floor: bool) -> Bowl:
    """Go back to the outer circle (from a seat or the queue); a freed seat goes to the next in line."""
    seats = tuple(None if p == person else p for p in bowl.seats)
    return fill(replace(withdraw(bowl, person), seats=seats), open_floor)


def free_seat(bowl: Bowl, seat: int, open_floor: bool) -> Bowl:
    """The facilitator frees a seat (its speaker goes back to the outer circle)."""
    if not 0 <= seat < len(bowl.seats):
        raise IllegalAction("There is no such seat.")
    person = bowl.seats[seat]
    return leave(bowl, person, open_floor) if person is not None else fill(bowl, open_floor)


def set_expert(bowl: Bowl, person: int, expert: bool, open_floor: bool) -> Bowl:
    """Mark someone as an expert (they take an expert seat when one is free) or not (they leave an expert seat)."""
    if expert:
        if person in bowl.experts:
            return bowl
        bowl = replace(bowl, experts=bowl.experts | {person})
        seat = bowl.seat_of(person)
        if seat is not None and not bowl.is_expert_seat(seat) and None in bowl.seats[: bowl.expert_seats]:
            bowl = leave(bowl, person, False)  # from an open seat to an expert one: queue, then seated first below
        if bowl.seat_of(person) is None and person not in bowl.queue:
            bowl = replace(bowl, queue=(*bowl.queue, person))
        return fill(bowl, open_floor)
    bowl = replace(bowl, experts=bowl.experts - {person})
    seat = bowl.seat_of(person)
    if seat is not None and bowl.is_expert_seat(seat):
        bowl = leave(bowl, person, open_floor)
    return fill(bowl, open_floor)


def remove(bowl: Bowl, person: int, open_floor: bool) -> Bowl:
    """Someone left the room: their seat and their place in the queue go to others."""
    return leave(replace(bowl, experts=bowl.experts - {person}), person, open_floor)


def resize(bowl: Bowl, seats: int, expert_seats: int, open_floor: bool) -> Bowl:
    """Change the number of seats and expert seats, as long as nobody seated loses their chair."""
    if not 0 <= expert_seats < seats:
        raise IllegalAction("Keep at least one open seat: fewer expert seats than seats.")
    in_expert = [p for p in bowl.seats[: bowl.expert_seats] if p is not None]
    in_open = [p for p in bowl.seats[bowl.expert_seats :] if p is not None]
    if len(in_expert) > expert_seats:
        raise IllegalAction(f"{len(in_expert)} experts sit in expert seats: free one first.")
    if len(in_open) > seats - expert_seats:
        raise IllegalAction(f"{len(in_open)} people sit in open seats: free one first.")
    new = in_expert + [None] * (expert_seats - len(in_expert)) + in_open + [None] * (seats - expert_seats - len(in_open))
    return fill(replace(bowl, seats=tuple(new), expert_seats=expert_seats), open_floor)


def moved(before: Bowl, after: Bowl) -> set[int]:
    """Everyone whose seat or place in the queue changed (their phones need the news)."""
    people = set(before.seated) | set(after.seated) | set(before.queue) | set(after.queue)
    return {
        p
        for p in people
        if before.seat_of(p) != after.seat_of(p)
        or before.place_in_queue(p) != after.place_in_queue(p)
        or (p in before.experts) != (p in after.experts)
    }
