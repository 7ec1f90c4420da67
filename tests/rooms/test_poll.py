"""The phones' no-news poll, answered in front of Flask: only for the browser's own participant, only when current."""

from __future__ import annotations

from tests.rooms.conftest import version
from toolbox.rooms import identity

HX = {"HX-Request": "true"}


def current(phone, code: str) -> str:
    return version(phone.get(f"/r/{code}", headers=HX).get_data(as_text=True))


def test_a_current_poll_is_an_empty_204_without_a_session(room, join):
    _, code = room
    phone = join(code)
    reply = phone.get(f"/r/{code}?v={current(phone, code)}", headers=HX)
    assert reply.status_code == 204 and reply.data == b""
    assert reply.headers["Vary"] == "HX-Request"
    assert "Set-Cookie" not in reply.headers  # answered before Flask: no session is opened or refreshed


def test_a_stale_poll_or_a_history_restore_gets_the_view(room, join):
    _, code = room
    phone = join(code)
    v = current(phone, code)
    assert phone.get(f"/r/{code}?v=0.0", headers=HX).status_code == 200
    restore = phone.get(f"/r/{code}?v={v}", headers={**HX, "HX-History-Restore-Request": "true"})
    assert restore.status_code == 200 and "<html" in restore.get_data(as_text=True)
    assert phone.get(f"/r/{code}?v={v}").status_code == 200  # not htmx: the whole page


def test_only_the_browser_of_a_participant_of_that_room_gets_204(app, room, open_room, join):
    _, code = room
    phone = join(code)
    v = current(phone, code)
    stranger = app.test_client()
    assert stranger.get(f"/r/{code}?v={v}", headers=HX).status_code == 200  # the join form
    forged = app.test_client()
    forged.set_cookie(identity.COOKIE, phone.get_cookie(identity.COOKIE).value[:-2] + "xx")
    assert forged.get(f"/r/{code}?v={v}", headers=HX).status_code == 200
    broken = app.test_client()
    assert broken.get(f"/r/{code}?v={v}", headers={**HX, "Cookie": 'toolbox_rooms="\\'}).status_code == 200
    _, other = open_room()
    assert phone.get(f"/r/{other}?v={v}", headers=HX).status_code == 200  # a room it did not join


def test_over_https_the_204_carries_hsts(room, join):
    _, code = room
    phone = join(code)
    v = current(phone, code)
    reply = phone.get(f"/r/{code}?v={v}", headers=HX, base_url="https://localhost")
    assert reply.status_code == 204 and reply.headers["Strict-Transport-Security"].startswith("max-age=")
