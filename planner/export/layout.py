"""Where everything goes on a roadmap page, in pixels: no drawing, no matplotlib.

The renderer hands in a ``measure(text, size_px, bold) -> width_px`` function; this
module chooses the font scale and row height that make the lanes fit and composes the
parts: the page geometry (``page_geometry``: regions, time axis, lanes on pages),
labels (``labels``: inside the bar, beside it, or shortened with an ellipsis; never
overlapping) and packing (``packing``: greedy interval packing of each team's items
into rows, reserving room for labels beside their bars). Fonts shrink within limits
when rows run out; if rows still run out it either paginates (PDF) or keeps the most
important items per team and counts the rest as "+K more" (PNG/SVG). A team with its
own sprints in the period gets a thin strip for them at the top of its lane.

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
from collections.abc import Sequence
from datetime import date

from planner.export.labels import (
    ELLIPSIS,
    Entry,
    Labeller,
    LabelRules,
    Measure,
    Placement,
    fit,
    most_chars,
)
from planner.export.packing import by_lane, capped_page, layout_lanes, least_rows, least_total
from planner.export.page_geometry import (
    Geometry,
    Lane,
    LaneSlice,
    Page,
    RoadmapLayout,
    SprintSpan,
    date_range,
    geometry,
    lane_header,
    lane_pad,
    one_page,
    paged,
    sprint_cells,
)

__all__ = [
    "Entry",
    "Geometry",
    "Lane",
    "LaneSlice",
    "Measure",
    "Page",
    "Placement",
    "RoadmapLayout",
    "SprintSpan",
    "arrange",
    "date_range",
    "fit",
    "geometry",
    "lane_header",
    "least_rows",
    "most_chars",
    "sprint_cells",
]

ROW_MIN, ROW_MAX = 2.0, 2.9  # row height in units of the label font size
# (font scale, widest label beside a bar, smallest bar that takes a shortened label
#  inside, row height) — tried in order until the lanes fit; all in units of the font
FULL: LabelRules = (24.0, 99.0, 2.0)
COMPACT: LabelRules = (9.0, 4.5, 2.0)
TIGHT: LabelRules = (6.5, 3.2, 1.8)
LEVELS_PAGED = ((1.0, FULL), (0.9, FULL))
LEVELS_ONE_PAGE = ((1.0, FULL), (0.9, FULL), (0.8, FULL), (0.9, COMPACT), (0.8, COMPACT),
                   (0.8, TIGHT))  # fmt: skip


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
    by_team = by_lane(lanes, _cut_labels(entries, g))
    levels = LEVELS_PAGED if paginate else LEVELS_ONE_PAGE
    laid_out: Labeller | None = None
    for scale, labels in levels:
        fs = g.fs * scale
        pads = sum(lane_pad(fs) + lane_header(lane, fs) for lane in lanes)
        most = (body - pads) / (labels[2] * fs)  # rows the body holds at this size
        if least_total(lanes, by_team, fs, most) > most:
            continue  # too many rows even without labels: nothing to measure
        f = Labeller(fs, g.plot_x0, g.plot_x1, labels, measure)
        layout_lanes(lanes, by_team, f)
        laid_out = f
        rows = [max(lane.rows, 1) for lane in lanes]
        if sum(rows) * labels[2] * fs + pads <= body:
            row_h = min(ROW_MAX * fs, (body - pads) / max(1, sum(rows)))
            spare = body - pads - row_h * sum(rows)
            extra = min(1.6 * fs, spare / max(1, len(lanes)))
            return _relaxed(one_page(g, lanes, d0, d1, fs, row_h, 0, extra), f)
    scale, labels = levels[-1]  # the smallest fonts did not fit either
    fs = g.fs * scale
    f = Labeller(fs, g.plot_x0, g.plot_x1, labels, measure)
    row_h = labels[2] * fs
    if paginate:
        if laid_out != f:  # not laid out yet at this size: every item is on some page
            layout_lanes(lanes, by_team, f)
        return _relaxed(paged(g, lanes, d0, d1, fs, row_h), f)
    return _relaxed(capped_page(g, lanes, by_team, d0, d1, f, row_h), f)


def _cut_labels(entries: Sequence[Entry], g: Geometry) -> list[Entry]:
    """Entries whose labels are longer than could ever show on the page, cut (with an
    ellipsis) to that length before anything measures them."""
    smallest = g.fs * min(scale for scale, _labels in LEVELS_ONE_PAGE + LEVELS_PAGED)
    limit = most_chars(g.plot_x1 - g.plot_x0, smallest)
    return [
        e if len(e.label) <= limit else dataclasses.replace(e, label=e.label[:limit] + ELLIPSIS)
        for e in entries
    ]


def _relaxed(layout: RoadmapLayout, f: Labeller) -> RoadmapLayout:
    for lane in layout.lanes:
        f.relax(lane.placements)
    return layout
