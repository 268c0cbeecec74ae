"""The slide the PowerPoint painters draw one roadmap page on: native, editable shapes
(rectangles, rounded rectangles, diamonds, freeform polygons and lines, connectors,
text boxes) placed in the layout's pixel coordinates (y downwards) and mapped onto the
slide in EMUs by one scale, so the slide is the PNG's picture at the slide's size.

Shapes are queued with a z-order, as the matplotlib painters give theirs, and added to
the slide in that order when the page is done (``flush_to_slide``): a slide stacks its shapes
in the order they were added. ``group`` queues several shapes that become one group
shape (an item's bar, label and deadline move together when edited). Imported only
when exporting.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.shapes.shapetree import GroupShapes, SlideShapes
from pptx.util import Emu

from planner.export.fonts import FAMILY
from planner.export.labels import Measure
from planner.export.page_geometry import Geometry, LaneSlice, RoadmapLayout
from planner.export.roadmap import Scene
from planner.export.themes import Theme

__all__ = ["Caption", "Shapes", "SlideCanvas", "Stroke", "rgb"]

HALO_PAD = 0.08  # a text box's padding around its text, in units of its size
# A slide centres a line's box (the font's ascent and descent) where matplotlib centres
# its ink ("lp"): text would sit this much lower (units of its size, measured on
# LibreOffice's rendering), so it is raised by as much.
TEXT_RISE = 0.13
Point = tuple[float, float]
_ALIGN = {"left": PP_ALIGN.LEFT, "right": PP_ALIGN.RIGHT, "center": PP_ALIGN.CENTER}


@dataclass(frozen=True)
class Stroke:
    """An outline or a line: ``width`` in pixels; ``dash`` = (on, off) in units of the
    width (matplotlib's dash pattern, which scales with the line width too)."""

    color: str
    width: float
    dash: tuple[float, float] | None = None


@dataclass(frozen=True)
class Caption:
    """Text inside a shape: one line, ``size`` px, ``inset`` px from its left edge (and
    from its right edge unless left-aligned)."""

    text: str
    size: float
    color: str
    bold: bool = False
    align: str = "left"
    inset: float = 0.0


def rgb(color: str) -> RGBColor:
    """A ``#RRGGBB`` colour as python-pptx takes it."""
    h = color.lstrip("#")
    return RGBColor(int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))  # type: ignore[no-untyped-call]


_LOOSE_TREE = (
    f'<p:spTree {nsdecls("a", "p")}><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/>'
    "<p:nvPr/></p:nvGrpSpPr><p:grpSpPr/></p:spTree>"
)


def _unstyled(shape: Any) -> None:
    """Drop the theme style python-pptx gives a new autoshape, freeform or connector (a
    theme line, fill, font colour and a drop shadow): every shape here says its own."""
    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)


def _element(tag: str, **attrs: str) -> Any:
    """A DrawingML element python-pptx has no property for (an alpha, a custom dash)."""
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(k, v)
    return el


class Shapes:
    """Shapes to add to a shape tree (a slide's, or a group's), each with a z-order.
    Coordinates and sizes are layout pixels; ``scale`` is EMUs per pixel."""

    def __init__(self, scale: float, measure: Measure) -> None:
        self.scale = scale
        self.measure = measure
        self._ops: list[tuple[float, int, Callable[[Any], None]]] = []

    def __len__(self) -> int:
        return len(self._ops)

    def emu(self, v: float) -> Emu:
        return Emu(round(v * self.scale))

    def _queue(self, z: float, op: Callable[[Any], None]) -> None:
        self._ops.append((z, len(self._ops), op))

    def flush(self, tree: Any) -> None:
        """Add the queued shapes to ``tree`` (a python-pptx shape collection), lowest z
        first, ties in the order queued."""
        for op in self._ordered():
            op(tree)

    def flush_to_slide(self, shapes: SlideShapes) -> None:
        """Add the queued shapes to a slide's ``shapes``, lowest z first, fast: each is
        made in a small tree of its own and then moved onto the slide, and the slide's
        shape ids are numbered once at the end. (python-pptx finds a new shape's id by
        searching every id of its document, which is quadratic on a busy slide.)"""
        tree = shapes._spTree
        for op in self._ordered():
            scratch = GroupShapes(parse_xml(_LOOSE_TREE), shapes)
            op(scratch)
            for el in list(scratch._spTree.iter_shape_elms()):
                tree.insert_element_before(el, "p:extLst")
        for n, c_nv_pr in enumerate(tree.iter(qn("p:cNvPr")), start=1):
            c_nv_pr.set("id", str(n))

    def _ordered(self) -> list[Callable[[Any], None]]:
        """The queued operations in z order (ties: as queued), taken off the queue."""
        ops = [op for _z, _n, op in sorted(self._ops, key=lambda o: (o[0], o[1]))]
        self._ops.clear()
        return ops

    def group(self, name: str, z: float) -> Shapes:
        """A queue of its own whose shapes become one group shape named ``name`` at
        ``z`` (nothing if it stays empty)."""
        inner = Shapes(self.scale, self.measure)

        def add(tree: Any) -> None:
            if inner:
                grp = tree.add_group_shape()
                grp.name = name
                inner.flush(grp.shapes)

        self._queue(z, add)
        return inner

    def box(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: str | None,
        name: str,
        z: float,
        stroke: Stroke | None = None,
        radius: float = 0.0,
        caption: Caption | None = None,
    ) -> None:
        """A rectangle (rounded by ``radius`` px), filled, outlined, with a caption."""
        kind = MSO_SHAPE.ROUNDED_RECTANGLE if radius > 0 else MSO_SHAPE.RECTANGLE

        def add(tree: Any) -> None:
            shape = tree.add_shape(kind, self.emu(x), self.emu(y), self.emu(w), self.emu(h))
            shape.name = name
            _unstyled(shape)
            if radius > 0:
                shape.adjustments[0] = min(0.5, radius / max(min(w, h), 1e-6))
            self._fill(shape, fill)
            self._stroke(shape.line, stroke)
            self._caption(shape, caption, radius * 0.29289)  # roundRect's text inset

        self._queue(z, add)

    def diamond(
        self,
        cx: float,
        cy: float,
        r: float,
        *,
        fill: str,
        name: str,
        z: float,
        stroke: Stroke | None = None,
    ) -> None:
        """A diamond of half-width ``r`` centred on (``cx``, ``cy``)."""

        def add(tree: Any) -> None:
            shape = tree.add_shape(MSO_SHAPE.DIAMOND, self.emu(cx - r), self.emu(cy - r),
                                   self.emu(2 * r), self.emu(2 * r))  # fmt: skip
            shape.name = name
            _unstyled(shape)
            self._fill(shape, fill)
            self._stroke(shape.line, stroke)

        self._queue(z, add)

    def polygon(
        self,
        points: Sequence[Point],
        *,
        fill: str | None,
        name: str,
        z: float,
        stroke: Stroke | None = None,
        closed: bool = True,
    ) -> None:
        """A freeform through ``points``: a closed polygon, or an open line."""
        pts = [(float(self.emu(px)), float(self.emu(py))) for px, py in points]

        def add(tree: Any) -> None:
            builder = tree.build_freeform(pts[0][0], pts[0][1], scale=1.0)
            builder.add_line_segments(pts[1:], close=closed)
            shape = builder.convert_to_shape()
            shape.name = name
            _unstyled(shape)
            self._fill(shape, fill)
            self._stroke(shape.line, stroke)

        self._queue(z, add)

    def hatch(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        spacing: float,
        stroke: Stroke,
        *,
        name: str,
        z: float,
    ) -> None:
        """Diagonal hatching ("////", ``spacing`` px apart across) over the rectangle, as
        one freeform of line pieces: matplotlib's hatch, which a pattern fill can't match
        (its lines are device pixels)."""
        x1, y1 = x + w, y + h
        k = math.floor((x + y) / spacing) + 1
        pieces = []
        while k * spacing < x1 + y1:
            c = k * spacing  # the line x + y = c, going up to the right
            lo, hi = max(x, c - y1), min(x1, c - y)
            if hi > lo:
                pieces.append(((lo, c - lo), (hi, c - hi)))
            k += 1
        if not pieces:
            return

        def add(tree: Any) -> None:
            first = pieces[0][0]
            builder = tree.build_freeform(self.emu(first[0]), self.emu(first[1]), scale=1.0)
            for n, (a, b) in enumerate(pieces):
                if n:
                    builder.move_to(self.emu(a[0]), self.emu(a[1]))
                builder.add_line_segments([(self.emu(b[0]), self.emu(b[1]))], close=False)
            shape = builder.convert_to_shape()
            shape.name = name
            _unstyled(shape)
            self._fill(shape, None)
            self._stroke(shape.line, stroke)

        self._queue(z, add)

    def line(self, p0: Point, p1: Point, stroke: Stroke, *, name: str, z: float) -> None:
        """A straight connector from ``p0`` to ``p1``."""

        def add(tree: Any) -> None:
            shape = tree.add_connector(MSO_CONNECTOR.STRAIGHT, self.emu(p0[0]), self.emu(p0[1]),
                                       self.emu(p1[0]), self.emu(p1[1]))  # fmt: skip
            shape.name = name
            _unstyled(shape)
            self._stroke(shape.line, stroke)

        self._queue(z, add)

    def text(
        self,
        x: float,
        y: float,
        s: str,
        size: float,
        color: str,
        *,
        name: str,
        z: float = 3.0,
        bold: bool = False,
        italic: bool = False,
        align: str = "left",
        halo: str | None = None,
    ) -> None:
        """A text box holding ``s`` on one line, ``size`` px, centred vertically on
        ``y`` and anchored at ``x`` by ``align`` (left, right, center), as the PNG's
        text is; ``halo`` = a background colour it sits on (85% opaque), the box
        padded as the PNG's halo is."""
        pad = HALO_PAD * size
        w = self.measure(s, size, bold) + 2 * pad
        x0 = {"left": x - pad, "right": x + pad - w, "center": x - w / 2}[align]
        h = 1.25 * size

        def add(tree: Any) -> None:
            shape = tree.add_textbox(self.emu(x0), self.emu(y - h / 2), self.emu(w), self.emu(h))
            shape.name = name
            _unstyled(shape)
            if halo is not None:
                self._fill(shape, halo, alpha=0.85)
            self._caption(shape, Caption(s, size, color, bold, align, pad), 0.0, italic)

        self._queue(z, add)

    # -- properties of one shape ------------------------------------------------------
    @staticmethod
    def _fill(shape: Any, color: str | None, alpha: float = 1.0) -> None:
        if color is None:
            shape.fill.background()
            return
        shape.fill.solid()
        shape.fill.fore_color.rgb = rgb(color)
        if alpha < 1.0:
            clr = shape.fill._xPr.find(qn("a:solidFill")).find(qn("a:srgbClr"))
            clr.append(_element("a:alpha", val=str(round(alpha * 100000))))

    def _stroke(self, line: Any, stroke: Stroke | None) -> None:
        if stroke is None:
            line.fill.background()
            return
        line.fill.solid()
        line.color.rgb = rgb(stroke.color)
        line.width = self.emu(stroke.width)
        if stroke.dash is not None:
            ln = line._get_or_add_ln()
            for old in ln.findall(qn("a:prstDash")):
                ln.remove(old)
            on, off = stroke.dash
            dash = _element("a:custDash")
            dash.append(_element("a:ds", d=str(round(on * 100000)), sp=str(round(off * 100000))))
            ln.find(qn("a:solidFill")).addnext(dash)

    def _caption(
        self, shape: Any, caption: Caption | None, geometry_inset: float, italic: bool = False
    ) -> None:
        if caption is None:
            return
        tf = shape.text_frame
        tf.word_wrap = False
        tf.auto_size = MSO_AUTO_SIZE.NONE
        tf.vertical_anchor = MSO_ANCHOR.MIDDLE
        tf.margin_left = self.emu(max(0.0, caption.inset - geometry_inset))
        tf.margin_right = self.emu(caption.inset if caption.align != "left" else 0.0)
        tf.margin_top = Emu(0)
        tf.margin_bottom = self.emu(2 * TEXT_RISE * caption.size)
        para = tf.paragraphs[0]
        para.alignment = _ALIGN[caption.align]
        run = para.add_run()
        run.text = caption.text
        font = run.font
        font.name = FAMILY
        font.size = Emu(round(caption.size * self.scale))
        font.bold = caption.bold
        font.italic = italic
        font.color.rgb = rgb(caption.color)


class SlideCanvas(Shapes):
    """Page ``number`` of ``pages`` of a scene as shapes for one slide, with what every
    painter needs (the layout, the theme, where a day and a row are, how far apart
    hatching lines are)."""

    def __init__(
        self,
        scene: Scene,
        measure: Measure,
        dpi: float,
        slide_width: int,
        number: int,
        pages: int,
    ) -> None:
        super().__init__(slide_width / scene.layout.geometry.width, measure)
        self.dpi = dpi  # of the layout's pixels
        self.scene = scene
        self.layout: RoadmapLayout = scene.layout
        self.geometry: Geometry = scene.layout.geometry
        self.theme: Theme = scene.theme
        self.number, self.pages = number, pages

    @property
    def hatch_spacing(self) -> float:
        """matplotlib's "////" as Agg draws it: 12 lines an inch, measured across."""
        return self.dpi / 12

    @property
    def hatch_stroke(self) -> Stroke:
        """matplotlib's hatch line: 1 pt wide."""
        return Stroke(self.theme.critical, self.dpi / 72)

    def day_x(self, d: date) -> float:
        """Where day ``d`` starts on the plot."""
        return self.layout.day_x(d)

    def row_y(self, sl: LaneSlice, row: int) -> float:
        """The centre line of ``row`` of a lane slice: as the PNG's ``Canvas.row_y``."""
        used = (sl.row1 - sl.row0) * self.layout.row_h
        top = sl.y + sl.header
        return top + (sl.height - sl.header - used) / 2 + (row - sl.row0 + 0.5) * self.layout.row_h
