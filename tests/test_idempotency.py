"""A client that sends the same action again (its first answer lost to a timeout) does not double it.

One test per write endpoint: the same form, sent twice, leaves the data as one sending did. Each write is
either idempotent by nature (it sets a state: dots set a count, a journal answer is an upsert, a done
mark keeps its first date) or carries the form's own key (a quiz attempt's token, a join's key). The
few that still repeat would be marked as known gaps (xfail, strict: the mark must go when they are fixed).
"""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD
from tests.workshops.conftest import SESSION, WORKSHOP
from toolbox.auth.models import User
from toolbox.cohorts import services as cohorts
from toolbox.cohorts.models import Cohort, CohortMember
from toolbox.extensions import db
from toolbox.journal.models import JournalEntry
from toolbox.progress.models import TopicProgress
from toolbox.quizzes.models import QuizAttempt
from toolbox.rooms import identity
from toolbox.rooms import services as rooms
from toolbox.rooms.models import Dot, Participant, Room
from toolbox.workshops.models import ProgrammeItem, Workshop, WorkshopSession

HX = {"HX-Request": "true"}
TOPIC = "/modules/demo/first-topic"
KEY = "k" * 24
VOTE_TITLE = "Vote on the sectors"  # the fixture guide demo/1-vote


def twice(client, path: str, data: dict, headers=None):
    first = client.post(path, data=data, headers=headers)
    again = client.post(path, data=data, headers=headers)
    return first, again


def count(app, query) -> int:
    with app.app_context():
        return db.session.scalar(query)


def rows(app, model, *where) -> int:
    return count(app, select(func.count()).select_from(model).where(*where))


@pytest.fixture
def room(app, as_user):
    """A dot-voting room (demo/1-vote) open for votes: (facilitator's client, room id, code)."""
    _, fac = as_user("fac@example.org", "facilitator")
    response = fac.post("/activities/demo/1-vote/run")
    room_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert fac.post(f"/rooms/{room_id}/moves", data={"move": "open"}, headers=HX).status_code == 200
    with app.app_context():
        return fac, room_id, db.session.get(Room, room_id).code


def participant_of(app, client, room_id: int) -> int | None:
    with app.test_request_context(headers={"Cookie": f"{identity.COOKIE}={client.get_cookie(identity.COOKIE).value}"}):
        return identity.participant_id(room_id)


# Participants


def test_a_join_sent_again_returns_the_same_participant(app, room):
    _, room_id, code = room
    phone = app.test_client()
    first = phone.post(f"/r/{code}/join", data={"name": "Ana", "key": KEY})
    me = participant_of(app, phone, room_id)
    lost = app.test_client()  # the first answer (with its cookie) never arrived: the phone sends the same form again
    again = lost.post(f"/r/{code}/join", data={"name": "Ana", "key": KEY})
    assert first.status_code == again.status_code == 302
    assert participant_of(app, lost, room_id) == me
    assert rows(app, Participant, Participant.room_id == room_id) == 1
    other = app.test_client().post(f"/r/{code}/join", data={"name": "Ana", "key": "x" * 24})  # another phone, another form
    assert other.status_code == 302 and rows(app, Participant, Participant.room_id == room_id) == 2


def test_the_join_form_carries_a_fresh_key_each_time(app, room):
    _, _, code = room
    pages = [app.test_client().get(f"/r/{code}").get_data(as_text=True) for _ in range(2)]
    keys = [page.split('name="key" value="', 1)[1].split('"', 1)[0] for page in pages]
    assert len(set(keys)) == 2 and all(len(k) >= 16 for k in keys)


def test_a_malformed_join_key_is_refused_with_a_message(app, room):
    _, room_id, code = room
    response = app.test_client().post(f"/r/{code}/join", data={"name": "Ana", "key": "<script>"})
    assert response.status_code == 422 and "Please reload the page." in response.get_data(as_text=True)
    assert rows(app, Participant, Participant.room_id == room_id) == 0


def test_copies_of_one_join_sent_at_the_same_moment_make_one_participant(app, room):
    """Eight threads send the same form at once: the room's lock orders them, the key makes them one."""
    _, room_id, _ = room
    barrier, ids, errors = threading.Barrier(8), [], []

    def send() -> None:
        with app.app_context():
            barrier.wait()
            try:
                ids.append(rooms.join(db.session.get(Room, room_id), "Ana", key=KEY).id)
                db.session.commit()
            except Exception as exc:  # noqa: BLE001 (reported below)
                errors.append(repr(exc))

    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == [] and len(set(ids)) == 1
    assert rows(app, Participant, Participant.room_id == room_id) == 1


def test_dots_sent_again_set_the_same_count(app, room):
    _, room_id, code = room
    phone = app.test_client()
    phone.post(f"/r/{code}/join", data={"name": "Ana", "key": KEY})
    first, again = twice(phone, f"/r/{code}/dots", {"ballot": 0, "option": 1, "count": 1}, HX)
    assert first.status_code == again.status_code == 200
    assert rows(app, Dot, Dot.room_id == room_id) == 1


# Facilitators' room controls: a state is set, or the move is refused the second time with a message.


@pytest.mark.parametrize(
    ("path", "data", "done"),
    [
        ("results-mode", {"results": "live"}, lambda r: r.state["results"] == "live"),
        ("options", {"options": "One\nTwo\nThree"}, lambda r: r.settings["options"] == ["One", "Two", "Three"]),
        ("close", {}, lambda r: r.closed),
    ],
)
def test_room_settings_sent_again_leave_the_same_setting(app, as_user, path, data, done):
    _, fac = as_user("fac@example.org", "facilitator")
    room_id = int(fac.post("/activities/demo/1-vote/run").headers["Location"].rsplit("/", 1)[1])
    first, again = twice(fac, f"/rooms/{room_id}/{path}", data, HX)
    assert first.status_code == again.status_code == 200
    with app.app_context():
        assert done(db.session.get(Room, room_id))


def test_a_move_sent_again_is_refused_and_changes_nothing(app, room):
    fac, room_id, _ = room
    first, again = twice(fac, f"/rooms/{room_id}/moves", {"move": "lock"}, HX)
    assert first.status_code == 200 and again.status_code == 422
    with app.app_context():
        assert db.session.get(Room, room_id).phase == "locked"


def test_removing_a_participant_again_changes_nothing(app, room):
    fac, room_id, code = room
    app.test_client().post(f"/r/{code}/join", data={"name": "Ana", "key": KEY})
    with app.app_context():
        pid = db.session.scalar(select(Participant.id).where(Participant.room_id == room_id))
    first, again = twice(fac, f"/rooms/{room_id}/participants/{pid}/remove", {}, HX)
    assert first.status_code == 200 and again.status_code == 422
    assert rows(app, Participant, Participant.room_id == room_id, Participant.removed.is_(True)) == 1


def test_starting_the_timer_again_restarts_it_instead_of_adding(app, room):
    fac, room_id, _ = room
    twice(fac, f"/rooms/{room_id}/timer", {"op": "start", "minutes": 5}, HX)
    with app.app_context():
        assert rooms.timer(db.session.get(Room, room_id)).remaining <= 5 * 60


def test_adding_a_minute_sent_again_adds_one_minute(app, room):
    fac, room_id, _ = room
    page = fac.get(f"/rooms/{room_id}").get_data(as_text=True)
    assert 'name="key" value="' in page  # the console's timer form carries its key
    fac.post(f"/rooms/{room_id}/timer", data={"op": "start", "minutes": 5}, headers=HX)
    twice(fac, f"/rooms/{room_id}/timer", {"op": "add", "key": "plus-one-" + "a" * 12}, HX)
    with app.app_context():
        assert rooms.timer(db.session.get(Room, room_id)).total == 6 * 60
    fac.post(f"/rooms/{room_id}/timer", data={"op": "add", "key": "plus-one-" + "b" * 12}, headers=HX)  # a new click adds
    with app.app_context():
        assert rooms.timer(db.session.get(Room, room_id)).total == 7 * 60


def test_the_projector_timer_toggle_sent_again_does_not_undo_itself(app, room):
    fac, room_id, _ = room
    fac.post(f"/rooms/{room_id}/timer", data={"op": "start", "minutes": 5}, headers=HX)
    twice(fac, f"/rooms/{room_id}/timer", {"op": "toggle", "view": "projector", "key": "toggle-" + "c" * 14}, HX)
    with app.app_context():
        assert not rooms.timer(db.session.get(Room, room_id)).running  # paused once, not paused then resumed


def test_run_live_sent_again_opens_one_room(app, as_user):
    _, fac = as_user("fac@example.org", "facilitator")
    assert 'name="key" value="' in fac.get("/activities/demo/1-vote").get_data(as_text=True)
    first, again = twice(fac, "/activities/demo/1-vote/run", {"key": "run-live-" + "d" * 12})
    assert first.headers["Location"] == again.headers["Location"]
    assert rows(app, Room) == 1
    fac.post("/activities/demo/1-vote/run", data={"key": "run-live-" + "e" * 12})  # another click: another room
    assert rows(app, Room) == 2


# Learners


def test_a_journal_answer_sent_again_is_one_entry_with_that_text(app, client, learner):
    uid = learner
    first, again = twice(client, "/journal/demo/first-topic/local-context/effects", {"text": "Our town changed."}, HX)
    assert first.status_code == again.status_code == 200
    with app.app_context():
        assert db.session.scalars(select(JournalEntry.text).where(JournalEntry.user_id == uid)).all() == ["Our town changed."]


def test_sharing_sent_again_keeps_it_shared(app, client, learner):
    uid = learner
    client.post("/journal/demo/first-topic/local-context/effects", data={"text": "Ours"}, headers=HX)
    first, again = twice(client, "/journal/demo/first-topic/local-context/effects/share", {"shared": "yes"}, HX)
    assert first.status_code == again.status_code == 200
    assert rows(app, JournalEntry, JournalEntry.user_id == uid, JournalEntry.shared.is_(True)) == 1


def test_a_quiz_attempt_sent_again_is_stored_once(app, client, learner):
    uid = learner
    first, again = twice(client, TOPIC + "/quiz", {"attempt": KEY, "q-where": "a"}, HX)
    assert first.status_code == again.status_code == 200
    assert "You answered 1 of 3" in again.get_data(as_text=True)
    assert rows(app, QuizAttempt, QuizAttempt.user_id == uid) == 1


def test_done_sent_again_keeps_one_mark_and_its_first_date(app, client, learner):
    uid = learner
    client.post("/learning/demo/first-topic/done", data={"done": "yes"}, headers=HX)
    with app.app_context():
        first = db.session.scalar(select(TopicProgress.done_at).where(TopicProgress.user_id == uid))
    assert client.post("/learning/demo/first-topic/done", data={"done": "yes"}, headers=HX).status_code == 200
    with app.app_context():
        assert db.session.scalars(select(TopicProgress.done_at).where(TopicProgress.user_id == uid)).all() == [first]


# Accounts and cohorts


def test_a_sign_up_sent_again_makes_one_account_and_says_so(app, client):
    form = {"email": "new@example.org", "name": "New", "password": PASSWORD, "confirm": PASSWORD}
    assert client.post("/signup", data=form).status_code == 302
    again = app.test_client().post("/signup", data=form)  # the first answer (and its cookie) was lost
    assert again.status_code == 422 and "already exists" in again.get_data(as_text=True)
    assert rows(app, User, User.email == "new@example.org") == 1


def test_logging_out_everywhere_sent_again_ends_the_sessions_once(app, client, learner):
    uid = learner
    with app.app_context():
        epoch = db.session.get(User, uid).session_epoch
    first, again = twice(client, "/account/logout-everywhere", {})
    assert first.status_code == again.status_code == 302
    with app.app_context():
        assert db.session.get(User, uid).session_epoch == epoch + 1


def test_joining_a_cohort_sent_again_is_one_membership(app, as_user, client, learner):
    fid, _ = as_user("fatou@example.org", "facilitator")
    with app.app_context():
        code = cohorts.create_cohort(db.session.get(User, fid), "Workshop").code
        db.session.commit()
    uid = learner
    first, again = twice(client, "/cohorts/join", {"code": code})
    assert first.status_code == again.status_code == 303
    assert rows(app, CohortMember, CohortMember.user_id == uid) == 1


def key_in(page: str) -> str:
    """The key of the (first) creating form on a page."""
    return re.search(r'<input[^>]*name="key"[^>]*value="([^"]+)"', page).group(1)


def test_creating_a_cohort_sent_again_makes_one_cohort(app, as_user):
    _, fac = as_user("fatou@example.org", "facilitator")
    pages = [fac.get("/cohorts/").get_data(as_text=True) for _ in range(2)]
    assert key_in(pages[0]) != key_in(pages[1])  # a fresh key each time the form is drawn
    form = {"name": "Workshop", "key": key_in(pages[0])}
    sent = [fac.post("/cohorts/", data=form) for _ in range(3)]  # a triple click, or retries after timeouts
    assert {r.status_code for r in sent} == {303} and len({r.headers["Location"] for r in sent}) == 1
    assert rows(app, Cohort) == 1
    assert fac.post("/cohorts/", data={**form, "key": key_in(pages[1])}).status_code == 303  # another form: another cohort
    assert rows(app, Cohort) == 2


def test_a_malformed_form_key_is_refused_with_a_message(app, as_user):
    _, fac = as_user("fatou@example.org", "facilitator")
    response = fac.post("/cohorts/", data={"name": "Workshop", "key": "<script>"})
    assert response.status_code == 422 and "This form has expired: reload the page and try again." in response.get_data(as_text=True)
    assert rows(app, Cohort) == 0


def test_copies_of_one_cohort_form_sent_at_the_same_moment_make_one_cohort(app, make_user):
    """Six threads send the same form at once: SQLite queues them, PostgreSQL's unique index stops all but one."""
    fid = make_user("fatou@example.org", "facilitator")
    barrier, ids, errors = threading.Barrier(6), [], []

    def send() -> None:
        with app.app_context():
            barrier.wait()
            try:
                ids.append(cohorts.create_cohort(db.session.get(User, fid), "Workshop", key=KEY).id)
                db.session.commit()
            except Exception as exc:  # noqa: BLE001 (reported below)
                errors.append(repr(exc))

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == [] and len(set(ids)) == 1
    assert rows(app, Cohort) == 1


# The workshop planner


def test_creating_a_workshop_sent_again_makes_one_workshop(app, as_user):
    _, fac = as_user("fac@example.org", "facilitator")
    form = {**WORKSHOP, "timezone": "UTC", "key": key_in(fac.get("/workshops/new").get_data(as_text=True))}
    sent = [fac.post("/workshops/new", data=form) for _ in range(3)]
    assert {r.status_code for r in sent} == {303} and len({r.headers["Location"] for r in sent}) == 1
    assert rows(app, Workshop) == 1


@pytest.fixture
def planned(app, as_user):
    """A facilitator's client and the id of their workshop, planned through the page."""
    _, fac = as_user("fac@example.org", "facilitator")
    response = fac.post("/workshops/new", data={**WORKSHOP, "timezone": "UTC"})
    return fac, int(response.headers["Location"].rsplit("/", 1)[1])


def test_adding_a_session_sent_again_makes_one_session(app, planned):
    fac, wid = planned
    form = {**SESSION, "key": key_in(fac.get(f"/workshops/{wid}/sessions/new").get_data(as_text=True))}
    sent = [fac.post(f"/workshops/{wid}/sessions/new", data=form) for _ in range(3)]
    assert {r.status_code for r in sent} == {303} and len({r.headers["Location"] for r in sent}) == 1
    assert rows(app, WorkshopSession) == 1


def test_adding_a_programme_item_sent_again_adds_it_once(app, planned):
    fac, wid = planned
    response = fac.post(f"/workshops/{wid}/sessions/new", data=SESSION)
    sid = int(response.headers["Location"].rsplit("#session-", 1)[1])
    page = fac.get(f"/workshops/{wid}/sessions/{sid}/items/new").get_data(as_text=True)
    pick, free_key = key_in(page), key_in(page[page.index('id="free-item"') :])  # a key per guide's button, one for a free item
    assert pick != free_key and pick != key_in(fac.get(f"/workshops/{wid}/sessions/{sid}/items/new").get_data(as_text=True))
    activity = {"activity": "demo/1-vote", "key": pick}
    free = {"title": "Coffee break", "minutes": "15", "key": free_key}
    for path, form in ((f"/workshops/{wid}/sessions/{sid}/items", activity), (f"/workshops/{wid}/sessions/{sid}/items/free", free)):
        assert {fac.post(path, data=form).status_code for _ in range(3)} == {303}
    with app.app_context():
        assert db.session.scalars(select(ProgrammeItem.title).order_by(ProgrammeItem.position)).all() == [VOTE_TITLE, "Coffee break"]
    fac.post(f"/workshops/{wid}/sessions/{sid}/items", data={**activity, "key": "another-click-" + "f" * 8})  # the guide again
    assert rows(app, ProgrammeItem) == 3
