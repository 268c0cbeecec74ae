"""The forecast on the roadmap (DESIGN.md: "a thin range from P50 to P80 after each
milestone, and the on-time chance beside its deadline"): below a milestone's row line a
thin bar from its P50 day to its P80 day with a tick at each end, and a dotted line to
it from the milestone when the range starts later. The on-time chance ("62% on time")
is part of the item's label, which the layout puts beside its deadline mark
(``roadmap.build_scene``). Imported only when exporting."""

from __future__ import annotations

from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.patches import FancyBboxPatch, Patch

from planner.export.draw_canvas import Canvas, blend, darker
from planner.export.draw_items import ItemMark
from planner.export.labels import DIAMOND

__all__ = ["draw_forecast", "forecast_sample"]

BAR = 0.26  # the range bar's height, in units of the font size
DROP = 0.8  # how far below the row's centre line it runs, ditto
TICK = 0.22  # half the height of the ticks at its ends, ditto
FILL = 0.7  # the bar's colour: the team's at this opacity over the background

Segment = list[tuple[float, float]]


def draw_forecast(canvas: Canvas, where: dict[str, ItemMark]) -> None:
    """Draw the forecast range of each milestone placed on this page (``draw_items``'
    map of placements)."""
    t, fs = canvas.theme, canvas.layout.fs
    bars: list[Patch] = []
    ticks: list[Segment] = []
    tick_colors: list[str] = []
    leads: list[Segment] = []
    lead_colors: list[str] = []
    for placement, yc, _half in where.values():
        e = placement.entry
        if e.forecast is None:
            continue
        x0, x1 = e.forecast
        y = yc + DROP * fs
        color = canvas.scene.colors.get(e.team, "#8C8C8C")
        bars.append(_range_bar(x0, x1, y, fs, blend(color, t.background, FILL)))
        for x in (x0, x1):
            ticks.append([(x, y - TICK * fs), (x, y + TICK * fs)])
            tick_colors.append(darker(color))
        if x0 > e.x0 + DIAMOND * fs:  # from the diamond's foot to where the range starts
            leads.append([(e.x0, yc + DIAMOND * fs), (e.x0, y), (x0, y)])
            lead_colors.append(blend(color, t.background, FILL))
    axes = canvas.axes
    axes.add_collection(LineCollection(leads, colors=lead_colors, linewidths=canvas.pt(1.0),
                                       linestyles=(0, (1.5, 2)), zorder=3.4))  # fmt: skip
    axes.add_collection(PatchCollection(bars, match_original=True, zorder=3.5))
    axes.add_collection(LineCollection(ticks, colors=tick_colors, linewidths=canvas.pt(1.4),
                                       zorder=3.6))  # fmt: skip


def _range_bar(x0: float, x1: float, y: float, fs: float, fill: str) -> FancyBboxPatch:
    w = max(x1 - x0, 0.1 * fs)
    h = BAR * fs
    return FancyBboxPatch((x0, y - h / 2), w, h, boxstyle=f"round,pad=0,rounding_size={h / 2}",
                          facecolor=fill, edgecolor="none")  # fmt: skip


def forecast_sample(canvas: Canvas, x: float, y: float, width: float, color: str) -> None:
    """The legend's sample of a forecast range, ``width`` wide from ``x``."""
    t, fs = canvas.theme, canvas.geometry.fs
    canvas.axes.add_patch(_range_bar(x, x + width, y, fs, blend(color, t.background, FILL)))
    ends = [[(xx, y - TICK * fs), (xx, y + TICK * fs)] for xx in (x, x + width)]
    canvas.axes.add_collection(LineCollection(ends, colors=darker(color),
                                              linewidths=canvas.pt(1.4)))  # fmt: skip
