"""Graphics items of the timeline: item glyphs (bars and diamonds), drag ghosts and
the layer that draws every dependency arrow.

Each glyph is an adapter over one plan item: the scene gives it plain values (dates
already turned into x, flags for critical/late/selected) and it paints them. Nothing
here reads the session; bounding rects are cached so a 10k-item scene stays cheap.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

from planner.gui.timeline_layout import BAR_H, ROW_H, arrow_boxes, arrow_route

MID = ROW_H / 2
BAR_TOP = (ROW_H - BAR_H) / 2
DIAMOND = 8.0  # half-size of a milestone diamond
HANDLE_R = 4.5
LABEL_GAP = 16.0  # room between a bar's end and its label, for the link handle
RESIZE_ZONE = 6.0

LATE = QColor("#C62828")
CRITICAL = QColor("#7A1010")
SELECT = QColor("#1565C0")
TEXT = QColor("#1F2328")
MUTED = QColor("#6E7781")
DEADLINE_OK = QColor("#57606A")
ARROW = QColor("#8A939C")
ARROW_PEN, STRONG_PEN = QPen(ARROW, 1.1), QPen(CRITICAL, 1.6)  # strong: both ends critical
ARROW_BRUSH, STRONG_BRUSH = QBrush(ARROW), QBrush(CRITICAL)

Z_ARROW, Z_GHOST, Z_GLYPH, Z_TOP = 1.0, 1.5, 2.0, 4.0  # ghosts under glyphs and labels


def _label_font(bold: bool = False) -> QFont:
    f = QFont()
    f.setPointSizeF(9.0)
    f.setBold(bold)
    return f


def paint_shape(painter, milestone: bool, width: float) -> None:
    """A milestone's diamond or a task's bar, in the painter's current pen and brush."""
    if milestone:
        d = DIAMOND
        painter.drawPolygon(
            QPolygonF([QPointF(0, MID - d), QPointF(d, MID), QPointF(0, MID + d), QPointF(-d, MID)])
        )
    else:
        painter.drawRoundedRect(QRectF(0, BAR_TOP, width, BAR_H), 3, 3)


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
            ItemGlyph.font = _label_font()
            ItemGlyph.metrics = QFontMetricsF(ItemGlyph.font)
            ItemGlyph.warning_font = _label_font(bold=True)
            ItemGlyph.warning_metrics = QFontMetricsF(ItemGlyph.warning_font)
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
        self.critical = self.late = self.done = self.locked = False
        self.selected = self.hovered = self.dragging = False
        self.index, self.layer = index, layer  # plan position: node ``index`` of ``layer``
        self._rect = QRectF()
        self.setZValue(Z_GLYPH)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, False)

    # -- state from the scene -------------------------------------------------------
    def set_label(self, text: str) -> None:
        self.label = text
        self.label_w = ItemGlyph.metrics.horizontalAdvance(text) + 4 if text else 0.0

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
        self, x0: float, x1: float, y: float, deadline_x: float | None, arrows: bool = True
    ) -> None:
        """Bar from x0 to x1 (a milestone: its point x0) in the row whose top is y.
        Its anchors go to the arrow layer; ``arrows=False`` leaves re-routing its arrows to
        the caller (bulk layouts refresh the layer once)."""
        self.prepareGeometryChange()
        self.width = 0.0 if self.milestone else max(x1 - x0, 2.0)
        self.deadline_dx = None if deadline_x is None else deadline_x - x0
        self.x0, self.y0 = x0, y
        self.setPos(x0, y)
        self._rect = self._bounds()
        if self.layer is not None:
            (sx, y), (ex, _) = self.anchor_xy(False), self.anchor_xy(True)
            self.layer.move_node(self.index, sx, ex, y, refresh=arrows)

    def move_x(self, x0: float, x1: float) -> None:
        """Keep the row and deadline, move the bar (used while dragging)."""
        dl = None if self.deadline_dx is None else self.x0 + self.deadline_dx
        self.set_geometry(x0, x1, self.y0, dl)

    def _bounds(self) -> QRectF:
        if self.milestone:
            r = QRectF(-DIAMOND - 3, MID - DIAMOND - 3, 2 * DIAMOND + 6, 2 * DIAMOND + 6)
        else:
            r = QRectF(-3, BAR_TOP - 3, self.width + 6, BAR_H + 6)
        r = r.united(QRectF(self.label_x(), 0, self.label_w + self.warning_w + 8, ROW_H))
        if self.deadline_dx is not None:
            r = r.united(QRectF(self.deadline_dx - 6, 0, 12, ROW_H))
        return r

    def label_x(self) -> float:
        return (DIAMOND + LABEL_GAP - 4) if self.milestone else self.width + LABEL_GAP

    def end_x(self) -> float:
        """Scene x of the finish (a milestone: its point)."""
        return self.x0 + self.width

    def anchor_xy(self, at_end: bool) -> tuple[float, float]:
        if self.milestone:
            return self.x0 + (DIAMOND if at_end else -DIAMOND), self.y0 + MID
        return self.x0 + (self.width if at_end else 0.0), self.y0 + MID

    def anchor(self, at_end: bool) -> QPointF:
        return QPointF(*self.anchor_xy(at_end))

    def zone_at(self, scene_pos: QPointF) -> str | None:
        """'link' (the handle after the end), 'end' (resize edge), 'body', or None."""
        p = self.mapFromScene(scene_pos)
        if not 0 <= p.y() <= ROW_H:
            return None
        right = DIAMOND if self.milestone else self.width
        hx = right + HANDLE_R + 3
        if abs(p.x() - hx) <= HANDLE_R + 2 and abs(p.y() - MID) <= HANDLE_R + 3:
            return "link"
        if self.milestone:
            return "body" if abs(p.x()) <= DIAMOND + 1 else None
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
        painter.setPen(QPen(outline, width))
        painter.setBrush(QBrush(fill))
        paint_shape(painter, self.milestone, self.width)
        if self.locked and not self.milestone:
            self._paint_pin(painter, 0.0)
        if self.locked and self.milestone:
            self._paint_pin(painter, -DIAMOND - 4)
        if self.deadline_dx is not None:
            self._paint_deadline(painter)
        if self.selected or self.hovered:
            hx = (DIAMOND if self.milestone else self.width) + HANDLE_R + 3
            painter.setPen(QPen(SELECT, 1.4))
            painter.setBrush(QBrush(QColor("white")))
            painter.drawEllipse(QPointF(hx, MID), HANDLE_R, HANDLE_R)
        if self.label:
            painter.setFont(ItemGlyph.font)
            painter.setPen(LATE if self.late else (MUTED if self.done else TEXT))
            painter.drawText(
                QRectF(self.label_x(), 0, self.label_w + 4, ROW_H),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                self.label,
            )
        if self.warning:
            painter.setFont(ItemGlyph.warning_font)
            painter.setPen(LATE)
            painter.drawText(
                QRectF(self.label_x() + self.label_w + 4, 0, self.warning_w + 4, ROW_H),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                self.warning,
            )

    def _paint_pin(self, painter, x: float) -> None:
        """A small dark bar at the start: a fixed (locked) date."""
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(TEXT))
        painter.drawRect(QRectF(x - 1.5, BAR_TOP - 3, 3, BAR_H + 6))

    def _paint_deadline(self, painter) -> None:
        x = self.deadline_dx
        color = LATE if self.late else DEADLINE_OK
        painter.setPen(QPen(color, 1.6))
        painter.drawLine(QPointF(x, 2), QPointF(x, ROW_H - 2))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(color))
        painter.drawPolygon(QPolygonF([QPointF(x - 5, 1), QPointF(x + 5, 1), QPointF(x, 8)]))


class GhostGlyph(QGraphicsItem):
    """Where an item would land if the drag were dropped now (dashed); red when that
    breaks its deadline. The scene keeps a pool of these and reuses them."""

    def __init__(self) -> None:
        super().__init__()
        self.milestone = False
        self.width = 0.0
        self.breaks = False
        self.color = QColor("#8C8C8C")
        self.item_id: str | None = None
        self._rect = QRectF()
        self.setZValue(Z_GHOST)

    def show_at(self, item_id: str, x0: float, x1: float, y: float, milestone: bool,
                color: QColor, breaks: bool) -> None:  # fmt: skip
        self.prepareGeometryChange()
        self.item_id, self.milestone, self.color, self.breaks = item_id, milestone, color, breaks
        self.width = 0.0 if milestone else max(x1 - x0, 2.0)
        if milestone:
            self._rect = QRectF(-DIAMOND - 3, MID - DIAMOND - 3, 2 * DIAMOND + 6, 2 * DIAMOND + 6)
        else:
            self._rect = QRectF(-3, BAR_TOP - 3, self.width + 6, BAR_H + 6)
        self.setPos(x0, y)
        self.setVisible(True)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter, option, widget=None) -> None:
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        color = LATE if self.breaks else self.color.darker(150)
        pen = QPen(color, 2.0 if self.breaks else 1.6, Qt.PenStyle.DashLine)
        fill = QColor(LATE if self.breaks else self.color)
        fill.setAlpha(70)
        painter.setPen(pen)
        painter.setBrush(QBrush(fill))
        paint_shape(painter, self.milestone, self.width)


class ArrowLayer(QGraphicsItem):
    """Every dependency arrow of the scene, in one item (a 10k plan has ~30k of them).

    Edge k runs from node ``pred[k]`` to node ``succ[k]`` (plan positions), leaving the
    side its type binds (FS: pred's finish to succ's start, SS: start to start, FF:
    finish to finish, SF: start to finish). Nodes hold the anchors their glyphs push
    (``move_node``); edges hold their routing inputs (ax, ay, bx, by), a padded bounding
    box and ``strong`` (both ends critical) in arrays. ``paint`` routes and draws only the
    edges whose box meets the exposed rect; moving a node re-routes its edges and
    repaints the union of their old and new boxes."""

    def __init__(self, n_nodes: int = 0) -> None:
        super().__init__()
        self.sx, self.ex, self.ny = np.zeros(n_nodes), np.zeros(n_nodes), np.zeros(n_nodes)
        self._rect = QRectF()
        self.set_edges(np.zeros(0, np.intp), np.zeros(0, np.intp), [])
        self.setZValue(Z_ARROW)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)

    def set_edges(self, pred: np.ndarray, succ: np.ndarray, types: list[str]) -> None:
        """The edges (node positions and FS/SS/FF/SF types); routes them all."""
        kinds = np.array(types, dtype="<U2")
        self.pred, self.succ = pred, succ
        self.from_end = (kinds == "FS") | (kinds == "FF")
        self.to_end = (kinds == "FF") | (kinds == "SF")
        self.strong = np.zeros(len(pred), bool)
        nodes = np.concatenate([pred, succ])
        order = np.argsort(nodes, kind="stable")
        self._adj = np.tile(np.arange(len(pred)), 2)[order]  # edge ids grouped by node
        self._ptr = np.searchsorted(nodes[order], np.arange(len(self.sx) + 1))
        self.refresh()

    def move_node(self, i: int, start_x: float, end_x: float, y: float, refresh: bool) -> None:
        """Node i's anchors moved; ``refresh`` re-routes its edges now (else the caller
        refreshes in bulk)."""
        self.sx[i], self.ex[i], self.ny[i] = start_x, end_x, y
        if refresh:
            self.refresh(self._adj[self._ptr[i] : self._ptr[i + 1]])

    def edges_of(self, nodes) -> np.ndarray:
        """Ids of the edges touching any of ``nodes``."""
        hit = np.zeros(len(self.sx), bool)
        hit[np.asarray(nodes, np.intp)] = True
        return np.flatnonzero(hit[self.pred] | hit[self.succ])

    def refresh(self, ks: np.ndarray | None = None) -> None:
        """Re-route edges ``ks`` (all if None) from their nodes' anchors."""
        if ks is None:
            p, s = self.pred, self.succ
            self.ax = np.where(self.from_end, self.ex[p], self.sx[p])
            self.bx = np.where(self.to_end, self.ex[s], self.sx[s])
            self.ay, self.by = self.ny[p], self.ny[s]
            self.box = np.array(arrow_boxes(self.ax, self.ay, self.bx, self.by, self.to_end))
            self.prepareGeometryChange()
            self._rect = self._union(slice(None)) or QRectF()
            self.update()
            return
        if not len(ks):
            return
        old = self._union(ks)
        p, s = self.pred[ks], self.succ[ks]
        self.ax[ks] = np.where(self.from_end[ks], self.ex[p], self.sx[p])
        self.bx[ks] = np.where(self.to_end[ks], self.ex[s], self.sx[s])
        self.ay[ks], self.by[ks] = self.ny[p], self.ny[s]
        self.box[:, ks] = arrow_boxes(self.ax[ks], self.ay[ks], self.bx[ks], self.by[ks],
                                      self.to_end[ks])  # fmt: skip
        new = self._union(ks)
        if not self._rect.contains(new):
            self.prepareGeometryChange()
            self._rect = self._rect.united(new)
        self.update(old.united(new))

    def set_strong(self, critical: np.ndarray) -> None:
        """Draw the edges whose two ends are critical in dark red (``critical`` by node)."""
        strong = critical[self.pred] & critical[self.succ]
        changed = np.flatnonzero(strong != self.strong)
        self.strong = strong
        if len(changed):
            self.update(self._union(changed))

    def _union(self, ks) -> QRectF | None:
        box = self.box[:, ks]
        if not box.size:
            return None
        left, top = float(box[0].min()), float(box[1].min())
        return QRectF(left, top, float(box[2].max()) - left, float(box[3].max()) - top)

    def edges_in(self, rect: QRectF) -> np.ndarray:
        """Ids of the edges whose box meets ``rect``, in edge order."""
        left, top, right, bottom = self.box
        return np.flatnonzero(
            (left <= rect.right()) & (right >= rect.left())
            & (top <= rect.bottom()) & (bottom >= rect.top())
        )  # fmt: skip

    def route(self, k: int) -> tuple[tuple[tuple[float, float], ...], int]:
        """Edge k's polyline as drawn and its head's direction (+1 right, -1 left)."""
        return arrow_route(float(self.ax[k]), float(self.ay[k]), float(self.bx[k]),
                           float(self.by[k]), bool(self.to_end[k]))  # fmt: skip

    # -- Qt -----------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter, option, widget=None) -> None:
        rect = option.exposedRect  # the view's exposed area; scene.render() only clips
        if painter.hasClipping():
            rect = rect.intersected(painter.clipBoundingRect())
        ks = self.edges_in(rect)
        if not len(ks):
            return
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        cols = (self.ax, self.ay, self.bx, self.by, self.to_end, self.strong)
        for ax, ay, bx, by, to_end, strong in zip(*(c[ks].tolist() for c in cols), strict=True):
            pts, direction = arrow_route(ax, ay, bx, by, to_end)
            painter.setPen(STRONG_PEN if strong else ARROW_PEN)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline([QPointF(x, y) for x, y in pts])
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(STRONG_BRUSH if strong else ARROW_BRUSH)
            tx, ty = pts[-1]
            back = -5.0 * direction
            painter.drawPolygon(
                QPolygonF([QPointF(tx, ty), QPointF(tx + back, ty - 3.5),
                           QPointF(tx + back, ty + 3.5)])
            )  # fmt: skip
