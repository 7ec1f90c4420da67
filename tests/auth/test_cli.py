"""Creating the first facilitator or admin from the command line."""

from toolbox.auth.cli import users_cli
from toolbox.auth.models import User
from toolbox.extensions import db


def test_users_create(app):
    runner = app.test_cli_runner()
    result = runner.invoke(users_cli, ["create", "--email", "Fac@Example.org", "--role", "facilitator", "--password", "a long password"])
    assert result.exit_code == 0, result.output
    assert "Created facilitator fac@example.org." in result.output
    with app.app_context():
        user = db.session.scalar(db.select(User))
        assert user.role == "facilitator" and user.can("learner") and not user.can("author")
    again = runner.invoke(users_cli, ["create", "--email", "fac@example.org", "--password", "a long password"])
    assert again.exit_code != 0 and "already exists" in again.output


def test_users_create_rejects_short_password_and_unknown_role(app):
    runner = app.test_cli_runner()
    assert runner.invoke(users_cli, ["create", "--email", "a@example.org", "--password", "short"]).exit_code != 0
    assert (
        runner.invoke(users_cli, ["create", "--email", "a@example.org", "--role", "king", "--password", "a long password"]).exit_code != 0
    )
