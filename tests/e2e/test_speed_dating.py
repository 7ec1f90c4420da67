"""Speed dating run live with 7 phones: seats, partners, breaks, ideas, the plenary.

Chromium shows the console, the projector (its countdown runs out to "Time is up") and two phones, which
follow the rounds by their poll and note ideas; the five other phones are plain HTTP participants.
"""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from toolbox.auth.models import utcnow
from toolbox.extensions import begin_write, db
from toolbox.rooms.models import Room

from .rooms import HttpPhone, another_window, join_phones, log_in, open_live, see, shows, text_of


def partner_of(phone) -> str | None:
    """The partner named on a phone, or None on a break."""
    if shows(phone, "A break"):
        return None
    return text_of(phone, ".partner strong")


def note_idea(phone, text: str) -> None:
    """Note an idea from the conversation: the phone then lists "My notes"."""
    if isinstance(phone, HttpPhone):
        phone.wait_for(lambda view: view.select("form.compose"), "the box for ideas")  # the conversation has started
        answer = phone.press("Save the idea", {"Note an idea from this conversation": text})
        assert "My notes" in answer.text, answer.text
    else:
        phone.get_by_label("Note an idea from this conversation").fill(text)
        phone.get_by_role("button", name="Save the idea").click()
        expect(phone.get_by_text("My notes")).to_be_visible()


def test_speed_dating_with_seven_phones(live_server, browser, make_user):
    make_user("fac@example.org", "facilitator", "Fatou")
    errors: list[str] = []
    console = log_in(browser, live_server.url, "fac@example.org", errors)
    code = open_live(console, live_server.url, "/activities/module-2/6-ppp-speed-dating")
    projector = another_window(console)
    projector.on("pageerror", lambda e: errors.append(str(e)))
    projector.goto(console.url + "/projector")
    phones = join_phones(browser, live_server.url, code, 2, errors) + HttpPhone.crowd(live_server.url, code, range(2, 7))
    names = [f"Person {i + 1}" for i in range(7)]

    console.get_by_role("button", name="Pair everyone for round 1").click()
    met: set[frozenset[str]] = set()
    breaks: list[str] = []
    for r in range(3):
        for phone in phones:
            see(phone, ".kicker", f"Round {r + 1} of 12")
        partners = {names[i]: partner_of(phone) for i, phone in enumerate(phones)}
        resting = [n for n, p in partners.items() if p is None]
        assert len(resting) == 1, partners
        breaks += resting
        this_round = set()
        for name, partner in partners.items():
            if partner is not None:
                assert partners[partner] == name, "partners name each other"
                this_round.add(frozenset((name, partner)))
        assert len(this_round) == 3 and not (this_round & met), "nobody meets the same person twice"
        met |= this_round
        expect(projector.locator(".pair-card")).to_have_count(3)
        console.get_by_role("button", name=re.compile(rf"^Start round {r + 1} \(2 minutes\)")).click()
        expect(projector.locator(".projector-question")).to_contain_text("public–private partnerships")
        expect(projector.locator(".timer-value")).to_have_text(re.compile(r"^[12]:\d\d$"))
        talker = next(i for i, n in enumerate(names) if partners[n] is not None)
        note_idea(phones[talker], f"Idea {r + 1}: a job fair with <employers>")
        if r < 2:
            console.get_by_role("button", name=re.compile(rf"^End round {r + 1}: move one seat")).click()
    assert len(set(breaks)) == 3, "the break rotates"
    assert len(met) == 9

    # The end of a round: the projector counts down to zero and signals it.
    with live_server.app.app_context():
        begin_write()  # the live server writes too: a read turned write would fail on a stale snapshot
        room = db.session.scalar(db.select(Room).where(Room.code == code))
        room.timer_ends_at = utcnow() + timedelta(seconds=1)
        room.version += 1
        db.session.commit()
    expect(projector.locator(".timer.time-up")).to_be_visible(timeout=10_000)
    expect(projector.locator(".timer-label")).to_have_text("Time is up")

    console.get_by_role("button", name="Go to the closing plenary").click()
    expect(projector.locator(".projector-phase")).to_have_text("Closing plenary: question 1")
    expect(projector.locator(".note-text")).to_have_count(3)
    expect(projector.locator(".note-text").first).to_contain_text("<employers>")
    projector.keyboard.press("n")
    expect(projector.locator(".projector-phase")).to_have_text("Closing plenary: question 2")
    assert errors == []
