"""Command-line tools: `flask --app toolbox content check|stats|new`, `db upgrade`, and the `toolbox` script."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, FlaskGroup

from .content import build_catalog, scaffold
from .content.balance import QuizBalance

content_cli = AppGroup("content", help="Check and describe the Markdown content.")
db_cli = AppGroup("db", help="Database schema migrations.")

STAT_COLUMNS = ("topics", "reflections", "reflection_questions", "cases", "key_points", "quizzes", "quiz_questions", "activities")
BALANCE_HEADER = ("quiz", "questions", "true/false keyed true", "right option longest", "by chance", "multiple <2 wrong", "bare feedback")


def _content_dir(path: str | None) -> Path:
    return Path(path) if path else Path(current_app.config["CONTENT_DIR"])


@content_cli.command("check")
@click.option("--path", help="Content folder to check (default: the app's CONTENT_DIR).")
def check(path: str | None) -> None:
    """Validate every content file; print `path:line: message` for each error, then each warning (warnings do not fail)."""
    catalog = build_catalog(_content_dir(path))
    for error in catalog.errors:
        click.echo(str(error))
    for warning in catalog.warnings:
        click.echo(f"{warning.path}:{warning.line}: warning: {warning.message}")
    files = len(catalog.modules) + len(catalog.topics) + len(catalog.activities)
    warned = f", {len(catalog.warnings)} warning(s) (see `content stats`)" if catalog.warnings else ""
    if catalog.errors:
        click.echo(f"{len(catalog.errors)} error(s) in {len({e.path for e in catalog.errors})} file(s){warned}.", err=True)
        sys.exit(1)
    click.echo(f"OK: {files} files, no errors{warned}.", err=True)


def _table(rows: list[tuple[str, ...]]) -> None:
    """Print rows as columns: the first left-aligned, the others right-aligned, a rule under the header."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        click.echo("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))))
        if n == 0:
            click.echo("  ".join("-" * w for w in widths))


def _share(count: int, of: int) -> str:
    return f"{count}/{of} ({count / of:.0%})" if of else "-"


def _balance_row(name: str, b: QuizBalance) -> tuple[str, ...]:
    chance = f"{b.chance_share:.0%}" if b.chance_share is not None else "-"
    return (
        name,
        str(b.questions),
        _share(b.keyed_true, b.true_false),
        _share(b.longest_right, b.choice),
        chance,
        _share(b.few_wrong, b.multiple),
        _share(b.bare_feedbacks, b.feedbacks),
    )


@content_cli.command("stats")
@click.option("--path", help="Content folder (default: the app's CONTENT_DIR).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def stats(path: str | None, as_json: bool) -> None:
    """Count what each module holds, then how far each quiz can be guessed from the form of its answers."""
    catalog = build_catalog(_content_dir(path))
    data: dict = catalog.stats()
    quizzes = catalog.quiz_balance()
    total = sum(quizzes.values(), QuizBalance())
    if as_json:
        # "quiz_balance" cannot be a module's slug (slugs have no underscore), so module entries keep their place.
        data["quiz_balance"] = {"quizzes": {k: b.as_dict() for k, b in quizzes.items()}, "total": total.as_dict()}
        click.echo(json.dumps(data, indent=2))
        return
    header = ("module",) + STAT_COLUMNS
    _table([header] + [(slug,) + tuple(str(counts[c]) for c in STAT_COLUMNS) for slug, counts in data.items()])
    click.echo()
    _table([BALANCE_HEADER] + [_balance_row(k, b) for k, b in quizzes.items()] + [_balance_row("all quizzes", total)])
    click.echo(
        "true/false keyed true: aim for about half; right option longest: near chance; "
        "multiple choice with <2 wrong options and bare feedbacks: none.",
        err=True,
    )


@content_cli.group("new")
def new() -> None:
    """Scaffold a new module, topic or activity guide (a draft that passes `content check`)."""


def _created(paths: list[Path]) -> None:
    for p in paths:
        click.echo(f"Created {p}{'/' if p.is_dir() else ''}")
    click.echo("Edit it, run `toolbox content check`, and set `status: published` when it is ready.", err=True)


@new.command("module")
@click.option("--slug", required=True, help="Folder name, e.g. core-fr or module-3.")
@click.option("--title", help="The module's title (default: from the slug; not with --copy-of).")
@click.option("--copy-of", "copy_of", help="Copy this module and its activities, links rewritten (a translation or adaptation).")
@click.option("--language", help="The module's language code, e.g. fr (default: en, or the copied module's).")
@click.option("--path", help="Content folder (default: the app's CONTENT_DIR).")
def new_module(slug: str, title: str | None, copy_of: str | None, language: str | None, path: str | None) -> None:
    """Create modules/<slug>/index.md and the activities/<slug>/ folder, empty or as a copy of a module."""
    try:
        if copy_of and title:
            raise scaffold.ScaffoldError("--title is not used with --copy-of: translate the title in the copy's index.md")
        root = _content_dir(path)
        paths = scaffold.copy_module(root, copy_of, slug, language) if copy_of else scaffold.new_module(root, slug, title, language or "en")
        _created(paths)
    except scaffold.ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None


@new.command("topic")
@click.option("--module", "module", required=True, help="The module's slug, e.g. core.")
@click.option("--slug", required=True, help="The topic's slug, e.g. gender-approach.")
@click.option("--title", help="The topic's title (default: from the slug).")
@click.option("--path", help="Content folder (default: the app's CONTENT_DIR).")
def new_topic(module: str, slug: str, title: str | None, path: str | None) -> None:
    """Create modules/<module>/NN-<slug>.md, numbered after the module's last topic."""
    try:
        _created([scaffold.new_topic(_content_dir(path), module, slug, title)])
    except scaffold.ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None


@new.command("activity")
@click.option("--module", "module", required=True, help="The module's slug, e.g. core.")
@click.option("--slug", required=True, help="The guide's slug, e.g. 4-priorities-dot-voting.")
@click.option("--method", default="none", show_default=True, type=click.Choice(list(scaffold.SETTINGS)), help="The live method.")
@click.option("--title", help="The activity's title (default: from the slug).")
@click.option("--topic", help="The topic of the module it belongs to (optional).")
@click.option("--number", help='Its number in the module, e.g. "3" or "0a" (default: the next whole number).')
@click.option("--path", help="Content folder (default: the app's CONTENT_DIR).")
def new_activity(module: str, slug: str, method: str, title: str | None, topic: str | None, number: str | None, path: str | None) -> None:
    """Create activities/<module>/<slug>.md with every field and the method's settings."""
    try:
        _created([scaffold.new_activity(_content_dir(path), module, slug, method, title, topic, number)])
    except scaffold.ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None


def alembic_config(url: str):
    """An Alembic configuration pointing at the migrations inside the package."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at `url` up to `revision`."""
    from alembic import command

    command.upgrade(alembic_config(url), revision)


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Create or upgrade the database schema."""
    upgrade(current_app.config["SQLALCHEMY_DATABASE_URI"], revision)
    click.echo(f"Database at revision {revision}.")


def lan_address() -> str | None:
    """This machine's address on the local network, as phones will type it (None if offline)."""
    import socket

    try:
        names = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        names = []
    for *_, sockaddr in names:
        if not sockaddr[0].startswith("127."):
            return sockaddr[0]
    return None


@click.command("serve")
@click.option("--lan", is_flag=True, help="Listen on the local network and print the address phones should use.")
@click.option("--host", default=None, help="Address to bind (default 127.0.0.1, or 0.0.0.0 with --lan).")
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes (more than one: gunicorn, not on Windows).",
)
@click.option(
    "--threads", default=None, type=click.IntRange(1, 256), help="Threads per process (default 16 with one process, 4 with several)."
)
@click.option("--connections", default=4000, show_default=True, type=int, help="Open connections allowed (about two per phone).")
def serve(lan: bool, host: str | None, port: int, workers: int, threads: int | None, connections: int) -> None:
    """Serve the app with a production server (waitress, or gunicorn with --workers), creating or upgrading the database first."""
    from . import serving

    upgrade(current_app.config["SQLALCHEMY_DATABASE_URI"])
    host = host or ("0.0.0.0" if lan else "127.0.0.1")
    if lan:
        address = lan_address()
        if address is None:
            click.echo("No local network address found: is the laptop connected to the venue's network?", err=True)
        else:
            current_app.config["PUBLIC_URL"] = f"http://{address}:{port}"
            click.echo(f"Participants join at  http://{address}:{port}/join  (the projector shows this address and a QR code)")
    app = current_app._get_current_object()
    if workers == 1:
        click.echo(f"Serving on http://{host}:{port} — press Ctrl+C to stop.")
        serving.with_waitress(app, host, port, threads or 16, connections)
    else:
        click.echo(f"Serving on http://{host}:{port} with {workers} processes — press Ctrl+C to stop.")
        serving.with_gunicorn(app, host, port, workers, threads or 4, connections)


def register(app: Flask) -> None:
    """Attach the command groups to the app's CLI."""
    from .auth.cli import users_cli

    app.cli.add_command(content_cli)
    app.cli.add_command(db_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(serve)


def main() -> None:
    """The `toolbox` console script: the Flask CLI with the app preset."""
    from . import create_app

    FlaskGroup(create_app=create_app)(prog_name="toolbox")
