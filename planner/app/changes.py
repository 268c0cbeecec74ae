"""``Changes``: what one applied edit (or undo, redo, acknowledgement) changed.

Like Anki's ``OpChanges``: every mutating call of the session returns one, and each
screen decides from its kinds what to redraw. ``initiator`` is whatever the caller
passed to ``apply``, so a widget can skip the echo of its own edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import numpy as np

from planner.app.notices import NoticeDraft
from planner.domain.edits import Edit
from planner.domain.model import Plan
from planner.scheduling.impact import Impact
from planner.scheduling.schedule import Schedule, Violation

__all__ = ["ChangeKind", "Changes", "diff_kinds"]


class ChangeKind(Enum):
    TIMING = "timing"  # some items' scheduled dates moved
    ITEMS = "items"  # items added, removed or edited
    LINKS = "links"
    TEAMS = "teams"
    STAKEHOLDERS = "stakeholders"
    SPRINTS = "sprints"
    CALENDAR = "calendar"
    NAME = "name"
    NOTICES = "notices"
    BASELINES = "baselines"
    VIOLATIONS = "violations"  # deadline misses / conflicts appeared or went away
    CRITICAL = "critical"  # some items became critical or stopped being


# What makes every view rebuild rather than patch: the set or order of items, the links
# drawn between them, the lanes, the sprint bands, the working-day axis.
_STRUCTURAL = frozenset(
    {ChangeKind.LINKS, ChangeKind.TEAMS, ChangeKind.SPRINTS, ChangeKind.CALENDAR}
)


@dataclass(frozen=True)
class Changes:
    """What one call changed. ``impact`` is empty for calls that move nothing."""

    label: str
    edit: Edit | None
    inverse: Edit | None
    reason: str
    impact: Impact
    history_id: int | None
    notices: tuple[NoticeDraft, ...]
    kinds: frozenset[ChangeKind]
    items_added: frozenset[str] = frozenset()
    items_removed: frozenset[str] = frozenset()
    items_edited: frozenset[str] = frozenset()
    violations_added: tuple[Violation, ...] = ()
    violations_resolved: tuple[Violation, ...] = ()
    critical_flipped: frozenset[str] = frozenset()
    slack_changed: frozenset[str] = frozenset()  # items whose total or free slack changed
    initiator: object | None = field(default=None, compare=False)

    @property
    def moved_ids(self) -> list[str]:
        return [m.id for m in self.impact.moved]

    @property
    def structural(self) -> bool:
        """True when views must rebuild: items added or removed, links, teams, sprints
        or the calendar changed."""
        return bool(self.items_added or self.items_removed or self.kinds & _STRUCTURAL)


@dataclass(frozen=True)
class ItemDiff:
    added: frozenset[str]
    removed: frozenset[str]
    edited: frozenset[str]


def item_diff(before: Plan, after: Plan) -> ItemDiff:
    """Which items an edit added, removed or changed (identity first: an untouched item
    is the same object in both plans, so this costs little beyond the scan)."""
    if after.items is before.items:
        return ItemDiff(frozenset(), frozenset(), frozenset())
    edited = after.edited_since(before)
    if edited is not None:
        changed = frozenset(i for i in edited if before.item(i) != after.item(i))
        return ItemDiff(frozenset(), frozenset(), changed)
    a_items, b_items = before.items, after.items
    if len(a_items) == len(b_items) and all(
        a is b or a.id == b.id for a, b in zip(a_items, b_items, strict=True)
    ):
        edited = frozenset(
            b.id for a, b in zip(a_items, b_items, strict=True) if a is not b and a != b
        )
        return ItemDiff(frozenset(), frozenset(), edited)
    old = {it.id: it for it in a_items}
    new = {it.id: it for it in b_items}
    return ItemDiff(
        frozenset(new.keys() - old.keys()),
        frozenset(old.keys() - new.keys()),
        frozenset(i for i in new.keys() & old.keys() if old[i] != new[i]),
    )


def _critical_flips(before: Schedule, after: Schedule) -> frozenset[str]:
    crit_b = before.total_slack <= 0
    crit_a = after.total_slack <= 0
    if before.ids is after.ids or before.ids == after.ids:
        return frozenset(after.ids[i] for i in np.flatnonzero(crit_a != crit_b))
    was = {i for i, c in zip(before.ids, crit_b, strict=True) if c}
    now = {i for i, c in zip(after.ids, crit_a, strict=True) if c}
    return frozenset((was ^ now) & set(after.ids))


def _slack_changes(before: Schedule, after: Schedule) -> frozenset[str]:
    if before.ids is after.ids or before.ids == after.ids:
        diff = (before.total_slack != after.total_slack) | (before.free_slack != after.free_slack)
        return frozenset(after.ids[i] for i in np.flatnonzero(diff))
    return frozenset(after.ids)


def diff_kinds(
    before_plan: Plan,
    after_plan: Plan,
    before: Schedule,
    after: Schedule,
    impact: Impact,
    notices_changed: bool,
) -> dict[str, object]:
    """The keyword arguments of ``Changes`` that say what changed between two states."""
    kinds: set[ChangeKind] = set()
    if before_plan.name != after_plan.name:
        kinds.add(ChangeKind.NAME)
    if before_plan.calendar != after_plan.calendar:
        kinds.add(ChangeKind.CALENDAR)
    if before_plan.teams != after_plan.teams:
        kinds.add(ChangeKind.TEAMS)
    if before_plan.stakeholders != after_plan.stakeholders:
        kinds.add(ChangeKind.STAKEHOLDERS)
    if before_plan.sprints != after_plan.sprints:
        kinds.add(ChangeKind.SPRINTS)
    if before_plan.dependencies != after_plan.dependencies:
        kinds.add(ChangeKind.LINKS)
    items = item_diff(before_plan, after_plan)
    if items.added or items.removed or items.edited:
        kinds.add(ChangeKind.ITEMS)
    if impact.moved:
        kinds.add(ChangeKind.TIMING)
    if notices_changed:
        kinds.add(ChangeKind.NOTICES)
    added, resolved = impact.new_violations, impact.resolved_violations
    if added or resolved:
        kinds.add(ChangeKind.VIOLATIONS)
    flips = _critical_flips(before, after) if before is not after else frozenset()
    slack = _slack_changes(before, after) if before is not after else frozenset()
    if flips:
        kinds.add(ChangeKind.CRITICAL)
    return {
        "kinds": frozenset(kinds),
        "items_added": items.added,
        "items_removed": items.removed,
        "items_edited": items.edited,
        "violations_added": added,
        "violations_resolved": resolved,
        "critical_flipped": flips,
        "slack_changed": slack,
    }
