"""Journal forms."""

from __future__ import annotations

from wtforms.validators import AnyOf, DataRequired, Length

from toolbox.forms import Form, HiddenText, Present, TextAreaText

from .services import MAX_ANSWER


class AnswerForm(Form):
    text = TextAreaText(
        "Your answer", validators=[Present(), Length(max=MAX_ANSWER, message=f"Answers are limited to {MAX_ANSWER:,} characters.")]
    )
    next = HiddenText(validators=[Length(max=500)])


class ShareForm(Form):
    shared = HiddenText(validators=[DataRequired(), AnyOf(["yes", "no"], message="Choose to share or not.")])
