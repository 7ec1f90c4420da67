"""Shared steps of the live-room browser tests: a facilitator's page, opening a room, phones that join."""

from __future__ import annotations

from playwright.sync_api import expect

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True}


def log_in(browser, base: str, email: str, errors: list[str]):
    """A new browser context logged in as `email`; its page errors go to `errors`."""
    page = browser.new_context().new_page()
    page.set_default_timeout(15_000)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + "/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="My sessions")).to_be_visible()
    return page


def open_live(page, base: str, guide: str) -> str:
    """Press "Run live" on a guide; returns the room code (the page is then the console)."""
    page.goto(base + guide)
    page.get_by_role("button", name="Run live").click()
    expect(page.locator("#room-console")).to_be_visible()
    return page.locator(".kicker .code").inner_text().strip()


def join_phones(browser, base: str, code: str, count: int, errors: list[str], fields=None) -> list:
    """`count` phones, each in its own browser, joined as "Person 1"…; `fields(i)` gives more labels to fill."""
    phones = []
    for i in range(count):
        phone = browser.new_context(**PHONE).new_page()
        phone.set_default_timeout(15_000)
        phone.on("pageerror", lambda e: errors.append(str(e)))
        phone.goto(f"{base}/r/{code}")
        phone.get_by_label("Your name").fill(f"Person {i + 1}")
        for label, value in (fields(i) if fields else {}).items():
            phone.get_by_label(label).fill(value)
        phone.get_by_role("button", name="Join").click()
        expect(phone.get_by_text(f"You are Person {i + 1}")).to_be_visible()
        phones.append(phone)
    return phones
