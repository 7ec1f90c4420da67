"""Sign up, log in, log out and account settings."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from toolbox.extensions import db
from toolbox.web import render, retry_later

from . import devices, services
from .forms import ChangePasswordForm, ConfirmForm, LoginForm, SignupForm

bp = Blueprint("auth", __name__)


def _next(form_value: str | None = None) -> str:
    return services.safe_next(form_value or request.args.get("next"), url_for("lessons.home"))


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    """Create a learner account and log in."""
    if current_user.is_authenticated:
        return redirect(_next())
    form = SignupForm(next=request.args.get("next", ""))
    status = 200
    retry_after = None
    if form.validate_on_submit():
        address = request.remote_addr or "unknown"
        try:
            services.check_signup(address)
            user = services.create_user(form.email.data, form.name.data, form.password.data)
        except services.TooManyAttempts as exc:
            form.form_errors.append(str(exc))
            status, retry_after = 429, exc.retry_after
        except services.AccountError as exc:
            db.session.rollback()
            services.record_signup_failure(address)
            db.session.commit()
            form.email.errors = [*form.email.errors, str(exc)]
        else:
            db.session.commit()
            login_user(user)
            flash(f"Welcome, {user.name}. Your progress is now saved as you learn.", "success")
            return redirect(_next(form.next.data))
    if status == 200 and form.errors:
        status = 422
    return retry_later(render("auth/signup.html", "Create an account", form=form, status=status), retry_after)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in with email and password; failures are rate-limited per account and per address."""
    if current_user.is_authenticated:
        return redirect(_next())
    form = LoginForm(next=request.args.get("next", ""))
    status = 200
    retry_after = None
    if form.validate_on_submit():
        email = form.email.data
        try:
            ticket = services.admit_login(email, request.remote_addr or "unknown", devices.trusted(email))
        except services.TooManyAttempts as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
            status, retry_after = 429, exc.retry_after
        else:
            db.session.commit()  # the attempt counts before its password is checked, and no lock is held meanwhile
            user = services.authenticate(email, form.password.data, ticket)
            db.session.commit()
            if user is not None:
                login_user(user, remember=form.remember.data)
                response = redirect(_next(form.next.data))
                devices.remember(response, user.email)
                return response
            form.form_errors.append("That email address and password do not match an account.")
            status = 401
    elif form.errors:
        status = 422
    return retry_later(render("auth/login.html", "Log in", form=form, status=status), retry_after)


@bp.post("/logout")
def logout():
    """Log out: the session ends on every device, so a copied or replayed session cookie stops working too."""
    return _log_out_everywhere()


def _log_out_everywhere():
    """End every session of the current user (a signed cookie cannot be revoked alone) and clear the browser's cache."""
    if ConfirmForm().validate_on_submit() and current_user.is_authenticated:
        services.end_all_sessions(current_user)
        db.session.commit()
        logout_user()
        flash("You are logged out on every device.", "info")
    response = redirect(url_for("lessons.home"))
    # Pages of the account must not stay readable with the back button on a shared computer.
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Change the password (which also ends the other sessions)."""
    form = ChangePasswordForm()
    retry_after = None
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current.data, form.password.data)
        except services.AccountError as exc:
            db.session.commit()  # only the failed attempt, for the rate limit
            form.current.errors = [*form.current.errors, str(exc)]
            status = 429 if isinstance(exc, services.TooManyAttempts) else 422
            retry_after = getattr(exc, "retry_after", None)
        else:
            db.session.commit()
            login_user(current_user)
            flash("Password changed. Other devices have been logged out.", "success")
            return redirect(url_for("auth.account"))
    else:
        status = 422 if form.errors else 200
    return retry_later(render("auth/account.html", "Your account", form=form, confirm=ConfirmForm(), status=status), retry_after)


@bp.post("/account/logout-everywhere")
@login_required
def logout_everywhere():
    """End every session of this account, this one included (what logging out does too)."""
    return _log_out_everywhere()
