"""Which items a new dependency may join to one item without a cycle or a duplicate.

The timeline's "Add dependency" offers, for an item, the items it could wait for and
the items that could wait for it. ``link_candidates`` lists them in plan order: never
the item itself, never an item already linked that way, and never one that would close
a cycle (an item that already waits for it, directly or through others, can't be one it
waits for). Plain Python over the plan's links: linear in the plan's size.
"""

from __future__ import annotations

from collections import defaultdict

from planner.domain.model import Plan

__all__ = ["link_candidates"]


def link_candidates(plan: Plan, item_id: str, *, waits_for: bool) -> list[str]:
    """The ids ``item_id`` could wait for (``waits_for``: new links other -> item) or
    that could wait for it (new links item -> other). Raises PlanError for an unknown
    id."""
    plan.item(item_id)
    ahead: dict[str, list[str]] = defaultdict(list)  # the way a cycle would run back
    for d in plan.dependencies:
        if waits_for:
            ahead[d.pred].append(d.succ)
        else:
            ahead[d.succ].append(d.pred)
    # waits_for: item's successors (all the way down) can't become its predecessors
    blocked = {item_id}
    todo = [item_id]
    while todo:
        for nxt in ahead[todo.pop()]:
            if nxt not in blocked:
                blocked.add(nxt)
                todo.append(nxt)
    linked = {
        d.pred if waits_for else d.succ
        for d in plan.dependencies
        if (d.succ if waits_for else d.pred) == item_id
    }
    return [it.id for it in plan.items if it.id not in blocked and it.id not in linked]
