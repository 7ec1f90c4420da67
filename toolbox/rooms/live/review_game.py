"""Review game in the database: questions as entries (drawn flag and number), one award per question, the scores."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from wtforms import IntegerField
from wtforms.validators import InputRequired, Length, NumberRange

from toolbox.extensions import begin_write, db
from toolbox.forms import Form, HiddenText, TextAreaText
from toolbox.rooms import entries, services
from toolbox.rooms.entries import md
from toolbox.rooms.methods import IllegalAction
from toolbox.rooms.methods.review_game import ReviewGame, draw, scoreboard, seed, totals, winners
from toolbox.rooms.models import Entry, Participant, Room
from toolbox.rooms.summary import Highlight, RoomSummary

from .base import Action, Handler

GAME = ReviewGame()
QUESTION_LENGTH = 280
MAX_QUESTIONS = 100
VALUE = re.compile(r"\s*\((\d{1,3})\s*points?\)\s*$", re.I)  # "What is a diaspora? (1 point)"


class QuestionForm(Form):
    text = TextAreaText("Your question", validators=[Length(max=2000)])
    key = HiddenText(validators=[Length(max=40)])


class EntryForm(Form):
    entry = IntegerField(validators=[InputRequired(message="Choose a question."), NumberRange(min=1)])


class AwardForm(Form):
    question = IntegerField(validators=[InputRequired(message="Choose a question."), NumberRange(min=1)])
    participant = IntegerField(validators=[InputRequired(message="Choose who answered (or nobody)."), NumberRange(min=0)])  # 0: nobody
    points = IntegerField(validators=[InputRequired(message="Choose the points."), NumberRange(min=0, max=100)])


class QuestionsForm(Form):
    questions = TextAreaText("Questions, one per line", validators=[Length(max=40000)])


@dataclass(frozen=True)
class Question:
    entry: Entry
    author: str | None  # None: the facilitator's
    award: Entry | None

    @property
    def id(self) -> int:
        return self.entry.id

    @property
    def number(self) -> int | None:
        """Its place in the draw (1 for the first drawn), or None while it waits."""
        return self.entry.round if self.entry.flag else None


def questions(room: Room, include_hidden: bool = False) -> list[Question]:
    """Every question with its author and its award, the drawn ones in the order they were drawn."""
    names = entries.names(room)
    awards = {a.place: a for a in entries.listed(room, "points")}
    qs = entries.listed(room, "question", include_hidden=include_hidden)
    qs.sort(key=lambda e: (not e.flag, e.round or 0, e.id))
    return [Question(e, names.get(e.participant_id) if e.participant_id else None, awards.get(e.id)) for e in qs]


def _waiting(room: Room) -> list[Entry]:
    return [e for e in entries.listed(room, "question") if not e.flag]


def _count(room: Room) -> None:
    """Keep the state's counts in step with the questions (drawn, and still waiting)."""
    drawn = sum(1 for e in entries.listed(room, "question", include_hidden=True) if e.flag)
    room.state = {**room.state, "drawn": drawn, "left": len(_waiting(room))}


def _show(room: Room, question: Entry) -> None:
    question.flag = True
    question.round = room.state.get("drawn", 0) + 1
    room.state = {**room.state, "current": question.id}
    _count(room)


def _draw(room: Room) -> None:
    waiting = {e.id: e for e in _waiting(room)}
    chosen = draw(waiting, room.settings.get("draw", "random"), seed(room.id, room.state.get("drawn", 0) + 1))
    if chosen is None:
        raise IllegalAction("There is no question left to draw." if room.state.get("drawn") else "There are no questions yet.")
    _show(room, waiting[chosen])


def _written_by(room: Room, participant: Participant) -> list[Entry]:
    return entries.listed(room, "question", participant_id=participant.id)


def post_question(room: Room, participant: Participant, form: QuestionForm) -> None:
    """Write a question for the game (up to the number each person may write)."""
    text = entries.clean_text(form.text.data, QUESTION_LENGTH, "question")
    begin_write()
    services.bump(room, everyone=False, participant=participant)
    if entries.by_key(room, form.key.data) is not None:
        return  # the same form sent again: it is stored already
    if room.phase != "collecting":
        raise IllegalAction(
            "Questions are written before the game starts." if room.phase == "setup" else "The game has started: no new questions."
        )
    each = room.settings.get("questions_each", 2)
    if len(_written_by(room, participant)) >= each:
        raise IllegalAction(f"You have written your {each} question{'' if each == 1 else 's'}: take one back to write another.")
    entries.add(room, participant, "question", text, form.key.data)


def take_back(room: Room, participant: Participant, form: EntryForm) -> None:
    """Take back one of my questions (to rephrase it) before the game starts."""
    begin_write()
    services.bump(room, everyone=False, participant=participant)
    question = entries.get(room, form.entry.data, ("question",))
    if question.participant_id != participant.id:
        raise IllegalAction("You can only take back your own questions.")
    if room.phase != "collecting":
        raise IllegalAction("The game has started: questions stay as they are.")
    question.hidden = True


def award(room: Room, form: AwardForm) -> None:
    """Give a drawn question's points to whoever answered it (0: nobody); awarding again corrects it."""
    begin_write()
    services.bump(room)
    if room.phase not in ("playing", "scoreboard"):
        raise IllegalAction("Points are awarded during the game.")
    question = entries.get(room, form.question.data, ("question",))
    if not question.flag:
        raise IllegalAction("That question has not been drawn yet.")
    who = None
    if form.participant.data:
        who = services.active_participant(room, form.participant.data)
        if who is None:
            raise IllegalAction("That participant is not in this room.")
    allowed = sorted({*room.settings["points"], *([question.value] if question.value else [])})
    points = form.points.data if who is not None else 0
    if who is not None and points not in allowed:
        raise IllegalAction(f"This question is worth {_choices(allowed)}.")
    given = entries.add(room, who, "points", key=f"points:{question.id}", place=question.id, value=points)
    given.participant_id, given.value = (who.id if who else None), points
    services.record(room, "award", who, question=question.id, points=points)


def pick(room: Room, form: EntryForm) -> None:
    """Show a question of the facilitator's choice next, instead of drawing one."""
    begin_write()
    services.bump(room)
    if room.phase != "playing":
        raise IllegalAction("Questions are shown during the game.")
    question = entries.get(room, form.entry.data, ("question",))
    if question.flag or question.hidden:
        raise IllegalAction("That question has been asked already." if question.flag else "That question is hidden.")
    _show(room, question)


def hide(room: Room, form: EntryForm) -> None:
    """Hide a question (a duplicate, an unclear one) from the game, or bring it back."""
    begin_write()
    services.bump(room)
    question = entries.get(room, form.entry.data, ("question",))
    question.hidden = not question.hidden
    _count(room)


def parse_questions(text: str) -> list[tuple[str, int | None]]:
    """The facilitator's questions, one per line, each optionally ending with its value: '(2 points)'."""
    out = []
    for line in (text or "").splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        value = VALUE.search(line)
        points = int(value.group(1)) if value else None
        question = VALUE.sub("", line).strip() if value else line
        if not question:
            raise IllegalAction(f"“{line}” has a value but no question.")
        if len(question) > QUESTION_LENGTH:
            raise IllegalAction(f"Keep each question under {QUESTION_LENGTH} characters (“{question[:30]}…” is longer).")
        if points is not None and not 1 <= points <= 100:
            raise IllegalAction("A question's value goes from 1 to 100 points.")
        out.append((question, points))
    if not out:
        raise IllegalAction("Give at least one question, one per line.")
    if len(out) > MAX_QUESTIONS:
        raise IllegalAction(f"Give at most {MAX_QUESTIONS} questions.")
    return out


def edit_questions(room: Room, form: QuestionsForm) -> None:
    """Choose and adapt the facilitator's questions before the game starts."""
    parsed = parse_questions(form.questions.data or "")
    begin_write()
    services.bump(room)
    if room.phase != "setup":
        raise IllegalAction("The questions can only change before the game starts.")
    room.settings = {**room.settings, "questions": [{"question": q, "points": p} for q, p in parsed]}


def questions_text(room: Room) -> str:
    return "\n".join(
        q["question"] + (f" ({q['points']} point{'' if q['points'] == 1 else 's'})" if q.get("points") else "")
        for q in room.settings["questions"]
    )


def scores(room: Room) -> tuple[list[tuple[int, int, int]], list[int], dict[int, str]]:
    """The scoreboard (rank, player, points), the winners, and everyone's names."""
    names = entries.names(room)
    players = [p.id for p in services.participants(room)]
    awarded = [(a.participant_id, a.value or 0) for a in entries.listed(room, "points")]
    points = totals(awarded, players)
    return scoreboard(points, players), winners(points), names


def _points(n: int) -> str:
    return f"{n} point{'' if n == 1 else 's'}"


def _choices(values: list[int]) -> str:
    """'1 point', '2 or 3 points', '1, 2 or 3 points'."""
    if len(values) == 1:
        return _points(values[0])
    return f"{', '.join(str(v) for v in values[:-1])} or {values[-1]} points"


class ReviewGameHandler(Handler):
    method = "review-game"
    participant_actions = {"questions": Action(QuestionForm, post_question), "take-back": Action(EntryForm, take_back)}
    facilitator_actions = {
        "award": Action(AwardForm, award),
        "pick": Action(EntryForm, pick),
        "question": Action(EntryForm, hide),
        "questions": Action(QuestionsForm, edit_questions),
    }

    def after_move(self, room: Room, move: str, before: str) -> None:
        if move in ("start", "play"):
            # The facilitator's own questions join the pool (the only ones when they wrote them all).
            for i, q in enumerate(room.settings.get("questions", [])):
                entries.add(room, None, "question", q["question"], key=f"question:own:{i}", value=q.get("points"))
            _count(room)
            _draw(room)
        elif move == "draw":
            _draw(room)

    def context(self, room: Room, view: str, participant: Participant | None) -> dict[str, Any]:
        current = db.session.get(Entry, room.state["current"]) if room.state.get("current") else None
        if current is not None and (current.hidden or current.room_id != room.id):
            current = None  # hidden by the facilitator (a duplicate): the screens wait for the next one
        ctx: dict[str, Any] = {
            "current": current,
            "drawn": room.state.get("drawn", 0),
            "total": room.state.get("drawn", 0) + room.state.get("left", 0),
            "timer_minutes": 2,
        }
        if current is not None:
            given = entries.by_key(room, f"points:{current.id}")
            ctx["current_award"] = given
        board, best, names = scores(room) if room.phase in ("playing", "scoreboard") or room.closed else ([], [], {})
        ctx.update(board=board, winners=best, names=names or entries.names(room))
        if view == "participant":
            if participant is not None:
                ctx["mine"] = _written_by(room, participant)
                ctx["my_score"] = next((s for _, p, s in board if p == participant.id), 0)
                ctx["my_rank"] = next((r for r, p, _ in board if p == participant.id), None)
            return ctx
        ctx["question_count"] = len(entries.listed(room, "question"))
        ctx["writers"] = len({e.participant_id for e in entries.listed(room, "question") if e.participant_id})
        if view == "console":
            ctx["all_questions"] = questions(room, include_hidden=True)
            ctx["point_values"] = sorted({*room.settings["points"], *([current.value] if current is not None and current.value else [])})
            ctx["questions_text"] = questions_text(room)
        return ctx

    def markdown(self, room: Room) -> list[str]:
        board, best, names = scores(room)
        lines = ["## Scoreboard", ""]
        if best:
            label = "Winner" if len(best) == 1 else "Joint winners"
            lines += [
                f"{label}: {', '.join(md(names.get(p, '?')) for p in best)} ({_points(board[0][2])}{' each' if len(best) > 1 else ''})",
                "",
            ]
        lines += ["| Rank | Player | Points |", "|---:|---|---:|"] + [f"| {r} | {md(names.get(p, '?'))} | {s} |" for r, p, s in board]
        asked = [q for q in questions(room) if q.number is not None]
        waiting = [q for q in questions(room) if q.number is None]
        lines += ["", "## Questions asked", ""]
        for q in asked:
            by = f" ({md(q.author)})" if q.author else ""
            value = f" [{_points(q.entry.value)}]" if q.entry.value else ""
            got = (
                f"{_points(q.award.value)} to {md(names.get(q.award.participant_id, '?'))}"
                if q.award and q.award.participant_id
                else "nobody scored"
            )
            lines.append(f"{q.number}. {md(q.entry.text)}{by}{value} — {got}")
        lines += [] if asked else ["(none)"]
        if waiting:
            lines += ["", "## Not asked", ""] + [f"- {md(q.entry.text)}" + (f" ({md(q.author)})" if q.author else "") for q in waiting]
        return [*lines, ""]

    def csv_rows(self, room: Room) -> list[list[Any]]:
        names = entries.names(room)
        rows: list[list[Any]] = [["room", "drawn", "question", "author", "value", "awarded to", "points"]]
        for q in questions(room):
            winner = names.get(q.award.participant_id, "") if q.award and q.award.participant_id else ""
            rows.append(
                [room.code, q.number or "", q.entry.text, q.author or "", q.entry.value or "", winner, q.award.value if q.award else ""]
            )
        return rows

    def summary(self, room: Room) -> RoomSummary:
        board, _, names = scores(room)
        top = [Highlight(names.get(p, "?"), "player", "Scoreboard", names.get(p), s) for _, p, s in board[:5] if s > 0]
        notes = [
            Highlight(q.entry.text, "question", f"Question {q.number}" if q.number else "Not drawn", q.author) for q in questions(room)
        ]
        return RoomSummary(room.id, room.title, room.method, services.people(room), top, notes)
