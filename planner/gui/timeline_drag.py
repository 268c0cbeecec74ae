"""Dragging on the timeline: move an item, stretch its end, or link it to another.

While a move or a resize is under way, every mouse move snaps to working days and asks
the session what would follow (``preview_timing_with_violations``: incremental
propagation that restores the engine), then shows ghosts for the items that would be
pushed, marks the deadlines that would break and the locked items it would push past
their fixed date (conflicts). Only the dragged glyph, its arrows, the ghosts and the
marked glyphs are touched. ``finish`` returns the edit the drop stands for (or None);
the view hands it to the window, which applies it as one undo step.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from PySide6.QtCore import QLineF, QPointF
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsLineItem

from planner.domain.edits import AddDependency, MoveItem, SetDuration
from planner.domain.model import Dependency
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

    @property
    def active(self) -> bool:
        return self.mode is not None

    def start(self, glyph: ItemGlyph, zone: str, scene_pos: QPointF) -> str | None:
        """Begin a drag; returns a refusal message instead when the item can't move."""
        session = self.scene.session
        item = session.plan.item(glyph.item_id)
        if zone in ("body", "end") and item.done:
            return f"{item.label} is done: it stays on its actual dates"
        self.mode, self.glyph = ("move" if zone == "body" else zone), glyph
        self.item = item
        self.press_x = scene_pos.x()
        self.orig = (glyph.x0, glyph.end_x())
        self.base = session.timing_of(item.id)
        i = session.plan.item_index[item.id]
        sched = session.schedule
        self.sched_start, self.sched_finish = int(sched.start[i]), int(sched.finish[i])
        cal = session.calendar
        if item.is_milestone:
            self.first_day = cal.date_of(self.sched_start - 1)
        else:
            self.first_day = cal.date_of(self.sched_start)
            self.last_day = cal.date_of(self.sched_finish - 1)
        self.value = None  # the new planned point (move) or duration (resize)
        self.conflicts_now = {  # locked-date conflicts before the drag: only worse ones show
            (v.item, v.pred): v.days for v in sched.violations if v.kind == "conflict"
        }
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
        cal = self.scene.session.calendar
        if self.mode == "move":
            day = self.first_day + timedelta(days=days)
            if days == 0:
                value = self.base.planned
            elif self.item.is_milestone:
                value = cal.end_point(day)
            else:
                value = cal.start_index(day)
            timing = replace(self.base, planned=value)
        else:
            value = self.base.duration
            if days:
                value = cal.end_point(self.last_day + timedelta(days=days)) - self.sched_start
                value = max(1, value)
            timing = replace(self.base, duration=value)
        if value == self.value:
            return False
        self.value = value
        self._preview(timing)
        return True

    def _preview(self, timing) -> None:
        scene, session = self.scene, self.scene.session
        item_id = self.item.id
        moved, violations = session.preview_timing_with_violations([(item_id, timing)])
        plan, ids = session.plan, session.schedule.ids
        # the dragged item shows at its new place: its own move, or as planned
        s, f = self.sched_start, self.sched_finish
        ghosts, broken = [], []
        for m in moved:
            mid = ids[m.pos]
            dl = plan.items[m.pos].deadline
            breaks = dl is not None and m.new_finish > session.calendar.end_point(dl)
            if mid == item_id:
                s, f = m.new_start, m.new_finish
                if breaks:
                    broken.append(plan.items[m.pos].label)
                continue
            ghosts.append((mid, m.new_start, m.new_finish, breaks))
            if breaks:
                broken.append(plan.items[m.pos].label)
        conflicts = self._new_conflicts(violations)
        if self.mode == "move" and not moved:
            s, f = self.sched_start, self.sched_finish
        x0, x1 = scene.span_x(s, f)
        self.glyph.move_x(x0, x1)
        scene.show_preview(ghosts, conflicts)
        cal = session.calendar
        when = cal.date_of(s - 1 if s == f else s)
        verb = "Resize" if self.mode == "end" else "Move"
        text = f"{verb} {self.item.label} → {when:%a %d %b}"
        if self.mode == "end":
            text = f"Resize {self.item.label} → {f - s} working days"
        if ghosts:
            text += f": pushes {len(ghosts)} item{'s' if len(ghosts) != 1 else ''}"
        if broken:
            text += f"; breaks {len(broken)} deadline{'s' if len(broken) != 1 else ''}"
            text += f" ({_names(broken)})"
        if conflicts:
            names = [plan.item(i).label for i in conflicts]
            text += f"; conflicts with {len(names)} locked date{'s' if len(names) != 1 else ''}"
            text += f" ({_names(names)})"
        self.status = text

    def _new_conflicts(self, violations) -> dict[str, int]:
        """Locked items this drag would push (further) past their fixed date: id -> the
        working days the strongest such bound lies past it."""
        now = self.conflicts_now
        out: dict[str, int] = {}
        for v in violations:
            if v.kind == "conflict" and v.days > now.get((v.item, v.pred), 0):
                out[v.item] = max(out.get(v.item, 0), v.days)
        return out

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
        """End the drag; the edit it stands for, or None if nothing would change."""
        edit = None
        item = self.item
        if self.mode == "move" and self.value is not None:
            cal = self.scene.session.calendar
            day = cal.date_of(self.value - 1) if item.is_milestone else cal.date_of(self.value)
            if day != item.start and self.value != self.base.planned:
                edit = MoveItem(item.id, day)
        elif self.mode == "end" and self.value is not None and self.value != item.duration:
            edit = SetDuration(item.id, self.value)
        elif self.mode == "link" and self._target is not None:
            edit = AddDependency(Dependency(item.id, self._target.item_id))
        self.cancel()
        return edit

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


def _names(labels: list[str]) -> str:
    return ", ".join(labels[:3]) + ("…" if len(labels) > 3 else "")
