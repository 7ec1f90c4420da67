"""Brainwriting, take a stand, a fishbowl and a review game in real Chromium: a console, a projector and phones of 390 px."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def facilitator(browser, base: str, activity: str):
    page = browser.new_context().new_page()
    page.goto(base + "/login")
    page.get_by_label("Email address").fill("fac@example.org")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{base}/activities/{activity}")
    page.get_by_role("button", name="Run live").click()
    expect(page.locator("#room-console")).to_be_visible()
    projector = page.context.new_page()
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


def next_step(console, label: str) -> None:
    console.locator(".button-row").get_by_role("button", name=re.compile(label)).click()


def test_brainwriting_cards_move_on_by_themselves_and_typed_text_survives_the_refresh(live_server, browser, make_user):
    make_user("fac@example.org", "facilitator", "Fatou")
    errors: list[str] = []
    console, projector, code = facilitator(browser, live_server.url, "module-2/3-cooperation-frameworks-brainwriting")
    ana, bo, cy = phones(browser, live_server.url, code, ["Ana", "Bo", "Cy"], errors)
    next_step(console, "Start writing")
    for phone, idea in ((ana, "A law on local powers"), (bo, "Joint funds"), (cy, "A dialogue platform")):
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
    ana.get_by_role("button", name="Put a dot on card 2").click()
    expect(ana.locator(".dots-left strong")).to_have_text("2")
    next_step(console, "Show the results")
    expect(projector.locator(".bw-results .bw-card").first).to_contain_text("1 dot")
    assert errors == []


def test_take_a_stand_spread_is_revealed_with_labels_and_volunteers(live_server, browser, make_user):
    make_user("fac@example.org", "facilitator", "Fatou")
    errors: list[str] = []
    console, projector, code = facilitator(browser, live_server.url, "module-2/4-what-is-decentralised-cooperation")
    people = phones(browser, live_server.url, code, ["Ana", "Bo", "Cy"], errors)
    next_step(console, "Show statement 1")
    for phone, zone in zip(people, ("Agree", "Agree", "Strongly disagree"), strict=True):
        phone.get_by_role("button", name=zone, exact=True).click()
        expect(phone.get_by_role("button", name=re.compile(f"^{zone} ✓ you are here"))).to_have_attribute("aria-pressed", "true")
    expect(projector.locator(".voted-count strong")).to_have_text("3")
    assert projector.locator(".stand-count").count() == 0
    next_step(console, "Reveal the spread")
    zone = projector.locator(".stand-zone", has=projector.locator(".stand-label", has_text=re.compile("^Agree$")))
    expect(zone.locator(".stand-count")).to_contain_text("2")
    people[2].get_by_role("button", name="I'd like to explain").click()
    expect(projector.locator(".stand-volunteers")).to_contain_text("Cy")
    expect(console.locator("p", has_text="Ask first:")).to_contain_text("Strongly disagree (1), then Agree (2)")
    assert errors == []


def test_fishbowl_a_freed_chair_reaches_the_next_phone_without_a_reload(live_server, browser, make_user):
    make_user("fac@example.org", "facilitator", "Fatou")
    errors: list[str] = []
    console, projector, code = facilitator(browser, live_server.url, "module-1/1b-fishbowl-local-development")
    expert, ana, bo, cy = phones(browser, live_server.url, code, ["Dr Expert", "Ana", "Bo", "Cy"], errors)
    console.get_by_role("button", name="Make an expert: Dr Expert").click()
    expect(expert.get_by_text("You hold an expert seat")).to_be_visible()
    next_step(console, "Start: the experts")
    next_step(console, "Open the floor")
    for phone in (ana, bo, cy):
        phone.get_by_role("button", name="I'd like to speak: ask for a chair").click()
    expect(ana.get_by_text("take the free chair now")).to_be_visible()
    expect(bo.get_by_text("take the free chair now")).to_be_visible()
    expect(cy.get_by_text("number 1")).to_be_visible()
    expect(projector.locator(".bowl-next li")).to_have_text(["Cy"])
    ana.get_by_role("button", name="Leave the inner circle").click()
    expect(cy.get_by_text("take the free chair now")).to_be_visible()  # by its own poll
    expect(projector.locator(".bowl-seat-name")).to_have_text(["Dr Expert", "Free chair", "Free chair", "Cy", "Bo"])
    assert errors == []


def test_review_game_the_projector_shows_the_question_and_the_score(live_server, browser, make_user):
    make_user("fac@example.org", "facilitator", "Fatou")
    errors: list[str] = []
    console, projector, code = facilitator(browser, live_server.url, "core/9-wrap-up-interview")
    (ana,) = phones(browser, live_server.url, code, ["Ana"], errors)
    next_step(console, "Start the game")
    expect(projector.locator(".rg-question")).to_contain_text("Why is the local level so important")
    expect(ana.get_by_role("heading", level=1)).to_contain_text("Why is the local level so important")
    console.get_by_label("Who answered?").select_option(label="Ana")
    console.locator(".award-form").get_by_role("button", name="1 point", exact=True).click()
    expect(projector.locator(".rg-award")).to_contain_text("1 point to Ana")
    expect(ana.locator(".rg-my-score strong")).to_have_text("1")
    next_step(console, "Next question 2 of 16")
    expect(projector.locator(".rg-question")).to_contain_text("Migration affects development")
    assert errors == []
