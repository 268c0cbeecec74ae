"""The timeline view: zoom, pan, the sticky time header and lane names, mouse drags and
keyboard nudges over a TimelineScene.

The header (months or quarters, sprint names), the team names and the today line are
painted in ``drawForeground`` in viewport coordinates, so they stay put while the plan
scrolls under them. The view never edits the plan: it emits ``edit_requested`` with
the edit a drop stands for and ``nudge_requested`` for arrow keys. An arrow under the
mouse (and no glyph) is drawn hovered; a click or a right-click on it emits
``link_clicked`` / ``link_menu_requested`` (planner/gui/links_feature.py).

Several items can be selected (planner/gui/timeline_selection.py): Ctrl+click emits
``item_toggled``, Shift+drag or Ctrl+drag on empty space draws a rubber band and emits
``items_banded`` with what it selects, Ctrl+A selects the items in view and Esc clears.
A press on the bar of an item among several selected emits ``item_pressed`` (it becomes
the primary) and drags them all; a click on it without a drag selects it alone.

A drag or a band held near an edge scrolls the view (planner/gui/timeline_autoscroll.py)
and the drag follows; while a preview shows, the pushed items and broken deadlines out
of view are counted at the edges (planner/gui/timeline_edges.py).
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QApplication, QFrame, QGraphicsView

from planner.gui.theme import color
from planner.gui.timeline_autoscroll import EdgeScroller
from planner.gui.timeline_drag import DragController
from planner.gui.timeline_edges import paint_markers
from planner.gui.timeline_hover import HoverCards
from planner.gui.timeline_layout import (
    HEADER_H,
    LANE_HEAD_H,
    MAX_PPD,
    MIN_PPD,
    ROW_STEP,
    ZOOM_PRESETS,
    snap_row_height,
)
from planner.gui.timeline_selection import RubberBand

# live colours of planner/gui/theme.py: recoloured in place for the dark scheme
TODAY, HEADER_BG, HEADER_LINE = color("today"), color("header_bg"), color("header_line")
HEADER_TEXT, HEADER_MUTED, CHIP_BG, TEXT = map(color, ("header_text", "header_muted",
                                                       "chip_bg", "text"))  # fmt: skip
FIT_MARGIN = 16  # Fit all: pixels left free before the first day and after the last
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class TimelineView(QGraphicsView):
    """Shows a TimelineScene; turns mouse and keys into edit requests."""

    item_clicked = Signal(object)  # item id or None
    edit_requested = Signal(object, object)  # an Edit from a drop, and its Preview (or None)
    nudge_requested = Signal(str, int)  # item id, working days (+1 / -1)
    drag_status_changed = Signal(str)  # what the drag would do ("" when over)
    refused = Signal(str)  # a drag that can't start (or drop), with the reason
    link_clicked = Signal(object)  # (pred, succ) of the arrow clicked
    link_menu_requested = Signal(object, object)  # (pred, succ), the menu's global QPoint
    menu_requested = Signal(object, object)  # a right-click: viewport QPoint, global QPoint
    item_double_clicked = Signal(str)  # a double-click on an item's bar, diamond or label
    item_toggled = Signal(str)  # Ctrl+click: in or out of the selection
    item_pressed = Signal(str)  # a press on one of several selected: the new primary
    items_banded = Signal(object)  # the ids a rubber band (or Ctrl+A) selects

    def __init__(self, scene, parent=None) -> None:
        super().__init__(scene, parent)
        self.drag = DragController(scene)
        self.hover_cards = HoverCards(self)  # a glyph's card on a tooltip event
        self.read_only = False
        self._pan: QPointF | None = None
        self._hover = None
        self.lane_chips: list[tuple[QRectF, str | None]] = []  # lane names as painted
        self.header_marks: dict[str, QRectF] = {}  # header texts and the today badge, as painted
        self.band = RubberBand(self)
        self.autoscroll = EdgeScroller(self, self._follow_pointer, self._make_room)
        self._group_press: tuple[str, QPoint] | None = None  # a press on one of several
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        # The header is pinned in viewport coordinates, so scrolled pixels can't be reused.
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        # Lanes, sprints and weekends are painted once into a pixmap (scrolled with the
        # view); the scene resets it when they change (rebuild, zoom).
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setOptimizationFlags(
            QGraphicsView.OptimizationFlag.DontSavePainterState
            | QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing
        )
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.header_font = QFont()
        self.header_font.setPointSizeF(9.0)
        self.lane_font = QFont()
        self.lane_font.setPointSizeF(9.5)
        self.lane_font.setBold(True)

    # -- zoom and scrolling -------------------------------------------------------
    @property
    def ppd(self) -> float:
        return self.scene().scale.ppd

    def set_ppd(self, ppd: float, anchor_x: float | None = None) -> None:
        """Zoom to ``ppd`` pixels per day, keeping the day under viewport x ``anchor_x``."""
        ppd = min(MAX_PPD, max(MIN_PPD, ppd))
        scene = self.scene()
        if anchor_x is None:
            anchor_x = self.viewport().width() / 2
        x_scene = self.mapToScene(int(anchor_x), 0).x()
        days = (x_scene - 0.0) / scene.scale.ppd
        top = self.verticalScrollBar().value()
        scene.set_ppd(ppd)
        self.horizontalScrollBar().setValue(int(days * ppd - anchor_x - scene.sceneRect().left()))
        self.verticalScrollBar().setValue(top)
        if self.drag.active:  # a zoom mid-drag: the dragged bar stays under the pointer
            self.drag.rescaled()
            self._follow_pointer(self.autoscroll.pos)

    def zoom_by(self, factor: float) -> None:
        self.set_ppd(self.ppd * factor)

    def zoom_preset(self, name: str) -> None:
        self.set_ppd(ZOOM_PRESETS[name])

    def fit_all(self) -> None:
        """Zoom so the plan's items (bars, diamonds, deadline marks) and their labels fill
        the width but for a small margin (FIT_MARGIN each side) — today only when it falls
        among them — with the tallest rows (up to the default) at which every lane fits
        the height (else the shortest there are: the top shows), and scroll to its start
        and to the top. One relayout: the rows are chosen with the zoom."""
        scene = self.scene()
        width = max(100, self.viewport().width() - 2 * FIT_MARGIN)
        reach = scene.items_reach()
        if reach is None:  # no items: the span shown (sprints, today)
            first, last = scene.span
            ppd = min(MAX_PPD, max(MIN_PPD, width / ((last - first).days + 1)))
            left = scene.scale.x_of(first) * ppd / scene.scale.ppd
        else:
            ppd = _widest(lambda p: _width_of(reach(p)) <= width)
            left = reach(ppd)[0]
        scene.set_ppd(ppd, fit_height=self._fit_height())
        self.horizontalScrollBar().setValue(round(left - FIT_MARGIN - scene.sceneRect().left()))
        self.verticalScrollBar().setValue(0)

    def _fit_height(self) -> int:
        """The viewport's height with a horizontal scroll bar (a fitted plan's scene is
        wider than the view: the margins after its last day)."""
        bar = self.horizontalScrollBar()
        shown = bar.isVisible()
        return self.viewport().height() - (0 if shown else bar.sizeHint().height())

    @property
    def row_height(self) -> float:
        return self.scene().rows.h

    def set_row_height(self, h: float) -> None:
        """Item rows ``h`` pixels tall (snapped to the heights there are), the lane and
        row at the top of the view kept there."""
        scene = self.scene()
        h = snap_row_height(h)
        if h == scene.rows.h:
            return
        self.end_drag()
        y = self.mapToScene(0, int(HEADER_H)).y()
        lane = scene.lanes.lane_at(y)
        team, below = (lane.team, y - lane.top) if lane is not None else (None, None)
        into = below - LANE_HEAD_H if below is not None else 0.0
        old_h = scene.rows.h
        scene.set_row_height(h)
        lane = scene.lanes.lane_of(team) if below is not None else None
        if lane is None:
            return
        if into > 0 and not lane.collapsed:  # within the lane's rows: the same row
            y = lane.top + LANE_HEAD_H + into * h / old_h
        else:
            y = lane.top + below
        self.verticalScrollBar().setValue(round(y - HEADER_H - scene.sceneRect().top()))

    def taller_rows(self) -> None:
        self.set_row_height(self.row_height + ROW_STEP)

    def shorter_rows(self) -> None:
        self.set_row_height(self.row_height - ROW_STEP)

    def go_to_today(self) -> None:
        self.scroll_to_day(self.scene().today, 0.3)

    def scroll_to_day(self, day: date, fraction: float) -> None:
        """Scroll so ``day`` sits at ``fraction`` of the viewport width."""
        scene = self.scene()
        x = scene.scale.x_of(day)
        value = x - scene.sceneRect().left() - fraction * self.viewport().width()
        self.horizontalScrollBar().setValue(int(value))

    def ensure_item_visible(self, item_id: str) -> None:
        g = self.scene().glyphs.get(item_id)
        if g is not None:
            self.ensureVisible(g.sceneBoundingRect(), 60, int(HEADER_H) + 20)

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120.0
            if steps:
                self.set_ppd(self.ppd * (1.25**steps), event.position().x())
            event.accept()
            return
        super().wheelEvent(event)

    # -- mouse --------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        pos = self.mapToScene(event.position().toPoint())
        if event.button() == Qt.MouseButton.MiddleButton:
            self._pan = event.position()
            return
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        scene = self.scene()
        glyph, zone = scene.glyph_at(pos)
        link = scene.link_at(pos) if glyph is None else None
        mods = event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if glyph is not None and ctrl:
            self.item_toggled.emit(glyph.item_id)
            return
        if (
            glyph is None
            and link is None
            and scene.session is not None
            and (ctrl or mods & Qt.KeyboardModifier.ShiftModifier)
        ):
            self.band.start(event.position().toPoint(), scene.selection.ids if ctrl else ())
            self.items_banded.emit(self.band.refresh())
            return
        selected = scene.selected_ids
        group = glyph is not None and zone == "body" and len(selected) > 1
        group = group and glyph.item_id in selected
        self._group_press = (glyph.item_id, event.position().toPoint()) if group else None
        if group:
            self.item_pressed.emit(glyph.item_id)
        else:
            self.item_clicked.emit(glyph.item_id if glyph else None)
        if link is not None:
            self.link_clicked.emit(scene.link_key(link))
            return
        if glyph is None:
            self._pan = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            return
        if self.read_only:
            return
        refusal = self.drag.start(glyph, zone, pos, selected if group else ())
        if refusal:
            self.refused.emit(refusal)

    def mouseDoubleClickEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            glyph, zone = self.scene().glyph_at(self.mapToScene(event.position().toPoint()))
            if glyph is not None and zone != "link":
                self.end_drag()
                self.item_double_clicked.emit(glyph.item_id)
                return
        super().mouseDoubleClickEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._pan is not None:
            delta = event.position() - self._pan
            self._pan = event.position()
            h, v = self.horizontalScrollBar(), self.verticalScrollBar()
            h.setValue(h.value() - int(delta.x()))
            v.setValue(v.value() - int(delta.y()))
            return
        if self.band.active or self.drag.active:
            self.autoscroll.track(event.position().toPoint())
            self._follow_pointer(event.position().toPoint())
            return
        self._update_hover(self.mapToScene(event.position().toPoint()))

    def _follow_pointer(self, viewport_pos: QPoint) -> None:
        """A band or a drag follows the pointer (after a move, or an auto-scroll step)."""
        if self.band.active:
            self.items_banded.emit(self.band.follow(viewport_pos))
        elif self.drag.active:
            if self.drag.update(self.mapToScene(viewport_pos)):
                self.drag_status_changed.emit(self.drag.status)
        else:
            self.autoscroll.stop()

    def _make_room(self, dx: int) -> None:
        """An auto-scroll step at the scene's end: a move or a resize may go on past the
        plan's ends, so the scene widens under it (narrowed again when the drag ends)."""
        if self.drag.mode in ("move", "end"):
            self.scene().make_room(dx)

    def mouseReleaseEvent(self, event) -> None:
        if self._pan is not None:
            self._pan = None
            self.viewport().unsetCursor()
            return
        self.autoscroll.stop()
        if self.band.active:
            self.band.finish()
            return
        press, self._group_press = self._group_press, None
        if self.drag.active and event.button() == Qt.MouseButton.LeftButton:
            self.drag.update(self.mapToScene(event.position().toPoint()))
            edit, preview = self.drag.finish()
            self.drag_status_changed.emit("")
            if edit is None and self.drag.refusal:
                self.refused.emit(self.drag.refusal)
            if edit is not None:  # the preview stays on screen while a reason is asked
                self.edit_requested.emit(edit, preview)
            self.end_drag()
            if edit is None and press is not None and self._clicked(press[1], event):
                self.item_clicked.emit(press[0])  # a click on one of several: it alone
            return
        if press is not None and self._clicked(press[1], event):
            self.item_clicked.emit(press[0])  # (read-only: no drag was started)
            return
        super().mouseReleaseEvent(event)

    @staticmethod
    def _clicked(at: QPoint, event) -> bool:
        """Whether a release is near enough its press to be a click, not a drag."""
        moved = event.position().toPoint() - at
        return moved.manhattanLength() < QApplication.startDragDistance()

    def _update_hover(self, pos: QPointF) -> None:
        glyph, zone = self.scene().glyph_at(pos)
        if glyph is not self._hover:
            if self._hover is not None and self._hover.scene() is not None:
                self._hover.hovered = False
                self._hover.update()
            self._hover = glyph
            if glyph is not None:
                glyph.hovered = True
                glyph.update()
        link = self.scene().link_at(pos) if glyph is None else None
        self.scene().hover_link(link)
        shapes = {
            "end": Qt.CursorShape.SizeHorCursor,
            "link": Qt.CursorShape.CrossCursor,
            "body": Qt.CursorShape.OpenHandCursor,
        }
        if zone and not self.read_only:
            self.viewport().setCursor(shapes[zone])
        elif link is not None:
            self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.viewport().unsetCursor()

    def leaveEvent(self, event) -> None:
        if self._hover is not None and self._hover.scene() is not None:
            self._hover.hovered = False
            self._hover.update()
        self._hover = None
        self.scene().hover_link(None)
        super().leaveEvent(event)

    def _link_under(self, viewport_pos) -> int | None:
        pos = self.mapToScene(viewport_pos)
        return self.scene().link_at(pos) if self.scene().glyph_at(pos)[0] is None else None

    def contextMenuEvent(self, event) -> None:
        """A right-click on an arrow asks for its link's menu (planner/gui/link_menu.py);
        anywhere else for timeline_menu.py's, through ``menu_requested``."""
        self.end_drag()
        link = self._link_under(event.pos()) if self.scene().session is not None else None
        if link is not None:
            self.link_menu_requested.emit(self.scene().link_key(link), event.globalPos())
        else:
            self.menu_requested.emit(event.pos(), event.globalPos())
        event.accept()

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape and self.drag.active:
            self.autoscroll.stop()
            self.drag.cancel()
            self.drag_status_changed.emit("")
            return
        if key == Qt.Key.Key_Escape and self.band.active:
            self.autoscroll.stop()
            self.band.finish()
            return
        if key == Qt.Key.Key_Escape and self.scene().selection.ids:
            self.item_clicked.emit(None)
            return
        if (
            key == Qt.Key.Key_A
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            and self.scene().session is not None
        ):
            seen = self.mapToScene(self.viewport().rect()).boundingRect()
            self.items_banded.emit(tuple(self.band.touched(seen.adjusted(0, HEADER_H, 0, 0))))
            return
        selected = self.scene().selected_id
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and selected and plain and not self.read_only:
            self.nudge_requested.emit(selected, 1 if key == Qt.Key.Key_Right else -1)
            return
        super().keyPressEvent(event)

    def end_drag(self) -> None:
        """Clear a finished drag's preview (idempotent)."""
        self.autoscroll.stop()
        if self.drag.active:
            self.drag.cancel()

    def forget_hover(self) -> None:
        """The scene was rebuilt: drop references to deleted glyphs."""
        self._hover = None
        self.autoscroll.stop()
        if self.drag.active:
            self.drag.mode, self.drag.glyph = None, None
            self.scene().hold_rows(False)

    # -- pinned header, lane names, today line -------------------------------------
    def drawForeground(self, painter, rect: QRectF) -> None:
        scene = self.scene()
        if scene.session is None:
            return
        painter.save()
        painter.resetTransform()
        vp = self.viewport().rect()
        left_scene = self.mapToScene(0, 0)
        ox, oy = -left_scene.x(), -left_scene.y()  # scene -> viewport offsets
        sc = scene.scale
        # today
        tx = sc.x_of(scene.today) + sc.ppd / 2 + ox
        painter.setPen(QPen(TODAY, 1.6))
        painter.drawLine(QPointF(tx, HEADER_H), QPointF(tx, vp.height()))
        self._paint_lane_names(painter, oy, vp.width())
        if len(scene.out_of_view):  # a drag's preview: what it pushes out of view
            counts = scene.out_of_view.counts(self)
            g = self.drag.glyph
            avoid = None
            if g is not None:  # the dragged bar and its label stay in sight
                box = g.mapToScene(g.boundingRect()).boundingRect()
                avoid = box.translated(ox, oy)
            paint_markers(painter, counts, vp.width(), vp.height(), self.header_font, avoid)
        badge = QRectF(tx - 22, 4, 44, HEADER_H / 2 - 8)
        if 0 <= tx <= vp.width():  # today in view: its badge whole, at an edge if need be
            badge.moveLeft(min(max(badge.left(), 2.0), vp.width() - badge.width() - 2))
        self.header_marks = {"today": badge}
        self._paint_header(painter, ox, vp.width(), badge)
        painter.setFont(self.header_font)
        painter.setPen(QPen(TODAY, 1.6))
        painter.drawLine(QPointF(tx, badge.bottom()), QPointF(tx, HEADER_H))
        painter.setBrush(QBrush(TODAY))
        painter.drawRoundedRect(badge, 3, 3)
        painter.setPen(QColor("white"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "today")
        painter.restore()

    def lane_chip_at(self, pos) -> tuple[str | None] | None:
        """(team,) of the lane whose name chip is under viewport point ``pos``, or None."""
        for box, team in self.lane_chips:
            if box.contains(pos):
                return (team,)
        return None

    def _paint_lane_names(self, painter, oy: float, width: int) -> None:
        painter.setFont(self.lane_font)
        fm = painter.fontMetrics()
        self.lane_chips = []
        for lane in self.scene().lanes.lanes:
            y = lane.top + oy
            if y + LANE_HEAD_H < HEADER_H or y > self.viewport().height():
                continue
            text = f"{'▸' if lane.collapsed else '▾'} {lane.name}"  # a click folds it
            w = fm.horizontalAdvance(text) + 30
            box = QRectF(6, y + 3, w, LANE_HEAD_H - 6)
            self.lane_chips.append((box, lane.team))
            painter.setPen(QPen(QColor(lane.color).darker(130), 1.0))
            painter.setBrush(QBrush(CHIP_BG))
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(QColor(lane.color)))
            painter.drawEllipse(QPointF(box.left() + 11, box.center().y()), 5, 5)
            painter.setPen(TEXT)
            painter.drawText(box.adjusted(20, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, text)

    def _paint_header(self, painter, ox: float, width: int, badge: QRectF) -> None:
        scene = self.scene()
        sc = scene.scale
        painter.fillRect(QRectF(0, 0, width, HEADER_H), HEADER_BG)
        painter.setPen(QPen(HEADER_LINE, 1.0))
        painter.drawLine(QPointF(0, HEADER_H - 0.5), QPointF(width, HEADER_H - 0.5))
        painter.drawLine(QPointF(0, HEADER_H / 2), QPointF(width, HEADER_H / 2))
        painter.setFont(self.header_font)
        first = sc.day_at(-ox)
        last = sc.day_at(width - ox)
        # top row: months, or quarters when zoomed far out
        quarters = sc.ppd < 2.0
        d = date(first.year, first.month, 1)
        while d <= last:
            step = 3 if quarters else 1
            if quarters and (d.month - 1) % 3:
                d = _add_months(d, 1)
                continue
            nxt = _add_months(d, step)
            x0, x1 = sc.x_of(d) + ox, sc.x_of(nxt) + ox
            painter.setPen(QPen(HEADER_LINE, 1.0))
            painter.drawLine(QPointF(x0, 0), QPointF(x0, HEADER_H / 2))
            label = (
                f"Q{(d.month - 1) // 3 + 1} {d.year}"
                if quarters
                else f"{MONTHS[d.month - 1]} {d.year}"
            )
            painter.setPen(HEADER_TEXT)
            where = _month_label(painter.fontMetrics().horizontalAdvance(label),
                                 max(x0, 0) + 6, min(x1, width) - 2, badge)  # fmt: skip
            if where is not None:
                painter.drawText(where, Qt.AlignmentFlag.AlignVCenter, label)
                self.header_marks[label] = where
            d = nxt
        # bottom row: sprint names (plan-wide sprints), else week starts
        sprints = [s for s in scene.session.plan.sprints if s.team is None]
        fm = painter.fontMetrics()
        row = QRectF(0, HEADER_H / 2, width, HEADER_H / 2)
        if sprints:
            for sp in sprints:
                if sp.finish < first or sp.start > last:
                    continue
                x0, x1 = sc.x_of(sp.start) + ox, sc.x_of(sp.finish) + sc.ppd + ox
                painter.setPen(QPen(HEADER_LINE, 1.0))
                painter.drawLine(QPointF(x0, row.top()), QPointF(x0, row.bottom()))
                if fm.horizontalAdvance(sp.name) > x1 - x0 - 8:
                    continue  # a name that can't fit is left out, never cut to "…"
                text = sp.name
                self.header_marks[sp.name] = QRectF(x0, row.top(), x1 - x0, row.height())
                painter.setPen(HEADER_MUTED)
                painter.drawText(QRectF(x0 + 4, row.top(), x1 - x0 - 8, row.height()),
                                 Qt.AlignmentFlag.AlignCenter, text)  # fmt: skip
        elif sc.ppd >= 3:
            # every week's line; its start's day on every week, or every 2nd or 4th when
            # weeks are too narrow for it (the same weeks wherever the view is scrolled)
            step = week_label_step(7 * sc.ppd, fm.horizontalAdvance("30 Sep") + 8)
            d = first - timedelta(days=first.weekday())
            labels = []
            painter.setPen(QPen(HEADER_LINE, 1.0))
            while d <= last:
                x0 = sc.x_of(d) + ox
                painter.drawLine(QPointF(x0, row.top()), QPointF(x0, row.bottom()))
                if (d.toordinal() // 7) % step == 0:
                    labels.append((x0, f"{d.day} {MONTHS[d.month - 1]}"))
                d += timedelta(days=7)
            painter.setPen(HEADER_MUTED)  # over the lines of the weeks they span
            for x0, text in labels:
                spot = QRectF(x0 + 3, row.top(), fm.horizontalAdvance(text), row.height())
                painter.fillRect(spot.adjusted(-1, 3, 1, -3), HEADER_BG)
                painter.drawText(spot, Qt.AlignmentFlag.AlignVCenter, text)
                self.header_marks[text] = spot


def _width_of(reach) -> float:
    return reach[1] - reach[0]


def _widest(fits) -> float:
    """The largest zoom (pixels per day) from MIN_PPD to MAX_PPD at which ``fits``,
    MIN_PPD when none does: widths grow with the zoom, so halving the range will do."""
    if fits(MAX_PPD):
        return MAX_PPD
    lo, hi = MIN_PPD, MAX_PPD
    if not fits(lo):
        return lo
    for _ in range(40):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid)
    return lo


def week_label_step(week_w: float, label_w: float) -> int:
    """Label every week (1), or every 2nd, 4th, ... so that a label ``label_w`` wide
    has the room of the weeks up to the next one (``week_w`` each)."""
    step = 1
    while step * week_w < label_w and step < 64:
        step *= 2
    return step


def _month_label(w: float, left: float, right: float, badge: QRectF) -> QRectF | None:
    """Where a month's (or quarter's) label ``w`` wide goes in its cell from ``left`` to
    ``right``: at the left, or beside the today badge (after it, else before it) when the
    badge would cover it; None when it fits nowhere."""
    h = HEADER_H / 2
    for x in (left, badge.right() + 6, badge.left() - 6 - w):
        spot = QRectF(x, 0, w, h)
        if x >= left and x + w <= right and not spot.intersects(badge):
            return spot
    return None


def _add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    return date(d.year + m // 12, m % 12 + 1, 1)
