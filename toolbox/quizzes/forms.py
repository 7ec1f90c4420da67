"""The quiz form: its CSRF token and the attempt token; answers are read against the quiz itself."""

from __future__ import annotations

from wtforms.validators import Length

from toolbox.forms import Form, HiddenText


class QuizForm(Form):
    # Identifies one submission, so a double click or a re-send stores a single attempt.
    attempt = HiddenText(validators=[Length(max=64)])
