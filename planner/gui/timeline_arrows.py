"""The arrow layer: every dependency arrow of the timeline in one graphics item.

It also finds the arrow under the mouse (``edge_at``: the boxes sieve 30k edges, then
the distance to the candidates' segments decides, both in numpy) and draws the
selected and the hovered arrow highlighted (``set_marks``). A link between two items
of one collapsed lane is neither drawn nor found (``set_folded``): both its ends sit on
the lane's one thin row, where its arrow would only be a small loop."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

from planner.gui.timeline_items import (
    ARROW_BRUSH,
    ARROW_PEN,
    SELECT,
    STRONG_BRUSH,
    STRONG_PEN,
    Z_ARROW,
)
from planner.gui.timeline_layout import (
    ROW_H,
    arrow_boxes,
    arrow_points,
    arrow_route,
    nearest_route,
)

# How near an arrow's line the mouse finds it. Scene pixels are the screen's at every
# zoom (a zoom widens the days, never scales the view), so this is 6 px on screen. A
# glyph under the mouse is asked first (TimelineView), so a bar or label an arrow
# passes near still picks its item.
LINK_HIT = 6.0
SELECTED_PEN, HOVER_PEN = QPen(SELECT, 2.6), QPen(SELECT.lighter(130), 2.0)
SELECTED_BRUSH = QBrush(SELECT)


class ArrowLayer(QGraphicsItem):
    """Every dependency arrow of the scene, in one item (a 10k plan has ~30k of them).

    Edge k runs from node ``pred[k]`` to node ``succ[k]`` (plan positions), leaving the
    side its type binds (FS: pred's finish to succ's start, SS: start to start, FF:
    finish to finish, SF: start to finish). Nodes hold the anchors their glyphs push
    (``move_node``); edges hold their routing inputs (ax, ay, bx, by), a padded bounding
    box and ``strong`` (both ends critical) in arrays. ``paint`` routes and draws only the
    edges whose box meets the exposed rect; moving a node re-routes its edges and
    repaints the union of their old and new boxes. ``hidden`` edges (both ends in one
    collapsed lane) are left out of painting and hits. An arrow going round passes
    between rows ``row_h`` tall (the scene's, ``set_row_height``)."""

    def __init__(self, n_nodes: int = 0, row_h: float = ROW_H) -> None:
        super().__init__()
        self.row_h = row_h
        self.sx, self.ex, self.ny = np.zeros(n_nodes), np.zeros(n_nodes), np.zeros(n_nodes)
        self.fold = np.full(n_nodes, -1, np.intp)  # per node: its collapsed lane, or -1
        self._rect = QRectF()
        self.selected = self.hovered = -1  # edges drawn highlighted (-1: none)
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
        self.hidden = self._hidden()
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
            self.box = np.array(
                arrow_boxes(self.ax, self.ay, self.bx, self.by, self.to_end, self.row_h)
            )
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
                                      self.to_end[ks], self.row_h)  # fmt: skip
        new = self._union(ks)
        if not self._rect.contains(new):
            self.prepareGeometryChange()
            self._rect = self._rect.united(new)
        self.update(old.united(new))

    def set_folded(self, fold: np.ndarray) -> None:
        """Per node, the collapsed lane it sits in (any number; -1: none). The edges with
        both ends in one collapsed lane are hidden."""
        self.fold = fold
        hidden = self._hidden()
        changed = np.flatnonzero(hidden != self.hidden)
        self.hidden = hidden
        if len(changed):
            self.update(self._union(changed))
        if 0 <= self.hovered < len(hidden) and hidden[self.hovered]:
            self.set_marks(self.selected, -1)  # (the selection is the links feature's)

    def is_hidden(self, k: int) -> bool:
        """Whether edge k is not drawn (both its ends in one collapsed lane)."""
        return 0 <= k < len(self.hidden) and bool(self.hidden[k])

    def _hidden(self) -> np.ndarray:
        if len(self.fold) != len(self.sx):  # not told yet: nothing is folded
            return np.zeros(len(self.pred), bool)
        lane = self.fold[self.pred]
        return (lane >= 0) & (lane == self.fold[self.succ])

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
        """Ids of the edges shown whose box meets ``rect``, in edge order."""
        left, top, right, bottom = self.box
        return np.flatnonzero(
            (left <= rect.right()) & (right >= rect.left())
            & (top <= rect.bottom()) & (bottom >= rect.top()) & ~self.hidden
        )  # fmt: skip

    def edge_at(self, x: float, y: float, tol: float = LINK_HIT) -> int | None:
        """The edge shown whose drawn line passes nearest (x, y), within ``tol`` pixels,
        or None (also while the layer is hidden)."""
        if not self.isVisible() or not len(self.pred):
            return None
        left, top, right, bottom = self.box
        ks = np.flatnonzero(
            (left <= x + tol) & (right >= x - tol) & (top <= y + tol) & (bottom >= y - tol)
            & ~self.hidden
        )  # fmt: skip
        if not len(ks):
            return None
        xs, ys = arrow_points(self.ax[ks], self.ay[ks], self.bx[ks], self.by[ks],
                              self.to_end[ks], self.row_h)  # fmt: skip
        d = nearest_route(xs, ys, x, y)
        best = int(np.argmin(d))
        return int(ks[best]) if d[best] <= tol else None

    def set_marks(self, selected: int, hovered: int) -> None:
        """Highlight edge ``selected`` (strongly) and ``hovered``; -1 for none."""
        old = {self.selected, self.hovered} - {-1}
        self.selected, self.hovered = selected, hovered
        ks = [k for k in old | {selected, hovered} if 0 <= k < len(self.pred)]
        if ks:
            self.update(self._union(ks))

    def route(self, k: int) -> tuple[tuple[tuple[float, float], ...], int]:
        """Edge k's polyline as drawn and its head's direction (+1 right, -1 left)."""
        return arrow_route(float(self.ax[k]), float(self.ay[k]), float(self.bx[k]),
                           float(self.by[k]), bool(self.to_end[k]), self.row_h)  # fmt: skip

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
        row_h = self.row_h
        for ax, ay, bx, by, to_end, strong in zip(*(c[ks].tolist() for c in cols), strict=True):
            pts, direction = arrow_route(ax, ay, bx, by, to_end, row_h)
            _draw(painter, pts, direction, *((STRONG_PEN, STRONG_BRUSH) if strong else
                                              (ARROW_PEN, ARROW_BRUSH)))  # fmt: skip
        for k, pen in ((self.hovered, HOVER_PEN), (self.selected, SELECTED_PEN)):
            if 0 <= k < len(self.pred) and k in ks:
                pts, direction = self.route(k)
                _draw(painter, pts, direction, pen, SELECTED_BRUSH)


def _draw(painter, pts, direction: int, pen: QPen, brush: QBrush) -> None:
    """One arrow: its polyline, and its head at the last point."""
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPolyline([QPointF(x, y) for x, y in pts])
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(brush)
    tx, ty = pts[-1]
    back = -5.0 * direction
    painter.drawPolygon(
        QPolygonF([QPointF(tx, ty), QPointF(tx + back, ty - 3.5), QPointF(tx + back, ty + 3.5)])
    )
