"""Drags and nudges spoken in edits and dates, without Qt.

The timeline shows days; the scheduler works in working-day points. These are the
rules between the two for the gestures a PM makes: a nudge moves an item's planned
date by whole working days; dragging a bar by some calendar days moves its first day
(a milestone: its day) there, snapped to working days; dragging its end makes its last
day that one. ``ItemDrag`` turns each step of a drag into the edit the drop would stand
for and the session's preview of it, so the GUI only draws.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from planner.app.session import PlanSession, Preview
from planner.domain.edits import MoveItem, SetDuration, UpdateItem
from planner.domain.errors import PlanError
from planner.domain.text import quoted

__all__ = ["ItemDrag", "nudge"]

DragMode = Literal["move", "end"]


def nudge(session: PlanSession, item_id: str, days: int) -> UpdateItem:
    """The edit that moves ``item_id``'s planned date ``days`` working days (negative:
    earlier). Raises PlanError for a done item, which stays on its actual dates."""
    item = session.plan.item(item_id)
    if item.done:
        raise PlanError(f"{quoted(item.label)} is done: it stays on its dates")
    cal = session.calendar
    planned = session.timing_of(item_id).planned + days
    day = cal.date_of(planned - 1) if item.is_milestone else cal.date_of(planned)
    return MoveItem(item_id, day)


class ItemDrag:
    """A move (``"move"``) or a resize (``"end"``) of one item under way.

    ``to(days)`` follows the pointer ``days`` calendar days from where the drag began and
    returns True when that changes the edit; ``edit`` is then what a drop would apply
    (None: nothing would change) and ``preview`` what it would move, break and push.
    Raises PlanError when the item can't be dragged (it is done).
    """

    __slots__ = (
        "_first_day", "_last_day", "_planned", "days", "edit", "item", "mode", "preview",
        "scheduled", "session",
    )  # fmt: skip

    def __init__(self, session: PlanSession, item_id: str, mode: DragMode) -> None:
        item = session.plan.item(item_id)
        if item.done:
            raise PlanError(f"{item.label} is done: it stays on its actual dates")
        self.session, self.item, self.mode = session, item, mode
        self.scheduled = session.schedule.points(item_id)
        s, f = self.scheduled
        cal = session.calendar
        self._first_day = cal.date_of(s - 1) if item.is_milestone else cal.date_of(s)
        self._last_day = cal.date_of(f - 1) if not item.is_milestone else self._first_day
        self._planned = session.timing_of(item_id).planned
        self.days: int | None = None
        self.edit: UpdateItem | None = None
        self.preview = Preview.empty()

    def to(self, days: int) -> bool:
        """Follow the pointer; True if the edit (and so the preview) changed.
        Raises PlanError if the edit would be refused (the preview is then empty)."""
        if days == self.days:
            return False
        self.days = days
        edit = self._edit_for(days)
        if edit == self.edit:
            return False
        self.edit = edit
        self.preview = Preview.empty()
        if edit is not None:
            self.preview = self.session.preview(edit)
        return True

    def _edit_for(self, days: int) -> UpdateItem | None:
        if days == 0:
            return None
        cal, item = self.session.calendar, self.item
        if self.mode == "move":
            day = self._first_day + timedelta(days=days)
            point = cal.end_point(day) if item.is_milestone else cal.start_index(day)
            if point == self._planned:
                return None
            new_day = cal.date_of(point - 1) if item.is_milestone else cal.date_of(point)
            return None if new_day == item.start else MoveItem(item.id, new_day)
        duration = max(1, cal.end_point(self._last_day + timedelta(days=days)) - self.scheduled[0])
        return None if duration == item.duration else SetDuration(item.id, duration)

    def points(self) -> tuple[int, int]:
        """Where the dragged item would be: its previewed points, else where it is."""
        return self.preview.moved.get(self.item.id, self.scheduled)
