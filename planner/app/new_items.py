"""New items for the Item menu (and Ctrl+T / Ctrl+M) and the timeline's context menus: a
unique id, a sensible team and date, as the AddItem edit that makes them. Pure: the
window only applies it."""

from __future__ import annotations

from datetime import date

from planner.app.session import PlanSession
from planner.domain.edits import AddItem
from planner.domain.model import Item, Plan


def unique_id(plan: Plan, prefix: str) -> str:
    k = len(plan.items) + 1
    while plan.has_item(f"{prefix}-{k}"):
        k += 1
    return f"{prefix}-{k}"


def new_item_edit(session: PlanSession, kind: str, selected: str | None, today: date) -> AddItem:
    """An AddItem for a new task or milestone: in the selected item's team, starting
    after it (or today, in the first team, when nothing is selected)."""
    plan, cal = session.plan, session.calendar
    team = plan.teams[0].id if plan.teams else None
    start = cal.date_of(cal.start_index(today))
    position = None
    if selected is not None and plan.has_item(selected):
        sel = plan.item(selected)
        team = sel.team
        finish = session.schedule.points(selected)[1]
        start = cal.date_of(finish - 1 if kind == "milestone" else finish)
        position = plan.item_index[selected] + 1
    return AddItem(_new_item(plan, kind, team, start), (), position)


def new_item_at(session: PlanSession, kind: str, team: str | None, day: date) -> AddItem:
    """An AddItem for a new task or milestone in ``team`` (None: no team) on ``day`` (the
    next working day when ``day`` is not worked), placed after that team's last item.
    Raises PlanError for a day outside the calendar."""
    plan, cal = session.plan, session.calendar
    start = cal.date_of(cal.start_index(day))
    last = max((k for k, it in enumerate(plan.items) if it.team == team), default=None)
    return AddItem(_new_item(plan, kind, team, start), (), None if last is None else last + 1)


def _new_item(plan: Plan, kind: str, team: str | None, start: date) -> Item:
    if kind == "milestone":
        return Item(unique_id(plan, "milestone"), "New milestone", team, "milestone", start, 0)
    return Item(unique_id(plan, "task"), "New task", team, "task", start, 5)


def new_item_key(item_id: str) -> str:
    """The history merge key of a new item's step: its first title, given right after
    (the inline editor a new item opens with), joins it as one undo step."""
    return f"new:{item_id}"
