"""The canvas the roadmap painters draw one page on: a matplotlib Figure (no pyplot, no
global state) with one Axes over the whole page in pixel coordinates (y downwards), so
the layout's numbers are used as they are; font sizes are converted from pixels to
points. Also the colour arithmetic the painters share. Imported only when exporting.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from planner.export.fonts import FAMILY, TextMeasure
from planner.export.page_geometry import Geometry, LaneSlice, RoadmapLayout
from planner.export.presets import PageSpec
from planner.export.roadmap import Scene
from planner.export.themes import Theme

__all__ = ["Canvas", "blend", "darker"]


def _rgb(c: str) -> tuple[float, float, float]:
    h = c.lstrip("#")
    return (int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255)


def blend(c: str, bg: str, t: float) -> str:
    """``c`` at opacity ``t`` over ``bg``, as an opaque colour."""
    a, b = _rgb(c), _rgb(bg)
    return "#" + "".join(
        f"{round(255 * (t * x + (1 - t) * y)):02X}" for x, y in zip(a, b, strict=True)
    )


def darker(c: str, f: float = 0.72) -> str:
    return "#" + "".join(f"{round(255 * x * f):02X}" for x in _rgb(c))


class Canvas:
    """Page ``number`` of ``pages`` of a scene: its Figure and Axes, and what every
    painter needs to draw on it."""

    def __init__(self, scene: Scene, page: PageSpec, number: int, pages: int) -> None:
        self.scene = scene
        self.layout: RoadmapLayout = scene.layout
        self.geometry: Geometry = scene.layout.geometry
        self.theme: Theme = scene.theme
        self.dpi = page.dpi
        self.measure = TextMeasure(page.dpi)
        self.number, self.pages = number, pages
        figure = Figure(
            figsize=(page.width_in, page.height_in), dpi=page.dpi, facecolor=self.theme.background
        )
        FigureCanvasAgg(figure)
        figure.set_label(scene.title)
        axes = figure.add_axes((0, 0, 1, 1))
        axes.set_xlim(0, self.geometry.width)
        axes.set_ylim(self.geometry.height, 0)
        axes.set_axis_off()
        axes.set_facecolor(self.theme.background)
        self.figure: Figure = figure
        self.axes: Axes = axes

    def pt(self, px: float) -> float:
        """``px`` pixels in points."""
        return px * 72.0 / self.dpi

    def text(self, x: float, y: float, s: str, size: float, color: str, **kw: Any) -> None:
        """``s`` at (``x``, ``y``), ``size`` px, centred vertically and left-aligned
        unless ``kw`` says otherwise; never parsed as mathtext."""
        kw.setdefault("va", "center")
        kw.setdefault("ha", "left")
        self.axes.text(x, y, s, fontsize=self.pt(size), color=color, family=FAMILY,
                       parse_math=False, **kw)  # fmt: skip

    def day_x(self, d: date) -> float:
        """Where day ``d`` starts on the plot."""
        return self.layout.day_x(d)

    def row_y(self, sl: LaneSlice, row: int) -> float:
        """The centre line of ``row`` of a lane slice (its rows are centred below the
        slice's sprint strip)."""
        used = (sl.row1 - sl.row0) * self.layout.row_h
        top = sl.y + sl.header
        return top + (sl.height - sl.header - used) / 2 + (row - sl.row0 + 0.5) * self.layout.row_h
