"""What the progress views show, worked out once for the inspector, the table and the
timeline: the working days an item has left as of today, whether it is overdue or
finished late, the date a "started on" / "done on" field offers, and how far its finish
moved against a baseline.

Plain values from the session's plan and schedule (no Qt, no session): each view asks
these functions instead of repeating the arithmetic, so the table's Remaining and the
inspector's agree with what ``RecordProgress(remaining=N)`` will do with them.
"""

from __future__ import annotations

from datetime import date

from planner.app.actuals import counts_as_started
from planner.domain.model import Item
from planner.scheduling.schedule import Schedule

__all__ = [
    "finish_shift",
    "finished_late",
    "overdue",
    "remaining_days",
    "shift_text",
    "suggested_day",
]

BaselineDates = dict[str, tuple[date, date]]


def remaining_days(item: Item, sched: Schedule, today: date) -> int | None:
    """Working days left for ``item`` as of ``today``, today counted as the first (as
    ``RecordProgress(remaining=N)`` reads N): None for a milestone, a done item or one
    not started yet (``counts_as_started``); 0 when it is past its scheduled finish."""
    if item.is_milestone or item.done or not counts_as_started(item, sched, today):
        return None
    finish = sched.points(item.id)[1]
    return max(finish - sched.calendar.start_index(today), 0)


def overdue(item: Item, today: date) -> bool:
    """In progress and still not done after its deadline (whatever its schedule says:
    the scheduler does not know what day it is)."""
    return item.in_progress and item.deadline is not None and today > item.deadline


def finished_late(item: Item) -> bool:
    """Done, with an actual finish after its deadline."""
    return (
        item.done
        and item.deadline is not None
        and item.actual_finish is not None
        and item.actual_finish > item.deadline
    )


def suggested_day(scheduled: date, today: date) -> date:
    """The day a "started on" / "done on" field offers when it is ticked: the scheduled
    day if that is past, else today (work is recorded after it happens)."""
    return min(scheduled, today)


def finish_shift(baseline: BaselineDates, sched: Schedule, item_id: str) -> int | None:
    """How many working days the item's finish moved since ``baseline`` (+ later, -
    earlier; the finish is what others wait for), or None when the baseline does not
    hold the item."""
    then = baseline.get(item_id)
    i = sched.index.get(item_id)
    if then is None or i is None:
        return None
    return int(sched.finish[i]) - sched.calendar.end_point(then[1])


def shift_text(days: int) -> str:
    """A shift as the table shows it: "+3 d", "-2 d", "0 d"."""
    return f"{days:+d} d" if days else "0 d"
