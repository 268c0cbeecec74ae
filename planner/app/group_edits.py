"""Edits of several selected items at once, each one edit (one undo step), without Qt.

The timeline's selection menu (planner/gui/selection_commands.py) marks several items
done, locks or unlocks their dates, gives them a team or deletes them. Each builder
returns the one edit that does it (a ``Batch`` for several, the plain edit for one) for
the items it applies to, and skips the rest (already done, already locked, already in
that team); it raises PlanError with one line when it applies to none. ``lock_dates`` is
the lock of one item, on the dates it is scheduled on (the item menu and the inspector
lock with it too).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from planner.app.actuals import RecordProgress, resolve_progress
from planner.app.session import PlanSession
from planner.domain.edits import Batch, Edit, RemoveItem, UpdateItem
from planner.domain.errors import PlanError
from planner.domain.text import quoted

__all__ = [
    "LOCK_VERB",
    "delete_all",
    "lock_all",
    "lock_dates",
    "mark_done_all",
    "one_edit",
    "present_ids",
    "set_team_all",
]

LOCK_VERB = "Lock dates of"  # how the history names a lock


def present_ids(session: PlanSession, item_ids: Iterable[str]) -> list[str]:
    """The ids of ``item_ids`` that name an item of the plan, in order, each once."""
    plan = session.plan
    return list(dict.fromkeys(i for i in item_ids if plan.has_item(i)))


def one_edit(edits: Sequence[Edit], title: str, kind: str | None = None) -> Edit:
    """The one edit of ``edits`` (at least one): itself, or a Batch titled ``title``."""
    if len(edits) == 1:
        return edits[0]
    return Batch(tuple(edits), title, kind)


def mark_done_all(session: PlanSession, item_ids: Iterable[str], today: date) -> Edit:
    """Mark every item not done yet done today (a task whose schedule has not started it
    by today also started today). Raises PlanError when all are done already."""
    plan, sched = session.plan, session.schedule
    edits: list[Edit] = []
    for i in present_ids(session, item_ids):
        it = plan.item(i)
        if it.done:
            continue
        early = not it.is_milestone and it.actual_start is None and sched.dates(i)[0] > today
        req = RecordProgress(i, today, done=today, started=today if early else None)
        edits.append(resolve_progress(plan, sched, req))
    if not edits:
        raise PlanError("the selected items are done already")
    return one_edit(edits, f"Mark {len(edits)} items done", "progress")


def lock_dates(session: PlanSession, item_id: str) -> UpdateItem:
    """The edit that locks ``item_id`` on the dates it is scheduled on now, so nothing
    moves: a locked item sits on its planned start, so an item its dependencies hold
    later than planned gets that later start with the lock, in one edit (a done item
    sits on its actual dates: only the lock)."""
    item = session.plan.item(item_id)
    first = session.schedule.dates(item_id)[0]
    changes: dict[str, object] = {"locked": True}
    if not item.done and first != item.start:
        changes["start"] = first
    return UpdateItem(item_id, tuple(sorted(changes.items())), LOCK_VERB)


def lock_all(session: PlanSession, item_ids: Iterable[str], locked: bool) -> Edit:
    """Lock the dates of every item not locked yet, each on its scheduled dates
    (``lock_dates``), or unlock every locked one. Raises PlanError when none would
    change."""
    plan = session.plan
    ids = [i for i in present_ids(session, item_ids) if plan.item(i).locked != locked]
    if not ids:
        raise PlanError(f"the selected items are {'locked' if locked else 'unlocked'} already")
    verb = "Lock" if locked else "Unlock"
    edits = [lock_dates(session, i) if locked else UpdateItem.of(i, locked=False) for i in ids]
    return one_edit(edits, f"{verb} {len(ids)} items")


def set_team_all(session: PlanSession, item_ids: Iterable[str], team: str | None) -> Edit:
    """Put every item in ``team`` (None: no team). Raises PlanError for an unknown team
    or when all are in it already."""
    plan = session.plan
    if team is not None and team not in plan.team_index:
        raise PlanError(f"unknown team {quoted(team)}")
    ids = [i for i in present_ids(session, item_ids) if plan.item(i).team != team]
    if not ids:
        raise PlanError(f"the selected items are in {plan.team_name(team)} already")
    name = plan.team_name(team)
    return one_edit([UpdateItem.of(i, team=team) for i in ids], f"Move {len(ids)} items to {name}")


def delete_all(session: PlanSession, item_ids: Iterable[str]) -> Edit:
    """Delete every item (and each link touching one). Raises PlanError for none."""
    ids = present_ids(session, item_ids)
    if not ids:
        raise PlanError("no item to delete")
    return one_edit([RemoveItem(i) for i in ids], f"Delete {len(ids)} items")
