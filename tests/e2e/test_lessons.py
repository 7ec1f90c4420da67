"""Reading the toolbox in a real browser: boosted navigation and the quiz."""

from playwright.sync_api import expect


def test_navigate_to_a_lesson_and_check_the_quiz(live_server, page):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Introductory module on migration and local development").click()
    expect(page.locator("#module h1")).to_have_text("Introductory module on migration and local development")
    page.get_by_role("link", name="Topic 1: Challenges and opportunities of migration and local development").click()
    expect(page).to_have_url(live_server.url + "/modules/core/challenges-and-opportunities")
    expect(page).to_have_title("Challenges and opportunities of migration and local development · JMDI e-toolbox")
    expect(page.locator(".block.reflection").first).to_be_visible()
    first = page.locator("#quiz fieldset").first
    first.locator("input").first.check()
    page.get_by_role("button", name="Check my answers").click()
    expect(page.locator(".quiz-score")).to_contain_text("You answered")
    expect(page.locator("#quiz fieldset").first.locator(".verdict")).to_be_visible()
    assert errors == []
