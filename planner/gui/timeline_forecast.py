"""The forecast on the timeline: a thin range from P50 to P80 under each milestone not
done and each item with a deadline (one tick when they are the same day, and a dotted
lead from the scheduled finish when the range starts later), and the on-time chance
("62 %") beside its deadline marker — right of the marker, or right of the item's label
when the label runs past it — red below 50 %, amber below 80 %, green above.

``ForecastLayer`` draws them on one ``TimelineScene`` with two graphics items, as the
arrow layer draws every arrow with one: the ranges under the glyphs (their labels stay
on top), the chances over them. Each item keeps plain marks and paints only those that
meet the exposed rect, so showing the forecast of a 10k-item plan costs a few
milliseconds however many ranges it has. The layer asks the scene where things are the
way the glyphs do: x of a day from ``scene.scale``, the row, the scheduled finish and
the deadline marker from the item's glyph. The scene tells it when its items are gone
(``forget``: ``clear()`` deleted them), when the new glyphs are there
(``after_rebuild``) and when the zoom changed (``after_rescale``).

The marks take room in their items' rows: ``room`` says how far each item's range and
chance reach at the scene's zoom, in arrays, so the scene packs its lanes with them (an
item after a range in the same row starts past its end) and ``show`` has the scene pack
again the lanes whose items' room changed, before the marks are placed.

A range's tooltip (and its chance's) says the dates, the chance and where the spread
comes from. It is written when asked for: the layer watches the scene's help events and
gives its item the tooltip of the mark under the mouse (none elsewhere, so the scene
looks further down). Nothing here computes a forecast (see planner/app/forecasting.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneHelpEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from planner.app.forecasting import ItemForecast, PlanForecast, chance_level, chance_text
from planner.gui.plain_text import tip
from planner.gui.theme import color
from planner.gui.timeline_layout import ROW_H, RowMetrics

if TYPE_CHECKING:
    from planner.gui.timeline_items import ItemGlyph
    from planner.gui.timeline_scene import TimelineScene

__all__ = ["CHANCE_COLORS", "ChanceMark", "ForecastLayer", "RangeMark", "chance_dx"]

CHANCE_COLORS = {"low": color("bad"), "fair": color("fair"), "good": color("good")}  # live
RANGE_Y = RowMetrics().range_y  # a range's centre line in a default row
RANGE_H = 3.0
TICK_H = 7.0  # the ticks at a range's ends
MIN_W = 4.0  # how wide a range of one day (P50 = P80) is to the mouse
HIT_PAD = 4.0  # the tooltip's area above and below the thin bar
Z_RANGE = 1.8  # under the glyphs, over the drag ghosts
Z_CHANCE = 2.5  # over the glyphs: the chance is read beside the deadline marker
CHANCE_FONT_PT = 8.0
RIGHT_MARGIN = 40.0  # room kept right of the latest range


@dataclass(slots=True)
class RangeMark:
    """One item's range in scene coordinates: P50 at ``x0``, P80 at ``x1`` (the ends of
    those days), its scheduled finish at ``x_finish``, in the row whose top is ``y``,
    its centre line ``dy`` below that (the row's ``RowMetrics.range_y``)."""

    item_id: str
    x_finish: float
    x0: float
    x1: float
    y: float
    colors: tuple[QColor, QColor, QColor]  # ticks, bar, dotted lead
    dy: float = RANGE_Y

    @property
    def mid(self) -> float:
        """The scene y of its centre line."""
        return self.y + self.dy

    def box(self) -> tuple[float, float, float, float]:
        """What it paints: (left, top, right, bottom)."""
        left = min(self.x_finish, self.x0) - MIN_W / 2 - 1
        top = self.mid - TICK_H / 2 - 1
        return left, top, self.x1 + MIN_W / 2 + 1, top + TICK_H + 2

    def hit_box(self) -> tuple[float, float, float, float]:
        """Where the mouse finds it: the bar and a little around it, not the lead."""
        half = RANGE_H / 2 + HIT_PAD
        mid = self.mid
        return self.x0 - MIN_W / 2 - 2, mid - half, self.x1 + MIN_W / 2 + 2, mid + half


@dataclass(slots=True)
class ChanceMark:
    """One deadline's on-time chance: ``text`` from ``x``, in the middle of the row whose
    top is ``y`` (``row_h`` tall), ``width`` wide, in ``color``."""

    item_id: str
    x: float
    y: float
    text: str
    color: QColor
    width: float
    row_h: float = ROW_H

    def box(self) -> tuple[float, float, float, float]:
        h = _chance_metrics().height() + 2
        top = self.y + (self.row_h - h) / 2
        return self.x, top, self.x + self.width, top + h

    hit_box = box


_metrics: list[QFontMetricsF] = []


def _chance_font() -> QFont:
    f = QFont()
    f.setPointSizeF(CHANCE_FONT_PT)
    f.setBold(True)
    return f


def _chance_metrics() -> QFontMetricsF:
    if not _metrics:  # made once a QApplication exists
        _metrics.append(QFontMetricsF(_chance_font()))
    return _metrics[0]


def _chance_width(text: str) -> float:
    return _chance_metrics().horizontalAdvance(text) + 8


def chance_dx(deadline_dx: float, label_end: float) -> float:
    """Where a chance starts, from its item's x: right of the deadline marker's triangle
    (at ``deadline_dx``), or of the label if it runs past it (``label_end``; 0: none)."""
    return max(deadline_dx + 6, label_end)


class _MarksItem(QGraphicsItem):
    """The graphics item of a set of marks: ``draw`` paints those that meet the exposed
    rect."""

    def __init__(self, z: float, draw: Callable[[QPainter, list[Any]], None]) -> None:
        super().__init__()
        self.draw = draw
        self.marks: list[Any] = []  # RangeMark or ChanceMark, each with box and hit_box
        self._boxes = self._hits = np.zeros((4, 0))
        self._rect = QRectF()
        self.setZValue(z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)

    def set_marks(self, marks: list[Any]) -> None:
        self.prepareGeometryChange()
        self.marks = marks
        self._boxes = np.array([m.box() for m in marks], dtype=float).reshape(-1, 4).T
        self._hits = np.array([m.hit_box() for m in marks], dtype=float).reshape(-1, 4).T
        b = self._boxes
        self._rect = (
            QRectF(b[0].min(), b[1].min(), b[2].max() - b[0].min(), b[3].max() - b[1].min())
            if len(marks)
            else QRectF()
        )
        self.update()

    def marks_in(self, rect: QRectF) -> list[Any]:
        left, top, right, bottom = self._boxes
        hit = (left <= rect.right()) & (right >= rect.left())
        hit &= (top <= rect.bottom()) & (bottom >= rect.top())
        return [self.marks[k] for k in np.flatnonzero(hit)]

    def mark_at(self, p: QPointF) -> Any:
        """The topmost (last drawn) mark whose hit box holds ``p``, or None."""
        left, top, right, bottom = self._hits
        x, y = p.x(), p.y()
        ks = np.flatnonzero((left <= x) & (x <= right) & (top <= y) & (y <= bottom))
        return self.marks[ks[-1]] if len(ks) else None

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rect = option.exposedRect  # the view's exposed area; scene.render() only clips
        if painter.hasClipping():
            rect = rect.intersected(painter.clipBoundingRect())
        marks = self.marks_in(rect)
        if marks:
            painter.setRenderHint(painter.RenderHint.Antialiasing, True)
            self.draw(painter, marks)


def _draw_ranges(painter: QPainter, marks: list[RangeMark]) -> None:
    for m in marks:
        ticks, fill, lead = m.colors
        mid = m.mid
        if m.x0 > m.x_finish + 3:
            painter.setPen(QPen(lead, 1.0, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(m.x_finish, mid), QPointF(m.x0, mid))
        if m.x1 > m.x0:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(fill))
            bar = QRectF(m.x0, mid - RANGE_H / 2, m.x1 - m.x0, RANGE_H)
            painter.drawRoundedRect(bar, 1.5, 1.5)
        painter.setPen(QPen(ticks, 1.6))
        for x in (m.x0, m.x1) if m.x1 > m.x0 else (m.x0,):
            painter.drawLine(QPointF(x, mid - TICK_H / 2), QPointF(x, mid + TICK_H / 2))


def _draw_chances(painter: QPainter, marks: list[ChanceMark]) -> None:
    back = color("label_back")
    painter.setFont(_chance_font())
    for m in marks:
        left, top, right, bottom = m.box()
        rect = QRectF(left, top, right - left, bottom - top)
        edge = QColor(m.color)
        edge.setAlpha(110)
        painter.setPen(QPen(edge, 0.8))
        painter.setBrush(QBrush(back))
        painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        painter.setPen(m.color)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), m.text)


class ForecastLayer(QObject):
    """The forecast drawn on ``scene``: ``show(result)`` draws it (None: nothing).
    ``ranges`` and ``chances`` hold the marks drawn, by item id."""

    def __init__(self, scene: TimelineScene) -> None:
        super().__init__(scene)
        self.scene = scene
        self.result: PlanForecast | None = None
        self.ranges: dict[str, RangeMark] = {}
        self.chances: dict[str, ChanceMark] = {}
        self.range_item: _MarksItem | None = None
        self.chance_item: _MarksItem | None = None
        # room's days, read once per result and plan: (result, items, positions, P50
        # ordinals, P80 ordinals, chance widths)
        self._days: tuple[Any, ...] | None = None
        scene.installEventFilter(self)

    def show(self, result: PlanForecast | None) -> None:
        """Draw ``result`` instead of what is drawn now (None: nothing); the scene first
        packs again the lanes whose items now take more room, or less."""
        self.result = result
        self.scene.forecast_changed()
        self._build()

    def room(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """What the marks take of their items' rows at the scene's zoom: the plan
        positions of the items with a forecast, the scene x where the box of each one's
        range starts and ends, and the width of its chance (0: none; it stands beside
        the deadline marker, ``chance_dx``). Empty with no forecast."""
        result, scene = self.result, self.scene
        if result is None or scene.session is None:
            empty = np.zeros(0)
            return np.zeros(0, np.intp), empty, empty, empty
        items = scene.session.plan.items
        days = self._days
        if days is None or days[0] is not result or days[1] is not items:
            index = scene.session.plan.item_index
            marks = [f for f in result.forecast.items if f.id in index]
            widths: dict[str, float] = {}
            for f in marks:
                if f.on_time is not None and (text := chance_text(f.on_time)) not in widths:
                    widths[text] = _chance_width(text)
            days = self._days = (
                result,
                items,
                np.fromiter((index[f.id] for f in marks), np.intp, len(marks)),
                np.fromiter((f.p50.toordinal() for f in marks), np.int64, len(marks)),
                np.fromiter((f.p80.toordinal() for f in marks), np.int64, len(marks)),
                np.fromiter(
                    (0.0 if f.on_time is None else widths[chance_text(f.on_time)] for f in marks),
                    float,
                    len(marks),
                ),
            )
        _result, _items, pos, p50, p80, chance = days
        sc = scene.scale
        pad = MIN_W / 2 + 1  # as RangeMark.box: the ends of those days, and the ticks
        lo = (p50 - sc.origin_ord) * sc.ppd + sc.ppd - pad
        hi = (p80 - sc.origin_ord) * sc.ppd + sc.ppd + pad
        return pos, lo, hi, chance

    def forget(self) -> None:
        """The scene cleared every item, ours too: let go of them."""
        self.range_item = self.chance_item = None

    def after_rebuild(self) -> None:
        """The scene made new glyphs (after ``forget``): draw again on them."""
        self._build()

    def after_rescale(self) -> None:
        """The scene's day width changed: every mark moves to its new x."""
        self._build()

    def tip_of(self, item_id: str) -> str:
        """The tooltip of the item's range and chance (escaped: it quotes team names)."""
        return tip(self.result.tip(item_id)) if self.result is not None else ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Before the scene shows a tooltip, give our items that of the mark under the
        mouse (the chance first: it is drawn on top), and none elsewhere."""
        if isinstance(event, QGraphicsSceneHelpEvent):
            pos, found = event.scenePos(), False
            for item in (self.chance_item, self.range_item):
                if item is None:
                    continue
                mark = None if found else item.mark_at(pos)
                item.setToolTip(self.tip_of(mark.item_id) if mark is not None else "")
                found = found or mark is not None
        return False

    # -- building -------------------------------------------------------------------
    def _build(self) -> None:
        """Make the marks of ``result`` from the glyphs as they are placed now."""
        result, scene = self.result, self.scene
        ranges: dict[str, RangeMark] = {}
        chances: dict[str, ChanceMark] = {}
        if result is not None and scene.session is not None:
            glyphs = scene.glyphs
            colors: dict[str, tuple[QColor, QColor, QColor]] = {}
            for f in result.forecast.items:
                glyph = glyphs.get(f.id)
                if glyph is None:
                    continue
                key = glyph.color.name()
                if key not in colors:
                    colors[key] = _range_colors(glyph.color)
                ranges[f.id] = self._range(f, glyph, colors[key])
                if f.on_time is not None and glyph.deadline_dx is not None:
                    chances[f.id] = _chance(f.id, f.on_time, glyph, glyph.deadline_dx)
        self.ranges, self.chances = ranges, chances
        if not ranges:  # nothing to draw: no items either
            for item in (self.range_item, self.chance_item):
                if item is not None:
                    scene.removeItem(item)
            self.forget()
            return
        if self.range_item is None or self.chance_item is None:
            self.range_item = _MarksItem(Z_RANGE, _draw_ranges)
            self.chance_item = _MarksItem(Z_CHANCE, _draw_chances)
            scene.addItem(self.range_item)
            scene.addItem(self.chance_item)
        self.range_item.set_marks(list(ranges.values()))
        self.chance_item.set_marks(list(chances.values()))
        self._widen_scene()

    def _widen_scene(self) -> None:
        """Let the timeline scroll as far right as the latest P80 (a late team's last
        milestone can land months after the schedule's end, past the scene's margin).
        The scene sets its own rect again after an edit; the next forecast widens it."""
        scene, reach = self.scene, QRectF()
        for item in (self.range_item, self.chance_item):
            if item is not None:
                reach = reach.united(item.boundingRect())
        rect = scene.sceneRect()
        if reach.right() + RIGHT_MARGIN > rect.right():
            rect.setRight(reach.right() + RIGHT_MARGIN)
            scene.setSceneRect(rect)

    def _range(
        self, f: ItemForecast, glyph: ItemGlyph, colors: tuple[QColor, QColor, QColor]
    ) -> RangeMark:
        sc = self.scene.scale
        x0, x1 = sc.x_of(f.p50) + sc.ppd, sc.x_of(f.p80) + sc.ppd  # the ends of those days
        dy = glyph.rows.range_y
        return RangeMark(f.id, glyph.end_x(), x0, max(x1, x0), glyph.y0, colors, dy)


def _chance(item_id: str, on_time: float, glyph: ItemGlyph, deadline_dx: float) -> ChanceMark:
    """Right of the deadline marker's triangle (``deadline_dx`` from the glyph), or of the
    label if it runs past it."""
    label_end = glyph.label_end()
    text = chance_text(on_time)
    color = CHANCE_COLORS[chance_level(on_time)]
    x = glyph.x0 + chance_dx(deadline_dx, label_end)
    return ChanceMark(item_id, x, glyph.y0, text, color, _chance_width(text), glyph.rows.h)


def _range_colors(team: QColor) -> tuple[QColor, QColor, QColor]:
    """A range's ticks, bar and lead in a team's colour: darker ends on a lighter bar."""
    ticks = QColor(team).darker(125)
    fill = QColor(ticks)
    fill.setAlpha(170)
    return ticks, fill, QColor(team)
