"""``PlanSession``: the one place a plan changes.

``apply(edit)`` validates the edit, reschedules (incrementally when only item timing
changed), writes the new plan, its history entry and its notices in one transaction,
and returns a ``Changes`` record that says what kinds of thing changed. ``undo()`` and
``redo()`` work over the history stored in the file, so they survive reopening and the
CLI and the app share them. ``preview(edit)`` says what an edit would move without
keeping it. Callers (the GUI, the CLI, exports) go through this class only: the engine
and the repository behind it are private.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from planner.app.actuals import RecordProgress, resolve_progress
from planner.app.changes import ChangeKind, Changes, diff_kinds, item_diff
from planner.app.notices import NoticeDraft, draft_notices
from planner.app.slips import RecordSlip, resolve_slip
from planner.domain.edits import (
    AddDependency,
    AddItem,
    Batch,
    Edit,
    RemoveDependency,
    ReplacePlan,
    UpdateItem,
    edit_from_dict,
    edit_to_dict,
)
from planner.domain.errors import PlanError, RoadmapFileError
from planner.domain.jsonio import plan_to_json
from planner.domain.model import Plan, validate_item, validate_plan
from planner.domain.notices import NoticeRow
from planner.domain.progress import NO_PROGRESS, Progress
from planner.scheduling.calendar import WorkCalendar
from planner.scheduling.impact import Impact, compute_impact
from planner.scheduling.propagate import ItemTiming, ScheduleEngine, item_timing
from planner.scheduling.schedule import Schedule, Violation
from planner.storage.repository import (
    BaselineInfo,
    HistoryEntry,
    HistoryStep,
    PlanRepository,
    QueuedNotice,
)

__all__ = ["ChangeKind", "Changes", "PlanSession", "Preview", "Request", "UndoStatus"]

# What ``apply`` takes: an edit, or a request it resolves into one (``resolve``).
Request = Edit | RecordSlip | RecordProgress


@dataclass(frozen=True)
class UndoStatus:
    """What ``undo()`` and ``redo()`` would do now: the labels (None: nothing)."""

    undo: str | None
    redo: str | None


@dataclass(frozen=True)
class Preview:
    """What an edit would do, without keeping it, keyed by item id: the new points
    ``(start, finish)`` of each item that would move; ``breaks``, the moved items that
    would finish past their deadline (-> working days late); ``conflicts``, the locked
    items it would push (further) past their fixed date (-> working days); and the
    violations among the moved items and their successors."""

    moved: dict[str, tuple[int, int]]
    breaks: dict[str, int] = field(default_factory=dict)
    conflicts: dict[str, int] = field(default_factory=dict)
    violations: tuple[Violation, ...] = ()

    @classmethod
    def empty(cls) -> Preview:
        return cls({})


def _supersedes(first: Edit, first_inverse: Edit, edit: Edit, inverse: Edit) -> bool:
    """Whether ``edit`` (with ``inverse``) right after ``first`` changes the same fields
    of the same items, so that it and ``first_inverse`` say both: one UpdateItem after
    another, or a Batch of them after a Batch of the same items (nudges of a selection)."""
    if isinstance(first, Batch) and isinstance(edit, Batch):
        if not isinstance(first_inverse, Batch) or not isinstance(inverse, Batch):
            return False
        fs, es = first.edits, edit.edits
        fis, eis = first_inverse.edits[::-1], inverse.edits[::-1]  # an inverse runs backwards
        return len(fs) == len(fis) == len(es) == len(eis) and all(
            _supersedes(*four) for four in zip(fs, fis, es, eis, strict=True)
        )
    return (
        isinstance(first, UpdateItem)
        and isinstance(edit, UpdateItem)
        and isinstance(first_inverse, UpdateItem)
        and isinstance(inverse, UpdateItem)
        and first.item_id == edit.item_id
        and first_inverse.item_id == inverse.item_id == edit.item_id
        and {n for n, _ in inverse.changes} <= {n for n, _ in first_inverse.changes}
        and {n for n, _ in first.changes} <= {n for n, _ in edit.changes}
    )


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
    in both needs no second look: an edit of some items checks those items, any other
    change checks the whole plan. Raises PlanError naming the offending entry."""
    if (
        after.teams is not before.teams
        or after.sprints is not before.sprints
        or after.calendar is not before.calendar
        or after.dependencies is not before.dependencies
    ):
        validate_plan(after)
        return
    items = item_diff(before, after)
    if items.added or items.removed:
        validate_plan(after)
        return
    team_ids = set(after.team_index)
    for item_id in items.edited:
        validate_item(after.item(item_id), team_ids)


class PlanSession:
    """An open roadmap: its plan, its schedule and the file behind it.

    Raises PlanError / CycleError if the stored plan can't be scheduled.
    """

    def __init__(
        self, repo: PlanRepository, plan: Plan | None = None, progress: Progress = NO_PROGRESS
    ) -> None:
        self._repo = repo
        self.plan = plan if plan is not None else repo.load_plan(progress)
        progress.step(f"scheduling {len(self.plan.items):,} items")
        # A plan read from the file was checked as it was read (``load_plan``).
        self._engine = ScheduleEngine(self.plan, validate=plan is not None)
        self._schedule: Schedule | None = None
        self._last_step: int | None = None  # the history step this session made last
        # What day it is, for the sprint-start baselines (see keep_sprint_baselines): set
        # by the CLI (its --today) and the GUI (the clock); the core never reads a clock.
        self.clock: Callable[[], date] | None = None
        self._baselined_on: date | None = None

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        create: bool = False,
        read_only: bool = False,
        progress: Progress = NO_PROGRESS,
    ) -> PlanSession:
        """The roadmap at ``path``, read and scheduled (the steps told to ``progress``).
        Raises RoadmapFileError, PlanError or CycleError (see PlanRepository.open)."""
        repo = PlanRepository.open(path, create=create, read_only=read_only)
        try:
            return cls(repo, progress=progress)
        except BaseException:
            repo.close()
            raise

    @property
    def read_only(self) -> bool:
        return self._repo.read_only

    @property
    def read_only_reason(self) -> str | None:
        """Why the roadmap can't be changed here ("another planner has it open", "the
        file is read-only ..."), or None when it can."""
        return self._repo.read_only_reason

    @property
    def path(self) -> Path | None:
        return self._repo.path

    def close(self) -> None:
        self._repo.close()

    @property
    def schedule(self) -> Schedule:
        if self._schedule is None:
            self._schedule = self._engine.schedule()
        return self._schedule

    # -- editing ------------------------------------------------------------------------
    def resolve(self, edit: Request) -> Edit:
        """Turn a request (a slip, a progress report) into the concrete edit; other edits
        pass through. Raises PlanError naming what is wrong with the request."""
        if isinstance(edit, RecordSlip):
            return resolve_slip(self.plan, self.schedule, edit)
        if isinstance(edit, RecordProgress):
            return resolve_progress(self.plan, self.schedule, edit)
        return edit

    def apply(
        self,
        edit: Request,
        *,
        initiator: object | None = None,
        merge_key: str | None = None,
    ) -> Changes:
        """Apply, reschedule and save one edit as one history step. With ``merge_key``
        (e.g. arrow-key nudges of one item), an edit right after one with the same key
        joins that step: one entry, one undo. Raises PlanError (CycleError for a cycle)
        or RoadmapFileError; on any error nothing changes, in memory or on disk."""
        edit = self.resolve(edit)
        if self.clock is not None:
            self._keep_baselines_quietly(self.clock())  # before the edit: the reference
        merge_into = self._repo.mergeable_step(merge_key) if merge_key else None
        if merge_into is not None and merge_into.id != self._last_step:
            merge_into = None  # only a step this session just made: not yesterday's nudges
        return self._commit(edit, initiator, merge_key=merge_key, merge_into=merge_into)

    @staticmethod
    def _merged(step: HistoryStep, edit: Edit, inverse: Edit, after: Plan) -> tuple[Edit, Edit]:
        """One step made of ``step`` followed by ``edit``: a later change of the same
        fields of the same item says it all, a change of an item the step added is that
        item added as it now is (``after``), else both run in order."""
        first, first_inverse = edit_from_dict(step.edit), edit_from_dict(step.inverse)
        if (
            isinstance(first, AddItem)
            and isinstance(edit, UpdateItem)
            and edit.item_id == first.item.id
        ):
            added = dataclasses.replace(first, item=after.item(edit.item_id))
            return added, first_inverse
        if _supersedes(first, first_inverse, edit, inverse):
            return edit, first_inverse
        return Batch((first, edit), step.label), Batch((inverse, first_inverse), step.label)

    def undo(self, *, initiator: object | None = None) -> Changes:
        """Undo the newest step not yet undone: its inverse is applied, its history entry
        marked undone and its notices withdrawn, in one transaction. Raises PlanError
        when there is nothing to undo, RoadmapFileError if it can't be saved."""
        step = self._repo.undo_step()
        if step is None:
            raise PlanError("nothing to undo")
        inverse = edit_from_dict(step.inverse)
        return self._commit(inverse, initiator, undoes=step.id, label=f"Undo {step.label}")

    def redo(self, *, initiator: object | None = None) -> Changes:
        """Redo the last undone step (its notices come back). Raises PlanError when there
        is nothing to redo, RoadmapFileError if it can't be saved."""
        step = self._repo.redo_step()
        if step is None:
            raise PlanError("nothing to redo")
        edit = edit_from_dict(step.edit)
        return self._commit(edit, initiator, redoes=step.id, label=f"Redo {step.label}")

    def undo_status(self) -> UndoStatus:
        """What undo and redo would do now (labels; None when nothing)."""
        u, r = self._repo.undo_step(), self._repo.redo_step()
        return UndoStatus(u.label if u else None, r.label if r else None)

    def undo_counts(self) -> tuple[int, int]:
        """How many steps can be undone and redone (counts the stored history)."""
        return self._repo.step_counts()

    def history(self, limit: int | None = None) -> list[HistoryEntry]:
        """The stored edits, newest first (the import or creation is the oldest)."""
        return self._repo.history(limit)

    def _commit(
        self,
        edit: Edit,
        initiator: object | None,
        *,
        undoes: int | None = None,
        redoes: int | None = None,
        merge_key: str | None = None,
        merge_into: HistoryStep | None = None,
        label: str | None = None,
    ) -> Changes:
        before_plan, before = self.plan, self.schedule
        after_plan = edit.apply(before_plan)
        _validate_result(before_plan, after_plan)
        inverse = edit.inverse(before_plan)
        timing = edit.timing_of(before_plan)
        if before_plan.calendar != after_plan.calendar:
            timing = None
        old_engine = self._engine
        if timing is None:
            engine = ScheduleEngine(after_plan, validate=False)
        else:
            engine = old_engine
            engine.update_items(after_plan, timing)
        try:
            after = engine.schedule()
            roots = _roots(edit, timing)
            impact = compute_impact(before_plan, before, after_plan, after, roots, edit.reason)
            # An undo withdraws the notices of what it undoes and a redo brings them back:
            # neither drafts any of its own.
            step_edit, step_inverse = edit, inverse
            if merge_into is not None:
                step_edit, step_inverse = self._merged(merge_into, edit, inverse, after_plan)
            notices: tuple[NoticeDraft, ...] = ()
            # A whole new plan (an import over the roadmap) tells nobody: it is no delay.
            if undoes is None and redoes is None and not isinstance(edit, ReplacePlan):
                told = impact
                if merge_into is not None:  # tell what the whole step moved, once
                    told = self._step_impact(step_inverse, after_plan, after, roots, edit)
                notices = draft_notices(after_plan, told, edit)
            label = label or edit.describe(before_plan)
            step_label = label
            if merge_into is not None:  # an item added, then titled: "Add <its title>"
                added = isinstance(step_edit, AddItem)
                step_label = step_edit.describe(after_plan) if added else merge_into.label
                label = step_label if added else label
            record = edit_to_dict(step_edit)
            if merge_key:
                record["merge"] = merge_key
            hid = self._repo.commit_edit(
                before_plan,
                after_plan,
                step_label,
                edit.reason,
                record,
                edit_to_dict(step_inverse),
                [(n.team, n.reason, n.root, n.body) for n in notices],
                undoes=undoes,
                redoes=redoes,
                merge_into=merge_into.id if merge_into else None,
            )
        except BaseException:
            if timing is not None:
                old_engine.update_items(before_plan, timing)
            raise
        self._engine, self.plan, self._schedule = engine, after_plan, after
        if after_plan.sprints != before_plan.sprints:
            self._baselined_on = None  # a sprint that began may be new: look again
        self._last_step = hid if undoes is None and redoes is None else None
        touched_notices = bool(notices) or self._repo.has_notices(undoes or redoes)
        kinds = diff_kinds(before_plan, after_plan, before, after, impact, touched_notices)
        after_plan.forget_origin()
        return Changes(
            label, edit, inverse, edit.reason, impact, hid, notices,
            initiator=initiator, **kinds,  # type: ignore[arg-type]
        )  # fmt: skip

    @staticmethod
    def _step_impact(
        inverse: Edit, after_plan: Plan, after: Schedule, roots: Sequence[str], edit: Edit
    ) -> Impact:
        """What a merged step moved in all, from where it began (the step's inverse
        applied to the new plan) to now."""
        start = inverse.apply(after_plan)
        begun = ScheduleEngine(start, validate=False).schedule()
        return compute_impact(start, begun, after_plan, after, roots, edit.reason)

    def _no_change(self, label: str, kinds: frozenset[ChangeKind], initiator: object) -> Changes:
        empty = compute_impact(self.plan, self.schedule, self.plan, self.schedule, (), "")
        return Changes(label, None, None, "", empty, None, (), kinds, initiator=initiator)

    def preview(self, edit: Edit) -> Preview:
        """What ``edit`` would do, without applying it: the one preview for drags,
        nudges and dialogs. Timing-only edits use incremental propagation and restore
        the engine; others are scheduled on a scratch engine. Raises PlanError (or
        CycleError) if the edit does not fit the plan."""
        after_plan = edit.apply(self.plan)
        _validate_result(self.plan, after_plan)
        timing = edit.timing_of(self.plan)
        deadline_of = after_plan.items
        if timing is not None and self.plan.calendar == after_plan.calendar:
            cal = self._engine.calendar
            changes = [
                (after_plan.item_index[i], item_timing(after_plan.item(i), cal)) for i in timing
            ]
            found, violations = self._engine.preview(changes)
            ids = self._engine.ids
            moved = {ids[m.pos]: (m.new_start, m.new_finish) for m in found}
        else:
            after = ScheduleEngine(after_plan, validate=False).schedule()
            before = self.schedule
            moved = {
                i: after.points(i)
                for i in after.ids
                if i not in before.index or before.points(i) != after.points(i)
            }
            violations = [v for v in after.violations if v.item in moved]
        cal = self.calendar
        breaks = {}
        for item_id, (_s, f) in moved.items():
            deadline = deadline_of[after_plan.item_index[item_id]].deadline
            if deadline is not None and f > cal.end_point(deadline):
                breaks[item_id] = f - cal.end_point(deadline)
        now = self.schedule
        conflicts: dict[str, int] = {}
        for v in violations:
            if v.kind != "conflict" or v.item not in now.index:
                continue
            was = max(
                (x.days for x in now.violations_of(v.item) if x.kind == "conflict"
                 and x.pred == v.pred),
                default=0,
            )  # fmt: skip
            if v.days > was:
                conflicts[v.item] = max(conflicts.get(v.item, 0), v.days)
        return Preview(moved, breaks, conflicts, tuple(violations))

    def preview_impact(self, edit: Request) -> tuple[Edit, Impact]:
        """The concrete edit and its full impact (per team, with chains), without applying
        it. Slower than ``preview`` (schedules a scratch copy); for dialogs, not drags.
        Raises PlanError / CycleError if the edit is refused."""
        edit = self.resolve(edit)
        after_plan = edit.apply(self.plan)
        _validate_result(self.plan, after_plan)
        after = ScheduleEngine(after_plan, validate=False).schedule()
        roots = _roots(edit, edit.timing_of(self.plan))
        return edit, compute_impact(self.plan, self.schedule, after_plan, after, roots, edit.reason)

    def timing_of(self, item_id: str) -> ItemTiming:
        return item_timing(self.plan.item(item_id), self._engine.calendar)

    # -- what callers may read ----------------------------------------------------------
    @property
    def calendar(self) -> WorkCalendar:
        """The plan's working-day calendar (dates <-> points)."""
        return self._engine.calendar

    @property
    def uid(self) -> str:
        """The roadmap's own identity (kept across renames; a copy gets a new one)."""
        return self._repo.uid

    def save_copy(self, target: str | Path) -> None:
        """Copy the whole roadmap (history included) to ``target`` as a new roadmap of its
        own. Raises RoadmapFileError if it can't be written."""
        self._repo.backup_to(target, new_identity=True)

    # -- notices ------------------------------------------------------------------------
    def notices(
        self,
        team: str | None = None,
        *,
        include_acknowledged: bool = False,
        include_withdrawn: bool = False,
        since: str | None = None,
    ) -> list[NoticeRow]:
        """The stored notices, oldest first (unacknowledged only unless asked)."""
        return self._repo.notices(
            team=team,
            include_acknowledged=include_acknowledged,
            include_withdrawn=include_withdrawn,
            since=since,
        )

    def acknowledge(
        self, ids: Sequence[int], acknowledged: bool = True, *, initiator: object = None
    ) -> Changes:
        """Mark notices read (or unread again). Not an edit of the plan: no history entry,
        nothing to undo. Raises RoadmapFileError if it can't be saved."""
        self._repo.acknowledge_notices(ids, acknowledged)
        label = "Acknowledge notices" if acknowledged else "Mark notices unread"
        return self._no_change(label, frozenset({ChangeKind.NOTICES}), initiator)

    def unsent_notices(self) -> list[QueuedNotice]:
        """The outbox: notices not sent yet (acknowledged ones too, withdrawn ones never),
        oldest first, each with why its last try failed."""
        return self._repo.unsent_notices()

    def mark_sent(self, notice_id: int, when: datetime, message_id: str) -> None:
        """Record that the mail server accepted a notice; it is never sent again. Not an
        edit: no history entry. Raises RoadmapFileError if it can't be saved."""
        self._repo.mark_sent(notice_id, when, message_id)

    def mark_failed(self, notice_id: int, error: str) -> None:
        """Keep a notice queued with why it could not be sent. Raises RoadmapFileError if
        it can't be saved."""
        self._repo.mark_failed(notice_id, error)

    # -- baselines ----------------------------------------------------------------------
    def baselines(self) -> list[BaselineInfo]:
        return self._repo.baselines()

    def baseline_dates(self, name: str) -> dict[str, tuple[date, date]]:
        """Item id -> (first day, last day) in baseline ``name``. Raises RoadmapFileError
        if there is no such baseline."""
        return self._repo.baseline_dates(name)

    def save_baseline(self, name: str, *, initiator: object = None) -> Changes:
        """Store every item's current dates under ``name`` (replacing one of that name).
        Not an edit: no history entry. Raises PlanError if unnamed."""
        if not name.strip():
            raise PlanError("a baseline needs a name")
        sched = self.schedule
        dates = [(i, *sched.dates(i)) for i in sched.ids]
        self._repo.save_baseline(name.strip(), plan_to_json(self.plan), dates)
        return self._no_change("Save baseline", frozenset({ChangeKind.BASELINES}), initiator)

    def keep_sprint_baselines(self, today: date) -> list[str]:
        """Save the baseline "<sprint> start" of every sprint that has begun by ``today``
        and has none yet, so a review of it has its reference (DESIGN.md: the first time
        the roadmap is opened or edited on or after its first day). Called when a roadmap
        is opened for writing and before each edit; never replaces a baseline. Returns
        the names saved; nothing on a read-only roadmap."""
        if self.read_only or self._baselined_on == today:
            return []
        running = [f"{s.name} start" for s in self.plan.sprints if s.start <= today]
        saved: list[str] = []
        if running:
            have = {b.name for b in self.baselines()}
            for name in dict.fromkeys(running):
                if name not in have:
                    self.save_baseline(name)
                    saved.append(name)
        self._baselined_on = today
        return saved

    def _keep_baselines_quietly(self, today: date) -> None:
        """``keep_sprint_baselines`` before an edit: a baseline that can't be saved must
        not refuse the edit (the file's own trouble, if any, shows when it is saved)."""
        with contextlib.suppress(RoadmapFileError):
            self.keep_sprint_baselines(today)

    def compare_baseline(self, name: str) -> list[tuple[str, date, date, date, date]]:
        """Items whose dates differ from baseline ``name``: (id, old first, old last,
        new first, new last). Raises RoadmapFileError for an unknown baseline."""
        base = self._repo.baseline_dates(name)
        sched = self.schedule
        out = []
        for i in sched.ids:
            if i in base:
                now = sched.dates(i)
                if now != base[i]:
                    out.append((i, *base[i], *now))
        return out
