"""The legend along the foot of the page: a sample of each kind of mark (task,
milestone, critical path, deadline, late; a dependency, the baseline's ghost and the
forecast range when shown) in the first lane's colour, and on the right what did not
fit ("+K more items", "more teams")."""

from __future__ import annotations

from typing import Any

from matplotlib.collections import LineCollection
from matplotlib.patches import FancyBboxPatch, Polygon

from planner.export.draw_canvas import Canvas, blend, darker
from planner.export.draw_forecast import forecast_sample
from planner.export.labels import fit

__all__ = ["draw_legend"]


def draw_legend(canvas: Canvas) -> None:
    g, t, fs = canvas.geometry, canvas.theme, canvas.geometry.fs
    scene, layout = canvas.scene, canvas.layout
    axes, m = canvas.axes, canvas.measure
    y, size = g.footer_y, 0.88 * fs
    x = g.margin_x
    sw = 1.7 * fs
    sample = scene.colors.get(layout.lanes[0].team if layout.lanes else None, "#4C72B0")

    def label(text: str) -> None:
        nonlocal x
        canvas.text(x + sw + 0.45 * fs, y, text, size, t.muted)
        x += sw + 0.45 * fs + m(text, size, False) + 1.5 * fs

    def box(**kw: Any) -> FancyBboxPatch:
        return FancyBboxPatch(
            (x, y - 0.4 * fs),
            sw,
            0.8 * fs,
            boxstyle=f"round,pad=0,rounding_size={0.18 * fs}",
            **kw,
        )

    axes.add_patch(box(facecolor=sample, edgecolor="none"))
    label("Task")
    r = 0.5 * fs
    cx = x + sw / 2
    axes.add_patch(
        Polygon(
            [(cx, y - r), (cx + r, y), (cx, y + r), (cx - r, y)],
            facecolor=sample,
            edgecolor=darker(sample),
            linewidth=canvas.pt(1),
        )
    )
    label("Milestone")
    axes.add_patch(box(facecolor=sample, edgecolor=t.critical, linewidth=canvas.pt(2.2)))
    label("Critical path")
    dx = x + sw / 2
    axes.add_collection(
        LineCollection(
            [[(dx, y - 0.45 * fs), (dx, y + 0.5 * fs)]],
            colors=t.deadline,
            linewidths=canvas.pt(1.6),
        )
    )
    axes.add_patch(Polygon([(dx - 0.32 * fs, y - 0.5 * fs), (dx + 0.32 * fs, y - 0.5 * fs),
                            (dx, y)], facecolor=t.deadline, edgecolor="none"))  # fmt: skip
    label("Deadline")
    axes.add_patch(box(facecolor="none", edgecolor=t.critical, hatch="////", linewidth=0))
    axes.add_patch(box(facecolor="none", edgecolor=t.critical, linewidth=canvas.pt(2.2)))
    label("Late")
    if scene.dependencies:
        axes.add_patch(Polygon([(x + sw, y), (x + sw - 0.6 * fs, y - 0.32 * fs),
                                (x + sw - 0.6 * fs, y + 0.32 * fs)],
                               facecolor=t.dependency, edgecolor="none"))  # fmt: skip
        axes.add_collection(
            LineCollection(
                [[(x, y), (x + sw - 0.5 * fs, y)]], colors=t.dependency, linewidths=canvas.pt(1.1)
            )
        )
        label("Dependency")
    if scene.baseline_name:
        axes.add_patch(
            FancyBboxPatch(
                (x, y - 0.15 * fs),
                sw,
                0.3 * fs,
                boxstyle=f"round,pad=0,rounding_size={0.12 * fs}",
                facecolor=blend(sample, t.background, t.ghost_alpha),
                edgecolor="none",
            )
        )
        label(fit(f"Baseline “{scene.baseline_name}”", 14 * fs, size, m))
    if scene.forecast:
        forecast_sample(canvas, x, y, sw, sample)
        label("Forecast P50–P80")
    notes = []
    if layout.hidden:
        notes.append(f"{layout.hidden} more items not shown (export a PDF to see all)")
    if layout.hidden_lanes:
        notes.append(f"{layout.hidden_lanes} more teams not shown")
    if notes:
        room = g.width - g.margin_x - x
        canvas.text(g.width - g.margin_x, y, fit(" · ".join(notes), room, size, m), size,
                    t.critical, ha="right")  # fmt: skip
