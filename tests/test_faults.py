"""Faults: the server process is killed with SIGKILL mid-activity and started again.

A real `toolbox serve` process on the test's database (SQLite file, or PostgreSQL): SIGKILL gives it no
chance to flush, close or clean up, as in a crash. What was acknowledged must be there afterwards, and
the same browsers (cookies) carry on. The browser side, pages resuming by themselves, is in
tests/e2e/test_restart.py.
"""

from __future__ import annotations

import http.client
import secrets
import threading
import time
from dataclasses import dataclass, field

import pytest
from sqlalchemy import select, text
from werkzeug.security import generate_password_hash

from tests.conftest import FAST_HASH, PASSWORD, dialect_of
from tests.servers import HX, Projector, ServerProcess, Visitor, join, open_dot_vote, set_dots
from toolbox.auth.models import User
from toolbox.extensions import db
from toolbox.journal.models import JournalEntry
from toolbox.progress.models import TopicProgress
from toolbox.quizzes.models import QuizAttempt
from toolbox.rooms.models import Dot, Participant, Room

LESSON = "/modules/core/challenges-and-opportunities"
ANSWER = "/journal/core/challenges-and-opportunities/structural-context/impact"
QUIZ = LESSON + "/quiz"


@pytest.fixture
def server(database_url, tmp_path, make_app):
    """One server process on this test's database, with a facilitator and four learners."""
    with make_app().app_context():
        hashed = generate_password_hash(PASSWORD, FAST_HASH)
        db.session.add(User(email="fac@example.org", name="Fatou", role="facilitator", password_hash=hashed))
        db.session.add_all(User(email=f"learner{i}@example.org", name=f"Learner {i}", password_hash=hashed) for i in range(4))
        db.session.commit()
    process = ServerProcess(database_url, tmp_path / "server.log").start()
    yield process
    process.stop()


def restart(server: ServerProcess) -> None:
    """SIGKILL, then the same command on the same port (as a trainer restarting the laptop's server)."""
    server.kill()
    server.start()


def snapshot(make_app, room_id: int) -> dict:
    """Everything the activity and the learners stored, read straight from the database."""
    with make_app().app_context():
        room = db.session.get(Room, room_id)
        return {
            "room": (room.phase, room.version, room.timer_seconds, room.timer_ends_at, room.timer_remaining, room.state, room.closed),
            "participants": sorted(db.session.scalars(select(Participant.name).where(Participant.room_id == room_id))),
            "dots": sorted(db.session.execute(select(Dot.participant_id, Dot.ballot, Dot.option, Dot.slot)).all()),
            "journal": sorted(db.session.execute(select(JournalEntry.user_id, JournalEntry.question, JournalEntry.text)).all()),
            "attempts": sorted(db.session.execute(select(QuizAttempt.user_id, QuizAttempt.token, QuizAttempt.percent)).all()),
            "done": sorted(db.session.scalars(select(TopicProgress.user_id).where(TopicProgress.done_at.is_not(None)))),
        }


def assert_database_sound(make_app, database_url: str) -> None:
    if dialect_of(database_url) == "sqlite":
        with make_app().app_context():
            assert db.session.execute(text("pragma integrity_check")).scalar() == "ok"


def test_a_killed_server_restarts_with_the_room_timer_votes_answers_and_attempts_intact(server, make_app, database_url):
    base = server.url
    fac = Visitor()
    fac.log_in(base, "fac@example.org", PASSWORD)
    room = open_dot_vote(fac, base, minutes=10)
    phones = {name: Visitor() for name in ("Ana", "Bo", "Chen")}
    for i, (name, phone) in enumerate(phones.items()):
        assert join(phone, base, room, name).status == 302
        assert set_dots(phone, base, room, 0, i, 1).status == 200
        assert set_dots(phone, base, room, 1, 5 - i, 1).status == 200
    me = Visitor()
    me.log_in(base, "learner0@example.org", PASSWORD)
    token = me.get(base, LESSON).csrf()
    assert me.post(base, ANSWER, {"csrf_token": token, "text": "Structures matter here."}, HX).status == 200
    quiz = {"csrf_token": token, "attempt": secrets.token_urlsafe(18), "q-why-local": "felt-locally"}
    assert me.post(base, QUIZ, quiz, HX).status == 200
    before = snapshot(make_app, room.id)

    restart(server)

    assert snapshot(make_app, room.id) == before  # nothing lost, nothing half-written
    assert_database_sound(make_app, database_url)
    # The same browsers carry on: their cookies still name them, and what they see is what they left.
    assert Projector(fac, base, room).poll() == 6
    console = fac.get(base, room.path)
    assert "Now: Voting" in console.text
    for name, phone in phones.items():
        page = phone.get(base, f"/r/{room.code}").text
        assert f"You are <strong>{name}</strong>" in page
    lesson = me.get(base, LESSON).text
    assert "Structures matter here.</textarea>" in lesson and 'class="quiz-history"' in lesson
    # The timer is a deadline: it ran on while the server was down, and still ends when it would have.
    assert before["room"][3] is not None
    assert set_dots(phones["Ana"], base, room, 0, 3, 1).status == 200  # and voting goes on
    assert Projector(fac, base, room).poll() == 7


@dataclass
class Acks:
    """Writes sent, and those the server acknowledged, while it was being killed."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    sent: set = field(default_factory=set)
    acked: set = field(default_factory=set)
    answers: dict = field(default_factory=dict)  # learner id → (texts sent in order, last acknowledged index)

    def send(self, item) -> None:
        with self.lock:
            self.sent.add(item)

    def ack(self, item) -> None:
        with self.lock:
            self.acked.add(item)


# A server killed mid-request: the connection is refused or reset (OSError), or the answer is cut short
# (http.client.IncompleteRead, BadStatusLine…). Either way the write was not acknowledged.
DIED = (OSError, http.client.HTTPException)


def test_every_write_acknowledged_before_a_kill_is_stored(server, make_app, database_url):
    """Phones vote and learners save answers and quiz attempts non-stop; SIGKILL lands in the middle of it."""
    base = server.url
    fac = Visitor(timeout=5)
    fac.log_in(base, "fac@example.org", PASSWORD)
    room = open_dot_vote(fac, base)
    with make_app().app_context():
        learners = {u.email: u.id for u in db.session.scalars(select(User).where(User.role == "learner"))}
    acks, stop = Acks(), threading.Event()

    def phone(i: int) -> None:
        me = Visitor(timeout=5)
        try:
            if join(me, base, room, f"Person {i}").status != 302:
                return
            token = me.get(base, f"/r/{room.code}").csrf()
        except DIED:
            return  # killed before this phone began voting: nothing sent
        for ballot, option in [(b, o) for b in (0, 1) for o in range(6)][:6]:
            if stop.is_set():
                return
            form = {"csrf_token": token, "ballot": ballot, "option": (option + i) % 6, "count": 1}
            item = ("dot", f"Person {i}", ballot, (option + i) % 6)
            acks.send(item)
            try:
                reply = me.post(base, f"/r/{room.code}/dots", form, HX)
            except DIED:
                return  # the server died mid-request: not acknowledged
            if reply.status == 200:
                acks.ack(item)

    def learner(i: int) -> None:
        uid = learners[f"learner{i}@example.org"]
        texts: list[str] = []
        acks.answers[uid] = (texts, -1)
        me = Visitor(timeout=5)
        try:
            me.log_in(base, f"learner{i}@example.org", PASSWORD)
            token = me.get(base, LESSON).csrf()
        except DIED:
            return  # killed before this learner began: nothing sent
        for n in range(1000):
            if stop.is_set():
                return
            texts.append(f"Draft {n}")
            attempt = secrets.token_urlsafe(18)
            acks.send(("attempt", uid, attempt))
            try:
                if me.post(base, ANSWER, {"csrf_token": token, "text": texts[-1]}, HX).status == 200:
                    acks.answers[uid] = (texts, n)
                if me.post(base, QUIZ, {"csrf_token": token, "attempt": attempt, "q-two-way": "true"}, HX).status == 200:
                    acks.ack(("attempt", uid, attempt))
            except DIED:
                return

    threads = [threading.Thread(target=phone, args=(i,)) for i in range(6)]
    threads += [threading.Thread(target=learner, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 30
    while len(acks.acked) < 20 and time.monotonic() < deadline:  # well into the activity
        time.sleep(0.05)
    server.kill()
    stop.set()
    for t in threads:
        t.join(30)

    after = snapshot(make_app, room.id)
    with make_app().app_context():
        names = dict(db.session.execute(select(Participant.id, Participant.name)).all())
    dots = {("dot", names[pid], ballot, option) for pid, ballot, option, _ in after["dots"]}
    attempts = {("attempt", uid, token) for uid, token, _ in after["attempts"]}
    stored = dots | attempts
    acked = {a for a in acks.acked if a[0] in ("dot", "attempt")}
    assert acked, "no write was acknowledged before the kill: the test proved nothing"
    assert acked <= stored, f"acknowledged but lost: {sorted(acked - stored)[:5]}"
    assert stored <= acks.sent  # and nothing stored that was never sent
    journal = {uid: text for uid, _, text in after["journal"]}
    for uid, (texts, last_acked) in acks.answers.items():
        if last_acked >= 0:  # the answer is the last one acknowledged, or the one sent after it (committed, answer lost)
            assert journal[uid] in texts[last_acked : last_acked + 2], (journal.get(uid), texts[last_acked:])
    assert_database_sound(make_app, database_url)
    server.start()  # and the server comes back on that database
    assert Projector(fac, base, room).poll() == len(after["dots"])


def test_a_write_is_there_when_the_server_dies_right_after_answering(server, make_app):
    me = Visitor()
    me.log_in(server.url, "learner1@example.org", PASSWORD)
    token = me.get(server.url, LESSON).csrf()
    assert me.post(server.url, ANSWER, {"csrf_token": token, "text": "Said just before the crash."}, HX).status == 200
    server.kill()  # at once: no time for anything the server might have left to do after answering
    with make_app().app_context():
        assert db.session.scalars(select(JournalEntry.text)).all() == ["Said just before the crash."]
