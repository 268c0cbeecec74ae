"""Dragging on the timeline: move an item, stretch its end, or link it to another.

A move or a resize is an ``ItemDrag`` (planner/app/dragging.py): each mouse move snaps
to days, and the drag says which edit a drop would apply and the session's preview of
it (what would be pushed, which deadlines would break, which locked items it would push
past their fixed date). This module only draws that: the dragged glyph, its arrows, the
ghosts and the marked glyphs; a link drag is a ``LinkForesight`` (timeline_link_drag.py).
A press on the bar of an item among several selected moves them all: a ``GroupDrag``,
one preview, every glyph of the group following the pointer.
``finish`` hands back the edit and its preview with the preview still on screen (a
reason may be asked over it); ``cancel`` clears it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF

from planner.app.dragging import GroupDrag, ItemDrag
from planner.app.session import Preview
from planner.domain.errors import PlannerError
from planner.gui.day_format import day_text
from planner.gui.timeline_items import Z_GLYPH, Z_TOP, ItemGlyph
from planner.gui.timeline_link_drag import LinkForesight, harm_text


class DragController:
    """One drag at a time over a TimelineScene."""

    def __init__(self, scene) -> None:
        self.scene = scene
        self.mode: str | None = None
        self.glyph: ItemGlyph | None = None
        self.status = ""
        self.link: LinkForesight | None = None
        self.drag: ItemDrag | GroupDrag | None = None
        self.group: list[tuple[ItemGlyph, tuple[float, float]]] = []  # others, where they were

    @property
    def refusal(self) -> str:
        """Why the last link drop did nothing ("" if it did, or was no link)."""
        return self.link.refusal if self.link is not None else ""

    @property
    def active(self) -> bool:
        return self.mode is not None

    def start(
        self, glyph: ItemGlyph, zone: str, scene_pos: QPointF, selected: tuple[str, ...] = ()
    ) -> str | None:
        """Begin a drag (a move of all ``selected`` when it holds the glyph's item and
        more); returns a refusal message instead when the item can't move."""
        session = self.scene.session
        item = session.plan.item(glyph.item_id)
        self.drag, self.group = None, []
        if self.link is not None:
            self.link.cancel()
            self.link = None
        self.scene.hover_link(None)  # no arrow stays hovered under a drag
        try:
            if zone == "body" and len(selected) > 1 and item.id in selected:
                self.drag = GroupDrag(session, selected, item.id)
            elif zone in ("body", "end"):
                self.drag = ItemDrag(session, item.id, "move" if zone == "body" else "end")
        except PlannerError as e:
            return str(e)
        if isinstance(self.drag, GroupDrag):
            for other in self.drag.ids[1:]:
                g = self.scene.glyphs.get(other)
                if g is not None:
                    self.group.append((g, (g.x0, g.end_x())))
                    g.dragging = True
                    g.setZValue(Z_TOP)
        self.mode, self.glyph, self.item = ("move" if zone == "body" else zone), glyph, item
        self.press_day = scene_pos.x() / self.scene.scale.ppd  # in days: a zoom keeps it
        self.orig = (glyph.x0, glyph.end_x())
        self.status = ""
        glyph.dragging = True
        glyph.setZValue(Z_TOP)
        self.scene.hold_rows(True)
        if self.mode == "link":
            self.link = LinkForesight(self.scene, glyph)
        return None

    def update(self, scene_pos: QPointF) -> bool:
        """Follow the mouse; True if the preview changed."""
        if self.mode == "link":
            self.link.update(scene_pos)
            self.status = self.link.status
            return True
        days = round(scene_pos.x() / self.scene.scale.ppd - self.press_day)
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
        scene, session, drag = self.scene, self.scene.session, self.drag
        plan, item_id = session.plan, self.item.id
        moving = set(drag.ids) if isinstance(drag, GroupDrag) else {item_id}
        ghosts = [
            (mid, s, f, mid in preview.breaks)
            for mid, (s, f) in preview.moved.items()
            if mid not in moving
        ]
        for g, _ in self.group:  # the others of a group follow the pointer too
            g.move_x(*scene.span_x(*drag.points(g.item_id)))
        s, f = drag.points()
        x0, x1 = scene.span_x(s, f)
        self.glyph.move_x(x0, x1)
        scene.show_preview(ghosts, preview.conflicts)
        when = session.calendar.date_of(s - 1 if s == f else s)
        text = f"Move {self.item.label} → {day_text(when, scene.today)}"
        if isinstance(drag, GroupDrag):
            text = f"Move {len(drag.ids)} items ({text.removeprefix('Move ')})"
        if self.mode == "end":
            text = f"Resize {self.item.label} → {f - s} working days"
        if ghosts:
            text += f": pushes {len(ghosts)} item{'s' if len(ghosts) != 1 else ''}"
        self.status = text + harm_text(plan, preview) + self.stays_text()

    def rescaled(self) -> None:
        """The zoom changed mid-drag (the glyphs were placed again where their items are,
        the preview cleared): go back to those places on a cancel, and show the preview
        again at the new zoom."""
        if self.glyph is None:
            return
        self.orig = (self.glyph.x0, self.glyph.end_x())
        self.group = [(g, (g.x0, g.end_x())) for g, _ in self.group]
        if self.mode in ("move", "end") and self.drag is not None and self.drag.days is not None:
            self._show(self.drag.preview)

    def stays_text(self) -> str:
        """'; 1 done item stays' for a group drag that leaves done items, else ''."""
        n = len(self.drag.stays) if isinstance(self.drag, GroupDrag) else 0
        return f"; {n} done item{'s' * (n != 1)} stay{'s' * (n == 1)}" if n else ""

    def finish(self):
        """End the drag: ``(edit, preview)`` for the drop, or ``(None, None)`` when it
        would change nothing. The preview stays on screen until ``cancel``."""
        if self.mode in ("move", "end") and self.drag is not None and self.drag.edit:
            return self.drag.edit, self.drag.preview
        if self.mode == "link":
            return self.link.finish()
        return None, None

    def cancel(self) -> None:
        """Put everything back as it was before the drag."""
        if self.glyph is not None:
            self.glyph.dragging = False
            self.glyph.setZValue(Z_GLYPH)
            if self.mode in ("move", "end"):
                self.glyph.move_x(*self.orig)
            self.glyph.update()
        for g, orig in self.group:
            if g.scene() is not None:
                g.dragging = False
                g.setZValue(Z_GLYPH)
                g.move_x(*orig)
                g.update()
        self.group = []
        if self.link is not None:
            self.link.cancel()  # keeps its refusal, for the view to tell
        self.scene.clear_preview()
        self.scene.fit_rect()  # the room a drag past the plan's ends made goes
        self.mode, self.glyph, self.status = None, None, ""
        self.drag = None
        self.scene.hold_rows(False)
