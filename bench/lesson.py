"""Load benchmark: a logged-in learner's lesson page against a bare WSGI app returning the same bytes.

Both run under the same server (waitress, same threads) on loopback, one after the other, driven by the
same closed-loop client. The last line is `lesson_rps=X bare_rps=Y ratio=Z`.

    .venv/bin/python bench/lesson.py [--seconds 10] [--connections 32] [--threads 16] [--detail]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from httpclient import Client  # noqa: E402
from room import free_port, start_server, wait_for_port  # noqa: E402

LESSON = "/modules/core/challenges-and-opportunities"
CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')


async def load(port: int, path: str, cookies: dict, seconds: float, connections: int) -> tuple[int, int]:
    """Closed loop: each connection sends its next request as soon as the last one is answered."""
    done = errors = 0
    stop = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal done, errors
        client = Client("127.0.0.1", port, cookies=dict(cookies))
        while time.perf_counter() < stop:
            reply = await client.request("GET", path)
            done += 1
            errors += reply.status != 200
        await client.close()

    await asyncio.gather(*(worker() for _ in range(connections)))
    return done, errors


async def login(port: int) -> dict:
    me = Client("127.0.0.1", port)
    page = await me.request("GET", "/login")
    token = CSRF.search(page.body).group(1)
    reply = await me.request("POST", "/login", {"csrf_token": token, "email": "learner@example.org", "password": "bench password 123"})
    assert reply.status == 302, reply.status
    await me.close()
    return me.cookies


def floor(tmp: str, args, cookies: dict, log) -> int:
    """Requests served by the app for the logged-in learner when a route returns the page's bytes: Flask, session, user."""
    port = free_port()
    code = textwrap.dedent(f"""
        import os
        from pathlib import Path
        from flask_login import current_user
        from waitress import serve
        os.environ.update(TOOLBOX_DATABASE_URL="sqlite:///{Path(tmp, "bench.db")}", TOOLBOX_SECRET_KEY="bench-secret")
        from toolbox import create_app
        app = create_app()
        BODY = Path({str(Path(tmp, "page.html"))!r}).read_bytes()
        @app.get("/_floor")
        def floor():
            assert current_user.is_authenticated
            return BODY, {{"Content-Type": "text/html; charset=utf-8"}}
        serve(app, host="127.0.0.1", port={port}, threads={args.threads}, connection_limit=4000, asyncore_use_poll=True)
    """)
    server = subprocess.Popen([sys.executable, "-c", code], stdout=log, stderr=log)
    try:
        wait_for_port(port)
        done, errors = asyncio.run(load(port, "/_floor", cookies, args.seconds, args.connections))
        assert errors == 0, errors
        return done
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument(
        "--detail",
        action="store_true",
        help="also measure the lesson for a visitor (not logged in) and the floor: the same app returning the same bytes "
        "for the logged-in learner without any lesson work (session, user loading, Flask)",
    )
    args = parser.parse_args()
    anonymous_done = floor_done = 0
    with tempfile.TemporaryDirectory() as tmp:
        app_port, bare_port = free_port(), free_port()
        log = Path(tmp, "server.log").open("w")  # noqa: SIM115 (kept open for both servers' lifetime)
        app = start_server(Path(tmp, "bench.db"), app_port, args.threads, Path(tmp, "app.log"), "learner@example.org", "learner")
        try:
            wait_for_port(app_port)
            cookies = asyncio.run(login(app_port))
            body = asyncio.run(Client("127.0.0.1", app_port, cookies=cookies).request("GET", LESSON)).body
            Path(tmp, "page.html").write_text(body)
            lesson_done, lesson_errors = asyncio.run(load(app_port, LESSON, cookies, args.seconds, args.connections))
            if args.detail:
                anonymous_done, _ = asyncio.run(load(app_port, LESSON, {}, args.seconds, args.connections))
        finally:
            app.terminate()
            app.wait(10)
        if args.detail:
            floor_done = floor(tmp, args, cookies, log)
        bare_code = textwrap.dedent(f"""
            from pathlib import Path
            from waitress import serve
            BODY = Path({str(Path(tmp, "page.html"))!r}).read_bytes()
            def app(environ, start_response):
                start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))])
                return [BODY]
            serve(app, host="127.0.0.1", port={bare_port}, threads={args.threads}, connection_limit=4000, asyncore_use_poll=True)
        """)
        bare = subprocess.Popen([sys.executable, "-c", bare_code], stdout=log, stderr=log)
        try:
            wait_for_port(bare_port)
            bare_done, _ = asyncio.run(load(bare_port, "/", {}, args.seconds, args.connections))
        finally:
            bare.terminate()
            bare.wait(10)
    lesson_rps, bare_rps = lesson_done / args.seconds, bare_done / args.seconds
    print(f"page bytes={len(body.encode())} lesson requests={lesson_done} errors={lesson_errors} bare requests={bare_done}")
    if args.detail:
        print(
            f"anonymous_rps={anonymous_done / args.seconds:.0f} ratio={anonymous_done / bare_done:.2f}; "
            f"floor_rps={floor_done / args.seconds:.0f} ratio={floor_done / bare_done:.2f}"
        )
    print(f"lesson_rps={lesson_rps:.0f} bare_rps={bare_rps:.0f} ratio={lesson_rps / bare_rps:.2f}")


if __name__ == "__main__":
    main()
