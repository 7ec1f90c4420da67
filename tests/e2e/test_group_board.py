"""A group board: two territories fill the capitals grid on 390 px phones, with the keyboard.

The two people from Dakar are Chromium phones (Awa works the grid with the keyboard, Modou taps a row's
name and posts); the two from Turin are plain HTTP participants.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .rooms import HttpPhone, another_window, see, text_of
from .test_dot_vote import log_in


def join(browser, base: str, code: str, name: str, territory: str):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = ctx.new_page()
    phone.goto(f"{base}/r/{code}")
    phone.get_by_label("Your name").fill(name)
    phone.get_by_label("Your territory").fill(territory)
    phone.get_by_role("button", name="Join").click()
    expect(phone.get_by_text(f"You are {name}")).to_be_visible()
    return phone


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_groups_by_territory_fill_their_grid_row_by_row(live_server, browser, make_user):
    make_user("fac@example.org", "facilitator", "Fatou")
    base = live_server.url
    errors: list[str] = []
    console = browser.new_context().new_page()
    console.on("pageerror", lambda e: errors.append(str(e)))
    log_in(console, base, "fac@example.org")
    console.goto(base + "/activities/module-1/2-migrants-capitals")
    console.get_by_role("button", name="Run live").click()
    code = console.locator(".kicker .code").inner_text().strip()
    projector = another_window(console)
    projector.on("pageerror", lambda e: errors.append(str(e)))
    projector.goto(console.url + "/projector")

    people = [("Awa", "Dakar"), ("Modou", "Dakar"), ("Giulia", "Turin"), ("Marco", "turin ")]
    phones = [join(browser, base, code, name, territory) for name, territory in people[:2]]
    for phone in phones:
        phone.on("pageerror", lambda e: errors.append(str(e)))
    phones += [HttpPhone.join(base, code, name, {"Your territory": territory}) for name, territory in people[2:]]
    console.get_by_label("Largest group").fill("2")  # four people: two groups of two
    console.get_by_role("button", name="Save").click()
    expect(console.get_by_text("up to 2 per group")).to_be_visible()
    console.get_by_role("button", name="Form groups by territory").click()
    expect(phones[0].locator(".go-to")).to_contain_text("You are in group")
    awa_group = phones[0].locator(".go-to strong").inner_text()
    expect(phones[1].locator(".go-to strong")).to_have_text(awa_group)  # the two from Dakar together
    see(phones[2], ".go-to", "You are in group")
    see(phones[3], ".go-to", "You are in group")
    assert text_of(phones[3], ".go-to strong") == text_of(phones[2], ".go-to strong")  # the two from Turin together
    phones[0].get_by_role("button", name="I will be the rapporteur").click()
    expect(phones[0].get_by_text("You are the rapporteur.")).to_be_visible()

    console.get_by_role("button", name="Start the work (30 minutes)").click()
    awa, modou = phones[0], phones[1]
    expect(awa.get_by_role("radio", name=re.compile("Human capital"))).to_be_checked()
    assert fits_the_screen(awa), "the grid fits a 390 px phone"

    # With the keyboard only: to the row buttons, arrow to the third row, into its first cell, type, post.
    awa.get_by_role("radio", name=re.compile("Human capital")).focus()
    awa.keyboard.press("ArrowRight")
    awa.keyboard.press("ArrowRight")
    social = awa.get_by_role("radio", name=re.compile("Social capital"))
    expect(social).to_be_checked()
    box = awa.locator(".tab-panel:visible").get_by_label("Add a note on Social capital — What it looks like in our migrant communities")
    expect(box).to_have_count(1)
    awa.keyboard.press("Tab")
    expect(box).to_be_focused()
    awa.keyboard.type("Hometown associations in Paris")
    awa.keyboard.press("Tab")
    awa.keyboard.press("Enter")
    note = awa.locator(".tab-panel:visible .note-text", has_text="Hometown associations in Paris")
    expect(note).to_be_visible()
    expect(social).to_be_checked()
    assert fits_the_screen(awa)

    # A group mate's note refreshes Awa's page: she stays on her row, and marks the note a key point.
    modou.locator("label.tab-label", has_text="Social capital").click()  # a tap on the row's name
    modou.locator(".tab-panel:visible textarea").nth(1).fill("Remittances for the school")
    modou.locator(".tab-panel:visible").get_by_role("button", name="Post").nth(1).click()
    expect(awa.get_by_text("Remittances for the school")).to_be_visible()
    expect(social).to_be_checked()
    awa.get_by_role("button", name="Mark as key point: Remittances for the school").click()
    expect(modou.locator(".insight-mark")).to_contain_text("Key point")
    assert "Remittances for the school" not in phones[2].refresh().text  # another group's board

    console.get_by_role("button", name=re.compile("Start the report-back")).click()
    expect(projector.locator(".board-table")).to_be_visible()
    if "Remittances" not in projector.locator(".board-table").inner_text():
        console.get_by_role("button", name=re.compile("Show group 2")).click()
    expect(projector.locator(".board-table")).to_contain_text("Remittances for the school")
    expect(projector.locator(".board-table")).to_contain_text("Key point")
    assert errors == []
