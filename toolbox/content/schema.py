"""A small validator for YAML mappings: typed getters that report the key's line."""

from __future__ import annotations

import re
from typing import Any

from .errors import ErrorLog
from .yamlmap import Path_, YamlDoc

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MISSING = object()


class Reader:
    """Reads one YAML mapping; every problem becomes an error on the right line."""

    def __init__(self, doc: YamlDoc, log: ErrorLog, path: Path_ = (), what: str = "") -> None:
        self.doc = doc
        self.log = log
        self.path = path
        value = doc.data
        for key in path:
            value = value[key]
        self.data: dict[str, Any] = value if isinstance(value, dict) else {}
        self.what = what
        self.used: set[str] = set()
        self.ok = True
        if not isinstance(value, dict):
            self.error(None, "must be a mapping of 'key: value' pairs")

    def line(self, key: Any = None) -> int:
        """The line of a key of this mapping (or of the mapping itself)."""
        return self.doc.line(self.path + ((key,) if key is not None else ()))

    def _name(self, key: Any) -> str:
        parts = [str(p) if not isinstance(p, int) else f"[{p + 1}]" for p in self.path]
        if key is not None:
            parts.append(str(key))
        return ".".join(parts).replace(".[", "[") or "front matter"

    def error(self, key: Any, message: str) -> None:
        """Record an error about a key of this mapping."""
        self.ok = False
        self.log.add(self.line(key), f"'{self._name(key)}' {message}" if key is not None or self.path else message)

    def raw(self, key: str, required: bool) -> Any:
        self.used.add(key)
        if key not in self.data or self.data[key] is None:
            if required:
                self.ok = False
                where = f" in '{self._name(None)}'" if self.path else (f" in '{self.what}'" if self.what else "")
                self.log.add(self.line(), f"missing required key '{key}'{where}")
            return _MISSING
        return self.data[key]

    def str(self, key: str, default: str | None = None, required: bool = True, choices=None) -> str | None:
        """A non-empty string (numbers are accepted as their text)."""
        v = self.raw(key, required and default is None)
        if v is _MISSING:
            return default
        if isinstance(v, bool) or not isinstance(v, (str, int, float)):
            self.error(key, f"must be text, not {type(v).__name__}")
            return default
        v = str(v).strip()
        if not v:
            self.error(key, "must not be empty")
            return default
        if choices is not None and v not in choices:
            self.error(key, f"must be one of: {', '.join(choices)} (got '{v}')")
            return default
        return v

    def slug(self, key: str, default: str | None = None, required: bool = True) -> str | None:
        """A slug: lowercase letters, digits and single hyphens."""
        v = self.str(key, default, required)
        if v is not None and v is not default and not SLUG.match(v):
            self.error(key, f"must be a slug (lowercase letters, digits, hyphens), got '{v}'")
            return default
        return v

    def int(self, key: str, default: int | None = None, required: bool = True, lo: int | None = None, hi: int | None = None) -> int | None:
        """A whole number within optional bounds."""
        v = self.raw(key, required and default is None)
        if v is _MISSING:
            return default
        if isinstance(v, bool) or not isinstance(v, int):
            self.error(key, f"must be a whole number, got '{v}'")
            return default
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            self.error(key, f"must be between {lo} and {hi}, got {v}" if hi is not None else f"must be at least {lo}, got {v}")
            return default
        return v

    def number(self, key: str, default: float | None = None, required: bool = True, lo: float = 0) -> float | None:
        """A positive number (whole or decimal)."""
        v = self.raw(key, required and default is None)
        if v is _MISSING:
            return default
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v <= lo:
            self.error(key, f"must be a number greater than {lo}, got '{v}'")
            return default
        return v

    def bool(self, key: str, default: bool = False) -> bool:
        """true or false."""
        v = self.raw(key, False)
        if v is _MISSING:
            return default
        if not isinstance(v, bool):
            self.error(key, f"must be true or false, got '{v}'")
            return default
        return v

    def str_list(self, key: str, required: bool = True, min_items: int = 1, default: list[str] | None = None) -> list[str]:
        """A list of non-empty strings."""
        v = self.raw(key, required)
        if v is _MISSING:
            return list(default or [])
        if not isinstance(v, list):
            self.error(key, "must be a list ('- item' lines)")
            return list(default or [])
        out = []
        for i, item in enumerate(v):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)) or not str(item).strip():
                self.ok = False
                self.log.add(self.doc.line(self.path + (key, i)), f"'{self._name(key)}' item {i + 1} must be non-empty text")
            else:
                out.append(str(item).strip())
        if len(v) < min_items:
            self.error(key, f"needs at least {min_items} item(s)")
        return out

    def list(self, key: str, required: bool = True, min_items: int = 0) -> list[int]:
        """Indexes of a list's items (read each with `child`)."""
        v = self.raw(key, required)
        if v is _MISSING:
            return []
        if not isinstance(v, list):
            self.error(key, "must be a list ('- item' lines)")
            return []
        if len(v) < min_items:
            self.error(key, f"needs at least {min_items} item(s)")
        return list(range(len(v)))

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def child(self, *keys: Any) -> Reader:
        """A Reader for a nested mapping."""
        for k in keys[:1]:
            if isinstance(k, str):
                self.used.add(k)
        return Reader(self.doc, self.log, self.path + keys)

    def finish(self) -> bool:
        """Report keys nobody read as unknown; True when the mapping had no error."""
        for key in self.data:
            if key not in self.used:
                self.ok = False
                self.log.add(self.line(key), f"unknown key '{self._name(key)}'")
        return self.ok


def parse_minutes(value: Any) -> tuple[int, int] | None:
    """Minutes as an int or an 'a-b' range; None when malformed."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value >= 0:
        return value, value
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d+)\s*[-–]\s*(\d+)\s*", value)
        if m and int(m[1]) <= int(m[2]):
            return int(m[1]), int(m[2])
        if value.strip().isdigit():
            return int(value), int(value)
    return None
