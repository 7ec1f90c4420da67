"""Brainwriting, take a stand, a fishbowl and a review game: a console, a projector and phones.

The console, the projector and the one phone each test is about are Chromium pages of 390 px (the phone
whose typed text survives the pass, whose pressed zone shows, that a freed chair reaches by its own poll);
the rest of each room are plain HTTP participants.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .rooms import HttpPhone, another_window


def facilitator(browser, base: str, activity: str):
    page = browser.new_context().new_page()
    page.goto(base + "/login")
    page.get_by_label("Email address").fill("fac@example.org")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{base}/activities/{activity}")
    page.get_by_role("button", name="Run live").click()
    expect(page.locator("#room-console")).to_be_visible()
    projector = another_window(page)
    projector.goto(page.url + "/projector")
    return page, projector, page.locator(".kicker .code").inner_text().strip()


def phones(browser, base: str, code: str, names: list[str], errors: list[str]):
    out = []
    for name in names:
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
        phone.on("pageerror", lambda e: errors.append(str(e)))
        phone.goto(f"{base}/r/{code}")
        phone.get_by_label("Your name").fill(name)
        phone.get_by_role("button", name="Join").click()
        expect(phone.get_by_text(f"You are {name}")).to_be_visible()
        out.append(phone)
    return out


def http_phones(base: str, code: str, names: list[str]) -> list[HttpPhone]:
    return [HttpPhone.join(base, code, name) for name in names]


def next_step(console, label: str) -> None:
    console.locator(".button-row").get_by_role("button", name=re.compile(label)).click()


def test_brainwriting_cards_move_on_by_themselves_and_typed_text_survives_the_refresh(live_server, browser, make_user):
    make_user("fac@example.org", "facilitator", "Fatou")
    errors: list[str] = []
    console, projector, code = facilitator(browser, live_server.url, "module-2/3-cooperation-frameworks-brainwriting")
    base = live_server.url
    (ana,) = http_phones(base, code, ["Ana"])
    (bo,) = phones(browser, base, code, ["Bo"], errors)  # Bo's half-typed idea must survive the pass
    (cy,) = http_phones(base, code, ["Cy"])
    next_step(console, "Start writing")
    for phone, idea in ((ana, "A law on local powers"), (bo, "Joint funds"), (cy, "A dialogue platform")):
        if isinstance(phone, HttpPhone):
            phone.wait_for(lambda view: view.select("h2.bw-card-title", has_text="Card"), "a card")
            answer = phone.press("Add the idea", {"Add an idea to card": idea})
            assert idea in answer.one(".bw-ideas").text
            continue
        expect(phone.get_by_role("heading", name="Card", exact=False)).to_be_visible()
        phone.get_by_label(re.compile("Add an idea to card")).fill(idea)
        phone.get_by_role("button", name="Add the idea").click()
        expect(phone.locator(".bw-ideas")).to_contain_text(idea)
    expect(projector.locator(".voted-count strong")).to_have_text("3")
    bo.get_by_label(re.compile("Add an idea to card")).fill("Half typed")
    next_step(console, "Pass the cards on")
    expect(bo.get_by_text("came from the person before you")).to_be_visible()
    expect(bo.locator(".bw-ideas")).to_contain_text("A law on local powers")  # Ana's card reached Bo
    expect(bo.get_by_label(re.compile("Add an idea to card"))).to_have_value("Half typed")
    next_step(console, "Pass the cards on")
    next_step(console, "Open the vote")
    ana.wait_for(lambda view: view.buttons("Put a dot on card 2"), "the vote")
    assert ana.press("Put a dot on card 2").one(".dots-left strong").text == "2"
    next_step(console, "Show the results")
    expect(projector.locator(".bw-results .bw-card").first).to_contain_text("1 dot")
    assert errors == []


def test_take_a_stand_spread_is_revealed_with_labels_and_volunteers(live_server, browser, make_user):
    make_user("fac@example.org", "facilitator", "Fatou")
    errors: list[str] = []
    console, projector, code = facilitator(browser, live_server.url, "module-2/4-what-is-decentralised-cooperation")
    base = live_server.url
    people = phones(browser, base, code, ["Ana"], errors) + http_phones(base, code, ["Bo", "Cy"])  # Ana's pressed zone shows in Chromium
    next_step(console, "Show statement 1")
    for phone, zone in zip(people, ("Agree", "Agree", "Strongly disagree"), strict=True):
        if isinstance(phone, HttpPhone):
            phone.wait_for(lambda view, zone=zone: view.buttons(zone), "the zones")
            answer = phone.press(zone)
            assert answer.button(re.compile(f"^{zone} ✓ you are here")).attrs["aria-pressed"] == "true"
            continue
        phone.get_by_role("button", name=zone, exact=True).click()
        expect(phone.get_by_role("button", name=re.compile(f"^{zone} ✓ you are here"))).to_have_attribute("aria-pressed", "true")
    expect(projector.locator(".voted-count strong")).to_have_text("3")
    assert projector.locator(".stand-count").count() == 0
    next_step(console, "Reveal the spread")
    zone = projector.locator(".stand-zone", has=projector.locator(".stand-label", has_text=re.compile("^Agree$")))
    expect(zone.locator(".stand-count")).to_contain_text("2")
    people[2].wait_for(lambda view: view.buttons("I'd like to explain"), "the spread")
    people[2].press("I'd like to explain")
    expect(projector.locator(".stand-volunteers")).to_contain_text("Cy")
    expect(console.locator("p", has_text="Ask first:")).to_contain_text("Strongly disagree (1), then Agree (2)")
    assert errors == []


def test_fishbowl_a_freed_chair_reaches_the_next_phone_without_a_reload(live_server, browser, make_user):
    make_user("fac@example.org", "facilitator", "Fatou")
    errors: list[str] = []
    console, projector, code = facilitator(browser, live_server.url, "module-1/1b-fishbowl-local-development")
    base = live_server.url
    expert, ana, bo = http_phones(base, code, ["Dr Expert", "Ana", "Bo"])
    (cy,) = phones(browser, base, code, ["Cy"], errors)  # the freed chair must reach Cy's page by its poll
    console.get_by_role("button", name="Make an expert: Dr Expert").click()
    expert.wait_for(lambda view: "You hold an expert seat" in view.text, "the expert seat")
    next_step(console, "Start: the experts")
    next_step(console, "Open the floor")
    for phone in (ana, bo):
        phone.wait_for(lambda view: view.buttons("I'd like to speak: ask for a chair"), "the floor open")
        phone.press("I'd like to speak: ask for a chair")
    cy.get_by_role("button", name="I'd like to speak: ask for a chair").click()
    ana.wait_for(lambda view: "take the free chair now" in view.text, "a free chair")
    bo.wait_for(lambda view: "take the free chair now" in view.text, "a free chair")
    expect(cy.get_by_text("number 1")).to_be_visible()
    expect(projector.locator(".bowl-next li")).to_have_text(["Cy"])
    ana.press("Leave the inner circle")
    expect(cy.get_by_text("take the free chair now")).to_be_visible()  # by its own poll
    expect(projector.locator(".bowl-seat-name")).to_have_text(["Dr Expert", "Free chair", "Free chair", "Cy", "Bo"])
    assert errors == []


def test_review_game_the_projector_shows_the_question_and_the_score(live_server, browser, make_user):
    make_user("fac@example.org", "facilitator", "Fatou")
    errors: list[str] = []
    console, projector, code = facilitator(browser, live_server.url, "core/9-wrap-up-interview")
    (ana,) = http_phones(live_server.url, code, ["Ana"])
    next_step(console, "Start the game")
    expect(projector.locator(".rg-question")).to_contain_text("Why is the local level so important")
    ana.wait_text("h1", "Why is the local level so important")
    console.get_by_label("Who answered?").select_option(label="Ana")
    console.locator(".award-form").get_by_role("button", name="1 point", exact=True).click()
    expect(projector.locator(".rg-award")).to_contain_text("1 point to Ana")
    ana.wait_for(lambda view: view.one(".rg-my-score strong").text == "1", "a score of 1")
    next_step(console, "Next question 2 of 16")
    expect(projector.locator(".rg-question")).to_contain_text("Migration affects development")
    assert errors == []
