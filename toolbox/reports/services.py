"""Rapporteur reports: pre-filling from the session's rooms, saving, the Chatham House switch, Markdown export."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select

from toolbox.auth.models import utcnow
from toolbox.exports import md
from toolbox.extensions import begin_write, db
from toolbox.rooms import summary as room_summary
from toolbox.rooms.models import Room
from toolbox.rooms.summary import RoomSummary, summarise
from toolbox.sql import insert
from toolbox.workshops import services as planner
from toolbox.workshops.models import Workshop, WorkshopSession
from toolbox.workshops.timing import plural

from .models import SessionReport

MAX_PART = 20_000
ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Part:
    field: str
    heading: str
    hint: str


# The parts of the roundtable reporting template, in its order; the three findings come after the opportunities.
PARTS = (
    Part("summary", "Summary and main discussion points", "Concise bullet points. Pre-filled with what the session's rooms produced."),
    Part("challenges", "Challenges", "The main challenges raised."),
    Part("opportunities", "Opportunities, good practices and innovations", "For the way forward: at local, national or regional level."),
    Part(
        "relevance",
        "Relevance to the wider agenda",
        "How the session relates to the workshop's wider agenda (global, national or local plans).",
    ),
    Part("quotes", "Inspiring quotes", "One or two quotes. Ask before naming a speaker, or switch on the Chatham House rule below."),
)
FINDINGS = ("finding_1", "finding_2", "finding_3")
FIELDS = (*(p.field for p in PARTS), *FINDINGS)


class ReportError(ValueError):
    """A report that cannot be saved, with a message for the rapporteur."""


# The session's rooms ------------------------------------------------------------------------------


def rooms_of(s: WorkshopSession) -> list[Room]:
    """The live rooms opened for the session's items, in programme order."""
    items = planner.items_of([s.id])[s.id]
    found = planner.rooms_by_id([i.room_id for i in items if i.room_id is not None])
    return [found[i.room_id] for i in items if i.room_id in found]


def summaries(s: WorkshopSession) -> list[RoomSummary]:
    """What each of the session's rooms produced: top-voted items and notes."""
    return [summarise(r) for r in rooms_of(s)]


def score(summary: RoomSummary, n: int) -> str:
    """'3 dots' for a dot vote, '3 votes' for the rest."""
    return plural(n, "dot" if summary.method == "dot-voting" else "vote")


def prefill(found: list[RoomSummary]) -> str:
    """The rooms' results as bullet points for the summary: top-voted items by ballot or board, then notes with their authors."""
    blocks = []
    for summary in found:
        lines = [
            f"From the live activity “{summary.title}” ({summary.participants} participant{'s' if summary.participants != 1 else ''}):"
        ]
        groups: dict[str, list[str]] = {}
        for h in summary.top:
            groups.setdefault(h.where, []).append(h.text + (f" ({score(summary, h.score)})" if h.score is not None else ""))
        for where, texts in groups.items():
            lines.append(f"- Top-voted{' in ' + where if where else ''}: " + "; ".join(texts))
        for h in summary.notes:
            said = ", ".join(x for x in (h.author, h.where) if x)
            lines.append(f"- {'Key insight: ' if h.kind == 'insight' else ''}{h.text}" + (f" ({said})" if said else ""))
        if len(lines) == 1:
            lines.append("- Nothing was recorded in this room.")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def participant_names(rooms: list[Room]) -> list[str]:
    """The names everyone joined the rooms with (those removed too), for the Chatham House rule."""
    return room_summary.participant_names(rooms)


# Chatham House ------------------------------------------------------------------------------------


def names_pattern(names: Iterable[str], exact: Iterable[str] = ()) -> re.Pattern | None:
    """Participants' whole names and each word of three letters or more in them, and `exact` names as written; any case.

    A room tells two people called Ana apart as "Ana (2)": the name without the counter is hidden too. Longer
    names are tried first, so "Ana Diallo" becomes one "anonymous", not two.
    """
    found: set[str] = {" ".join(n.split()) for n in exact if n.strip()}
    for raw in names:
        name = " ".join(raw.split())
        base = re.sub(r"\s*\(\d+\)$", "", name)
        found.update(x for x in (name, base) if x)
        found.update(w for w in re.split(r"[\s\-‐’'.,;:()/]+", base) if len(w) >= 3 and not w.isdigit())
    if not found:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(found, key=lambda n: (-len(n), n)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def anonymise(text: str, pattern: re.Pattern | None) -> str:
    return pattern.sub(ANONYMOUS, text) if pattern is not None and text else text


def other_names(report: SessionReport) -> list[str]:
    return [line.strip() for line in re.split(r"[\n;]", report.other_names or "") if line.strip()]


# Reading and saving -------------------------------------------------------------------------------


def report_of(s: WorkshopSession) -> SessionReport | None:
    return db.session.scalar(select(SessionReport).where(SessionReport.session_id == s.id))


def draft(s: WorkshopSession, found: list[RoomSummary] | None = None) -> SessionReport:
    """The stored report, or (never saved yet) a new one pre-filled from the rooms; a new one is not added to the database."""
    stored = report_of(s)
    if stored is not None:
        return stored
    return SessionReport(session_id=s.id, summary=prefill(summaries(s) if found is None else found), anonymous=False, other_names="")


def save(s: WorkshopSession, rapporteur: str, texts: dict[str, str], anonymous: bool, hidden_names: str) -> SessionReport:
    """Store the whole report (one upsert, so two saves at once cannot clash), and the rapporteur's name on the session."""
    values = {f: texts.get(f, "") for f in FIELDS}
    for name, text in (*values.items(), ("other_names", hidden_names)):
        if len(text) > MAX_PART:
            raise ReportError(f"Each part is limited to {MAX_PART:,} characters ({name.replace('_', ' ')} is longer).")
    begin_write()
    s.rapporteur = rapporteur.strip()[:100]
    now = utcnow()
    db.session.execute(
        insert(SessionReport)
        .values(session_id=s.id, **values, anonymous=anonymous, other_names=hidden_names, revision=1, created_at=now, updated_at=now)
        .on_conflict_do_update(
            index_elements=["session_id"],
            set_={**values, "anonymous": anonymous, "other_names": hidden_names, "updated_at": now, "revision": SessionReport.revision + 1},
        )
    )
    return db.session.scalars(select(SessionReport).where(SessionReport.session_id == s.id).execution_options(populate_existing=True)).one()


def fill_from_rooms(s: WorkshopSession) -> tuple[SessionReport, int]:
    """Add the rooms' current results to the end of the summary, each room's block once; returns the report and how many were added."""
    report = draft(s)
    blocks = [prefill([one]) for one in summaries(s)]
    fresh = [b for b in blocks if b not in (report.summary or "")]
    if fresh:
        summary = "\n\n".join(x for x in (report.summary.rstrip(), *fresh) if x)
        texts = {f: getattr(report, f) or "" for f in FIELDS} | {"summary": summary}
        report = save(s, s.rapporteur, texts, bool(report.anonymous), report.other_names or "")
    return report, len(fresh)


# What is shown and exported -----------------------------------------------------------------------


@dataclass(frozen=True)
class ReportView:
    """A report ready to show or export: with the Chatham House rule on, every name is already replaced."""

    workshop: str
    place: str
    session: str
    day: date
    starts_at: time
    ends_at: time
    facilitator: str
    rapporteur: str
    parts: list[tuple[Part, str]]
    findings: list[str]
    anonymous: bool
    saved_at: datetime | None
    pattern: re.Pattern | None = None  # the names this report hides

    @property
    def numbered(self) -> list[tuple[int, Part | None, str]]:
        """The parts as the template numbers them; the three findings (part None) come after the opportunities."""
        order = [*self.parts[:3], (None, ""), *self.parts[3:]]
        return [(n, part, text) for n, (part, text) in enumerate(order, 1)]


def view(workshop: Workshop, s: WorkshopSession, report: SessionReport | None = None) -> ReportView:
    """The report of a session as it reads in the export (pre-filled if never saved)."""
    rooms = rooms_of(s)
    report = report if report is not None else report_of(s)
    found = None
    if report is None:
        found = [summarise(r) for r in rooms]
        report = draft(s, found)
    pattern = None
    if report.anonymous:
        found = found if found is not None else [summarise(r) for r in rooms]
        authors = [h.author for f in found for h in (*f.top, *f.notes) if h.author]
        pattern = names_pattern([*participant_names(rooms), *authors], other_names(report))

    def clean(text: str | None) -> str:
        return anonymise((text or "").strip(), pattern)

    return ReportView(
        workshop=clean(workshop.title),
        place=clean(workshop.place),
        session=clean(s.title),
        day=s.day,
        starts_at=s.starts_at,
        ends_at=s.ends_at,
        facilitator=clean(s.facilitator),
        rapporteur=clean(s.rapporteur),
        parts=[(p, clean(getattr(report, p.field))) for p in PARTS],
        findings=[clean(getattr(report, f)) for f in FINDINGS],
        anonymous=bool(report.anonymous),
        saved_at=report.updated_at if report.id is not None else None,
        pattern=pattern,
    )


def workshop_views(workshop: Workshop) -> list[ReportView]:
    """Every session's report, in programme order."""
    return [view(workshop, s) for s in planner.sessions_of(workshop)]


NOTHING = "*Nothing written yet.*"


def _part_lines(r: ReportView, level: str) -> list[str]:
    lines: list[str] = []
    for n, part, text in r.numbered:
        if part is None:
            lines += [f"{level} {n}. Three key findings or recommendations", ""]
            # A finding's further lines are indented to stay in its list item.
            lines += [f"{k}. " + (md(finding, lines=True).replace("\n", "\n   ") or "…") for k, finding in enumerate(r.findings, 1)]
            lines.append("")
        else:
            lines += [f"{level} {n}. {part.heading}", "", md(text, lines=True) or NOTHING, ""]
    return lines


def _facts(r: ReportView, with_workshop: bool) -> list[str]:
    lines = []
    if with_workshop:
        lines.append(f"- **Workshop:** {md(r.workshop)}" + (f", {md(r.place)}" if r.place else ""))
    lines += [
        f"- **Session:** {md(r.session)}, {r.day:%A %d %B %Y}, {r.starts_at:%H:%M}–{r.ends_at:%H:%M}",
        f"- **Facilitator:** {md(r.facilitator) or '–'}",
        f"- **Rapporteur:** {md(r.rapporteur) or '–'}",
    ]
    if r.anonymous:
        lines.append(f"- Chatham House rule: names are replaced by “{ANONYMOUS}”.")
    return [*lines, ""]


def markdown(r: ReportView) -> str:
    """One session's report as a Markdown document (what people typed shown as typed, never as markup or HTML)."""
    return "\n".join([f"# Report: {md(r.session)}", "", *_facts(r, True), *_part_lines(r, "##")]).rstrip() + "\n"


def merged_text(text: str, reports: list[ReportView]) -> str:
    """Text of the merged document (the workshop's title, place): hides the names of every report under the Chatham House rule."""
    for r in reports:
        text = anonymise(text, r.pattern)
    return text


def workshop_markdown(title: str, place: str, reports: list[ReportView]) -> str:
    """Every session's report of a workshop, merged into one Markdown document."""
    title, place = merged_text(title, reports), merged_text(place, reports)
    lines = [f"# {md(title)}: session reports", ""]
    if place:
        lines += [md(place), ""]
    if not reports:
        lines += ["No sessions yet.", ""]
    for r in reports:
        lines += [f"## {md(r.session)}", "", *_facts(r, False), *_part_lines(r, "###")]
    return "\n".join(lines).rstrip() + "\n"


def filename(text: str) -> str:
    """A safe file name from a title."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return (slug or "report")[:60]
