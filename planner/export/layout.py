"""Where everything goes on a roadmap page, in pixels: no drawing, no matplotlib.

The renderer hands in a ``measure(text, size_px, bold) -> width_px`` function; this
module decides the page geometry, packs each team's items into rows (greedy interval
packing that reserves room for labels beside their bars), fits labels (inside the bar,
beside it, or shortened with an ellipsis; never overlapping), and shrinks fonts within
limits when rows run out. If rows still run out it either paginates (PDF) or keeps the
most important items per team and counts the rest as "+K more" (PNG/SVG). A team with
its own sprints in the period gets a thin strip for them at the top of its lane.

Sizes scale with the page height, so a preview at low dpi is the same picture.

Measuring text is the expensive part (a quarter of a millisecond for a short label), so
the work is bounded by what the page can show, never by the size of the plan: text is
cut to the most characters that could be seen in the room it has before it is
measured (``most_chars``), a font size whose bars alone need more rows than the page
has is passed over without measuring anything (``least_rows``), and when rows run out
an item whose bar has no room left in any row is counted among the "+K more" without
its label being laid out.
"""

from __future__ import annotations

import dataclasses
import math
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

__all__ = [
    "Entry",
    "Geometry",
    "Lane",
    "LaneSlice",
    "Page",
    "Placement",
    "RoadmapLayout",
    "SprintSpan",
    "fit",
    "lane_header",
    "least_rows",
    "most_chars",
    "sprint_cells",
]

Measure = Callable[[str, float, bool], float]
ELLIPSIS = "…"
ROW_MIN, ROW_MAX = 2.0, 2.9  # row height in units of the label font size
# (font scale, widest label beside a bar, smallest bar that takes a shortened label
#  inside, row height) — tried in order until the lanes fit; all in units of the font
FULL, COMPACT, TIGHT = (24.0, 99.0, 2.0), (9.0, 4.5, 2.0), (6.5, 3.2, 1.8)
LEVELS_PAGED = ((1.0, FULL), (0.9, FULL))
LEVELS_ONE_PAGE = ((1.0, FULL), (0.9, FULL), (0.8, FULL), (0.9, COMPACT), (0.8, COMPACT),
                   (0.8, TIGHT))  # fmt: skip
# No character of ordinary text advances less than this, in units of the font size
# (DejaVu Sans, hinted, from 5 px up: "i" is 1 px at 5 px): n characters are at least
# (n - 1) * NARROWEST * size wide.
NARROWEST = 0.15
DIAMOND = 0.62  # half the width of a milestone's diamond, in units of the font size


@dataclass(frozen=True)
class Geometry:
    """Fixed page regions (pixels, y downwards)."""

    width: float
    height: float
    fs: float  # base label font size in pixels
    margin_x: float
    team_x0: float
    team_x1: float
    plot_x0: float
    plot_x1: float
    title_y: float
    subtitle_y: float
    month_y0: float
    week_y0: float
    sprint_y0: float
    body_y0: float
    body_y1: float
    today_y: float
    footer_y: float


@dataclass
class Entry:
    """One item to draw, with its x extent on the timeline."""

    id: str
    label: str
    status: str  # e.g. "⚠ 2d late"; drawn after the label
    team: str | None
    milestone: bool
    first: date
    last: date
    x0: float
    x1: float
    critical: bool = False
    late: bool = False
    done: bool = False
    progress: int = 0
    deadline_x: float | None = None
    ghost: tuple[float, float] | None = None
    clip_left: bool = False
    clip_right: bool = False

    @property
    def priority(self) -> int:
        """Lower first when rows are scarce: problems, milestones, critical work."""
        if self.late:
            return 0
        if self.milestone:
            return 1
        return 2 if self.critical else 3


@dataclass
class Placement:
    entry: Entry
    row: int
    text: str  # the label as drawn ("" = no room at all)
    text_x: float
    where: str  # "inside" | "right" | "left"
    lo: float  # horizontal extent reserved in the row
    hi: float


SprintSpan = tuple[str, date, date]  # name, first day, last day


@dataclass
class Lane:
    """A team's swimlane. ``sprints``: the team's own sprints in the period shown (drawn
    as a thin strip at the top of the lane, which then reserves ``lane_header`` for it)."""

    team: str | None
    name: str
    color: str
    rows: int
    placements: list[Placement] = field(default_factory=list)
    hidden: int = 0  # items packed out of sight ("+K more")
    sprints: list[SprintSpan] = field(default_factory=list)


@dataclass
class LaneSlice:
    """The part of a lane on one page: rows [row0, row1) at y (top), ``cont`` if the lane
    started on an earlier page; ``header`` px at the top hold the team's sprint strip."""

    lane: Lane
    row0: int
    row1: int
    y: float
    height: float
    cont: bool = False
    header: float = 0.0


@dataclass
class Page:
    slices: list[LaneSlice]


@dataclass
class RoadmapLayout:
    geometry: Geometry
    d0: date  # first day shown
    d1: date  # day after the last day shown
    fs: float  # label font size actually used (px)
    row_h: float
    pages: list[Page]
    lanes: list[Lane]
    hidden_lanes: int = 0

    @property
    def hidden(self) -> int:
        return sum(lane.hidden for lane in self.lanes)

    def x(self, d: date) -> float:
        g = self.geometry
        return g.plot_x0 + (d - self.d0).days * (g.plot_x1 - g.plot_x0) / (self.d1 - self.d0).days


def geometry(width: float, height: float, team_names: Sequence[str], measure: Measure) -> Geometry:
    """Page regions for a page of ``width`` x ``height`` pixels."""
    fs = max(9.0, height * 0.0155)
    margin_x = 2.6 * fs
    top = 1.9 * fs
    title_y = top + 1.0 * fs  # centre line of the title (2 fs font)
    subtitle_y = title_y + 1.95 * fs
    month_y0 = subtitle_y + 1.55 * fs
    week_y0 = month_y0 + 1.45 * fs
    sprint_y0 = week_y0 + 1.3 * fs
    body_y0 = sprint_y0 + 1.7 * fs
    footer_y = height - 1.7 * fs  # centre line of the legend
    today_y = footer_y - 1.85 * fs
    body_y1 = today_y - 0.95 * fs
    most = most_chars(0.17 * width, 1.05 * fs)  # a longer name is wider than the column
    names = max((measure(n[:most], 1.05 * fs, True) for n in team_names), default=0.0)
    team_w = min(max(names + 1.8 * fs, 7.5 * fs), 0.17 * width)
    team_x0 = margin_x
    team_x1 = team_x0 + team_w
    return Geometry(
        width, height, fs, margin_x, team_x0, team_x1, team_x1 + 0.6 * fs, width - margin_x,
        title_y, subtitle_y, month_y0, week_y0, sprint_y0, body_y0, body_y1, today_y, footer_y,
    )  # fmt: skip


def most_chars(width: float, size: float) -> int:
    """The most characters of ordinary text that can show in ``width`` pixels at ``size``
    px: text longer than this is wider, so only this much of it need ever be measured."""
    return max(0, int(width / (NARROWEST * size))) + 2


def fit(text: str, width: float, size: float, measure: Measure, bold: bool = False) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` pixels ("" if not even
    two characters fit). Only the first ``most_chars`` characters are ever measured."""
    limit = most_chars(width, size)
    if len(text) > limit:
        text = text[:limit]  # the rest can't show: the whole text is too wide
    elif measure(text, size, bold) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if measure(text[:mid].rstrip() + ELLIPSIS, size, bold) <= width:
            lo = mid
        else:
            hi = mid - 1
    if lo < 2:
        return ""
    return text[:lo].rstrip(" ,.;:-–(") + ELLIPSIS


@dataclass(frozen=True)
class _Fit:
    fs: float
    x0: float
    x1: float
    labels: tuple[float, float, float]
    measure: Measure

    @property
    def pad(self) -> float:
        return 0.45 * self.fs

    @property
    def gap(self) -> float:
        return 0.4 * self.fs

    @property
    def diamond(self) -> float:
        return DIAMOND * self.fs

    def width(self, text: str, room: float, bold: bool = False) -> float:
        """The width of ``text``, measured only if it could be at most ``room`` (else
        infinity: it is wider than ``room``, see ``most_chars``)."""
        if len(text) > most_chars(room, self.fs):
            return math.inf
        return self.measure(text, self.fs, bold)

    def place(self, e: Entry) -> Placement:
        fs, m = self.fs, self.measure
        text = f"{e.label}  {e.status}" if e.status else e.label
        max_w, min_inside = self.labels[0] * fs, self.labels[1] * fs
        w = self.width(text, max_w)
        if e.milestone:
            left_edge, right_edge = e.x0 - self.diamond, e.x0 + self.diamond
        else:
            left_edge, right_edge = e.x0, e.x1
            inner = e.x1 - e.x0 - 2 * self.pad
            if self.width(text, inner, True) <= inner:  # labels inside bars are bold
                return self._placed(e, text, e.x0 + self.pad, "inside", e.x0, e.x1)
            if inner >= min_inside:
                short = fit(text, inner, fs, m, True)
                return self._placed(e, short, e.x0 + self.pad, "inside", e.x0, e.x1)
        anchor = right_edge
        if e.deadline_x is not None and e.deadline_x > right_edge - 0.4 * fs:
            anchor = max(anchor, e.deadline_x + 0.35 * fs)
        room_r = self.x1 - anchor - self.gap
        room_l = left_edge - self.gap - self.x0
        want = min(w, max_w)
        if want <= room_r:
            side, room = "right", want
        elif want <= room_l:
            side, room = "left", want
        elif not e.milestone and (e.x1 - e.x0 - 2 * self.pad) >= max(room_r, room_l):
            inner = e.x1 - e.x0 - 2 * self.pad
            short = fit(text, inner, fs, m, True)
            return self._placed(e, short, e.x0 + self.pad, "inside", e.x0, e.x1)
        elif room_r >= room_l:
            side, room = "right", room_r
        else:
            side, room = "left", room_l
        short = fit(text, room, fs, m)
        tw = m(short, fs, False) if short else 0.0
        if side == "right":
            return self._placed(
                e, short, anchor + self.gap, "right", left_edge, anchor + self.gap + tw
            )
        return self._placed(
            e, short, left_edge - self.gap, "left", left_edge - self.gap - tw, right_edge
        )

    def relax(self, placements: list[Placement]) -> None:
        """Give shortened labels the free room up to the next item in their row."""
        rows: dict[int, list[Placement]] = {}
        for p in placements:
            rows.setdefault(p.row, []).append(p)
        m, fs = self.measure, self.fs
        for row in rows.values():
            row.sort(key=lambda p: p.lo)
            for k, p in enumerate(row):
                e = p.entry
                full = f"{e.label}  {e.status}" if e.status else e.label
                if p.text == full or p.where == "left":
                    continue
                limit = (row[k + 1].lo if k + 1 < len(row) else self.x1 + 0.7 * fs) - 0.7 * fs
                limit = min(limit, self.x1)
                if p.where == "right":
                    text = fit(full, limit - p.text_x, fs, m)
                    if len(text) > len(p.text):
                        p.text, p.hi = text, max(p.hi, p.text_x + m(text, fs, False))
                    continue
                # inside and shortened: beside the bar may show more
                anchor = e.x1
                if e.deadline_x is not None and e.deadline_x > e.x1 - 0.4 * fs:
                    anchor = max(anchor, e.deadline_x + 0.35 * fs)
                text = fit(full, limit - anchor - self.gap, fs, m)
                if len(text) > len(p.text) + 2:
                    p.text, p.text_x, p.where = text, anchor + self.gap, "right"
                    p.hi = max(p.hi, p.text_x + m(text, fs, False))

    def _placed(
        self, e: Entry, text: str, tx: float, where: str, lo: float, hi: float
    ) -> Placement:
        r_lo, r_hi = reach(e, self.fs)
        return Placement(e, -1, text, tx, where, min(lo, r_lo), max(hi, r_hi))


def reach(e: Entry, fs: float) -> tuple[float, float]:
    """The least room ``e`` takes in a row at font size ``fs``, label or not: its bar or
    diamond, its deadline mark and its baseline ghost. Every placement covers it."""
    if e.milestone:
        lo, hi = e.x0 - DIAMOND * fs, e.x0 + DIAMOND * fs
    else:
        lo, hi = e.x0, e.x1
    if e.deadline_x is not None:
        lo, hi = min(lo, e.deadline_x - 0.35 * fs), max(hi, e.deadline_x + 0.35 * fs)
    if e.ghost is not None:
        lo, hi = min(lo, e.ghost[0]), max(hi, e.ghost[1])
    return lo, hi


def row_gap(fs: float) -> float:
    """The space kept between neighbours in a row."""
    return 0.7 * fs


def least_rows(entries: Sequence[Entry], fs: float) -> int:
    """The fewest rows ``entries`` could take at font size ``fs`` even without labels:
    the most of their ``reach`` spans (with the row gap) over any one point. ``_pack``
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


def _pack(placements: list[Placement], gap: float) -> int:
    """First-fit by left edge: the fewest rows for intervals. Returns the row count."""
    ends: list[float] = []
    for p in sorted(placements, key=lambda p: (p.lo, p.entry.priority)):
        for r, end in enumerate(ends):
            if end + gap <= p.lo:
                p.row, ends[r] = r, p.hi
                break
        else:
            p.row = len(ends)
            ends.append(p.hi)
    return len(ends)


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


def _pack_capped(
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


def _by_lane(lanes: Sequence[Lane], entries: Sequence[Entry]) -> dict[str | None, list[Entry]]:
    by_team: dict[str | None, list[Entry]] = {lane.team: [] for lane in lanes}
    for e in entries:
        if e.team in by_team:
            by_team[e.team].append(e)
    return by_team


def layout_lanes(
    lanes: list[Lane],
    by_team: dict[str | None, list[Entry]],
    f: _Fit,
) -> None:
    """Fill each lane's placements and row count (uncapped)."""
    for lane in lanes:
        lane.placements = [f.place(e) for e in by_team[lane.team]]
        lane.rows = _pack(lane.placements, row_gap(f.fs))
        lane.hidden = 0


def lane_pad(fs: float) -> float:
    return row_gap(fs)


def lane_header(lane: Lane, fs: float) -> float:
    """Height of the team-sprint strip at the top of ``lane`` (0 without team sprints)."""
    return 1.5 * fs if lane.sprints else 0.0


def sprint_cells(
    sprints: Sequence[SprintSpan], d0: date, d1: date
) -> tuple[list[tuple[int, str, date, date, date, date]], list[date]]:
    """The visible cells of back-to-back sprints and their boundaries inside (d0, d1).

    A cell is (k, name, first day, last day, a, b): sprint k (in start order) shown on
    [a, b); a weekend between two sprints belongs to the first. Boundaries are the days
    on which a sprint starts or, without a sprint right after, ends."""
    ordered = sorted(sprints, key=lambda s: s[1])
    cells, bounds = [], []
    for k, (name, s0, s1) in enumerate(ordered):
        end = s1 + timedelta(days=1)
        nxt = ordered[k + 1][1] if k + 1 < len(ordered) else None
        if nxt is not None and end <= nxt <= end + timedelta(days=3):
            end = nxt
        a, b = max(s0, d0), min(end, d1)
        if a >= b:
            continue
        cells.append((k, name, s0, s1, a, b))
        for d in (s0, end):
            if d0 < d < d1 and (d == s0 or d != nxt) and d not in bounds:
                bounds.append(d)
    return cells, bounds


def arrange(
    g: Geometry,
    lanes: list[Lane],
    entries: Sequence[Entry],
    d0: date,
    d1: date,
    measure: Measure,
    paginate: bool,
) -> RoadmapLayout:
    """Choose a font scale and row height so the lanes fit the body (first with labels
    in full, then compact labels); if they still don't fit, paginate or cap."""
    body = g.body_y1 - g.body_y0
    by_team = _by_lane(lanes, _cut_labels(entries, g))
    levels = LEVELS_PAGED if paginate else LEVELS_ONE_PAGE
    laid_out: _Fit | None = None
    for scale, labels in levels:
        fs = g.fs * scale
        pads = sum(lane_pad(fs) + lane_header(lane, fs) for lane in lanes)
        most = (body - pads) / (labels[2] * fs)  # rows the body holds at this size
        if _least_total(lanes, by_team, fs, most) > most:
            continue  # too many rows even without labels: nothing to measure
        f = _Fit(fs, g.plot_x0, g.plot_x1, labels, measure)
        layout_lanes(lanes, by_team, f)
        laid_out = f
        rows = [max(lane.rows, 1) for lane in lanes]
        if sum(rows) * labels[2] * fs + pads <= body:
            row_h = min(ROW_MAX * fs, (body - pads) / max(1, sum(rows)))
            spare = body - pads - row_h * sum(rows)
            extra = min(1.6 * fs, spare / max(1, len(lanes)))
            return _relaxed(_single_page(g, lanes, d0, d1, fs, row_h, 0, extra), f)
    scale, labels = levels[-1]  # the smallest fonts did not fit either
    fs = g.fs * scale
    f = _Fit(fs, g.plot_x0, g.plot_x1, labels, measure)
    row_h = labels[2] * fs
    if paginate:
        if laid_out != f:  # not laid out yet at this size: every item is on some page
            layout_lanes(lanes, by_team, f)
        return _relaxed(_paginate(g, lanes, d0, d1, fs, row_h), f)
    return _relaxed(_cap(g, lanes, by_team, d0, d1, f, row_h), f)


def _least_total(
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


def _cut_labels(entries: Sequence[Entry], g: Geometry) -> list[Entry]:
    """Entries whose labels are longer than could ever show on the page, cut (with an
    ellipsis) to that length before anything measures them."""
    smallest = g.fs * min(scale for scale, _labels in LEVELS_ONE_PAGE + LEVELS_PAGED)
    limit = most_chars(g.plot_x1 - g.plot_x0, smallest)
    return [
        e if len(e.label) <= limit else dataclasses.replace(e, label=e.label[:limit] + ELLIPSIS)
        for e in entries
    ]


def _relaxed(layout: RoadmapLayout, f: _Fit) -> RoadmapLayout:
    for lane in layout.lanes:
        f.relax(lane.placements)
    return layout


def _single_page(
    g: Geometry,
    lanes: list[Lane],
    d0: date,
    d1: date,
    fs: float,
    row_h: float,
    dropped: int,
    extra: float = 0.0,
) -> RoadmapLayout:
    y = g.body_y0
    slices = []
    for lane in lanes:
        rows = max(lane.rows, 1)
        head = lane_header(lane, fs)
        h = rows * row_h + lane_pad(fs) + head + extra
        slices.append(LaneSlice(lane, 0, rows, y, h, header=head))
        y += h
    return RoadmapLayout(g, d0, d1, fs, row_h, [Page(slices)], lanes, dropped)


def _cap(
    g: Geometry,
    lanes: list[Lane],
    by_team: dict[str | None, list[Entry]],
    d0: date,
    d1: date,
    f: _Fit,
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
            lane.rows = _pack(lane.placements, row_gap(fs))
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

            lane.placements, lane.hidden = _pack_capped(by_team[lane.team], place, fs, limit)
            lane.rows = limit
    return _single_page(g, shown, d0, d1, fs, row_h, dropped)


def _paginate(
    g: Geometry, lanes: list[Lane], d0: date, d1: date, fs: float, row_h: float
) -> RoadmapLayout:
    body = g.body_y1 - g.body_y0
    pad = lane_pad(fs)
    pages: list[Page] = []
    slices: list[LaneSlice] = []
    y = g.body_y0
    for lane in lanes:
        rows = max(lane.rows, 1)
        head = lane_header(lane, fs)
        r = 0
        while r < rows:
            room = int((g.body_y0 + body - y - pad - head) // row_h)
            left = rows - r
            if room < min(2, left):  # not even two rows here: next page
                pages.append(Page(slices))
                slices, y = [], g.body_y0
                continue
            take = min(room, left)
            h = take * row_h + pad + head
            slices.append(LaneSlice(lane, r, r + take, y, h, cont=r > 0, header=head))
            y += h
            r += take
    if slices:
        pages.append(Page(slices))
    return RoadmapLayout(g, d0, d1, fs, row_h, pages, lanes)


def date_range(
    entries_span: Sequence[tuple[date, date]], today: date, first: date | None, last: date | None
) -> tuple[date, date]:
    """The days shown: [d0, d1) — the given range, or the items' span padded to whole
    weeks (Monday to Monday) with a little air on both sides."""
    if first and last:
        return first, last + timedelta(days=1)
    if entries_span:
        lo = min(s for s, _ in entries_span)
        hi = max(f for _, f in entries_span)
    else:
        lo, hi = today - timedelta(days=14), today + timedelta(days=42)
    if first is None:
        lo -= timedelta(days=3)
        lo -= timedelta(days=lo.weekday())  # back to a Monday
    else:
        lo = first
    if last is None:
        hi += timedelta(days=4)
        hi_ex = hi + timedelta(days=(7 - hi.weekday()) % 7)  # on to a Monday
    else:
        hi_ex = last + timedelta(days=1)
    if hi_ex <= lo:
        hi_ex = lo + timedelta(days=7)
    return lo, hi_ex
