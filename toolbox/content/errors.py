"""Content errors that name the file, the line and the problem."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one content file, shown to authors as `path:line: message`."""

    path: str
    line: int
    message: str
    # Broken cross-references do not make a page unavailable; every other error does.
    reference: bool = False

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ErrorLog:
    """Collects the errors of one file so loading can carry on and report them all."""

    def __init__(self, path: Path | str, root: Path | None = None) -> None:
        p = Path(path)
        if root is not None:
            with suppress(ValueError):
                p = p.relative_to(root.parent)
        self.path = p.as_posix()
        self.errors: list[ContentError] = []

    def add(self, line: int, message: str, *, reference: bool = False) -> None:
        """Record an error at a 1-based line of the file."""
        self.errors.append(ContentError(self.path, max(line, 1), message, reference))

    @property
    def fatal(self) -> bool:
        """True when the file has an error that makes its page unusable."""
        return any(not e.reference for e in self.errors)
