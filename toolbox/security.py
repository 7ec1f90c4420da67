"""Safety nets for every response: security headers, cookies marked Secure over HTTPS, a reverse proxy, URL arguments."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import Flask, Response, request, session
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, UnicodeConverter

# Only our own origin: every script, style, image and request comes from the app itself (never a CDN),
# and nothing inline, so injected markup cannot run even if a template ever failed to escape it.
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Same-origin requests keep their Referer, which Flask-WTF checks on HTTPS; room codes in paths never leave the site.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), fullscreen=(self)",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000"
# The largest id a database integer column holds: larger numbers in a URL are a 404, not an overflow error.
MAX_ID = 2**31 - 1
# Control characters are never part of a slug, code or file name (and PostgreSQL refuses NUL in text).
NO_CONTROL = r"[^/\x00-\x1f\x7f]"


class BoundedInt(IntegerConverter):
    """`<int:…>` that only matches ids a database column can hold."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


class PlainText(UnicodeConverter):
    """`<name>` and `<string:…>` without control characters."""

    def __init__(self, map, minlength: int = 1, maxlength: int | None = None, length: int | None = None) -> None:
        super().__init__(map, minlength, maxlength, length)
        self.regex = self.regex.replace("[^/]", NO_CONTROL)


def register_converters(app: Flask) -> None:
    """Stricter URL converters; must run before the blueprints are registered."""
    app.url_map.converters.update(int=BoundedInt, default=PlainText, string=PlainText)


class SecureCookies:
    """WSGI middleware: every cookie (session, remember-me, participant…) gets `Secure` on HTTPS requests, or always."""

    def __init__(self, wsgi_app: Callable, always: Callable[[], bool]) -> None:
        self.wsgi_app = wsgi_app
        self.always = always

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("wsgi.url_scheme") != "https" and not self.always():
            return self.wsgi_app(environ, start_response)

        def start(status: str, headers: list[tuple[str, str]], exc_info=None):
            headers = [(k, _secure(v) if k.lower() == "set-cookie" else v) for k, v in headers]
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start)


def _secure(cookie: str) -> str:
    return cookie if any(p.strip().lower() == "secure" for p in cookie.split(";")) else cookie + "; Secure"


def add_headers(response: Response) -> Response:
    """The security headers, HSTS over HTTPS, and no shared caching of pages made for a logged-in user."""
    # An empty answer (a poll's "no change", 304) renders nothing: the hot path of live rooms goes without.
    if response.status_code not in (204, 304):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    # (Static files are the same for everyone; asking for the session there would add Vary: Cookie.)
    if request.endpoint != "static" and "_user_id" in session and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "private, no-cache"
    return response


def init_app(app: Flask) -> None:
    """Headers on every response; Secure cookies over HTTPS; the reverse proxy's X-Forwarded-* headers if trusted."""
    app.after_request(add_headers)
    app.wsgi_app = SecureCookies(app.wsgi_app, lambda: bool(app.config["SESSION_COOKIE_SECURE"]))
    hops = int(app.config["PROXY_FIX"] or 0)
    if hops > 0:
        # Outermost, so the scheme and client address it restores are what the app and SecureCookies see.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops)
