"""Dragging on the timeline: move an item, stretch its end, or link it to another.

A move or a resize is an ``ItemDrag`` (planner/app/dragging.py): each mouse move snaps
to days, and the drag says which edit a drop would apply and the session's preview of
it (what would be pushed, which deadlines would break, which locked items it would push
past their fixed date). This module only draws that: the dragged glyph, its arrows, the
ghosts and the marked glyphs. ``finish`` hands back the edit and its preview with the
preview still on screen (a reason may be asked over it); ``cancel`` clears it.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsLineItem

from planner.app.dragging import ItemDrag
from planner.app.session import Preview
from planner.domain.edits import AddDependency
from planner.domain.errors import PlannerError
from planner.domain.model import Dependency
from planner.gui.day_format import day_text
from planner.gui.timeline_items import SELECT, Z_GLYPH, Z_TOP, ItemGlyph


class DragController:
    """One drag at a time over a TimelineScene."""

    def __init__(self, scene) -> None:
        self.scene = scene
        self.mode: str | None = None
        self.glyph: ItemGlyph | None = None
        self.status = ""
        self._line: QGraphicsLineItem | None = None
        self._target: ItemGlyph | None = None
        self.drag: ItemDrag | None = None

    @property
    def active(self) -> bool:
        return self.mode is not None

    def start(self, glyph: ItemGlyph, zone: str, scene_pos: QPointF) -> str | None:
        """Begin a drag; returns a refusal message instead when the item can't move."""
        session = self.scene.session
        item = session.plan.item(glyph.item_id)
        self.drag = None
        if zone in ("body", "end"):
            try:
                self.drag = ItemDrag(session, item.id, "move" if zone == "body" else "end")
            except PlannerError as e:
                return str(e)
        self.mode, self.glyph, self.item = ("move" if zone == "body" else zone), glyph, item
        self.press_x = scene_pos.x()
        self.orig = (glyph.x0, glyph.end_x())
        self.status = ""
        glyph.dragging = True
        glyph.setZValue(Z_TOP)
        if self.mode == "link":
            a = glyph.anchor(True)
            self._line = QGraphicsLineItem(QLineF(a, a))
            self._line.setPen(QPen(SELECT, 1.6))
            self._line.setZValue(Z_TOP + 1)
            self.scene.addItem(self._line)
        return None

    def update(self, scene_pos: QPointF) -> bool:
        """Follow the mouse; True if the preview changed."""
        if self.mode == "link":
            return self._update_link(scene_pos)
        days = self.scene.scale.days_between(self.press_x, scene_pos.x())
        try:
            changed = self.drag.to(days)
        except PlannerError as e:  # e.g. a date past the calendar's end: say so, show none
            self.drag.edit, self.drag.preview = None, Preview.empty()
            self._show(self.drag.preview)
            self.status = str(e)
            return True
        if changed:
            self._show(self.drag.preview)
        return changed

    def _show(self, preview: Preview) -> None:
        scene, session = self.scene, self.scene.session
        plan, item_id = session.plan, self.item.id
        ghosts = [
            (mid, s, f, mid in preview.breaks)
            for mid, (s, f) in preview.moved.items()
            if mid != item_id
        ]
        s, f = self.drag.points()
        x0, x1 = scene.span_x(s, f)
        self.glyph.move_x(x0, x1)
        scene.show_preview(ghosts, preview.conflicts)
        when = session.calendar.date_of(s - 1 if s == f else s)
        text = f"Move {self.item.label} → {day_text(when, scene.today)}"
        if self.mode == "end":
            text = f"Resize {self.item.label} → {f - s} working days"
        if ghosts:
            text += f": pushes {len(ghosts)} item{'s' if len(ghosts) != 1 else ''}"
        broken = [plan.item(i).label for i in preview.breaks]
        if broken:
            text += f"; breaks {len(broken)} deadline{'s' if len(broken) != 1 else ''}"
            text += f" ({_names(broken)})"
        if preview.conflicts:
            names = [plan.item(i).label for i in preview.conflicts]
            text += f"; conflicts with {len(names)} locked date{'s' if len(names) != 1 else ''}"
            text += f" ({_names(names)})"
        self.status = text

    def _update_link(self, scene_pos: QPointF) -> bool:
        target, _ = self.scene.glyph_at(scene_pos)
        if target is self.glyph:
            target = None
        line = self._line.line()
        end = target.anchor(False) if target is not None else scene_pos
        self._line.setLine(QLineF(line.p1(), end))
        self._line.setPen(QPen(SELECT if target is not None else QColor("#8A939C"), 1.6))
        self._target = target
        self.status = (
            f"Link {self.item.label} → {self.scene.session.plan.item(target.item_id).label}"
            if target is not None
            else f"Drop on the item that must wait for {self.item.label}"
        )
        return True

    def finish(self):
        """End the drag: ``(edit, preview)`` for the drop, or ``(None, None)`` when it
        would change nothing. The preview stays on screen until ``cancel``."""
        if self.mode in ("move", "end") and self.drag is not None and self.drag.edit:
            return self.drag.edit, self.drag.preview
        if self.mode == "link" and self._target is not None:
            return AddDependency(Dependency(self.item.id, self._target.item_id)), None
        return None, None

    def cancel(self) -> None:
        """Put everything back as it was before the drag."""
        if self.glyph is not None:
            self.glyph.dragging = False
            self.glyph.setZValue(Z_GLYPH)
            if self.mode in ("move", "end"):
                self.glyph.move_x(*self.orig)
            self.glyph.update()
        if self._line is not None:
            self.scene.removeItem(self._line)
            self._line = None
        self.scene.clear_preview()
        self.mode, self.glyph, self._target, self.status = None, None, None, ""
        self.drag = None


def _names(labels: list[str]) -> str:
    return ", ".join(labels[:3]) + ("…" if len(labels) > 3 else "")
