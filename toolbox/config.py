"""Configuration: defaults, then TOOLBOX_* environment variables, then the mapping given to create_app."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULTS: dict[str, Any] = {
    "SECRET_KEY": None,  # None: generated once and kept in the instance folder
    "DATABASE_URL": None,  # None: SQLite in the instance folder
    # Connections each process keeps open: as many as a server has threads (`toolbox serve` has 16), or
    # every request beyond the pool opens a fresh connection and closes it again. Sync workers use one.
    "DATABASE_POOL_SIZE": 16,
    "CONTENT_DIR": str(PROJECT_ROOT / "content"),
    "CONTENT_RELOAD": None,  # None: on in debug mode
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,  # False: cookies are still marked Secure on every HTTPS request
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_DURATION": 30 * 24 * 3600,  # seconds "Keep me logged in" lasts
    "SESSION_MAX_AGE": 30 * 24 * 3600,  # seconds after which every login must be repeated, remembered or not
    "SESSION_IDLE_TIMEOUT": 24 * 3600,  # seconds unused after which a session ends (0: never; "keep me logged in" logs in again)
    "PROXY_FIX": 0,  # how many reverse proxies in front set X-Forwarded-For/-Proto/-Host/-Port/-Prefix (0: trust none)
    "WTF_CSRF_TIME_LIMIT": None,
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "LESSON_CACHE": True,  # render each lesson's shared HTML once per content version (off: on every request)
    # How new passwords are hashed (werkzeug's method string). scrypt with these costs is deliberately slow;
    # tests select a fast method, since a stored hash names its own method and checks still work.
    "PASSWORD_HASH": "scrypt:32768:8:1",
    # How often a phone and the console (ROOM_POLL_MS) and the projector (PROJECTOR_POLL_MS) ask a live
    # room for news. Shorter: changes show sooner, at more requests a second per person.
    "ROOM_POLL_MS": 1000,
    "PROJECTOR_POLL_MS": 500,
    # Joining a room: at most this many participants (a "room is full" page after), and this many joins a
    # minute before the next ones wait a few seconds (a plenary's phones join over a minute or two).
    "ROOM_MAX_PARTICIPANTS": 5000,
    "ROOM_JOINS_PER_MINUTE": 1000,
    "PUBLIC_URL": None,  # the address participants type, e.g. http://192.168.1.20:5000 (set by `serve --lan`)
}


def _coerce(raw: str, default: Any) -> Any:
    if isinstance(default, bool) or default is None and raw.lower() in ("true", "false", "1", "0", "yes", "no"):
        return raw.lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(raw)
    return raw


def load_config(instance_path: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Merge defaults, environment and overrides into one flat mapping."""
    config = dict(DEFAULTS)
    for key, default in DEFAULTS.items():
        raw = os.environ.get(f"TOOLBOX_{key}")
        if raw is not None:
            config[key] = _coerce(raw, default)
    config.update(overrides or {})
    if not config["DATABASE_URL"]:
        config["DATABASE_URL"] = f"sqlite:///{Path(instance_path) / 'toolbox.db'}"
    if config["SESSION_COOKIE_SECURE"]:
        # HTTPS only: the __Host- prefix tells browsers to accept these cookies only over HTTPS, for this host and path /.
        config.setdefault("SESSION_COOKIE_NAME", "__Host-session")
        config.setdefault("REMEMBER_COOKIE_NAME", "__Host-remember_token")
    if not config["SECRET_KEY"]:
        if not config["DATABASE_URL"].startswith("sqlite"):
            # A shared database means several processes, perhaps on several hosts: each host would make its own key.
            logging.getLogger("toolbox").warning("TOOLBOX_SECRET_KEY is not set: every host must be given the same one")
        config["SECRET_KEY"] = _instance_secret(Path(instance_path))
    config["SQLALCHEMY_DATABASE_URI"] = config["DATABASE_URL"]
    if "SQLALCHEMY_ENGINE_OPTIONS" not in config and not _in_memory(config["DATABASE_URL"]):
        options: dict = {"pool_size": int(config["DATABASE_POOL_SIZE"])}
        if not config["DATABASE_URL"].startswith("sqlite"):
            # A connection that a server restart closed is replaced before use instead of failing a request.
            options["pool_pre_ping"] = True
        config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    return config


def _in_memory(url: str) -> bool:
    """An in-memory SQLite database lives in one shared connection: no pool to size."""
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")


def _instance_secret(instance: Path) -> str:
    """A random key kept in the instance folder, so sessions survive restarts without setup."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
