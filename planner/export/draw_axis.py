"""The time axis: month names (as long as they fit), week ticks with the day of each
Monday (every second or fourth one when weeks are narrow), the line above the body, and
the today line with its label."""

from __future__ import annotations

from datetime import timedelta

from matplotlib.collections import LineCollection

from planner.export.axis_marks import AxisLine, axis_marks
from planner.export.draw_canvas import Canvas
from planner.export.themes import readable_on

__all__ = ["draw_time_axis", "draw_today"]


def draw_time_axis(canvas: Canvas) -> None:
    t = canvas.theme
    lines: list[list[tuple[float, float]]] = []
    for mark in axis_marks(canvas.layout, canvas.measure):
        if isinstance(mark, AxisLine):
            lines.append([mark.a, mark.b])
        elif mark.kind == "month":
            canvas.text(mark.x, mark.y, mark.text, mark.size, t.text, fontweight="bold")
        else:
            canvas.text(mark.x, mark.y, mark.text, mark.size, t.muted)
    canvas.axes.add_collection(LineCollection(lines, colors=t.faint, linewidths=canvas.pt(1.0),
                                              zorder=1))  # fmt: skip


def draw_today(canvas: Canvas) -> None:
    """The today line through the body, labelled below it (nothing if today is not
    among the days shown)."""
    g, t, layout, fs = canvas.geometry, canvas.theme, canvas.layout, canvas.geometry.fs
    day = canvas.scene.today
    if not layout.d0 <= day < layout.d1:
        return
    x = canvas.day_x(day) + (canvas.day_x(day + timedelta(days=1)) - canvas.day_x(day)) / 2
    canvas.axes.add_collection(LineCollection([[(x, g.body_y0), (x, g.today_y - 0.5 * fs)]],
                               colors=t.today, linewidths=canvas.pt(2.0), zorder=3.8))  # fmt: skip
    label = f"Today · {day.day} {day:%b}"
    w = canvas.measure(label, 0.85 * fs, True)
    xc = min(max(x, g.plot_x0 + w / 2 + 0.5 * fs), g.plot_x1 - w / 2 - 0.5 * fs)
    canvas.text(xc, g.today_y, label, 0.85 * fs, readable_on(t.today), ha="center",
                fontweight="bold", zorder=8,
                bbox={"boxstyle": "round,pad=0.35,rounding_size=0.8", "facecolor": t.today,
                      "edgecolor": "none"})  # fmt: skip
