"""Every activity guide of the three modules runs live: open its room, simulate participants, walk every phase.

Each method has a script below saying what simulated participants do in each phase; a method without
one fails here, so a new method comes with its script.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import REAL_CONTENT, shared_catalog
from toolbox.catalog import catalog
from toolbox.rooms.methods import METHODS

from .conftest import LiveRoom, Phone


def dot_voting(room: LiveRoom, phones: list[Phone], phase: str, step: int) -> None:
    if phase == "voting":
        for i, phone in enumerate(phones):
            phone.act("dots", ballot=0, option=i % 2, count=1)


def world_cafe(room: LiveRoom, phones: list[Phone], phase: str, step: int) -> None:
    if phase == "setup":
        phones[0].act("volunteer", host="yes")
    if phase == "round":
        for i, phone in enumerate(phones):
            phone.act("notes", text=f"Idea {i} in step {step}", key=f"w-{step}-{i}")


def speed_dating(room: LiveRoom, phones: list[Phone], phase: str, step: int) -> None:
    if phase == "talking":
        phones[step % len(phones)].act("ideas", text=f"An idea in step {step}", key=f"s-{step}")


def brainwriting(room: LiveRoom, phones: list[Phone], phase: str, step: int) -> None:
    if phase in ("writing", "passing"):
        for i, phone in enumerate(phones):
            phone.act("ideas", text=f"Idea {i} in step {step}", key=f"b-{step}-{i}")
    if phase == "voting":
        for phone in phones:
            html = phone.page()
            for card in re.findall(r'name="card" value="(\d+)"', html)[:2]:
                phone.act("vote", card=card, on="yes")


def take_a_stand(room: LiveRoom, phones: list[Phone], phase: str, step: int) -> None:
    if phase == "statement":
        for i, phone in enumerate(phones):
            phone.act("stance", zone=i % 3)
    if phase == "spread":
        phones[0].act("explain", explain="yes")


def fishbowl(room: LiveRoom, phones: list[Phone], phase: str, step: int) -> None:
    if phase == "setup":
        room.act("expert", participant=phones[0].id(), expert="yes")
    if phase in ("talks", "open"):
        for phone in phones[1:4]:
            phone.act("enter")
        phones[-1].act("notes", text=f"A question in step {step}", key=f"f-{step}")
    if phase == "open":
        phones[1].act("leave")


def review_game(room: LiveRoom, phones: list[Phone], phase: str, step: int) -> None:
    if phase == "collecting":
        for i, phone in enumerate(phones):
            phone.act("questions", text=f"Question {i}?", key=f"q-{i}")
    if phase == "playing":
        current = room.room().state["current"]
        room.act("award", question=current, participant=phones[step % len(phones)].id(), points=room.room().settings["points"][0])


def group_board(room: LiveRoom, phones: list[Phone], phase: str, step: int) -> None:
    from toolbox.extensions import db
    from toolbox.rooms.methods.group_board import ALL_GROUPS, parts
    from toolbox.rooms.models import Place

    current = room.room()
    s = current.settings
    plenary_queue = s["queue"] and s["grouping"] == "plenary"
    if phase == "groups" and s["grouping"] not in ("individual", "plenary"):
        phones[0].act("rapporteur", rapporteur="yes")
    if phase == "work":
        with room.app.app_context():
            placed = {p.participant_id: p.place for p in db.session.query(Place).filter_by(room_id=room.id, round=0)}
        for i, phone in enumerate(phones):
            group = placed[phone.id()]
            targets = [p.id for p in parts(s, group)]
            if targets:
                phone.act("note", text=f"Note {i} in step {step}", key=f"gb-{step}-{i}", target=targets[i % len(targets)], group=group)
        if plenary_queue:
            phones[0].act("ask", text=f"A question in step {step}", key=f"gq-{step}", target=0)
    if phase == "report" and s["queue"] and current.state.get("report", 0) in (0, ALL_GROUPS):
        phones[1].act("ask", text=f"A question for the group in step {step}", key=f"gr-{step}", target=0)


SCRIPTS = {
    "dot-voting": dot_voting,
    "world-cafe": world_cafe,
    "speed-dating": speed_dating,
    "brainwriting": brainwriting,
    "take-a-stand": take_a_stand,
    "fishbowl": fishbowl,
    "review-game": review_game,
    "group-board": group_board,
}


def guides() -> list[str]:
    """Every activity guide of the bundled content (27 for the Core Module and Modules 1–2)."""
    return sorted(shared_catalog(REAL_CONTENT).get().activities)  # the catalogue the tests' apps use: parsed once


def test_the_three_modules_have_27_guides():
    assert len(guides()) == 27


@pytest.mark.parametrize("activity", guides())
def test_every_guide_runs_live_through_all_its_phases(app, live, activity):
    with app.app_context():
        guide = catalog().activity(*activity.split("/"))
        method = METHODS[guide.method]
        people = max(guide.participants[0], 4)
    assert method.runnable, f"{activity}: method {guide.method} has no live room"
    script = SCRIPTS.get(guide.method)
    assert script is not None, f"add a script for {guide.method} to this test"
    room = live(activity)
    phones = [room.join(f"Person {i + 1}", territory=["Dakar", "Turin", "Rabat"][i % 3]) for i in range(people)]
    seen = []
    for step in range(80):
        current = room.room()
        seen.append(current.phase)
        script(room, phones, current.phase, step)
        for view in ("console", "projector"):
            assert "room-" in room.page(view)
        assert all(phone.page() for phone in phones[:2])
        if method.machine.next_move(current.phase, current.state, current.settings) is None:
            break
        room.move("next")
    else:
        pytest.fail(f"{activity}: still not at its last phase after 80 moves")
    assert set(seen) == {p.name for p in method.machine.phases_for(current.settings)}, f"{activity} visited {seen}"
    room.act("close", expect=200)
    for fmt in ("md", "csv"):
        assert room.host.get(f"/rooms/{room.id}/results.{fmt}").status_code == 200
