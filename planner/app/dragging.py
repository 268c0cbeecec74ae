"""Drags and nudges spoken in edits and dates, without Qt.

The timeline shows days; the scheduler works in working-day points. These are the
rules between the two for the gestures a PM makes: a nudge moves an item's planned
date by whole working days; dragging a bar by some calendar days moves its first day
(a milestone: its day) there, snapped to working days; dragging its end makes its last
day that one. ``ItemDrag`` turns each step of a drag into the edit the drop would stand
for and the session's preview of it, so the GUI only draws.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Literal

from planner.app.group_edits import one_edit, present_ids
from planner.app.session import PlanSession, Preview
from planner.domain.edits import Edit, MoveItem, SetDuration, UpdateItem
from planner.domain.errors import PlanError
from planner.domain.text import quoted

__all__ = ["GroupDrag", "ItemDrag", "group_edit", "nudge", "nudge_all"]

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


class _Following:
    """What a drag has in common: ``to(days)`` follows the pointer, ``edit_for(days)``
    (the subclass's) says what a drop there would apply, and ``preview`` what it moves."""

    __slots__ = ("days", "edit", "preview", "session")
    days: int | None
    edit: Edit | None
    preview: Preview
    session: PlanSession

    def edit_for(self, days: int) -> Edit | None:
        raise NotImplementedError

    def to(self, days: int) -> bool:
        """Follow the pointer; True if the edit (and so the preview) changed.
        Raises PlanError if the edit would be refused (the preview is then empty)."""
        if days == self.days:
            return False
        self.days = days
        edit = self.edit_for(days)
        if edit == self.edit:
            return False
        self.edit = edit
        self.preview = Preview.empty()
        if edit is not None:
            self.preview = self.session.preview(edit)
        return True


class ItemDrag(_Following):
    """A move (``"move"``) or a resize (``"end"``) of one item under way.

    ``to(days)`` follows the pointer ``days`` calendar days from where the drag began and
    returns True when that changes the edit; ``edit`` is then what a drop would apply
    (None: nothing would change) and ``preview`` what it would move, break and push.
    Raises PlanError when the item can't be dragged (it is done).
    """

    __slots__ = ("_first_day", "_last_day", "_planned", "item", "mode", "scheduled")

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

    def edit_for(self, days: int) -> UpdateItem | None:
        """The edit of a drop ``days`` calendar days from the start (None: no change)."""
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


def group_edit(edits: list[UpdateItem], verb: str = "Move") -> Edit | None:
    """One edit for several: None for none, the edit itself for one, else a Batch titled
    '<verb> N items'."""
    return one_edit(edits, f"{verb} {len(edits)} items") if edits else None


def _movable(session: PlanSession, item_ids: Iterable[str]) -> tuple[list[str], tuple[str, ...]]:
    """The ids of ``item_ids`` that can move (in order, each once), and the done ones."""
    plan = session.plan
    ids = present_ids(session, item_ids)
    return [i for i in ids if not plan.item(i).done], tuple(i for i in ids if plan.item(i).done)


def nudge_all(
    session: PlanSession, item_ids: Iterable[str], days: int
) -> tuple[Edit, tuple[str, ...]]:
    """The one edit that moves every item of ``item_ids`` ``days`` working days (each from
    its own planned date), and the done items left where they are. Raises PlanError when
    every one is done, or when a move falls outside the calendar."""
    ids, stays = _movable(session, item_ids)
    if not ids:
        raise PlanError("the selected items are done: they stay on their dates")
    edit = group_edit([nudge(session, i, days) for i in ids])
    assert edit is not None  # at least one nudge: a nudge always moves
    return edit, stays


class GroupDrag(_Following):
    """A move of several items under way, pressed on ``primary``: the same interface as
    a move ``ItemDrag``. Every item moves the same number of calendar days and snaps by
    its own rules; ``edit`` is one Batch (or the one edit that changes anything), and
    ``preview`` its preview. Done items stay (``stays``). Raises PlanError when
    ``primary`` is done (it can't follow the pointer)."""

    __slots__ = ("item", "mode", "parts", "stays")

    def __init__(self, session: PlanSession, item_ids: Iterable[str], primary: str) -> None:
        ids, self.stays = _movable(session, [primary, *item_ids])
        first = ItemDrag(session, primary, "move")  # raises for a done primary
        self.parts = [first] + [ItemDrag(session, i, "move") for i in ids if i != primary]
        self.session, self.item, self.mode = session, first.item, "move"
        self.days: int | None = None
        self.edit: Edit | None = None
        self.preview = Preview.empty()

    @property
    def ids(self) -> tuple[str, ...]:
        """The items that move with the pointer, the pressed one first."""
        return tuple(p.item.id for p in self.parts)

    def edit_for(self, days: int) -> Edit | None:
        """The one edit moving every part ``days`` calendar days (None: no change)."""
        return group_edit([e for p in self.parts if (e := p.edit_for(days)) is not None])

    def points(self, item_id: str | None = None) -> tuple[int, int]:
        """Where an item of the group (default: the pressed one) would be."""
        item_id = item_id or self.item.id
        part = next(p for p in self.parts if p.item.id == item_id)
        return self.preview.moved.get(item_id, part.scheduled)
