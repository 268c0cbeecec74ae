"""The forecast on the timeline: a thin range from P50 to P80 under each milestone not
done and each item with a deadline (one tick when they are the same day), and the
on-time chance ("62 %") beside its deadline marker — right of the marker, or right of
the item's label when the label runs past it — red below 50 %, amber below 80 %, green
above.

``ForecastLayer`` owns these items for one ``TimelineScene``; they hang under one
container item, so showing another forecast (or none) removes them in one call. It asks
the scene where things are the way the glyphs do: x of a day from ``scene.scale``, the
row and the scheduled finish from the item's glyph. The scene tells it when its items
are gone (``forget``: ``clear()`` deleted them), when the new glyphs are there
(``after_rebuild``) and when the zoom changed (``after_rescale``). A range's tooltip
(and its chance's) says the dates, the chance and where the spread comes from; it is
written when first asked for (the layer watches the scene's help events), since
formatting thousands of them would stall the window. Nothing here computes a forecast
(see planner/app/forecasting.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem

from planner.app.forecasting import PlanForecast, chance_level, chance_text
from planner.gui.plain_text import tip
from planner.gui.timeline_layout import ROW_H

if TYPE_CHECKING:
    from planner.gui.timeline_items import ItemGlyph
    from planner.gui.timeline_scene import TimelineScene

__all__ = ["CHANCE_COLORS", "ForecastLayer", "ForecastRange", "OnTimeMark"]

CHANCE_COLORS = {"low": QColor("#C62828"), "fair": QColor("#B25E00"), "good": QColor("#2E7D32")}
RANGE_Y = ROW_H - 3.0  # the centre line of a range: under the bar, the diamond and the label
RANGE_H = 3.0
TICK_H = 7.0  # the ticks at a range's ends
MIN_W = 4.0  # the width a range of one day (P50 = P80) can be hovered over
HIT_PAD = 4.0  # the tooltip's area around the thin bar
Z_RANGE = 1.8  # under the glyphs (their labels stay on top), over the drag ghosts
Z_CHANCE = 2.5  # over the glyphs: the chance is read beside the deadline marker


class _Container(QGraphicsItem):
    """The parent of a layer's items: draws nothing, takes no clicks."""

    def boundingRect(self) -> QRectF:
        return QRectF()

    def paint(self, painter, option, widget=None) -> None:
        pass


class ForecastRange(QGraphicsItem):
    """P50 to P80 of one item in its row: a thin bar with a tick at each end, and a dotted
    lead from the scheduled finish when the range starts later."""

    def __init__(
        self, item_id: str, colors: tuple[QColor, QColor, QColor], parent: QGraphicsItem
    ) -> None:
        super().__init__(parent)
        self.item_id = item_id
        self.color, self.fill, self.lead = colors  # ticks, bar, dotted lead
        self.x_finish = self.x0 = self.x1 = 0.0
        self._rect = QRectF()
        self.setZValue(Z_RANGE)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def place(self, x_finish: float, x0: float, x1: float, y: float) -> None:
        """From x0 (P50) to x1 (P80) in the row whose top is ``y``; ``x_finish`` is where
        the item is scheduled to finish."""
        self.prepareGeometryChange()
        self.x_finish, self.x0, self.x1 = x_finish, x0, max(x1, x0)
        left = min(x_finish, x0) - MIN_W / 2
        self.setPos(left, y)
        top = RANGE_Y - TICK_H / 2 - 1
        self._rect = QRectF(-1, top, self.x1 + MIN_W / 2 - left + 2, TICK_H + 2)

    def boundingRect(self) -> QRectF:
        return self._rect

    def shape(self) -> QPainterPath:
        """The bar and a little around it (so its tooltip is easy to hit), not the lead."""
        path = QPainterPath()
        left = self.x0 - self.pos().x() - MIN_W / 2
        half = RANGE_H / 2 + HIT_PAD
        path.addRect(QRectF(left - 2, RANGE_Y - half, self.x1 - self.x0 + MIN_W + 4, 2 * half))
        return path

    def paint(self, painter, option, widget=None) -> None:
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        ox = self.pos().x()
        x0, x1 = self.x0 - ox, self.x1 - ox
        if x0 > self.x_finish - ox + 3:
            pen = QPen(self.lead, 1.0, Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(self.x_finish - ox, RANGE_Y), QPointF(x0, RANGE_Y))
        if x1 > x0:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(self.fill))
            bar = QRectF(x0, RANGE_Y - RANGE_H / 2, x1 - x0, RANGE_H)
            painter.drawRoundedRect(bar, 1.5, 1.5)
        painter.setPen(QPen(self.color, 1.6))
        for x in (x0, x1) if x1 > x0 else (x0,):
            painter.drawLine(QPointF(x, RANGE_Y - TICK_H / 2), QPointF(x, RANGE_Y + TICK_H / 2))


class OnTimeMark(QGraphicsItem):
    """The on-time chance beside a deadline marker: "62 %" on a light pill, coloured by
    how likely the deadline is met."""

    font: QFont | None = None
    metrics: QFontMetricsF | None = None

    def __init__(self, item_id: str, on_time: float, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        if OnTimeMark.font is None:
            f = QFont()
            f.setPointSizeF(8.0)
            f.setBold(True)
            OnTimeMark.font, OnTimeMark.metrics = f, QFontMetricsF(f)
        self.item_id = item_id
        self.text = chance_text(on_time)
        self.color = CHANCE_COLORS[chance_level(on_time)]
        w = OnTimeMark.metrics.horizontalAdvance(self.text) + 8
        h = OnTimeMark.metrics.height() + 2
        self._rect = QRectF(0, (ROW_H - h) / 2, w, h)
        self.setZValue(Z_CHANCE)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def place(self, x: float, y: float) -> None:
        """From ``x``, in the middle of the row whose top is ``y``."""
        self.setPos(x, y)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter, option, widget=None) -> None:
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        back = QColor("white")
        back.setAlpha(225)
        edge = QColor(self.color)
        edge.setAlpha(110)
        painter.setPen(QPen(edge, 0.8))
        painter.setBrush(QBrush(back))
        painter.drawRoundedRect(self._rect.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        painter.setFont(OnTimeMark.font)
        painter.setPen(self.color)
        painter.drawText(self._rect, int(Qt.AlignmentFlag.AlignCenter), self.text)


class ForecastLayer(QObject):
    """The forecast drawn on ``scene``: ``show(result)`` draws it (None: nothing)."""

    def __init__(self, scene: TimelineScene) -> None:
        super().__init__(scene)
        self.scene = scene
        self.result: PlanForecast | None = None
        self.container: _Container | None = None
        self.ranges: dict[str, ForecastRange] = {}
        self.chances: dict[str, OnTimeMark] = {}
        scene.installEventFilter(self)

    def tip_of(self, item_id: str) -> str:
        """The tooltip of the item's range and chance (escaped: it quotes team names)."""
        return tip(self.result.tip(item_id)) if self.result is not None else ""

    def eventFilter(self, watched, event) -> bool:
        """Before the scene shows a tooltip, write those of our items under the mouse."""
        if event.type() == QEvent.Type.GraphicsSceneHelp and self.container is not None:
            for item in self.scene.items(event.scenePos()):
                if isinstance(item, (ForecastRange, OnTimeMark)) and not item.toolTip():
                    item.setToolTip(self.tip_of(item.item_id))
        return False

    def show(self, result: PlanForecast | None) -> None:
        """Draw ``result`` instead of what is drawn now (None: nothing)."""
        if self.container is not None:
            self.scene.removeItem(self.container)
        self._forget()
        self.result = result
        self._build()

    def forget(self) -> None:
        """The scene cleared every item, ours too: let go of them."""
        self._forget()

    def after_rebuild(self) -> None:
        """The scene made new glyphs (after ``forget``): draw again on them."""
        self._forget()
        self._build()

    def after_rescale(self) -> None:
        """The scene's day width changed: move every range and chance to its new x."""
        glyphs = self.scene.glyphs
        for item_id, r in self.ranges.items():
            self._place_range(r, glyphs[item_id])
        for item_id, c in self.chances.items():
            self._place_chance(c, glyphs[item_id])

    def _forget(self) -> None:
        self.container, self.ranges, self.chances = None, {}, {}

    def _build(self) -> None:
        result, scene = self.result, self.scene
        if result is None or scene.session is None:
            return
        self.container = _Container()
        self.container.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        glyphs = scene.glyphs
        colors: dict[str, tuple[QColor, QColor, QColor]] = {}
        for f in result.forecast.items:
            glyph = glyphs.get(f.id)
            if glyph is None:
                continue
            key = glyph.color.name()
            if key not in colors:
                colors[key] = _range_colors(glyph.color)
            r = ForecastRange(f.id, colors[key], self.container)
            self._place_range(r, glyph)
            self.ranges[f.id] = r
            if f.on_time is not None and glyph.deadline_dx is not None:
                c = OnTimeMark(f.id, f.on_time, self.container)
                self._place_chance(c, glyph)
                self.chances[f.id] = c
        scene.addItem(self.container)

    def _place_range(self, r: ForecastRange, glyph: ItemGlyph) -> None:
        f = self.result.items[r.item_id]
        sc = self.scene.scale
        x0, x1 = sc.x_of(f.p50) + sc.ppd, sc.x_of(f.p80) + sc.ppd  # the ends of those days
        r.place(glyph.end_x(), x0, x1, glyph.y0)

    def _place_chance(self, c: OnTimeMark, glyph: ItemGlyph) -> None:
        """Right of the deadline marker's triangle, or of the label if it runs past it."""
        marker = glyph.deadline_dx + 6
        label_end = glyph.label_x() + glyph.label_w + glyph.warning_w + 4 if glyph.label else 0
        c.place(glyph.x0 + max(marker, label_end), glyph.y0)


def _range_colors(team: QColor) -> tuple[QColor, QColor, QColor]:
    """A range's ticks, bar and lead in a team's colour: darker ends on a lighter bar."""
    ticks = QColor(team).darker(125)
    fill = QColor(ticks)
    fill.setAlpha(170)
    return ticks, fill, QColor(team)
