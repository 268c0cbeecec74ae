"""``read_import``: a plan from a file of any supported format, with its fidelity report.

=========================  ===============================================
``.json``                  our own plan format (exact)
``.csv``                   our CSV, or with ``source="jira"`` / ``"linear"``
                           a Jira or Linear CSV export
``.xml`` / ``.mspdi``      MS Project XML (MSPDI)
``.gan``                   GanttProject
=========================  ===============================================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from planner.domain.csvplan import plan_from_csv
from planner.domain.errors import PlanError
from planner.domain.jsonio import plan_from_json
from planner.domain.model import Plan
from planner.domain.progress import NO_PROGRESS, Progress
from planner.interchange.fidelity import Fidelity, ImportResult

__all__ = ["IMPORT_SUFFIXES", "SOURCES", "ImportOptions", "read_bytes", "read_import", "read_text"]

SOURCES = ("jira", "linear")  # what --from names (CSV shapes of other tools)
DEFAULT_POINTS_PER_DAY = 1.0


@dataclass(frozen=True)
class ImportOptions:
    """How to read another tool's file: ``source`` picks a CSV shape (``jira``,
    ``linear``); ``team_field`` the Jira column that names the team (default Project);
    ``points_per_day`` how many story points make one working day; with
    ``epics_as_milestones`` an epic with a due date becomes a milestone on it."""

    source: str | None = None
    team_field: str | None = None
    points_per_day: float = DEFAULT_POINTS_PER_DAY
    epics_as_milestones: bool = False


def read_text(path: Path, newline: str | None = None) -> str:
    """The file's text (a UTF-8 byte-order mark skipped). Raises PlanError if it can't be
    read, is not UTF-8, or is not a regular file (a pipe would wait forever)."""
    try:
        if path.exists() and not path.is_file():
            raise PlanError(f"{path}: not a regular file")
        with path.open(encoding="utf-8-sig", newline=newline) as f:
            return f.read()
    except OSError as e:
        raise PlanError(f"{path}: cannot read ({e.strerror})") from None
    except UnicodeDecodeError:
        raise PlanError(f"{path}: not a UTF-8 text file") from None


def read_bytes(path: Path) -> bytes:
    """The file's bytes. Raises PlanError if it can't be read or is not a regular file."""
    try:
        if path.exists() and not path.is_file():
            raise PlanError(f"{path}: not a regular file")
        return path.read_bytes()
    except OSError as e:
        raise PlanError(f"{path}: cannot read ({e.strerror})") from None


def _exact(plan: Plan, source: str) -> ImportResult:
    f = Fidelity(source)
    f.convert("teams", len(plan.teams))
    f.convert("tasks", sum(not it.is_milestone for it in plan.items))
    f.convert("milestones", sum(it.is_milestone for it in plan.items))
    f.convert("dependencies", len(plan.dependencies))
    f.convert("sprints", len(plan.sprints))
    return ImportResult(plan, f)


def _own_json(path: Path, options: ImportOptions, progress: Progress) -> ImportResult:
    return _exact(plan_from_json(read_text(path)), "Roadmap Planner JSON")


def _csv(path: Path, options: ImportOptions, progress: Progress) -> ImportResult:
    if options.source == "jira":
        from planner.interchange.jira import read_jira_csv

        return read_jira_csv(read_text(path, newline=""), path.stem, options, progress)
    if options.source == "linear":
        from planner.interchange.linear import read_linear_csv

        return read_linear_csv(read_text(path, newline=""), path.stem, options, progress)
    # newline="": keep a \r inside a cell
    return _exact(plan_from_csv(read_text(path, newline=""), name=path.stem), "Roadmap Planner CSV")


def _mspdi(path: Path, options: ImportOptions, progress: Progress) -> ImportResult:
    from planner.interchange.mspdi import read_mspdi

    return read_mspdi(read_bytes(path), path.name, progress)


def _gan(path: Path, options: ImportOptions, progress: Progress) -> ImportResult:
    from planner.interchange.ganttproject import read_gan

    return read_gan(read_bytes(path), path.stem, progress)


_READERS: dict[str, Callable[[Path, ImportOptions, Progress], ImportResult]] = {
    ".json": _own_json,
    ".csv": _csv,
    ".xml": _mspdi,
    ".mspdi": _mspdi,
    ".gan": _gan,
}

IMPORT_SUFFIXES = tuple(_READERS)  # the file name endings read_import reads


def read_import(
    path: Path, options: ImportOptions | None = None, progress: Progress = NO_PROGRESS
) -> ImportResult:
    """The plan in ``path`` and its fidelity report. Raises PlanError (one line, naming
    the file and what is wrong) for an unknown format, a file that can't be read, or
    one that is malformed or hostile."""
    options = options or ImportOptions()
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        known = ", ".join(sorted(_READERS))
        raise PlanError(f"{path}: unknown input format {suffix!r} (use {known})")
    if options.source is not None and suffix != ".csv":
        raise PlanError(f"{path}: --from {options.source} reads a .csv export, not {suffix}")
    result = reader(path, options, progress)
    dropped = result.fidelity.dropped
    if not result.plan.items and dropped:  # e.g. a damaged CSV whose rows all fell apart
        raise PlanError(
            f"{path}: nothing could be imported ({len(dropped):,} dropped; first:"
            f" {dropped[0].text()})"
        )
    return result
