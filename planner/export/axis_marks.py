"""What a page's time axis shows, for both renderers (matplotlib's drawing and the
slide's native shapes): month names as long as they fit, a line at each month's start,
week ticks with the day of each Monday (every second or fourth one when weeks are
narrow), and the line above the body; in the order they are drawn."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from planner.export.labels import Measure
from planner.export.page_geometry import RoadmapLayout

__all__ = ["AxisLine", "AxisText", "axis_marks"]

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class AxisLine:
    name: str  # "Month line", "Week tick", "Axis line"
    a: Point
    b: Point


@dataclass(frozen=True, slots=True)
class AxisText:
    kind: Literal["month", "week"]  # a month's name (bold), a Monday's day (muted)
    name: str  # "Month: January 2027", "Week: 2027-01-04"
    x: float
    y: float
    text: str
    size: float


def axis_marks(layout: RoadmapLayout, measure: Measure) -> list[AxisLine | AxisText]:
    """The axis of ``layout``'s days, its names fitted by ``measure``."""
    g, day_x = layout.geometry, layout.day_x
    fs = g.fs
    out: list[AxisLine | AxisText] = []
    d = date(layout.d0.year, layout.d0.month, 1)
    while d < layout.d1:
        nxt = date(d.year + d.month // 12, d.month % 12 + 1, 1)
        xa, xb = day_x(max(d, layout.d0)), day_x(min(nxt, layout.d1))
        if d >= layout.d0:
            out.append(AxisLine("Month line", (xa, g.month_y0 - 0.2 * fs), (xa, g.sprint_y0)))
        for cand in (f"{d:%B %Y}", f"{d:%b %Y}", f"{d:%b}", f"{d:%b}"[:1]):
            if measure(cand, 0.95 * fs, True) <= xb - xa - 0.7 * fs:
                out.append(AxisText("month", f"Month: {d:%B %Y}", xa + 0.45 * fs,
                                    g.month_y0 + 0.6 * fs, cand, 0.95 * fs))  # fmt: skip
                break
        d = nxt
    ppw = 7 * (g.plot_x1 - g.plot_x0) / (layout.d1 - layout.d0).days
    step = 1
    while ppw * step < 2.4 * fs:
        step *= 2
    monday = layout.d0 + timedelta(days=(7 - layout.d0.weekday()) % 7)
    k = 0
    while monday < layout.d1:
        xm = day_x(monday)
        out.append(AxisLine("Week tick", (xm, g.week_y0 + 0.05 * fs), (xm, g.week_y0 + 0.35 * fs)))
        if k % step == 0 and xm + measure("30", 0.82 * fs, False) < g.plot_x1:
            out.append(AxisText("week", f"Week: {monday.isoformat()}", xm + 0.25 * fs,
                                g.week_y0 + 0.6 * fs, str(monday.day), 0.82 * fs))  # fmt: skip
        monday += timedelta(days=7)
        k += 1
    out.append(AxisLine("Axis line", (g.plot_x0, g.body_y0), (g.plot_x1, g.body_y0)))
    return out
