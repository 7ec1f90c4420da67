"""Speed dating through the app: seats and partners each round, breaks, ideas per question, the plenary."""

from __future__ import annotations

from itertools import combinations

from tests.rooms.live.conftest import LiveRoom
from toolbox.extensions import db
from toolbox.rooms.models import Entry, Place

PPP = "module-2/6-ppp-speed-dating"


def round_pairs(app, room_id: int, round_: int) -> tuple[set[frozenset[int]], set[int]]:
    with app.app_context():
        rows = db.session.query(Place).filter_by(room_id=room_id, round=round_).all()
    groups: dict[int, set[int]] = {}
    resting = set()
    for p in rows:
        if p.place is None:
            resting.add(p.participant_id)
        else:
            groups.setdefault(p.place, set()).add(p.participant_id)
    return {frozenset(g) for g in groups.values()}, resting


def test_seven_people_over_the_ppp_rounds(app, live):
    room = live(PPP)
    phones = [room.join(f"P{i}") for i in range(7)]
    ids = [ph.id() for ph in phones]
    room.move("pair")
    seen: set[frozenset[int]] = set()
    breaks = {p: 0 for p in ids}
    for r in range(7):
        pairs, resting = round_pairs(app, room.id, r)
        assert len(pairs) == 3 and len(resting) == 1 and all(len(p) == 2 for p in pairs)
        assert not (pairs & seen), "no pair meets twice in the first seven rounds"
        seen |= pairs
        for p in resting:
            breaks[p] += 1
        room.move("start")
        assert room.room().timer_seconds == 120
        if r < 6:
            room.move("rotate")
    assert seen == {frozenset(c) for c in combinations(ids, 2)}, "after seven rounds everyone has met everyone"
    assert set(breaks.values()) == {1}
    html = phones[0].page()
    assert "Talking with" in html or "A break" in html


def test_phones_show_seat_partner_and_question(app, live):
    room = live(PPP)
    ana = room.join("Ana")
    room.join("Bo")
    room.move("pair")
    html = ana.page()
    assert "Seat <strong>A1</strong>" in html and "Facing <strong>Bo</strong> (B1)" in html
    assert "pre-decision phase" in html
    room.move("start")
    assert "Talking with <strong>Bo</strong>" in ana.page()


def test_ideas_are_filed_per_question_and_listed_in_the_plenary(app, live):
    room = live(PPP)
    phones = [room.join(f"P{i}") for i in range(4)]
    room.move("pair")
    room.move("start")
    phones[0].act("ideas", text="Employers fund <b>training</b>", key="i1")
    phones[0].act("ideas", text="Employers fund <b>training</b>", key="i1")  # re-sent: stored once
    for _ in range(3):  # three rounds per question: round 4 is the second question
        room.move("rotate")
        room.move("start")
    phones[1].act("ideas", text="Banks and remittances", key="i2")
    with app.app_context():
        ideas = {e.text: e.place for e in db.session.query(Entry).filter_by(room_id=room.id, kind="idea")}
    assert ideas == {"Employers fund <b>training</b>": 0, "Banks and remittances": 1}
    room.move("plenary")
    projector = room.page("projector")
    assert "Employers fund &lt;b&gt;training&lt;/b&gt;" in projector and "Banks and remittances" not in projector
    room.move("next-question")
    assert "Banks and remittances" in room.page("projector")
    markdown = room.host.get(f"/rooms/{room.id}/results.md").get_data(as_text=True)
    assert "Employers fund \\<b\\>training\\</b\\>" in markdown


def test_a_late_joiner_takes_the_partner_of_the_person_on_a_break(app, live):
    room = live(PPP)
    for i in range(3):
        room.join(f"P{i}")
    room.move("pair")
    _, resting = round_pairs(app, room.id, 0)
    assert len(resting) == 1
    late = room.join("Late")
    pairs, resting = round_pairs(app, room.id, 0)
    assert not resting and len(pairs) == 2
    assert "Facing" in late.page()


MEET_AND_GREET = """---
title: Meet and greet
number: "2"
module: demo
summary: Pairs introduce themselves.
method: speed-dating
participants: {min: 4, max: 30}
materials: [A bell]
timing:
  - {step: Rounds, minutes: 12}
settings:
  questions: []
  prompt: "Introduce yourselves: who you are and where you work."
  round_minutes: 3
---
## Objectives
- Meet people.

## Preparation
Clear the room.

## Steps
1. Pair up.

## Tips
- Keep time.

## Debrief
What did you learn?
"""


def test_a_round_without_questions_shows_the_prompt(make_app, content_dir, make_user, login):
    """A guide may give pairs a prompt instead of questions (an icebreaker): the phones show it."""
    (content_dir / "activities" / "demo" / "2-meet.md").write_text(MEET_AND_GREET, encoding="utf-8")
    app = make_app(CONTENT_DIR=str(content_dir))
    make_user("fac@example.org", "facilitator", "Fatou")
    host = app.test_client()
    assert login("fac@example.org", c=host).status_code == 302
    room = LiveRoom(app, host, "demo/2-meet")
    ana, _ = room.join("Ana"), room.join("Bo")
    room.move("pair")
    room.move("start")
    assert room.room().timer_seconds == 180
    assert "Introduce yourselves" in ana.page()


def test_ideas_need_text_and_a_started_room(app, live):
    room = live(PPP)
    ana = room.join("Ana")
    ana.act("ideas", text="early", key="e", expect=422)
    room.move("pair")
    ana.act("ideas", text="   ", key="f", expect=422)
    ana.act("withdraw", entry=999999, expect=422)
