"""Brainwriting through the app: cards round the ring, late joiners and leavers, the vote, results, exports, restarts."""

from __future__ import annotations

import re

from toolbox.extensions import db
from toolbox.rooms.models import Entry, Room, Vote
from toolbox.rooms.summary import summarise

from .restart import restarted

BW = "module-2/3-cooperation-frameworks-brainwriting"


def card_number(html: str) -> int | None:
    found = re.search(r'id="my-card-title" class="bw-card-title">Card (\d+)<', html)
    return int(found.group(1)) if found else None


def ideas(app, room_id: int) -> list[Entry]:
    with app.app_context():
        rows = db.session.query(Entry).filter_by(room_id=room_id, kind="idea").order_by(Entry.id).all()
        db.session.expunge_all()
        return rows


def test_cards_pass_round_the_ring_then_the_room_votes_and_sees_the_ranking(app, live):
    room = live(BW)
    phones = [room.join(f"P{i}") for i in range(5)]
    assert "When writing starts, this page gives you a card" in phones[0].page()
    room.move("start")
    assert room.room().timer_seconds == 4 * 60
    for i, phone in enumerate(phones):
        assert card_number(phone.page()) == i + 1, "everyone starts on their own card"
        phone.act("ideas", text=f"Own idea of P{i}", key=f"own-{i}")
    phones[0].act("ideas", text="Own idea of P0", key="own-0")  # a re-sent form stores one idea
    assert len(ideas(app, room.id)) == 5
    assert "<strong>5</strong> of 5 people have written on their own card" in room.page("projector")
    assert "Own idea of P1" not in room.page("projector"), "the projector never shows the cards while they are written"

    for k in (1, 2, 3):
        room.move("next")
        assert room.room().phase == "passing" and room.room().state["pass"] == k
        for i, phone in enumerate(phones):
            html = phone.page()
            assert card_number(html) == (i - k) % 5 + 1, "the card came from the person before in the ring"
            assert "came from the person before you" in html
            phone.act("ideas", text=f"P{i} adds in pass {k}", key=f"p{k}-{i}")
        assert f"Pass {k} of 3" in room.page("projector")
    html = phones[1].page()
    assert "Own idea of P3" in html and "P0 adds in pass 3" not in html  # P1 holds P3's card in pass 3

    assert "Open the vote (3 dots each)" in room.page("console")
    room.move("next")
    assert room.room().phase == "voting" and room.room().timer_seconds == 0
    with app.app_context():
        cards = {e.value: e.id for e in db.session.query(Entry).filter_by(room_id=room.id, kind="card")}
    for n in (1, 2, 3):
        phones[0].act("vote", card=cards[n], on="yes")
    phones[0].act("vote", card=cards[3], on="yes")  # re-sent: still one dot
    refused = phones[0].act("vote", card=cards[4], on="yes", expect=422)
    assert "used all 3" in refused.get_data(as_text=True)
    phones[0].act("vote", card=cards[3], on="no")
    phones[0].act("vote", card=cards[4], on="yes")
    phones[1].act("vote", card=cards[4], on="yes")
    phones[2].act("vote", card=cards[4], on="yes")
    phones[2].act("vote", card=cards[1], on="yes")
    with app.app_context():
        assert db.session.query(Vote).filter_by(room_id=room.id).count() == 6
    projector = room.page("projector")
    assert "<strong>3</strong> of 5 people have voted" in projector and "bw-votes" not in projector, "no counts until the results"

    room.move("next")
    projector = room.page("projector")
    titles = re.findall(r'<span class="bw-rank">(\d+)\.</span> Card (\d+) <span class="bw-votes">(\d+) dots?</span>', projector)
    assert titles[:3] == [("1", "4", "3"), ("2", "1", "2"), ("3", "2", "1")]
    assert "Own idea of P3" in projector
    assert "Results" in phones[4].page()

    markdown = room.host.get(f"/rooms/{room.id}/results.md").get_data(as_text=True)
    assert "## 1. Card 4, 3 votes" in markdown and "- Own idea of P3 (P3, first writing)" in markdown and "(P4, pass 3)" in markdown
    csv = room.host.get(f"/rooms/{room.id}/results.csv").get_data(as_text=True)
    assert csv.splitlines()[0] == "room,rank,card,votes,pass,idea,author" and f"{room.code},1,4,3,0,Own idea of P3,P3" in csv
    with app.app_context():
        summary = summarise(db.session.get(Room, room.id))
    assert summary.top[0].where == "Top cards" and summary.top[0].score == 3 and summary.top[0].text.startswith("Card 4: Own idea of P3; ")
    assert len(summary.notes) == 20


def test_a_late_joiner_takes_the_seat_of_someone_who_left(app, live):
    room = live(BW)
    phones = [room.join(f"P{i}") for i in range(4)]
    room.move("start")
    early = room.join("Early")  # still writing: joins the end of the ring with a card of their own
    assert card_number(early.page()) == 5
    room.move("pass")
    ids = [ph.id() for ph in phones]
    room.host.post(f"/rooms/{room.id}/participants/{ids[1]}/remove")
    assert "1 card without a reader this pass" in room.page("console")
    assert card_number(phones[2].page()) == 2, "P2 still reads P1's card"
    late = room.join("Late")  # takes P1's empty seat at once: reads the card lying there now
    assert card_number(late.page()) == 1
    late.act("ideas", text="A late idea", key="late")
    room.move("pass")
    assert card_number(late.page()) == 5
    assert "without a reader" not in room.page("console")
    later = room.join("Later")  # no empty seat: a card of their own
    html = later.page()
    assert "a card of your own" in html and card_number(html) is None
    later.act("ideas", text="Idea on my own card", key="later")
    assert card_number(later.page()) == 6
    room.move("pass")
    assert card_number(later.page()) == 6, "an own card stays with its writer"
    held = [card_number(ph.page()) for ph in (phones[0], phones[2], phones[3], early, late)]
    assert sorted(held) == [1, 2, 3, 4, 5] and held[0] != 1 and held[1] != 3


def test_without_dots_the_cards_go_straight_to_the_results(app, live):
    room = live(BW)
    with app.app_context():
        r = db.session.get(Room, room.id)
        r.settings = {**r.settings, "vote_dots": 0}
        db.session.commit()
    phones = [room.join(f"P{i}") for i in range(2)]
    room.move("start")
    phones[0].act("ideas", text="Only idea", key="k")
    room.move("next")
    assert room.room().phase == "passing"
    room.move("next")
    assert room.room().phase == "results"
    assert "Voting" not in room.page("console")
    projector = room.page("projector")
    assert "Card 1" in projector and "bw-votes" not in projector


def test_a_restart_keeps_cards_ring_pass_timer_and_votes(app, live, make_app):
    room = live(BW)
    phones = [room.join(f"P{i}") for i in range(3)]
    room.move("start")
    phones[0].act("ideas", text="Before the restart", key="r1")
    room.move("pass")
    before = [card_number(ph.page()) for ph in phones]
    again, phones2 = restarted(make_app, room, phones)
    assert [card_number(ph.page()) for ph in phones2] == before
    assert "Before the restart" in phones2[1].page()
    assert "Pass 1 of 2" in again.page("projector") and 'class="timer-value"' in again.page("projector")
    again.move("vote")
    with app.app_context():
        card = db.session.query(Entry).filter_by(room_id=room.id, kind="card", value=1).one().id
    phones2[2].act("vote", card=card, on="yes")
    assert "Take back your dot" in phones[2].page(), "the first server sees the vote taken on the second"


def test_participants_act_only_for_themselves_and_never_as_the_facilitator(app, live):
    room = live(BW)
    ana, bo = room.join("Ana"), room.join("Bo")
    room.move("start")
    ana.act("ideas", text="Ana's idea", key="a")
    idea = ideas(app, room.id)[0].id
    refused = bo.act("withdraw", entry=idea, expect=422)
    assert "only take back your own" in refused.get_data(as_text=True)
    assert bo.client.post(f"/rooms/{room.id}/idea", data={"entry": idea}).status_code in (302, 403)
    assert bo.client.post(f"/rooms/{room.id}/moves", data={"move": "pass"}).status_code in (302, 403)
    stranger = app.test_client()
    assert stranger.post(f"/r/{room.code}/ideas", data={"text": "x", "key": "s"}).status_code == 403
    ana.act("withdraw", entry=idea)
    assert "Ana&#39;s idea" not in ana.page()
    room.move("pass")
    ana.act("ideas", text="Pass one", key="b")
    room.move("vote")
    pass_one = ideas(app, room.id)[-1].id
    ana.act("withdraw", entry=pass_one, expect=422)  # the card has moved on


def test_bad_input_gets_a_clear_message_never_a_500(app, live):
    room = live(BW)
    ana = room.join("Ana")
    assert "while they are being written" in ana.act("ideas", text="too early", key="e", expect=422).get_data(as_text=True)
    room.move("start")
    assert "empty" in ana.act("ideas", text="   ", key="e1", expect=422).get_data(as_text=True)
    assert "under 280" in ana.act("ideas", text="x" * 281, key="e2", expect=422).get_data(as_text=True)
    assert "valid integer" in ana.act("vote", card="abc", on="yes", expect=422).get_data(as_text=True)
    assert "not open" in ana.act("vote", card=1, on="yes", expect=422).get_data(as_text=True)
    room.move("vote")
    assert "not in this room" in ana.act("vote", card=999999, on="yes", expect=422).get_data(as_text=True)
    assert "allowed values" in ana.act("vote", card=1, on="maybe", expect=422).get_data(as_text=True)
    with app.app_context():
        idea_id = db.session.query(Entry).filter_by(room_id=room.id, kind="card").first().id
    assert "no ideas" in ana.act("vote", card=idea_id, on="yes", expect=422).get_data(as_text=True)
    assert "Choose an idea" in room.act("idea", entry="", expect=422).get_data(as_text=True)
