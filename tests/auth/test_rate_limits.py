"""Guessing is slowed down everywhere a secret is typed: passwords, the current password, emails at sign-up, room and cohort codes.

The counts live in the database (login_attempts), so they hold across worker processes and restarts:
the tests below use two app objects on one database, as two processes would. Waits grow and end by
themselves (toolbox/auth/limits.py); `later` moves the limits' clock instead of waiting.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD
from toolbox.auth import limits, services
from toolbox.auth.models import LoginAttempt, User, utcnow
from toolbox.cohorts.models import CohortMember
from toolbox.extensions import db

NEW = "a brand new secret"


@pytest.fixture
def second_process(make_app):
    """Another app on the same database: a second worker process."""
    return make_app()


@pytest.fixture
def later(monkeypatch):
    """Move the limits' clock on by some seconds (each call adds to the last)."""
    ahead = [0.0]

    def _later(seconds: float) -> None:
        ahead[0] += seconds
        monkeypatch.setattr(limits, "utcnow", lambda: utcnow() + timedelta(seconds=ahead[0]))

    return _later


def attempts(app, prefix: str = "") -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).where(LoginAttempt.key.startswith(prefix))) or 0


def wrong_login(client, email: str = "learner@example.org"):
    return client.post("/login", data={"email": email, "password": "not the password"})


def test_login_failures_count_across_processes_and_the_wait_grows_then_ends(app, second_process, make_user, login, later):
    make_user()
    for i in range(services.ACCOUNT.free):
        assert wrong_login((app if i % 2 else second_process).test_client()).status_code == 401
    for each in (app, second_process):
        response = login(c=each.test_client())
        assert response.status_code == 429 and "Too many failed attempts. Please wait 30 seconds" in response.get_data(as_text=True)
        assert response.headers["Retry-After"] == "30"
    later(31)
    assert wrong_login(app.test_client()).status_code == 401, "the wait is over: one more try"
    response = login(c=app.test_client())
    assert response.status_code == 429 and response.headers["Retry-After"] == "60", "and the next wait is twice as long"
    later(15 * 60)
    assert login(c=app.test_client()).status_code == 302, "the owner gets in once the short lock is over"


def test_failures_from_one_address_slow_down_new_browsers_not_those_that_logged_in_before(app, make_user, login, later):
    """An attacker beside a facilitator at a venue: their guesses must not lock the facilitator out."""
    make_user()
    colleague = app.test_client()
    assert login(c=colleague).status_code == 302
    colleague.post("/logout")
    attacker = app.test_client()
    for i in range(services.ADDRESS.free):
        assert wrong_login(attacker, f"guess{i}@example.org").status_code == 401
    assert wrong_login(attacker, "guess-more@example.org").status_code == 429
    assert login(c=colleague).status_code == 302, "this browser logged in to the account before"
    colleague.post("/logout")
    newcomer = app.test_client()
    response = login(c=newcomer)
    assert response.status_code == 429 and response.headers["Retry-After"] == "5", "a browser new to the account waits a few seconds"
    later(6)
    assert login(c=newcomer).status_code == 302
    other_address = app.test_client().post(
        "/login", data={"email": "learner@example.org", "password": PASSWORD}, environ_overrides={"REMOTE_ADDR": "192.0.2.7"}
    )
    assert other_address.status_code == 302


def test_a_successful_login_clears_the_account_count(app, make_user, login):
    make_user()
    for _ in range(services.ACCOUNT.free - 1):
        wrong_login(app.test_client())
    assert login(c=app.test_client()).status_code == 302
    assert attempts(app, "email:") == 0
    assert attempts(app, "ip:") == services.ACCOUNT.free - 1, "the successful attempt is not counted against the address"


def test_the_current_password_cannot_be_guessed_from_a_stolen_session(app, client, second_process, make_user, login):
    uid = make_user()
    login()
    wrong = {"current": "is it this one?", "password": NEW, "confirm": NEW}
    for _ in range(services.PASSWORD_CHECKS.free):
        response = client.post("/account", data=wrong)
        assert response.status_code == 422 and "current password is not right" in response.get_data(as_text=True)
    assert attempts(app, f"password:{uid}") == services.PASSWORD_CHECKS.free
    # Even the right one is refused for a while, from any process.
    other = second_process.test_client()
    login(c=other)
    response = other.post("/account", data={"current": PASSWORD, "password": NEW, "confirm": NEW})
    assert response.status_code == 429 and "Too many wrong passwords" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, uid).check_password(PASSWORD)


def test_a_password_change_clears_its_count(app, client, make_user, login):
    uid = make_user()
    login()
    client.post("/account", data={"current": "is it this one?", "password": NEW, "confirm": NEW})
    assert client.post("/account", data={"current": PASSWORD, "password": NEW, "confirm": NEW}).status_code == 302
    assert attempts(app, f"password:{uid}") == 0


def signup(client, email: str):
    return client.post("/signup", data={"name": "Ana", "email": email, "password": NEW, "confirm": NEW})


def test_probing_which_emails_have_accounts_through_signup_is_limited(app, second_process, make_user):
    make_user("taken@example.org")
    for i in range(services.SIGNUP.free):
        response = signup((app if i % 2 else second_process).test_client(), "taken@example.org")
        assert response.status_code == 422 and "already exists" in response.get_data(as_text=True)
    response = signup(app.test_client(), "free@example.org")
    assert response.status_code == 429 and "Too many attempts" in response.get_data(as_text=True)
    assert "already exists" not in signup(app.test_client(), "taken@example.org").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1
    elsewhere = app.test_client().post(
        "/signup",
        data={"name": "B", "email": "free@example.org", "password": NEW, "confirm": NEW},
        environ_overrides={"REMOTE_ADDR": "192.0.2.8"},
    )
    assert elsewhere.status_code == 302


def test_many_signups_from_one_venue_are_fine(app):
    """Only failures count: a workshop where everyone signs up from one network is not blocked."""
    for i in range(services.SIGNUP.free + 2):
        assert signup(app.test_client(), f"person{i}@example.org").status_code == 302


# Cohort codes


@pytest.fixture
def cohort_code(app, make_user):
    from toolbox.cohorts import services as cohorts

    fid = make_user("fatou@example.org", "facilitator")
    with app.app_context():
        cohort = cohorts.create_cohort(db.session.get(User, fid), "Group")
        db.session.commit()
        return cohort.code


def test_cohort_codes_are_limited_per_learner_across_processes(app, second_process, make_user, login, cohort_code):
    from toolbox.cohorts import services as cohorts

    make_user()
    one, two = app.test_client(), second_process.test_client()
    login(c=one)
    login(c=two)
    for i in range(cohorts.LEARNER_CODES.free):
        assert (one if i % 2 else two).post("/cohorts/join", data={"code": f"WRONG{i:03d}"}).status_code == 422
    response = one.post("/cohorts/join", data={"code": cohort_code})
    assert response.status_code == 429 and "Too many wrong codes" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CohortMember)) == 0


def test_cohort_codes_are_limited_per_address_too(app, make_user, login, cohort_code):
    """New accounts do not buy new guesses: wrong codes also count per address."""
    from toolbox.cohorts import services as cohorts

    guesses = 0
    account = 0
    while guesses < cohorts.ADDRESS_CODES.free:
        account += 1
        make_user(f"sock{account}@example.org")
        c = app.test_client()
        login(f"sock{account}@example.org", c=c)
        for _ in range(min(cohorts.LEARNER_CODES.free, cohorts.ADDRESS_CODES.free - guesses)):
            assert c.post("/cohorts/join", data={"code": "NOTACODE"}).status_code == 422
            guesses += 1
    make_user("fresh@example.org")
    c = app.test_client()
    login("fresh@example.org", c=c)
    assert c.post("/cohorts/join", data={"code": cohort_code}).status_code == 429
    elsewhere = app.test_client()
    login("fresh@example.org", c=elsewhere)
    assert elsewhere.post("/cohorts/join", data={"code": cohort_code}, environ_overrides={"REMOTE_ADDR": "192.0.2.9"}).status_code == 303


# Room codes


@pytest.fixture
def room_code(app, make_user, login):
    make_user("fac@example.org", "facilitator")
    fac = app.test_client()
    login("fac@example.org", c=fac)
    room_id = int(fac.post("/activities/demo/1-vote/run").headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        from toolbox.rooms.models import Room

        return db.session.get(Room, room_id).code


def test_room_codes_typed_on_join_are_limited_across_processes(app, second_process, room_code):
    from toolbox.rooms.views import WRONG_CODES

    for i in range(WRONG_CODES.free):
        assert (app if i % 2 else second_process).test_client().post("/join", data={"code": "QQQQQ"}).status_code == 404
    response = app.test_client().post("/join", data={"code": room_code})
    assert response.status_code == 429 and "Too many wrong codes" in response.get_data(as_text=True)


def test_room_codes_cannot_be_guessed_through_the_room_address_either(app, room_code):
    """/r/<code> used to answer 404 or 200 without limit: a way round the limit on /join."""
    from toolbox.rooms.views import WRONG_CODES

    phone = app.test_client()
    for _ in range(WRONG_CODES.free):
        assert phone.get("/r/QQQQQ").status_code == 404
    for path, method in (
        (f"/r/{room_code}", "get"),
        ("/r/QQQQQ", "get"),
        (f"/r/{room_code}/join", "post"),
        (f"/r/{room_code}/dots", "post"),
    ):
        response = getattr(phone, method)(path, data={"name": "Ana"} if method == "post" else None)
        assert response.status_code == 429, path  # the same answer whether or not the room exists
        assert "Too many attempts" in response.get_data(as_text=True)
    assert app.test_client().get(f"/r/{room_code}", environ_overrides={"REMOTE_ADDR": "192.0.2.10"}).status_code == 200


def test_participants_already_in_the_room_are_never_limited(app, room_code):
    from toolbox.rooms.views import WRONG_CODES

    phone = app.test_client()
    assert phone.post(f"/r/{room_code}/join", data={"name": "Ana"}).status_code == 302
    for _ in range(WRONG_CODES.free):
        app.test_client().post("/join", data={"code": "QQQQQ"})  # someone else on the same venue network mistypes
    assert phone.get(f"/r/{room_code}").status_code == 200
    assert phone.post(f"/r/{room_code}/dots", data={"ballot": 0, "option": 0, "count": 1}).status_code == 302  # (voting is not open yet)


# Races: the limit counts each attempt before answering it, under a lock on its key.


def at_once(n: int, attempt) -> list[int]:
    """Send `n` attempts from `n` threads released together; their status codes."""
    gate = threading.Barrier(n)
    codes: list[int] = []

    def one(i: int) -> None:
        gate.wait()
        codes.append(attempt(i))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(codes) == n
    return codes


def test_parallel_password_guesses_get_no_more_checks_than_the_limit(app, make_user, monkeypatch):
    make_user()
    checks = []
    real = User.check_password
    monkeypatch.setattr(User, "check_password", lambda self, password: checks.append(1) or real(self, password))
    codes = at_once(30, lambda i: wrong_login(app.test_client()).status_code)
    assert sorted(set(codes)) == [401, 429]
    assert len(checks) == codes.count(401) == services.ACCOUNT.free


def test_parallel_room_code_guesses_get_no_more_answers_than_the_limit(app, room_code):
    from toolbox.rooms.views import WRONG_CODES

    codes = at_once(WRONG_CODES.free + 10, lambda i: app.test_client().post("/join", data={"code": f"QQ{i:03d}"}).status_code)
    assert codes.count(404) == WRONG_CODES.free and codes.count(429) == 10
