"""Graphics items of the timeline: item glyphs (bars and diamonds), drag ghosts and
baseline ghosts (the layer that draws every dependency arrow is timeline_arrows.py).

Each glyph is an adapter over one plan item: the scene gives it plain values (dates
already turned into x, flags for critical/late/selected, its progress) and it paints
them. A bar's done part is filled darker from its start; a done item is faded with a
check mark; an item in progress has a small green triangle before its actual start;
what was late (done after its deadline, or in progress past it) has a red end-mark.

A negotiated deadline (DESIGN.md, 'Team-driven deadlines') shows each of its dates that
differ: the deadline (the agreed date once agreed) as a solid line under a solid
triangle, a stakeholder's target as a hollow purple triangle on a dashed line, and the
team's commitment as a grey dashed tick. ``mark_at`` says which one is under the mouse,
so a tooltip can say which is which (planner/gui/deadlines_feature.py writes them).
Nothing here reads the session; bounding rects are cached so a 10k-item scene stays
cheap. Where things sit in a row comes from the row's ``RowMetrics``
(planner/gui/timeline_layout.py): each glyph and ghost keeps the one of the rows it is
drawn in (``rows``), which the scene hands out, the same object to every glyph.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

from planner.gui.theme import brush, color, edge, pen
from planner.gui.timeline_layout import DIAMOND, RowMetrics

if TYPE_CHECKING:
    from planner.gui.timeline_arrows import ArrowLayer

DEFAULT_ROWS = RowMetrics()  # rows at the default height, until the scene says
HANDLE_R = 4.5
LABEL_GAP = 16.0  # room between a bar's end and its label, for the link handle
MILESTONE_LABEL_DX = DIAMOND + LABEL_GAP  # a label after a diamond and its link handle
RESIZE_ZONE = 6.0
TICK_H = 4.0  # an item in a collapsed lane: a bar this thin (a diamond twice as tall)

# live colours of planner/gui/theme.py: recoloured in place for the dark scheme
LATE, CRITICAL, SELECT, TEXT, MUTED = map(color, ("late", "critical", "select", "text", "muted"))
DEADLINE_OK = color("deadline")
LABEL_BG = color("label_bg")  # a label's backing, so an arrow behind it never hides it
TARGET = color("target")  # a stakeholder's target: asked for, not agreed
COMMITMENT = color("commitment")
MARK_HIT = 5.0  # how near a deadline, target or commitment mark the mouse finds it
PROGRESS_MARK = color("progress")  # the started triangle and the done check
BASELINE = color("baseline")
ARROW, CANVAS = color("arrow"), color("canvas")
ARROW_PEN, STRONG_PEN = pen("arrow", 1.1), pen("critical", 1.6)  # strong: both ends critical
ARROW_BRUSH, STRONG_BRUSH = brush("arrow"), brush("critical")

# ghosts (of a drag, of a baseline) under glyphs and labels
Z_ARROW, Z_BASELINE, Z_GHOST, Z_GLYPH, Z_TOP = 1.0, 1.2, 1.5, 2.0, 4.0
STARTED_W = 7.0  # room before a bar for the "started" triangle

DeadlineMark = Literal["deadline", "target", "commitment"]


def _label_font(bold: bool = False) -> QFont:
    f = QFont()
    f.setPointSizeF(9.0)
    f.setBold(bold)
    return f


def reach(milestone: bool, width: float, label_w: float, marks=()) -> tuple[float, float]:
    """How far a glyph reaches left and right of its x (its bar or diamond, the label
    after it, its deadline's marks at ``marks``, offsets from its x): what it takes of
    its row, so items that share a row never overlap (planner/gui/timeline_layout.py).
    The same at every row height (a diamond is counted at its largest), so the rows
    items share do not change with it."""
    if milestone:
        left, right = -DIAMOND - 3, MILESTONE_LABEL_DX + label_w + 8
    else:
        left, right = -3 - STARTED_W, max(width + 3, width + LABEL_GAP + label_w + 8)
    for dx in marks:
        if dx is not None:
            left, right = min(left, dx - 6), max(right, dx + 6)
    return left, right


def label_dx(milestone: bool, width: float) -> float:
    """Where a glyph's label starts, from its x (after its bar or diamond and the room
    for the link handle)."""
    return MILESTONE_LABEL_DX if milestone else width + LABEL_GAP


def reaches(milestone, width, label_w):
    """``reach`` of many glyphs at once, without marks: numpy arrays of whether each is
    a milestone, its bar's width and its label's, to (left, right) arrays; the same
    numbers as ``reach``, term for term."""
    left = np.where(milestone, -DIAMOND - 3, -3 - STARTED_W)
    right = np.where(
        milestone,
        MILESTONE_LABEL_DX + label_w + 8,
        np.maximum(width + 3, width + LABEL_GAP + label_w + 8),
    )
    return left, right


def paint_shape(painter, milestone: bool, width: float, m: RowMetrics) -> None:
    """A milestone's diamond or a task's bar in a row of ``m``, in the painter's current
    pen and brush."""
    if milestone:
        d, mid = m.diamond, m.mid
        painter.drawPolygon(
            QPolygonF([QPointF(0, mid - d), QPointF(d, mid), QPointF(0, mid + d), QPointF(-d, mid)])
        )
    else:
        painter.drawRoundedRect(QRectF(0, m.bar_top, width, m.bar_h), 3, 3)


def label_width(text: str) -> float:
    """The room a glyph's label takes (its text at the label font, and a margin)."""
    if ItemGlyph.metrics is None:
        ItemGlyph.load_fonts()
    return ItemGlyph.metrics.horizontalAdvance(text) + 4 if text else 0.0


class ItemGlyph(QGraphicsItem):
    """A task bar or a milestone diamond with its label and deadline marker."""

    font: QFont | None = None
    metrics: QFontMetricsF | None = None
    warning_font: QFont | None = None
    warning_metrics: QFontMetricsF | None = None

    def __init__(
        self, item_id: str, milestone: bool, color: str, index: int = -1,
        layer: ArrowLayer | None = None,
    ) -> None:  # fmt: skip
        super().__init__()
        if ItemGlyph.font is None:
            ItemGlyph.load_fonts()
        self.item_id = item_id
        self.milestone = milestone
        self.color = QColor(color or "#8C8C8C")
        self.fill = QColor(self.color)
        self.label = ""
        self.label_w = 0.0
        self.warning = ""  # a drag preview's note after the label (a pushed locked date)
        self.warning_w = 0.0
        self.width = 0.0
        self.x0 = self.y0 = 0.0  # scene position, kept in Python for cheap arrow geometry
        self.deadline_dx: float | None = None
        self.target_dx: float | None = None  # a stakeholder's target, from x0
        self.commitment_dx: float | None = None  # the team's commitment, from x0
        self.critical = self.late = self.done = self.locked = False
        self.progress = 0  # percent done, drawn as a darker part from the bar's start
        self.started = False  # in progress: the triangle before its actual start
        self.late_end = False  # finished (or still running) past its deadline: red end
        self.selected = self.hovered = self.dragging = False
        self.collapsed = False  # in a collapsed lane: a thin tick, no label, not hit
        self.index, self.layer = index, layer  # plan position: node ``index`` of ``layer``
        self.rows = DEFAULT_ROWS  # the geometry of its row (set by the scene before placing)
        self._rect = QRectF()
        self.setZValue(Z_GLYPH)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, False)

    @staticmethod
    def load_fonts() -> None:
        ItemGlyph.font = _label_font()
        ItemGlyph.metrics = QFontMetricsF(ItemGlyph.font)
        ItemGlyph.warning_font = _label_font(bold=True)
        ItemGlyph.warning_metrics = QFontMetricsF(ItemGlyph.warning_font)

    # -- state from the scene -------------------------------------------------------
    def set_label(self, text: str, width: float | None = None) -> None:
        """``width``: the label's, when the caller measured it (``label_width``)."""
        self.label = text
        self.label_w = label_width(text) if width is None else width

    def set_warning(self, text: str) -> None:
        """Show ``text`` in red after the label (drag previews); "" removes it."""
        if text == self.warning:
            return
        self.prepareGeometryChange()
        self.warning = text
        self.warning_w = ItemGlyph.warning_metrics.horizontalAdvance(text) + 4 if text else 0.0
        self._rect = self._bounds()
        self.update()

    def set_geometry(
        self, x0: float, x1: float, y: float, deadline_x: float | None, arrows: bool = True,
        target_x: float | None = None, commitment_x: float | None = None,
    ) -> None:  # fmt: skip
        """Bar from x0 to x1 (a milestone: its point x0) in the row whose top is y, its
        deadline, target and commitment marks at their x (None: none). Its anchors go to
        the arrow layer; ``arrows=False`` leaves re-routing its arrows to the caller (bulk
        layouts refresh the layer once)."""
        self.prepareGeometryChange()
        self.width = 0.0 if self.milestone else max(x1 - x0, 2.0)
        self.deadline_dx = None if deadline_x is None else deadline_x - x0
        self.target_dx = None if target_x is None else target_x - x0
        self.commitment_dx = None if commitment_x is None else commitment_x - x0
        self.x0, self.y0 = x0, y
        self.setPos(x0, y)
        self._rect = self._bounds()
        if self.layer is not None:
            (sx, y), (ex, _) = self.anchor_xy(False), self.anchor_xy(True)
            self.layer.move_node(self.index, sx, ex, y, refresh=arrows)

    def move_x(self, x0: float, x1: float) -> None:
        """Keep the row and the deadline's marks, move the bar (used while dragging)."""
        dl, target, committed = (
            None if dx is None else self.x0 + dx
            for dx in (self.deadline_dx, self.target_dx, self.commitment_dx)
        )
        self.set_geometry(x0, x1, self.y0, dl, True, target, committed)

    def move_y(self, y: float, arrows: bool = True) -> None:
        """Keep the bar and the marks, move to the row whose top is y (a lane packed
        again); ``arrows`` as for ``set_geometry``."""
        if y != self.y0:
            self._set_y(y, arrows)

    def _set_y(self, y: float, arrows: bool) -> None:
        self.y0 = y
        self.setPos(self.x0, y)
        if self.layer is not None:
            (sx, ay), (ex, _) = self.anchor_xy(False), self.anchor_xy(True)
            self.layer.move_node(self.index, sx, ex, ay, refresh=arrows)

    def set_collapsed(self, collapsed: bool) -> None:
        """Drawn as a thin tick in its lane's one row (no label, nothing to grab)."""
        if collapsed != self.collapsed:
            self.prepareGeometryChange()
            self.collapsed = collapsed
            self._rect = self._bounds()
            self.update()

    def span(self) -> tuple[float, float]:
        """The scene x it takes of its row, from its bar's left to its label's end."""
        left, right = reach(self.milestone, self.width, self.label_w,
                            (self.deadline_dx, self.target_dx, self.commitment_dx))  # fmt: skip
        return self.x0 + left, self.x0 + right

    def set_rows(self, rows: RowMetrics, y: float) -> None:
        """Rows of another height: drawn in ``rows``, in the row whose top is y (the
        caller refreshes the arrow layer)."""
        self.prepareGeometryChange()
        self.rows = rows
        self._rect = self._bounds()
        self._set_y(y, arrows=False)

    def _bounds(self) -> QRectF:
        m = self.rows
        if self.collapsed:
            d = TICK_H
            return QRectF(-d - 1, m.mid - d - 1, self.width + 2 * d + 2, 2 * d + 2)
        if self.milestone:
            d = m.diamond  # (room for a locked one's pin, wherever it is set)
            r = QRectF(-d - 3, m.mid - d - 3, 2 * d + 6, 2 * d + 6).united(self._pin_rect())
        else:
            r = QRectF(-3 - STARTED_W, m.bar_top - 3, self.width + 6 + STARTED_W, m.bar_h + 6)
        r = r.united(QRectF(self.label_x(), 0, self.label_w + self.warning_w + 8, m.h))
        for dx in (self.deadline_dx, self.target_dx, self.commitment_dx):
            if dx is not None:
                r = r.united(QRectF(dx - 6, 0, 12, m.h))
        return r

    def shown_marks(self) -> list[tuple[DeadlineMark, float]]:
        """The deadline's marks drawn, top one first, each with its x from the glyph: a
        target or commitment on the same day as one above it is not drawn again."""
        out: list[tuple[DeadlineMark, float]] = []
        marks = (("deadline", self.deadline_dx), ("target", self.target_dx),
                 ("commitment", self.commitment_dx))  # fmt: skip
        for kind, dx in marks:
            if dx is not None and all(abs(dx - x) > 0.5 for _, x in out):
                out.append((kind, dx))  # type: ignore[arg-type]  # the names above
        return out

    def mark_at(self, scene_pos: QPointF) -> DeadlineMark | None:
        """Which of the deadline's marks is under a scene point (the nearest), if any."""
        p = self.mapFromScene(scene_pos)
        if not 0 <= p.y() <= self.rows.h:
            return None
        near = [(abs(p.x() - dx), kind) for kind, dx in self.shown_marks()]
        near = [(d, kind) for d, kind in near if d <= MARK_HIT]
        return min(near)[1] if near else None

    def label_x(self) -> float:
        return label_dx(self.milestone, self.width)

    def label_end(self) -> float:
        """Where its label (and a drag preview's note after it) ends, from its x; 0
        without a label: what a forecast's chance stands after when they meet."""
        return self.label_x() + self.label_w + self.warning_w + 4 if self.label else 0.0

    def label_rect(self) -> QRectF:
        """The label's backing, from the glyph's position (empty without a label)."""
        if not self.label or self.collapsed:
            return QRectF()
        h = self.rows.label_h
        return QRectF(self.label_x() - 2, self.rows.mid - h / 2, self.label_w, h)

    def end_x(self) -> float:
        """Scene x of the finish (a milestone: its point)."""
        return self.x0 + self.width

    def anchor_xy(self, at_end: bool) -> tuple[float, float]:
        mid = self.y0 + self.rows.mid
        if self.milestone:
            d = self.rows.diamond
            return self.x0 + (d if at_end else -d), mid
        return self.x0 + (self.width if at_end else 0.0), mid

    def anchor(self, at_end: bool) -> QPointF:
        return QPointF(*self.anchor_xy(at_end))

    def zone_at(self, scene_pos: QPointF) -> str | None:
        """'link' (the handle after the end), 'end' (resize edge), 'body', or None."""
        p, m = self.mapFromScene(scene_pos), self.rows
        if self.collapsed or not 0 <= p.y() <= m.h:
            return None
        hx = self.handle_center().x()
        if abs(p.x() - hx) <= HANDLE_R + 2 and abs(p.y() - m.mid) <= HANDLE_R + 3:
            return "link"
        if self.milestone:
            return "body" if abs(p.x()) <= m.diamond + 1 else None
        if self.width - RESIZE_ZONE <= p.x() <= self.width + 1 and self.width > 3 * RESIZE_ZONE:
            return "end"
        if -1 <= p.x() <= self.width + 1:
            return "body"
        if self.label_x() <= p.x() <= self.label_x() + self.label_w:
            return "body"
        return None

    # -- Qt -----------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter, option, widget=None) -> None:
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        if self.collapsed:
            self._paint_tick(painter)
            return
        fill = QColor(self.color)
        if self.done:
            fill = fill.lighter(150)
        outline = fill.darker(135)
        width = 1.0
        if self.critical:
            outline, width = CRITICAL, 2.0
        if self.late:
            outline, width = LATE, 2.4
        if self.selected:
            outline, width = SELECT, 2.6
        if self.dragging:
            fill.setAlpha(200)
        m = self.rows
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(fill))
        paint_shape(painter, self.milestone, self.width, m)
        if self.progress > 0 and not self.done and not self.milestone:
            self._paint_progress(painter, fill)
        painter.setPen(QPen(outline, width))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        paint_shape(painter, self.milestone, self.width, m)
        if self.done:
            self._paint_check(painter)
        if self.started and not self.milestone:
            self._paint_started(painter)
        if self.late_end:
            self._paint_late_end(painter)
        if self.locked:
            self._paint_pin(painter)
        if self.commitment_dx is not None or self.target_dx is not None:
            self._paint_negotiated(painter)
        if self.deadline_dx is not None:
            self._paint_deadline(painter)
        if self.label:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(LABEL_BG))
            painter.drawRoundedRect(self.label_rect(), 3, 3)
            painter.setFont(ItemGlyph.font)
            painter.setPen(LATE if self.late else (MUTED if self.done else TEXT))
            painter.drawText(
                QRectF(self.label_x(), 0, self.label_w + 4, m.h),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                self.label,
            )
        if self.warning:
            painter.setFont(ItemGlyph.warning_font)
            painter.setPen(LATE)
            painter.drawText(
                QRectF(self.label_x() + self.label_w + 4, 0, self.warning_w + 4, m.h),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                self.warning,
            )
        if self.selected or self.hovered:  # over everything of its own: always grabbable
            painter.setPen(QPen(SELECT, 1.4))
            painter.setBrush(QBrush(QColor("white")))
            painter.drawEllipse(self.handle_center(), HANDLE_R, HANDLE_R)

    def handle_center(self) -> QPointF:
        """The link handle's centre, from the glyph's position: just after the bar's end
        or the diamond's tip, clear of the label."""
        m = self.rows
        return QPointF((m.diamond if self.milestone else self.width) + HANDLE_R + 3, m.mid)

    def _paint_tick(self, painter) -> None:
        """In a collapsed lane: a thin bar (a small diamond for a milestone)."""
        fill = QColor(LATE if self.late else self.color)
        if self.done:
            fill = fill.lighter(150)
        painter.setPen(QPen(fill.darker(130), 0.8))
        painter.setBrush(QBrush(fill))
        d, mid = TICK_H, self.rows.mid
        if self.milestone:
            points = [QPointF(0, mid - d), QPointF(d, mid), QPointF(0, mid + d), QPointF(-d, mid)]
            painter.drawPolygon(QPolygonF(points))
        else:
            painter.drawRoundedRect(QRectF(0, mid - d / 2, self.width, d), 1.5, 1.5)

    def _paint_progress(self, painter, fill: QColor) -> None:
        """The done part: the bar's first ``progress`` percent, darker."""
        done_w = self.width * min(self.progress, 100) / 100
        painter.save()
        painter.setClipRect(QRectF(-1, 0, done_w + 1, self.rows.h))
        painter.setBrush(QBrush(fill.darker(150)))
        paint_shape(painter, False, self.width, self.rows)
        painter.restore()

    def _paint_check(self, painter) -> None:
        """A check mark: inside the bar near its end (a milestone: in its diamond)."""
        cx = self.width - 8 if self.width >= 18 else self.width / 2
        if self.milestone:
            cx = 0.0
        pen = QPen(PROGRESS_MARK, 2.0)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        mid = self.rows.mid
        points = ((cx - 4, mid), (cx - 1.2, mid + 3), (cx + 4, mid - 3.5))
        painter.drawPolyline(QPolygonF([QPointF(x, y) for x, y in points]))

    def _paint_started(self, painter) -> None:
        """A small triangle pointing at the bar's start: it started there (actually)."""
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(PROGRESS_MARK))
        x, mid = -2.0, self.rows.mid
        painter.drawPolygon(
            QPolygonF([QPointF(x - 5, mid - 4.5), QPointF(x, mid), QPointF(x - 5, mid + 4.5)])
        )

    def _paint_late_end(self, painter) -> None:
        """A red bar across the finish: it ended, or is still running, past its deadline."""
        m = self.rows
        x = m.diamond + 1 if self.milestone else self.width
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(LATE))
        painter.drawRect(QRectF(x - 1.5, m.bar_top - 3, 3.5, m.bar_h + 6))

    def _pin_rect(self) -> QRectF:
        """A locked item's pin: at its bar's start, or just before its diamond."""
        x = -self.rows.diamond - 4 if self.milestone else 0.0
        return QRectF(x - 1.5, self.rows.bar_top - 3, 3, self.rows.bar_h + 6)

    def _paint_pin(self, painter) -> None:
        """A small dark bar at the start: a fixed (locked) date."""
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(TEXT))
        painter.drawRect(self._pin_rect())

    def _paint_deadline(self, painter) -> None:
        x = self.deadline_dx
        color = LATE if self.late or self.late_end else DEADLINE_OK
        painter.setPen(QPen(color, 1.6))
        painter.drawLine(QPointF(x, 2), QPointF(x, self.rows.h - 2))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(color))
        painter.drawPolygon(QPolygonF([QPointF(x - 5, 1), QPointF(x + 5, 1), QPointF(x, 8)]))

    def _paint_negotiated(self, painter) -> None:
        """The commitment (a dashed tick across the row) and the target (a hollow
        triangle on a dashed line), under the deadline's solid mark; one on the
        deadline's day is left to it."""
        shown = dict(self.shown_marks())
        x = shown.get("commitment")
        if x is not None:
            pen = QPen(COMMITMENT, 1.6, Qt.PenStyle.CustomDashLine)
            pen.setDashPattern([2.0, 1.5])
            painter.setPen(pen)
            painter.drawLine(QPointF(x, 1), QPointF(x, self.rows.h - 1))
        x = shown.get("target")
        if x is not None:
            pen = QPen(TARGET, 1.2, Qt.PenStyle.CustomDashLine)
            pen.setDashPattern([2.5, 2.0])
            painter.setPen(pen)
            painter.drawLine(QPointF(x, 8.5), QPointF(x, self.rows.h - 2))
            painter.setPen(QPen(TARGET, 1.5))
            painter.setBrush(QBrush(CANVAS))
            painter.drawPolygon(
                QPolygonF([QPointF(x - 4.5, 1.5), QPointF(x + 4.5, 1.5), QPointF(x, 8.5)])
            )


class GhostGlyph(QGraphicsItem):
    """Where an item would land if the drag were dropped now (dashed); red when that
    breaks its deadline. The scene keeps a pool of these and reuses them.

    A ghost pushed a little lands on its own item's label (which follows the bar it
    stands for): it leaves the label's columns out, so the label reads as it did and the
    dashed outline runs up to it on either side."""

    def __init__(self) -> None:
        super().__init__()
        self.milestone = False
        self.width = 0.0
        self.breaks = False
        self.color = QColor("#8C8C8C")
        self.item_id: str | None = None
        self.rows = DEFAULT_ROWS
        self._rect = QRectF()
        self.hole = QRectF()  # the columns of the item's label, from the ghost: not painted
        self.setZValue(Z_GHOST)

    def show_at(self, item_id: str, x0: float, x1: float, y: float, milestone: bool,
                color: QColor, breaks: bool, label: QRectF | None = None,
                rows: RowMetrics = DEFAULT_ROWS) -> None:  # fmt: skip
        """``label``: the item's label backing in scene coordinates, left unpainted;
        ``rows``: the geometry of the row it is drawn in (its item's)."""
        self.prepareGeometryChange()
        self.item_id, self.milestone, self.color, self.breaks = item_id, milestone, color, breaks
        self.rows = m = rows
        self.width = 0.0 if milestone else max(x1 - x0, 2.0)
        if milestone:
            d = m.diamond
            self._rect = QRectF(-d - 3, m.mid - d - 3, 2 * d + 6, 2 * d + 6)
        else:
            self._rect = QRectF(-3, m.bar_top - 3, self.width + 6, m.bar_h + 6)
        hole = QRectF() if label is None else label.translated(-x0, -y)
        if hole.intersects(self._rect):  # the label's columns, the pen's width included
            self.hole = QRectF(hole.left(), self._rect.top(), hole.width(), self._rect.height())
        else:
            self.hole = QRectF()
        self.setPos(x0, y)
        self.setVisible(True)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter, option, widget=None) -> None:
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        color = LATE if self.breaks else edge(self.color)
        pen = QPen(color, 2.0 if self.breaks else 1.6, Qt.PenStyle.DashLine)
        fill = QColor(LATE if self.breaks else self.color)
        fill.setAlpha(70)
        painter.save()  # the clip must not outlive this paint (the scene shares the painter)
        if not self.hole.isEmpty():
            keep, hole = QPainterPath(), QPainterPath()
            keep.addRect(self._rect)
            hole.addRect(self.hole)
            painter.setClipPath(keep.subtracted(hole), Qt.ClipOperation.IntersectClip)
        painter.setPen(pen)
        painter.setBrush(QBrush(fill))
        paint_shape(painter, self.milestone, self.width, self.rows)
        painter.restore()


class BaselineGhost(QGraphicsItem):
    """Where an item was in the chosen baseline, drawn under it in its row: a faint bar
    below the item's own bar (a hollow dashed diamond for a milestone), so where it was
    and where it is now can be told apart even when they overlap."""

    def __init__(self, item_id: str, milestone: bool) -> None:
        super().__init__()
        self.item_id, self.milestone = item_id, milestone
        self.width = 0.0
        self.x0 = 0.0
        self.rows = DEFAULT_ROWS
        self._rect = QRectF()
        self.setZValue(Z_BASELINE)

    def place(self, x0: float, x1: float, y: float, rows: RowMetrics = DEFAULT_ROWS) -> None:
        """From x0 to x1 (a milestone: its point x0) in the row whose top is y, of
        ``rows`` (its item's)."""
        self.prepareGeometryChange()
        self.x0, self.rows, m = x0, rows, rows
        self.width = 0.0 if self.milestone else max(x1 - x0, 2.0)
        if self.milestone:
            d = m.diamond
            self._rect = QRectF(-d - 2, m.mid - d - 2, 2 * d + 4, 2 * d + 4)
        else:
            self._rect = QRectF(-1, m.baseline_top - 1, self.width + 2, m.baseline_h + 2)
        self.setPos(x0, y)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter, option, widget=None) -> None:
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        edge = QColor(BASELINE)
        edge.setAlpha(200)
        pen = QPen(edge, 1.2, Qt.PenStyle.DashLine if self.milestone else Qt.PenStyle.SolidLine)
        painter.setPen(pen)
        if self.milestone:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            paint_shape(painter, True, 0.0, self.rows)
            return
        fill = QColor(BASELINE)
        fill.setAlpha(70)
        painter.setBrush(QBrush(fill))
        m = self.rows
        painter.drawRoundedRect(QRectF(0, m.baseline_top, self.width, m.baseline_h), 1.5, 1.5)
