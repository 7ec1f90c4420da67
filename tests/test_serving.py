"""Several processes: two servers on one database are one app; gunicorn workers; the WSGI entry point."""

from __future__ import annotations

import sys
import time

import pytest

from tests.conftest import PASSWORD
from tests.servers import Projector, ServerProcess, Visitor, join, open_dot_vote, set_dots

POLL_SECONDS = 1.0  # as the projector page polls
FEW_POLLS = 3


@pytest.fixture
def servers(database_url, tmp_path, make_user):
    """Start server processes on this test's database (at head, with a facilitator account)."""
    make_user("fac@example.org", "facilitator", "Fatou")
    started: list[ServerProcess] = []

    def _start(**options) -> ServerProcess:
        server = ServerProcess(database_url, tmp_path / f"server-{len(started)}.log", **options).start()
        started.append(server)
        return server

    yield _start
    for server in started:
        server.stop()


def polls_until(projector: Projector, total: int) -> int:
    """Poll as the projector does (once a second) until it shows `total` dots; the number of polls it took."""
    projector.polls = 0
    while projector.poll() != total:
        assert projector.polls < FEW_POLLS, f"the projector still shows {projector.total} dots after {projector.polls} polls"
        time.sleep(POLL_SECONDS)
    return projector.polls


def test_a_vote_cast_through_one_process_shows_on_the_projector_of_the_other(servers):
    a, b = servers(), servers()
    fac = Visitor()
    fac.log_in(a.url, "fac@example.org", PASSWORD)
    room = open_dot_vote(fac, a.url)  # opened through A…
    projector = Projector(fac, b.url, room)  # …shown by B (the same session works on both: one secret key)
    assert projector.poll() == 0

    ana, bo = Visitor(), Visitor()
    assert join(ana, a.url, room, "Ana").status == 302
    assert set_dots(ana, a.url, room, 0, 0, 1).status == 200  # acknowledged by A…
    assert polls_until(projector, 1) <= FEW_POLLS  # …and on B's projector at its next polls

    assert join(bo, b.url, room, "Bo").status == 302  # the other way round: joined and voted through B
    assert set_dots(bo, b.url, room, 1, 2, 1).status == 200
    assert polls_until(Projector(fac, a.url, room), 2) <= FEW_POLLS
    # Ana's phone, served by B now (a load balancer may send each request anywhere), still knows her.
    assert "You are <strong>Ana</strong>" in ana.get(b.url, f"/r/{room.code}").text


@pytest.mark.skipif(sys.platform == "win32", reason="gunicorn does not run on Windows")
def test_serve_with_several_workers_runs_gunicorn_processes(servers):
    server = servers(workers=2, threads=2)
    fac = Visitor()
    fac.log_in(server.url, "fac@example.org", PASSWORD)
    room = open_dot_vote(fac, server.url)
    phones = [Visitor() for _ in range(6)]
    for i, phone in enumerate(phones):
        assert join(phone, server.url, room, f"Person {i}").status == 302
        assert set_dots(phone, server.url, room, 0, i % 6, 1).status == 200
    assert polls_until(Projector(fac, server.url, room), 6) <= FEW_POLLS
    log = server.log.read_text()
    assert "Using worker: gthread" in log and log.count("Booting worker") == 2


def test_the_wsgi_module_builds_the_app_from_the_environment(monkeypatch, database_url):
    monkeypatch.setenv("TOOLBOX_DATABASE_URL", database_url)
    monkeypatch.setenv("TOOLBOX_SECRET_KEY", "from-the-environment")
    sys.modules.pop("toolbox.wsgi", None)
    from toolbox import wsgi

    assert wsgi.app.config["SQLALCHEMY_DATABASE_URI"] == database_url
    assert wsgi.app.secret_key == "from-the-environment"
    with wsgi.app.app_context():
        from toolbox.extensions import db

        for engine in db.engines.values():
            engine.dispose()
