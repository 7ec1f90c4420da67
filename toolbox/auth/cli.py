"""`flask --app toolbox users create` for the first facilitator or admin."""

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
    try:
        user = services.create_user(email, name or email.split("@")[0], password, role)
    except services.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Created {user.role} {user.email}.")
