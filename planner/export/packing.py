"""Packing a roadmap's items into the rows of their team's lane, in pixels: no drawing,
no matplotlib.

Each lane packs its items greedily (first fit by left edge), every item taking the room
of its bar and its label (``Placement.lo``/``hi``). When the page has too few rows, the
most important items of a lane are kept (late, milestones, critical work, then from the
left) and the rest is counted as "+K more"; an item whose bar alone has no room left in
any row is counted without its label being laid out, and ``least_rows`` tells how many
rows bars need without measuring any text, so a font size that can't fit is passed over
cheaply.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from datetime import date
from itertools import accumulate

from planner.domain.rows import pack_rows as shared_pack
from planner.export.labels import Entry, Labeller, Placement, reach
from planner.export.page_geometry import (
    Geometry,
    Lane,
    RoadmapLayout,
    lane_header,
    lane_pad,
    one_page,
    row_gap,
)

__all__ = [
    "by_lane",
    "capped_page",
    "layout_lanes",
    "least_rows",
    "least_total",
    "pack_capped",
    "pack_rows",
]


def least_rows(entries: Sequence[Entry], fs: float) -> int:
    """The fewest rows ``entries`` could take at font size ``fs`` even without labels:
    the most of their ``reach`` spans (with the row gap) over any one point. ``pack_rows``
    of their placements, which cover those spans, never needs fewer. No text is measured."""
    gap = row_gap(fs)
    spans = [reach(e, fs) for e in entries]
    starts = sorted(lo for lo, _hi in spans)
    ends = sorted(hi + gap for _lo, hi in spans)  # a row is free again from here
    most = freed = 0
    for k, lo in enumerate(starts):
        while freed < k and ends[freed] <= lo:
            freed += 1
        most = max(most, k + 1 - freed)
    return most


def pack_rows(placements: list[Placement], gap: float) -> int:
    """First-fit by left edge (planner/domain/rows.py, which the timeline's lanes share):
    the fewest rows for intervals. Sets each placement's row; returns the row count."""
    rows, count = shared_pack([(p.lo, p.hi) for p in placements], gap,
                              lambda k: placements[k].entry.priority)  # fmt: skip
    for p, r in zip(placements, rows, strict=True):
        p.row = r
    return count


class _Row:
    """The spans taken in one row, kept sorted (they never overlap)."""

    __slots__ = ("his", "los")

    def __init__(self) -> None:
        self.los: list[float] = []
        self.his: list[float] = []

    def free(self, lo: float, hi: float, gap: float) -> bool:
        k = bisect_left(self.los, lo)
        return (k == 0 or self.his[k - 1] + gap <= lo) and (
            k == len(self.los) or hi + gap <= self.los[k]
        )

    def take(self, lo: float, hi: float) -> None:
        k = bisect_left(self.los, lo)
        self.los.insert(k, lo)
        self.his.insert(k, hi)


def pack_capped(
    entries: Sequence[Entry], place: Callable[[Entry], Placement], fs: float, cap: int
) -> tuple[list[Placement], int]:
    """Important items first (then from the left), each into the first of ``cap`` rows
    with room for it. An item whose bar alone has no room in any row is left out before
    ``place`` lays out (measures) its label. Returns the placements kept (with their
    rows) and how many items were left out."""
    gap = row_gap(fs)
    rows = [_Row() for _ in range(cap)]
    spans = [reach(e, fs) for e in entries]
    order = sorted(range(len(entries)), key=lambda k: (entries[k].priority, spans[k][0]))
    kept: list[Placement] = []
    for k in order:
        lo, hi = spans[k]
        if not any(row.free(lo, hi, gap) for row in rows):
            continue
        p = place(entries[k])
        for r, row in enumerate(rows):
            if row.free(p.lo, p.hi, gap):
                row.take(p.lo, p.hi)
                p.row = r
                kept.append(p)
                break
    return kept, len(entries) - len(kept)


def by_lane(lanes: Sequence[Lane], entries: Sequence[Entry]) -> dict[str | None, list[Entry]]:
    """The entries of each lane's team, in order (entries of a team without a lane are
    left out)."""
    by_team: dict[str | None, list[Entry]] = {lane.team: [] for lane in lanes}
    for e in entries:
        if e.team in by_team:
            by_team[e.team].append(e)
    return by_team


def layout_lanes(
    lanes: list[Lane],
    by_team: dict[str | None, list[Entry]],
    f: Labeller,
) -> None:
    """Fill each lane's placements and row count (uncapped)."""
    for lane in lanes:
        lane.placements = [f.place(e) for e in by_team[lane.team]]
        lane.rows = pack_rows(lane.placements, row_gap(f.fs))
        lane.hidden = 0


def least_total(
    lanes: Sequence[Lane], by_team: dict[str | None, list[Entry]], fs: float, most: float
) -> float:
    """The rows the lanes' bars need at ``fs`` (at least one a lane), counted only until
    they pass ``most``."""
    total = float(len(lanes))
    for lane in lanes:
        if total > most:
            break
        total += max(least_rows(by_team[lane.team], fs), 1) - 1
    return total


def capped_page(
    g: Geometry,
    lanes: list[Lane],
    by_team: dict[str | None, list[Entry]],
    d0: date,
    d1: date,
    f: Labeller,
    row_h: float,
) -> RoadmapLayout:
    """One page that keeps what fits: the first teams if not all have room for two rows,
    the rows shared out among the lanes, and in a lane with too few rows its most
    important items ("+K more" for the rest). Only items that can still show are laid out."""
    fs = f.fs
    body = g.body_y1 - g.body_y0

    def per_lane(lane: Lane) -> float:
        return lane_pad(fs) + lane_header(lane, fs)

    # if even two rows per team don't fit, show the first teams only
    tops = list(accumulate(2 * row_h + per_lane(lane) for lane in lanes))
    n = len(lanes)
    while n > 1 and tops[n - 1] > body:
        n -= 1
    shown = lanes[:n]
    dropped = len(lanes) - len(shown)
    budget = int((body - sum(per_lane(lane) for lane in shown)) // row_h)
    # the rows each lane needs: a lane whose bars alone need more than the page holds
    # is not laid out in full (a lower bound that large decides the same as the count)
    for lane in shown:
        items = by_team[lane.team]
        least = least_rows(items, fs)
        if least > budget:
            lane.placements, lane.rows = [], least
        else:
            lane.placements = [f.place(e) for e in items]
            lane.rows = pack_rows(lane.placements, row_gap(fs))
        lane.hidden = 0
    cap = max(1, budget)
    while cap > 1 and sum(min(max(lane.rows, 1), cap) for lane in shown) > budget:
        cap -= 1
    # spare rows go round-robin to the lanes that still have items out of sight
    limits = {id(lane): min(max(lane.rows, 1), cap) for lane in shown}
    spare = budget - sum(limits.values())
    while spare > 0:
        needy = [lane for lane in shown if lane.rows > limits[id(lane)]]
        if not needy:
            break
        for lane in needy[:spare]:
            limits[id(lane)] += 1
            spare -= 1
    for lane in shown:
        limit = limits[id(lane)]
        if lane.rows > limit:
            placed = {id(p.entry): p for p in lane.placements}

            def place(e: Entry, placed: dict[int, Placement] = placed) -> Placement:
                p = placed.get(id(e))
                return p if p is not None else f.place(e)

            lane.placements, lane.hidden = pack_capped(by_team[lane.team], place, fs, limit)
            lane.rows = limit
    return one_page(g, shown, d0, d1, fs, row_h, dropped)
