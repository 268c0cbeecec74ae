"""Packing spans into the fewest rows: the one first-fit packing that the exported
roadmap (planner/export/packing.py) and the timeline's compact lanes
(planner/gui/timeline_layout.py) share. Plain numbers in, row numbers out.

Spans are taken by left edge (ties in the caller's order), each into the lowest-numbered
row whose last span ends, with ``gap`` to spare, no later than it starts. For intervals
this needs the fewest rows there can be. A heap of the rows free again and one of the
rows still busy make it O(n log n), however many rows there are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from heapq import heappop, heappush
from typing import Any

__all__ = ["pack_rows"]


def pack_rows(
    spans: Sequence[tuple[float, float]],
    gap: float = 0.0,
    tie: Callable[[int], Any] | None = None,
) -> tuple[list[int], int]:
    """The row of each span (lo, hi) and how many rows they take.

    A span may share a row with one before it when that one's ``hi + gap <= lo``. Spans
    starting at the same ``lo`` go in order of ``tie(k)`` (k: the span's position), else
    in the order given."""
    if tie is None:
        order = sorted(range(len(spans)), key=lambda k: spans[k][0])
    else:
        order = sorted(range(len(spans)), key=lambda k: (spans[k][0], tie(k)))
    rows = [0] * len(spans)
    free: list[int] = []  # rows whose last span has ended (lowest first)
    busy: list[tuple[float, int]] = []  # (when free again, row)
    count = 0
    for k in order:
        lo, hi = spans[k]
        while busy and busy[0][0] <= lo:
            heappush(free, heappop(busy)[1])
        if free:
            r = heappop(free)
        else:
            r, count = count, count + 1
        rows[k] = r
        heappush(busy, (hi + gap, r))
    return rows, count
