"""The report form: one text box per part of the template, the Chatham House switch, and names to hide."""

from __future__ import annotations

from wtforms import BooleanField
from wtforms.validators import Length

from toolbox.forms import Form, Present, TextAreaText, TextField

from .services import MAX_PART

TOO_LONG = f"Each part is limited to {MAX_PART:,} characters."


def part(label: str) -> TextAreaText:
    # Present(): a part missing from the request (a truncated send) must not wipe what is stored.
    return TextAreaText(label, validators=[Present(), Length(max=MAX_PART, message=TOO_LONG)])


class ReportForm(Form):
    rapporteur = TextField("Name of the rapporteur", validators=[Present(), Length(max=100, message="At most 100 characters.")])
    summary = part("Summary and main discussion points")
    challenges = part("Challenges")
    opportunities = part("Opportunities, good practices and innovations")
    finding_1 = part("Key finding or recommendation 1")
    finding_2 = part("Key finding or recommendation 2")
    finding_3 = part("Key finding or recommendation 3")
    relevance = part("Relevance to the wider agenda")
    quotes = part("Inspiring quotes")
    anonymous = BooleanField("Chatham House rule: replace names with “anonymous” in the report")
    other_names = part("Other names to hide (speakers, organisations), one per line")
