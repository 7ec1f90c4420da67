"""The lesson fragment rendered once per topic and content version, then filled in for each reader.

A lesson is ~50 KB of HTML with an answer box per reflection question and a quiz: rendering it with
Jinja costs milliseconds, yet almost all of it is the same for every reader. So it is rendered once
with stand-ins for what differs (the CSRF token, the learner's id, the quiz form's token) and with
"slots" around the parts that depend on what the learner has stored (an answer, the done mark, quiz
scores). Each request joins the pieces, and renders with Jinja only the slots whose content differs
from a learner who stored nothing. The templates stay the one source: a slot is `{% call slot(name,
…) %}…{% endcall %}`, which outside this cache just outputs its body.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, render_template, request
from markupsafe import Markup

from toolbox.auth.models import ROLES
from toolbox.catalog import catalog
from toolbox.content.models import Module, Topic

# Rendered output never holds NUL: Markdown replaces it, and no reader's data is in the skeleton.
CSRF, USER, QUIZ_TOKEN = "\x00csrf\x00", "\x00user\x00", "\x00quiz-token\x00"
TOKENS = (CSRF, USER, QUIZ_TOKEN)
_OPEN, _CLOSE = "\x00slot:", "\x00/slot\x00"
_MARK = re.compile("(\x00[^\x00]*\x00)")


def slot(name: str, caller: Callable[[], str], **args: Any) -> Markup:
    """Template global: a part that depends on the reader (outside the cache, just its content)."""
    return Markup(caller())


@dataclass
class Slot:
    """A reader-dependent part: its name, what the template passed, and its HTML for a reader who stored nothing."""

    name: str
    args: dict[str, Any]
    default: list[str] = field(default_factory=list)


Piece = str | Slot


@dataclass
class _Recorder:
    slots: list[Slot] = field(default_factory=list)

    def __call__(self, name: str, caller: Callable[[], str], **args: Any) -> Markup:
        self.slots.append(Slot(name, args))
        return Markup(f"{_OPEN}{len(self.slots) - 1}\x00") + caller() + Markup(_CLOSE)


class _StandIn:
    """current_user while the shared HTML is rendered: logged in, no author rights, id a stand-in."""

    is_authenticated = True
    is_anonymous = False
    id = USER

    def can(self, role: str) -> bool:
        return ROLES.index(role) < ROLES.index("author")


def _split(html: str, recorder: _Recorder) -> list[Piece]:
    """The rendered skeleton as strings, tokens (kept as their own strings) and slots with their default pieces."""
    pieces: list[Piece] = []
    target = pieces
    for part in _MARK.split(html):
        if not part:
            continue
        if part.startswith(_OPEN):
            current = recorder.slots[int(part[len(_OPEN) : -1])]
            pieces.append(current)
            target = current.default
        elif part == _CLOSE:
            target = pieces
        else:
            if part.startswith("\x00") and part not in TOKENS:
                raise ValueError(f"unexpected marker {part!r} in a rendered lesson")
            target.append(part)
    return pieces


def enabled() -> bool:
    """The cache is on unless configured off, or templates reload (a developer is editing them)."""
    return bool(current_app.config.get("LESSON_CACHE", True)) and not current_app.jinja_env.auto_reload


def skeleton(module: Module, topic: Topic, logged_in: bool, context: Callable[[], dict[str, Any]]) -> list[Piece]:
    """The topic's fragment for any reader of this kind (logged in or not), built on first use.

    `context` gives the template's user-independent values (neighbours, activities…); `logged_in`
    adds the learner's parts as they are for someone who has stored nothing yet.
    """
    memo = catalog().memo  # one per version of the content: an edited topic gets a new skeleton
    key = ("lesson", module.slug, topic.slug, logged_in, request.script_root, request.path)
    pieces = memo.get(key)
    if pieces is None:
        recorder = _Recorder()
        extra: dict[str, Any] = {"slot": recorder, "csrf_token": lambda: CSRF}
        if logged_in:
            extra.update(current_user=_StandIn(), quiz_token=QUIZ_TOKEN)
        html = render_template("lessons/_topic.html", **context(), **extra)
        pieces = memo[key] = _split(html, recorder)
    return pieces


def fill(pieces: list[Piece], tokens: dict[str, str], render_slot: Callable[[Slot], str | None]) -> Markup:
    """Join the pieces for this reader: tokens replaced, each slot rendered anew or left as its default (None)."""
    out: list[str] = []
    for piece in pieces:
        if isinstance(piece, Slot):
            html = render_slot(piece)
            if html is None:
                out.extend(tokens.get(p, p) for p in piece.default)
            else:
                out.append(html)
        else:
            out.append(tokens.get(piece, piece))
    return Markup("".join(out))
