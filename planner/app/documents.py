"""Roadmap files for the desktop app: the default roadmap, new files, copies.

The window calls these and shows any PlannerError they raise.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from planner.app.sample import sample_plan
from planner.app.session import PlanSession
from planner.app.settings import default_roadmap_path
from planner.domain.errors import RoadmapFileError
from planner.domain.model import TEAM_COLORS, Plan, Team
from planner.scheduling.sprints import generate_sprints
from planner.storage.repository import PlanRepository

ROADMAP_SUFFIX = ".roadmap"


def write_new_roadmap(
    path: Path,
    plan: Plan,
    label: str = "New roadmap",
    *,
    replace: bool = False,
    reason: str = "",
) -> None:
    """Create ``path`` holding ``plan``, its first history entry ``label`` (with
    ``reason``); it appears only once complete, and a file it replaces (``replace``)
    stays as it was if this fails. Raises RoadmapFileError if it can't be written, or if
    a roadmap is there and ``replace`` is not set."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise RoadmapFileError(f"{path.parent}: cannot create the folder ({e.strerror})") from None
    PlanRepository.create(path, plan, label, reason, replace=replace)


def default_roadmap(today: date) -> Path:
    """The user's default roadmap; made from the sample roadmap on first start."""
    path = default_roadmap_path()
    if not path.exists():
        write_new_roadmap(path, sample_plan(today), "Sample roadmap")
    return path


def blank_plan(name: str, today: date) -> Plan:
    """A new roadmap: one team and six two-week sprints from this week's Monday."""
    monday = today - timedelta(days=today.weekday())
    return Plan(
        name=name,
        teams=(Team("team-1", "Team 1", TEAM_COLORS[0]),),
        sprints=generate_sprints(monday, 2, 6),
    )


def new_roadmap(path: Path, today: date) -> Path:
    """Create an empty roadmap at ``path`` (``.roadmap`` added if missing), replacing a
    file there (the save dialog has asked). Raises RoadmapFileError if it can't be written."""
    if path.suffix.lower() != ROADMAP_SUFFIX:
        path = path.with_name(path.name + ROADMAP_SUFFIX)
    # The save dialog already asked before replacing a file there.
    write_new_roadmap(path, blank_plan(path.stem, today), replace=True)
    return path


def save_copy(session: PlanSession, target: Path) -> Path:
    """Copy the open roadmap (with its history) to ``target`` through SQLite's backup
    API. Raises RoadmapFileError if it can't be written or is the open file itself."""
    if target.suffix.lower() != ROADMAP_SUFFIX:
        target = target.with_name(target.name + ROADMAP_SUFFIX)
    if session.path is not None and target.resolve() == Path(session.path).resolve():
        raise RoadmapFileError(f"{target}: that is the roadmap already open")
    session.save_copy(target)
    return target
