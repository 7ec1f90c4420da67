"""Progress forms."""

from __future__ import annotations

from wtforms.validators import AnyOf, DataRequired

from toolbox.forms import Form, HiddenText


class DoneForm(Form):
    done = HiddenText(validators=[DataRequired(), AnyOf(["yes", "no"], message="Say whether the topic is done.")])
