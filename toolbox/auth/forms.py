"""Account forms."""

from __future__ import annotations

from wtforms import BooleanField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from toolbox.forms import EmailText, Form, HiddenText, PasswordText, TextField

from .services import is_common_password


def not_common(form, field) -> None:
    """Refuse the passwords that are tried first."""
    if field.data and is_common_password(field.data):
        raise ValidationError(
            "This password is one of the most common ones, so it is guessed first. Choose another: a few unrelated words work well."
        )


PASSWORD = [DataRequired(), Length(min=10, max=200, message="Use between 10 and 200 characters."), not_common]


class SignupForm(Form):
    name = TextField("Your name", validators=[DataRequired(), Length(max=100)])
    email = EmailText("Email address", validators=[DataRequired(), Email(message="Enter a valid email address."), Length(max=254)])
    password = PasswordText("Password (at least 10 characters)", validators=PASSWORD)
    confirm = PasswordText("Password again", validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")])
    next = HiddenText()


class LoginForm(Form):
    email = EmailText("Email address", validators=[DataRequired(), Length(max=254)])
    password = PasswordText("Password", validators=[DataRequired(), Length(max=200)])
    remember = BooleanField("Keep me logged in on this device")
    next = HiddenText()


class ChangePasswordForm(Form):
    current = PasswordText("Current password", validators=[DataRequired(), Length(max=200)])
    password = PasswordText("New password (at least 10 characters)", validators=PASSWORD)
    confirm = PasswordText("New password again", validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")])


class ConfirmForm(Form):
    """A form with only its CSRF token, for POST buttons such as log out."""
