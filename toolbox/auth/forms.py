"""Account forms."""

from __future__ import annotations

from flask_login import current_user
from wtforms import BooleanField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from toolbox.forms import EmailText, Form, HiddenText, PasswordText, TextField

from .services import password_problem


def hard_to_guess(form, field) -> None:
    """Refuse passwords that are guessed early (common, repeated, sequences, the person's own name), saying why."""
    if field.data and not field.errors:  # a wrong length is said already
        problem = password_problem(field.data, form.personal_words())
        if problem:
            raise ValidationError(problem)


PASSWORD = [DataRequired(), Length(min=10, max=200, message="Use between 10 and 200 characters."), hard_to_guess]


class SignupForm(Form):
    name = TextField("Your name", validators=[DataRequired(), Length(max=100)])
    email = EmailText("Email address", validators=[DataRequired(), Email(message="Enter a valid email address."), Length(max=254)])
    password = PasswordText("Password (at least 10 characters)", validators=PASSWORD)
    confirm = PasswordText("Password again", validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")])
    next = HiddenText()

    def personal_words(self) -> list[str]:
        return [self.email.data or "", self.name.data or ""]


class LoginForm(Form):
    email = EmailText("Email address", validators=[DataRequired(), Length(max=254)])
    password = PasswordText("Password", validators=[DataRequired(), Length(max=200)])
    remember = BooleanField("Keep me logged in on this device")
    next = HiddenText()


class ChangePasswordForm(Form):
    current = PasswordText("Current password", validators=[DataRequired(), Length(max=200)])
    password = PasswordText("New password (at least 10 characters)", validators=PASSWORD)
    confirm = PasswordText("New password again", validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")])

    def personal_words(self) -> list[str]:
        return [current_user.email, current_user.name] if current_user.is_authenticated else []


class ConfirmForm(Form):
    """A form with only its CSRF token, for POST buttons such as log out."""
