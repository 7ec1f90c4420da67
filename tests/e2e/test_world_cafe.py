"""A world café run live: 9 people, 3 tables, 2 rounds, then the report-back.

Chromium shows the console, the projector and two phones (the host, who volunteers, sees her guests'
notes arrive by the poll and marks a key insight; and a second person); the other seven phones are plain
HTTP participants reading the same fragments.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .rooms import HttpPhone, another_window, join_phones, log_in, open_live, see, shows, text_of

TERRITORIES = ["Dakar", "Turin", "Quito"]
CAFE = "/activities/module-1/3-migration-cycle-world-cafe"
POLL = re.compile(r"/r/\w+\?v=")  # a phone's "anything new?" poll


def table_of(phone) -> int:
    return int(re.search(r"table (\d+)", text_of(phone, ".go-to")).group(1))


def post_note(phone, text: str) -> None:
    """Write on the tablecloth and post it: the note is then on the phone's tablecloth."""
    if isinstance(phone, HttpPhone):
        phone.wait_for(lambda view: view.select("form.compose"), "the tablecloth's box")  # the round has reached the phone
        answer = phone.press("Post the note", {"Write on the tablecloth": text})
        assert answer.count(".note-text", has_text=text), answer.text
        assert answer.count(".note-text b") == 0  # participant markup is shown as text
    else:
        phone.get_by_label("Write on the tablecloth").fill(text)
        phone.get_by_role("button", name="Post the note").click()
        expect(phone.locator(".note-text", has_text=text)).to_be_visible()


def test_world_cafe_with_nine_people_three_tables_two_rounds(live_server, browser, make_user):
    make_user("fac@example.org", "facilitator", "Fatou")
    errors: list[str] = []
    base = live_server.url
    console = log_in(browser, base, "fac@example.org", errors)
    code = open_live(console, base, CAFE)
    console.get_by_label("Tables, one topic per line").fill("Pre-decision\nPre-departure\nReturn")
    console.get_by_role("button", name="Save the tables").click()
    expect(console.get_by_label("Table 3: Return")).to_be_visible()
    projector = another_window(console)
    projector.on("pageerror", lambda e: errors.append(str(e)))
    projector.goto(console.url + "/projector")

    def territory(i: int) -> dict[str, str]:
        return {"Your territory": TERRITORIES[i % 3]}

    phones = join_phones(browser, base, code, 2, errors, territory) + HttpPhone.crowd(base, code, range(2, 9), territory)
    expect(projector.locator(".projector-message")).to_have_text("9 joined")
    phones[0].get_by_role("button", name="I would like to host a table").click()
    expect(phones[0].get_by_text("you offered to host")).to_be_visible()

    console.get_by_role("button", name="Seat everyone for round 1").click()
    first = {}
    for i, phone in enumerate(phones):
        see(phone, ".go-to", "table")
        first[i] = table_of(phone)
    assert sorted(first.values()) == [1, 1, 1, 2, 2, 2, 3, 3, 3]
    hosts = {i for i, phone in enumerate(phones) if shows(phone, "You are the host")}
    assert 0 in hosts and len(hosts) == 3
    expect(projector.locator(".table-card")).to_have_count(3)
    expect(projector.locator(".projector-question")).to_contain_text("challenges")

    console.get_by_role("button", name=re.compile(r"^Start round 1")).click()
    expect(projector.locator(".timer-value")).to_have_text(re.compile(r"^1[45]:\d\d$"))
    guests = [i for i in range(9) if i not in hosts]
    for i in guests:
        post_note(phones[i], f"Challenge seen by person {i + 1} <b>bold?</b>")
    host = phones[0]
    expect(host.locator(".note-item")).to_have_count(2)  # the two guests of its table
    host.get_by_role("button", name=re.compile("^Mark as key insight")).first.click()
    expect(host.locator(".note-item.insight")).to_have_count(1)

    console.get_by_role("button", name=re.compile(r"^End round 1")).click()
    for i, phone in enumerate(phones):
        see(phone, ".kicker", "Round 2 of")
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
    post_note(phones[guests[0]], "An opportunity in round two")
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
    base = live_server.url
    console = log_in(browser, base, "fac@example.org", errors)
    code = open_live(console, base, CAFE)
    # Person 2 types in Chromium; the three others only need to be seated.
    HttpPhone.join(base, code, "Person 1")
    (typist,) = join_phones(browser, base, code, 1, errors, first=1)
    HttpPhone.crowd(base, code, range(2, 4))
    console.get_by_role("button", name="Seat everyone for round 1").click()
    console.get_by_role("button", name=re.compile(r"^Start round 1")).click()
    box = typist.get_by_label("Write on the tablecloth")
    box.fill("Half a thought about remittances")
    for _ in range(2):  # polls come and go while the person types
        with typist.expect_response(lambda r: POLL.search(r.url) is not None):
            pass
    expect(box).to_have_value("Half a thought about remittances")
    console.get_by_role("button", name=re.compile(r"^End round 1")).click()
    expect(typist.locator(".go-to")).to_be_visible()
    console.get_by_role("button", name=re.compile(r"^Start round 2")).click()
    expect(typist.get_by_label("Write on the tablecloth")).to_have_value("Half a thought about remittances")
    # The answer to the post is held back until a poll has shown the note (the order a busy server gave
    # in CI): the poll replaces the page the answer was aimed at, and the answer must still clear the box.
    held: list = []
    typist.route(re.compile(r"/r/\w+/notes$"), lambda route: held.append((route, route.fetch())))
    with typist.expect_request(lambda r: r.method == "POST"):
        typist.get_by_role("button", name="Post the note").click()
    expect(typist.locator(".note-text", has_text="Half a thought")).to_be_visible()  # shown by a poll
    expect(typist.get_by_label("Write on the tablecloth")).to_have_value("Half a thought about remittances")
    ((route, answer),) = held
    route.fulfill(response=answer)
    expect(typist.get_by_label("Write on the tablecloth")).to_have_value("")
    typist.reload()
    expect(typist.get_by_label("Write on the tablecloth")).to_have_value("")
    assert errors == []
