"""A facilitator plans a one-session workshop, runs its dot vote with two phones from the day's programme,
writes the report (saved as they type) and exports it: the real top-voted option is in it, names are not."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import expect

from .rooms import HttpPhone
from .test_dot_vote import BALLOTS, log_in, place

ACTIVITY = "Sectors affecting and affected by migration"


def test_plan_a_workshop_run_its_dot_vote_and_export_the_report(live_server, browser, make_user):
    make_user("fac@example.org", "facilitator", "Fatou")
    base = live_server.url
    errors: list[str] = []
    ctx = browser.new_context(timezone_id="Indian/Mauritius", accept_downloads=True)
    page = ctx.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in(page, base, "fac@example.org")

    # Plan: a workshop today, one session of an hour, the Core Module's dot vote in it.
    today = datetime.now(UTC).date().isoformat()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My workshops").click()
    page.get_by_role("link", name="Plan a workshop").click()
    page.get_by_label("Title").fill("Local development workshop")
    page.get_by_label("Place").fill("Port Louis")
    page.get_by_label("First day").fill(today)
    page.get_by_label("Last day").fill(today)
    zone = page.get_by_label("Time zone of the venue")
    expect(zone).to_have_value("Indian/Mauritius")  # the browser's own zone by default
    zone.select_option("UTC")  # the dates above are today in UTC
    page.get_by_role("button", name="Create the workshop").click()
    expect(page.get_by_role("heading", name="Local development workshop", level=1)).to_be_visible()
    page.get_by_role("link", name=re.compile("^Add a session on")).click()
    page.get_by_label("Title").fill("Priorities")
    page.get_by_label("Starts at").fill("09:00")
    page.get_by_label("Ends at").fill("10:00")
    page.get_by_label("Facilitator").fill("Amina")
    page.get_by_label("Rapporteur").fill("Guillaume")
    page.get_by_role("button", name="Add the session").click()
    page.get_by_role("link", name="Add activities to Priorities").click()
    page.get_by_role("button", name=f"Add {ACTIVITY}").click()
    expect(page.get_by_text(f"Added “{ACTIVITY}” to Priorities.")).to_be_visible()
    expect(page.locator(".fit")).to_contain_text("fits (15 minutes to spare)")  # 35–45 minutes in 60
    page.get_by_role("link", name="Back to the programme").click()
    expect(page.locator(".programme-item")).to_contain_text(ACTIVITY)

    # On the day: open the room from the programme, two phones vote (plain HTTP participants: the browser is the facilitator's).
    page.get_by_role("link", name="On the day").click()
    page.get_by_role("button", name=re.compile(rf"^Open the room\W+{ACTIVITY}")).click()
    expect(page.locator("#room-console")).to_be_visible()
    code = page.locator(".kicker .code").inner_text().strip()
    ana = HttpPhone.join(base, code, "Ana Diallo", typed_code=code)
    kofi = HttpPhone.join(base, code, "Kofi", typed_code=code)
    page.get_by_role("button", name="Open the vote").click()
    for phone, options in ((ana, ["Governance", "Social services"]), (kofi, ["Governance", "Gender relations"])):
        phone.wait_for(lambda view: "Use + to place a dot" in view.text, "the ballots")
        for n, option in enumerate(options):
            place(phone, BALLOTS[0], option, 3 - n - 1)
    place(kofi, BALLOTS[1], "Gender relations", 2)
    page.get_by_role("button", name="Reveal the results").click()
    ana.wait_text("h1", "Results")

    # The report: pre-filled from the room, edited, saved as typed, exported.
    page.goto(page.url.split("/rooms/")[0] + "/workshops/")
    page.get_by_role("link", name="Local development workshop").click()
    page.get_by_role("link", name="On the day").click()
    expect(page.locator(".room-state")).to_contain_text(f"Room {code}: opened")
    page.get_by_role("link", name="Write the report of Priorities").click()
    summary = page.get_by_label("1. Summary and main discussion points")
    expect(summary).to_have_value(re.compile(r"Most affected by migration: Governance \(2 dots\)"))
    page.get_by_label("2. Challenges").fill("- Data on return migration are scarce.")
    page.get_by_label("6. Inspiring quotes").fill("“Plan with the diaspora, not for it.” (Kofi)")
    expect(page.locator("#report-status")).to_contain_text("Saved at")
    page.reload()
    expect(page.get_by_label("2. Challenges")).to_have_value("- Data on return migration are scarce.")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as Markdown").click()
    text = Path(download.value.path()).read_text()
    assert "Most affected by migration: Governance (2 dots)" in text
    assert "- Data on return migration are scarce." in text and "(Kofi)" in text

    # The Chatham House rule, switched on in the browser (saved as well): no participant's name in the export.
    page.get_by_label(re.compile("Chatham House rule: replace names")).check()
    expect(page.locator("#report-status")).to_contain_text("Saved at")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as Markdown").click()
    text = Path(download.value.path()).read_text()
    assert "Governance (2 dots)" in text and "(anonymous)" in text
    assert "Kofi" not in text and "Ana" not in text and "Diallo" not in text
    page.get_by_role("link", name="Printable page").click()
    expect(page.locator("#report-print")).to_contain_text("Governance (2 dots)")
    assert "Kofi" not in page.locator("#report-print").inner_text()
    assert errors == []
