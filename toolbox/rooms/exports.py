"""A room's results as CSV and Markdown."""

from __future__ import annotations

import csv
import io

from . import dots, services
from .models import Room


def _header(room: Room) -> list[str]:
    return [
        f"# {room.title}",
        "",
        f"Room {room.code}, opened {room.created_at:%Y-%m-%d %H:%M} UTC"
        + (f", closed {room.closed_at:%Y-%m-%d %H:%M} UTC" if room.closed_at else "")
        + f"; {len(services.participants(room))} participants.",
        "",
    ]


def markdown_text(room: Room) -> str:
    """Results per ballot as Markdown tables, ranked."""
    lines = _header(room)
    for ballot in dots.results(room) if room.method == "dot-voting" else []:
        lines += [
            f"## {ballot.label} ({ballot.dots_each} dots each, {ballot.voters} voted)",
            "",
            "| Rank | Option | Dots |",
            "|---:|---|---:|",
        ]
        lines += [f"| {t.rank} | {t.label.replace('|', '/')} | {t.dots} |" for t in ballot.tallies]
        lines.append("")
    return "\n".join(lines)


def csv_text(room: Room) -> str:
    """One row per ballot and option."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["room", "ballot", "rank", "option", "dots"])
    for ballot in dots.results(room) if room.method == "dot-voting" else []:
        for t in ballot.tallies:
            writer.writerow([room.code, ballot.label, t.rank, _safe(t.label), t.dots])
    return out.getvalue()


def _safe(cell: str) -> str:
    """Keep spreadsheet programs from reading a cell as a formula."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell
