"""What people and the facilitator post in a group-board room: notes, key points, rapporteurs, questions, groups.

Each action validates its form, then starts with `begin_write()` and `bump()` (which locks the room),
checks the phase again, and changes data; the view commits once. A refusal is an IllegalAction with
a sentence for the person.
"""

from __future__ import annotations

from wtforms import IntegerField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from toolbox.extensions import begin_write
from toolbox.forms import Form, HiddenText, TextAreaText, TextField
from toolbox.rooms import entries, services
from toolbox.rooms.entries import MAX_ID
from toolbox.rooms.forms import choice
from toolbox.rooms.methods import IllegalAction
from toolbox.rooms.methods.group_board import ALL_GROUPS, ONE_BOARD, cap, focus_options, part
from toolbox.rooms.methods.settings import GROUPINGS, MAX_PARTS
from toolbox.rooms.models import Participant, Room

from .base import Action
from .group_board import (
    ANSWERED,
    MAX_GROUPS,
    MEMBER,
    NOW,
    RAPPORTEUR,
    WAITING,
    count_of,
    group_members,
    members_by_group,
    my_place,
    restart_presentation_timer,
    set_place,
    spread,
)

PART = r"^(p:\d{1,2}|s:\d|m:\d{1,2}:\d|n)$"
NO_PART = "That part of the board does not exist."
QUESTION_LENGTH = 280


def _entry_field() -> IntegerField:
    return IntegerField(
        validators=[
            InputRequired(message="Choose an item first."),
            NumberRange(min=1, max=MAX_ID, message="That item is not in this room."),
        ]
    )


def _group_field() -> IntegerField:
    return IntegerField(
        validators=[InputRequired(message="Choose a group first."), NumberRange(min=0, max=999, message="There is no such group.")]
    )


class NoteForm(Form):
    text = TextAreaText("Your note", validators=[Length(max=2000)])
    key = HiddenText(validators=[Length(max=40)])
    target = TextField(validators=[InputRequired(message="Choose where the note goes."), Regexp(PART, message=NO_PART)])
    group = _group_field()


class EntryForm(Form):
    entry = _entry_field()


class RapporteurForm(Form):
    rapporteur = choice(("yes", "no"))


class ChooseGroupForm(Form):
    group = _group_field()


class QuestionForm(Form):
    text = TextAreaText("Your question", validators=[Length(max=2000)])
    key = HiddenText(validators=[Length(max=40)])
    target = _group_field()  # the board the question is for (`target`, so the compose box clears once it is stored)


class UpvoteForm(Form):
    entry = _entry_field()
    vote = choice(("up", "down"))


def _open(room: Room) -> None:
    if room.closed:
        raise IllegalAction("This room is closed.")


def _my_group(room: Room, participant: Participant) -> int:
    place = my_place(room, participant)
    if place is None:
        if room.phase == "setup":
            raise IllegalAction("The groups are not formed yet: your phone shows your group as soon as they are.")
        raise IllegalAction("You are not in a group yet: choose one, or ask the facilitator.")
    return place.place  # type: ignore[return-value]


def _board_closed(room: Room) -> str:
    if room.phase in ("setup", "groups"):
        return "The work has not started yet: your board opens when the facilitator starts it."
    return "The work is over: the boards are closed for the report-back."


def post_note(room: Room, participant: Participant, form: NoteForm) -> None:
    """Write a note on a part of my group's board (a prompt, a side, a cell of the grid)."""
    text = entries.clean_text(form.text.data)
    begin_write()
    services.bump(room, everyone=False, participant=participant)
    _open(room)
    stored = entries.by_key(room, form.key.data)
    if stored is not None and stored.participant_id == participant.id:
        return  # the same form sent again (a retry): the note is already on the board
    if room.phase != "work":
        raise IllegalAction(_board_closed(room))
    group = _my_group(room, participant)
    if form.group.data != group:
        raise IllegalAction(f"You can only write on your own group's board (you are in {_name(room, group)}).")
    where = part(room.settings, group, form.target.data)
    if where is None:
        raise IllegalAction("That part of the board does not exist: reload the page.")
    entries.add(room, participant, "note", text, form.key.data, place=group, target=where.id)
    spread(room, group)


def _name(room: Room, group: int) -> str:
    return "your own board" if room.settings["grouping"] == "individual" else f"group {group + 1}"


def toggle_key_point(room: Room, participant: Participant, form: EntryForm) -> None:
    """The rapporteur marks a note of their group as a key point, or unmarks it."""
    begin_write()
    services.bump(room, everyone=False, participant=participant)
    _open(room)
    note = entries.get(room, form.entry.data, ("note",))
    place = my_place(room, participant)
    if place is None or place.role != RAPPORTEUR or note.place != place.place:
        raise IllegalAction("Only the rapporteur of this group marks its key points.")
    if room.phase not in ("work", "report"):
        raise IllegalAction("Key points are marked during the work and the report-back.")
    note.flag = not note.flag
    spread(room, note.place)


def withdraw(room: Room, participant: Participant, form: EntryForm) -> None:
    """Take back one of my own notes or questions."""
    begin_write()
    services.bump(room, everyone=False, participant=participant)
    _open(room)
    item = entries.get(room, form.entry.data, ("note", "question"))
    if item.participant_id != participant.id:
        raise IllegalAction("You can only take back what you wrote yourself.")
    item.hidden = True
    if item.kind == "question":
        services.bump(room)
    else:
        spread(room, item.place)


def volunteer(room: Room, participant: Participant, form: RapporteurForm) -> None:
    """Offer to be my group's rapporteur (or step down)."""
    begin_write()
    services.bump(room, everyone=False, participant=participant)
    _open(room)
    if room.settings["grouping"] == "individual":
        raise IllegalAction("Your board is your own: you mark its key points yourself.")
    if room.phase not in ("groups", "work"):
        raise IllegalAction("Rapporteurs are chosen before and during the work.")
    group = _my_group(room, participant)
    places = entries.places(room, 0)
    current = next((p for p in group_members(room, group) if places[p].role == RAPPORTEUR), None)
    if form.rapporteur.data == "yes":
        if current is not None and current != participant.id:
            raise IllegalAction(f"{entries.names(room).get(current, 'Someone')} is already your group's rapporteur.")
        set_place(room, participant.id, group, RAPPORTEUR)
    elif current == participant.id:
        set_place(room, participant.id, group, MEMBER)
    spread(room, group)


def choose_group(room: Room, participant: Participant, form: ChooseGroupForm) -> None:
    """Join the group of my choice, when the activity lets people choose."""
    begin_write()
    services.bump(room, everyone=False, participant=participant)
    _open(room)
    if room.settings["grouping"] != "self":
        raise IllegalAction("The facilitator forms the groups in this activity.")
    if room.phase != "groups":
        if room.phase == "setup":
            raise IllegalAction("The groups open in a moment: keep this page open.")
        raise IllegalAction("The work has started: ask the facilitator to move you.")
    group = form.group.data
    if group >= count_of(room):
        raise IllegalAction("There is no such group.")
    members = members_by_group(room)
    if members.get(participant.id) == group:
        return
    size = sum(1 for p, g in members.items() if g == group)
    if size >= cap(room.settings):
        raise IllegalAction(f"Group {group + 1} is full ({size} people): choose another one.")
    set_place(room, participant.id, group, MEMBER)
    services.bump(room)  # every phone shows how full each group is


def ask(room: Room, participant: Participant, form: QuestionForm) -> None:
    """Post a question for the panel, or for a group during its report-back."""
    text = entries.clean_text(form.text.data, QUESTION_LENGTH, "question")
    begin_write()
    services.bump(room, everyone=False, participant=participant)
    _open(room)
    if not room.settings.get("queue"):
        raise IllegalAction("This activity has no question queue.")
    stored = entries.by_key(room, form.key.data)
    if stored is not None and stored.participant_id == participant.id:
        return
    plenary = room.settings["grouping"] == "plenary"
    if room.phase not in (("work", "report") if plenary else ("report",)):
        raise IllegalAction("Questions open once the work starts." if plenary else "Questions to the groups open in the report-back.")
    group = form.target.data
    if group >= count_of(room):
        raise IllegalAction("There is no such group.")
    entries.add(room, participant, "question", text, form.key.data, place=group, value=WAITING)
    services.bump(room)  # every phone lists the new question, to upvote it


def upvote(room: Room, participant: Participant, form: UpvoteForm) -> None:
    """Upvote a question I want answered (once), or take the upvote back."""
    begin_write()
    _open(room)
    # Only my own phone shows my vote at once: the counts on other phones follow with the next change,
    # and the projector and console (which follow every change) show them live.
    services.bump(room, everyone=False, participant=participant)
    question = entries.get(room, form.entry.data, ("question",))
    if question.hidden:
        raise IllegalAction("That question was taken back.")
    if question.participant_id == participant.id:
        raise IllegalAction("You asked this question: the others upvote it.")
    if room.phase not in ("work", "report"):
        raise IllegalAction("Upvotes are open while questions are taken.")
    if form.vote.data == "up" and (question.value or WAITING) == ANSWERED:
        raise IllegalAction("This question has been answered already.")
    entries.set_vote(room, participant, question, form.vote.data == "up", None)


# The facilitator's actions.


class SetupForm(Form):
    grouping = choice(GROUPINGS)
    groups = IntegerField(
        "Number of groups", validators=[Optional(), NumberRange(min=0, max=MAX_GROUPS, message=f"Give 0 to {MAX_GROUPS} groups.")]
    )
    max_group_size = IntegerField("Largest group", validators=[Optional(), NumberRange(min=0, max=100, message="Give 0 to 100 people.")])
    report_back = choice(("plenary", "gallery"))
    prompts = TextAreaText("Prompts, one per line", validators=[Length(max=6000)])
    roles = TextAreaText("Roles, one per line", validators=[Length(max=3000)])


class PersonForm(Form):
    participant = IntegerField(
        validators=[
            InputRequired(message="Choose a person."),
            NumberRange(min=1, max=MAX_ID, message="That participant is not in this room."),
        ]
    )
    group = IntegerField(
        validators=[InputRequired(message="Choose a group."), NumberRange(min=-1, max=999, message="There is no such group.")]
    )  # -1: a new group


class ChooseRapporteurForm(Form):
    group = _group_field()
    participant = IntegerField(validators=[InputRequired(), NumberRange(min=0, max=MAX_ID)])  # 0: nobody yet


class NoteFlagForm(Form):
    entry = _entry_field()
    flag = choice(("key", "hide"))


class NotePartForm(Form):
    entry = _entry_field()
    target = TextField(validators=[InputRequired(message="Choose a part."), Regexp(PART, message="That part of the board does not exist.")])


class QuestionStatusForm(Form):
    entry = _entry_field()
    status = choice(("now", "answered", "waiting", "hide"))


class ShowForm(Form):
    show = TextField(
        validators=[
            InputRequired(message="Choose what to show."),
            Regexp(r"^(all|g:\d{1,3}|[psr]:\d{1,2})$", message="Not something the projector can show."),
        ]
    )


def _lines(text: str | None, what: str, limit: int = 300) -> list[str]:
    lines = [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]
    if len(lines) > MAX_PARTS:
        raise IllegalAction(f"Give at most {MAX_PARTS} {what}.")
    if any(len(line) > limit for line in lines):
        raise IllegalAction(f"Keep each of the {what} under {limit} characters.")
    if len({line.casefold() for line in lines}) != len(lines):
        raise IllegalAction(f"Two of the {what} are the same.")
    return lines


def edit_setup(room: Room, form: SetupForm) -> None:
    """Adapt the grouping, the number and size of groups, the prompts and roles before the groups are formed."""
    s = dict(room.settings)
    grouping = form.grouping.data
    prompts, roles = _lines(form.prompts.data, "prompts"), _lines(form.roles.data, "roles", 120)
    one_board = grouping in ONE_BOARD
    if roles and one_board:
        raise IllegalAction("Roles are handed to groups: remove them, or choose a grouping with groups.")
    if not (prompts or s.get("matrix_rows") or s.get("sides") or roles or s.get("queue")):
        raise IllegalAction("Keep something to fill in: at least one prompt or role.")
    split = s.get("split")
    if split and one_board:
        split = None  # one board holds every prompt and row
    if split == "prompts" and len(prompts) < 2:
        raise IllegalAction("Each group answers its own prompt here: keep at least two prompts.")
    begin_write()
    services.bump(room)
    if room.phase != "setup":
        raise IllegalAction("These settings can only change before the groups are formed.")
    s.update(
        grouping=grouping,
        groups=None if one_board else (form.groups.data or None),
        max_group_size=None if one_board else (form.max_group_size.data or None),
        report_back=form.report_back.data,
        prompts=prompts,
        roles=roles,
        split=split,
    )
    if s.get("present_minutes") and s["report_back"] != "plenary":
        s["present_minutes"] = None
    room.settings = s


def move_person(room: Room, form: PersonForm) -> None:
    """Move someone to another group (or a new one) while the groups are settling in or at work."""
    begin_write()
    services.bump(room)
    if room.settings["grouping"] in ONE_BOARD:
        individual = room.settings["grouping"] == "individual"
        raise IllegalAction("Everyone has their own board here." if individual else "Everyone shares one board here.")
    if room.phase not in ("groups", "work"):
        raise IllegalAction("People can change groups once the groups are formed and until the report-back.")
    person = services.active_participant(room, form.participant.data)
    if person is None:
        raise IllegalAction("That participant is not in this room.")
    members, count = members_by_group(room), count_of(room)
    group = form.group.data
    if group == -1:
        if count >= MAX_GROUPS:
            raise IllegalAction(f"There are {MAX_GROUPS} groups already.")
        group = count
        room.state = {**room.state, "groups": count + 1}
    elif group >= count:
        raise IllegalAction("There is no such group.")
    before = members.get(person.id)
    if before == group:
        return
    size = sum(1 for p, g in members.items() if g == group)
    if size >= cap(room.settings):
        raise IllegalAction(f"Group {group + 1} is full ({size} of {cap(room.settings)}): move someone out first.")
    set_place(room, person.id, group, MEMBER)
    both = group_members(room, group) + (group_members(room, before) if before is not None else [])
    services.bump(room, everyone=False, participant=person, also=both)


def choose_rapporteur(room: Room, form: ChooseRapporteurForm) -> None:
    """Make a member of a group its rapporteur (0: none, so a volunteer or the app chooses)."""
    begin_write()
    services.bump(room)
    if room.settings["grouping"] == "individual":
        raise IllegalAction("Each person is the rapporteur of their own board.")
    if room.phase not in ("groups", "work", "report"):
        raise IllegalAction("Rapporteurs are chosen once the groups are formed.")
    group, who = form.group.data, form.participant.data
    if group >= count_of(room):
        raise IllegalAction("There is no such group.")
    in_group = group_members(room, group)
    if who and who not in in_group:
        raise IllegalAction(f"That person is not in group {group + 1}.")
    places = entries.places(room, 0)
    for p in in_group:
        if places[p].role == RAPPORTEUR and p != who:
            set_place(room, p, group, MEMBER)
    if who:
        set_place(room, who, group, RAPPORTEUR)
    spread(room, group)


def flag_note(room: Room, form: NoteFlagForm) -> None:
    """Mark a note as a key point, or hide it from every screen (and back)."""
    begin_write()
    services.bump(room, everyone=False)
    note = entries.get(room, form.entry.data, ("note",))
    if form.flag.data == "key":
        note.flag = not note.flag
    else:
        note.hidden = not note.hidden
    spread(room, note.place)


def move_note(room: Room, form: NotePartForm) -> None:
    """Put a note on another part of its board (the other side, the right cell)."""
    begin_write()
    services.bump(room, everyone=False)
    note = entries.get(room, form.entry.data, ("note",))
    where = part(room.settings, note.place or 0, form.target.data)
    if where is None:
        raise IllegalAction("That part is not on this note's board.")
    note.target = where.id
    spread(room, note.place)


def question_status(room: Room, form: QuestionStatusForm) -> None:
    """Mark a question as being answered (the one before it is then answered), answered, waiting, or hide it."""
    begin_write()
    services.bump(room)
    question = entries.get(room, form.entry.data, ("question",))
    status = form.status.data
    if status == "hide":
        question.hidden = not question.hidden
        return
    if status == "now":
        for other in entries.listed(room, "question", value=NOW):
            if other.id != question.id:
                other.value = ANSWERED
    question.value = {"now": NOW, "answered": ANSWERED, "waiting": WAITING}[status]


def show(room: Room, form: ShowForm) -> None:
    """Choose what the report-back shows: every board, one group, or one part compared across boards."""
    begin_write()
    services.bump(room)
    if room.phase != "report":
        raise IllegalAction("Choose what to show once the report-back has started.")
    value = form.show.data
    if value == "all":
        room.state = {**room.state, "report": ALL_GROUPS, "focus": ""}
    elif value.startswith("g:"):
        group = int(value[2:])
        if group >= count_of(room):
            raise IllegalAction("There is no such group.")
        room.state = {**room.state, "report": group, "focus": ""}
    else:
        if value not in dict(focus_options(room.settings)):
            raise IllegalAction("That part cannot be compared across boards.")
        room.state = {**room.state, "focus": value}
    restart_presentation_timer(room)


PARTICIPANT_ACTIONS = {
    "note": Action(NoteForm, post_note),
    "key-point": Action(EntryForm, toggle_key_point),
    "withdraw": Action(EntryForm, withdraw),
    "rapporteur": Action(RapporteurForm, volunteer),
    "choose": Action(ChooseGroupForm, choose_group),
    "ask": Action(QuestionForm, ask),
    "upvote": Action(UpvoteForm, upvote),
}
FACILITATOR_ACTIONS = {
    "setup": Action(SetupForm, edit_setup),
    "move": Action(PersonForm, move_person),
    "rapporteur": Action(ChooseRapporteurForm, choose_rapporteur),
    "note": Action(NoteFlagForm, flag_note),
    "note-part": Action(NotePartForm, move_note),
    "question": Action(QuestionStatusForm, question_status),
    "show": Action(ShowForm, show),
}
