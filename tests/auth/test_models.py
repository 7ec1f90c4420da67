"""Password hashing: scrypt with its full costs unless configured otherwise (the tests' fast method is theirs alone)."""

from __future__ import annotations

from werkzeug.security import check_password_hash

from tests.conftest import FAST_HASH, FIXTURES, shared_catalog
from toolbox import create_app
from toolbox.auth.models import User


def test_production_hashes_passwords_with_scrypt_at_full_cost(database_url, monkeypatch):
    monkeypatch.delenv("TOOLBOX_PASSWORD_HASH", raising=False)
    app = create_app(
        {"DATABASE_URL": database_url, "SECRET_KEY": "k", "CONTENT_DIR": str(FIXTURES), "CONTENT_CACHE": shared_catalog(FIXTURES)}
    )
    with app.app_context():
        user = User(email="a@example.org", name="A")
        user.set_password("correct horse battery")
    # werkzeug's format: method:N:r:p$salt$hash, with N = 2**15, r = 8, p = 1 (about 32 MiB and 80 ms a hash)
    assert user.password_hash.startswith("scrypt:32768:8:1$")
    assert user.check_password("correct horse battery") and not user.check_password("correct horse batter")


def test_the_tests_fast_method_is_only_what_they_configure(app):
    assert app.config["PASSWORD_HASH"] == FAST_HASH != "scrypt:32768:8:1"
    with app.app_context():
        user = User(email="b@example.org", name="B")
        user.set_password("correct horse battery")
    assert user.password_hash.startswith("pbkdf2:sha256:1$")
    # a hash stored by either method is checked by its own
    assert check_password_hash(user.password_hash, "correct horse battery")
