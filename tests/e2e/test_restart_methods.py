"""A server restart mid-round of a world café or speed dating: seats, timers and notes are all back.

The phones whose pages live through the restart in Chromium are real (one keeps its page open, polls and
posts, one reloads); the rest of the room are plain HTTP participants that ask again after the restart.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import LIVE_CONFIG, LiveServer
from .rooms import HttpPhone, another_window, join_phones, log_in, open_live, see, text_of

# kills or restarts the server under open pages: runs on PostgreSQL too (docs/testing.md)
pytestmark = pytest.mark.restarts_server


def restart(live_server, make_app) -> LiveServer:
    live_server.stop()
    return LiveServer(make_app(**LIVE_CONFIG), port=live_server.port).start()


def test_restart_mid_cafe_round(live_server, browser, make_user, make_app):
    make_user("fac@example.org", "facilitator", "Fatou")
    errors: list[str] = []
    console = log_in(browser, live_server.url, "fac@example.org", errors)
    code = open_live(console, live_server.url, "/activities/module-2/1-introduction-world-cafe")
    projector = another_window(console)
    projector.goto(console.url + "/projector")
    # Person 2 posts from the page it had open before the restart, Person 3 reloads; the others are HTTP phones.
    base = live_server.url
    phones = [
        HttpPhone.join(base, code, "Person 1"),
        *join_phones(browser, base, code, 2, errors, first=1),
        *HttpPhone.crowd(base, code, range(3, 6)),
    ]
    console.get_by_role("button", name="Seat everyone for round 1").click()
    console.get_by_role("button", name=re.compile(r"^Start round 1")).click()
    for phone in phones:  # every phone has fetched the round (its kicker names the table)
        see(phone, ".kicker", "Table")
    seats = [text_of(phone, ".kicker") for phone in phones]
    phones[1].get_by_label("Write on the tablecloth").fill("Written before the power cut")
    phones[1].get_by_role("button", name="Post the note").click()
    expect(phones[1].locator(".note-text", has_text="power cut")).to_be_visible()

    restarted = restart(live_server, make_app)
    try:
        phones[2].reload()  # one phone reloads, the others keep polling the server that came back
        phones[1].get_by_label("Write on the tablecloth").fill("Written after the restart")
        phones[1].get_by_role("button", name="Post the note").click()
        for phone in (phones[1],):
            expect(phone.locator(".note-text", has_text="power cut")).to_be_visible()
            expect(phone.locator(".note-text", has_text="after the restart")).to_be_visible()
        for phone in phones:
            if isinstance(phone, HttpPhone):
                phone.refresh()  # its next poll after the restart
        now = [text_of(phone, ".kicker") for phone in phones]
        assert now == seats, "everyone keeps their table"
        expect(projector.locator(".timer-value")).to_have_text(re.compile(r"^1[45]:\d\d$"))  # 15 minutes, still running
        console.get_by_role("button", name=re.compile(r"^End round 1")).click()
        see(phones[0], ".kicker", "Round 2 of 4")
        expect(phones[1].locator(".kicker")).to_contain_text("Round 2 of 4")  # the page open across the restart polls on
    finally:
        restarted.stop()
    assert errors == []


def test_restart_mid_speed_dating_round(live_server, browser, make_user, make_app):
    make_user("fac@example.org", "facilitator", "Fatou")
    errors: list[str] = []
    console = log_in(browser, live_server.url, "fac@example.org", errors)
    code = open_live(console, live_server.url, "/activities/module-2/6-ppp-speed-dating")
    # Person 1 reloads in Chromium (its notes and its countdown come back); the others reload over HTTP.
    phones = join_phones(browser, live_server.url, code, 1, errors) + HttpPhone.crowd(live_server.url, code, range(1, 4))
    console.get_by_role("button", name="Pair everyone for round 1").click()
    console.get_by_role("button", name=re.compile(r"^Start round 1")).click()
    for phone in phones:
        see(phone, ".partner", "Talking with")
    partners = [text_of(phone, ".partner") for phone in phones]
    phones[0].get_by_label("Note an idea from this conversation").fill("Kept across the restart")
    phones[0].get_by_role("button", name="Save the idea").click()
    expect(phones[0].get_by_text("My notes (1)")).to_be_visible()

    restarted = restart(live_server, make_app)
    try:
        for phone in phones:
            phone.reload()
        assert [text_of(phone, ".partner") for phone in phones] == partners
        expect(phones[0].get_by_text("My notes (1)")).to_be_visible()
        expect(phones[0].locator(".timer-value")).to_have_text(re.compile(r"^[12]:\d\d$"))
    finally:
        restarted.stop()
    assert errors == []
