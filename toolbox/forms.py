"""The base form and fields shared by the features: text that is always a clean string, whatever was sent."""

from __future__ import annotations

import re
import secrets

from flask import has_request_context, request
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.validators import Optional, Regexp, StopValidation

# C0 control characters except tab and newline: never useful in text, and NUL breaks PostgreSQL.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(value: str) -> str:
    """Newlines as \\n, no control characters."""
    return CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


class Form(FlaskForm):
    """A Flask-WTF form that reads form fields only.

    Flask-WTF would read a JSON body as form data, and fails on one that is not an object; our forms
    are HTML forms, so a JSON body counts as no data (the form then says what is missing).
    """

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            if has_request_context() and request.is_json and not request.form and not request.files:
                formdata = request.form
            return super().wrap_formdata(form, formdata)


class Present:
    """The field must be in the request, even if blank (so a missing field never clears stored text)."""

    def __init__(self, message: str = "Nothing was sent.") -> None:
        self.message = message

    def __call__(self, form, field) -> None:
        if not field.raw_data:
            raise StopValidation(self.message)


class _TextOnly:
    """Refuses non-text values: an uploaded file or a JSON number under the field's name."""

    def process_formdata(self, valuelist):
        if valuelist:
            if not isinstance(valuelist[0], str):
                self.data = ""
                raise ValueError("This field takes text.")
            self.data = self.clean(valuelist[0])

    def clean(self, value: str) -> str:
        return value


class _CleanText(_TextOnly):
    """Refuses non-text values and cleans text."""

    def clean(self, value: str) -> str:
        return clean_text(value)


class TextField(_CleanText, StringField):
    """A one-line text field."""


class TextAreaText(_CleanText, TextAreaField):
    """A multi-line text field."""


class HiddenText(_CleanText, HiddenField):
    """A hidden text field."""


class EmailText(_CleanText, EmailField):
    """An email address field."""


class PasswordText(_TextOnly, PasswordField):
    """A password field: text only, kept exactly as typed."""


# A creating form's own key: drawn with the page, sent with the form, stored with what it created, so the same
# form sent again (a double click, a retry after a timeout) finds that row instead of making a second one.
FORM_KEY = r"^[A-Za-z0-9_-]{16,64}$"
FORM_KEY_CHECKS = [Optional(), Regexp(FORM_KEY, message="This form has expired: reload the page and try again.")]


def new_form_key() -> str:
    return secrets.token_urlsafe(18)


def form_key() -> HiddenText:
    """A hidden field holding the form's own key, fresh each time the page is drawn."""
    return HiddenText(default=new_form_key, validators=FORM_KEY_CHECKS)
