"""Team lanes: a rounded stripe of the team's colour at the left of each lane slice, the
team's name and how many items it has ("+K more" in the critical colour when some are
out of sight), "No items in this period" for an empty lane, and a faint separator under
each lane."""

from __future__ import annotations

from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.patches import FancyBboxPatch

from planner.export.draw_canvas import Canvas
from planner.export.labels import fit
from planner.export.page_geometry import LaneSlice, Page, lane_pad

__all__ = ["draw_lanes"]


def draw_lanes(canvas: Canvas, page: Page) -> None:
    g, t, layout = canvas.geometry, canvas.theme, canvas.layout
    fs = layout.fs
    stripes, seps = [], []
    for sl in page.slices:
        seps.append([(g.team_x0, sl.y + sl.height), (g.plot_x1, sl.y + sl.height)])
        stripes.append(FancyBboxPatch((g.team_x0, sl.y + 0.3 * fs), 0.3 * fs,
                       sl.height - 0.6 * fs, boxstyle=f"round,pad=0,rounding_size={0.15 * fs}",
                       facecolor=sl.lane.color, edgecolor="none"))  # fmt: skip
        _team_label(canvas, sl)
    axes = canvas.axes
    axes.add_collection(PatchCollection(stripes, match_original=True, zorder=2))
    axes.add_collection(LineCollection(seps, colors=t.faint, linewidths=canvas.pt(1.0), zorder=1))


def _team_label(canvas: Canvas, sl: LaneSlice) -> None:
    g, t, fs = canvas.geometry, canvas.theme, canvas.layout.fs
    lane = sl.lane
    x = g.team_x0 + 0.85 * fs
    room = g.team_x1 - x - 0.3 * fs
    name = lane.name
    size = 1.05 * g.fs if fs >= 0.95 * g.fs else 1.05 * fs
    y = canvas.row_y(sl, sl.row0)
    canvas.text(x, y, fit(name, room, size, canvas.measure, True) or name[:1], size, t.text,
                fontweight="bold")  # fmt: skip
    n = len(lane.placements) + lane.hidden
    info = f"{n} item{'s' * (n != 1)}" + (" (continued)" if sl.cont else "")
    if lane.hidden:
        info = f"+{lane.hidden} more"
    if sl.height - sl.header >= 2.3 * fs + lane_pad(fs):
        canvas.text(x, y + 1.25 * fs, fit(info, room, 0.85 * fs, canvas.measure), 0.85 * fs,
                    t.critical if lane.hidden else t.muted)  # fmt: skip
    if not lane.placements and not lane.hidden:
        canvas.text(g.plot_x0 + 0.6 * fs, y, "No items in this period", 0.9 * fs, t.muted,
                    style="italic")  # fmt: skip
