"""Configuration precedence: defaults, then TOOLBOX_* variables, then the mapping."""

from tests.conftest import FIXTURES, REAL_CONTENT, shared_catalog
from toolbox import create_app


def test_defaults_put_sqlite_and_the_secret_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("TOOLBOX_DATABASE_URL", raising=False)
    shared = {"CONTENT_CACHE": shared_catalog(REAL_CONTENT)}  # the default folder, parsed once per process
    app = create_app({"TESTING": True, **shared})
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/toolbox.db")
    assert len(app.config["SECRET_KEY"]) == 64
    assert create_app({"TESTING": True, **shared}).config["SECRET_KEY"] == app.config["SECRET_KEY"]


def test_environment_overrides_defaults_and_mapping_overrides_environment(monkeypatch):
    monkeypatch.setenv("TOOLBOX_DATABASE_URL", "postgresql+psycopg://u@localhost/db")
    monkeypatch.setenv("TOOLBOX_CONTENT_RELOAD", "true")
    app = create_app({"SECRET_KEY": "k", "CONTENT_DIR": str(FIXTURES)})  # the small tree: the real one takes a second to parse
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@localhost/db"
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True, "a server restart must not fail the next requests"
    assert app.config["CONTENT_RELOAD"] is True
    assert app.extensions["catalog"].reload is True
    app = create_app({"SECRET_KEY": "k", "DATABASE_URL": "sqlite:///:memory:", "CONTENT_RELOAD": False, "CONTENT_DIR": str(FIXTURES)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///:memory:"
    assert app.extensions["catalog"].reload is False


def test_session_cookie_is_http_only_and_same_site(app):
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_behind_a_reverse_proxy_the_client_address_and_scheme_come_from_its_headers(make_app):
    seen = []
    for proxies in (0, 1):
        app = make_app(PROXY_FIX=proxies)

        @app.get("/_whoami")
        def whoami():
            from flask import request

            seen.append((request.remote_addr, request.scheme))
            return ""

        headers = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
        app.test_client().get("/_whoami", headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    # Without a proxy configured the headers are not trusted (anyone could send them); with one, they are.
    assert seen == [("10.0.0.2", "http"), ("203.0.113.7", "https")]


def test_a_shared_database_without_a_shared_secret_key_is_warned_about(monkeypatch, caplog, tmp_path):
    monkeypatch.delenv("TOOLBOX_SECRET_KEY", raising=False)
    from toolbox.config import load_config

    load_config(str(tmp_path), {"DATABASE_URL": "postgresql+psycopg://u@db.example.org/toolbox"})
    assert "TOOLBOX_SECRET_KEY is not set" in caplog.text
