"""The sprint review (DESIGN.md, "The iteration loop"): what was planned for a sprint,
what got done, what is late, what was added; and the decisions taken at the review
(done on, days remaining, carry to the next sprint), applied as one edit.

``sprint_review`` compares the baseline ``"<P> start"`` (saved when the sprint began)
with the plan now. ``review_edit`` turns the decisions into one ``Batch`` of kind
"review" (so every team it moves is told, and the notices' reason names the review);
``preview_review`` says what it would move before it is applied; ``apply_review``
applies it as one undo step and saves the baseline ``"<P> review"``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from planner.app.actuals import RecordProgress, resolve_progress
from planner.app.changes import ChangeKind, Changes
from planner.app.session import PlanSession
from planner.domain.edits import Batch, Edit, MoveItem, UpdateItem
from planner.domain.errors import PlanError
from planner.domain.model import Item, Plan, Sprint
from planner.domain.text import quoted
from planner.export.review_text import moved_line
from planner.scheduling.impact import MovedItem
from planner.scheduling.sprints import sprint_at

__all__ = [
    "NOTHING_TO_CHANGE",
    "PreviewRow",
    "PreviewTeam",
    "Review",
    "ReviewDecisions",
    "ReviewPreview",
    "TeamReview",
    "apply_review",
    "preview_review",
    "review_edit",
    "review_reason",
    "sprint_of",
    "sprint_review",
]

NOTHING_TO_CHANGE = "the review's decisions are already in the plan (nothing to change)"


# -- the review -----------------------------------------------------------------------
@dataclass(frozen=True)
class TeamReview:
    """One team's part of a review: ``team`` is its id (None: the items without a team),
    judged by the sprint ``start``..``finish`` (its own sprint of the name, else the
    plan-wide one). The lists hold item ids in plan order."""

    team: str | None
    start: date
    finish: date
    planned: tuple[str, ...] = ()
    done: tuple[str, ...] = ()
    late: tuple[str, ...] = ()
    added: tuple[str, ...] = ()

    @property
    def say_do(self) -> float | None:
        """done / planned, rounded to 2 decimals; None when nothing was planned."""
        return round(len(self.done) / len(self.planned), 2) if self.planned else None

    @property
    def empty(self) -> bool:
        return not (self.planned or self.added)

    def to_dict(self) -> dict[str, Any]:
        return {
            "team": self.team,
            "planned": list(self.planned),
            "done": list(self.done),
            "late": list(self.late),
            "added": list(self.added),
            "say_do": self.say_do,
        }


@dataclass(frozen=True)
class Review:
    """A sprint review. ``baseline`` is the baseline the plan was compared with, None
    when there was none and the current schedule stood in. ``start`` and ``finish`` span
    every sprint of the name (team sprints may differ). ``finish_now`` holds the last
    day each reviewed item has now (for a done item: its actual finish)."""

    sprint: str
    start: date
    finish: date
    baseline: str | None
    teams: tuple[TeamReview, ...]
    finish_now: Mapping[str, date] = field(default_factory=dict)

    @property
    def ids(self) -> frozenset[str]:
        """Every item the review lists (planned or added)."""
        return frozenset(i for t in self.teams for i in (*t.planned, *t.added))

    def team_of(self, team: str | None) -> TeamReview | None:
        return next((t for t in self.teams if t.team == team), None)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of DESIGN.md: {sprint, start, finish, baseline, teams: [...]}."""
        return {
            "sprint": self.sprint,
            "start": self.start.isoformat(),
            "finish": self.finish.isoformat(),
            "baseline": self.baseline,
            "teams": [t.to_dict() for t in self.teams],
        }


def sprint_of(plan: Plan, team: str | None, day: date) -> str | None:
    """The name of the sprint of ``team`` (its own, else a plan-wide one) that holds
    ``day``, or None when no sprint does."""
    found = sprint_at(plan.sprints, day, team)
    return found.name if found else None


def _windows(plan: Plan, sprint: str) -> tuple[dict[str | None, tuple[date, date]], set[str]]:
    """Which sprint of the name judges each team: team id (None: no team) -> its first
    and last day; and the teams that have a sprint of the name of their own. Raises
    PlanError naming the sprint if there is none of that name."""
    named = [s for s in plan.sprints if s.name == sprint]
    if not named:
        raise PlanError(f"no sprint named {quoted(sprint)}")
    wide = next((s for s in named if s.team is None), None)
    own: dict[str, Sprint] = {}
    for s in named:
        if s.team is not None:
            own.setdefault(s.team, s)
    windows: dict[str | None, tuple[date, date]] = {}
    for team in [*(t.id for t in plan.teams), None]:
        judge = (own.get(team) if team is not None else None) or wide
        if judge is not None:
            windows[team] = (judge.start, judge.finish)
    return windows, set(own)


def _finish_now(item: Item, last: date) -> date:
    """The day an item finishes now: a done item's actual finish, else its schedule's."""
    return item.actual_finish if item.done and item.actual_finish is not None else last


def sprint_review(session: PlanSession, sprint: str, baseline: str | None = None) -> Review:
    """The review of the sprint(s) named ``sprint``, each team judged by its own sprint of
    that name (a plan-wide one covers every team, and the items without a team).

    Per team: **planned** = the items (milestones included) whose last day in the
    baseline lies inside the sprint; **done** = planned items done with an actual finish
    on or before the sprint's last day (one done before the sprint began counts as done
    too: it was planned and it is done); **late** = the other planned items (done after
    the sprint, or not done); **added** = items whose last day lies inside the sprint
    now but were not planned. The baseline is ``"<sprint> start"`` unless ``baseline``
    names another; without the default one, the current schedule stands in (the review's
    ``baseline`` is then None and nothing counts as added). An item is judged by its
    team now; items not in the baseline were not planned. Teams come in plan order:
    every team the sprint covers (all of them for a plan-wide sprint; say/do None when
    nothing was planned for one), and items without a team when there are any.

    Raises PlanError if no sprint has that name, RoadmapFileError if ``baseline`` is
    given and no baseline has that name.
    """
    plan, sched = session.plan, session.schedule
    windows, _own = _windows(plan, sprint)
    name = baseline
    if name is None and f"{sprint} start" in {b.name for b in session.baselines()}:
        name = f"{sprint} start"
    base = session.baseline_dates(name) if name is not None else None
    lists: dict[str | None, dict[str, list[str]]] = {
        team: {"planned": [], "done": [], "late": [], "added": []} for team in windows
    }
    finish_now: dict[str, date] = {}
    for item in plan.items:
        window = windows.get(item.team)
        if window is None:
            continue
        first, last = window
        scheduled = sched.dates(item.id)[1]
        now = _finish_now(item, scheduled)
        if base is None:
            was: date | None = scheduled
        else:
            was = base[item.id][1] if item.id in base else None
        found = lists[item.team]
        if was is not None and first <= was <= last:
            found["planned"].append(item.id)
            found["done" if item.done and now <= last else "late"].append(item.id)
        elif first <= now <= last:
            found["added"].append(item.id)
        else:
            continue
        finish_now[item.id] = now
    teams = []
    for team, (first, last) in windows.items():
        got = TeamReview(team, first, last, **{k: tuple(v) for k, v in lists[team].items()})
        if team is not None or not got.empty:  # every team; "No team" when it has items
            teams.append(got)
    named = [s for s in plan.sprints if s.name == sprint]
    return Review(
        sprint,
        min(s.start for s in named),
        max(s.finish for s in named),
        name,
        tuple(teams),
        finish_now,
    )


# -- decisions ------------------------------------------------------------------------
@dataclass(frozen=True)
class ReviewDecisions:
    """What the review decided: items done on a date, working days remaining (today
    counted as the first), items carried to their team's next sprint, and why."""

    done: dict[str, date] = field(default_factory=dict)
    remaining: dict[str, int] = field(default_factory=dict)
    carry: tuple[str, ...] = ()
    reason: str = ""

    @property
    def empty(self) -> bool:
        return not (self.done or self.remaining or self.carry)


def review_reason(sprint: str, reason: str = "") -> str:
    """'Sprint review of Sprint 14: scope cut' — the reason the notices carry."""
    return f"Sprint review of {sprint}" + (f": {reason}" if reason.strip() else "")


def _changes_something(plan: Plan, edit: UpdateItem) -> bool:
    item = plan.item(edit.item_id)
    return any(getattr(item, name) != value for name, value in edit.changes)


def _check_known(plan: Plan, review: Review, item_id: str) -> TeamReview:
    """The part of the review that judges the item. Raises PlanError naming the item if
    it is unknown or not in the review (nor its team, since the review was made)."""
    if not plan.has_item(item_id):
        raise PlanError(f"review decision on {quoted(item_id)}: no item with that id")
    judged = review.team_of(plan.item(item_id).team)
    if item_id not in review.ids or judged is None:
        raise PlanError(
            f"review decision on {quoted(item_id)}: it is not in the review of"
            f" {quoted(review.sprint)} (neither planned for it nor added)"
        )
    return judged


def _next_sprint(plan: Plan, team: str | None, after: date) -> Sprint | None:
    """The first sprint of ``team`` (its own or plan-wide) that starts after ``after``;
    on the same day, the team's own first."""
    later = [s for s in plan.sprints if (s.team is None or s.team == team) and s.start > after]
    return min(later, key=lambda s: (s.start, s.team is None), default=None)


def _carry(session: PlanSession, review: Review, item_id: str, reason: str) -> UpdateItem:
    """The move of a carried item's planned start to the first working day of its team's
    next sprint. Refused for an item that has started (an actual start) or is done."""
    plan = session.plan
    judged = _check_known(plan, review, item_id)
    item = plan.item(item_id)
    where = f"carry of {quoted(item_id)}"
    if item.done:
        raise PlanError(f"{where}: it is done; nothing to carry")
    if item.actual_start is not None:
        raise PlanError(
            f"{where}: it started on {item.actual_start:%a %d %b %Y}; say what remains instead"
        )
    nxt = _next_sprint(plan, item.team, judged.finish)
    if nxt is None:
        raise PlanError(
            f"no sprint after {quoted(review.sprint)} for {quoted(plan.team_name(item.team))}"
        )
    cal = session.calendar
    return MoveItem(item_id, cal.date_of(cal.start_index(nxt.start)), reason=reason)


def review_edit(
    session: PlanSession, review: Review, decisions: ReviewDecisions, today: date
) -> Batch:
    """The decisions of ``review`` as one edit, titled "Sprint review: <P>", of kind
    "review", its reason "Sprint review of <P>[: <reason>]": progress updates for
    ``done`` and ``remaining`` (``planner.app.actuals``, with ``today``), and for each
    carried item a move of its planned start to the first working day of its team's
    next sprint (the first one of its own, or plan-wide, starting after the sprint). One
    item per decision, the edits in plan order. Decisions already true in the plan are
    dropped, so a review applied twice changes nothing.

    Raises PlanError naming the item for a decision on an unknown item or one not in the
    review, a carry of an item that is done or has started (an actual start: one whose
    scheduled start merely passed can be carried, since that is what a carry says), a
    carry together with done/remaining, a carry with no next sprint ("no sprint after
    <P> for <team>"), any progress update refused; PlanError "the review's decisions
    are already in the plan (nothing to change)" when every decision is already true,
    and one asking for a decision when there are none.
    """
    if decisions.empty:
        raise PlanError("the review has no decisions (done, remaining or carry)")
    plan = session.plan
    reason = review_reason(review.sprint, decisions.reason)
    for item_id in decisions.carry:
        if item_id in decisions.done or item_id in decisions.remaining:
            raise PlanError(
                f"review decision on {quoted(item_id)}: carry it, or say it is done or"
                " what remains, not both"
            )
    wanted = set(decisions.done) | set(decisions.remaining) | set(decisions.carry)
    for item_id in sorted(wanted):
        if not plan.has_item(item_id):
            raise PlanError(f"review decision on {quoted(item_id)}: no item with that id")
    edits: list[Edit] = []
    for item in plan.items:
        if item.id not in wanted:
            continue
        if item.id in decisions.carry:
            edit = _carry(session, review, item.id, reason)
        else:
            request = RecordProgress(
                item.id,
                today,
                done=decisions.done.get(item.id),
                remaining=decisions.remaining.get(item.id),
                reason=reason,
            )
            edit = resolve_progress(plan, session.schedule, request)
        if _changes_something(plan, edit):
            _check_known(plan, review, item.id)  # a decision already true needs no review
            edits.append(edit)
    if not edits:
        raise PlanError(NOTHING_TO_CHANGE)
    return Batch(tuple(edits), f"Sprint review: {review.sprint}", "review", reason=reason)


# -- before and after applying ----------------------------------------------------------
@dataclass(frozen=True)
class PreviewRow:
    """One item the review would move: the impact's entry; ``lands``, the sprint it
    would land in, in words ("lands in Sprint 15 instead of Sprint 14"; "" when the
    same); and ``text``, the whole line as the digests word it (shift, dates, sprint,
    deadline, what pushes it)."""

    moved: MovedItem
    lands: str
    text: str

    @property
    def breaks_deadline(self) -> bool:
        """It would newly finish past its deadline."""
        return self.moved.newly_late


def _row(plan: Plan, m: MovedItem) -> PreviewRow:
    return PreviewRow(m, _lands(plan, m), moved_line(plan, m))


@dataclass(frozen=True)
class PreviewTeam:
    team: str | None
    name: str
    rows: tuple[PreviewRow, ...]

    @property
    def breaks(self) -> tuple[PreviewRow, ...]:
        """Its items the review would push past their deadline."""
        return tuple(r for r in self.rows if r.breaks_deadline)


@dataclass(frozen=True)
class ReviewPreview:
    """What applying a review's edit would do, per team (plan order), before it is
    applied: ``label`` names the edit, ``problems`` the new deadline misses and
    conflicts in words."""

    label: str
    reason: str
    teams: tuple[PreviewTeam, ...]
    problems: tuple[str, ...] = ()

    @property
    def moved(self) -> int:
        return sum(len(t.rows) for t in self.teams)

    def lines(self) -> list[str]:
        """The preview as lines of text (titles as they are: the caller escapes)."""
        if not self.moved:
            return [f"{self.label}: nothing moves."]
        out = [f"{self.label} — {self.reason}"]
        for t in self.teams:
            out.append(f"{t.name}:")
            out += [f"  * {r.text}" for r in t.rows]
        out += [f"! {p}" for p in self.problems]
        return out


def _lands(plan: Plan, m: MovedItem) -> str:
    old, new = sprint_of(plan, m.team, m.old_finish), sprint_of(plan, m.team, m.new_finish)
    if old == new:
        return ""
    if old and new:
        return f"lands in {new} instead of {old}"
    return f"lands in {new}" if new else f"now falls after {old}, outside any sprint"


def preview_review(session: PlanSession, batch: Batch) -> ReviewPreview:
    """What ``batch`` (from ``review_edit``) would move, without applying it. Raises
    PlanError if the plan refuses it."""
    edit, impact = session.preview_impact(batch)
    plan = session.plan
    teams = tuple(
        PreviewTeam(
            team,
            plan.team_name(team),
            tuple(_row(plan, m) for m in moved),
        )
        for team, moved in impact.by_team(plan)
    )
    title_of = {it.id: it.label for it in plan.items}
    problems = tuple(v.describe(title_of) for v in impact.new_violations)
    return ReviewPreview(edit.describe(plan), edit.reason, teams, problems)


def apply_review(session: PlanSession, batch: Batch, sprint: str) -> Changes:
    """Apply ``batch`` (from ``review_edit``) as one edit — one undo step, one history
    entry, one notice per team it moves, whose reason names the review — then save the
    baseline ``"<sprint> review"``. The Changes say BASELINES too. Raises PlanError if
    the plan refuses the edit (nothing is changed), RoadmapFileError if it can't be
    saved."""
    changes = session.apply(batch)
    session.save_baseline(f"{sprint} review")
    return dataclasses.replace(changes, kinds=changes.kinds | {ChangeKind.BASELINES})
