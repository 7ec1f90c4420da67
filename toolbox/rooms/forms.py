"""Forms of the live rooms."""

from __future__ import annotations

import secrets

from wtforms import IntegerField
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional, Regexp

from toolbox.forms import Form, HiddenText, TextField

VIEWS = ("console", "projector")
KEY = r"^[A-Za-z0-9_-]{16,64}$"


def choice(values, default: str | None = None) -> TextField:
    """A text field that must be one of `values` (plain choices, no select box needed)."""
    return TextField(default=default, validators=[AnyOf(values, message="Not one of the allowed values.")])


class CodeForm(Form):
    code = TextField("Room code", validators=[DataRequired(message="Type the code shown on the screen."), Length(max=20)])


class JoinForm(Form):
    name = TextField("Your name", validators=[DataRequired(message="Please type a name others will recognise."), Length(max=40)])
    # Asked by methods that mix groups or tables; all optional.
    territory = TextField("Your territory", validators=[Optional(), Length(max=60, message="Keep it under 60 characters.")])
    role = TextField("Your role", validators=[Optional(), Length(max=60, message="Keep it under 60 characters.")])
    expertise = TextField("Your expertise", validators=[Optional(), Length(max=60, message="Keep it under 60 characters.")])

    def attributes(self) -> dict[str, str | None]:
        return {"territory": self.territory.data, "role": self.role.data, "expertise": self.expertise.data}

    # The form's own token: a join sent again (a retry after a timeout) returns the same participant.
    key = HiddenText(default=lambda: secrets.token_urlsafe(18), validators=[Optional(), Regexp(KEY, message="Please reload the page.")])


class MoveForm(Form):
    move = TextField(validators=[DataRequired(), Length(max=40)])
    view = choice(VIEWS, "console")


def form_key() -> HiddenText:
    """The form's own token (filled in by the page): the same form sent again after a timeout changes nothing more."""
    return HiddenText(validators=[Optional(), Regexp(KEY, message="Please reload the page.")])


class TimerForm(Form):
    op = choice(("start", "pause", "resume", "add", "reset", "toggle"))
    minutes = IntegerField("Minutes", validators=[Optional(), NumberRange(min=1, max=240, message="Between 1 and 240 minutes.")])
    view = choice(VIEWS, "console")
    key = form_key()


class RunForm(Form):
    """'Run live' on a guide: sent twice, it opens one room."""

    key = form_key()


class FacilitatorForm(Form):
    """Add a co-facilitator by email, or remove one by id."""

    op = choice(("add", "remove"))
    email = TextField("Their email address", validators=[Optional(), Length(max=254, message="That is too long for an email address.")])
    user_id = IntegerField(validators=[Optional(), NumberRange(min=1, max=2**31 - 1)])


class ConfirmForm(Form):
    """Only the CSRF token (remove, close)."""

    view = HiddenText()


def form_error(form: Form) -> str:
    """The first thing to fix in a form, as a sentence for the person."""
    for name, errors in form.errors.items():
        if errors:
            message = errors[0] if isinstance(errors[0], str) else "Please check what you typed."
            if name == "csrf_token":
                return "This page has expired: reload it and try again."
            return message
    return "That was not understood. Please try again."
