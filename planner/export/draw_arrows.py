"""Dependency arrows: a curve from the predecessor's end (FS, FF) or start (SS, SF) to
the successor's start (FS, SS) or end (FF, SF), leaving a bar downwards or upwards
towards its successor, with a head at the successor; critical links in the critical
colour. Only links between items drawn on this page."""

from __future__ import annotations

from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.path import Path

from planner.export.arrow_shape import arrow_shape
from planner.export.draw_canvas import Canvas
from planner.export.draw_items import ItemMark

__all__ = ["draw_arrows"]


def draw_arrows(canvas: Canvas, where: dict[str, ItemMark]) -> None:
    t, fs = canvas.theme, canvas.layout.fs
    paths: list[Path] = []
    colors: list[str] = []
    heads: list[list[tuple[float, float]]] = []
    head_colors: list[str] = []
    for pred, succ, typ, crit in canvas.scene.dependencies:
        if pred not in where or succ not in where:
            continue
        pp, py, ph = where[pred]
        sp, sy, _sh = where[succ]
        shape = arrow_shape(pp.entry, py, ph, sp.entry, sy, typ, fs)
        paths.append(Path(shape.controls, [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4]))
        c = t.critical if crit else t.dependency
        colors.append(c)
        heads.append(list(shape.head))
        head_colors.append(c)
    canvas.axes.add_collection(PathCollection(paths, facecolors="none", edgecolors=colors,
                               linewidths=canvas.pt(1.1), alpha=0.7, zorder=3.5))  # fmt: skip
    canvas.axes.add_collection(PolyCollection(heads, facecolors=head_colors, edgecolors="none",
                                              alpha=0.85, zorder=3.6))  # fmt: skip
