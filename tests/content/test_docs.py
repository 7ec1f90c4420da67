"""docs/authoring.md is the complete reference: its examples of blocks and method settings pass the checker."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from toolbox.content.errors import ErrorLog
from toolbox.content.markdown import BLOCKS, render_document
from toolbox.content.schema import Reader
from toolbox.content.yamlmap import parse_yaml
from toolbox.rooms import methods as live

DOC = (Path(__file__).parent.parent.parent / "docs" / "authoring.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(?P<info>\w+)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


def fences(info: str) -> list[str]:
    return [m["body"] for m in FENCE.finditer(DOC) if m["info"] == info]


SETTINGS = {m[1]: body for body in fences("yaml") if (m := re.match(r"method: (\S+)\n", body))}
BLOCK_EXAMPLES = [body for body in fences("markdown") if re.search(r"^::: ", body, re.MULTILINE) and not body.startswith("---")]


def test_every_method_with_settings_has_an_example():
    assert set(SETTINGS) == {name for name, m in live.METHODS.items() if m.read_settings is not None}


@pytest.mark.parametrize("method", sorted(SETTINGS))
def test_method_example_is_valid(method: str):
    log = ErrorLog("docs/authoring.md")
    doc = parse_yaml(SETTINGS[method], 1, log)
    assert doc is not None, log.errors
    settings = live.read_settings(method, Reader(doc, log).child("settings"))
    assert log.errors == [] and settings is not None


def test_every_block_has_an_example():
    shown = {m[1] for body in BLOCK_EXAMPLES for m in re.finditer(r"^::: ([a-z-]+)", body, re.MULTILINE)}
    assert shown == set(BLOCKS)


@pytest.mark.parametrize("body", BLOCK_EXAMPLES, ids=lambda b: b.split("\n", 1)[0][:30])
def test_block_example_renders_without_errors(body: str):
    log = ErrorLog("docs/authoring.md")
    render_document(body, 1, log)
    assert log.errors == []


def test_scaffold_commands_drafts_and_translations_are_documented():
    for text in (
        "toolbox content new module --slug",
        "toolbox content new topic --module",
        "toolbox content new activity --module",
        "status: draft",
        "language: fr",
        "content/modules/core-fr/",
        "--copy-of core --language fr",
    ):
        assert text in DOC, text
