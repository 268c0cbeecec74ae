"""Recording progress: "started on", "done on", "N working days left", "60 % done".

``resolve_progress`` turns a ``RecordProgress`` request into one ``UpdateItem`` (verb
"Update progress of"), which the session applies like any edit: an inverse, a history
entry, and notices for every team it moves, like a slip (DESIGN.md, ``planner
update``). The rules:

- ``started``: the actual start; the item is then in progress (it starts there). The
  duration it has then is kept as its ``estimate`` (what the forecast measures against).
- ``done``: done, with that actual finish; an actual start it lacks becomes its
  scheduled start. A done task shows 100 %.
- ``remaining``: N working days are left, today counted as the first (a non-working
  today counts from the next working day): its finish becomes the end of the N-th
  working day from today, and its duration changes to fit. Refused for an item not
  started (see ``counts_as_started``).
- ``progress``: 0-100, shown, never scheduled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from planner.domain.edits import UpdateItem
from planner.domain.errors import PlanError
from planner.domain.model import Item, Plan
from planner.domain.text import quoted
from planner.scheduling.schedule import Schedule

__all__ = ["PROGRESS_VERB", "RecordProgress", "counts_as_started", "resolve_progress"]

PROGRESS_VERB = "Update progress of"


@dataclass(frozen=True)
class RecordProgress:
    """A progress report on one item; the fields left None are not changed."""

    item_id: str
    today: date
    started: date | None = None
    done: date | None = None
    progress: int | None = None
    remaining: int | None = None
    reason: str = ""


def counts_as_started(item: Item, sched: Schedule, today: date) -> bool:
    """An item counts as started when it has an actual start or its scheduled start is
    on or before today (how ``slip`` chooses between moving it and making it longer)."""
    if item.actual_start is not None or item.done:
        return True
    return sched.dates(item.id)[0] <= today


def resolve_progress(plan: Plan, sched: Schedule, req: RecordProgress) -> UpdateItem:
    """The edit that records ``req``. Raises PlanError naming what is wrong."""
    item = plan.item(req.item_id)
    where = f"update of {quoted(item.id)}"
    if req.started is None and req.done is None and req.progress is None and req.remaining is None:
        raise PlanError(
            f"{where}: nothing to record (a start, a done date, a progress or the days remaining)"
        )
    if req.done is not None and req.remaining is not None:
        raise PlanError(f"{where}: give either a done date or the days remaining, not both")
    changes: dict[str, Any] = {}
    actual_start = item.actual_start
    if req.started is not None:
        if item.is_milestone:
            raise PlanError(f"{where}: a milestone has no start to record; mark it done")
        actual_start = req.started
        changes["actual_start"] = req.started
    if req.progress is not None:
        if not 0 <= req.progress <= 100:
            raise PlanError(f"{where}: progress must be 0 to 100, not {quoted(req.progress)}")
        changes["progress"] = req.progress
    if req.done is not None:
        changes.update(_done(item, sched, req.done, actual_start, where))
        actual_start = changes.get("actual_start", actual_start)
    if req.remaining is not None:
        changes.update(_remaining(item, sched, req, actual_start, where))
    if "actual_start" in changes and item.estimate is None and not item.is_milestone:
        changes["estimate"] = item.duration  # the estimate it was started with
    started, finished = changes.get("actual_start"), item.actual_finish
    if started is not None and finished is not None and req.done is None and finished < started:
        raise PlanError(f"{where}: it started after it was done ({finished})")
    return UpdateItem(item.id, tuple(sorted(changes.items())), PROGRESS_VERB, reason=req.reason)


def _done(
    item: Item, sched: Schedule, finish: date, actual_start: date | None, where: str
) -> dict[str, Any]:
    out: dict[str, Any] = {"done": True, "actual_finish": finish}
    if item.is_milestone:
        return out
    if actual_start is None:
        actual_start = sched.dates(item.id)[0]
        out["actual_start"] = actual_start
    if finish < actual_start:
        raise PlanError(f"{where}: done on {finish}, before it started on {actual_start}")
    out["progress"] = 100
    return out


def _remaining(
    item: Item, sched: Schedule, req: RecordProgress, actual_start: date | None, where: str
) -> dict[str, Any]:
    if item.is_milestone:
        raise PlanError(f"{where}: a milestone has no days remaining; mark it done")
    if item.done:
        raise PlanError(f"{where}: the item is done; nothing remains")
    days = req.remaining
    assert days is not None
    if days < 1:
        raise PlanError(
            f"{where}: the days remaining must be at least 1 (mark it done when nothing is left)"
        )
    if actual_start is None and not counts_as_started(item, sched, req.today):
        first = sched.dates(item.id)[0]
        raise PlanError(
            f"{where}: the item has not started (it is scheduled from {first:%a %d %b %Y});"
            " record its start first"
        )
    cal = sched.calendar
    start = cal.start_index(actual_start) if actual_start is not None else sched.points(item.id)[0]
    finish = cal.start_index(req.today) + days
    duration = finish - start
    if duration < 1:
        raise PlanError(f"{where}: it starts after the {days} remaining days would end")
    if not cal.has_index(finish - 1):
        raise PlanError(f"{where}: {days} working days from today fall outside the calendar")
    out: dict[str, Any] = {"duration": duration}
    if actual_start is None:
        # counted as started without a recorded start: it keeps the start it has now,
        # so that it does not jump if its drivers change later (as a slip does)
        out["start"] = cal.date_of(start)
    return out
