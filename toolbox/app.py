"""The application factory."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask

from . import cli, errors, security
from .config import PROJECT_ROOT, load_config
from .content import CatalogCache
from .extensions import csrf, db, guard_writes, htmx, login_manager
from .rooms import poll


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration, extensions, the content catalogue and the blueprints."""
    app = Flask(
        "toolbox",
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.update(load_config(app.instance_path, config))
    security.register_converters(app)
    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            guard_writes(engine, strict=app.testing)
    csrf.init_app(app)
    htmx.init_app(app)
    login_manager.init_app(app)

    reload = app.config["CONTENT_RELOAD"]
    # CONTENT_CACHE: a catalogue already built for CONTENT_DIR, shared by several apps of one process (the tests' apps).
    app.extensions["catalog"] = app.config.get("CONTENT_CACHE") or CatalogCache(
        app.config["CONTENT_DIR"], reload=app.debug if reload is None else bool(reload)
    )
    _log_content_errors(app)

    from .activities.views import bp as activities_bp
    from .auth import access
    from .auth.views import bp as auth_bp
    from .cohorts.views import bp as cohorts_bp
    from .journal.views import bp as journal_bp
    from .lessons.views import bp as lessons_bp
    from .progress.views import bp as progress_bp
    from .quizzes.views import bp as quizzes_bp
    from .reports.views import bp as reports_bp
    from .rooms.views import bp as rooms_bp
    from .workshops.views import bp as workshops_bp

    app.register_blueprint(lessons_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(quizzes_bp)
    app.register_blueprint(activities_bp)
    app.register_blueprint(progress_bp)
    app.register_blueprint(journal_bp)
    app.register_blueprint(cohorts_bp)
    app.register_blueprint(rooms_bp)
    app.register_blueprint(workshops_bp)
    app.register_blueprint(reports_bp)
    errors.register(app)
    access.init_app(app)
    poll.init_app(app)
    security.init_app(app)
    cli.register(app)
    return app


def _log_content_errors(app: Flask) -> None:
    """Say at start-up which content files are broken; the rest of the site still serves."""
    catalog = app.extensions["catalog"].get()
    if catalog.errors:
        files = len({e.path for e in catalog.errors})
        logging.getLogger("toolbox.content").warning(
            "%d content error(s) in %d file(s); run `flask --app toolbox content check` to list them", len(catalog.errors), files
        )
