"""Load benchmark: N participants join one dot-voting room and vote while they and a projector poll.

Starts its own server (`toolbox serve`: waitress, or gunicorn with --workers) on loopback with a fresh
database (SQLite in a temporary folder, or a scratch database created on the PostgreSQL server given by
--database-url and dropped afterwards), runs, stops it. Everyone joins first (as fast as the server lets
them: joins/s); once all are in, the vote opens and each person places six dots at random moments of the
window. The last line is:
participants=N requests_per_s=R p95_vote_to_projector_ms=L errors=E dots_cast=C dots_stored=S

    .venv/bin/python bench/room.py --participants 500 [--window 60] [--workers 2] [--database-url postgresql+psycopg://postgres@127.0.0.1/]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from httpclient import Client, Reply  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ACTIVITY = "core/1-sectors-dot-voting"
CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
VERSION = re.compile(r"[?&]v=([\d.]+)")
TOTAL = re.compile(r"(\d+) dots? from")
POLL_SECONDS = 1.0  # as phones poll (templates/rooms/_macros.html)
PROJECTOR_POLL_SECONDS = 0.5  # as the projector polls (templates/rooms/_projector.html)


class Stats:
    def __init__(self) -> None:
        self.requests = 0
        self.errors = 0
        self.latencies: list[float] = []
        self.vote_latencies: list[float] = []  # requests answered once the vote was open
        self.voting = False
        self.error_samples: list[str] = []
        self.dots_cast = 0
        self.polls = 0
        self.polls_with_news = 0  # a phone's poll that got its whole view back (not an empty 204)
        self.cast_times: list[float] = []  # when each dot was acknowledged (committed)
        self.projector_seen: list[tuple[float, int]] = []  # (time, total dots shown)

    def track(self, reply: Reply, ok: tuple[int, ...] = (200, 204, 302)) -> Reply:
        self.requests += 1
        self.latencies.append(reply.seconds)
        if self.voting:
            self.vote_latencies.append(reply.seconds)
        if reply.status not in ok:
            self.errors += 1
            if len(self.error_samples) < 5:
                self.error_samples.append(f"{reply.status}: {reply.body[:200]!r}")
        return reply


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    db: Path | str, port: int, threads: int, log: Path, email: str = "bench@example.org", role: str = "facilitator", workers: int = 1
) -> subprocess.Popen:
    """A fresh database (a SQLite file, or a database URL) with one account (password 'bench password 123'), served by `toolbox serve`."""
    env = {
        **os.environ,
        "TOOLBOX_DATABASE_URL": db if isinstance(db, str) else f"sqlite:///{db}",
        "TOOLBOX_SECRET_KEY": "bench-secret",
        "TOOLBOX_CONTENT_DIR": str(ROOT / "content"),
    }
    flask = [str(BIN / "flask"), "--app", "toolbox"]
    subprocess.run([*flask, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run(
        [*flask, "users", "create", "--email", email, "--role", role, "--password", "bench password 123"],
        env=env,
        check=True,
        capture_output=True,
    )
    # The server's log goes to a file: an unread pipe fills up and then blocks the server.
    server = subprocess.Popen(
        [str(BIN / "toolbox"), "serve", "--port", str(port), "--threads", str(threads), "--workers", str(workers)],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port)
    except SystemExit:
        server.kill()
        raise
    return server


def stop_server(server: subprocess.Popen) -> None:
    """SIGTERM (gunicorn's master then stops its workers), SIGKILL if that takes too long."""
    server.terminate()
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def wait_for_port(port: int, seconds: float = 20) -> None:
    """Return once something listens on the port (or give up)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listens on port {port}")


async def facilitator(port: int, stats: Stats) -> tuple[Client, int, str, str]:
    fac = Client("127.0.0.1", port)
    page = stats.track(await fac.request("GET", "/login"))
    token = CSRF.search(page.body).group(1)
    stats.track(await fac.request("POST", "/login", {"csrf_token": token, "email": "bench@example.org", "password": "bench password 123"}))
    guide = stats.track(await fac.request("GET", f"/activities/{ACTIVITY}"))
    token = CSRF.search(guide.body).group(1)
    opened = stats.track(await fac.request("POST", f"/activities/{ACTIVITY}/run", {"csrf_token": token}))
    room_path = opened.headers["location"]
    console = stats.track(await fac.request("GET", room_path))
    code = re.search(r'class="code">(\w+)<', console.body).group(1)
    stats.track(await fac.request("POST", f"{room_path}/results-mode", {"csrf_token": token, "results": "live"}))
    return fac, int(room_path.rsplit("/", 1)[1]), code, token


async def projector(fac: Client, room_id: int, stats: Stats, stop: asyncio.Event) -> None:
    version = 0
    htmx = {"HX-Request": "true"}
    while not stop.is_set():
        reply = stats.track(await fac.request("GET", f"/rooms/{room_id}/projector?v={version}", headers=htmx))
        if reply.status == 200:
            version = VERSION.search(reply.body).group(1)
            totals = [int(n) for n in TOTAL.findall(reply.body)]
            stats.projector_seen.append((time.perf_counter(), sum(totals)))
        await asyncio.sleep(PROJECTOR_POLL_SECONDS)


async def participant(
    i: int, port: int, code: str, stats: Stats, joined: asyncio.Queue, voted: asyncio.Queue, window: float, stop: asyncio.Event
) -> None:
    me = Client("127.0.0.1", port)
    await asyncio.sleep(random.random())  # people do not all join in the same millisecond
    page = stats.track(await me.request("GET", f"/r/{code}"))
    token = CSRF.search(page.body).group(1)
    stats.track(await me.request("POST", f"/r/{code}/join", {"csrf_token": token, "name": f"Person {i}"}))
    joined.put_nowait(time.perf_counter())
    htmx = {"HX-Request": "true"}
    version = 0

    async def poll_forever() -> None:
        nonlocal version
        await asyncio.sleep(random.random() * POLL_SECONDS)
        while not stop.is_set():
            reply = stats.track(await poller.request("GET", f"/r/{code}?v={version}", headers=htmx))
            stats.polls += 1
            if reply.status == 200:
                stats.polls_with_news += 1
                version = VERSION.search(reply.body).group(1)
                if 'id="my-ballots"' in reply.body:
                    sees_ballots.set()
            await asyncio.sleep(POLL_SECONDS)

    poller = Client("127.0.0.1", port, cookies=me.cookies)  # a second connection, as a browser would use
    sees_ballots = asyncio.Event()
    polling = asyncio.create_task(poll_forever())
    # A person votes once their phone shows the ballots: the window starts then, not when the vote opened.
    await sees_ballots.wait()
    options = random.sample(range(6), 3)
    plan = [(ballot, option) for ballot in (0, 1) for option in options]
    moments = sorted(random.random() * window for _ in plan)
    started = time.perf_counter()
    for (ballot, option), at in zip(plan, moments, strict=True):
        await asyncio.sleep(max(0.0, started + at - time.perf_counter()))
        reply = stats.track(
            await me.request("POST", f"/r/{code}/dots", {"csrf_token": token, "ballot": ballot, "option": option, "count": 1}, htmx)
        )
        if reply.status == 200:
            stats.dots_cast += 1
            stats.cast_times.append(time.perf_counter())
    voted.put_nowait(i)
    await polling
    await me.close()
    await poller.close()


def vote_to_projector(stats: Stats) -> list[float]:
    """For the n-th acknowledged dot, the delay until the projector first showed n or more dots."""
    seen = sorted(stats.projector_seen)
    delays = []
    for n, cast in enumerate(sorted(stats.cast_times), 1):
        shown = next((t for t, total in seen if t >= cast and total >= n), None)
        if shown is not None:
            delays.append(shown - cast)
    return delays


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


async def run(n: int, port: int, window: float) -> Stats:
    stats = Stats()
    fac, room_id, code, token = await facilitator(port, stats)
    stop = asyncio.Event()
    screen = Client("127.0.0.1", port, cookies=fac.cookies)  # the projector is another window: its own connection
    projector_task = asyncio.create_task(projector(screen, room_id, stats, stop))
    t0 = time.perf_counter()
    joined: asyncio.Queue = asyncio.Queue()
    voted: asyncio.Queue = asyncio.Queue()
    people = [asyncio.create_task(participant(i, port, code, stats, joined, voted, window, stop)) for i in range(n)]
    for _ in range(n):
        last = await joined.get()
    stats.join_seconds = last - t0
    await asyncio.sleep(2)  # everyone's first poll has fetched their view
    stats.track(await fac.request("POST", f"/rooms/{room_id}/moves", {"csrf_token": token, "move": "open"}))
    started = time.perf_counter()
    stats.voting = True
    for _ in range(n):  # everyone has placed their dots (each within `window` of seeing the ballots)
        await voted.get()
    await asyncio.sleep(3)  # time for the projector to catch up
    stop.set()
    await asyncio.gather(*people, projector_task)
    stats.seconds = time.perf_counter() - started
    stats.room_id = room_id
    await fac.close()
    return stats


@contextlib.contextmanager
def scratch_database(server_url: str | None, tmp: Path):
    """A SQLite file in `tmp`, or a new database on the PostgreSQL server (dropped afterwards)."""
    if not server_url:
        yield tmp / "bench.db"
        return
    from sqlalchemy import create_engine, make_url, text

    name = f"toolbox_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(make_url(server_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def count_dots(db: Path | str, room_id: int) -> int:
    """The dots the database holds for the room: the check that none was lost."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db if isinstance(db, str) else f"sqlite:///{db}")
    with engine.connect() as conn:
        n = conn.execute(text("select count(*) from dots where room_id = :r"), {"r": room_id}).scalar_one()
    engine.dispose()
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", "-n", type=int, default=50)
    parser.add_argument("--window", type=float, default=60, help="seconds over which the dots are cast")
    parser.add_argument("--threads", type=int, default=None, help="server threads per process (default 16, or 4 with --workers)")
    parser.add_argument("--workers", type=int, default=1, help="server processes (more than one: gunicorn)")
    parser.add_argument(
        "--database-url", help="a PostgreSQL server (postgresql+psycopg://user@host/): the run uses a scratch database on it"
    )
    args = parser.parse_args()
    threads = args.threads or (16 if args.workers == 1 else 4)
    with tempfile.TemporaryDirectory() as tmp, scratch_database(args.database_url, Path(tmp)) as db:
        port = free_port()
        server = start_server(db, port, threads, Path(tmp) / "server.log", workers=args.workers)
        try:
            t = time.perf_counter()
            stats = asyncio.run(run(args.participants, port, args.window))
            elapsed = time.perf_counter() - t
        finally:
            stop_server(server)
        stored = count_dots(db, stats.room_id)
    delays = vote_to_projector(stats)
    print(
        f"requests={stats.requests} in {elapsed:.1f} s; request latency p50={pct(stats.latencies, 50) * 1000:.0f} ms "
        f"p95={pct(stats.latencies, 95) * 1000:.0f} ms p99={pct(stats.latencies, 99) * 1000:.0f} ms"
    )
    v = stats.vote_latencies
    print(f"while voting: request latency p50={pct(v, 50) * 1000:.0f} ms p95={pct(v, 95) * 1000:.0f} ms p99={pct(v, 99) * 1000:.0f} ms")
    print(f"phone polls: {stats.polls}, {stats.polls_with_news} of them with news (the rest: 204)")
    print(f"joins: {args.participants} in {stats.join_seconds:.1f} s ({args.participants / stats.join_seconds:.0f} joins/s)")
    print(f"vote to projector: p50={pct(delays, 50) * 1000:.0f} ms p95={pct(delays, 95) * 1000:.0f} ms over {len(delays)} dots")
    for sample in stats.error_samples:
        print("error sample:", sample)
    print(
        f"participants={args.participants} requests_per_s={stats.requests / elapsed:.0f} "
        f"p95_vote_to_projector_ms={pct(delays, 95) * 1000:.0f} errors={stats.errors} dots_cast={stats.dots_cast} dots_stored={stored}"
    )


if __name__ == "__main__":
    main()
