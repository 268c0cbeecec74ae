"""The shape of a dependency arrow on an exported page, for both renderers (matplotlib's
drawing and the slide's native shapes): a cubic Bézier from the predecessor's end (FS,
FF) or start (SS, SF) — leaving a bar downwards or upwards towards its successor, a
milestone's diamond sideways — into the successor's start (FS, SS) or end (FF, SF), and
a head at the successor."""

from __future__ import annotations

from dataclasses import dataclass

from planner.export.labels import DIAMOND, Entry

__all__ = ["ArrowShape", "arrow_shape"]

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class ArrowShape:
    controls: tuple[Point, Point, Point, Point]  # the curve's four control points
    head: tuple[Point, Point, Point]  # the triangle at its tip


def arrow_shape(
    a: Entry, py: float, ph: float, b: Entry, sy: float, typ: str, fs: float
) -> ArrowShape:
    """The arrow of a ``typ`` link from ``a`` (its row's centre at ``py``, ``ph`` from
    the centre to the bar's edge) to ``b`` (centre at ``sy``), at font size ``fs``."""
    from_end = typ in ("FS", "FF")
    into_start = typ in ("FS", "SS")
    r = DIAMOND * fs
    ax0 = (a.x1 if from_end else a.x0) + ((r if from_end else -r) if a.milestone else 0)
    bx = (b.x0 - (r if b.milestone else 0)) if into_start else (b.x1 + (r if b.milestone else 0))
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
    hw, hl = 0.32 * fs, 0.6 * fs
    back = bx - hl if into_start else bx + hl
    return ArrowShape((p0, p1, p2, p3), ((back, sy - hw), (bx, sy), (back, sy + hw)))
