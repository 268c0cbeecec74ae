"""Recording a slip: "this item will finish N working days later than now scheduled".

An item not started yet moves (its planned start becomes its scheduled start + N);
one that counts as started (an actual start, or a scheduled start on or before today;
``planner.app.actuals.counts_as_started``) takes N days longer. A done item cannot
slip.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planner.domain.edits import UpdateItem
from planner.domain.errors import PlanError
from planner.domain.model import LAST_DAY, Plan
from planner.domain.text import quoted
from planner.scheduling.schedule import Schedule

__all__ = ["RecordSlip", "Slip", "resolve_slip"]


@dataclass(frozen=True)
class RecordSlip:
    """A request to slip ``item_id`` by ``days`` (or to a ``new_finish`` date)."""

    item_id: str
    days: int | None
    reason: str
    today: date
    new_finish: date | None = None


def Slip(item_id: str, changes: tuple[tuple[str, object], ...], *, reason: str) -> UpdateItem:
    """The concrete edit a slip resolves to; marks its item as the root cause."""
    return UpdateItem(item_id, changes, "Slip", reason=reason)


def resolve_slip(plan: Plan, sched: Schedule, req: RecordSlip) -> UpdateItem:
    """The edit that makes ``req`` true. Raises PlanError naming what is wrong."""
    item = plan.item(req.item_id)
    where = f"slip of {quoted(item.id)}"
    if not req.reason.strip():
        raise PlanError(f"{where}: a reason is required")
    if item.done:
        raise PlanError(f"{where}: the item is done and cannot slip")
    s, f = sched.points(item.id)
    cal = sched.calendar
    days = req.days
    if req.new_finish is not None:
        days = cal.end_point(req.new_finish) - f
        if days < 1:
            raise PlanError(f"{where}: {req.new_finish} is not later than its scheduled finish")
    if days is None or days < 1:
        raise PlanError(f"{where}: the number of days must be at least 1")
    if not cal.has_index(f - 1 + days):
        later = f"{quoted(days)} working days later"
        raise PlanError(f"{where}: {later} is after {LAST_DAY}, the calendar's last day")
    today = cal.start_index(req.today)
    if item.is_milestone:
        new_day = cal.date_of(s - 1 + days)
        return Slip(item.id, (("start", new_day),), reason=req.reason)
    not_started = s > today or (s == today and not cal.is_working(req.today))
    if not_started and not item.in_progress:  # (an actual start in the future: started)
        return Slip(item.id, (("start", cal.date_of(s + days)),), reason=req.reason)
    # In progress: it keeps its start and takes longer; pin the start it had so that it
    # does not jump if its drivers change later.
    return Slip(
        item.id,
        (("duration", (f - s) + days), ("start", cal.date_of(s))),
        reason=req.reason,
    )
