"""Rooms over HTTP: pages and fragments, polling, and who may do what."""

from __future__ import annotations

import pytest

from tests.rooms.conftest import version, vote


def test_run_live_needs_a_facilitator(app, client, make_user, login):
    assert client.post("/activities/demo/1-vote/run").status_code == 302  # to the login page
    make_user()
    login()
    assert client.post("/activities/demo/1-vote/run").status_code == 403


def test_guide_offers_run_live_to_facilitators_only(client, facilitator, app):
    assert "Run live" in facilitator.get("/activities/demo/1-vote").get_data(as_text=True)
    assert "Run live" not in app.test_client().get("/activities/demo/1-vote").get_data(as_text=True)


def test_console_projector_and_participant_pages(facilitator, room, join, app):
    room_id, code = room
    console = facilitator.get(f"/rooms/{room_id}").get_data(as_text=True)
    assert code in console and "Getting ready" in console and "Open the vote" in console
    assert "Introduce" in console  # the guide's steps beside the console
    projector = facilitator.get(f"/rooms/{room_id}/projector").get_data(as_text=True)
    assert f'class="join-code" aria-label="Room code {" ".join(code)}">{code}<' in projector
    assert f"/rooms/{room_id}/qr.svg" in projector
    phone = join(code, "Ana")
    page = phone.get(f"/r/{code}").get_data(as_text=True)
    assert "You are <strong>Ana</strong>" in page and "Get ready" in page


def test_fragment_for_htmx_with_vary_and_204_when_nothing_changed(facilitator, room, join):
    room_id, code = room
    phone = join(code)
    for client, url, root in (
        (facilitator, f"/rooms/{room_id}/projector", '<div id="room-projector"'),
        (facilitator, f"/rooms/{room_id}", '<div id="room-console"'),
        (phone, f"/r/{code}", '<div id="room-participant"'),
    ):
        full = client.get(url)
        assert full.get_data(as_text=True).lstrip().startswith("<!doctype html>")
        fragment = client.get(url, headers={"HX-Request": "true"})
        html = fragment.get_data(as_text=True).strip()
        assert html.startswith(root), url
        assert "HX-Request" in fragment.headers["Vary"]
        v = version(html)
        unchanged = client.get(f"{url}?v={v}", headers={"HX-Request": "true"})
        assert unchanged.status_code == 204 and unchanged.data == b""
        assert "HX-Request" in unchanged.headers["Vary"]
        stale = client.get(f"{url}?v=0", headers={"HX-Request": "true"})
        assert stale.status_code == 200


def test_a_vote_reaches_the_projector_on_its_next_poll(facilitator, room, join):
    room_id, code = room
    phone = join(code)
    facilitator.post(f"/rooms/{room_id}/moves", data={"move": "open"})
    facilitator.post(f"/rooms/{room_id}/results-mode", data={"results": "live"})
    before = version(facilitator.get(f"/rooms/{room_id}/projector", headers={"HX-Request": "true"}).get_data(as_text=True))
    assert vote(phone, code, 0, 1, 1).status_code == 200
    poll = facilitator.get(f"/rooms/{room_id}/projector?v={before}", headers={"HX-Request": "true"})
    assert poll.status_code == 200
    html = poll.get_data(as_text=True)
    assert "1 dot from 1 of 1 person" in html


def test_hidden_results_stay_hidden_from_projector_and_phones(facilitator, room, join):
    room_id, code = room
    phone = join(code)
    facilitator.post(f"/rooms/{room_id}/moves", data={"move": "open"})
    vote(phone, code, 0, 1, 1)
    assert "bar-count" not in facilitator.get(f"/rooms/{room_id}/projector").get_data(as_text=True)
    other = join(code, "Bo")
    assert "bar-count" not in other.get(f"/r/{code}").get_data(as_text=True)
    assert "1</strong> of 2 people have voted" in facilitator.get(f"/rooms/{room_id}/projector").get_data(as_text=True)
    facilitator.post(f"/rooms/{room_id}/moves", data={"move": "reveal"})
    assert "bar-count" in other.get(f"/r/{code}").get_data(as_text=True)


def test_participants_cannot_act_as_facilitator(app, facilitator, room, join):
    room_id, code = room
    phone = join(code)
    for url, data in (
        (f"/rooms/{room_id}/moves", {"move": "reveal"}),
        (f"/rooms/{room_id}/timer", {"op": "start", "minutes": 5}),
        (f"/rooms/{room_id}/close", {}),
        (f"/rooms/{room_id}/options", {"options": "a\nb"}),
        (f"/rooms/{room_id}/participants/1/remove", {}),
        ("/activities/demo/1-vote/run", {}),
    ):
        response = phone.post(url, data=data)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    for url in (f"/rooms/{room_id}", f"/rooms/{room_id}/projector", f"/rooms/{room_id}/results.csv", "/rooms/"):
        assert phone.get(url).status_code == 302, url


def test_another_facilitator_cannot_see_or_run_my_room(app, room, make_user):
    room_id, _ = room
    make_user("other@example.org", "facilitator")
    other = app.test_client()
    other.post("/login", data={"email": "other@example.org", "password": "correct horse battery"})
    assert other.get(f"/rooms/{room_id}").status_code == 403
    assert other.get(f"/rooms/{room_id}/projector").status_code == 403
    assert other.post(f"/rooms/{room_id}/moves", data={"move": "open"}).status_code == 403
    assert other.get(f"/rooms/{room_id}/results.md").status_code == 403
    assert "Room " not in other.get("/rooms/").get_data(as_text=True).split("<h1>My sessions</h1>")[1].split("</ul>")[0]


def test_admin_can_open_any_room(app, room, make_user):
    make_user("admin@example.org", "admin")
    admin = app.test_client()
    admin.post("/login", data={"email": "admin@example.org", "password": "correct horse battery"})
    assert admin.get(f"/rooms/{room[0]}").status_code == 200


def test_cannot_vote_in_a_room_not_joined(facilitator, room, open_room, join, app):
    room_id, code = room
    _, other_code = open_room()
    phone = join(other_code)
    facilitator.post(f"/rooms/{room_id}/moves", data={"move": "open"})
    assert vote(phone, code, 0, 0, 1).status_code == 403
    assert vote(app.test_client(), code, 0, 0, 1).status_code == 403


def test_forged_participant_cookie_is_ignored(app, room):
    _, code = room
    stranger = app.test_client()
    stranger.set_cookie("toolbox_rooms", "eyJ4IjoxfQ.forged")
    assert vote(stranger, code, 0, 0, 1).status_code == 403
    assert "Your name" in stranger.get(f"/r/{code}").get_data(as_text=True)


def test_removed_participant_cannot_vote_and_is_told(facilitator, room, join):
    room_id, code = room
    phone = join(code)
    facilitator.post(f"/rooms/{room_id}/moves", data={"move": "open"})
    facilitator.post(f"/rooms/{room_id}/participants/1/remove")
    assert vote(phone, code, 0, 0, 1).status_code == 403
    assert "removed you" in phone.get(f"/r/{code}").get_data(as_text=True)


def test_refresh_keeps_the_same_participant_and_dots(facilitator, room, join):
    room_id, code = room
    phone = join(code, "Ana")
    facilitator.post(f"/rooms/{room_id}/moves", data={"move": "open"})
    vote(phone, code, 0, 2, 1)
    page = phone.get(f"/r/{code}").get_data(as_text=True)
    assert "You are <strong>Ana</strong>" in page and "<strong>2</strong> of 3 dots left" in page


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"ballot": "x", "option": 0, "count": 1},
        {"ballot": 0, "option": 0, "count": 99},
        {"ballot": 9, "option": 0, "count": 1},
        {"ballot": 0, "option": 77, "count": 1},
        {"ballot": -1, "option": 0, "count": 1},
        {"ballot": 0, "option": 0, "count": "1e9"},
    ],
)
def test_malformed_votes_get_a_message_and_change_nothing(facilitator, room, join, data):
    room_id, code = room
    phone = join(code)
    facilitator.post(f"/rooms/{room_id}/moves", data={"move": "open"})
    response = phone.post(f"/r/{code}/dots", data=data, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert 'class="room-error" role="alert"' in response.get_data(as_text=True)
    assert "<strong>3</strong> of 3 dots left" in phone.get(f"/r/{code}").get_data(as_text=True)


def test_vote_without_javascript_redirects_back(facilitator, room, join):
    room_id, code = room
    phone = join(code)
    facilitator.post(f"/rooms/{room_id}/moves", data={"move": "open"})
    response = vote(phone, code, 0, 0, 1, htmx=False)
    assert response.status_code == 302 and response.headers["Location"] == f"/r/{code}"


def test_participant_names_are_escaped(facilitator, room, join):
    room_id, code = room
    join(code, "<script>alert(1)</script>")
    html = facilitator.get(f"/rooms/{room_id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_illegal_move_is_explained(facilitator, room):
    room_id, _ = room
    response = facilitator.post(f"/rooms/{room_id}/moves", data={"move": "reveal"}, headers={"HX-Request": "true"})
    assert response.status_code == 422 and "not possible now" in response.get_data(as_text=True)


def test_projector_next_key_walks_the_vote(facilitator, room):
    room_id, _ = room
    for expected in ("Voting", "Vote locked", "Results"):
        response = facilitator.post(f"/rooms/{room_id}/moves", data={"move": "next", "view": "projector"}, headers={"HX-Request": "true"})
        html = response.get_data(as_text=True)
        assert html.strip().startswith('<div id="room-projector"') and f'<p class="projector-phase">{expected}</p>' in html


def test_timer_controls_and_bad_input(facilitator, room):
    room_id, _ = room
    ok = facilitator.post(f"/rooms/{room_id}/timer", data={"op": "start", "minutes": 10}, headers={"HX-Request": "true"})
    assert ok.status_code == 200 and "data-ends-at" in ok.get_data(as_text=True)
    for data in ({"op": "start", "minutes": 0}, {"op": "explode"}, {"op": "start", "minutes": "ten"}):
        bad = facilitator.post(f"/rooms/{room_id}/timer", data=data, headers={"HX-Request": "true"})
        assert bad.status_code == 422, data


def test_edit_options_before_the_vote(facilitator, room, join):
    room_id, code = room
    response = facilitator.post(f"/rooms/{room_id}/options", data={"options": "Housing\nJobs"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    facilitator.post(f"/rooms/{room_id}/moves", data={"move": "open"})
    assert "Housing" in join(code).get(f"/r/{code}").get_data(as_text=True)
    late = facilitator.post(f"/rooms/{room_id}/options", data={"options": "A\nB"}, headers={"HX-Request": "true"})
    assert late.status_code == 422 and "before the vote opens" in late.get_data(as_text=True)


def test_closed_room_stops_polling_and_keeps_results(facilitator, room, join):
    room_id, code = room
    phone = join(code)
    facilitator.post(f"/rooms/{room_id}/moves", data={"move": "open"})
    vote(phone, code, 0, 1, 1)
    facilitator.post(f"/rooms/{room_id}/close")
    for html in (
        phone.get(f"/r/{code}", headers={"HX-Request": "true"}).get_data(as_text=True),
        facilitator.get(f"/rooms/{room_id}/projector", headers={"HX-Request": "true"}).get_data(as_text=True),
    ):
        assert "hx-trigger" not in html
    assert "closed" in phone.get(f"/r/{code}").get_data(as_text=True)
    csv = facilitator.get(f"/rooms/{room_id}/results.csv").get_data(as_text=True)
    assert csv.splitlines()[0] == "room,ballot,rank,option,dots"
    assert f"{code},Most affected,1,Education,1" in csv
    sessions = facilitator.get("/rooms/").get_data(as_text=True)
    assert code in sessions and "1. Education (1)" in sessions


def test_join_by_code(app, room):
    _, code = room
    phone = app.test_client()
    response = phone.post("/join", data={"code": code.lower()})
    assert response.status_code == 302 and response.headers["Location"] == f"/r/{code}"
    wrong = phone.post("/join", data={"code": "QQQQQ"})
    assert wrong.status_code == 404 and "No open room has this code" in wrong.get_data(as_text=True)


def test_wrong_codes_are_rate_limited(app, room):
    from toolbox.rooms.views import WRONG_CODES

    phone = app.test_client()
    for _ in range(WRONG_CODES.free):
        phone.post("/join", data={"code": "QQQQQ"})
    assert phone.post("/join", data={"code": room[1]}).status_code == 429


def test_unknown_room_is_404(app):
    assert app.test_client().get("/r/NOPE7").status_code == 404


def test_csrf_is_enforced_on_room_forms(make_app, make_user):
    app = make_app(WTF_CSRF_ENABLED=True)
    phone = app.test_client()
    assert phone.post("/join", data={"code": "ABCDE"}).status_code in (400, 422)


def test_a_phone_is_not_sent_its_page_again_when_someone_else_votes(facilitator, room, join):
    room_id, code = room
    ana, bo = join(code, "Ana"), join(code, "Bo")
    facilitator.post(f"/rooms/{room_id}/moves", data={"move": "open"})
    ana_v = version(ana.get(f"/r/{code}", headers={"HX-Request": "true"}).get_data(as_text=True))
    bo_v = version(bo.get(f"/r/{code}", headers={"HX-Request": "true"}).get_data(as_text=True))
    reply = vote(bo, code, 0, 0, 1).get_data(as_text=True)
    assert reply.strip().startswith('<div id="my-ballots">') and 'aria-label="1 of your dots"' in reply  # Bo's answer: his ballots
    assert ana.get(f"/r/{code}?v={ana_v}", headers={"HX-Request": "true"}).status_code == 204
    # Bo's phone has its ballots from that answer: its polls have no news either.
    assert bo.get(f"/r/{code}?v={bo_v}", headers={"HX-Request": "true"}).status_code == 204
    facilitator.post(f"/rooms/{room_id}/moves", data={"move": "lock"})
    assert ana.get(f"/r/{code}?v={ana_v}", headers={"HX-Request": "true"}).status_code == 200  # everyone sees a new phase


def test_facilitators_find_their_sessions_and_cohorts_in_the_menu(facilitator, client, app):
    html = facilitator.get("/").get_data(as_text=True)
    assert 'href="/rooms/">My sessions<' in html and ">My cohorts<" in html
    assert "My cohorts" not in app.test_client().get("/").get_data(as_text=True)
