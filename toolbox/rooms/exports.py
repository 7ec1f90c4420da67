"""A room's results as CSV and Markdown: a common header, then what the room's method produced."""

from __future__ import annotations

import csv
import io

from . import services
from .live import handler
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
    """The room's results as Markdown (tables, boards, lists by method)."""
    return "\n".join(_header(room) + handler(room.method).markdown(room))


def csv_text(room: Room) -> str:
    """The room's results as CSV, one row per item."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in handler(room.method).csv_rows(room):
        writer.writerow([_safe(cell) if isinstance(cell, str) else cell for cell in row])
    return out.getvalue()


def _safe(cell: str) -> str:
    """Keep spreadsheet programs from reading a cell as a formula."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell
