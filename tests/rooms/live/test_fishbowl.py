"""A fishbowl through the app: experts' seats, the queue, free chairs taken in turn, notes for the debrief."""

from __future__ import annotations

import re

from tests.rooms.conftest import version
from toolbox.extensions import db
from toolbox.rooms.models import Entry, Room
from toolbox.rooms.summary import summarise

from .restart import restarted

BOWL = "module-1/1b-fishbowl-local-development"  # 5 seats, 3 for experts


def seats(html: str) -> list[tuple[str, str]]:
    return re.findall(
        r'<span class="bowl-seat-kind">(?:<span aria-hidden="true">★</span> )?([^<]+)</span>\s*<span class="bowl-seat-name">([^<]+)</span>',
        html,
    )


def next_in(html: str) -> list[str]:
    section = html.split('id="bowl-next-title"', 1)[1].split("</section>", 1)[0]
    return re.findall(r"<li>([^<]+)</li>", section)


def poll(phone, v: str) -> int:
    """What the phone's one-second poll, showing version `v`, answers: 204 when nothing changed for it."""
    return phone.client.get(f"/r/{phone.code}?v={v}", headers={"HX-Request": "true"}).status_code


def test_experts_sit_first_the_queue_takes_free_chairs_in_turn_and_notes_reach_the_debrief(app, live):
    room = live(BOWL)
    phones = [room.join(n) for n in ("Expert A", "Expert B", "Expert C", "Dan", "Eva", "Fay", "Gil")]
    ids = [p.id() for p in phones]
    for i in range(3):
        room.act("expert", participant=ids[i], expert="yes")
    assert "You hold an expert seat" in phones[0].page()
    phones[3].act("enter", expect=422)  # the queue opens with the fishbowl

    room.move("next")  # the experts' contributions
    assert room.room().phase == "talks"
    for i in (3, 4, 5):
        phones[i].act("enter")
    phones[3].act("enter")  # asking again keeps the place
    assert room.room().state["queue"] == [ids[3], ids[4], ids[5]]
    projector = room.page("projector")
    assert seats(projector) == [
        ("Expert seat", "Expert A"),
        ("Expert seat", "Expert B"),
        ("Expert seat", "Expert C"),
        ("Open seat", "Free chair"),
        ("Open seat", "Free chair"),
    ]
    assert next_in(projector) == ["Dan", "Eva", "Fay"]
    assert "number 1</strong> in the queue" in phones[3].page() and "floor opens after" in phones[3].page()

    room.move("next")  # open the floor: the first two in the queue take the free chairs
    assert "take the free chair now" in phones[3].page() and "take the free chair now" in phones[4].page()
    assert "number 1</strong> in the queue" in phones[5].page()
    assert seats(room.page("projector"))[3:] == [("Open seat", "Dan"), ("Open seat", "Eva")]

    phones[6].act("enter")
    fay, expert = version(phones[5].page()), version(phones[0].page())
    phones[3].act("leave")  # one tap: Dan's chair goes to Fay
    assert poll(phones[5], fay) == 200, "Fay's phone hears of her chair on its next poll"
    assert poll(phones[0], expert) == 204, "phones whose place did not change are not sent the page again"
    assert "take the free chair now" in phones[5].page() and "number 1</strong>" in phones[6].page()
    assert "I&#39;d like to speak" in phones[3].page()

    room.act("free", seat=4)  # the facilitator frees Eva's chair: Gil comes in
    assert seats(room.page("projector"))[3:] == [("Open seat", "Fay"), ("Open seat", "Gil")]
    phones[4].act("enter")
    phones[3].act("enter")
    phones[4].act("cancel")  # Eva changes her mind
    assert next_in(room.page("projector")) == ["Dan"]
    room.host.post(f"/rooms/{room.id}/participants/{ids[6]}/remove")  # Gil leaves the room: Dan takes the chair
    assert seats(room.page("projector"))[4] == ("Open seat", "Dan")
    assert "take the free chair now" in phones[3].page()

    phones[5].act("notes", text="What about return migrants?", key="n1")
    phones[5].act("notes", text="What about return migrants?", key="n1")  # re-sent: stored once
    phones[6].act("notes", text="gone", key="n2", expect=403)  # removed from the room
    with app.app_context():
        note = db.session.query(Entry).filter_by(room_id=room.id, kind="note").one()
    assert "What about return migrants?" not in room.page("projector"), "notes wait for the debrief"
    room.act("note", entry=note.id, flag="insight")
    room.move("next")  # debrief
    projector = room.page("projector")
    assert "Key insight:" in projector and "What about return migrants?" in projector
    phones[4].act("enter", expect=422)

    markdown = room.host.get(f"/rooms/{room.id}/results.md").get_data(as_text=True)
    assert "Experts: Expert A, Expert B, Expert C" in markdown
    assert "- Dan (2 times)" in markdown and "- Gil" in markdown
    assert "- **Key message:** What about return migrants? (Fay)" in markdown
    csv = room.host.get(f"/rooms/{room.id}/results.csv").get_data(as_text=True)
    assert csv.splitlines()[0] == "room,type,who,text,key message,times in the inner circle"
    assert f"{room.code},speaker,Dan,,,2" in csv and f"{room.code},note,Fay,What about return migrants?,yes," in csv
    with app.app_context():
        summary = summarise(db.session.get(Room, room.id))
    assert [h.text for h in summary.top] == ["What about return migrants?"] and summary.notes[0].kind == "insight"


def test_a_fourth_expert_waits_and_the_chairs_can_change(app, live):
    room = live(BOWL)
    phones = [room.join(f"E{i}") for i in range(4)]
    ids = [p.id() for p in phones]
    for i in ids:
        room.act("expert", participant=i, expert="yes")
    assert "an expert seat as soon as one is free" in phones[3].page()
    room.act("seats", seats=6, expert_seats=4)
    assert "You hold an expert seat" in phones[3].page()
    assert room.room().settings["expert_seats"] == 4
    refused = room.act("seats", seats=5, expert_seats=3, expect=422)
    assert "4 experts sit in expert seats: free one first" in refused.get_data(as_text=True)
    assert "Keep at least one open seat" in room.act("seats", seats=4, expert_seats=4, expect=422).get_data(as_text=True)
    assert "Between 3 and 20" in room.act("seats", seats=2, expert_seats=0, expect=422).get_data(as_text=True)
    room.act("expert", participant=ids[0], expert="no")
    page = phones[0].page()
    assert "expert seat" not in page and "one of the experts" not in page, "no longer an expert: back to the outer circle"
    assert "You hold an expert seat" in phones[1].page()


def test_a_restart_keeps_seats_queue_and_notes(app, live, make_app):
    room = live(BOWL)
    phones = [room.join(n) for n in ("Ana", "Bo", "Cy", "Di")]
    room.act("expert", participant=phones[0].id(), expert="yes")
    room.move("open")
    for phone in phones[1:]:
        phone.act("enter")
    phones[3].act("notes", text="Kept", key="k")
    again, phones2 = restarted(make_app, room, phones)
    assert seats(again.page("projector"))[0] == ("Expert seat", "Ana")
    assert next_in(again.page("projector")) == ["Di"]
    assert "number 1</strong>" in phones2[3].page() and "Kept" in phones2[3].page()
    phones2[1].act("leave")
    assert "take the free chair now" in phones[3].page(), "the first server sees the chair freed on the second"


def test_participants_cannot_act_as_the_facilitator_or_for_others(app, live):
    room = live(BOWL)
    ana, bo = room.join("Ana"), room.join("Bo")
    room.move("open")
    ana.act("enter")
    for action, data in (
        ("free", {"seat": 3}),
        ("expert", {"participant": bo.id(), "expert": "yes"}),
        ("seats", {"seats": 9, "expert_seats": 0}),
    ):
        assert bo.client.post(f"/rooms/{room.id}/{action}", data=data).status_code in (302, 403)
    assert "Ana" in seats(room.page("projector"))[3]
    bo.act("leave")  # leaving when not seated changes nothing for anyone else
    assert "Ana" in seats(room.page("projector"))[3]
    ana.act("notes", text="Mine", key="a")
    with app.app_context():
        note = db.session.query(Entry).filter_by(room_id=room.id, kind="note").one().id
    assert "your own notes" in bo.act("take-back", entry=note, expect=422).get_data(as_text=True)
    assert app.test_client().post(f"/r/{room.code}/enter").status_code == 403


def test_bad_input_gets_a_clear_message(app, live):
    room = live(BOWL)
    ana = room.join("Ana")
    assert "Notes open with the fishbowl" in ana.act("notes", text="early", key="x", expect=422).get_data(as_text=True)
    assert "not in this room" in room.act("expert", participant=99999, expert="yes", expect=422).get_data(as_text=True)
    assert "allowed values" in room.act("expert", participant=ana.id(), expert="maybe", expect=422).get_data(as_text=True)
    assert "valid integer" in room.act("free", seat="left", expect=422).get_data(as_text=True)
    assert "no such seat" in room.act("free", seat=12, expect=422).get_data(as_text=True)
    room.move("open")
    assert "empty" in ana.act("notes", text=" ", key="y", expect=422).get_data(as_text=True)
    room.move("debrief")
    assert "reopen it first" in room.act("free", seat=0, expect=422).get_data(as_text=True)


def test_a_closed_room_takes_no_more_from_phones(app, live):
    room = live(BOWL)
    ana = room.join("Ana")
    room.move("open")
    room.act("close")
    refused = ana.act("enter", expect=422)
    assert "This room is closed" in refused.get_data(as_text=True)
    state = room.room().state
    assert state["queue"] == [] and ana.id() not in state["seats"]
