"""Dependency arrows: a curve from the predecessor's end (FS, FF) or start (SS, SF) to
the successor's start (FS, SS) or end (FF, SF), leaving a bar downwards or upwards
towards its successor, with a head at the successor; critical links in the critical
colour. Only links between items drawn on this page."""

from __future__ import annotations

from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.path import Path

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
        a, b = pp.entry, sp.entry
        from_end = typ in ("FS", "FF")
        into_start = typ in ("FS", "SS")
        r = 0.62 * fs
        ax0 = (a.x1 if from_end else a.x0) + ((r if from_end else -r) if a.milestone else 0)
        bx = (
            (b.x0 - (r if b.milestone else 0)) if into_start else (b.x1 + (r if b.milestone else 0))
        )
        if a.milestone:
            p0, p1 = (ax0, py), (ax0 + (1 if from_end else -1) * 0.9 * fs, py)
        else:
            inset = min(0.5 * fs, (a.x1 - a.x0) / 3)
            px0 = ax0 - inset if from_end else ax0 + inset
            down = sy >= py
            p0 = (px0, py + (ph if down else -ph))
            p1 = (px0, p0[1] + (1 if down else -1) * 0.9 * fs)
        dx = max(1.2 * fs, abs(bx - p0[0]) / 2)
        p2 = (bx - dx if into_start else bx + dx, sy)
        p3 = (bx - (0.55 * fs if into_start else -0.55 * fs), sy)
        paths.append(Path([p0, p1, p2, p3], [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4]))
        c = t.critical if crit else t.dependency
        colors.append(c)
        hw, hl = 0.32 * fs, 0.6 * fs
        sgn = 1 if into_start else -1
        tip = (bx, sy)
        heads.append([(tip[0] - sgn * hl, sy - hw), tip, (tip[0] - sgn * hl, sy + hw)])
        head_colors.append(c)
    canvas.axes.add_collection(PathCollection(paths, facecolors="none", edgecolors=colors,
                               linewidths=canvas.pt(1.1), alpha=0.7, zorder=3.5))  # fmt: skip
    canvas.axes.add_collection(PolyCollection(heads, facecolors=head_colors, edgecolors="none",
                                              alpha=0.85, zorder=3.6))  # fmt: skip
