"""A world café run live in real Chromium: 9 phones, 3 tables, 2 rounds, then the report-back."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .rooms import join_phones, log_in, open_live

TERRITORIES = ["Dakar", "Turin", "Quito"]


def table_of(phone) -> int:
    text = phone.locator(".go-to").inner_text()
    return int(re.search(r"table (\d+)", text).group(1))


def test_world_cafe_with_nine_people_three_tables_two_rounds(live_server, browser, make_user):
    make_user("fac@example.org", "facilitator", "Fatou")
    errors: list[str] = []
    console = log_in(browser, live_server.url, "fac@example.org", errors)
    code = open_live(console, live_server.url, "/activities/module-1/3-migration-cycle-world-cafe")
    console.get_by_label("Tables, one topic per line").fill("Pre-decision\nPre-departure\nReturn")
    console.get_by_role("button", name="Save the tables").click()
    expect(console.get_by_label("Table 3: Return")).to_be_visible()
    projector = console.context.new_page()
    projector.on("pageerror", lambda e: errors.append(str(e)))
    projector.goto(console.url + "/projector")

    phones = join_phones(browser, live_server.url, code, 9, errors, lambda i: {"Your territory": TERRITORIES[i % 3]})
    expect(projector.locator(".projector-message")).to_have_text("9 joined")
    phones[0].get_by_role("button", name="I would like to host a table").click()
    expect(phones[0].get_by_text("you offered to host")).to_be_visible()

    console.get_by_role("button", name="Seat everyone for round 1").click()
    first = {}
    for i, phone in enumerate(phones):
        expect(phone.locator(".go-to")).to_contain_text("table")
        first[i] = table_of(phone)
    assert sorted(first.values()) == [1, 1, 1, 2, 2, 2, 3, 3, 3]
    hosts = {i for i, phone in enumerate(phones) if phone.get_by_text("You are the host").count()}
    assert 0 in hosts and len(hosts) == 3
    expect(projector.locator(".table-card")).to_have_count(3)
    expect(projector.locator(".projector-question")).to_contain_text("challenges")

    console.get_by_role("button", name=re.compile(r"^Start round 1")).click()
    expect(projector.locator(".timer-value")).to_have_text(re.compile(r"^1[45]:\d\d$"))
    guests = [i for i in range(9) if i not in hosts]
    for i in guests:
        phones[i].get_by_label("Write on the tablecloth").fill(f"Challenge seen by person {i + 1} <b>bold?</b>")
        phones[i].get_by_role("button", name="Post the note").click()
        expect(phones[i].locator(".note-text", has_text=f"person {i + 1} ")).to_be_visible()
    host = phones[0]
    expect(host.locator(".note-item")).to_have_count(2)  # the two guests of its table
    host.get_by_role("button", name=re.compile("^Mark as key insight")).first.click()
    expect(host.locator(".note-item.insight")).to_have_count(1)

    console.get_by_role("button", name=re.compile(r"^End round 1")).click()
    for i, phone in enumerate(phones):
        expect(phone.locator(".kicker")).to_contain_text("Round 2 of")
        if i in hosts:
            assert table_of(phone) == first[i], "hosts stay at their table"
        else:
            assert table_of(phone) != first[i], "guests change table"
    second = {i: table_of(phones[i]) for i in range(9)}
    for t in (1, 2, 3):
        came_from = [first[i] for i in guests if second[i] == t]
        assert len(set(came_from)) == len(came_from), "guests of a table come from different tables"
    expect(host.get_by_role("heading", name="Brief the newcomers")).to_be_visible()
    expect(host.locator(".brief .insight-mark")).to_have_count(1)

    console.get_by_role("button", name=re.compile(r"^Start round 2")).click()
    phones[guests[0]].get_by_label("Write on the tablecloth").fill("An opportunity in round two")
    phones[guests[0]].get_by_role("button", name="Post the note").click()
    expect(phones[guests[0]].locator(".note-text", has_text="round two")).to_be_visible()
    console.get_by_role("button", name="Start the report-back").click()
    expect(projector.locator(".projector-phase")).to_have_text("Report-back: table 1")
    expect(projector.locator(".cloth .insight-mark")).to_have_count(1)
    projector.get_by_role("button", name=re.compile("^Next: Table 2's tablecloth")).click()
    expect(projector.locator(".projector-phase")).to_have_text("Report-back: table 2")
    projector.keyboard.press("n")
    expect(projector.locator(".projector-phase")).to_have_text("Report-back: table 3")
    projector.keyboard.press("n")
    expect(projector.locator(".cloth.compact")).to_have_count(3)
    expect(projector.locator(".note-text", has_text="round two")).to_be_visible()
    assert projector.locator(".note-text b").count() == 0  # participant markup is shown as text

    markdown = console.request.get(console.url + "/results.md").text()
    assert "## Table 1: Pre-decision" in markdown and "An opportunity in round two" in markdown
    assert errors == []


def test_a_note_being_typed_survives_the_end_of_the_round(live_server, browser, make_user):
    """The round ends while someone types: the text comes back in the next round's box."""
    make_user("fac@example.org", "facilitator", "Fatou")
    errors: list[str] = []
    console = log_in(browser, live_server.url, "fac@example.org", errors)
    code = open_live(console, live_server.url, "/activities/module-1/3-migration-cycle-world-cafe")
    phones = join_phones(browser, live_server.url, code, 4, errors)
    console.get_by_role("button", name="Seat everyone for round 1").click()
    console.get_by_role("button", name=re.compile(r"^Start round 1")).click()
    box = phones[1].get_by_label("Write on the tablecloth")
    box.fill("Half a thought about remittances")
    phones[1].wait_for_timeout(1500)  # polls come and go while the person types
    expect(box).to_have_value("Half a thought about remittances")
    console.get_by_role("button", name=re.compile(r"^End round 1")).click()
    expect(phones[1].locator(".go-to")).to_be_visible()
    console.get_by_role("button", name=re.compile(r"^Start round 2")).click()
    expect(phones[1].get_by_label("Write on the tablecloth")).to_have_value("Half a thought about remittances")
    phones[1].get_by_role("button", name="Post the note").click()
    expect(phones[1].locator(".note-text", has_text="Half a thought")).to_be_visible()
    expect(phones[1].get_by_label("Write on the tablecloth")).to_have_value("")
    phones[1].reload()
    expect(phones[1].get_by_label("Write on the tablecloth")).to_have_value("")
    assert errors == []
