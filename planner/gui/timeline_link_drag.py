"""The link mode of a drag: a line from an item's link handle to the mouse, with foresight.

Over a target the drag says, before the drop, what the link would do. A link that would
close a cycle (or that exists already) turns the line red, marks the target red with a
note, and its status names the chain of titles that makes the cycle (planner/app/
linking.py); a drop there changes nothing and ``refusal`` says why. Otherwise the
session's preview of the AddDependency shows as ghosts (broken deadlines marked, locked
dates it would push noted) and the status counts what it pushes; the drop hands the
edit back with that preview, so it is not propagated twice. Each target is asked once
per drag.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsLineItem

from planner.app.linking import LinkChecker
from planner.app.session import Preview
from planner.domain.edits import AddDependency
from planner.domain.errors import PlannerError
from planner.domain.model import Dependency
from planner.domain.text import printable, shorten
from planner.gui.timeline_items import ARROW, LATE, SELECT, Z_TOP, ItemGlyph

IDLE = ARROW  # a live colour of planner/gui/theme.py
CYCLE_NOTE = "⚠ would make a cycle"


class LinkForesight:
    """One link drag from ``glyph`` over a TimelineScene."""

    def __init__(self, scene, glyph: ItemGlyph) -> None:
        self.scene = scene
        self.source = glyph
        self.status = ""
        self.refusal = ""  # why the target under the mouse can't be linked ("" if it can)
        self.target: ItemGlyph | None = None
        self._checker = LinkChecker(scene.session.plan)
        self._answers: dict[str, tuple[AddDependency | None, Preview | None, str, str]] = {}
        self._marked: tuple[ItemGlyph, bool] | None = None  # the red target, its late flag
        a = glyph.anchor(True)
        self.line = QGraphicsLineItem(QLineF(a, a))
        self.line.setPen(QPen(IDLE, 1.6))
        self.line.setZValue(Z_TOP + 1)
        scene.addItem(self.line)

    def update(self, scene_pos: QPointF) -> None:
        """Follow the mouse: show what a drop here would do."""
        target, _ = self.scene.glyph_at(scene_pos)
        if target is self.source:
            target = None
        end = target.anchor(False) if target is not None else scene_pos
        self.line.setLine(QLineF(self.line.line().p1(), end))
        if target is self.target and self.status:
            return
        self.target = target
        self._unmark()
        if target is None:
            self.refusal = ""
            self.status = f"Drop on the item that must wait for {_name(self._label(self.source))}"
            self.line.setPen(QPen(IDLE, 1.6))
            self.scene.clear_preview()
            return
        _edit, preview, self.refusal, self.status = self._answer(target.item_id)
        self.line.setPen(QPen(LATE if self.refusal else SELECT, 2.0 if self.refusal else 1.6))
        if self.refusal:
            self.scene.clear_preview()
            self._mark(target)
            return
        ghosts = [(i, s, f, i in preview.breaks) for i, (s, f) in preview.moved.items()]
        self.scene.show_preview(ghosts, preview.conflicts)

    def finish(self) -> tuple[AddDependency | None, Preview | None]:
        """The drop: the edit and its preview, or (None, None) over no target or a
        refused one (``refusal`` says why)."""
        if self.target is None or self.refusal:
            return None, None
        edit, preview, _, _ = self._answer(self.target.item_id)
        return edit, preview

    def cancel(self) -> None:
        self._unmark()
        if self.line.scene() is not None:
            self.scene.removeItem(self.line)

    # -- helpers --------------------------------------------------------------------
    def _label(self, glyph: ItemGlyph) -> str:
        return self.scene.session.plan.item(glyph.item_id).label

    def _answer(self, target: str) -> tuple[AddDependency | None, Preview | None, str, str]:
        """(edit, preview, refusal, status) for a link from the source to ``target``."""
        if target in self._answers:
            return self._answers[target]
        session, pred = self.scene.session, self.source.item_id
        refused = self._checker.refusal(pred, target)
        if refused is not None:
            answer = (None, None, refused.message, refused.message)
        else:
            edit = AddDependency(Dependency(pred, target))
            try:
                preview = session.preview(edit)
            except PlannerError as e:  # e.g. a push past the calendar's last day
                answer = (None, None, str(e), f"Can't link: {e}")
            else:
                plan = session.plan
                title = f"Link {_name(plan.item(pred).label)} → {_name(plan.item(target).label)}"
                answer = (edit, preview, "", f"{title}: {effects_text(plan, preview)}")
        self._answers[target] = answer
        return answer

    def _mark(self, glyph: ItemGlyph) -> None:
        self._marked = (glyph, glyph.late)
        glyph.late = True
        glyph.set_warning(CYCLE_NOTE)
        glyph.update()

    def _unmark(self) -> None:
        if self._marked is not None:
            glyph, was_late = self._marked
            self._marked = None
            if glyph.scene() is not None:
                glyph.late = was_late
                glyph.set_warning("")
                glyph.update()


def effects_text(plan, preview: Preview) -> str:
    """'pushes 3 items; breaks 1 deadline (Beta)'; 'pushes nothing' when nothing moves."""
    n = len(preview.moved)
    text = f"pushes {n} item{'s' * (n != 1)}" if n else "pushes nothing"
    return text + harm_text(plan, preview)


def harm_text(plan, preview: Preview) -> str:
    """What a drop would break, for a drag's status line: '; breaks 1 deadline (Beta);
    conflicts with 1 locked date (Gamma)', or '' when it breaks nothing."""
    text = ""
    broken = [plan.item(i).label for i in preview.breaks]
    if broken:
        text += f"; breaks {len(broken)} deadline{'s' * (len(broken) != 1)} ({_names(broken)})"
    locked = [plan.item(i).label for i in preview.conflicts]
    if locked:
        text += f"; conflicts with {len(locked)} locked date{'s' * (len(locked) != 1)}"
        text += f" ({_names(locked)})"
    return text


def _name(label: str) -> str:
    return printable(shorten(label, 60), keep_newlines=False)


def _names(labels: list[str]) -> str:
    return ", ".join(_name(x) for x in labels[:3]) + ("…" if len(labels) > 3 else "")
