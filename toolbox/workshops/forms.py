"""Workshop planner forms. Dates, times and minutes are read from text, so anything else sent is a clear error."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import cache

from markupsafe import Markup, escape
from wtforms import SelectField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional
from wtforms.widgets import Select, html_params

from toolbox.forms import FORM_KEY_CHECKS, Form, HiddenText, TextField, form_key

from .services import MAX_MINUTES, timezones


class _ParsedText(TextField):
    """A text field whose value is parsed; what cannot be read is reported with `message`, never raised."""

    message = "This value cannot be read."

    def parse(self, text: str):
        raise NotImplementedError

    def process_formdata(self, valuelist):
        if not valuelist:
            return  # nothing sent: keep the object's value (a form for editing)
        try:
            super().process_formdata(valuelist)  # refuses files and non-text, cleans the text
        finally:
            text, self.data = (self.data if isinstance(self.data, str) else "").strip(), None
        if text:
            try:
                self.data = self.parse(text)
            except ValueError:
                raise ValueError(self.message) from None

    def _value(self) -> str:
        if self.raw_data and isinstance(self.raw_data[0], str):
            return self.raw_data[0][:40]
        return self.show(self.data) if self.data is not None else ""

    def show(self, value) -> str:
        return str(value)


class DateText(_ParsedText):
    """A date typed as YYYY-MM-DD (what a date input sends)."""

    message = "Give a date such as 2026-06-12."

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"type": "date"})
        super().__init__(*args, **kwargs)

    def parse(self, text: str) -> date:
        return date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else _fail()

    def show(self, value: date) -> str:
        return value.isoformat()


class TimeText(_ParsedText):
    """A time of day typed as HH:MM (what a time input sends; seconds are ignored)."""

    message = "Give a time such as 09:30."

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"type": "time"})
        super().__init__(*args, **kwargs)

    def parse(self, text: str) -> time:
        for fmt in ("%H:%M", "%H:%M:%S"):
            try:
                return datetime.strptime(text, fmt).time()
            except ValueError:
                continue
        return _fail()

    def show(self, value: time) -> str:
        return value.strftime("%H:%M")


class MinutesText(_ParsedText):
    """Minutes as a number ('20') or a range ('20-30', '20–30')."""

    message = f"Give the minutes as a number or a range such as 20-30 (at most {MAX_MINUTES})."

    def parse(self, text: str) -> tuple[int, int]:
        found = re.fullmatch(r"(\d{1,4})\s*(?:[-–]\s*(\d{1,4}))?", text)
        if not found:
            return _fail()
        low = int(found.group(1))
        high = int(found.group(2) or low)
        if not 1 <= low <= high <= MAX_MINUTES:
            return _fail()
        return low, high

    def show(self, value: tuple[int, int]) -> str:
        return str(value[0]) if value[0] == value[1] else f"{value[0]}-{value[1]}"


def _fail():
    raise ValueError


class ManyOptions(Select):
    """A select of many fixed options (about 600 time zones): their HTML is built once, not on every render."""

    def __call__(self, field, **kwargs) -> Markup:
        kwargs.setdefault("id", field.id)
        chosen = str(escape(field.data or ""))
        options = _options(tuple(field.choices)).replace(f'<option value="{chosen}">', f'<option selected value="{chosen}">', 1)
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{options}</select>")


@cache
def _options(values: tuple[str, ...]) -> str:
    return "".join(f'<option value="{escape(v)}">{escape(v)}</option>' for v in values)


class WorkshopForm(Form):
    title = TextField("Title", validators=[DataRequired(message="Give the workshop a title."), Length(max=200)])
    place = TextField("Place", validators=[Optional(), Length(max=200)])
    starts_on = DateText("First day", validators=[InputRequired(message="Give the first day.")])
    ends_on = DateText("Last day", validators=[InputRequired(message="Give the last day.")])
    timezone = SelectField("Time zone of the venue", default="UTC", validate_choice=False, widget=ManyOptions())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = list(timezones())
        self.timezone.validators = [AnyOf(timezones(), message="Choose a time zone from the list.")]


class NewWorkshopForm(WorkshopForm):
    key = form_key()


class SessionForm(Form):
    title = TextField("Title", validators=[DataRequired(message="Give the session a title."), Length(max=200)])
    day = DateText("Day", validators=[InputRequired(message="Choose the day.")])
    starts_at = TimeText("Starts at", validators=[InputRequired(message="Give the start time.")])
    ends_at = TimeText("Ends at", validators=[InputRequired(message="Give the end time.")])
    facilitator = TextField("Facilitator", validators=[Optional(), Length(max=100)])
    rapporteur = TextField("Rapporteur", validators=[Optional(), Length(max=100)])


class NewSessionForm(SessionForm):
    key = form_key()


class ActivityPickForm(Form):
    activity = TextField(validators=[DataRequired(message="Choose an activity."), Length(max=200)])
    # Not a hidden field: the template draws one key per guide's button (hidden_tag() would give them all one).
    key = TextField(validators=FORM_KEY_CHECKS)


class FreeItemForm(Form):
    title = TextField("What", validators=[DataRequired(message="Say what the item is, e.g. Coffee break."), Length(max=300)])
    minutes = MinutesText("Minutes", validators=[InputRequired(message="Give the minutes, e.g. 15 or 20-30.")])


class NewFreeItemForm(FreeItemForm):
    key = form_key()


class MoveForm(Form):
    direction = HiddenText(validators=[AnyOf(("up", "down"), message="Move up or down.")])
