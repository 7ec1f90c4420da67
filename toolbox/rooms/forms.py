"""Forms of the live rooms."""

from __future__ import annotations

import secrets

from wtforms import IntegerField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from toolbox.forms import Form, HiddenText, TextAreaText, TextField

VIEWS = ("console", "projector")
KEY = r"^[A-Za-z0-9_-]{16,64}$"


def choice(values, default: str | None = None) -> TextField:
    """A text field that must be one of `values` (plain choices, no select box needed)."""
    return TextField(default=default, validators=[AnyOf(values, message="Not one of the allowed values.")])


class CodeForm(Form):
    code = TextField("Room code", validators=[DataRequired(message="Type the code shown on the screen."), Length(max=20)])


class JoinForm(Form):
    name = TextField("Your name", validators=[DataRequired(message="Please type a name others will recognise."), Length(max=40)])
    # The form's own token: a join sent again (a retry after a timeout) returns the same participant.
    key = HiddenText(default=lambda: secrets.token_urlsafe(18), validators=[Optional(), Regexp(KEY, message="Please reload the page.")])


class MoveForm(Form):
    move = TextField(validators=[DataRequired(), Length(max=40)])
    view = choice(VIEWS, "console")


class TimerForm(Form):
    op = choice(("start", "pause", "resume", "add", "reset", "toggle"))
    minutes = IntegerField("Minutes", validators=[Optional(), NumberRange(min=1, max=240, message="Between 1 and 240 minutes.")])
    view = choice(VIEWS, "console")


class ResultsModeForm(Form):
    results = choice(("hidden", "live"))


class OptionsForm(Form):
    options = TextAreaText("Options, one per line", validators=[DataRequired(), Length(max=5000)])


class DotForm(Form):
    ballot = IntegerField(validators=[InputRequired(), NumberRange(min=0, max=20)])
    option = IntegerField(validators=[InputRequired(), NumberRange(min=0, max=100)])
    count = IntegerField(validators=[InputRequired(), NumberRange(min=0, max=20)])


class ConfirmForm(Form):
    """Only the CSRF token (remove, close)."""

    view = HiddenText()
