"""Quiz blocks: YAML inside a ```quiz fence, validated into Quiz objects."""

from __future__ import annotations

import string

from .errors import ErrorLog
from .markdown import render_inline
from .models import Option, Quiz, QuizQuestion, Reference
from .schema import Reader
from .yamlmap import parse_yaml

TYPES = ("single", "multiple", "true-false")


def _inline(r: Reader, key: str, text: str, refs: list[Reference]) -> str:
    return render_inline(text, r.line(key), refs, r.log)


def _option(r: Reader, index: int, refs: list[Reference]) -> Option | None:
    text = r.str("text")
    oid = r.slug("id", default=string.ascii_lowercase[index % 26] if index < 26 else f"o{index + 1}", required=False)
    correct = r.bool("correct")
    feedback = r.str("feedback")
    r.finish()
    if text is None or feedback is None:
        return None
    return Option(oid, _inline(r, "text", text, refs), correct, _inline(r, "feedback", feedback, refs), r.line("feedback"))


def _question(r: Reader, refs: list[Reference]) -> QuizQuestion | None:
    qid = r.slug("id")
    qtype = r.str("type", choices=TYPES)
    prompt = r.str("prompt")
    options: list[Option] = []
    if qtype == "true-false":
        answer = r.raw("answer", True)
        if not isinstance(answer, bool):
            if answer is not None and r.has("answer"):
                r.error("answer", f"must be true or false, got '{answer}'")
            answer = None
        fb_true, fb_false = r.str("feedback_true"), r.str("feedback_false")
        if r.has("options"):
            r.error("options", "is not used by true-false questions: give 'answer', 'feedback_true' and 'feedback_false'")
            r.used.add("options")
        if answer is not None and fb_true and fb_false:
            options = [
                Option("true", "True", answer is True, _inline(r, "feedback_true", fb_true, refs), r.line("feedback_true")),
                Option("false", "False", answer is False, _inline(r, "feedback_false", fb_false, refs), r.line("feedback_false")),
            ]
    elif qtype in ("single", "multiple"):
        for i in r.list("options", min_items=2):
            opt = _option(r.child("options", i), i, refs)
            if opt is not None:
                options.append(opt)
        correct = sum(o.correct for o in options)
        if options and qtype == "single" and correct != 1:
            r.error("options", f"of a single-choice question need exactly one 'correct: true' (found {correct})")
        if options and qtype == "multiple" and correct < 1:
            r.error("options", "of a multiple-choice question need at least one 'correct: true'")
        ids = [o.id for o in options]
        for dup in {i for i in ids if ids.count(i) > 1}:
            r.error("options", f"have a duplicate id '{dup}'")
    ok = r.finish()
    if not ok or qid is None or qtype is None or prompt is None or not options:
        return None
    return QuizQuestion(qid, qtype, _inline(r, "prompt", prompt, refs), tuple(options), r.line("id"))  # type: ignore[arg-type]


def parse_quiz(text: str, first_line: int, fence_line: int, log: ErrorLog, refs: list[Reference] | None = None) -> Quiz | None:
    """Parse a quiz block's YAML; errors carry the file's line numbers."""
    refs = refs if refs is not None else []
    doc = parse_yaml(text, first_line, log)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        log.add(fence_line, "a quiz block holds YAML with a 'questions:' list")
        return None
    doc.lines.setdefault((), fence_line)
    r = Reader(doc, log)
    pass_mark = r.int("pass_mark", required=False, lo=0, hi=100)
    questions: list[QuizQuestion] = []
    seen: set[str] = set()
    for i in r.list("questions", min_items=1):
        q = _question(r.child("questions", i), refs)
        if q is None:
            continue
        if q.id in seen:
            log.add(doc.line(("questions", i, "id")), f"duplicate question id '{q.id}' in this quiz")
        seen.add(q.id)
        questions.append(q)
    r.finish()
    return Quiz(tuple(questions), pass_mark, fence_line)
