"""Why an item sits where it does, in words: its driver chain read back to the root.

Example: "Invoices starts Mon 18 Jan 2027 because it needs Billing settings finished
(FS). Billing settings starts Thu 14 Jan 2027 because it needs Payments API finished
+ 2 days (FS, lag 2). Payments API starts Mon 4 Jan 2027: its planned date."
"""

from __future__ import annotations

from datetime import date

from planner.domain.model import Plan
from planner.scheduling.schedule import Schedule

__all__ = ["days", "explain", "format_day", "link_phrase"]

_NEEDS = {
    "FS": "{p} finished",
    "SS": "{p} started",
    "FF": "{p} finished before it can finish",
    "SF": "{p} started before it can finish",
}


def days(n: int) -> str:
    """'1 working day', '3 working days'."""
    return f"{n} working day{'' if abs(n) == 1 else 's'}"


def format_day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b %Y}"


def link_phrase(pred_title: str, dep_type: str, lag: int) -> str:
    """'Checkout page started + 1 day' for SS with lag 1."""
    text = _NEEDS.get(dep_type, "{p}").format(p=pred_title)
    if lag:
        unit = "day" if abs(lag) == 1 else "days"
        text += f" {'+' if lag > 0 else '-'} {abs(lag)} {unit}"
    return text


def explain(plan: Plan, sched: Schedule, item_id: str, limit: int = 12) -> list[str]:
    """Sentences from the item back along its drivers (at most ``limit``), then its slack
    and violations. Raises KeyError for an unknown id."""
    out = []
    current = item_id
    for _ in range(limit):
        item = plan.item(current)
        first, last = sched.dates(current)
        verb = "is on" if item.is_milestone else "starts"
        drv = sched.driver(current)
        if drv.kind == "planned":
            out.append(f"{item.label} {verb} {format_day(first)}: its planned date.")
        elif drv.kind == "locked":
            out.append(f"{item.label} is locked on {format_day(first)}, a fixed date.")
        elif drv.kind == "done":
            span = (
                format_day(first) if first == last else f"{format_day(first)} – {format_day(last)}"
            )
            out.append(f"{item.label} is done ({span}).")
        elif drv.kind == "started":
            out.append(f"{item.label} started on {format_day(first)}: it is in progress.")
        else:
            pred = plan.item(drv.pred or "")
            needs = link_phrase(pred.label, drv.type or "FS", drv.lag)
            lag = f", lag {drv.lag}" if drv.lag else ""
            why = f"because it needs {needs} ({drv.type}{lag})"
            out.append(f"{item.label} {verb} {format_day(first)} {why}.")
            current = pred.id
            continue
        break
    i = sched.pos(item_id)
    ts, fs = int(sched.total_slack[i]), int(sched.free_slack[i])
    item = plan.item(item_id)
    if not (item.locked or item.done):
        if ts > 0:
            out.append(
                f"It can slip {days(ts)} before a deadline, a "
                f"locked date or the end of the plan moves; {fs} before it moves anything else."
            )
        elif ts == 0:
            out.append(
                "It is critical: any slip moves a deadline, a locked date or the plan's end."
            )
        else:
            out.append(f"It is critical: it is already {days(-ts)} too late downstream.")
    for v in sched.violations_of(item_id):
        named = (v.item, v.pred) if v.pred else (v.item,)
        title_of = {i: plan.item(i).label for i in named if plan.has_item(i)}
        out.append(v.describe(title_of) + ".")
    return out
