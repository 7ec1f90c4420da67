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


def test_users_end_sessions_logs_one_account_or_everyone_out(app, make_user, login):
    make_user("ana@example.org")
    make_user("ben@example.org")
    ana, ben = app.test_client(), app.test_client()
    login("ana@example.org", c=ana)
    login("ben@example.org", c=ben)
    runner = app.test_cli_runner()
    result = runner.invoke(users_cli, ["end-sessions", "--email", "ANA@example.org"])
    assert result.exit_code == 0 and "Ended the sessions of 1 account." in result.output
    assert ana.get("/account").status_code == 302 and ben.get("/account").status_code == 200
    result = runner.invoke(users_cli, ["end-sessions", "--all"])
    assert result.exit_code == 0 and "Ended the sessions of 2 accounts." in result.output
    assert ben.get("/account").status_code == 302


def test_users_end_sessions_needs_one_target(app):
    runner = app.test_cli_runner()
    assert runner.invoke(users_cli, ["end-sessions"]).exit_code != 0
    assert runner.invoke(users_cli, ["end-sessions", "--all", "--email", "a@example.org"]).exit_code != 0
    missing = runner.invoke(users_cli, ["end-sessions", "--email", "nobody@example.org"])
    assert missing.exit_code != 0 and "No account" in missing.output


def test_users_create_refuses_a_common_password(app):
    result = app.test_cli_runner().invoke(users_cli, ["create", "--email", "a@example.org", "--password", "qwertyuiop"])
    assert result.exit_code != 0 and "one of the most common ones" in " ".join(result.output.split())
