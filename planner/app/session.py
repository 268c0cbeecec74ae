"""``PlanSession``: the one place a plan changes.

``apply(edit)`` validates the edit, reschedules (incrementally when only item timing
changed), writes the new plan, its history entry and its notices in one transaction,
and returns a ``Changes`` record that says what moved. Undo is applying
``changes.inverse``. ``preview(edit)`` says what an edit would move without keeping it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from planner.app.notices import NoticeDraft, draft_notices
from planner.app.slips import RecordSlip, resolve_slip
from planner.domain.edits import AddDependency, Edit, RemoveDependency, UpdateItem, edit_to_dict
from planner.domain.errors import PlanError
from planner.domain.jsonio import plan_to_json
from planner.domain.model import Plan, validate_item, validate_plan
from planner.scheduling.impact import Impact, compute_impact
from planner.scheduling.propagate import ItemTiming, Moved, ScheduleEngine, item_timing
from planner.scheduling.schedule import Schedule, Violation
from planner.storage.repository import PlanRepository

__all__ = ["Changes", "PlanSession", "Preview"]


@dataclass(frozen=True)
class Changes:
    """What one applied edit did."""

    label: str
    edit: Edit
    inverse: Edit
    reason: str
    structural: bool  # items, links, teams, sprints or calendar changed: redraw all
    impact: Impact
    history_id: int
    notices: tuple[NoticeDraft, ...]

    @property
    def moved_ids(self) -> list[str]:
        return [m.id for m in self.impact.moved]


@dataclass(frozen=True)
class Preview:
    """What an edit would move: new points per moved item id, and the violations
    among the moved items (deadlines it would break, locked items it would push)."""

    moved: dict[str, tuple[int, int]]
    violations: tuple[Violation, ...]


def _roots(edit: Edit, timing: Sequence[str] | None) -> tuple[str, ...]:
    """The items an edit acts on: where the causal chains of what it moves begin."""
    if timing:
        return tuple(timing)
    if isinstance(edit, AddDependency):
        return (edit.dependency.succ,)
    if isinstance(edit, RemoveDependency):
        return (edit.succ,)
    return ()


def _validate_result(before: Plan, after: Plan) -> None:
    """Check the whole plan an edit leaves, before anything is written, so no edit can
    leave a file that will not open again. ``before`` was valid, so what is the same
    object in both needs no second look: an edit of some items checks those items, any
    other change checks the whole plan. Raises PlanError naming the offending entry."""
    if (
        after.teams is not before.teams
        or after.sprints is not before.sprints
        or after.calendar is not before.calendar
        or after.dependencies is not before.dependencies
        or len(after.items) != len(before.items)
    ):
        validate_plan(after)
        return
    if after.items is before.items:
        return
    team_ids = set(after.team_index)
    for a, b in zip(before.items, after.items, strict=True):
        if a is not b:
            if a.id != b.id:
                validate_plan(after)
                return
            validate_item(b, team_ids)


class PlanSession:
    """An open roadmap: its plan, its schedule and the file behind it.

    Raises PlanError / CycleError if the stored plan can't be scheduled.
    """

    def __init__(self, repo: PlanRepository, plan: Plan | None = None) -> None:
        self.repo = repo
        self.plan = plan if plan is not None else repo.load_plan()
        self.engine = ScheduleEngine(self.plan)
        self._schedule: Schedule | None = None

    @classmethod
    def open(
        cls, path: str | Path, *, create: bool = False, read_only: bool = False
    ) -> PlanSession:
        repo = PlanRepository.open(path, create=create, read_only=read_only)
        try:
            return cls(repo)
        except BaseException:
            repo.close()
            raise

    @property
    def read_only(self) -> bool:
        return self.repo.read_only

    @property
    def read_only_reason(self) -> str | None:
        """Why the roadmap can't be changed here ("another planner has it open", "the
        file is read-only ..."), or None when it can."""
        return self.repo.read_only_reason

    @property
    def path(self) -> Path | None:
        return self.repo.path

    def close(self) -> None:
        self.repo.close()

    @property
    def schedule(self) -> Schedule:
        if self._schedule is None:
            self._schedule = self.engine.schedule()
        return self._schedule

    # -- editing ------------------------------------------------------------------------
    def resolve(self, edit: Edit | RecordSlip) -> Edit:
        """Turn a request (a slip) into the concrete edit; other edits pass through."""
        if isinstance(edit, RecordSlip):
            return resolve_slip(self.plan, self.schedule, edit)
        return edit

    def apply(self, edit: Edit | RecordSlip, *, undoes: int | None = None) -> Changes:
        """Apply, reschedule and save one edit. Raises PlanError (CycleError for a cycle)
        or RoadmapFileError; on any error nothing changes, in memory or on disk."""
        edit = self.resolve(edit)
        before_plan, before = self.plan, self.schedule
        after_plan = edit.apply(before_plan)
        _validate_result(before_plan, after_plan)
        inverse = edit.inverse(before_plan)
        timing = edit.timing_of(before_plan)
        if before_plan.calendar != after_plan.calendar:
            timing = None
        old_engine = self.engine
        if timing is None:
            engine = ScheduleEngine(after_plan, validate=False)
        else:
            engine = old_engine
            engine.update_items(after_plan, timing)
        try:
            after = engine.schedule()
            roots = _roots(edit, timing)
            impact = compute_impact(before_plan, before, after_plan, after, roots, edit.reason)
            # An undo withdraws the notices of what it undoes and sends none of its own.
            notices = (
                draft_notices(after_plan, impact, edit, is_slip=isinstance(edit, UpdateItem) and edit.is_slip)
                if undoes is None
                else ()
            )
            label = edit.describe(before_plan)
            hid = self.repo.commit_edit(
                before_plan,
                after_plan,
                label,
                edit.reason,
                edit_to_dict(edit),
                edit_to_dict(inverse),
                [(n.team, n.reason, n.root, n.body) for n in notices],
                undoes,
            )
        except BaseException:
            if timing is not None:
                old_engine.update_items(before_plan, timing)
            raise
        self.engine, self.plan, self._schedule = engine, after_plan, after
        return Changes(label, edit, inverse, edit.reason, timing is None, impact, hid, notices)

    def undo(self, changes: Changes) -> Changes:
        """Apply the inverse of ``changes``; its history entry is marked undone and its
        notices withdrawn, in the same transaction."""
        return self.apply(changes.inverse, undoes=changes.history_id)

    def preview(self, edit: Edit) -> Preview:
        """What ``edit`` would move, without applying it. Timing-only edits use incremental
        propagation and restore the engine; others are scheduled on a scratch engine.
        Raises PlanError if the edit does not fit the plan."""
        after_plan = edit.apply(self.plan)
        _validate_result(self.plan, after_plan)
        timing = edit.timing_of(self.plan)
        if timing is not None and self.plan.calendar == after_plan.calendar:
            changes = [
                (after_plan.item_index[i], item_timing(after_plan.item(i), self.engine.calendar))
                for i in timing
            ]
            moved, violations = self.engine.preview(changes)
            ids = self.engine.ids
            return Preview(
                {ids[m.pos]: (m.new_start, m.new_finish) for m in moved}, tuple(violations)
            )
        after = ScheduleEngine(after_plan, validate=False).schedule()
        before = self.schedule
        moved_pts = {
            i: after.points(i)
            for i in after.ids
            if i not in before.index or before.points(i) != after.points(i)
        }
        return Preview(moved_pts, tuple(v for v in after.violations if v.item in moved_pts))

    def preview_impact(self, edit: Edit | RecordSlip) -> tuple[Edit, Impact]:
        """The concrete edit and its full impact (per team, with chains), without applying
        it. Slower than ``preview`` (schedules a scratch copy); for dialogs, not drags.
        Raises PlanError / CycleError if the edit is refused."""
        edit = self.resolve(edit)
        after_plan = edit.apply(self.plan)
        _validate_result(self.plan, after_plan)
        after = ScheduleEngine(after_plan, validate=False).schedule()
        roots = _roots(edit, edit.timing_of(self.plan))
        return edit, compute_impact(self.plan, self.schedule, after_plan, after, roots, edit.reason)

    def preview_timing(self, changes: Sequence[tuple[str, ItemTiming]]) -> list[Moved]:
        """Fast path for a drag: new raw timings by id -> what moves (points)."""
        return self.preview_timing_with_violations(changes)[0]

    def preview_timing_with_violations(
        self, changes: Sequence[tuple[str, ItemTiming]]
    ) -> tuple[list[Moved], tuple[Violation, ...]]:
        """``preview_timing`` plus the violations the new timings would leave among the
        moved items and their direct successors (deadlines missed, locked items pushed
        past their fixed date), including those that exist already. The engine is
        restored afterwards."""
        pos = self.plan.item_index
        moved, violations = self.engine.preview([(pos[i], t) for i, t in changes])
        return moved, tuple(violations)

    def timing_of(self, item_id: str) -> ItemTiming:
        return item_timing(self.plan.item(item_id), self.engine.calendar)

    # -- baselines ----------------------------------------------------------------------
    def save_baseline(self, name: str) -> None:
        """Store every item's current dates under ``name``. Raises PlanError if unnamed."""
        if not name.strip():
            raise PlanError("a baseline needs a name")
        sched = self.schedule
        dates = [(i, *sched.dates(i)) for i in sched.ids]
        self.repo.save_baseline(name.strip(), plan_to_json(self.plan), dates)

    def compare_baseline(self, name: str) -> list[tuple[str, date, date, date, date]]:
        """Items whose dates differ from baseline ``name``: (id, old first, old last,
        new first, new last). Raises RoadmapFileError for an unknown baseline."""
        base = self.repo.baseline_dates(name)
        sched = self.schedule
        out = []
        for i in sched.ids:
            if i in base:
                now = sched.dates(i)
                if now != base[i]:
                    out.append((i, *base[i], *now))
        return out
