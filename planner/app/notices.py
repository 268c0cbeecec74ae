"""Delay notices as values: one per affected team, and one per stakeholder watching what
moved, per edit.

A notice lists every item of its team whose dates the edit changed, with old and new
dates, the shift, the sprint it now lands in, its deadline status and the causal chain
back to the root cause. Notices are made for every slip, and for any other edit that
moves items of a team other than the edited item's own; progress updates and sprint
reviews are news like slips.

A stakeholder (DESIGN.md, 'Team-driven deadlines') gets a notice of its own whenever an
edit moves items it watches: the same chain and reason, for those items only, and for
any edit (a stakeholder is never the edited item's team). An item with an agreed date
says, in its ``agreed`` entry, whether the edit put that date at risk: ``missed`` when
its scheduled finish is now after the agreed date and was not before (judged on the
schedule; the forecast is not run for a notice). An item whose slack absorbed the edit
did not move, so it is in no notice. Each body says whom it is for: ``team`` holds the
recipient's id and ``recipient`` ``"team"`` or ``"stakeholder"``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from planner.domain.edits import AddDependency, Batch, Edit, RemoveDependency, UpdateDependency
from planner.domain.model import Plan
from planner.scheduling.calendar import WorkCalendar
from planner.scheduling.impact import Impact, MovedItem

__all__ = ["NoticeDraft", "draft_notices", "edit_teams", "moved_entry", "other_teams"]

NO_TEAM = ""


@dataclass(frozen=True)
class NoticeDraft:
    team: str  # the recipient's id: a team's ('' for items without one) or a stakeholder's
    reason: str
    root: str
    body: dict[str, Any]


class _AgreedDates:
    """How a moved item now stands against its agreed date, in working days; the
    calendar is built only for an item whose agreed date is not its deadline."""

    def __init__(self, plan: Plan) -> None:
        self._plan = plan
        self._calendar: WorkCalendar | None = None

    def entry(self, m: MovedItem) -> dict[str, Any] | None:
        agreed = self._plan.item(m.id).agreed
        if agreed is None:
            return None
        was_late, late = m.old_finish > agreed, m.new_finish > agreed
        if agreed == m.deadline:
            late_by = m.late_by
        else:
            if self._calendar is None:
                self._calendar = WorkCalendar(self._plan.calendar)
            cal = self._calendar
            late_by = max(0, cal.end_point(m.new_finish) - cal.end_point(agreed))
        status = ("still missed" if was_late else "missed") if late else "met"
        return {"date": agreed.isoformat(), "status": status, "late_by": late_by}


def edit_teams(plan: Plan, edit: Edit) -> frozenset[str | None]:
    """The teams an edit is the own business of: those of the items whose dates it edits
    (None for an item without a team); for a link, the team of its two ends when they
    are in one team, else none (it ties two teams together); for a batch, its parts'."""
    if isinstance(edit, Batch):
        return frozenset().union(*(edit_teams(plan, e) for e in edit.edits))
    if isinstance(edit, AddDependency):
        ends = (edit.dependency.pred, edit.dependency.succ)
    elif isinstance(edit, (RemoveDependency, UpdateDependency)):
        ends = (edit.pred, edit.succ)
    else:
        ids = edit.timing_of(plan) or ()
        return frozenset(plan.item(i).team for i in ids if plan.has_item(i))
    teams = {plan.item(i).team for i in ends if plan.has_item(i)}
    return frozenset(teams) if len(teams) == 1 else frozenset()


def other_teams(plan: Plan, edit: Edit, moved: Iterable[str]) -> list[str | None]:
    """The teams of the ``moved`` items that are not the edit's own (``edit_teams``), each
    once, in the plan's order of teams (items without a team last): the teams an edit
    that is no news tells, and makes every team it moves hear of it."""
    own = edit_teams(plan, edit)
    found = {plan.item(i).team for i in moved if plan.has_item(i)} - own
    order = {t.id: k for k, t in enumerate(plan.teams)}
    return sorted(found, key=lambda t: order.get(t or "", len(order)))


def moved_entry(m: MovedItem, agreed: dict[str, Any] | None) -> dict[str, Any]:
    """A notice's ``items`` entry: the impact's, with the agreed date's when it has one."""
    out = m.to_dict()
    if agreed is not None:
        out["agreed"] = agreed
    return out


def draft_notices(plan: Plan, impact: Impact, edit: Edit) -> tuple[NoticeDraft, ...]:
    """The notices an applied edit produces: for news (a slip, a progress update, a
    sprint review: ``Edit.news``) one per team it moved, for another edit none unless it
    moved items of a team other than the edited items' own; and for any edit, one per
    stakeholder watching an item it moved."""
    if not impact.moved:
        return ()
    news = edit.news
    roots = impact.roots
    root = roots[0] if roots else ""
    root_title = plan.item(root).label if root and plan.has_item(root) else ""
    # a batch (a sprint review) acts on several items: its own title names it
    named = isinstance(edit, Batch) or not root
    common = {
        "reason": edit.reason,
        "kind": news or "edit",
        "root": root,
        "root_title": root_title,
        "edit": edit.describe(plan) if named else f"{edit.label}: {root_title}",
    }
    agreed = _AgreedDates(plan)
    entries = {m.id: moved_entry(m, agreed.entry(m)) for m in impact.moved}
    out = []
    groups = impact.by_team(plan)
    if news is not None or other_teams(plan, edit, (m.id for m in impact.moved)):
        for team, moved in groups:
            team_id = team or NO_TEAM
            out.append(
                _draft(
                    team_id, plan.team_name(team), "team", common, [entries[m.id] for m in moved]
                )
            )
    out += _stakeholder_notices(plan, impact.moved, entries, common)
    return tuple(out)


def _stakeholder_notices(
    plan: Plan,
    moved: Sequence[MovedItem],
    entries: dict[str, dict[str, Any]],
    common: dict[str, Any],
) -> list[NoticeDraft]:
    """One notice per stakeholder watching a moved item (the plan's order of
    stakeholders; the impact's order of items)."""
    if not plan.stakeholders:
        return []
    watched: dict[str, list[dict[str, Any]]] = {}
    for m in moved:
        for w in plan.item(m.id).watchers:
            watched.setdefault(w, []).append(entries[m.id])
    return [
        _draft(s.id, s.name, "stakeholder", common, watched[s.id])
        for s in plan.stakeholders
        if s.id in watched
    ]


def _draft(
    recipient: str, name: str, kind: str, common: dict[str, Any], items: list[dict[str, Any]]
) -> NoticeDraft:
    body = {"team": recipient, "team_name": name, "recipient": kind, **common, "items": items}
    return NoticeDraft(recipient, common["reason"], common["root"], body)
