"""Sprints on the page. Plan-wide sprints: shaded cells in the header row, named, the
current one in bold, with faint boundaries down through the body except across lanes
that run on their own sprints. A team's own sprints: a thin strip of tinted cells at the
top of its lane, with faint boundaries down through the lane."""

from __future__ import annotations

from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.patches import Rectangle

from planner.export.draw_canvas import Canvas, blend
from planner.export.labels import fit, most_chars
from planner.export.page_geometry import Page, sprint_cells

__all__ = ["draw_sprint_bands", "draw_team_sprints"]


def draw_sprint_bands(canvas: Canvas, page: Page, body_bottom: float) -> None:
    """The plan-wide sprints, boundaries down to ``body_bottom``."""
    g, t, fs, layout = canvas.geometry, canvas.theme, canvas.geometry.fs, canvas.layout
    bands, bounds = [], []
    cells, days = sprint_cells(canvas.scene.sprints, layout.d0, layout.d1)
    for k, name, s0, s1, a, b in cells:
        xa, xb = canvas.day_x(a), canvas.day_x(b)
        if k % 2 == 0:
            bands.append(Rectangle((xa, g.sprint_y0), xb - xa, g.body_y0 - g.sprint_y0))
        current = s0 <= canvas.scene.today <= s1
        label = _sprint_label(canvas, name, xb - xa - 0.6 * fs, 0.92 * fs, current)
        if label:
            canvas.text((xa + xb) / 2, (g.sprint_y0 + g.body_y0) / 2, label, 0.92 * fs,
                        t.text if current else t.muted, ha="center",
                        fontweight="bold" if current else "normal")  # fmt: skip
    own = _own_sprint_spans(canvas, page)
    for d in days:
        xe = canvas.day_x(d)
        holes = sorted((y0, y1) for y0, y1, xa, xb in own if xa <= xe <= xb)
        y = g.sprint_y0
        for y0, y1 in holes:
            if y0 > y:
                bounds.append([(xe, y), (xe, y0)])
            y = max(y, y1)
        if y < body_bottom:
            bounds.append([(xe, y), (xe, body_bottom)])
    axes = canvas.axes
    axes.add_collection(PatchCollection(bands, facecolor=t.band, edgecolor="none", zorder=0))
    axes.add_collection(LineCollection(bounds, colors=t.faint, linewidths=canvas.pt(1.0),
                                       linestyles=(0, (4, 3)), zorder=0.6))  # fmt: skip


def _own_sprint_spans(canvas: Canvas, page: Page) -> list[tuple[float, float, float, float]]:
    """(top, bottom, x from, x to) of each lane slice's stretch of team sprints."""
    out = []
    for sl in page.slices:
        cells, _days = sprint_cells(sl.lane.sprints, canvas.layout.d0, canvas.layout.d1)
        if cells:
            x_from, x_to = canvas.day_x(cells[0][4]), canvas.day_x(cells[-1][5])
            out.append((sl.y, sl.y + sl.height, x_from, x_to))
    return out


def draw_team_sprints(canvas: Canvas, page: Page) -> None:
    """A team's own sprints: a thin strip of tinted cells at the top of its lane, with
    faint boundaries down through the lane."""
    t, layout = canvas.theme, canvas.layout
    fs = layout.fs
    size = 0.74 * fs
    cells_p, bounds = [], []
    for sl in page.slices:
        if not sl.header:
            continue
        color = sl.lane.color
        cells, days = sprint_cells(sl.lane.sprints, layout.d0, layout.d1)
        y0, h = sl.y + 0.32 * fs, sl.header - 0.5 * fs
        for k, name, s0, s1, a, b in cells:
            xa, xb = canvas.day_x(a), canvas.day_x(b)
            tint = blend(color, t.background, t.strip_alpha[k % 2])
            cells_p.append(Rectangle((xa + 0.5, y0), max(xb - xa - 1.0, 0.5), h,
                                     facecolor=tint, edgecolor="none"))  # fmt: skip
            current = s0 <= canvas.scene.today <= s1
            label = _sprint_label(canvas, name, xb - xa - 0.6 * fs, size, current)
            if label:
                canvas.text((xa + xb) / 2, y0 + h / 2, label, size,
                            t.text if current else t.muted, ha="center", zorder=3.7,
                            fontweight="bold" if current else "normal")  # fmt: skip
        for d in days:
            xe = canvas.day_x(d)
            bounds.append([(xe, y0 + h), (xe, sl.y + sl.height)])
    # above the dependency arrows (3.5), which pass under the strip; below today (3.8)
    canvas.axes.add_collection(PatchCollection(cells_p, match_original=True, zorder=3.65))
    canvas.axes.add_collection(LineCollection(bounds, colors=t.faint, linewidths=canvas.pt(1.0),
                                              linestyles=(0, (4, 3)), zorder=0.6))  # fmt: skip


def _sprint_label(canvas: Canvas, name: str, room: float, size: float, bold: bool) -> str:
    """``name`` if it fits ``room``, else its digits ("Sprint 14" -> "14"), else
    shortened with an ellipsis."""
    measure = canvas.measure
    most = most_chars(room, size)  # longer text is too wide: never measured
    if len(name) <= most and measure(name, size, bold) <= room:
        return name
    digits = "".join(ch for ch in name[: 4 * most] if ch.isdigit())
    if digits and len(digits) <= most and measure(digits, size, bold) <= room:
        return digits
    return fit(name, room, size, measure, bold)
