"""Many writers at once, from threads and from two server processes on one database: nobody sees an error.

The proof that "database is locked" never reaches a user: phones join a room and place their dots,
learners log in, autosave journal answers, send quiz attempts and mark topics done, all at the same
time through two `toolbox serve` processes (waitress, 16 threads each) sharing one SQLite file (or the
PostgreSQL database of a PostgreSQL run). Every response must be a success, and every write a
response acknowledged must be in the database afterwards, exactly once. A correctness test: it counts,
it does not time.
"""

from __future__ import annotations

import random
import secrets
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from tests.conftest import FAST_HASH, PASSWORD
from tests.servers import HX, ServerProcess, Visitor, open_dot_vote
from toolbox.auth.models import User
from toolbox.extensions import db
from toolbox.journal.models import JournalEntry
from toolbox.progress.models import TopicProgress
from toolbox.quizzes.models import QuizAttempt
from toolbox.rooms.models import Dot, Participant

PHONES = 30
LEARNERS = 8
TOPIC = ("core", "challenges-and-opportunities")
QUESTIONS = [("structural-context", "impact"), ("defining-diasporas", "description"), ("defining-diasporas", "characteristics")]
QUIZ = {"q-why-local": "felt-locally", "q-decentralisation": "true", "q-two-way": "true"}


class Ledger:
    """Every response, and every write the server acknowledged."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: Counter[int] = Counter()
        self.failures: list[str] = []
        self.joined: list[str] = []
        self.dots: Counter[str] = Counter()  # participant name → dots acknowledged
        self.answers: dict[tuple[int, str, str], str] = {}  # (learner, reflection, question) → last text acknowledged
        self.attempts: Counter[int] = Counter()
        self.done: set[int] = set()

    def check(self, reply, *ok: int):
        with self.lock:
            self.statuses[reply.status] += 1
            if reply.status not in ok:
                self.failures.append(f"{reply.status}: {reply.text[:300]!r}")
        return reply.status in ok


@pytest.fixture
def two_servers(database_url, tmp_path, make_app):
    with make_app().app_context():
        hashed = generate_password_hash(PASSWORD, FAST_HASH)
        users = [User(email="fac@example.org", name="Fatou", role="facilitator", password_hash=hashed)]
        users += [User(email=f"learner{i}@example.org", name=f"Learner {i}", role="learner", password_hash=hashed) for i in range(LEARNERS)]
        db.session.add_all(users)
        db.session.commit()
        learners = [u.id for u in users[1:]]
    servers = [ServerProcess(database_url, tmp_path / f"server-{i}.log").spawn() for i in range(2)]
    for server in servers:
        server.wait_ready()
    yield servers, learners
    for server in servers:
        server.stop()


def phone(i: int, bases: list[str], room, ledger: Ledger) -> None:
    """Join, then place three dots on each ballot, each request through either server."""
    me, name = Visitor(), f"Person {i}"
    base = random.choice(bases)
    page = me.get(base, f"/r/{room.code}")
    token = page.csrf()
    if not ledger.check(me.post(base, f"/r/{room.code}/join", {"csrf_token": token, "name": name}), 302):
        return
    with ledger.lock:
        ledger.joined.append(name)
    for ballot in (0, 1):
        for option in random.sample(range(6), 3):
            reply = me.post(
                random.choice(bases), f"/r/{room.code}/dots", {"csrf_token": token, "ballot": ballot, "option": option, "count": 1}, HX
            )
            if ledger.check(reply, 200):
                with ledger.lock:
                    ledger.dots[name] += 1


def learner(i: int, uid: int, bases: list[str], ledger: Ledger) -> None:
    """Log in, autosave answers as one types, send quiz attempts, mark the topic done."""
    me = Visitor()
    base = random.choice(bases)
    token = me.get(base, "/login").csrf()
    if not ledger.check(me.post(base, "/login", {"csrf_token": token, "email": f"learner{i}@example.org", "password": PASSWORD}), 302):
        return
    module, topic = TOPIC
    token = me.get(random.choice(bases), f"/modules/{module}/{topic}").csrf()
    for reflection, question in QUESTIONS:
        for n in range(1, 4):  # the autosave sends the growing text, each send waiting for the last
            text = f"Learner {i}, draft {n} of {question}"
            reply = me.post(
                random.choice(bases), f"/journal/{module}/{topic}/{reflection}/{question}", {"csrf_token": token, "text": text}, HX
            )
            if ledger.check(reply, 200):
                with ledger.lock:
                    ledger.answers[(uid, reflection, question)] = text
    for _ in range(2):
        form = {"csrf_token": token, "attempt": secrets.token_urlsafe(18), **QUIZ}
        if ledger.check(me.post(random.choice(bases), f"/modules/{module}/{topic}/quiz", form, HX), 200):
            with ledger.lock:
                ledger.attempts[uid] += 1
    if ledger.check(me.post(random.choice(bases), f"/learning/{module}/{topic}/done", {"csrf_token": token, "done": "yes"}, HX), 200):
        with ledger.lock:
            ledger.done.add(uid)


def test_concurrent_writers_through_two_processes_all_succeed_and_every_write_is_kept(two_servers, make_app):
    servers, learners = two_servers
    bases = [s.url for s in servers]
    fac = Visitor()
    fac.log_in(bases[0], "fac@example.org", PASSWORD)
    room = open_dot_vote(fac, bases[0])
    ledger = Ledger()
    with ThreadPoolExecutor(max_workers=24) as pool:
        jobs = [pool.submit(phone, i, bases, room, ledger) for i in range(PHONES)]
        jobs += [pool.submit(learner, i, uid, bases, ledger) for i, uid in enumerate(learners)]
        for job in jobs:
            job.result()

    assert ledger.failures == [], ledger.failures[:5]
    assert not [s for s in ledger.statuses if s >= 500]
    for server in servers:
        log = server.log.read_text()
        assert "database is locked" not in log and "Traceback" not in log, log[-2000:]

    with make_app().app_context():
        names = db.session.scalars(select(Participant.name).where(Participant.room_id == room.id)).all()
        assert sorted(names) == sorted(ledger.joined) and len(names) == PHONES
        stored = dict(
            db.session.execute(
                select(Participant.name, func.count(Dot.id)).join(Dot, Dot.participant_id == Participant.id).group_by(Participant.name)
            ).all()
        )
        assert stored == dict(ledger.dots) and sum(stored.values()) == PHONES * 6
        answers = {(e.user_id, e.reflection, e.question): e.text for e in db.session.scalars(select(JournalEntry))}
        assert answers == ledger.answers and len(answers) == LEARNERS * len(QUESTIONS)
        attempts = Counter(db.session.scalars(select(QuizAttempt.user_id)).all())
        assert attempts == ledger.attempts and sum(attempts.values()) == LEARNERS * 2
        done = set(db.session.scalars(select(TopicProgress.user_id).where(TopicProgress.done_at.is_not(None))))
        assert done == ledger.done == set(learners)
