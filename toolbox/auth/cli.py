"""`flask --app toolbox users create` for the first facilitator or admin; `users end-sessions` to log accounts out everywhere."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from toolbox.extensions import db

from . import services
from .models import ROLES

users_cli = AppGroup("users", help="Manage accounts.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", default="", help="Display name (default: the part of the email before @).")
@click.option("--role", type=click.Choice(ROLES), default="learner", show_default=True)
@click.password_option(help="Password (asked for if not given).")
def create(email: str, name: str, role: str, password: str) -> None:
    """Create an account with a role."""
    if len(password) < 10:
        raise click.BadParameter("use at least 10 characters", param_hint="--password")
    problem = services.password_problem(password, [email, name])
    if problem:
        raise click.BadParameter(problem, param_hint="--password")
    try:
        user = services.create_user(email, name or email.split("@")[0], password, role)
    except services.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Created {user.role} {user.email}.")


@users_cli.command("end-sessions")
@click.option("--email", help="The account whose sessions end.")
@click.option("--all", "everyone", is_flag=True, help="End the sessions of every account.")
def end_sessions(email: str | None, everyone: bool) -> None:
    """Log an account (or every account) out on every device, e.g. after a lost phone or a leak."""
    if bool(email) == everyone:
        raise click.UsageError("give either --email or --all")
    if everyone:
        count = services.end_everyones_sessions()
    else:
        user = services.find_user(email or "")
        if user is None:
            raise click.ClickException(f"No account has the email address {email}.")
        services.end_all_sessions(user)
        count = 1
    db.session.commit()
    click.echo(f"Ended the sessions of {count} account{'s' if count != 1 else ''}.")
