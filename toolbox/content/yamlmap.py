"""YAML parsing that remembers the line of every key and list item."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import ErrorLog

Path_ = tuple[Any, ...]
BOOL_TAG = "tag:yaml.org,2002:bool"


class StrictLoader(yaml.SafeLoader):
    """Safe YAML where only true/false are booleans: `yes`, `no`, `on`, `off` stay text (`options: [Yes, No]`)."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != BOOL_TAG]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


StrictLoader.add_implicit_resolver(BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _explain(problem: str) -> str:
    """A hint for the YAML mistakes authors make most."""
    if "'\\t'" in problem:
        return "a tab is used for indentation: indent with spaces (two per level)"
    if problem.startswith("mapping values are not allowed"):
        return "a value contains ': ' (colon and space): put the whole value in double quotes, e.g. title: \"Migration: an introduction\""
    return ""


@dataclass
class YamlDoc:
    """Parsed YAML data plus the 1-based line of each key path."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    start: int = 1

    def line(self, path: Path_) -> int:
        """The line of a path, falling back to its nearest known parent."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), self.start)


def _walk(node: yaml.Node, path: Path_, offset: int, lines: dict, log: ErrorLog) -> None:
    lines.setdefault(path, node.start_mark.line + offset)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + offset
            if key in seen:
                log.add(line, f"duplicate key '{key}'")
            seen.add(key)
            lines[path + (key,)] = line
            _walk(value_node, path + (key,), offset, lines, log)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[path + (i,)] = item.start_mark.line + offset
            _walk(item, path + (i,), offset, lines, log)


def parse_yaml(text: str, first_line: int, log: ErrorLog) -> YamlDoc | None:
    """Parse YAML whose first line is `first_line` of the file; None (and an error) if invalid."""
    try:
        node = yaml.compose(text, Loader=StrictLoader)
        data = yaml.load(text, Loader=StrictLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        context = getattr(exc, "context_mark", None)
        line = first_line + (mark.line if mark else 0)
        problem = getattr(exc, "problem", None) or str(exc)
        started = f" (in what starts on line {first_line + context.line})" if context and mark and context.line != mark.line else ""
        hint = _explain(problem)
        log.add(line, f"invalid YAML: {problem}{started}" + (f"; {hint}" if hint else ""))
        return None
    lines: dict[Path_, int] = {}
    if node is not None:
        _walk(node, (), first_line, lines, log)
    return YamlDoc(data, lines, first_line)


def split_front_matter(text: str, log: ErrorLog) -> tuple[YamlDoc | None, str, int]:
    """Split `---` front matter from the body; return (front matter, body, body's first line)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        log.add(1, "the file must start with front matter between two '---' lines")
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            fm = parse_yaml("\n".join(lines[1:i]), 2, log)
            if fm is not None and not isinstance(fm.data, dict):
                log.add(2, "front matter must be a mapping of 'key: value' lines")
                fm = None
            return fm, "\n".join(lines[i + 1 :]), i + 2
    log.add(1, "front matter is not closed: add a line with '---' after it")
    return None, "", len(lines)
