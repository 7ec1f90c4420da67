"""The server process is killed with SIGKILL mid-activity and started again: open pages carry on by themselves.

A real `toolbox serve` process on the test's database, killed as in a crash, then the same command on
the same port (as a trainer restarts the laptop's server). Nobody reloads a page.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.servers import ServerProcess
from toolbox.extensions import db
from toolbox.journal.models import JournalEntry

from .rooms import HttpPhone, another_window

BOX = "#answer--core--challenges-and-opportunities--structural-context--impact"
LESSON = "/modules/core/challenges-and-opportunities"


# kills or restarts the server under open pages: runs on PostgreSQL too (docs/testing.md)
pytestmark = pytest.mark.restarts_server


@pytest.fixture
def server(database_url, tmp_path, make_user):
    make_user("fac@example.org", "facilitator", "Fatou")
    make_user("lea@example.org", "learner", "Lea")
    process = ServerProcess(database_url, tmp_path / "server.log").start()
    yield process
    process.stop()


def log_in(page, base: str, email: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="My journal")).to_be_visible()


def test_killed_mid_vote_the_console_projector_and_phones_resume_with_phase_timer_and_dots(server, browser):
    base = server.url
    fac = browser.new_context().new_page()
    log_in(fac, base, "fac@example.org")
    fac.goto(base + "/activities/core/1-sectors-dot-voting")
    fac.get_by_role("button", name="Run live").click()
    code = fac.locator(".kicker .code").inner_text().strip()
    fac.get_by_label("Minutes").fill("10")
    fac.get_by_role("button", name="Start").click()
    fac.get_by_role("button", name="Open the vote").click()
    expect(fac.locator("#phase-title")).to_have_text("Now: Voting")
    projector = another_window(fac)
    projector.goto(fac.url + "/projector")

    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.goto(f"{base}/r/{code}")
    phone.get_by_label("Your name").fill("Ana")
    phone.get_by_role("button", name="Join").click()
    phone.get_by_role("button", name="Put a dot on Governance (Most affected by migration)").click()
    expect(phone.locator(".dots-left strong").first).to_have_text("2")

    with phone.expect_event("requestfailed"), projector.expect_event("requestfailed"):
        server.kill()  # the laptop's server crashes mid-vote
    # The pages kept polling the dead server meanwhile (their polls failed).
    server.start()

    # A second phone (plain HTTP) votes after the restart: the open pages must pick it up without a reload.
    late = HttpPhone.join(base, code, "Bo")
    answer = late.press("Put a dot on Social services (Most affected by migration)")
    assert answer.one(".dots-left strong").text == "2"
    expect(projector.locator(".voted-count strong")).to_have_text("2")
    expect(phone.get_by_text("You are Ana")).to_be_visible()
    expect(phone.locator(".dots-left strong").first).to_have_text("2")  # Ana's dot is still hers
    expect(projector.locator(".timer-value")).to_have_text(re.compile(r"^[89]:\d\d$"))  # the deadline ran on
    # Ana goes on voting from the page she had open before the crash.
    phone.get_by_role("button", name="Put a dot on Gender relations (Most affected by migration)").click()
    expect(phone.locator(".dots-left strong").first).to_have_text("1")
    fac.get_by_role("button", name="Reveal the results").click()
    rows = projector.locator("#ballot-0-title").locator("xpath=ancestor::section[1]").locator(".bar-row")
    expect(rows.filter(has_text="Governance").locator(".bar-count")).to_contain_text("1")
    expect(rows.filter(has_text="Social services").locator(".bar-count")).to_contain_text("1")
    expect(rows.filter(has_text="Gender relations").locator(".bar-count")).to_contain_text("1")
    expect(phone.get_by_role("heading", name="Results")).to_be_visible()


def test_an_answer_typed_while_the_server_is_down_is_saved_by_itself_once_it_is_back(server, browser, make_app):
    page = browser.new_context().new_page()
    page.set_default_timeout(10_000)
    log_in(page, server.url, "lea@example.org")
    page.goto(server.url + LESSON)
    box = page.locator(BOX)

    server.kill()
    box.locator("textarea").fill("Written during the outage")
    expect(box.locator(".answer-status")).to_contain_text("Not saved yet: no connection")
    server.start()
    # journal.js retries with a growing pause (1, 2, 4… s) until the server confirms: no reload, no click.
    expect(box).to_have_attribute("data-state", "saved", timeout=45_000)
    expect(box.locator(".answer-status")).to_have_text("Saved.")

    with make_app().app_context():
        assert db.session.scalars(select(JournalEntry.text)).all() == ["Written during the outage"]
