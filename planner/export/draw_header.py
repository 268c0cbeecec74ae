"""The page's header: the title on the left, the counts on the right (late ones in the
critical colour), the subtitle below (as of, current sprint, teams, baseline; the page
number when there are several)."""

from __future__ import annotations

from planner.export.draw_canvas import Canvas
from planner.export.labels import fit

__all__ = ["draw_header"]


def draw_header(canvas: Canvas) -> None:
    scene = canvas.scene
    g, t, fs = canvas.geometry, canvas.theme, canvas.geometry.fs
    x = g.width - g.margin_x
    size = 1.0 * fs
    for text, role in reversed(scene.stats):
        w = canvas.measure(text, size, True)
        canvas.text(x, g.title_y, text, size, t.critical if role == "critical" else t.text,
                    ha="right", fontweight="bold")  # fmt: skip
        x -= w
        if text != scene.stats[0][0]:
            canvas.text(x - 0.55 * fs, g.title_y, "·", size, t.muted, ha="center")
            x -= 1.1 * fs
    stats_w = g.width - g.margin_x - x
    room = g.width - 2 * g.margin_x - stats_w - 2 * fs
    title = fit(scene.title, room, 2.0 * fs, canvas.measure, True) or scene.title[:1]
    canvas.text(g.margin_x, g.title_y, title, 2.0 * fs, t.text, fontweight="bold")
    sub = scene.subtitle
    if canvas.pages > 1:
        sub += f"  ·  page {canvas.number} of {canvas.pages}"
    sub = fit(sub, g.width - 2 * g.margin_x, 1.05 * fs, canvas.measure)
    canvas.text(g.margin_x, g.subtitle_y, sub, 1.05 * fs, t.muted)
