"""Ranking with ties, shared by the methods that count (cards by votes, players by points)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")


def ranked(scored: Iterable[tuple[T, int]], key: Callable[[T], Any] | None = None) -> list[tuple[int, T]]:
    """(rank, item) by score, highest first; equal scores share a rank (1, 1, 3) and keep `key` order."""
    items = list(scored)
    order = sorted(range(len(items)), key=lambda i: (-items[i][1], key(items[i][0]) if key else i))
    out: list[tuple[int, T]] = []
    previous: int | None = None
    rank = 0
    for position, i in enumerate(order):
        item, score = items[i]
        if score != previous:
            rank, previous = position + 1, score
        out.append((rank, item))
    return out


def leaders(scored: Iterable[tuple[T, int]]) -> list[T]:
    """Everyone with the highest score above zero (several when they tie); nobody when nobody scored."""
    items = list(scored)
    top = max((s for _, s in items), default=0)
    return [item for item, s in items if s == top] if top > 0 else []
