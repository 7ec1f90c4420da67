"""Real server processes for tests (`toolbox serve`, on the test's database) and a small HTTP client for them.

Used by the tests of several processes, of load and of faults: unlike a server in a thread, a process can
be killed with SIGKILL mid-request, and two processes share nothing but the database.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
REAL_CONTENT = ROOT / "content"
BIN = Path(sys.executable).parent
SECRET = "test-secret"  # every process of one deployment shares it, or sessions and CSRF tokens break between them
CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
START_SECONDS = 60  # generous: the machine may be busy with other test runs


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


@dataclass
class ServerProcess:
    """`toolbox serve` in its own process group on a port, serving the bundled content from `database_url`."""

    database_url: str
    log: Path
    port: int = field(default_factory=free_port)
    workers: int = 1
    threads: int | None = None
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ServerProcess:
        """Start the server and return once it listens."""
        return self.spawn().wait_ready()

    def spawn(self) -> ServerProcess:
        """Start the server process (without waiting: several servers can start at once)."""
        env = {
            **os.environ,
            "TOOLBOX_DATABASE_URL": self.database_url,
            "TOOLBOX_SECRET_KEY": SECRET,
            "TOOLBOX_CONTENT_DIR": str(REAL_CONTENT),
            **self.env,
        }
        env.pop("TOOLBOX_CONTENT_RELOAD", None)
        command = [str(BIN / "toolbox"), "serve", "--port", str(self.port), "--workers", str(self.workers)]
        if self.threads:
            command += ["--threads", str(self.threads)]
        with self.log.open("a") as log:  # a file, not a pipe: an unread pipe fills up and blocks the server
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def wait_ready(self) -> ServerProcess:
        deadline = time.monotonic() + START_SECONDS
        while not listening(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"the server did not start; its log:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.1)
        return self

    def kill(self) -> None:
        """SIGKILL to the server and its workers: no clean-up, no final flush, as in a crash or a power cut of the process."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        if self.process is not None:
            self.process.wait(10)

    def stop(self) -> None:
        """A normal stop (SIGTERM), then SIGKILL if it does not end."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    text: str

    def csrf(self) -> str:
        return CSRF.search(self.text).group(1)


@dataclass
class Visitor:
    """One browser: cookies kept across requests (and across servers: cookies do not depend on the port)."""

    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 30

    def request(self, base: str, method: str, path: str, form: dict | None = None, headers: dict | None = None) -> Reply:
        host, port = base.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=self.timeout)
        try:
            all_headers = dict(headers or {})
            if self.cookies:
                all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            body = None
            if form is not None:
                body = urlencode(form, doseq=True)
                all_headers["Content-Type"] = "application/x-www-form-urlencoded"
            conn.request(method, path, body=body, headers=all_headers)
            response = conn.getresponse()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    val = rest.split(";", 1)[0]
                    if "expires=thu, 01 jan 1970" in value.lower() or "max-age=0" in value.lower():
                        self.cookies.pop(key.strip(), None)
                    else:
                        self.cookies[key.strip()] = val
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode())
        finally:
            conn.close()

    def get(self, base: str, path: str, headers: dict | None = None) -> Reply:
        return self.request(base, "GET", path, headers=headers)

    def post(self, base: str, path: str, form: dict, headers: dict | None = None) -> Reply:
        return self.request(base, "POST", path, form, headers)

    def log_in(self, base: str, email: str, password: str) -> None:
        token = self.get(base, "/login").csrf()
        reply = self.post(base, "/login", {"csrf_token": token, "email": email, "password": password})
        assert reply.status == 302, (reply.status, reply.text[:300])


# A dot-voting room driven over HTTP, as the benchmark does (Core Activity 1: two ballots of three dots).
ACTIVITY = "core/1-sectors-dot-voting"
TOTALS = re.compile(r"(\d+) dots? from")
HX = {"HX-Request": "true"}


@dataclass
class Room:
    id: int
    code: str
    token: str  # the facilitator's CSRF token

    @property
    def path(self) -> str:
        return f"/rooms/{self.id}"


def open_dot_vote(fac: Visitor, base: str, minutes: int | None = None) -> Room:
    """Open Core Activity 1 live with results shown as they come, optionally start the timer, and open the vote."""
    token = fac.get(base, f"/activities/{ACTIVITY}").csrf()
    opened = fac.post(base, f"/activities/{ACTIVITY}/run", {"csrf_token": token})
    assert opened.status == 302, (opened.status, opened.text[:300])
    path = opened.headers["location"].removeprefix(base)
    console = fac.get(base, path)
    room = Room(int(path.rsplit("/", 1)[1]), re.search(r'class="code">(\w+)<', console.text).group(1), console.csrf())
    assert fac.post(base, f"{room.path}/results-mode", {"csrf_token": room.token, "results": "live"}, HX).status == 200
    if minutes:
        assert fac.post(base, f"{room.path}/timer", {"csrf_token": room.token, "op": "start", "minutes": minutes}, HX).status == 200
    assert fac.post(base, f"{room.path}/moves", {"csrf_token": room.token, "move": "open"}, HX).status == 200
    return room


def join(phone: Visitor, base: str, room: Room, name: str, key: str | None = None) -> Reply:
    """Join a room by its code with a display name (the join form's own key, if given)."""
    page = phone.get(base, f"/r/{room.code}")
    form = {"csrf_token": page.csrf(), "name": name}
    if key is not None:
        form["key"] = key
    return phone.post(base, f"/r/{room.code}/join", form)


def set_dots(phone: Visitor, base: str, room: Room, ballot: int, option: int, count: int) -> Reply:
    token = phone.get(base, f"/r/{room.code}").csrf()
    return phone.post(base, f"/r/{room.code}/dots", {"csrf_token": token, "ballot": ballot, "option": option, "count": count}, HX)


def projector_total(fac: Visitor, base: str, room: Room) -> int:
    """How many dots the projector's fragment shows, over all ballots."""
    reply = fac.get(base, f"{room.path}/projector", HX)
    assert reply.status == 200, reply.status
    return sum(int(n) for n in TOTALS.findall(reply.text))


VERSION = re.compile(r"[?&]v=([\d.]+)")


@dataclass
class Projector:
    """The projector page's poll: it asks with the version it shows, and gets 204 while nothing changed."""

    fac: Visitor
    base: str
    room: Room
    version: str = "0"
    total: int = -1
    polls: int = 0

    def poll(self) -> int:
        self.polls += 1
        reply = self.fac.get(self.base, f"{self.room.path}/projector?v={self.version}", HX)
        assert reply.status in (200, 204), reply.status
        if reply.status == 200:
            self.version = VERSION.search(reply.text).group(1)
            self.total = sum(int(n) for n in TOTALS.findall(reply.text))
        return self.total
