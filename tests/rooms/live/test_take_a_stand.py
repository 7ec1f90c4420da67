"""Take a stand through the app: stances per statement, the hidden then revealed spread, volunteers, moving again."""

from __future__ import annotations

import re

from toolbox.extensions import db
from toolbox.rooms.models import Entry, Room
from toolbox.rooms.summary import summarise

from .restart import restarted

STAND = "module-2/4-what-is-decentralised-cooperation"


def counts(html: str) -> list[tuple[str, int]]:
    """(zone, people) in the order the bars show them (first stands left out)."""
    return [
        (z, int(n))
        for z, n in re.findall(
            r'<span class="stand-label">([^<]+)</span>\s*<span class="bar-track">.*?<span class="stand-count">(\d+)<', html, re.S
        )
    ]


def stances(app, room_id: int) -> list[tuple[int, int, int]]:
    with app.app_context():
        rows = db.session.query(Entry).filter_by(room_id=room_id, kind="stance").all()
        return sorted((e.place, e.round, e.value) for e in rows)


def test_statements_one_by_one_with_the_spread_hidden_until_revealed(app, live):
    room = live(STAND)
    phones = [room.join(f"P{i}") for i in range(5)]
    assert "4 statements" in phones[0].page()
    room.move("next")
    html = phones[0].page()
    assert "Decentralised cooperation means international cooperation" in html and 'aria-pressed="true"' not in html
    phones[0].act("stance", zone=1)
    phones[0].act("stance", zone=1)  # sent again: nothing changes
    assert stances(app, room.id) == [(0, 0, 1)]
    phones[0].act("stance", zone=3)  # another zone: the stance moves
    assert stances(app, room.id) == [(0, 0, 3)]
    assert 'Strongly disagree <span class="stand-here">✓ you are here</span>' in phones[0].page()
    for i, zone in ((1, 0), (2, 0), (3, 1)):
        phones[i].act("stance", zone=zone)
    projector = room.page("projector")
    assert "<strong>4</strong> of 5 people have taken a stand" in projector
    assert "stand-count" not in projector, "the spread stays hidden while people choose"

    room.move("next")  # reveal
    projector = room.page("projector")
    assert counts(projector) == [("Strongly agree", 2), ("Agree", 1), ("Disagree", 0), ("Strongly disagree", 1)]
    phones[4].act("stance", zone=2, expect=422)  # too late for this statement
    refused = phones[4].act("explain", explain="yes", expect=422)
    assert "Take a stand first" in refused.get_data(as_text=True)
    phones[0].act("explain", explain="yes")
    phones[1].act("explain", explain="yes")
    phones[1].act("explain", explain="yes")  # once in the queue
    phones[3].act("explain", explain="yes")
    phones[3].act("explain", explain="no")  # withdrawn
    projector = room.page("projector")
    volunteers = re.findall(r'<p class="stand-volunteers">(.*?)</p>', projector)
    # (read from the volunteers' lines only: the page's random form keys may contain "P3")
    assert volunteers and all("P3" not in line for line in volunteers)
    assert "Would like to explain: P1</p>" in projector and "Would like to explain: P0</p>" in projector
    console = room.page("console")
    assert "<strong>Ask first:</strong> Agree (1), then Strongly disagree (1), then Strongly agree (2)." in console
    with app.app_context():
        offer = db.session.query(Entry).filter_by(room_id=room.id, kind="explain", hidden=False).order_by(Entry.id).first().id
    room.act("heard", entry=offer)
    assert "P0 (heard)" in room.page("projector")

    room.move("again")  # after the explanations, people may move
    assert "move if you changed your mind" in phones[2].page()
    assert "✓ you are here" in phones[2].page(), "everyone starts where they stood"
    phones[2].act("stance", zone=1)
    phones[4].act("stance", zone=2)
    room.move("reveal")
    projector = room.page("projector")
    assert counts(projector) == [("Strongly agree", 1), ("Agree", 2), ("Disagree", 1), ("Strongly disagree", 1)]
    assert "first stand" in projector

    for _ in range(3):
        room.move("next")  # the next statement
        for i, phone in enumerate(phones):
            phone.act("stance", zone=0 if i < 3 else 3)
        room.move("next")  # its spread
    room.move("next")  # the summary
    assert room.room().phase == "summary"
    projector = room.page("projector")
    assert projector.count('class="stand-card"') == 4 and "The most divided statement" in projector
    assert "Every statement" in phones[0].page()

    markdown = room.host.get(f"/rooms/{room.id}/results.md").get_data(as_text=True)
    assert "| Zone | First stand | After the explanations |" in markdown and "| Agree | 1 | 2 |" in markdown
    assert "Offered to explain: P0 (Strongly disagree); P1 (Strongly agree)" in markdown
    csv = room.host.get(f"/rooms/{room.id}/results.csv").get_data(as_text=True)
    assert csv.splitlines()[0] == "room,statement,text,round,zone,people" and ",after the explanations,Agree,2" in csv
    with app.app_context():
        summary = summarise(db.session.get(Room, room.id))
    assert [h.text.split(" (")[0][:20] for h in summary.top] == [s[:20] for s in room.room().settings["statements"]]
    assert {h.where for h in summary.top} == {"Where people stood"} and "Strongly agree: 3" in summary.top[1].text


def test_the_facilitator_adapts_the_statements_before_the_first_one(app, live):
    room = live(STAND)
    room.act("statements", statements="  First  one \n\nSecond one\n")
    assert room.room().settings["statements"] == ["First one", "Second one"]
    assert "Show statement 1 of 2" in room.page("console")
    assert "at least one" in room.act("statements", statements=" \n ", expect=422).get_data(as_text=True)
    assert "under 500" in room.act("statements", statements="x" * 501, expect=422).get_data(as_text=True)
    room.move("next")
    assert "before the first one" in room.act("statements", statements="Too late", expect=422).get_data(as_text=True)


def test_a_restart_keeps_the_statement_the_stances_and_the_queue(app, live, make_app):
    room = live(STAND)
    phones = [room.join(f"P{i}") for i in range(3)]
    room.move("next")
    phones[0].act("stance", zone=2)
    phones[1].act("stance", zone=2)
    room.move("next")
    phones[1].act("explain", explain="yes")
    again, phones2 = restarted(make_app, room, phones)
    projector = again.page("projector")
    assert ("Disagree", 2) in counts(projector) and "Would like to explain: P1" in projector
    assert "You offered to explain" in phones2[1].page() and "You stand at <strong>Disagree</strong>" in phones2[0].page()
    again.move("next")
    phones2[2].act("stance", zone=0)
    assert "<strong>1</strong> of 3 people" in room.page("projector"), "the first server sees the stance taken on the second"


def test_participants_cannot_act_for_others_or_as_the_facilitator(app, live):
    room = live(STAND)
    ana = room.join("Ana")
    assert "Wait for the next statement" in ana.act("stance", zone=0, expect=422).get_data(as_text=True)
    room.move("next")
    ana.act("stance", zone=0)
    room.move("next")
    ana.act("explain", explain="yes")
    with app.app_context():
        offer = db.session.query(Entry).filter_by(room_id=room.id, kind="explain").one().id
    assert ana.client.post(f"/rooms/{room.id}/heard", data={"entry": offer}).status_code in (302, 403)
    assert ana.client.post(f"/rooms/{room.id}/statements", data={"statements": "Mine"}).status_code in (302, 403)
    assert app.test_client().post(f"/r/{room.code}/stance", data={"zone": 0}).status_code == 403
    with app.app_context():
        assert db.session.query(Entry).filter_by(room_id=room.id, kind="explain").one().flag is False


def test_bad_input_gets_a_clear_message(app, live):
    room = live(STAND)
    ana = room.join("Ana")
    room.move("next")
    assert "valid integer" in ana.act("stance", zone="left", expect=422).get_data(as_text=True)
    assert "Choose a zone" in ana.act("stance", expect=422).get_data(as_text=True)
    assert "one of the zones" in ana.act("stance", zone=4, expect=422).get_data(as_text=True)
    assert "one of the zones" in ana.act("stance", zone=-1, expect=422).get_data(as_text=True)
    assert "once the spread is shown" in ana.act("explain", explain="yes", expect=422).get_data(as_text=True)
    room.move("next")
    assert "allowed values" in ana.act("explain", explain="perhaps", expect=422).get_data(as_text=True)
    assert "not in this room" in room.act("heard", entry=99999, expect=422).get_data(as_text=True)
    assert stances(app, room.id) == []
