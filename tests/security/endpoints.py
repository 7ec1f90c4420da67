"""Every endpoint of the app, classified once: who may use it, and what a permitted user would POST.

The authorisation matrix (test_access.py), the hostile-input properties (test_hostile_input.py) and the CSRF
sweep (test_csrf.py) all read ENDPOINTS and fail on an endpoint of `app.url_map` that is not in it
("classify this endpoint"), so a new view cannot ship untested.

ADDING AN ENDPOINT is one line in ENDPOINTS, for example:

    "rooms.add_note": E(IN_ROOM, post={"text": "A note"}),
    "rooms.rename": E(OWN_ROOM, post={"title": "New title"}, phase="voting"),
    "planner.plans": E(FACILITATOR),                      # GET only: no post

- The first argument is the access rule (RULES below, in words in docs/reliability.md). If none fits, add a
  Rule: its table says, for each actor and target (own room / another facilitator's…), what must happen.
- `post=` is the form a permitted user sends (a dict, or a function of the Scene): the matrix sends it and
  checks that it worked, the hostile tests mutate it, the CSRF sweep sends it without a token.
- URL arguments are filled by name from Scene.args() (room_id, code, participant_id, cohort_id, user_id,
  workshop_id, session_id, item_id, module, topic, activity, reflection, question, fmt, filename, name); a new
  argument name needs one entry there, or `args=` on the endpoint (e.g. the method action of a room).
- Optional: `phase="voting"` puts the scene's rooms in that phase first; `expect={(actor, target): outcome}`
  overrides the rule for one cell; `no_effect=` lists actors (or (actor, target) pairs) whose permitted
  request legitimately stores nothing; `fuzz_as=` picks who the hostile tests post as.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response
from sqlalchemy import select

from tests.conftest import FAST_HASH, PASSWORD
from toolbox.auth.models import User
from toolbox.extensions import db

ANONYMOUS, PARTICIPANT, LEARNER, FACILITATOR, AUTHOR, ADMIN = "anonymous", "participant", "learner", "facilitator", "author", "admin"
ACTORS = (ANONYMOUS, PARTICIPANT, LEARNER, FACILITATOR, AUTHOR, ADMIN)
OK, LOGIN, FORBIDDEN, HIDDEN = "ok", "login", "403", "404"


@dataclass(frozen=True)
class Rule:
    """An access rule: for each actor and target, the outcome (OK, LOGIN, FORBIDDEN or HIDDEN)."""

    name: str
    words: str
    targets: tuple[str, ...]
    table: Callable[[str, str], str]


def _accounts(then: Callable[[str, str], str]) -> Callable[[str, str], str]:
    """Anonymous visitors and participants (who have no account) are sent to log in."""
    return lambda actor, target: LOGIN if actor in (ANONYMOUS, PARTICIPANT) else then(actor, target)


PUBLIC = Rule("public", "everyone, logged in or not", ("-",), lambda a, t: OK)
LOGGED_IN = Rule("logged in", "any account, acting only on its own data; others are sent to log in", ("-",), _accounts(lambda a, t: OK))
FACILITATOR_ROLE = Rule(
    "facilitator",
    "facilitators, authors and admins (roles rank learner < facilitator < author < admin); learners get 403",
    ("-",),
    _accounts(lambda a, t: FORBIDDEN if a == LEARNER else OK),
)
OWN_ROOM = Rule(
    "own room",
    "the facilitator who opened the room, its co-facilitators (tests/rooms/test_facilitators.py), and admins; anyone else with an account gets 403",
    ("own", "other's"),
    _accounts(lambda a, t: OK if a == ADMIN or (a == FACILITATOR and t == "own") else FORBIDDEN),
)
OWN_COHORT = Rule(
    "own cohort",
    "only the facilitator who created the cohort (admins included: 404, its existence is not revealed); learners 403",
    ("own", "other's"),
    _accounts(lambda a, t: FORBIDDEN if a == LEARNER else OK if (a == FACILITATOR and t == "own") else HIDDEN),
)
COHORT_MEMBER = Rule(
    "member of own cohort",
    "only the cohort's facilitator, and only for its members (another cohort, or someone not in it: 404); learners 403",
    ("member of own", "not a member", "other's"),
    _accounts(lambda a, t: FORBIDDEN if a == LEARNER else OK if (a == FACILITATOR and t == "member of own") else HIDDEN),
)
IN_ROOM = Rule(
    "participant",
    "only a participant who joined this room (known by the signed room cookie); everyone else, facilitator included, 403",
    ("joined", "not joined"),
    lambda a, t: OK if a == PARTICIPANT and t == "joined" else FORBIDDEN,
)
OWN_WORKSHOP = Rule(
    "own workshop",
    "the facilitator who planned the workshop, and admins; other facilitators and authors 404 (its existence is not revealed); learners 403",
    ("own", "other's"),
    _accounts(lambda a, t: FORBIDDEN if a == LEARNER else OK if a == ADMIN or (a == FACILITATOR and t == "own") else HIDDEN),
)
RULES = (PUBLIC, LOGGED_IN, FACILITATOR_ROLE, OWN_ROOM, OWN_COHORT, COHORT_MEMBER, IN_ROOM, OWN_WORKSHOP)


@dataclass(frozen=True)
class E:
    """One endpoint: its access rule and, for POST endpoints, what a permitted user sends."""

    rule: Rule
    post: dict[str, Any] | Callable[[Scene], dict[str, Any]] | None = None
    phase: str | None = None
    expect: dict[tuple[str, str], str] = field(default_factory=dict)
    no_effect: tuple[str | tuple[str, str], ...] = ()
    fuzz_as: str | None = None
    args: dict[str, Any] | Callable[[Scene, str], dict[str, Any]] | None = None  # URL arguments of this endpoint only
    # An accepted post leaves the scene as good as new for the next one (a report saved again): the
    # hostile-input tests then keep it rather than building a fresh one (a third of their time).
    repeatable: bool = False

    def url_args(self, scene: Scene, target: str) -> dict[str, Any]:
        return dict(self.args(scene, target) if callable(self.args) else self.args or {})

    def outcome(self, actor: str, target: str) -> str:
        return self.expect.get((actor, target), self.rule.table(actor, target))

    def payload(self, scene: Scene) -> dict[str, Any]:
        return dict(self.post(scene) if callable(self.post) else self.post or {})

    def stores(self, actor: str, target: str) -> bool:
        """Whether a permitted request by this actor must change the database."""
        return self.post is not None and actor not in self.no_effect and (actor, target) not in self.no_effect

    def hostile_actor(self) -> str:
        """Who the hostile-input tests post as: someone the endpoint lets in, so the form itself is attacked."""
        if self.fuzz_as:
            return self.fuzz_as
        return next(a for a in (LEARNER, FACILITATOR, PARTICIPANT, ANONYMOUS, AUTHOR, ADMIN) if self.outcome(a, self.rule.targets[0]) == OK)


_emails = itertools.count(1)
LOGGED_IN_ACTORS = (LEARNER, FACILITATOR, AUTHOR, ADMIN)
ANSWER_QUIZ = {"q-where": "a", "q-which": ["case", "note"], "q-raw": "false"}

ENDPOINTS: dict[str, E] = {
    "static": E(PUBLIC),
    # lessons and guides
    "lessons.home": E(PUBLIC),
    "lessons.module": E(PUBLIC),
    "lessons.topic": E(PUBLIC),
    "lessons.figure": E(PUBLIC),  # a published lesson's figure (drafts' figures: tests/lessons/test_figures.py)
    "activities.index": E(PUBLIC),
    "activities.guide": E(PUBLIC),
    # accounts
    "auth.signup": E(
        PUBLIC,
        post=lambda s: {
            "name": "New",
            "email": f"new{next(_emails)}@example.org",
            "password": "long enough pw",
            "confirm": "long enough pw",
        },
        no_effect=LOGGED_IN_ACTORS,
        fuzz_as=ANONYMOUS,
    ),
    "auth.login": E(PUBLIC, post={"email": "login@example.org", "password": PASSWORD}, no_effect=ACTORS, fuzz_as=ANONYMOUS),
    "auth.logout": E(PUBLIC, post={}, no_effect=(ANONYMOUS, PARTICIPANT)),
    "auth.account": E(LOGGED_IN, post={"current": PASSWORD, "password": "another long pw", "confirm": "another long pw"}),
    "auth.logout_everywhere": E(LOGGED_IN, post={}),
    # learners
    "quizzes.check": E(
        PUBLIC, post=lambda s: {**ANSWER_QUIZ, "attempt": f"matrix-attempt-{next(_emails):08d}"}, no_effect=(ANONYMOUS, PARTICIPANT)
    ),
    "quizzes.attempts": E(LOGGED_IN),
    "progress.learning": E(LOGGED_IN),
    "progress.done": E(LOGGED_IN, post={"done": "yes"}),
    "progress.certificate": E(LOGGED_IN),
    "journal.index": E(LOGGED_IN),
    "journal.save": E(LOGGED_IN, post={"text": "My own answer"}),
    "journal.share": E(LOGGED_IN, post={"shared": "yes"}),
    "journal.export": E(LOGGED_IN),
    "journal.printable": E(LOGGED_IN),
    # cohorts
    "cohorts.index": E(FACILITATOR_ROLE, post={"name": "A new cohort"}),
    "cohorts.cohort": E(OWN_COHORT),
    "cohorts.export": E(OWN_COHORT),
    "cohorts.member": E(COHORT_MEMBER),
    "cohorts.renew_code": E(OWN_COHORT, post={}),
    "cohorts.remove": E(COHORT_MEMBER, post={}, expect={(FACILITATOR, "not a member"): OK}, no_effect=((FACILITATOR, "not a member"),)),
    "cohorts.join": E(LOGGED_IN, post=lambda s: {"code": s.cohorts["other's"].code}),
    "cohorts.leave": E(LOGGED_IN, post={}, no_effect=(FACILITATOR, AUTHOR, ADMIN)),  # only the learner is in the cohort
    # live rooms: facilitators
    "rooms.run": E(FACILITATOR_ROLE, post={}),
    "rooms.sessions": E(FACILITATOR_ROLE),
    "rooms.console": E(OWN_ROOM),
    "rooms.projector": E(OWN_ROOM),
    "rooms.qr": E(OWN_ROOM),
    "rooms.export": E(OWN_ROOM),
    "rooms.make_move": E(OWN_ROOM, post={"move": "next"}),
    "rooms.control_timer": E(OWN_ROOM, post={"op": "start", "minutes": "5"}),
    # a method's own actions (here the fixture's dot vote): POST /rooms/<id>/<action>, /r/<code>/<action>
    "rooms.facilitator_action": E(OWN_ROOM, post={"options": "Health\nHousing\nJobs"}, args={"action": "options"}),
    "rooms.remove": E(OWN_ROOM, post={}),
    "rooms.facilitators": E(OWN_ROOM, post={"op": "add", "email": "author@example.org"}),
    "rooms.close": E(OWN_ROOM, post={}),
    # live rooms: participants
    "rooms.join_code": E(PUBLIC, post=lambda s: {"code": s.rooms["own"].code.lower()}, no_effect=ACTORS),
    "rooms.participant": E(PUBLIC),
    "rooms.join": E(PUBLIC, post={"name": "Zoë"}),
    "rooms.participant_action": E(IN_ROOM, post={"ballot": "0", "option": "1", "count": "1"}, phase="voting", args={"action": "dots"}),
    # workshops: the planner and the rapporteurs' reports
    "workshops.index": E(FACILITATOR_ROLE),
    "workshops.new": E(FACILITATOR_ROLE, post=lambda s: {**WORKSHOP_FORM}),
    "workshops.workshop": E(OWN_WORKSHOP),
    "workshops.edit": E(OWN_WORKSHOP, post=lambda s: {**WORKSHOP_FORM, "title": "Renamed"}),
    "workshops.delete": E(OWN_WORKSHOP, post={}),
    "workshops.day": E(OWN_WORKSHOP),
    "workshops.agenda": E(OWN_WORKSHOP),
    "workshops.new_session": E(OWN_WORKSHOP, post=lambda s: {**SESSION_FORM}),
    "workshops.edit_session": E(OWN_WORKSHOP, post=lambda s: {**SESSION_FORM, "title": "Moved session"}),
    "workshops.delete_session": E(OWN_WORKSHOP, post={}),
    "workshops.pick": E(OWN_WORKSHOP),
    "workshops.add_activity": E(OWN_WORKSHOP, post={"activity": "demo/1-vote"}),
    "workshops.add_free_item": E(OWN_WORKSHOP, post={"title": "Coffee break", "minutes": "15"}),
    "workshops.edit_item": E(OWN_WORKSHOP, post={"title": "Longer talk", "minutes": "25"}),
    "workshops.move_item": E(OWN_WORKSHOP, post={"direction": "down"}),
    "workshops.remove_item": E(OWN_WORKSHOP, post={}),
    "workshops.open_room": E(
        OWN_WORKSHOP, post={}, args=lambda s, t: {"item_id": s.workshops["other's" if t == "other's" else "own"].vote}
    ),
    "reports.report": E(OWN_WORKSHOP, post=lambda s: {**REPORT_FORM}, repeatable=True),
    "reports.fill": E(OWN_WORKSHOP, post=lambda s: {**REPORT_FORM}, repeatable=True),
    "reports.export": E(OWN_WORKSHOP),
    "reports.printable": E(OWN_WORKSHOP),
    "reports.export_all": E(OWN_WORKSHOP),
    "reports.print_all": E(OWN_WORKSHOP),
}
WORKSHOP_FORM = {
    "title": "Migration in local plans",
    "place": "Dakar",
    "starts_on": "2026-06-12",
    "ends_on": "2026-06-12",
    "timezone": "UTC",
}
SESSION_FORM = {
    "title": "Session 1",
    "day": "2026-06-12",
    "starts_at": "09:00",
    "ends_at": "10:30",
    "facilitator": "Amina",
    "rapporteur": "Guy",
}
REPORT_FORM = {
    "rapporteur": "Guy",
    "summary": "What we discussed",
    "challenges": "",
    "opportunities": "",
    "finding_1": "One",
    "finding_2": "",
    "finding_3": "",
    "relevance": "",
    "quotes": "",
    "other_names": "",
}


# The world: the people of the matrix, and fresh rooms and cohorts for each request.

USERS = {
    LEARNER: "learner@example.org",
    FACILITATOR: "fac@example.org",
    AUTHOR: "author@example.org",
    ADMIN: "admin@example.org",
    "learner2": "learner2@example.org",  # another learner, in the other facilitator's cohort
    "outsider": "outsider@example.org",  # a learner in no cohort
    "fac2": "fac2@example.org",  # another facilitator
    "login": "login@example.org",  # whose password the login form is given
}
ROLES = {AUTHOR: "author", ADMIN: "admin", FACILITATOR: "facilitator", "fac2": "facilitator"}
FIXED_ARGS = {
    "module": "demo",
    "topic": "first-topic",
    "activity": "1-vote",
    "reflection": "local-context",
    "question": "effects",
    "fmt": "csv",
    "filename": "css/app.css",
    "name": "phases.svg",
}
_HASH: dict[str, str] = {}


def password_hash() -> str:
    """One hash of PASSWORD for every user of the world."""
    if not _HASH:
        from werkzeug.security import generate_password_hash

        _HASH["hash"] = generate_password_hash(PASSWORD, FAST_HASH)
    return _HASH["hash"]


@dataclass
class RoomRef:
    id: int
    code: str
    someone: int  # a participant of this room (not the participant actor)


@dataclass
class CohortRef:
    id: int
    code: str


@dataclass
class WorkshopRef:
    id: int
    session: int
    item: int  # a free item (a talk)
    vote: int  # an activity item that can open a room


@dataclass
class Scene:
    """Fresh rooms, cohorts and workshops: "own" ones of the facilitator actor, "other's" of another facilitator."""

    world: World
    rooms: dict[str, RoomRef]
    cohorts: dict[str, CohortRef]
    participant_cookie: str
    workshops: dict[str, WorkshopRef] = field(default_factory=dict)

    def args(self, target: str) -> dict[str, Any]:
        """URL arguments by name for a target of a rule."""
        other_room = target in ("other's", "not joined")
        room = self.rooms["other's" if other_room else "own"]
        cohort = self.cohorts["other's" if target == "other's" else "own"]
        member = {"not a member": "outsider", "other's": "learner2"}.get(target, LEARNER)
        workshop = self.workshops["other's" if target == "other's" else "own"]
        return {
            "workshop_id": workshop.id,
            "session_id": workshop.session,
            "item_id": workshop.item,
            **FIXED_ARGS,
            "room_id": room.id,
            "code": room.code,
            "participant_id": room.someone,
            "cohort_id": cohort.id,
            "user_id": self.world.users[member],
        }


class World:
    """The users of the matrix (created once per test) and the scenes they act in."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        with app.app_context():
            users = {key: User(email=email, name=key.title(), role=ROLES.get(key, "learner")) for key, email in USERS.items()}
            for user in users.values():
                user.password_hash = password_hash()
                db.session.add(user)
            db.session.commit()
            self.users = {key: user.id for key, user in users.items()}
            self._private_entries()

    def _private_entries(self) -> None:
        """Every account has a private journal answer; learner2 also shares one and has a quiz attempt."""
        from toolbox.journal import services as journal
        from toolbox.quizzes import services as quizzes

        topic = self.app.extensions["catalog"].get().topic("demo", "first-topic")
        reflection, effects = journal.find_question(topic, "local-context", "effects")
        _, actors = journal.find_question(topic, "local-context", "actors")
        for key in (LEARNER, FACILITATOR, AUTHOR, ADMIN, "learner2"):
            journal.save_answer(self.users[key], topic, reflection, effects, f"Private words of {key}")
        journal.save_answer(self.users["learner2"], topic, reflection, actors, "Shared words of learner2")
        journal.set_shared(self.users["learner2"], "demo", "first-topic", "local-context", "actors", True)
        result = quizzes.grade(topic.doc.quiz, {"where": ["b"]}, 50)
        quizzes.record_attempt(self.users["learner2"], "demo", "first-topic", topic.doc.quiz, result, "learner2-attempt-0000001")
        db.session.commit()

    def scene(self, phase: str | None = None) -> Scene:
        """New rooms (each with someone in it) and cohorts (each with its learner); the participant actor joins the own room."""
        from toolbox.cohorts import services as cohorts
        from toolbox.rooms import identity
        from toolbox.rooms import services as rooms
        from toolbox.rooms.models import Room

        with self.app.test_request_context():
            activity = self.app.extensions["catalog"].get().activity("demo", "1-vote")
            made, groups = {}, {}
            for target, owner, member in (("own", FACILITATOR, LEARNER), ("other's", "fac2", "learner2")):
                facilitator = db.session.get(User, self.users[owner])
                room = rooms.open_room(activity, facilitator)
                someone = rooms.join(room, "Someone")
                if phase is not None:
                    rooms.move(room, {"voting": "open"}[phase])
                cohort = cohorts.create_cohort(facilitator, f"Cohort of {owner}")
                cohorts.join(db.session.get(User, self.users[member]), cohort.code)
                db.session.commit()
                made[target], groups[target] = RoomRef(room.id, room.code, someone.id), CohortRef(cohort.id, cohort.code)
            me = rooms.join(db.session.get(Room, made["own"].id), "Pat")
            db.session.commit()
            workshops = {target: self._workshop(owner, activity) for target, owner in (("own", FACILITATOR), ("other's", "fac2"))}
            response = Response()
            identity.remember(response, made["own"].id, me.id)
            cookie = response.headers["Set-Cookie"].split(";", 1)[0].split("=", 1)[1]
        return Scene(self, made, groups, cookie, workshops)

    def _workshop(self, owner: str, activity) -> WorkshopRef:
        """A planned workshop of `owner`: one session with a talk and a live activity."""
        from datetime import date, time

        from toolbox.workshops import services as planner

        user = db.session.get(User, self.users[owner])
        workshop = planner.create_workshop(user, f"Workshop of {owner}", "Dakar", date(2026, 6, 12), date(2026, 6, 12), "UTC")
        session = planner.add_session(workshop, date(2026, 6, 12), time(9), time(10, 30), "Session 1", "Amina", "Guy")
        talk = planner.add_free_item(session, "Opening talk", 10, 10)
        vote = planner.add_activity(session, activity)
        db.session.commit()
        return WorkshopRef(workshop.id, session.id, talk.id, vote.id)

    def client(self, actor: str, scene: Scene):
        """A new browser for the actor: logged in (with the account's current session epoch), a participant, or nobody."""
        c = self.app.test_client()
        if actor == PARTICIPANT:
            c.set_cookie("toolbox_rooms", scene.participant_cookie)
        elif actor != ANONYMOUS:
            with self.app.app_context():
                user = db.session.get(User, self.users[actor])
                session_id = user.get_id()
            with c.session_transaction() as session:
                session["_user_id"] = session_id
                session["_fresh"] = True
        return c

    def url(self, endpoint: str, scene: Scene, target: str, **overrides: Any) -> str:
        rule = next(r for r in self.app.url_map.iter_rules() if r.endpoint == endpoint)
        values = {**scene.args(target), **ENDPOINTS[endpoint].url_args(scene, target), **overrides}
        missing = rule.arguments - values.keys()
        assert not missing, f"no value for URL argument(s) {sorted(missing)} of {endpoint}: add them to Scene.args in {__file__}"
        return self.app.url_map.bind("localhost").build(endpoint, {k: values[k] for k in rule.arguments})


def methods(app: Flask, endpoint: str) -> list[str]:
    rules = [r for r in app.url_map.iter_rules() if r.endpoint == endpoint]
    return sorted({m for r in rules for m in r.methods or ()} & {"GET", "POST", "PUT", "PATCH", "DELETE"})


def unclassified(app: Flask) -> list[str]:
    return sorted({r.endpoint for r in app.url_map.iter_rules()} - ENDPOINTS.keys())


def post_endpoints(app: Flask) -> list[str]:
    return sorted({r.endpoint for r in app.url_map.iter_rules() if r.methods and r.methods & {"POST", "PUT", "PATCH", "DELETE"}})


def outcome_of(response) -> str:
    """OK, LOGIN (a redirect to the login page) or the status code of a refusal."""
    if 300 <= response.status_code < 400:
        return LOGIN if urlsplit(response.headers["Location"]).path == "/login" else OK
    return OK if response.status_code < 400 else str(response.status_code)


# What "nothing stored" means: every table, row for row, except the failed-attempt counts of the rate limits.
UNCOUNTED = {"login_attempts", "alembic_version"}


def snapshot(app: Flask) -> dict[str, list[tuple]]:
    """Every row of every table (but UNCOUNTED ones), by primary key."""
    with app.app_context():
        out = {}
        for table in db.metadata.sorted_tables:
            if table.name not in UNCOUNTED:
                out[table.name] = [tuple(row) for row in db.session.execute(select(table).order_by(*table.primary_key.columns))]
        return out


def changed_tables(before: dict, after: dict) -> list[str]:
    return [name for name in before if before[name] != after[name]]


# Messages

MESSAGE_CLASSES = {"error", "form-errors", "room-error", "error-page", "flash-error"}
SENTENCE = re.compile(r"[^\W\d_]{2,}[\s\d,:;'’.()-]+[^\W\d_]{2,}")  # two words or more


class _Messages(HTMLParser):
    """The text of the elements that carry messages (errors, refusals) in our templates."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.stack: list[bool] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("br", "img", "input", "meta", "link", "hr", "source", "wbr"):
            return
        classes = set((dict(attrs).get("class") or "").split())
        marked = bool(classes & MESSAGE_CLASSES) and "badge" not in classes
        self.stack.append(marked)
        self.depth += marked

    def handle_endtag(self, tag: str) -> None:
        if tag in ("br", "img", "input", "meta", "link", "hr", "source", "wbr") or not self.stack:
            return
        self.depth -= self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.depth > 0 and data.strip():
            self.texts.append(data.strip())


def messages(html: str) -> list[str]:
    """The messages a page or fragment shows."""
    parser = _Messages()
    parser.feed(html)
    return parser.texts


def has_sentence(texts: list[str]) -> bool:
    return any(SENTENCE.search(t) for t in texts)


def flashed_errors(client) -> list[str]:
    """Error messages waiting in the session for the next page (a redirect that refused)."""
    with client.session_transaction() as session:
        return [message for category, message in session.get("_flashes", []) if category == "error"]


def refusal_problem(client, response) -> str | None:
    """None when a refusal is clear: a human sentence in the page, or flashed for the page it redirects to."""
    body = response.get_data(as_text=True)
    if "Traceback" in body or 'File "' in body:
        return "the response shows a stack trace"
    if 300 <= response.status_code < 400:
        return None
    if not has_sentence(messages(body)):
        return f"no human sentence in the {response.status_code} response: {body[:300]!r}"
    return None
