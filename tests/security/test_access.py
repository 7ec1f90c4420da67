"""The authorisation matrix: every endpoint (GET and POST) × anonymous, participant, learner, facilitator, author, admin
× own and other people's rooms, cohorts and members, against the rule each endpoint is classified with.

A new endpoint fails test_every_endpoint_is_classified until it has its line in tests/security/endpoints.py
(one line: see the top of that file). Refused requests must store nothing; permitted POSTs must store something.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.security.endpoints import (
    ACTORS,
    ENDPOINTS,
    FACILITATOR,
    LEARNER,
    OK,
    PARTICIPANT,
    changed_tables,
    flashed_errors,
    methods,
    outcome_of,
    post_endpoints,
    snapshot,
    unclassified,
)
from toolbox.extensions import db
from toolbox.journal.models import JournalEntry


def test_every_endpoint_is_classified(app):
    missing = unclassified(app)
    assert not missing, (
        f"classify this endpoint: {', '.join(missing)}. Add one line per endpoint to ENDPOINTS in tests/security/endpoints.py "
        "(its access rule, and for a POST what a permitted user sends); the top of that file shows how."
    )
    stale = sorted(ENDPOINTS.keys() - {r.endpoint for r in app.url_map.iter_rules()})
    assert not stale, f"these endpoints no longer exist: remove them from ENDPOINTS in tests/security/endpoints.py: {stale}"
    for endpoint in post_endpoints(app):
        assert ENDPOINTS[endpoint].post is not None, f"classify this endpoint: say what a permitted user POSTs to {endpoint} (post=...)"
    for endpoint, spec in ENDPOINTS.items():
        if spec.post is not None:
            assert endpoint in post_endpoints(app), f"{endpoint} takes no POST: drop its post=..."


# What a GET may record: the topic a learner opened last ("continue where you left off").
READ_ONLY_WRITES = {"topic_progress"}


def check_cell(app, world, endpoint: str, verb: str, actor: str, target: str, scene) -> list[str]:
    """One cell of the matrix: the outcome, and what it stored."""
    spec = ENDPOINTS[endpoint]
    client = world.client(actor, scene)
    url = world.url(endpoint, scene, target)
    want = spec.outcome(actor, target)
    problems = []
    before = snapshot(app)
    kwargs = {"data": spec.payload(scene)} if verb == "POST" else {}
    with getattr(client, verb.lower())(url, **kwargs) as response:
        got = outcome_of(response)
        if got == OK and 300 <= response.status_code < 400 and (errors := flashed_errors(client)):
            got = f"refused with {errors[0]!r}"
    where = f"{verb} {url} as {actor}" + (f" ({target})" if target != "-" else "")
    if got != want:
        problems.append(f"{where}: expected {want}, got {got}")
    changed = changed_tables(before, snapshot(app))
    if verb == "GET" and set(changed) - READ_ONLY_WRITES:
        problems.append(f"{where}: a GET changed {changed} (state changes take a POST with a CSRF token)")
    if verb == "POST":
        if want != OK and changed:
            problems.append(f"{where}: refused, yet changed {changed}")
        elif want == OK and got == OK and spec.stores(actor, target) and not changed:
            problems.append(f"{where}: permitted, yet stored nothing (wrong post=… in ENDPOINTS, or add no_effect=)")
    return problems


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_access_matrix(app, world, endpoint):
    spec = ENDPOINTS[endpoint]
    verbs = methods(app, endpoint)
    # GET-only endpoints share one scene; a POST may change it, so each of its cells gets new rooms and cohorts.
    shared = None if "POST" in verbs else world.scene(spec.phase)
    problems = []
    for verb in verbs:
        for target in spec.rule.targets:
            for actor in ACTORS:
                problems += check_cell(app, world, endpoint, verb, actor, target, shared or world.scene(spec.phase))
    assert not problems, f"{endpoint} ({spec.rule.name}: {spec.rule.words}):\n" + "\n".join(problems)


# What the matrix cannot see in a status code: whose data a permitted page shows.


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_a_learner_never_sees_another_learners_journal(world):
    learner = world.client(LEARNER, world.scene())
    for url in ("/journal/", "/journal/export.md", "/journal/print", "/modules/demo/first-topic"):
        page = text(learner, url)
        assert re.search(r"Private words of learner(?!2)", page), url  # their own answer is there…
        assert "words of learner2" not in page, url  # …and nobody else's


def test_a_learner_cannot_share_or_overwrite_another_learners_answer(app, world):
    learner = world.client(LEARNER, world.scene())
    assert learner.post("/journal/demo/first-topic/local-context/actors/share", data={"shared": "no"}).status_code == 404
    assert learner.post("/journal/demo/first-topic/local-context/effects", data={"text": "Mine"}).status_code == 303
    with app.app_context():
        theirs = db.session.scalars(select(JournalEntry).where(JournalEntry.user_id == world.users["learner2"])).all()
    assert {(e.question, e.text, e.shared) for e in theirs} == {
        ("effects", "Private words of learner2", False),
        ("actors", "Shared words of learner2", True),
    }


def test_a_learner_never_sees_another_learners_quiz_attempts(world):
    learner = world.client(LEARNER, world.scene())
    page = text(learner, "/modules/demo/first-topic/quiz/attempts")
    assert "learner2" not in page and "Attempt 1" not in page
    other = world.client("learner2", world.scene())
    assert "On the moon" in text(other, "/modules/demo/first-topic/quiz/attempts")  # their own answer is there


def test_a_cohort_member_page_shows_shared_answers_and_attempts_only_to_its_facilitator(world):
    scene = world.scene()
    owner = world.client("fac2", scene)
    page = text(owner, world.url("cohorts.member", scene, "other's"))
    assert "Shared words of learner2" in page and "Private words of learner2" not in page
    assert "On the moon" in page  # the member's quiz answer
    for actor in (FACILITATOR, "author", "admin"):
        assert world.client(actor, scene).get(world.url("cohorts.member", scene, "other's")).status_code == 404, actor
    assert world.client(LEARNER, scene).get(world.url("cohorts.member", scene, "other's")).status_code == 403
    # The cohort table and its export list members only to their facilitator.
    assert "Learner2" in text(owner, world.url("cohorts.cohort", scene, "other's"))
    assert "Learner2" not in text(world.client(FACILITATOR, scene), world.url("cohorts.cohort", scene, "own"))


def test_a_facilitator_cannot_reach_into_another_facilitators_room_through_their_own(app, world):
    """Own room in the URL, another room's participant id in the form: refused, nothing changes."""
    scene = world.scene()
    fac = world.client(FACILITATOR, scene)
    before = snapshot(app)
    url = world.url("rooms.remove", scene, "own", participant_id=scene.rooms["other's"].someone)
    response = fac.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 422 and "not in this room" in response.get_data(as_text=True)
    assert changed_tables(before, snapshot(app)) == []


def test_a_facilitator_cannot_remove_another_cohorts_member_through_their_own(app, world):
    scene = world.scene()
    before = snapshot(app)
    url = world.url("cohorts.remove", scene, "own", user_id=world.users["learner2"])
    assert world.client(FACILITATOR, scene).post(url).status_code == 303
    assert changed_tables(before, snapshot(app)) == []


def test_a_participant_acts_only_in_the_room_they_joined(app, world):
    scene = world.scene("voting")
    phone = world.client(PARTICIPANT, scene)
    other = scene.rooms["other's"].code
    assert phone.post(f"/r/{other}/dots", data={"ballot": 0, "option": 0, "count": 1}).status_code == 403
    page = text(phone, f"/r/{other}")
    assert "You are <strong>Pat" not in page and 'name="name"' in page  # a stranger there: asked to join
    assert "You are <strong>Pat" in text(phone, f"/r/{scene.rooms['own'].code}")


def test_a_tampered_participant_cookie_is_ignored(app, world):
    scene = world.scene("voting")
    phone = world.client(PARTICIPANT, scene)
    phone.set_cookie("toolbox_rooms", scene.participant_cookie[:-3] + "abc")
    assert phone.post(f"/r/{scene.rooms['own'].code}/dots", data={"ballot": 0, "option": 0, "count": 1}).status_code == 403


def test_a_removed_participant_can_no_longer_act(app, world):
    scene = world.scene("voting")
    with app.app_context():
        from toolbox.rooms.models import Participant

        pat = db.session.scalar(select(Participant).where(Participant.room_id == scene.rooms["own"].id, Participant.name == "Pat"))
        pat_id = pat.id
    fac = world.client(FACILITATOR, scene)
    assert fac.post(world.url("rooms.remove", scene, "own", participant_id=pat_id)).status_code == 302
    phone = world.client(PARTICIPANT, scene)
    assert phone.post(f"/r/{scene.rooms['own'].code}/dots", data={"ballot": 0, "option": 0, "count": 1}).status_code == 403
