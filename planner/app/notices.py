"""Delay notices as values: one per affected team per edit.

A notice lists every item of its team whose dates the edit changed, with old and new
dates, the shift, the sprint it now lands in, its deadline status and the causal chain
back to the root cause. Notices are made for every slip, and for any other edit that
moves items of a team other than the edited item's own; progress updates and sprint
reviews are news like slips.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from planner.domain.edits import Batch, Edit
from planner.domain.model import Plan
from planner.scheduling.impact import Impact

__all__ = ["NoticeDraft", "draft_notices"]

NO_TEAM = ""


@dataclass(frozen=True)
class NoticeDraft:
    team: str
    reason: str
    root: str
    body: dict[str, Any]


def draft_notices(plan: Plan, impact: Impact, edit: Edit) -> tuple[NoticeDraft, ...]:
    """The notices an applied edit produces: for news (a slip, a progress update, a
    sprint review: ``Edit.news``) one per team it moved, for another edit none unless it
    moved items of a team other than the edited items' own."""
    if not impact.moved:
        return ()
    news = edit.news
    roots = impact.roots
    root = roots[0] if roots else ""
    root_teams = {plan.item(r).team for r in roots if plan.has_item(r)}
    groups = impact.by_team(plan)
    if news is None and all(team in root_teams for team, _ in groups):
        return ()
    root_title = plan.item(root).label if root and plan.has_item(root) else ""
    # a batch (a sprint review) acts on several items: its own title names it
    named = isinstance(edit, Batch) or not root
    what = edit.describe(plan) if named else f"{edit.label}: {root_title}"
    out = []
    for team, moved in groups:
        team_id = team or NO_TEAM
        body = {
            "team": team_id,
            "team_name": plan.team_name(team),
            "reason": edit.reason,
            "kind": news or "edit",
            "root": root,
            "root_title": root_title,
            "edit": what,
            "items": [m.to_dict() for m in moved],
        }
        out.append(NoticeDraft(team_id, edit.reason, root, body))
    return tuple(out)
