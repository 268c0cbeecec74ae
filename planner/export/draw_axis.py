"""The time axis: month names (as long as they fit), week ticks with the day of each
Monday (every second or fourth one when weeks are narrow), the line above the body, and
the today line with its label."""

from __future__ import annotations

from datetime import date, timedelta

from matplotlib.collections import LineCollection

from planner.export.draw_canvas import Canvas
from planner.export.themes import readable_on

__all__ = ["draw_time_axis", "draw_today"]


def draw_time_axis(canvas: Canvas) -> None:
    g, t, fs, layout = canvas.geometry, canvas.theme, canvas.geometry.fs, canvas.layout
    lines: list[list[tuple[float, float]]] = []
    d = date(layout.d0.year, layout.d0.month, 1)
    while d < layout.d1:
        nxt = date(d.year + d.month // 12, d.month % 12 + 1, 1)
        a, b = max(d, layout.d0), min(nxt, layout.d1)
        xa, xb = canvas.day_x(a), canvas.day_x(b)
        if d >= layout.d0:
            lines.append([(xa, g.month_y0 - 0.2 * fs), (xa, g.sprint_y0)])
        for cand in (f"{d:%B %Y}", f"{d:%b %Y}", f"{d:%b}", f"{d:%b}"[:1]):
            if canvas.measure(cand, 0.95 * fs, True) <= xb - xa - 0.7 * fs:
                canvas.text(xa + 0.45 * fs, g.month_y0 + 0.6 * fs, cand, 0.95 * fs, t.text,
                            fontweight="bold")  # fmt: skip
                break
        d = nxt
    ppw = 7 * (g.plot_x1 - g.plot_x0) / (layout.d1 - layout.d0).days
    step = 1
    while ppw * step < 2.4 * fs:
        step *= 2
    monday = layout.d0 + timedelta(days=(7 - layout.d0.weekday()) % 7)
    k = 0
    while monday < layout.d1:
        xm = canvas.day_x(monday)
        ticks = [(xm, g.week_y0 + 0.05 * fs), (xm, g.week_y0 + 0.35 * fs)]
        lines.append(ticks)
        if k % step == 0 and xm + canvas.measure("30", 0.82 * fs, False) < g.plot_x1:
            canvas.text(xm + 0.25 * fs, g.week_y0 + 0.6 * fs, str(monday.day), 0.82 * fs,
                        t.muted)  # fmt: skip
        monday += timedelta(days=7)
        k += 1
    lines.append([(g.plot_x0, g.body_y0), (g.plot_x1, g.body_y0)])
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
