"""Shared steps of the live-room tests: a facilitator's page, opening a room, phones that join.

A crowd is mostly `HttpPhone`s: plain HTTP participants that keep their cookies, read the same HTML
fragment a phone's htmx gets and press its buttons by submitting the button's own form (its hidden
fields, its CSRF token, the fields typed into by label). Only the phones whose rendering, scripts or
htmx behaviour a test checks are real Chromium pages (`join_phones`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from html.parser import HTMLParser

from playwright.sync_api import expect

from tests.servers import Reply, Visitor

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True}
HX = {"HX-Request": "true"}
WAIT_SECONDS = 15  # as long as a browser phone's expect() waits (its default timeout)
POLL_SECONDS = 0.1  # how often an HTTP phone asks again while it waits for a condition


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


def another_window(page):
    """The same browser session in a window of its own, as a projector on a second screen is.

    Not a second tab of the page's window: Chromium pauses the animation frames and slows the timers of
    a background tab, so each click there waited seconds for the button to be "stable" and each poll
    came late.
    """
    context = page.context.browser.new_context(storage_state=page.context.storage_state())
    other = context.new_page()
    other.set_default_timeout(15_000)
    return other


def open_live(page, base: str, guide: str) -> str:
    """Press "Run live" on a guide; returns the room code (the page is then the console)."""
    page.goto(base + guide)
    page.get_by_role("button", name="Run live").click()
    expect(page.locator("#room-console")).to_be_visible()
    return page.locator(".kicker .code").inner_text().strip()


def join_phones(browser, base: str, code: str, count: int, errors: list[str], fields=None, first: int = 0) -> list:
    """`count` phones, each in its own browser, joined as "Person {first + 1}"…; `fields(i)` gives more labels to fill."""
    phones = []
    for i in range(first, first + count):
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


# A small DOM of the HTML an HTTP phone gets: enough to find elements by a simple CSS selector, read their
# text as a person would, and submit their forms.

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
COMPOUND = re.compile(r"^(?P<tag>[a-z][a-z0-9]*)?(?P<rest>(?:[.#][\w-]+)*)$")


class Node:
    """An element: its tag, attributes (valueless ones as ""), children (nodes and strings) and parent."""

    def __init__(self, tag: str, attrs: Iterable[tuple[str, str | None]], parent: Node | None) -> None:
        self.tag = tag
        self.attrs = {k: v or "" for k, v in attrs}
        self.parent = parent
        self.children: list[Node | str] = []

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>{self.text[:80]}"

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    @property
    def text(self) -> str:
        """The text content, whitespace collapsed (entities decoded: markup people typed reads as text)."""
        return " ".join("".join(self._strings()).split())

    @property
    def name(self) -> str:
        """A button's or link's accessible name: its aria-label, else its text."""
        return self.attrs.get("aria-label") or self.text

    def _strings(self) -> Iterable[str]:
        for child in self.children:
            if isinstance(child, str):
                yield child
            else:
                yield from child._strings()

    def descendants(self) -> Iterable[Node]:
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.descendants()

    def _matches(self, compound: str) -> bool:
        m = COMPOUND.match(compound)
        assert m, f"unsupported selector part {compound!r}"
        if m["tag"] and self.tag != m["tag"]:
            return False
        for kind, value in re.findall(r"([.#])([\w-]+)", m["rest"]):
            if (kind == "." and value not in self.classes) or (kind == "#" and self.attrs.get("id") != value):
                return False
        return True

    def select(self, selector: str, has_text: str | None = None) -> list[Node]:
        """The descendants matching a selector of tags, classes, ids and descendant combinators ("section.cloth .note-text")."""
        *ancestors, last = selector.split()
        found = []
        for node in self.descendants():
            if not node._matches(last):
                continue
            wanted, up = list(ancestors), node.parent
            while wanted and up is not None and up is not self.parent:
                if up._matches(wanted[-1]):
                    wanted.pop()
                up = up.parent
            if not wanted and (has_text is None or has_text in node.text):
                found.append(node)
        return found

    def one(self, selector: str, has_text: str | None = None) -> Node:
        """The first match; fails with the page's text if there is none."""
        found = self.select(selector, has_text)
        assert found, f"no {selector!r}{f' with {has_text!r}' if has_text else ''} in: {self.text[:2000]}"
        return found[0]

    def count(self, selector: str, has_text: str | None = None) -> int:
        return len(self.select(selector, has_text))

    def closest(self, tag: str) -> Node:
        node: Node | None = self
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None, f"no <{tag}> around {self!r}"
        return node

    def buttons(self, name: str | re.Pattern) -> list[Node]:
        """The buttons named `name` exactly (or matching a pattern), as `get_by_role("button", name=…)`."""
        return [b for b in self.select("button") if ((b.name == name) if isinstance(name, str) else name.search(b.name))]

    def button(self, name: str | re.Pattern) -> Node:
        """The first button named `name`; fails with the names of the buttons there are."""
        found = self.buttons(name)
        assert found, f"no button named {name!r}; the buttons are {[b.name for b in self.select('button')]}"
        return found[0]

    def field(self, label: str) -> Node:
        """The input, textarea or select labelled `label` (a label's text contains it, as get_by_label does)."""
        for node in self.select("label"):
            if label.lower() in node.text.lower():
                if "for" in node.attrs:
                    return next(n for n in self.descendants() if n.attrs.get("id") == node.attrs["for"])
                return next(n for n in node.descendants() if n.tag in ("input", "textarea", "select"))
        raise AssertionError(f"no field labelled {label!r} in: {self.text[:2000]}")


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", (), None)

    def handle_starttag(self, tag, attrs) -> None:
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs) -> None:
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag) -> None:
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:  # a stray end tag closes nothing
            self.current = node.parent

    def handle_data(self, data) -> None:
        self.current.children.append(data)


def parse(html: str) -> Node:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.root


def form_data(form: Node, fill: dict[str, str] | None = None, button: Node | None = None) -> dict[str, str]:
    """What a browser sends for `form`: its fields' values, `fill` typed into the fields so labelled, the pressed button's value."""
    data: dict[str, str] = {}
    for node in form.descendants():
        name = node.attrs.get("name")
        if not name or "disabled" in node.attrs:
            continue
        kind = node.attrs.get("type", "text")
        if node.tag == "input" and (kind not in ("submit", "button", "checkbox", "radio") or "checked" in node.attrs):
            data[name] = node.attrs.get("value", "on" if kind in ("checkbox", "radio") else "")
        elif node.tag == "textarea":
            data[name] = "".join(node._strings())
    for label, value in (fill or {}).items():
        data[form.field(label).attrs["name"]] = value
    if button is not None and button.attrs.get("name"):
        data[button.attrs["name"]] = button.attrs.get("value", "")
    return data


class HttpPhone:
    """A participant over plain HTTP: its cookies, the last view its phone would show (`view`), and its presses.

    `view` is the `#room-participant` fragment htmx gets; `refresh()` asks for it again (as the phone's
    poll does when something changed); `wait_for()` asks until a condition holds, as `expect()` waits.
    """

    def __init__(self, base: str, code: str, name: str) -> None:
        self.base, self.code, self.name = base, code, name
        self.visitor = Visitor(timeout=WAIT_SECONDS)
        self.view = Node("#document", (), None)

    def __repr__(self) -> str:
        return f"HttpPhone({self.name!r})"

    @classmethod
    def join(cls, base: str, code: str, name: str, fill: dict[str, str] | None = None, typed_code: str | None = None) -> HttpPhone:
        """Open the room's address (or type `typed_code` on /join), type a name and the join form's other fields by label, press Join."""
        phone = cls(base, code, name)
        if typed_code is not None:
            form = parse(phone._get("/join").text).one("form", has_text="Room code")
            found = phone.visitor.post(base, form.attrs.get("action") or "/join", form_data(form, {"Room code": typed_code}))
            assert found.status == 302 and found.headers["location"].endswith(f"/r/{code}"), (found.status, found.text[:500])
        form = parse(phone._get(f"/r/{code}").text).one("form.join-form")
        joined = phone.visitor.post(base, form.attrs["action"], form_data(form, {"Your name": name, **(fill or {})}))
        assert joined.status == 302, (joined.status, joined.text[:500])
        assert f"You are {name}" in phone.refresh().text
        return phone

    @classmethod
    def crowd(cls, base: str, code: str, people: Iterable[int], fields: Callable[[int], dict[str, str]] | None = None) -> list[HttpPhone]:
        """Phones joined as "Person {i + 1}" for each i in `people`; `fields(i)` gives more labels to fill."""
        return [cls.join(base, code, f"Person {i + 1}", fields(i) if fields else None) for i in people]

    def _get(self, path: str, headers: dict | None = None) -> Reply:
        reply = self.visitor.get(self.base, path, headers)
        assert reply.status == 200, (self.name, path, reply.status, reply.text[:500])
        return reply

    def refresh(self) -> Node:
        """The phone's view now (the fragment its poll gets when something changed)."""
        self.view = parse(self._get(f"/r/{self.code}", HX).text)
        return self.view

    def reload(self) -> Node:
        """The whole page, as a reload of the phone's browser asks for it (no htmx)."""
        self.view = parse(self._get(f"/r/{self.code}").text)
        return self.view

    def wait_for(self, check: Callable[[Node], object], what: str, timeout: float = WAIT_SECONDS) -> Node:
        """Ask for the view until `check(view)` is true (what a browser phone's poll and `expect()` do together)."""
        deadline = time.monotonic() + timeout
        while True:
            view = self.refresh()
            if check(view):
                return view
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name} never showed {what} within {timeout} s; the phone shows: {view.text[:2000]}")
            time.sleep(POLL_SECONDS)  # the pause between two asks, not a wait for something to happen

    def wait_text(self, selector: str, text: str | re.Pattern, timeout: float = WAIT_SECONDS) -> Node:
        """Wait until an element matching `selector` contains `text` (or matches a pattern); returns that element."""

        def found(view: Node) -> Node | None:
            for node in view.select(selector):
                if (text in node.text) if isinstance(text, str) else text.search(node.text):
                    return node
            return None

        self.wait_for(found, f"{selector} with {text!r}", timeout)
        return found(self.view)

    def press(self, button: str | re.Pattern, fill: dict[str, str] | None = None) -> Node:
        """Press a button of the current view (typing `fill` into its form's fields by label) as htmx would post it.

        Returns what the server answered (the new view, or the part of it the form targets) and swaps it into
        the view as htmx would. Any answer but 200 fails: a phone's error message is a failure here.
        """
        pressed = self.view.button(button)
        form = pressed.closest("form")
        data = form_data(form, fill, pressed)
        url = form.attrs.get("hx-post") or form.attrs["action"]
        reply = self.visitor.post(self.base, url, data, HX if "hx-post" in form.attrs else None)
        assert reply.status == 200, (self.name, button, reply.status, reply.text[:1000])
        answer = parse(reply.text)
        target = form.attrs.get("hx-target", "")
        if target.startswith("#") and form.attrs.get("hx-swap") == "outerHTML":
            self._swap(target[1:], answer)
        return answer

    def _swap(self, id: str, answer: Node) -> None:
        """Put the answer in place of the element it replaces, as htmx swaps it into the page."""
        new = next(n for n in answer.descendants() if n.attrs.get("id") == id)
        old = next((n for n in self.view.descendants() if n.attrs.get("id") == id), None)
        if old is None or old.parent is None:
            self.view = answer
            return
        siblings = old.parent.children
        siblings[siblings.index(old)] = new
        new.parent = old.parent


def see(phone, selector: str, text: str | re.Pattern) -> None:
    """A phone (a browser page or an HTTP phone) comes to show `text` in the element `selector`; waits as expect() does."""
    if isinstance(phone, HttpPhone):
        phone.wait_text(selector, text)
    else:
        expect(phone.locator(selector)).to_contain_text(text)


def text_of(phone, selector: str) -> str:
    """The text of the first element `selector` on a browser page or in an HTTP phone's last view."""
    if isinstance(phone, HttpPhone):
        return phone.view.one(selector).text
    return phone.locator(selector).first.inner_text()


def shows(phone, text: str) -> bool:
    """Whether a browser page or an HTTP phone's last view shows `text` now (no waiting)."""
    if isinstance(phone, HttpPhone):
        return text in phone.view.text
    return phone.get_by_text(text).count() > 0
