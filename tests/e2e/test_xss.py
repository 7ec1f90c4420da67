"""What people type is shown as text and never runs, in real Chromium: account and participant names, cohort
names, dot-vote options, journal answers, on the console, projector, phones, cohort table, member page,
journal and My learning. Every page also runs with the Content-Security-Policy and reports no violation
(so htmx works without inline styles or eval)."""

from __future__ import annotations

from playwright.sync_api import expect

TOPIC = "/modules/core/challenges-and-opportunities"
BOX = "#answer--core--challenges-and-opportunities--structural-context--impact"
GUIDE = "/activities/core/1-sectors-dot-voting"
PASSWORD = "correct horse battery"

LEARNER = 'Ana <script>window.__xss=1</script><img src=x onerror="window.__xss=1">'
FACILITATOR = "Fatou <b onmouseover=alert(1)>F</b>"
COHORT = "Naga <script>alert(1)</script> City <img src=x onerror=alert(2)>"
PARTICIPANTS = ["<img src=x onerror=window.__xss=1>Ben", "<script>alert(3)</script>"]  # 40 characters at most
OPTIONS = ["<script>window.__xss=1</script>", '<img src=x onerror="alert(1)">', "Health"]
ANSWER = "</textarea><script>window.__xss=1</script><img src=x onerror=alert(1)> and [a](javascript:alert(1))"

TRAP = """
window.__xss = 0;
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
"""
INJECTED = "img[src='x'], script:not([src]), iframe, [onerror], [onload], [onmouseover], [onclick], a[href^='javascript']"


class Watch:
    """Everything that must not happen on any page: script errors, dialogs, CSP violations."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.csp: list[str] = []

    def context(self, browser, **kwargs):
        ctx = browser.new_context(**kwargs)
        ctx.add_init_script(TRAP)
        ctx.on("page", self.page)
        return ctx

    def page(self, page) -> None:
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self.dialog)
        page.on("console", lambda m: self.csp.append(m.text) if "Content Security Policy" in m.text else None)

    def dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


def inert(page, *literal: str) -> None:
    """The page shows `literal` as text, runs none of it, and nothing tripped the trap or the policy."""
    for text in literal:
        expect(page.get_by_text(text, exact=False).first).to_be_visible()
    assert page.evaluate("window.__xss") == 0, page.url
    assert page.evaluate("window.__csp") == [], (page.url, page.evaluate("window.__csp"))
    assert page.evaluate(f"[...document.querySelectorAll({INJECTED!r})].map(e => e.outerHTML)") == [], page.url


def log_in(page, base: str, email: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="My learning")).to_be_visible()


def test_what_people_type_is_shown_as_text_and_never_runs(live_server, browser, make_user):
    base = live_server.url
    make_user("fac@example.org", "facilitator", FACILITATOR)
    watch = Watch()

    # A facilitator creates a cohort and opens a dot vote with their own options.
    fac = watch.context(browser).new_page()
    log_in(fac, base, "fac@example.org")
    inert(fac, FACILITATOR)
    fac.goto(base + "/cohorts/")
    fac.get_by_label("Name of the cohort").fill(COHORT)
    fac.get_by_role("button", name="Create the cohort").click()
    expect(fac.locator("#cohort h1")).to_have_text(COHORT)
    inert(fac, COHORT)
    cohort_url = fac.url
    code = fac.locator(".cohort-code").inner_text()
    fac.goto(base + GUIDE)
    fac.get_by_role("button", name="Run live").click()
    expect(fac.locator("#room-console")).to_be_visible()
    fac.get_by_label("Options, one per line").fill("\n".join(OPTIONS))
    fac.get_by_role("button", name="Save the options").click()
    expect(fac.locator("#options")).to_have_value("\n".join(OPTIONS))
    room_code = fac.locator(".kicker .code").inner_text().strip()

    # A learner signs up with markup in their name, joins the cohort, writes and shares a journal answer.
    learner = watch.context(browser).new_page()
    learner.goto(base + "/signup")
    learner.get_by_label("Your name").fill(LEARNER)
    learner.get_by_label("Email address").fill("ana@example.org")
    learner.get_by_label("Password (at least 10 characters)").fill(PASSWORD)
    learner.get_by_label("Password again").fill(PASSWORD)
    learner.get_by_role("button", name="Create my account").click()
    inert(learner, f"Welcome, {LEARNER}.")
    learner.goto(base + "/learning/")
    learner.get_by_label("Join code").fill(code)
    learner.get_by_role("button", name="Join").click()
    inert(learner, f"You joined {COHORT}.", COHORT, f"(facilitator: {FACILITATOR})")
    learner.goto(base + TOPIC)
    box = learner.locator(BOX)
    box.locator("textarea").fill(ANSWER)
    expect(box).to_have_attribute("data-state", "saved")
    learner.reload()
    expect(learner.locator(BOX + " textarea")).to_have_value(ANSWER)
    inert(learner)
    learner.goto(base + "/journal/")
    expect(learner.locator(BOX + " textarea")).to_have_value(ANSWER)
    learner.get_by_role("button", name="Share with my facilitators").click()
    expect(learner.get_by_text("Shared", exact=True)).to_be_visible()
    inert(learner)
    learner.goto(base + "/journal/print")
    inert(learner, ANSWER)

    # Two phones join the room with markup for names.
    phones = []
    for name in PARTICIPANTS:
        phone = watch.context(browser, viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
        phone.goto(f"{base}/r/{room_code}")
        phone.get_by_label("Your name").fill(name)
        phone.get_by_role("button", name="Join").click()
        expect(phone.locator(".you-are strong")).to_have_text(name)
        phones.append(phone)

    # The console lists them, the projector shows the options, the phones vote on them.
    expect(fac.locator("#room-console")).to_contain_text(PARTICIPANTS[0])
    inert(fac, *PARTICIPANTS)
    fac.get_by_role("button", name="Open the vote").click()
    # A window of its own, watched as the others (a second tab would be a slowed-down background one).
    projector = watch.context(browser, storage_state=fac.context.storage_state()).new_page()
    projector.goto(fac.url + "/projector")
    for phone in phones:
        expect(phone.get_by_role("button", name=f"Put a dot on {OPTIONS[0]}").first).to_be_visible()
        phone.get_by_role("button", name=f"Put a dot on {OPTIONS[1]}").first.click()
        expect(phone.locator(".dots-left strong").first).to_have_text("2")
        inert(phone, OPTIONS[0], OPTIONS[1])
    inert(projector)

    # Removing a participant asks for confirmation with their name as text (the only dialog of the whole test).
    fac.get_by_role("button", name=f"Remove {PARTICIPANTS[0]}").click()
    assert watch.dialogs == [f"Remove {PARTICIPANTS[0]} from the room?"]

    # The cohort table and the member page.
    fac.goto(cohort_url)
    inert(fac, COHORT, LEARNER)
    fac.get_by_role("link", name=LEARNER).click()
    expect(fac.locator("#member h1")).to_have_text(LEARNER)
    inert(fac, LEARNER, ANSWER)

    assert watch.errors == [] and watch.csp == [], (watch.errors, watch.csp)
