"""docs/reliability.md stays true: every test it names as evidence exists, and it states every access rule."""

from __future__ import annotations

import re
from pathlib import Path

from tests.security.endpoints import RULES

ROOT = Path(__file__).parent.parent.parent
DOC = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")


def test_every_test_named_as_evidence_exists():
    defined = {m for path in (ROOT / "tests").rglob("test_*.py") for m in re.findall(r"^def (test_\w+)", path.read_text(), re.MULTILINE)}
    named = set(re.findall(r"`(test_\w+)`", DOC))
    assert named, "the page names no test"
    assert named <= defined, f"docs/reliability.md names tests that do not exist: {sorted(named - defined)}"


def test_every_access_rule_is_in_the_table():
    rows = {line.split("|")[1].strip() for line in DOC.splitlines() if line.startswith("| ")}
    assert {rule.name for rule in RULES} <= rows
