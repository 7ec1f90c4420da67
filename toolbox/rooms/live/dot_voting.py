"""Dot voting in the database: dots per participant, results, the facilitator's options and results mode."""

from __future__ import annotations

from typing import Any

from wtforms import IntegerField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from toolbox.forms import Form, TextAreaText
from toolbox.rooms import dots, services
from toolbox.rooms.forms import choice
from toolbox.rooms.models import Participant, Room
from toolbox.rooms.summary import Highlight, RoomSummary

from .base import Action, Handler

TOP_PER_BALLOT = 3


class DotForm(Form):
    ballot = IntegerField(validators=[InputRequired(), NumberRange(min=0, max=20)])
    option = IntegerField(validators=[InputRequired(), NumberRange(min=0, max=100)])
    count = IntegerField(validators=[InputRequired(), NumberRange(min=0, max=20)])


class ResultsModeForm(Form):
    results = choice(("hidden", "live"))


class OptionsForm(Form):
    options = TextAreaText("Options, one per line", validators=[DataRequired(message="Give the options, one per line."), Length(max=5000)])


def _place(room: Room, participant: Participant, form: DotForm) -> None:
    dots.set_dots(room, participant, form.ballot.data, form.option.data, form.count.data)


def _results_mode(room: Room, form: ResultsModeForm) -> None:
    services.set_state(room, results=form.results.data)


def _options(room: Room, form: OptionsForm) -> None:
    dots.edit_options(room, form.options.data)


class DotVotingHandler(Handler):
    method = "dot-voting"
    participant_actions = {"dots": Action(DotForm, _place, fragment="rooms/dot-voting/_dots.html")}
    facilitator_actions = {"results-mode": Action(ResultsModeForm, _results_mode), "options": Action(OptionsForm, _options)}

    def context(self, room: Room, view: str, participant: Participant | None) -> dict[str, Any]:
        ctx: dict[str, Any] = {"mine": dots.my_dots(room, participant) if participant else {}}
        if view != "participant" or room.phase == "results":
            ctx["results"] = dots.results(room)
            ctx["voters"] = dots.voters(room)
        if view == "console":
            ctx["options_text"] = "\n".join(room.settings.get("options", []))
        return ctx

    def markdown(self, room: Room) -> list[str]:
        lines: list[str] = []
        for ballot in dots.results(room):
            lines += [
                f"## {ballot.label} ({ballot.dots_each} dots each, {ballot.voters} voted)",
                "",
                "| Rank | Option | Dots |",
                "|---:|---|---:|",
            ]
            lines += [f"| {t.rank} | {t.label.replace('|', '/')} | {t.dots} |" for t in ballot.tallies]
            lines.append("")
        return lines

    def csv_rows(self, room: Room) -> list[list[Any]]:
        rows: list[list[Any]] = [["room", "ballot", "rank", "option", "dots"]]
        for ballot in dots.results(room):
            rows += [[room.code, ballot.label, t.rank, t.label, t.dots] for t in ballot.tallies]
        return rows

    def summary(self, room: Room) -> RoomSummary:
        top = [
            Highlight(t.label, "option", f"Ballot: {b.label}", None, t.dots)
            for b in dots.results(room)
            for t in b.tallies[:TOP_PER_BALLOT]
            if t.dots
        ]
        return RoomSummary(room.id, room.title, room.method, services.people(room), top, [])
