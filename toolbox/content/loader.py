"""Read one content file: front matter → validated dataclass, body → rendered parts."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

from toolbox.rooms import methods as live  # attribute access at call time: rooms.methods imports our schema

from .errors import ErrorLog
from .figures import FigureStore
from .markdown import FigureCheck, render_document
from .models import Activity, BrokenFile, Document, Module, RunningCase, Step, Topic
from .quiz import parse_quiz
from .schema import Reader, parse_minutes
from .yamlmap import YamlDoc, split_front_matter

TOPIC_FILE = re.compile(r"^(?P<order>\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
STATUSES = ("published", "draft")
REQUIRED_SECTIONS = ("Objectives", "Preparation", "Steps", "Tips")
OPTIONAL_SECTIONS = ("Handouts", "Variations", "Debrief")
H2 = re.compile(r"^##\s+(?P<title>.+?)\s*#*\s*$")
FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def _read(path: Path, root: Path) -> tuple[ErrorLog, YamlDoc | None, str, int]:
    log = ErrorLog(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        log.add(1, f"the file is not UTF-8 text ({exc.reason})")
        return log, None, "", 1
    text = text.replace("\r\n", "\n")
    fm, body, offset = split_front_matter(text, log)
    return log, fm, body, offset


def load_module(folder: Path, root: Path, figures: FigureStore | None = None) -> Module | None:
    """Load a module's index.md; None when it cannot be used (errors in the returned log)."""
    path = folder / "index.md"
    log, fm, body, offset = _read(path, root)
    module = None
    if fm is not None:
        r = Reader(fm, log)
        title = r.str("title")
        short = r.str("short_title")
        order = r.int("order", lo=0)
        summary = r.str("summary")
        objectives = r.str_list("objectives")
        attribution = r.str("attribution")
        case = None
        if r.has("running_case"):
            c = r.child("running_case")
            name, place, text = c.str("name"), c.str("place"), c.str("summary")
            if c.finish() and name and place and text:
                case_doc = render_document(text, c.line("summary"), log)
                case = RunningCase(name, place, "".join(getattr(p, "html", "") for p in case_doc.parts))
        else:
            r.used.add("running_case")
        pass_mark = r.int("pass_mark", 70, required=False, lo=0, hi=100)
        status = r.str("status", "published", required=False, choices=STATUSES)
        language = r.str("language", "en", required=False)
        r.finish()
        doc = render_document(body, offset, log, figures=partial((figures or FigureStore(root)).check, folder.name))
        if title and short and order is not None and summary and attribution and objectives:
            module = Module(
                folder.name,
                title,
                short,
                order,
                summary,
                objectives,
                attribution,
                case,
                pass_mark or 70,
                status or "published",
                language or "en",
                doc,
                log.path,
            )
    if module is not None:
        module.errors = log.errors
    return module if module is not None else _broken_module(folder, log)


def _broken_module(folder: Path, log: ErrorLog) -> Module:
    m = Module(folder.name, folder.name, folder.name, 999, "", [], "", None, 70, "published", "en", Document(), log.path)
    m.errors = log.errors
    return m


def load_topic(path: Path, module: str, root: Path, figures: FigureStore | None = None) -> Topic | BrokenFile:
    """Load a topic lesson `NN-slug.md`."""
    m = TOPIC_FILE.match(path.name)
    assert m, path
    log, fm, body, offset = _read(path, root)
    if fm is None:
        return BrokenFile(module, m["slug"], log.path, log.errors)
    r = Reader(fm, log)
    title = r.str("title")
    order = r.int("order", lo=0)
    if order is not None and order != int(m["order"]):
        r.error("order", f"is {order} but the file name starts with {m['order']}: make them agree")
    summary = r.str("summary", required=False)
    objectives = r.str_list("objectives")
    minutes = r.int("minutes", lo=1, hi=1000)
    related = r.str_list("activities", required=False, min_items=0)
    for i, ref in enumerate(related):
        if not re.fullmatch(r"[a-z0-9-]+/[a-z0-9-]+", ref):
            log.add(fm.line(("activities", i)), f"'activities' item '{ref}' must be written module/activity-slug")
    status = r.str("status", "published", required=False, choices=STATUSES)
    r.finish()
    doc = render_document(body, offset, log, quiz_parser=parse_quiz, figures=partial((figures or FigureStore(root)).check, module))
    if title is None or order is None or minutes is None or log.fatal:
        return BrokenFile(module, m["slug"], log.path, log.errors, title or m["slug"])
    lines = {ref: fm.line(("activities", i)) for i, ref in enumerate(related)}
    return Topic(
        module, m["slug"], title, order, summary, objectives, minutes, related, status or "published", doc, log.path, log.errors, lines
    )


def _sections(body: str, offset: int, log: ErrorLog, figures: FigureCheck | None = None) -> dict[str, Document]:
    """Split an activity body at its `##` headings and render each section."""
    chunks: list[tuple[str, int, list[str]]] = []
    fenced = False
    for n, line in enumerate(body.split("\n")):
        if FENCE.match(line):
            fenced = not fenced
        h = None if fenced else H2.match(line)
        if h:
            chunks.append((h["title"], offset + n, []))
        elif chunks:
            chunks[-1][2].append(line)
        elif line.strip():
            log.add(offset + n, "text before the first section: start the body with '## Objectives'")
            chunks.append(("", offset + n, [line]))
    sections: dict[str, Document] = {}
    known = REQUIRED_SECTIONS + OPTIONAL_SECTIONS
    for title, line, lines in chunks:
        if not title:
            continue
        if title not in known:
            log.add(line, f"unknown section '## {title}': sections are {', '.join(known)}")
            continue
        if title in sections:
            log.add(line, f"section '## {title}' appears twice")
            continue
        sections[title] = render_document("\n".join(lines), line + 1, log, extract_list=title == "Steps", figures=figures)
        sections[title].anchors.add(title.lower())
        sections[title].list_line = sections[title].list_line or line
    present = [t for t, _, _ in chunks if t in REQUIRED_SECTIONS]
    for req in REQUIRED_SECTIONS:
        if req not in sections:
            log.add(offset, f"missing section '## {req}'")
    if present != [t for t in REQUIRED_SECTIONS if t in present]:
        log.add(offset, f"sections must come in this order: {', '.join(REQUIRED_SECTIONS)}")
    return sections


def _range(r: Reader, key: str, required: bool = True, lo: int = 1) -> tuple[int, int] | None:
    if not r.has(key):
        r.raw(key, required)
        return None
    c = r.child(key)
    a, b = c.int("min", lo=lo), c.int("max", lo=lo)
    c.finish()
    if a is not None and b is not None and a > b:
        r.error(key, f"has min {a} greater than max {b}")
        return None
    return (a, b) if a is not None and b is not None else None


def load_activity(path: Path, module: str, root: Path, figures: FigureStore | None = None) -> Activity | BrokenFile:
    """Load an activity guide (its figures are those of its module)."""
    slug = path.stem
    log, fm, body, offset = _read(path, root)
    if fm is None:
        return BrokenFile(module, slug, log.path, log.errors, kind="activity")
    r = Reader(fm, log)
    title = r.str("title")
    number = r.str("number")
    mod = r.slug("module")
    if mod is not None and mod != module:
        r.error("module", f"is '{mod}' but the file is in the folder of module '{module}'")
    topic = r.slug("topic", required=False)
    summary = r.str("summary", required=False)
    method = r.str("method", choices=tuple(live.METHODS))
    participants = _range(r, "participants")
    group_size = _range(r, "group_size", required=False)
    materials = r.str_list("materials")
    timing: list[tuple[str, tuple[int, int]]] = []
    for i in r.list("timing", min_items=1):
        t = r.child("timing", i)
        step = t.str("step")
        raw = t.raw("minutes", True)
        minutes = parse_minutes(raw) if raw is not None else None
        if minutes is None and t.has("minutes"):
            t.error("minutes", f"must be a number of minutes or a range like \"20-30\", got '{raw}'")
        if t.finish() and step and minutes:
            timing.append((step, minutes))
    settings = None
    if method is not None:
        if r.has("settings"):
            settings = live.read_settings(method, r.child("settings"))
        else:
            r.used.add("settings")
            empty = YamlDoc({}, {(): fm.line(("method",))})
            if live.METHODS[method].read_settings is not None:
                sub = Reader(empty, log, what="settings")
                live.read_settings(method, sub)
    else:
        r.used.add("settings")
    status = r.str("status", "published", required=False, choices=STATUSES)
    r.finish()
    sections = _sections(body, offset, log, partial((figures or FigureStore(root)).check, module))
    steps_doc = sections.get("Steps")
    steps: list[Step] = []
    if steps_doc is not None:
        items = steps_doc.list_items
        if not items:
            log.add(steps_doc.list_line or offset, "the Steps section needs a numbered list, one item per 'timing' entry")
        elif len(items) != len(timing) and r.ok:
            log.add(
                steps_doc.list_line,
                f"the Steps list has {len(items)} items but 'timing' has {len(timing)} entries: give each step its timing",
            )
        steps = [Step(name, minutes, html) for (name, minutes), html in zip(timing, items, strict=False)]
    doc = Document()
    for d in sections.values():
        doc.references += d.references
        doc.anchors |= d.anchors
        doc.headings += d.headings
        doc.figures += d.figures
    ok = title and number and method and participants and materials and steps
    if not ok or log.fatal:
        return BrokenFile(module, slug, log.path, log.errors, title or slug, kind="activity")
    return Activity(
        module,
        slug,
        title,
        number,
        topic,
        summary,
        method,
        settings,
        participants,
        group_size,
        materials,
        steps,
        sections,
        status or "published",
        doc,
        log.path,
        log.errors,
    )  # type: ignore[arg-type]
