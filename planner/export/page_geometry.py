"""The geometry of a roadmap page, in pixels (y downwards): the fixed regions of the
page (title, time axis, body, legend), the days shown and where a day falls on the
plot, the team lanes and how they are cut into slices on pages, and the cells of back-to-
back sprints. No drawing, no matplotlib.

Sizes scale with the page height, so a preview at low dpi is the same picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from planner.export.labels import Measure, Placement, most_chars

__all__ = [
    "Geometry",
    "Lane",
    "LaneSlice",
    "Page",
    "RoadmapLayout",
    "SprintCell",
    "SprintSpan",
    "date_range",
    "geometry",
    "lane_header",
    "lane_pad",
    "one_page",
    "paged",
    "row_gap",
    "sprint_cells",
]


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


SprintSpan = tuple[str, date, date]  # name, first day, last day
# (k, name, first day, last day, a, b): sprint k (in start order) shown on [a, b)
SprintCell = tuple[int, str, date, date, date, date]


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

    def day_x(self, d: date) -> float:
        """Where day ``d`` starts on the plot."""
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


def row_gap(fs: float) -> float:
    """The space kept between neighbours in a row."""
    return 0.7 * fs


def lane_pad(fs: float) -> float:
    return row_gap(fs)


def lane_header(lane: Lane, fs: float) -> float:
    """Height of the team-sprint strip at the top of ``lane`` (0 without team sprints)."""
    return 1.5 * fs if lane.sprints else 0.0


def sprint_cells(
    sprints: Sequence[SprintSpan], d0: date, d1: date
) -> tuple[list[SprintCell], list[date]]:
    """The visible cells of back-to-back sprints and their boundaries inside (d0, d1).

    A cell is (k, name, first day, last day, a, b): sprint k (in start order) shown on
    [a, b); a weekend between two sprints belongs to the first. Boundaries are the days
    on which a sprint starts or, without a sprint right after, ends."""
    ordered = sorted(sprints, key=lambda s: s[1])
    cells: list[SprintCell] = []
    bounds: list[date] = []
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


def one_page(
    g: Geometry,
    lanes: list[Lane],
    d0: date,
    d1: date,
    fs: float,
    row_h: float,
    dropped: int,
    extra: float = 0.0,
) -> RoadmapLayout:
    """The lanes stacked on one page, each ``extra`` px taller than its rows need;
    ``dropped`` lanes did not fit."""
    y = g.body_y0
    slices = []
    for lane in lanes:
        rows = max(lane.rows, 1)
        head = lane_header(lane, fs)
        h = rows * row_h + lane_pad(fs) + head + extra
        slices.append(LaneSlice(lane, 0, rows, y, h, header=head))
        y += h
    return RoadmapLayout(g, d0, d1, fs, row_h, [Page(slices)], lanes, dropped)


def paged(
    g: Geometry, lanes: list[Lane], d0: date, d1: date, fs: float, row_h: float
) -> RoadmapLayout:
    """The lanes run over as many pages as they need; a lane breaks between rows, never
    leaving fewer than two rows of it at the bottom of a page."""
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
