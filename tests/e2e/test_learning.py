"""The learners' acceptance flows in headless Chromium: sign up, read, reflect, quiz, progress, export;
an answer shown as "Saved" survives a server restart; an answer the server never got is re-sent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import shared_catalog
from toolbox.exports import md

from .conftest import LIVE_CONFIG, REAL_CONTENT, LiveServer

TOPIC = "/modules/core/challenges-and-opportunities"
BOX = "#answer--core--challenges-and-opportunities--structural-context--impact"
ANSWER = "In our district remittances pay for <school fees>, and the return of engineers changed the labour market."


def right_answers() -> dict[str, list[str]]:
    quiz = shared_catalog(REAL_CONTENT).get().topic("core", "challenges-and-opportunities").doc.quiz
    return {q.id: sorted(q.correct_ids) for q in quiz.questions}


def nav(page, name: str):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name)


def sign_up(page, base: str, email: str = "ana@example.org") -> None:
    page.goto(base + "/signup")
    page.get_by_label("Your name").fill("Ana Learner")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password (at least 10 characters)").fill("correct horse battery")
    page.get_by_label("Password again").fill("correct horse battery")
    page.get_by_role("button", name="Create my account").click()
    expect(nav(page, "My learning")).to_be_visible()


def answer_reflection(page, text: str) -> None:
    box = page.locator(BOX)
    box.locator("textarea").fill(text)
    expect(box).to_have_attribute("data-state", "saved")
    expect(box.locator(".answer-status")).to_have_text("Saved.")


def test_sign_up_read_reflect_take_the_quiz_see_progress_and_export(live_server, page, tmp_path: Path):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    base = live_server.url
    sign_up(page, base)

    # Read a Core lesson, reached by boosted navigation.
    page.get_by_role("link", name="Introductory module on migration and local development").click()
    expect(page.locator("#module h1")).to_have_text("Introductory module on migration and local development")
    expect(page.locator(".module-progress")).to_contain_text("0 of 5 topics done")
    page.get_by_role("link", name="Topic 1: Challenges and opportunities of migration and local development").click()
    expect(page).to_have_url(base + TOPIC)

    # Answer a point for reflection: saved as typed, "Saved." only once the server has it.
    answer_reflection(page, ANSWER)

    # Take the topic's quiz: every answer right.
    quiz = page.locator("#quiz")
    for qid, options in right_answers().items():
        for oid in options:
            quiz.locator(f"#q-{qid}-{oid}").check()
    quiz.get_by_role("button", name="Check my answers").click()
    expect(page.locator(".quiz-score")).to_contain_text("You answered 9 of 9 questions correctly (100%)")
    expect(page.locator(".quiz-saved")).to_have_text("Your attempt is saved. This topic counts as done.")
    expect(page.locator("#topic-done")).to_contain_text("✓ Done")

    # After a reload the answer and the score are still there.
    page.reload()
    expect(page.locator(BOX + " textarea")).to_have_value(ANSWER)
    expect(page.locator(".quiz-history")).to_contain_text("Your best score: 100% (passed)")

    # My learning shows the progress.
    nav(page, "My learning").click()
    expect(page.locator("#learning h1")).to_have_text("My learning")
    core = page.locator(
        "section.learning-module", has=page.get_by_role("heading", name="Introductory module on migration and local development")
    )
    expect(core.locator(".progress-text")).to_have_text("1 of 5 topics done")
    first = core.locator("li", has=page.get_by_role("link", name=re.compile("^Topic 1:")))
    expect(first).to_contain_text("✓ Done")
    expect(first).to_contain_text("Quiz best 100% (passed)")
    expect(page.get_by_role("link", name="Continue where you left off")).to_have_attribute("href", "/modules/core/gender-approach")

    # My journal lists the answer; export it as Markdown.
    nav(page, "My journal").click()
    expect(page.locator(BOX + " textarea")).to_have_value(ANSWER)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as Markdown").click()
    saved = tmp_path / "journal.md"
    download.value.save_as(saved)
    text = saved.read_text()
    assert text.startswith("# Reflection journal of Ana Learner")
    assert "### Topic 1: Challenges and opportunities of migration and local development" in text
    assert md(ANSWER, lines=True) in text  # as typed, its markup escaped (toolbox/exports.py)
    page.get_by_role("link", name="Printable page").click()
    expect(page.locator(".journal-text")).to_have_text(ANSWER)
    assert errors == []


@pytest.mark.restarts_server
def test_an_answer_shown_as_saved_survives_killing_the_server(live_server, make_app, browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_up(page, live_server.url)
    page.goto(live_server.url + TOPIC)
    answer_reflection(page, ANSWER)

    live_server.stop()  # the server dies right after saying "Saved."
    restarted = LiveServer(make_app(**LIVE_CONFIG)).start()
    try:
        # A new origin (another port) has no localStorage of its own: the text can only come from the database.
        page.goto(restarted.url + TOPIC)
        expect(page.locator(BOX)).to_have_attribute("data-state", "stored")
        expect(page.locator(BOX + " textarea")).to_have_value(ANSWER)
    finally:
        restarted.stop()
        context.close()


def test_an_answer_the_server_never_got_is_kept_and_sent_again(live_server, page):
    base = live_server.url
    sign_up(page, base)
    page.goto(base + TOPIC)
    box = page.locator(BOX)
    # The connection drops for journal requests: the text must stay on the device, never shown as saved.
    page.route(re.compile(r".*/journal/.*"), lambda route: route.abort())
    box.locator("textarea").fill("Typed on a train")
    expect(box.locator(".answer-status")).to_contain_text("Not saved yet: no connection")
    expect(box).not_to_have_attribute("data-state", "saved")
    page.unroute(re.compile(r".*/journal/.*"))
    # Back online on a fresh load: the kept text is put back and sent again until the server confirms.
    page.reload()
    expect(box.locator("textarea")).to_have_value("Typed on a train")
    expect(box).to_have_attribute("data-state", "saved")
    # The server has it: another browser of the same learner sees it.
    other = page.context.browser.new_context()
    try:
        second = other.new_page()
        second.goto(base + "/login")
        second.get_by_label("Email address").fill("ana@example.org")
        second.get_by_label("Password").fill("correct horse battery")
        second.get_by_role("button", name="Log in").click()
        second.goto(base + TOPIC)
        expect(second.locator(BOX + " textarea")).to_have_value("Typed on a train")
    finally:
        other.close()


def test_the_journal_works_without_javascript(live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_up(page, live_server.url, "nojs@example.org")
        page.goto(live_server.url + TOPIC)
        page.locator(BOX + " textarea").fill("Plain form post")
        page.locator(BOX).get_by_role("button", name="Save answer").click()
        expect(page.locator(".flash")).to_have_text("Your answer is saved in your journal.")
        expect(page.locator(BOX + " textarea")).to_have_value("Plain form post")
    finally:
        context.close()
