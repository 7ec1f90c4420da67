"""Core Activity 1 run live: a facilitator, a projector and five phones.

Chromium shows the console, the projector and two phones (one reloads mid-vote, one is told the results
by its poll); the three other phones are plain HTTP participants pressing the same + buttons.
"""

from __future__ import annotations

import re
from collections import Counter

from playwright.sync_api import expect

from .rooms import HttpPhone, another_window

SECTORS = [
    "Governance",
    "Economic conditions and the labour market",
    "Educational system",
    "Social services",
    "Perception and management of diversity",
    "Gender relations",
]
BALLOTS = ["Most affected by migration", "Affect migration the most"]


def log_in(page, base: str, email: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="My sessions")).to_be_visible()


def place(phone, ballot: str, option: str, left_after: int) -> None:
    """Press + for an option on a phone (a browser page or an HTTP phone): the ballot then has `left_after` dots left."""
    if isinstance(phone, HttpPhone):
        answer = phone.press(f"Put a dot on {option} ({ballot})")
        section = next(s for s in answer.select("section.my-ballot") if ballot in s.one("h2").text)
        assert section.one(".dots-left strong").text == str(left_after), section.text
        return
    phone.get_by_role("button", name=f"Put a dot on {option} ({ballot})").click()
    section = phone.locator("section.my-ballot", has=phone.get_by_role("heading", name=re.compile(ballot)))
    expect(section.locator(".dots-left strong")).to_have_text(str(left_after))


def test_dot_vote_with_five_phones(live_server, browser, make_user):
    make_user("fac@example.org", "facilitator", "Fatou")
    base = live_server.url
    console_ctx = browser.new_context()
    console = console_ctx.new_page()
    errors: list[str] = []
    console.on("pageerror", lambda e: errors.append(str(e)))
    log_in(console, base, "fac@example.org")
    console.goto(base + "/activities/core/1-sectors-dot-voting")
    console.get_by_role("button", name="Run live").click()
    expect(console.locator("#room-console")).to_be_visible()
    code = console.locator(".kicker .code").inner_text().strip()
    projector = another_window(console)
    projector.on("pageerror", lambda e: errors.append(str(e)))
    projector.goto(console.url + "/projector")
    expect(projector.locator(".join-code")).to_have_text(code)

    phones = []
    for i in range(5):
        if i not in (0, 2):  # Person 1 (told the results) and Person 3 (reloads) are in Chromium
            phones.append(HttpPhone.join(base, code, f"Person {i + 1}", typed_code=code.lower()))
            continue
        ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
        phone = ctx.new_page()
        phone.on("pageerror", lambda e: errors.append(str(e)))
        phone.goto(base + "/join")
        phone.get_by_label("Room code").fill(code.lower())
        phone.get_by_role("button", name="Continue").click()
        phone.get_by_label("Your name").fill(f"Person {i + 1}")
        phone.get_by_role("button", name="Join").click()
        expect(phone.get_by_text(f"You are Person {i + 1}")).to_be_visible()
        phones.append(phone)
    expect(projector.locator(".projector-message")).to_have_text("5 joined")

    console.get_by_role("button", name="Open the vote").click()
    expected = {ballot: Counter() for ballot in BALLOTS}
    for i, phone in enumerate(phones):
        if isinstance(phone, HttpPhone):
            phone.wait_for(lambda view: "Use + to place a dot" in view.text, "the ballots")
        else:
            expect(phone.get_by_text("Use + to place a dot")).to_be_visible()
        picks = {BALLOTS[0]: [SECTORS[i % 6], SECTORS[(i + 1) % 6], SECTORS[(i + 3) % 6]], BALLOTS[1]: [SECTORS[(i + 2) % 6]]}
        for ballot, options in picks.items():
            for n, option in enumerate(options):
                place(phone, ballot, option, 3 - n - 1)
                expected[ballot][option] += 1
                if i == 2 and ballot == BALLOTS[0] and n == 0:
                    phone.reload()  # a dropped connection mid-vote: same person, same dots
                    expect(phone.get_by_text("You are Person 3")).to_be_visible()
                    section = phone.locator("section.my-ballot").first
                    expect(section.locator(".dots-left strong")).to_have_text("2")
    expect(projector.locator(".voted-count strong")).to_have_text("5")
    assert projector.locator(".bar-row").count() == 0  # hidden until revealed

    console.get_by_role("button", name="Reveal the results").click()
    expect(projector.locator(".projector-phase")).to_have_text("Results")
    for b, ballot in enumerate(BALLOTS):
        rows = projector.locator(f"#ballot-{b}-title").locator("xpath=ancestor::section[1]").locator(".bar-row")
        expect(rows).to_have_count(6)
        shown = {
            rows.nth(k).locator(".bar-label").inner_text(): int(rows.nth(k).locator(".bar-count").inner_text().split()[0]) for k in range(6)
        }
        assert shown == {s: expected[ballot][s] for s in SECTORS}
    expect(phones[0].get_by_role("heading", name="Results")).to_be_visible()
    assert errors == []
