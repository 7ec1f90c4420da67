"""A world café through the app: seating, hosts, notes on tablecloths, rotation, report-back, export."""

from __future__ import annotations

import re

from toolbox.extensions import db
from toolbox.rooms.models import Entry, Place

CAFE = "module-1/3-migration-cycle-world-cafe"


def seating(app, room_id: int, round_: int) -> dict[int, tuple[int, str]]:
    with app.app_context():
        rows = db.session.query(Place).filter_by(room_id=room_id, round=round_).all()
        return {p.participant_id: (p.place, p.role) for p in rows}


def test_a_cafe_with_nine_people_and_three_tables_over_two_rounds(app, live):
    room = live(CAFE)
    room.act("tables", tables="Pre-decision\nPre-departure\nReturn")
    phones = [room.join(f"P{i}", territory=["Dakar", "Turin", "Quito"][i % 3]) for i in range(9)]
    phones[0].act("volunteer", host="yes")
    ids = {ph.name: ph.id() for ph in phones}
    room.act("host", table=1, participant=ids["P4"])

    room.move("seat")
    first = seating(app, room.id, 0)
    assert len(first) == 9 and sorted(t for t, _ in first.values()).count(0) == 3
    hosts = {t: p for p, (t, role) in first.items() if role == "host"}
    assert hosts[0] == ids["P0"] and hosts[1] == ids["P4"] and len(hosts) == 3
    html = phones[4].page()
    assert "Go to <strong>table 2</strong>" in html and "You are the host" in html

    room.move("start")
    assert room.room().timer_seconds == 15 * 60
    p1 = next(ph for ph in phones if first[ids[ph.name]][1] == "guest")
    p1.act("notes", text="Families decide <together>", key="k-1")
    p1.act("notes", text="Families decide <together>", key="k-1")  # a re-sent form stores one note
    with app.app_context():
        notes = db.session.query(Entry).filter_by(room_id=room.id, kind="note").all()
        assert len(notes) == 1 and notes[0].text == "Families decide <together>"
        note_id, note_table = notes[0].id, notes[0].place
    host_phone = next(ph for ph in phones if ids[ph.name] == hosts[note_table])
    assert "Families decide &lt;together&gt;" in host_phone.page()
    assert "Take back" in p1.page()  # the author can take back their own note
    assert "Take back" not in host_phone.page()
    host_phone.act("insight", entry=note_id)
    p1.act("insight", entry=note_id, expect=422)  # only the host marks insights

    room.move("change")
    second = seating(app, room.id, 1)
    for p, (t, role) in second.items():
        if role == "host":
            assert first[p] == (t, "host")
        else:
            assert first[p][0] != t, "every guest changes table"
    for t in range(3):
        guests = [first[p][0] for p, (tt, role) in second.items() if tt == t and role == "guest"]
        assert len(set(guests)) == len(guests), "guests come from different tables"
    assert "Brief the newcomers" in host_phone.page()

    room.move("start")
    room.move("report")  # the last round is over
    projector = room.page("projector")
    assert "Report-back: table 1" in projector
    room.move("next-table")
    room.move("next-table")
    room.move("all-tables")
    assert room.page("projector").count('class="cloth compact"') == 3
    markdown = room.host.get(f"/rooms/{room.id}/results.md").get_data(as_text=True)
    assert "## Table 1: Pre-decision" in markdown and "**Key insight:** Families decide \\<together\\>" in markdown


def test_notes_only_while_a_round_runs_and_for_seated_people(app, live):
    room = live(CAFE)
    ana = room.join("Ana")
    ana.act("notes", text="too early", key="a", expect=422)
    room.move("seat")
    ana.act("notes", text="still too early", key="b", expect=422)
    room.move("start")
    response = ana.act("notes", text="", key="c", expect=422)
    assert "empty" in response.get_data(as_text=True)
    ana.act("notes", text="x" * 281, key="d", expect=422)


def test_a_late_joiner_gets_the_smallest_table(app, live):
    room = live(CAFE)
    for i in range(8):
        room.join(f"P{i}")
    room.move("seat")
    late = room.join("Late")
    assert re.search(r"Go to <strong>table \d</strong>", late.page())


def test_hosts_can_only_be_changed_before_the_rounds(app, live):
    room = live(CAFE)
    ana = room.join("Ana")
    room.move("seat")
    room.move("start")
    room.act("host", table=0, participant=ana.id(), expect=422)


def test_the_facilitator_hides_a_note_from_every_screen(app, live):
    room = live(CAFE)
    phones = [room.join(f"P{i}") for i in range(4)]
    room.move("seat")
    room.move("start")
    phones[0].act("notes", text="something rude", key="r1")
    with app.app_context():
        note = db.session.query(Entry).filter_by(room_id=room.id, kind="note").one()
    room.act("note", entry=note.id, flag="hide")
    assert all("something rude" not in ph.page() for ph in phones)
    room.move("report")
    assert "something rude" not in room.page("projector")


def test_a_cafe_of_two_thousand_is_seated_round_after_round_and_a_late_joiner_too(app, live):
    """A plenary-sized café is seated by the rules at scale (no search that grows with the square of people)."""
    from collections import Counter

    from tests.rooms.live.test_group_board_large import crowd

    room = live(CAFE)
    crowd(app, room.id, 2000)
    room.move("seat")
    first = seating(app, room.id, 0)
    sizes = Counter(t for t, _ in first.values())
    assert len(first) == 2000 and max(sizes.values()) - min(sizes.values()) <= 1
    room.move("start")
    room.move("change")
    second = seating(app, room.id, 1)
    assert len(second) == 2000
    assert all(second[p][0] != first[p][0] for p, (_, role) in first.items() if role == "guest"), "every guest changed table"
    late = room.join("Late")
    assert re.search(r"Go to <strong>table \d</strong>", late.page())
    assert len(seating(app, room.id, 1)) == 2001
