"""Cohort forms."""

from __future__ import annotations

from wtforms.validators import DataRequired, Length

from toolbox.forms import Form, TextField, form_key


class CohortForm(Form):
    name = TextField("Name of the cohort", validators=[DataRequired(), Length(max=100)])
    key = form_key()


class JoinForm(Form):
    code = TextField("Join code", validators=[DataRequired(), Length(max=40)])
