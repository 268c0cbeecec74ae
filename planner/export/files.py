"""One entry point for every export format, shared by ``planner export`` and the
export dialog: ``export_bytes`` makes the file's content, ``write_atomic`` writes it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from planner.domain.errors import PlanError
from planner.domain.jsonio import plan_to_json
from planner.domain.model import Plan
from planner.export.roadmap import IMAGE_FORMATS, RoadmapOptions
from planner.scheduling.schedule import Schedule

__all__ = ["FORMATS", "FORMAT_LABELS", "export_bytes", "format_of", "write_atomic"]

FORMATS = ("png", "svg", "pdf", "json", "csv", "ics")
FORMAT_LABELS = {
    "png": "PNG image",
    "svg": "SVG image",
    "pdf": "PDF document",
    "json": "JSON plan",
    "csv": "CSV items",
    "ics": "iCalendar (milestones and deadlines)",
}


def format_of(path: str | Path) -> str:
    """The export format of a file name. Raises PlanError for an unknown extension."""
    p = Path(path)
    ext = p.suffix.lower().lstrip(".")
    if ext not in FORMATS:
        raise PlanError(
            f"{p.name}: unknown export format {ext or '(no extension)'!r} "
            f"(use .{', .'.join(FORMATS)})"
        )
    return ext


def export_bytes(
    fmt: str,
    plan: Plan,
    sched: Schedule,
    options: RoadmapOptions,
    identity: str,
    stamp: datetime,
) -> bytes:
    """The exported file's content. ``identity`` names the plan in calendar UIDs (see
    ``planner.export.ics``); ``stamp`` is the export time. Images and the calendar follow
    the options (teams, dates); JSON and CSV always hold the whole plan.
    Raises PlanError for bad options or an unknown format."""
    if fmt in IMAGE_FORMATS:
        from planner.export.roadmap import render_roadmap

        return render_roadmap(plan, sched, options, fmt)
    options.check(plan)
    if fmt == "json":
        return plan_to_json(plan).encode("utf-8")
    if fmt == "csv":
        from planner.export.csvio import plan_to_csv

        return plan_to_csv(plan, sched).encode("utf-8-sig")  # the BOM tells Excel it's UTF-8
    if fmt == "ics":
        from planner.export.ics import plan_to_ics

        return plan_to_ics(
            plan, sched, identity, stamp, options.teams, options.date_from, options.date_to
        )
    raise PlanError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file and rename, so a failed export never leaves half a
    file. Raises PlanError if the folder can't be written."""
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise PlanError(f"{path}: cannot write ({e.strerror})") from None
