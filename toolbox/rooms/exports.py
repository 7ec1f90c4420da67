"""A room's results as CSV and Markdown: a common header, then what the room's method produced."""

from __future__ import annotations

from toolbox import exports

from . import services
from .live import handler
from .models import Room


def _header(room: Room) -> list[str]:
    return [
        f"# {exports.md(room.title)}",
        "",
        f"Room {room.code}, opened {room.created_at:%Y-%m-%d %H:%M} UTC"
        + (f", closed {room.closed_at:%Y-%m-%d %H:%M} UTC" if room.closed_at else "")
        + f"; {len(services.participants(room))} participants.",
        "",
    ]


def markdown_text(room: Room) -> str:
    """The room's results as Markdown (tables, boards, lists by method); no HTML or link even where a method forgot `md`."""
    return exports.no_html_or_links("\n".join(_header(room) + handler(room.method).markdown(room)))


def csv_text(room: Room) -> str:
    """The room's results as CSV, one row per item."""
    return exports.csv_text(handler(room.method).csv_rows(room))
