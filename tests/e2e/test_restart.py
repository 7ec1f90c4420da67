"""A server restart mid-vote loses nothing, and open pages carry on by themselves."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import REAL_CONTENT, LiveServer


def test_restart_mid_vote_keeps_room_phase_timer_and_dots(live_server, browser, make_user, make_app):
    make_user("fac@example.org", "facilitator", "Fatou")
    base = live_server.url
    fac = browser.new_context().new_page()
    fac.goto(base + "/login")
    fac.get_by_label("Email address").fill("fac@example.org")
    fac.get_by_label("Password").fill("correct horse battery")
    fac.get_by_role("button", name="Log in").click()
    fac.goto(base + "/activities/core/1-sectors-dot-voting")
    fac.get_by_role("button", name="Run live").click()
    code = fac.locator(".kicker .code").inner_text().strip()
    fac.get_by_label("Minutes").fill("10")
    fac.get_by_role("button", name="Start").click()
    fac.get_by_role("button", name="Open the vote").click()
    expect(fac.locator("#phase-title")).to_have_text("Now: Voting")
    projector = fac.context.new_page()
    projector.goto(fac.url + "/projector")

    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.goto(f"{base}/r/{code}")
    phone.get_by_label("Your name").fill("Ana")
    phone.get_by_role("button", name="Join").click()
    phone.get_by_role("button", name="Put a dot on Governance (Most affected by migration)").click()
    expect(phone.locator(".dots-left strong").first).to_have_text("2")

    live_server.stop()  # the laptop's server dies mid-vote
    phone.wait_for_timeout(1500)  # the pages keep polling a dead server meanwhile
    restarted = LiveServer(make_app(CONTENT_DIR=str(REAL_CONTENT), WTF_CSRF_ENABLED=True, TESTING=False), port=live_server.port).start()
    try:
        # A second phone votes after the restart: the old pages must pick it up without a reload.
        late = browser.new_context().new_page()
        late.goto(f"{base}/r/{code}")
        late.get_by_label("Your name").fill("Bo")
        late.get_by_role("button", name="Join").click()
        late.get_by_role("button", name="Put a dot on Social services (Most affected by migration)").click()
        expect(late.locator(".dots-left strong").first).to_have_text("2")
        expect(projector.locator(".voted-count strong")).to_have_text("2")
        expect(phone.get_by_text("You are Ana")).to_be_visible()
        expect(phone.locator(".dots-left strong").first).to_have_text("2")  # Ana's dot is still hers
        timer = projector.locator(".timer-value")
        expect(timer).to_have_text(re.compile(r"^[89]:\d\d$"))
        fac.get_by_role("button", name="Reveal the results").click()
        rows = projector.locator("#ballot-0-title").locator("xpath=ancestor::section[1]").locator(".bar-row")
        expect(rows.filter(has_text="Governance").locator(".bar-count")).to_contain_text("1")
        expect(rows.filter(has_text="Social services").locator(".bar-count")).to_contain_text("1")
        expect(phone.get_by_role("heading", name="Results")).to_be_visible()
    finally:
        restarted.stop()
