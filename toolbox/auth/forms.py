"""Account forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

PASSWORD = [DataRequired(), Length(min=10, max=200, message="Use between 10 and 200 characters.")]


class SignupForm(FlaskForm):
    name = StringField("Your name", validators=[DataRequired(), Length(max=100)])
    email = EmailField("Email address", validators=[DataRequired(), Email(message="Enter a valid email address."), Length(max=254)])
    password = PasswordField("Password (at least 10 characters)", validators=PASSWORD)
    confirm = PasswordField("Password again", validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")])
    next = HiddenField()


class LoginForm(FlaskForm):
    email = EmailField("Email address", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    remember = BooleanField("Keep me logged in on this device")
    next = HiddenField()


class ChangePasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired(), Length(max=200)])
    password = PasswordField("New password (at least 10 characters)", validators=PASSWORD)
    confirm = PasswordField("New password again", validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")])


class ConfirmForm(FlaskForm):
    """A form with only its CSRF token, for POST buttons such as log out."""
