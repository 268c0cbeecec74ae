"""Packing spans into the fewest rows: the one first-fit packing that the exported
roadmap (planner/export/packing.py) and the timeline's compact lanes
(planner/gui/timeline_layout.py) share. Plain numbers in, row numbers out.

Spans are taken by left edge (ties in the caller's order), each into the lowest-numbered
row whose last span ends, with ``gap`` to spare, no later than it starts. For intervals
this needs the fewest rows there can be. A heap of the rows free again and one of the
rows still busy make it O(n log n), however many rows there are.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from heapq import heappop, heappush
from typing import Any

__all__ = ["pack_rows", "repack_rows"]


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


def repack_rows(
    spans: Sequence[tuple[float, float]], previous: Sequence[int | None], gap: float = 0.0
) -> tuple[list[int], int]:
    """Rows for spans that had rows before (``previous[k]``, None for a new one), moving
    as few as it can: each keeps its row while it leaves ``gap`` to the one kept before
    it there (by left edge); the others, by left edge, go into the lowest row with room
    for them, else a new row at the bottom. Rows left empty are dropped (the rest keep
    their order). After an edit only what it moved into another's way changes row."""
    n = len(spans)
    rows: list[int] = [0] * n
    lows: dict[int, list[float]] = {}  # per row, its spans' left edges, ascending
    highs: dict[int, list[float]] = {}  # and their right edges, in the same order
    displaced = [k for k in range(n) if previous[k] is None]
    by_row: dict[int, list[int]] = {}
    for k in range(n):
        if (r := previous[k]) is not None:
            by_row.setdefault(r, []).append(k)
    for r, ks in by_row.items():
        ks.sort(key=lambda k: spans[k][0])
        lo_r, hi_r = lows.setdefault(r, []), highs.setdefault(r, [])
        for k in ks:
            lo, hi = spans[k]
            if hi_r and hi_r[-1] + gap > lo:
                displaced.append(k)
                continue
            rows[k] = r
            lo_r.append(lo)
            hi_r.append(hi)
    displaced.sort(key=lambda k: spans[k][0])
    for k in displaced:
        lo, hi = spans[k]
        for r in sorted(lows):
            lo_r, hi_r = lows[r], highs[r]
            at = bisect_left(lo_r, lo)
            if (at == 0 or hi_r[at - 1] + gap <= lo) and (at == len(lo_r) or hi + gap <= lo_r[at]):
                break
        else:
            r = max(lows, default=-1) + 1
            lo_r, hi_r, at = lows.setdefault(r, []), highs.setdefault(r, []), 0
        rows[k] = r
        lo_r.insert(at, lo)
        hi_r.insert(at, hi)
    used = {r: new for new, r in enumerate(sorted(r for r in lows if lows[r]))}
    return [used[r] for r in rows], len(used)
