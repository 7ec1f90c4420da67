"""Production servers for `toolbox serve`: waitress in one process (any OS), gunicorn with several (Linux, macOS)."""

from __future__ import annotations

import sys

from flask import Flask

from .extensions import db


def with_waitress(app: Flask, host: str, port: int, threads: int, connections: int) -> None:
    """One process with `threads` threads: a trainer's laptop, Windows included."""
    from waitress import serve

    # Every phone keeps a connection open between polls: allow far more connections than waitress's 100.
    serve(
        app,
        host=host,
        port=port,
        threads=threads,
        connection_limit=connections,
        asyncore_use_poll=True,  # select() stops at 1024 sockets
        ident="jmdi-toolbox",
    )


def with_gunicorn(app: Flask, host: str, port: int, workers: int, threads: int, connections: int) -> None:
    """`workers` processes of `threads` threads each (gunicorn's gthread workers), sharing the one database."""
    if sys.platform == "win32":
        raise SystemExit("Several worker processes need gunicorn, which does not run on Windows: serve with one process.")
    from gunicorn.app.base import BaseApplication

    def post_fork(_server, _worker) -> None:
        # A worker must not reuse database connections the parent may have opened before forking.
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose(close=False)

    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        # Few threads per process: with many, threads fight over the interpreter lock and pages slow down.
        "threads": threads,
        "worker_connections": max(100, connections // workers),
        "keepalive": 5,  # phones poll every second: keep their connection between polls
        "timeout": 60,
        "post_fork": post_fork,
        "proc_name": "jmdi-toolbox",
        "errorlog": "-",
    }

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)
            if "control_socket_disable" in self.cfg.settings:
                # gunicorn ≥ 25.1 opens one control socket per user by default: two servers on one machine would clash.
                self.cfg.set("control_socket_disable", True)

        def load(self) -> Flask:
            return app

    Server().run()
