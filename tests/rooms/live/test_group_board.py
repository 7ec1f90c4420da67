"""Group boards through the app: forming groups, rapporteurs, notes per prompt, side and cell, the queue, the report-back."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from html import unescape

import pytest

from toolbox.extensions import db
from toolbox.rooms.models import Entry, Place, Room, Vote
from toolbox.rooms.summary import summarise

CASE = "core/2-structural-context"  # mixed groups, 4 groups of up to 5, three prompts, 5 minutes a group
CAPITALS = "module-1/2-migrants-capitals"  # by territory, a 5 × 4 grid and one prompt
CYCLE = "module-1/4-migrants-in-the-ld-cycle"  # by territory, 4 groups, one row of the grid each
BALANCE = "core/3-empowerment-in-the-balance"  # one board for the room: two sides and a grid
ROLE_PLAY = "module-1/6-what-kind-of-data"  # 5 groups, a role and a topic each
PANEL = "module-2/7-diaspora-initiatives-panel"  # one board and a question queue
CHARTS = "core/0a-getting-to-know-each-other"  # a board for each person, 2 minutes each to present
GALLERY = "module-2/8-call-of-barcelona"  # mixed groups, gallery, questions to the groups

TERRITORIES = ["Dakar", "Turin", "Rabat", "Quito"]


def groups_of(app, room_id: int) -> dict[int, tuple[int, str]]:
    """Participant → (group, role) as stored."""
    with app.app_context():
        rows = db.session.query(Place).filter_by(room_id=room_id, round=0).all()
        return {p.participant_id: (p.place, p.role) for p in rows}


def notes(app, room_id: int, kind: str = "note") -> list[Entry]:
    with app.app_context():
        rows = db.session.query(Entry).filter_by(room_id=room_id, kind=kind).order_by(Entry.id).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def members(placed: dict[int, tuple[int, str]], group: int) -> list[int]:
    return [p for p, (g, _) in placed.items() if g == group]


def message(response) -> str:
    return unescape(re.search(r'class="room-error" role="alert">([^<]*)<', response.get_data(as_text=True)).group(1))


@pytest.fixture
def case(app, live):
    """A case study with twelve people from four territories, two roles, groups formed."""
    room = live(CASE)
    phones = [room.join(f"P{i}", territory=TERRITORIES[i % 4], role=["NGO", "Local authority"][i % 2]) for i in range(12)]
    ids = {phone.name: phone.id() for phone in phones}
    room.move("form")
    return room, phones, ids


def test_mixed_groups_mix_territories_and_the_phone_shows_the_group(app, case):
    room, phones, ids = case
    placed = groups_of(app, room.id)
    assert sorted(Counter(g for g, _ in placed.values()).values()) == [3, 3, 3, 3], "four balanced groups"
    territory = {ids[f"P{i}"]: TERRITORIES[i % 4] for i in range(12)}
    for g in range(4):
        mine = [territory[p] for p in members(placed, g)]
        assert len(set(mine)) == 3, f"group {g + 1} mixes territories: {mine}"
    html = phones[0].page()
    group = placed[ids["P0"]][0]
    assert f"You are in <strong>group {group + 1}</strong>" in html
    assert "I will be the rapporteur" in html
    projector = room.page("projector")
    assert projector.count('class="table-card"') == 4 and "Find your group" in projector


def test_the_join_form_asks_for_attributes_only_when_groups_are_mixed(app, live):
    assert 'name="territory"' in live(CASE).join("Ana").client.get(f"/r/{live(CASE).code}").get_data(as_text=True)
    panel = live(PANEL)
    assert 'name="territory"' not in panel.host.get(f"/r/{panel.code}").get_data(as_text=True)


def test_rapporteurs_volunteer_or_are_chosen_then_picked_by_the_app(app, case):
    room, phones, ids = case
    placed = groups_of(app, room.id)
    g0 = placed[ids["P0"]][0]
    mate = next(ph for ph in phones if ph.name != "P0" and placed[ids[ph.name]][0] == g0)
    phones[0].act("rapporteur", rapporteur="yes")
    assert "You are the rapporteur" in phones[0].page()
    assert "P0 is the rapporteur" in mate.page()
    assert message(mate.act("rapporteur", rapporteur="yes", expect=422)) == "P0 is already your group's rapporteur."
    other_group = next(g for g in range(4) if g != g0)
    chosen = members(placed, other_group)[0]
    room.act("rapporteur", group=other_group, participant=chosen)
    assert (
        message(room.act("rapporteur", group=other_group, participant=ids["P0"], expect=422))
        == f"That person is not in group {other_group + 1}."
    )
    room.move("start")
    placed = groups_of(app, room.id)
    for g in range(4):
        assert [role for p, (gg, role) in placed.items() if gg == g].count("rapporteur") == 1, "one rapporteur per group"
    assert placed[ids["P0"]][1] == "rapporteur" and placed[chosen][1] == "rapporteur"
    assert room.room().timer_seconds == 40 * 60


def test_the_facilitator_moves_people_before_the_work_and_never_over_the_cap(app, case):
    room, phones, ids = case
    placed = groups_of(app, room.id)
    g0 = placed[ids["P0"]][0]
    target = (g0 + 1) % 4
    room.act("move", participant=ids["P0"], group=target)
    assert groups_of(app, room.id)[ids["P0"]][0] == target
    assert f"You are in <strong>group {target + 1}</strong>" in phones[0].page()
    others = [p for p in ids.values() if groups_of(app, room.id)[p][0] != target]
    room.act("move", participant=others[0], group=target)
    response = room.act("move", participant=others[1], group=target, expect=422)
    assert message(response) == f"Group {target + 1} is full (5 of 5): move someone out first."
    room.act("move", participant=others[1], group=-1)
    assert room.room().state["groups"] == 5 and groups_of(app, room.id)[others[1]][0] == 4
    room.move("reform")
    assert sorted(Counter(g for g, _ in groups_of(app, room.id).values()).values()) == [3, 3, 3, 3], "formed again from scratch"
    room.move("start")
    room.move("report")
    assert message(room.act("move", participant=ids["P0"], group=0, expect=422)).startswith("People can change groups")


def test_notes_go_on_my_own_board_once_and_my_group_sees_them(app, case):
    room, phones, ids = case
    room.move("start")
    placed = groups_of(app, room.id)
    mine = placed[ids["P0"]][0]
    mate = next(ph for ph in phones if ph.name != "P0" and placed[ids[ph.name]][0] == mine)
    stranger = next(ph for ph in phones if placed[ids[ph.name]][0] != mine)
    phones[0].act("note", text="Drought <ruins> herds", key="n-1", target="p:0", group=mine)
    phones[0].act("note", text="Drought <ruins> herds", key="n-1", target="p:0", group=mine)  # a re-sent form
    stored = notes(app, room.id)
    assert len(stored) == 1 and (stored[0].place, stored[0].target) == (mine, "p:0")
    assert "Drought &lt;ruins&gt; herds" in mate.page() and "Drought" not in stranger.page()
    assert "<ruins>" not in mate.page() and "Drought &lt;ruins&gt; herds" in room.page("console")
    other = (mine + 1) % 4
    response = phones[0].act("note", text="sneaky", key="n-2", target="p:0", group=other, expect=422)
    assert message(response) == f"You can only write on your own group's board (you are in group {mine + 1})."
    assert message(phones[0].act("note", text="x", key="n-3", target="p:7", group=mine, expect=422)).startswith(
        "That part of the board does not exist"
    )
    assert message(phones[0].act("note", text="x", key="n-4", target="m:0:0", group=mine, expect=422)).startswith("That part of the board")
    assert (
        message(phones[0].act("note", text="x", key="n-5", target="<script>", group=mine, expect=422))
        == "That part of the board does not exist."
    )
    assert "empty" in message(phones[0].act("note", text="   ", key="n-6", target="p:1", group=mine, expect=422))
    assert "under 280" in message(phones[0].act("note", text="y" * 281, key="n-7", target="p:1", group=mine, expect=422))
    assert len(notes(app, room.id)) == 1


def test_the_rapporteur_marks_key_points_and_authors_take_notes_back(app, case):
    room, phones, ids = case
    room.move("start")
    placed = groups_of(app, room.id)
    by_id = {ids[ph.name]: ph for ph in phones}
    g = 0
    rapporteur = next(by_id[p] for p in members(placed, g) if placed[p][1] == "rapporteur")
    author = next(by_id[p] for p in members(placed, g) if placed[p][1] != "rapporteur")
    author.act("note", text="Remittances pay for school", key="k-1", target="p:1", group=g)
    author.act("note", text="A typo", key="k-2", target="p:1", group=g)
    first, typo = notes(app, room.id)
    assert message(author.act("key-point", entry=first.id, expect=422)) == "Only the rapporteur of this group marks its key points."
    rapporteur.act("key-point", entry=first.id)
    assert re.search(r'★</span> Key point:</span>\s*<span class="note-text">Remittances pay for school', author.page())
    assert notes(app, room.id)[0].flag
    assert message(rapporteur.act("withdraw", entry=typo.id, expect=422)) == "You can only take back what you wrote yourself."
    author.act("withdraw", entry=typo.id)
    assert "A typo" not in rapporteur.page()
    outsider = next(by_id[p] for p in members(placed, 1))
    assert outsider.act("key-point", entry=first.id, expect=422)


def test_the_facilitator_hides_a_note_and_marks_key_points(app, case):
    room, phones, ids = case
    room.move("start")
    g = groups_of(app, room.id)[ids["P1"]][0]
    phones[1].act("note", text="something rude", key="r-1", target="p:0", group=g)
    phones[1].act("note", text="a real insight", key="r-2", target="p:2", group=g)
    rude, insight = notes(app, room.id)
    room.act("note", entry=rude.id, flag="hide")
    room.act("note", entry=insight.id, flag="key")
    assert "something rude" not in phones[1].page()
    room.move("report")
    for _ in range(g):
        room.move("next-group")
    projector = room.page("projector")
    assert "something rude" not in projector and "a real insight" in projector and "Key point:" in projector
    assert "something rude" in room.page("console"), "the console still lists hidden notes, to show them again"


def test_report_back_group_by_group_with_a_timer_then_everything_exported(app, case):
    room, phones, ids = case
    room.move("start")
    placed = groups_of(app, room.id)
    for i, phone in enumerate(phones):
        phone.act("note", text=f"Idea {i}", key=f"i-{i}", target=f"p:{i % 3}", group=placed[ids[phone.name]][0])
    room.move("report")
    assert "Report-back: group 1 of 4" in room.page("projector")
    assert room.room().timer_seconds == 5 * 60, "each group presents for five minutes"
    html = phones[0].page()
    assert "Now presenting: Group 1" in html and 'name="text"' not in html, "phones read the board presented, they do not write"
    room.move("next-group")
    assert "Report-back: group 2 of 4" in room.page("projector")
    room.act("show", show="p:1")
    projector = room.page("projector")
    assert "Which structural conditions" not in projector and projector.count("board-card compact") == 4
    assert message(room.act("show", show="r:0", expect=422)) == "That part cannot be compared across boards."
    room.move("previous-group")  # stop comparing
    room.move("next-group")
    room.move("next-group")
    room.move("all-groups")
    room.move("finish")
    assert "Key points" in room.page("projector")
    markdown = room.host.get(f"/rooms/{room.id}/results.md").get_data(as_text=True)
    assert "## Group 1" in markdown and "Rapporteur: " in markdown and "- Idea 0 (P0)" in markdown
    rows = list(csv.reader(io.StringIO(room.host.get(f"/rooms/{room.id}/results.csv").get_data(as_text=True))))
    assert rows[0][:6] == ["room", "group", "board", "role", "rapporteur", "kind"] and len(rows) == 13
    assert all(row[4] for row in rows[1:]), "every row names its group's rapporteur"


def test_a_late_joiner_goes_to_the_smallest_group(app, live):
    room = live(CASE)
    for i in range(9):
        room.join(f"P{i}")
    room.move("form")
    room.move("start")
    before = Counter(g for g, _ in groups_of(app, room.id).values())
    assert sorted(before.values()) == [2, 2, 2, 3]
    late = room.join("Late")
    group = groups_of(app, room.id)[late.id()][0]
    assert before[group] == 2 and f"Group {group + 1}" in late.page()


def test_a_grid_on_a_phone_one_row_at_a_time(app, live):
    room = live(CAPITALS)
    phones = [room.join(f"P{i}", territory=["Dakar", "Turin"][i % 2]) for i in range(8)]  # two groups of four (up to six)
    room.move("form")
    placed = groups_of(app, room.id)
    ids = {ph.name: ph.id() for ph in phones}
    for g in set(g for g, _ in placed.values()):
        assert len({["Dakar", "Turin"][int(ph.name[1:]) % 2] for ph in phones if placed[ids[ph.name]][0] == g}) == 1, (
            "one territory per group"
        )
    room.move("start")
    g = placed[ids["P0"]][0]
    html = phones[0].page()
    assert html.count('class="tab-radio"') == 5 and html.count('"gb-row-0-0" checked') == 1, "five rows to choose from, the first shown"
    assert "Which migrant communities" in html
    phones[0].act("note", text="Engineers trained abroad", key="c-1", target="m:0:0", group=g)
    phones[0].act("note", text="Savings groups", key="c-2", target="m:1:2", group=g)
    assert 'Human capital <span class="tab-count">(1)</span>' in phones[0].page()
    assert message(phones[0].act("note", text="x", key="c-3", target="m:5:0", group=g, expect=422)).startswith("That part")
    room.move("report")
    projector = room.page("projector")
    assert '<table class="board-table">' in projector and "Engineers trained abroad" in projector
    room.move("next-group") if room.room().state["groups"] > 1 else None
    room.act("show", show="r:1")
    assert "Savings groups" in room.page("projector")
    markdown = room.host.get(f"/rooms/{room.id}/results.md").get_data(as_text=True)
    assert "### Financial and entrepreneurial capital — What it brings to the territory of destination" in markdown


def test_each_group_fills_its_own_row_of_the_cycle(app, live):
    room = live(CYCLE)
    phones = [room.join(f"P{i}", territory=TERRITORIES[i % 4]) for i in range(8)]
    room.move("form")
    room.move("start")
    placed = groups_of(app, room.id)
    ids = {ph.name: ph.id() for ph in phones}
    g = placed[ids["P0"]][0]
    html = phones[0].page()
    assert 'class="tab-radio"' not in html and f'value="m:{g}:0"' in html
    phones[0].act("note", text="Migrant councils", key="y-1", target=f"m:{g}:0", group=g)
    assert message(phones[0].act("note", text="x", key="y-2", target=f"m:{(g + 1) % 4}:0", group=g, expect=422)).startswith("That part")


def test_one_board_for_the_room_with_two_sides_and_notes_moved_by_the_facilitator(app, live):
    room = live(BALANCE)
    phones = [room.join(f"P{i}") for i in range(5)]
    room.move("form")
    assert set(g for g, _ in groups_of(app, room.id).values()) == {0}
    assert "Everyone works on <strong>one board</strong>" in phones[0].page()
    room.move("start")
    phones[0].act("note", text="Own income", key="b-1", target="s:0", group=0)
    phones[1].act("note", text="Double discrimination", key="b-2", target="s:0", group=0)
    assert "Own income" in phones[4].page() and "Own income" in room.page("projector"), "the whole room sees the board fill up"
    wrong = notes(app, room.id)[1]
    room.act("note-part", entry=wrong.id, target="s:1")
    assert notes(app, room.id)[1].target == "s:1"
    assert message(room.act("note-part", entry=wrong.id, target="p:0", expect=422)) == "That part is not on this note's board."
    phones[2].act("note", text="Hotline for migrant women", key="b-3", target="m:0:1", group=0)
    room.act("note", entry=notes(app, room.id)[2].id, flag="key")
    room.move("report")
    room.move("finish")
    with app.app_context():
        summary = summarise(db.session.get(Room, room.id))
    assert [(h.text, h.kind) for h in summary.notes][:2] == [("Hotline for migrant women", "insight"), ("Own income", "note")]
    assert summary.notes[0].where == "The room's board: Community — In destination", "key points first, with where they are"
    assert summary.notes[2].where == "The room's board: Disempowerment"


def test_the_panel_queue_counts_one_upvote_per_person(app, live):
    room = live(PANEL)
    phones = [room.join(f"P{i}") for i in range(4)]
    room.move("form")
    assert message(phones[0].act("ask", text="Too early?", key="q-0", target=0, expect=422)) == "Questions open once the work starts."
    room.move("start")
    phones[0].act("ask", text="How did you fund it?", key="q-1", target=0)
    phones[0].act("ask", text="How did you fund it?", key="q-1", target=0)  # sent twice
    phones[1].act("ask", text="Who led the <project>?", key="q-2", target=0)
    first, second = notes(app, room.id, "question")
    assert len(notes(app, room.id, "question")) == 2
    for phone in phones[1:]:
        phone.act("upvote", entry=first.id, vote="up")
    phones[2].act("upvote", entry=first.id, vote="up")  # again: still one upvote
    assert message(phones[0].act("upvote", entry=first.id, vote="up", expect=422)) == "You asked this question: the others upvote it."
    phones[3].act("upvote", entry=second.id, vote="up")
    phones[3].act("upvote", entry=second.id, vote="down")
    with app.app_context():
        assert Counter(v.entry_id for v in db.session.query(Vote).filter_by(room_id=room.id)) == {first.id: 3}
    projector = room.page("projector")
    assert projector.index("How did you fund it?") < projector.index("Who led the &lt;project&gt;?") and "▲ 3" in projector
    assert "Upvoted ✓" in phones[2].page()
    room.move("report")
    room.act("question", entry=first.id, status="now")
    assert "Now answering:</span> How did you fund it?" in room.page("projector")
    room.act("question", entry=second.id, status="now")
    assert [q.value for q in notes(app, room.id, "question")] == [2, 1], "the question answered before is marked answered"
    assert message(phones[1].act("upvote", entry=first.id, vote="up", expect=422)) == "This question has been answered already."
    room.act("question", entry=second.id, status="hide")
    assert "Who led" not in phones[0].page()
    markdown = room.host.get(f"/rooms/{room.id}/results.md").get_data(as_text=True)
    assert "- How did you fund it?: 3 upvotes (answered)" in markdown


def test_role_play_groups_each_get_a_role_and_a_topic(app, live):
    room = live(ROLE_PLAY)
    phones = [room.join(f"P{i}", role=["NGO", "Mayor"][i % 2]) for i in range(10)]
    room.move("form")
    placed = groups_of(app, room.id)
    ids = {ph.name: ph.id() for ph in phones}
    g = placed[ids["P0"]][0]
    roles = ["Municipal authorities", "Regional authorities", "NGOs", "Local training providers", "Chamber of Commerce"]
    assert f"Your group plays: <strong>{roles[g]}</strong>" in phones[0].page()
    projector = room.page("projector")
    assert all(f"Role: {r}" in projector for r in roles)
    room.move("start")
    html = phones[0].page()
    assert html.count('name="target"') == 1 and f'value="p:{g}"' in html, "one topic per group"
    phones[0].act("note", text="Census by country of birth", key="d-1", target=f"p:{g}", group=g)
    rows = list(csv.reader(io.StringIO(room.host.get(f"/rooms/{room.id}/results.csv").get_data(as_text=True))))
    assert rows[1][3] == roles[g]


def test_a_board_for_each_person_presented_in_turn(app, live):
    room = live(CHARTS)
    phones = [room.join(f"P{i}") for i in range(3)]
    room.move("form")
    assert "You have <strong>your own board</strong>" in phones[0].page()
    room.move("start")
    late = room.join("Late")
    assert room.room().state["groups"] == 4 and groups_of(app, room.id)[late.id()] == (3, "rapporteur")
    for i, phone in enumerate([*phones, late]):
        phone.act("note", text=f"I expect {i}", key=f"e-{i}", target="p:1", group=i)
    phones[0].act("key-point", entry=notes(app, room.id)[0].id)
    assert message(phones[0].act("key-point", entry=notes(app, room.id)[1].id, expect=422)).startswith("Only the rapporteur")
    room.move("report")
    assert room.room().timer_seconds == 2 * 60 and "P0" in room.page("projector")
    room.move("next-group")
    assert room.room().timer_seconds == 2 * 60 and "Report-back: board 2 of 4" in room.page("projector")
    room.act("show", show="p:1")  # every 'what I expect' box side by side
    projector = room.page("projector")
    assert all(f"I expect {i}" in projector for i in range(4))


def test_people_choose_their_group_when_the_facilitator_says_so(app, live):
    room = live(CASE)
    room.act("setup", grouping="self", groups="2", max_group_size="2", report_back="gallery", prompts="One question", roles="")
    phones = [room.join(f"P{i}") for i in range(5)]
    room.move("form")
    assert "Choose your group" in phones[0].page()
    phones[0].act("choose", group=0)
    phones[1].act("choose", group=0)
    assert message(phones[2].act("choose", group=0, expect=422)) == "Group 1 is full (2 people): choose another one."
    assert message(phones[2].act("choose", group=7, expect=422)) == "There is no such group."
    phones[2].act("choose", group=1)
    room.move("start")
    placed = groups_of(app, room.id)
    assert len(placed) == 5 and max(Counter(g for g, _ in placed.values()).values()) <= 2, "the others are placed, never over the cap"
    assert room.room().state["groups"] == 3
    assert message(phones[0].act("choose", group=1, expect=422)) == "The work has started: ask the facilitator to move you."


def test_the_setup_can_be_adapted_only_before_the_groups(app, live):
    room = live(CASE)
    response = room.act("setup", grouping="random", groups="", max_group_size="", report_back="plenary", prompts="", roles="", expect=422)
    assert message(response) == "Keep something to fill in: at least one prompt or role."
    assert message(room.act("setup", grouping="teams", report_back="plenary", prompts="a", expect=422)) == "Not one of the allowed values."
    assert (
        message(room.act("setup", grouping="random", groups="99", report_back="plenary", prompts="a", expect=422)) == "Give 0 to 50 groups."
    )
    room.act("setup", grouping="random", groups="3", max_group_size="", report_back="gallery", prompts="First\nSecond", roles="Mayor\nNGO")
    settings = room.room().settings
    assert settings["prompts"] == ["First", "Second"] and settings["groups"] == 3 and settings["roles"] == ["Mayor", "NGO"]
    assert settings["present_minutes"] is None, "no time per group in a gallery"
    for i in range(6):
        room.join(f"P{i}")
    room.move("form")
    assert room.room().state["groups"] == 3
    response = room.act("setup", grouping="random", report_back="plenary", prompts="a", expect=422)
    assert message(response) == "These settings can only change before the groups are formed."


def test_the_gallery_lets_phones_read_every_board_and_ask_its_group(app, live):
    room = live(GALLERY)
    phones = [room.join(f"P{i}", territory=TERRITORIES[i % 4]) for i in range(8)]
    room.move("form")
    room.move("start")
    placed = groups_of(app, room.id)
    ids = {ph.name: ph.id() for ph in phones}
    for phone in phones:
        g = placed[ids[phone.name]][0]
        phone.act("note", text=f"Board {g} from {phone.name}", key=f"g-{phone.name}", target="p:0", group=g)
    assert (
        message(phones[0].act("ask", text="early", key="a-0", target=0, expect=422)) == "Questions to the groups open in the report-back."
    )
    room.move("report")
    html = phones[0].page()
    assert all(f"Board {g} from" in html for g in range(2)), "every board to browse"
    assert 'action="/r/' + room.code + '/note"' not in html, "read-only: no note boxes"
    mine = placed[ids["P0"]][0]
    other = (mine + 1) % 2
    phones[0].act("ask", text="Who pays?", key="a-1", target=other)
    assert "Who pays?" in phones[1].page()
    assert message(phones[0].act("note", text="late", key="a-2", target="p:0", group=mine, expect=422)).startswith("The work is over")


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("note", {}),
        ("note", {"text": "x", "key": "k", "target": "p:0", "group": "one"}),
        ("note", {"text": ["x", "y"], "target": "p:0", "group": "-5"}),
        ("key-point", {"entry": "abc"}),
        ("key-point", {"entry": "999999"}),
        ("withdraw", {"entry": "0"}),
        ("rapporteur", {"rapporteur": "maybe"}),
        ("choose", {"group": ""}),
        ("ask", {"text": "x", "target": "x"}),
        ("upvote", {"entry": "1", "vote": "sideways"}),
        ("upvote", {"entry": "424242", "vote": "up"}),
        ("withdraw", {"entry": "9" * 30}),
    ],
)
def test_bad_input_from_a_phone_is_a_clear_422(app, case, action, data):
    room, phones, ids = case
    room.move("start")
    response = phones[0].act(action, expect=422, **data)
    assert message(response)


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("move", {"participant": "x", "group": "0"}),
        ("move", {"participant": "99999", "group": "0"}),
        ("move", {"participant": "9" * 30, "group": "0"}),
        ("note", {"entry": "9" * 30, "flag": "hide"}),
        ("move", {"participant": "1", "group": "77"}),
        ("rapporteur", {"group": "9", "participant": "0"}),
        ("note", {"entry": "12345", "flag": "key"}),
        ("note", {"entry": "1", "flag": "delete"}),
        ("note-part", {"entry": "1", "target": "q:1"}),
        ("question", {"entry": "1", "status": "now"}),
        ("show", {"show": "g:1"}),
        ("show", {"show": "everything"}),
        ("setup", {"grouping": "random"}),
    ],
)
def test_bad_input_from_the_console_is_a_clear_422(app, case, action, data):
    room, phones, ids = case
    response = room.act(action, expect=422, **data)
    assert message(response)


def test_a_note_from_another_room_is_not_found(app, live):
    first, second = live(CASE), live(CASE)
    a = first.join("A")
    b = second.join("B")
    for room in (first, second):
        room.move("form")
        room.move("start")
    a.act("note", text="mine", key="x-1", target="p:0", group=0)
    note = notes(app, first.id)[0]
    assert message(b.act("withdraw", entry=note.id, expect=422)) == "That item is not in this room any more."
    assert message(second.act("note", entry=note.id, flag="hide", expect=422)) == "That item is not in this room any more."
    with app.app_context():
        assert not db.session.get(Entry, note.id).hidden


def test_strangers_cannot_post(app, case):
    room, phones, ids = case
    stranger = room.app.test_client()
    assert stranger.post(f"/r/{room.code}/note", data={"text": "x", "target": "p:0", "group": "0"}).status_code == 403
    assert stranger.post(f"/rooms/{room.id}/move", data={"participant": "1", "group": "0"}).status_code in (302, 401, 403)
    with app.app_context():
        assert db.session.get(Room, room.id).state["groups"] == 4


def test_with_fewer_groups_than_roles_the_console_says_what_is_left_out(app, live):
    room = live(ROLE_PLAY)
    room.act(
        "setup",
        grouping="random",
        groups="4",
        max_group_size="",
        report_back="plenary",
        prompts="\n".join("ABCDE"),
        roles="\n".join("VWXYZ"),
    )
    for i in range(8):
        room.join(f"P{i}")
    room.move("form")
    assert "<strong>Not handed out:</strong> Z: E" in room.page("console")
