"""Review games through the app: participants' questions (peeling the onion) and the facilitator's own (the interview)."""

from __future__ import annotations

import re

from toolbox.extensions import db
from toolbox.rooms.methods.review_game import draw, seed
from toolbox.rooms.models import Entry, Room
from toolbox.rooms.summary import summarise

from .restart import restarted

ONION = "module-2/9-peeling-the-onion"  # participants write; one point per question
INTERVIEW = "core/9-wrap-up-interview"  # the facilitator's questions, with their values


def question_ids(app, room_id: int, **where) -> list[int]:
    with app.app_context():
        return [e.id for e in db.session.query(Entry).filter_by(room_id=room_id, kind="question", **where).order_by(Entry.id)]


def shown(html: str) -> str:
    return re.search(r'<p class="projector-question rg-question">([^<]+)</p>', html).group(1)


def board(html: str) -> list[tuple[str, str, str]]:
    return re.findall(
        r'<span class="rg-rank">(\d+)\.</span>\s*<span class="rg-name">([^<]+?)(?: <span[^>]*>\(tied\)</span>)?</span>\s*<span class="rg-points">(\d+)<',
        html,
    )


def test_peeling_the_onion_from_the_question_box_to_joint_winners(app, live):
    room = live(ONION)
    phones = [room.join(n) for n in ("Ana", "Bo", "Cy")]
    assert "up to 2 questions" in phones[0].page()
    phones[0].act("questions", text="Too early?", key="early", expect=422)
    room.move("next")  # open the question box
    phones[0].act("questions", text="What is decentralised cooperation?", key="a1")
    phones[0].act("questions", text="Why do <partnerships> matter?", key="a2")
    phones[0].act("questions", text="Why do <partnerships> matter?", key="a2")  # re-sent at the limit: stored once, no error
    refused = phones[0].act("questions", text="A third one?", key="a3", expect=422)
    assert "written your 2 questions" in refused.get_data(as_text=True)
    first = question_ids(app, room.id)[0]
    phones[0].act("take-back", entry=first)  # to rephrase it
    phones[0].act("questions", text="What makes decentralised cooperation different?", key="a4")
    phones[1].act("questions", text="Name a public-private partnership.", key="b1")
    phones[2].act("questions", text="Name a public-private partnership.", key="c1")
    assert "<strong>4</strong> questions from 3 of 3 people" in room.page("projector")
    duplicate = question_ids(app, room.id)[-1]
    room.act("question", entry=duplicate)  # the same question twice: leave one out

    room.move("next")  # the game starts with a drawn question
    state = room.room().state
    assert room.room().phase == "playing" and state["drawn"] == 1 and state["left"] == 2
    projector = room.page("projector")
    assert shown(projector) in (
        "What makes decentralised cooperation different?",
        "Why do &lt;partnerships&gt; matter?",
        "Name a public-private partnership.",
    )
    assert "Ana" not in projector.split("projector-header")[1], "the projector does not say who wrote the question"
    answerers = [phones[1], phones[0], phones[1]]
    for n, phone in enumerate(answerers):
        current = room.room().state["current"]
        assert "worth 1 point." in room.act("award", question=current, participant=phone.id(), points=2, expect=422).get_data(as_text=True)
        room.act("award", question=current, participant=phone.id(), points=1)
        if n < 2:
            room.move("next")
    current = room.room().state["current"]
    room.act("award", question=current, participant=phones[2].id(), points=1)  # a correction: Cy, not Bo, answered the last one
    assert room.room().phase == "playing" and room.room().state["left"] == 0
    assert "Draw question" not in room.page("console"), "every question has been drawn"
    with app.app_context():
        drawn = db.session.query(Entry).filter_by(room_id=room.id, kind="question", flag=True).all()
        assert sorted(e.round for e in drawn) == [1, 2, 3] and duplicate not in [e.id for e in drawn]

    room.move("next")  # the scoreboard
    projector = room.page("projector")
    assert "Joint winners" in projector and "<strong>Ana, Bo and Cy</strong>" in projector and "1 point each" in projector
    assert board(projector) == [("1", "Ana", "1"), ("1", "Bo", "1"), ("1", "Cy", "1")]
    assert "Joint winners:" in phones[0].page() and "You scored <strong>1</strong> point, rank 1" in phones[0].page()

    markdown = room.host.get(f"/rooms/{room.id}/results.md").get_data(as_text=True)
    assert "Joint winners: Ana, Bo, Cy (1 point each)" in markdown
    assert "Why do \\<partnerships\\> matter? (Ana) — 1 point to" in markdown
    csv = room.host.get(f"/rooms/{room.id}/results.csv").get_data(as_text=True)
    assert csv.splitlines()[0] == "room,drawn,question,author,value,awarded to,points"
    with app.app_context():
        summary = summarise(db.session.get(Room, room.id))
    assert {h.text for h in summary.top} == {"Ana", "Bo", "Cy"} and all(h.score == 1 for h in summary.top)
    assert len(summary.notes) == 3


def test_the_interview_with_the_facilitators_questions_their_values_and_a_chosen_next_one(app, live):
    room = live(INTERVIEW)
    ana, bo = room.join("Ana"), room.join("Bo")
    assert "Why is the local level so important" in room.page("console"), "the guide's questions can be adapted first"
    room.act("questions", questions="First, on the local level? (1 point)\nSecond, on gender (3 points)\n\nThird, plain")
    assert room.room().settings["questions"][1] == {"question": "Second, on gender", "points": 3}
    room.move("next")
    assert room.room().phase == "playing"
    projector = room.page("projector")
    assert shown(projector) == "First, on the local level?" and '<span class="rg-value">1 point</span>' in projector
    first, second, third = question_ids(app, room.id)
    room.act("pick", entry=third)  # the facilitator chooses the next one
    assert shown(room.page("projector")) == "Third, plain"
    room.act("pick", entry=third, expect=422)
    room.move("next")
    assert shown(room.page("projector")) == "Second, on gender" and "3 points" in ana.page()
    room.act("award", question=second, participant=bo.id(), points=3)
    room.act("award", question=first, participant=ana.id(), points=1)  # an earlier question, scored afterwards
    assert "Your score: <strong>3</strong> points" in bo.page()
    room.move("scores")
    assert "Winner:" in room.page("projector") and "<strong>Bo</strong>" in room.page("projector")
    assert board(room.page("projector")) == [("1", "Bo", "3"), ("2", "Ana", "1")]


def test_the_draw_survives_a_restart_and_follows_the_rooms_seed(app, live, make_app):
    room = live(INTERVIEW)
    phones = [room.join("Ana")]
    room.move("next")
    again, phones2 = restarted(make_app, room, phones)
    assert shown(again.page("projector")) == shown(room.page("projector"))
    with app.app_context():
        waiting = [e.id for e in db.session.query(Entry).filter_by(room_id=room.id, kind="question", flag=False)]
    expected = draw(waiting, "in-order" if room.room().settings["draw"] == "in-order" else "random", seed(room.id, 2))
    again.move("next")  # drawn by the second server
    assert room.room().state["current"] == expected and room.room().state["drawn"] == 2
    room.act("award", question=expected, participant=phones2[0].id(), points=2)
    assert "Your score: <strong>2</strong> points" in phones2[0].page()


def test_participants_cannot_award_pick_or_take_back_for_others(app, live):
    room = live(ONION)
    ana, bo = room.join("Ana"), room.join("Bo")
    room.move("collect")
    ana.act("questions", text="Mine?", key="m")
    mine = question_ids(app, room.id)[0]
    assert "your own questions" in bo.act("take-back", entry=mine, expect=422).get_data(as_text=True)
    room.move("play")
    for action, data in (
        ("award", {"question": mine, "participant": bo.id(), "points": 1}),
        ("pick", {"entry": mine}),
        ("question", {"entry": mine}),
    ):
        assert bo.client.post(f"/rooms/{room.id}/{action}", data=data).status_code in (302, 403)
    assert app.test_client().post(f"/r/{room.code}/questions", data={"text": "x", "key": "z"}).status_code == 403
    with app.app_context():
        assert db.session.query(Entry).filter_by(room_id=room.id, kind="points").count() == 0
    assert "The game has started" in ana.act("take-back", entry=mine, expect=422).get_data(as_text=True)


def test_bad_input_gets_a_clear_message(app, live):
    room = live(ONION)
    ana = room.join("Ana")
    room.move("collect")
    assert "There are no questions yet" in room.move("play", expect=422).get_data(as_text=True)
    assert room.room().phase == "collecting"
    assert "empty" in ana.act("questions", text="  ", key="e", expect=422).get_data(as_text=True)
    assert "under 280" in ana.act("questions", text="?" * 281, key="f", expect=422).get_data(as_text=True)
    ana.act("questions", text="Fine?", key="g")
    q = question_ids(app, room.id)[0]
    assert "during the game" in room.act("award", question=q, participant=ana.id(), points=1, expect=422).get_data(as_text=True)
    room.move("play")
    assert "valid integer" in room.act("award", question=q, participant=ana.id(), points="lots", expect=422).get_data(as_text=True)
    assert "not in this room" in room.act("award", question=q, participant=99999, points=1, expect=422).get_data(as_text=True)
    assert "This question is worth 1 point." in room.act("award", question=q, participant=ana.id(), points=3, expect=422).get_data(
        as_text=True
    )
    assert "not in this room any more" in room.act("pick", entry=99999, expect=422).get_data(as_text=True)
    assert "no new questions" in ana.act("questions", text="Late?", key="h", expect=422).get_data(as_text=True)


def test_the_facilitators_questions_are_checked(app, live):
    room = live(INTERVIEW)
    assert "at least one question" in room.act("questions", questions="\n \n", expect=422).get_data(as_text=True)
    assert "from 1 to 100" in room.act("questions", questions="Q (0 points)", expect=422).get_data(as_text=True)
    assert "no question" in room.act("questions", questions="(2 points)", expect=422).get_data(as_text=True)
    assert "under 280" in room.act("questions", questions="x" * 300, expect=422).get_data(as_text=True)
    room.move("next")
    assert "before the game starts" in room.act("questions", questions="New?", expect=422).get_data(as_text=True)
    with app.app_context():
        awarded = db.session.query(Entry).filter_by(room_id=room.id, kind="question", flag=False).first().id
    assert "not been drawn yet" in room.act("award", question=awarded, participant=0, points=0, expect=422).get_data(as_text=True)
