"""Impact of an edit: the schedule before vs after, grouped by team.

Every item whose dates changed is listed with its old and new dates, the shift in
working and calendar days, the sprint it now lands in, its deadline status and the
causal chain from the edit's root items to it. Items whose slack absorbed the change
do not appear. This is the raw material of delay notices.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from planner.domain.model import Plan
from planner.scheduling.schedule import Schedule, Violation
from planner.scheduling.sprints import sprint_at

__all__ = ["Impact", "MovedItem", "compute_impact"]


@dataclass(frozen=True)
class MovedItem:
    id: str
    title: str
    team: str | None
    role: Literal["slip", "pushed"]  # the edited item itself, or one it moved
    old_start: date
    old_finish: date
    new_start: date
    new_finish: date
    shift: int  # working days (finish moved by; the start when the finish did not move)
    calendar_shift: int  # calendar days the last day moved by
    old_sprint: str | None
    new_sprint: str | None
    deadline: date | None
    late_by: int  # working days past the deadline now (0 if none or met)
    newly_late: bool
    total_slack: int
    chain: tuple[str, ...]

    @property
    def sprint_changed(self) -> bool:
        return self.old_sprint != self.new_sprint

    @property
    def deadline_status(self) -> str:
        if self.deadline is None:
            return "none"
        if self.late_by > 0:
            return "missed" if self.newly_late else "still missed"
        return "met"

    def to_dict(self) -> dict[str, Any]:
        """The ``items`` entry of the notice JSON of DESIGN.md, plus a few extras."""
        return {
            "id": self.id,
            "title": self.title,
            "role": self.role,
            "old_start": self.old_start.isoformat(),
            "old_finish": self.old_finish.isoformat(),
            "new_start": self.new_start.isoformat(),
            "new_finish": self.new_finish.isoformat(),
            "shift": self.shift,
            "calendar_shift": self.calendar_shift,
            "chain": list(self.chain),
            "sprint": self.new_sprint,
            "old_sprint": self.old_sprint,
            "deadline": {
                "date": self.deadline.isoformat() if self.deadline else None,
                "status": self.deadline_status,
                "late_by": self.late_by,
                "slack": self.total_slack,
            },
        }


@dataclass(frozen=True)
class Impact:
    roots: tuple[str, ...]
    reason: str
    moved: tuple[MovedItem, ...]
    new_violations: tuple[Violation, ...]
    resolved_violations: tuple[Violation, ...]

    def by_team(self, plan: Plan) -> list[tuple[str | None, list[MovedItem]]]:
        """Moved items grouped by team, teams in the plan's lane order."""
        order = {t.id: i for i, t in enumerate(plan.teams)}
        groups: dict[str | None, list[MovedItem]] = {}
        for m in self.moved:
            groups.setdefault(m.team, []).append(m)
        return sorted(groups.items(), key=lambda kv: order.get(kv[0] or "", len(order)))

    @property
    def empty(self) -> bool:
        return not self.moved and not self.new_violations


def _chain(sched: Schedule, item_id: str, roots: set[str]) -> list[str] | None:
    chain = sched.chain(item_id)
    for k, x in enumerate(chain):
        if x in roots:
            return chain[k:]
    return None


def compute_impact(
    before_plan: Plan,
    before: Schedule,
    after_plan: Plan,
    after: Schedule,
    roots: Sequence[str],
    reason: str = "",
) -> Impact:
    """What an edit on ``roots`` changed; items only in one of the plans are ignored."""
    root_set = set(roots)
    if after.ids is before.ids or after.ids == before.ids:
        import numpy as np

        changed = np.flatnonzero(
            (before.start != after.start) | (before.finish != after.finish)
        ).tolist()
        moved_ids = [after.ids[i] for i in changed]
    else:
        common = [i for i in after.ids if i in before.index]
        moved_ids = [i for i in common if before.points(i) != after.points(i)]
    moved = []
    for item_id in moved_ids:
        item = after_plan.item(item_id)
        os_, of = before.dates(item_id)
        ns, nf = after.dates(item_id)
        ps, pf = before.points(item_id)
        qs, qf = after.points(item_id)
        shift = (qf - pf) if qf != pf else (qs - ps)
        chain = _chain(after, item_id, root_set) or _chain(before, item_id, root_set)
        if chain is None:
            chain = [item_id] if item_id in root_set else [*roots[:1], item_id]
        i = after.pos(item_id)
        late = 0
        was_late = 0
        if item.deadline is not None:
            late = max(0, qf - after.calendar.end_point(item.deadline))
            was_late = max(0, pf - before.calendar.end_point(item.deadline))
        old_sprint = sprint_at(before_plan.sprints, of, item.team)
        new_sprint = sprint_at(after_plan.sprints, nf, item.team)
        moved.append(
            MovedItem(
                id=item_id,
                title=item.label,
                team=item.team,
                role="slip" if item_id in root_set else "pushed",
                old_start=os_,
                old_finish=of,
                new_start=ns,
                new_finish=nf,
                shift=shift,
                calendar_shift=(nf - of).days if nf != of else (ns - os_).days,
                old_sprint=old_sprint.name if old_sprint else None,
                new_sprint=new_sprint.name if new_sprint else None,
                deadline=item.deadline,
                late_by=late,
                newly_late=late > 0 and was_late == 0,
                total_slack=int(after.total_slack[i]),
                chain=tuple(chain),
            )
        )
    added, resolved = after.violations_since(before)
    return Impact(
        roots=tuple(roots),
        reason=reason,
        moved=tuple(moved),
        new_violations=added,
        resolved_violations=resolved,
    )
