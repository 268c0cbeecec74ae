"""Plan and roadmap files for the command line: read a plan (a ``.json`` plan or a
``.roadmap``), import one, make a new roadmap, read notices, load what an export needs,
open a roadmap to change it.

The ``planner`` command goes through these and ``PlanSession``, never through the
storage layer; each function says what it raises (PlanError for a refused input,
RoadmapFileError for a roadmap that can't be opened or written), with a message that
names the file.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from planner.app.sample import sample_plan
from planner.app.session import PlanSession
from planner.domain.edits import ReplacePlan
from planner.domain.errors import PlanError, PlannerError
from planner.domain.jsonio import plan_from_json, plan_from_json_apart
from planner.domain.model import Item, Plan
from planner.domain.notices import NoticeRow
from planner.domain.progress import NO_PROGRESS, Progress
from planner.domain.text import quoted
from planner.interchange.fidelity import ImportResult
from planner.interchange.reading import ImportOptions, read_import, read_text
from planner.scheduling.propagate import ScheduleEngine, schedule_plan
from planner.scheduling.schedule import Schedule
from planner.storage.repository import PlanRepository

__all__ = [
    "ExportSource",
    "import_plan",
    "new_roadmap_file",
    "open_for_writing",
    "read_export_source",
    "read_import_file",
    "read_notices",
    "read_plan",
    "read_schedule",
    "read_scheduled",
]


def _is_json(path: Path) -> bool:
    return path.suffix.lower() == ".json"


def read_plan(path: Path) -> Plan:
    """A ``.json`` plan (parsed and checked), or else a roadmap (opened read-only).
    Raises PlanError for a refused plan, RoadmapFileError for a roadmap that can't be
    opened."""
    if _is_json(path):
        return plan_from_json(read_text(path))
    session = PlanSession.open(path, read_only=True)
    try:
        return session.plan
    finally:
        session.close()


def read_scheduled(path: Path, progress: Progress = NO_PROGRESS) -> tuple[Plan, Schedule]:
    """The plan of ``read_plan`` and its schedule, scheduled once (a roadmap's session has
    done it). Raises as ``read_plan`` does."""
    progress.step(f"reading {path.name}")
    if _is_json(path):
        plan = read_plan(path)
        progress.step(f"scheduling {len(plan.items):,} items")
        return plan, ScheduleEngine(plan, validate=False).schedule()  # plan_from_json checked it
    session = PlanSession.open(path, read_only=True)
    try:
        return session.plan, session.schedule
    finally:
        session.close()


def read_schedule(
    path: Path, progress: Progress = NO_PROGRESS
) -> tuple[tuple[Item, ...], Schedule]:
    """The plan's items and its schedule: ``read_scheduled`` for a reader that needs no
    more of the plan (a roadmap's dependencies are read as columns, no ``Dependency``
    made but those the schedule is asked for; a JSON plan's likewise). Raises as
    ``read_plan``, and CycleError for a dependency cycle."""
    progress.step(f"reading {path.name}")
    if _is_json(path):
        plan, links = plan_from_json_apart(read_text(path))
    else:
        repo = PlanRepository.open(path, read_only=True)
        try:
            plan, links = repo.load_plan_apart(progress)
        finally:
            repo.close()
    progress.step(f"scheduling {len(plan.items):,} items")
    return plan.items, ScheduleEngine(plan, validate=False, links=links).schedule()  # checked


def read_import_file(
    path: Path, options: ImportOptions | None = None, progress: Progress = NO_PROGRESS
) -> ImportResult:
    """A plan from a file of any supported format (``planner.interchange.reading``), with
    its fidelity report; the plan is checked (a cycle refused). Raises PlanError for an
    unknown format, a file that can't be read, or a refused plan."""
    result = read_import(path, options, progress)
    progress.step(f"checking {len(result.plan.items):,} items")
    ScheduleEngine(result.plan)
    return result


def import_plan(
    source: Path,
    roadmap: Path,
    progress: Progress = NO_PROGRESS,
    options: ImportOptions | None = None,
) -> ImportResult:
    """Create ``roadmap`` from ``source`` (see ``read_import_file``), or replace the plan
    of the roadmap there in one transaction, its history kept. The plan is checked (a
    cycle refused) before the roadmap is touched, and a new roadmap appears only once it
    is complete. Returns the plan and its fidelity report. Raises PlanError for a refused
    plan, RoadmapFileError if the roadmap can't be written."""
    progress.step(f"reading {source.name}")
    result = read_import_file(source, options, progress)
    plan = result.plan
    progress.step(f"writing {roadmap.name}")
    reason = f"imported from {source.name}"
    if PlanRepository.is_blank(roadmap):
        PlanRepository.create(roadmap, plan, "Import", reason)
    else:  # one step in the roadmap's history, undone like any other
        session = open_for_writing(roadmap)
        try:
            session.apply(ReplacePlan(plan, "Import", reason=reason))
        finally:
            session.close()
    return result


def new_roadmap_file(path: Path, *, sample: bool = False) -> None:
    """A new roadmap at ``path``: an empty plan named after the file, or the sample plan.
    Unlike the app's New, this never makes a folder nor replaces a file. Raises PlanError
    if something is at ``path``, RoadmapFileError if it can't be written."""
    if path.exists():
        raise PlanError(f"{path}: already exists; choose another name")
    plan = sample_plan() if sample else Plan(name=path.stem)
    PlanRepository.create(path, plan, "New roadmap")


def read_notices(
    path: Path,
    team: str | None = None,
    *,
    include_acknowledged: bool = False,
    since: date | None = None,
) -> tuple[Plan, list[NoticeRow]]:
    """The roadmap's plan and its notices, oldest first: of one ``team`` (or stakeholder)
    or every one, unacknowledged only unless asked, made on or after ``since``. Raises
    PlanError for an unknown team, RoadmapFileError for a roadmap that can't be opened."""
    repo = PlanRepository.open(path, read_only=True)
    try:
        plan = repo.load_plan()
        if team is not None and team not in plan.team_index and not plan.has_stakeholder(team):
            who = "team or stakeholder" if plan.stakeholders else "team"
            raise PlanError(f"no {who} with id {quoted(team)}")
        rows = repo.notices(
            team=team,
            include_acknowledged=include_acknowledged,
            since=since.isoformat() if since else None,
        )
    finally:
        repo.close()
    return plan, rows


@dataclass(frozen=True)
class ExportSource:
    """What an export needs of its input: the plan, the baseline's dates (item id ->
    first and last day) when one was asked for, and the identity that names the plan in
    calendar event ids: a roadmap's own uid, or for a ``.json`` plan the file's name in
    lower case with dashes."""

    plan: Plan
    baseline: Mapping[str, tuple[date, date]] | None
    identity: str

    def schedule(self) -> Schedule:
        """The plan scheduled from scratch. Raises PlanError / CycleError for a refused
        plan."""
        return schedule_plan(self.plan)


def read_export_source(path: Path, baseline: str | None = None) -> ExportSource:
    """The plan of a ``.json`` file or a roadmap (opened read-only), with the dates of the
    roadmap's baseline named ``baseline``. Raises PlanError for a refused plan or a
    baseline asked of a ``.json`` plan, RoadmapFileError for a roadmap that can't be
    opened or has no such baseline."""
    from planner.export.ics import plan_identity

    if _is_json(path):
        if baseline:
            raise PlanError(f"{path}: a .json plan has no baselines")
        return ExportSource(read_plan(path), None, plan_identity(path.stem))
    repo = PlanRepository.open(path, read_only=True)
    try:
        plan = repo.load_plan()
        dates = repo.baseline_dates(baseline) if baseline else None
        return ExportSource(plan, dates, repo.uid or plan_identity(path.stem))
    finally:
        repo.close()


@contextmanager
def open_for_reading(path: str | Path) -> Iterator[PlanSession]:
    """The roadmap opened read-only for the ``with`` block, closed after it. Raises
    RoadmapFileError if it can't be opened."""
    session = PlanSession.open(path, read_only=True)
    try:
        yield session
    finally:
        session.close()


def open_for_writing(path: str | Path, today: date | None = None) -> PlanSession:
    """The roadmap opened to change it; with ``today``, the baselines of the sprints
    running then are kept first (``PlanSession.keep_sprint_baselines``). Raises
    PlannerError saying why it can't be (read-only, with the reason; ``path`` as given),
    RoadmapFileError if it can't be opened at all."""
    session = PlanSession.open(path)
    if session.read_only:
        reason = session.read_only_reason
        session.close()
        raise PlannerError(f"{path}: opened read-only because {reason}")
    if today is not None:
        try:
            session.keep_sprint_baselines(today)
        except BaseException:
            session.close()
            raise
    return session
