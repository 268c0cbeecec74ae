"""Auto-scroll: while a drag (a move, a resize, a link, a rubber band) holds the pointer
near an edge of the timeline's viewport, the view scrolls that way.

``EdgeScroller(view, follow)`` is told of every mouse move of a drag (``track``). Within
``ZONE`` pixels of an edge (the top edge is the pinned header's lower edge) a timer
scrolls the view a few pixels per tick, more the closer the pointer is and most past
the edge; after each step ``follow(viewport_pos)`` lets the drag catch up with the scene
point now under the pointer (the preview follows). At the scene's end sideways it asks
``room(dx)`` for more (a drag of an item past the plan's last day gets it, so the view
keeps scrolling as long as the pointer is held there). It stops when the pointer leaves
the zone, when the drag ends (``stop``) or when the view can scroll no further that way.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QTimer

from planner.gui.timeline_layout import HEADER_H

__all__ = ["EdgeScroller", "edge_speed"]

ZONE = 30.0  # pixels from an edge where scrolling begins
TICK_MS = 16
MIN_STEP, MAX_STEP = 2.0, 40.0  # pixels per tick at the zone's inner edge, at the edge


def edge_speed(pos: float, low: float, high: float) -> float:
    """Pixels per tick along one axis for a pointer at ``pos`` in a viewport spanning
    ``low``..``high``: negative towards ``low``, positive towards ``high``, 0 outside
    the edge zones. The speed grows with closeness, and is highest past the edge."""
    if high - low < 3 * ZONE:  # too small a view: no room for a zone
        return 0.0
    if pos < low + ZONE:
        near = min(1.0, (low + ZONE - pos) / ZONE)
        return -(MIN_STEP + (MAX_STEP - MIN_STEP) * near * near)
    if pos > high - ZONE:
        near = min(1.0, (pos - (high - ZONE)) / ZONE)
        return MIN_STEP + (MAX_STEP - MIN_STEP) * near * near
    return 0.0


class EdgeScroller(QObject):
    """Scrolls ``view`` while a drag's pointer rests near its edges."""

    def __init__(self, view, follow, room=None) -> None:
        super().__init__(view)
        self.view = view
        self.follow = follow  # called with the viewport point after each scroll step
        self.room = room  # called with dx when the view can't scroll that far sideways
        self.pos = QPoint()
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    @property
    def active(self) -> bool:
        return self.timer.isActive()

    def velocity(self) -> tuple[float, float]:
        vp = self.view.viewport()
        return (
            edge_speed(self.pos.x(), 0.0, float(vp.width())),
            edge_speed(self.pos.y(), HEADER_H, float(vp.height())),
        )

    def track(self, viewport_pos: QPoint) -> None:
        """The drag's pointer moved to ``viewport_pos``: start or stop scrolling."""
        self.pos = QPoint(viewport_pos)
        if self.velocity() != (0.0, 0.0):
            if not self.timer.isActive():
                self.timer.start()
        else:
            self.timer.stop()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        dx, dy = self.velocity()
        h, v = self.view.horizontalScrollBar(), self.view.verticalScrollBar()
        old = h.value(), v.value()
        step = round(dx)
        short = h.value() + step > h.maximum() or h.value() + step < h.minimum()
        if step and short and self.room is not None:
            self.room(step)
        h.setValue(h.value() + round(dx))
        v.setValue(v.value() + round(dy))
        if (h.value(), v.value()) == old:  # at the end that way (or out of the zone)
            self.timer.stop()
            return
        self.follow(self.pos)
