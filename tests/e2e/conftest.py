"""End-to-end fixtures: the app on a real port and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

REAL_CONTENT = Path(__file__).parent.parent.parent / "content"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("TOOLBOX_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Chromium is needed for the end-to-end tests: apt-get install chromium (.ci/run does it)")
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _close_pages(request: pytest.FixtureRequest) -> Iterator[None]:
    """Close every browser context a test opened: a page left open polls on, several times a second, for the
    rest of the run (against later servers that reuse its port, as wrong room codes), and a run's worth of
    them took most of CI's two cores."""
    yield
    if "browser" in request.fixturenames:
        for context in list(request.getfixturevalue("browser").contexts):
            context.close()


# The bundled content, CSRF on as in production, and pages that poll twice a second (phones and the
# console twice as often as in production, the projector as often): what a browser waits for shows sooner.
# Faster still cost more than it saved: with every page polling four times a second, the server's renders and
# Chromium's swaps took the two cores, and the whole browser suite ran a fifth slower. A restarted server
# is built with the same settings.
LIVE_CONFIG = {
    "CONTENT_DIR": str(REAL_CONTENT),
    "WTF_CSRF_ENABLED": True,
    "TESTING": False,
    "ROOM_POLL_MS": 500,
    "PROJECTOR_POLL_MS": 500,
}


class LiveServer:
    """A WSGI server for the app in a background thread."""

    def __init__(self, app, port: int = 0) -> None:
        self.app = app
        self.server = make_server("127.0.0.1", port, app, threaded=True)
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> LiveServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def live_server(make_app, request) -> Iterator[LiveServer]:
    """The app serving the bundled content on a free port, with CSRF on as in production, polling faster."""
    overrides = getattr(request, "param", {}) or {}
    app = make_app(**{**LIVE_CONFIG, **overrides})
    server = LiveServer(app).start()
    yield server
    server.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
