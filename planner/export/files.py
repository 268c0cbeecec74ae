"""One entry point for every export format, shared by ``planner export`` and the
export dialog: ``export_chunks`` makes the file's content a piece at a time (a JSON plan
of 200,000 items is never one giant string), ``export_bytes`` all at once, and
``write_atomic`` writes either."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path

from planner.domain.errors import PlanError
from planner.domain.jsonio import plan_to_dict
from planner.domain.model import Plan
from planner.domain.progress import NO_PROGRESS, Progress
from planner.export.roadmap import IMAGE_FORMATS, RoadmapOptions
from planner.scheduling.schedule import Schedule

__all__ = [
    "DRAWN_FORMATS",
    "FORMATS",
    "FORMAT_LABELS",
    "export_bytes",
    "export_chunks",
    "format_of",
    "plan_json_chunks",
    "write_atomic",
]

FORMATS = ("png", "svg", "pdf", "pptx", "json", "csv", "ics")
DRAWN_FORMATS = (*IMAGE_FORMATS, "pptx")  # the roadmap drawn: page, theme, title apply
FORMAT_LABELS = {
    "png": "PNG image",
    "svg": "SVG image",
    "pdf": "PDF document",
    "pptx": "PowerPoint slides (editable shapes)",
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
            f"(use .{', .'.join(FORMATS)}, or .xml for MS Project)"
        )
    return ext


def export_bytes(
    fmt: str,
    plan: Plan,
    sched: Schedule,
    options: RoadmapOptions,
    identity: str,
    stamp: datetime,
    reasons: Mapping[str, str] | None = None,
) -> bytes:
    """The exported file's content (see ``export_chunks``). Raises PlanError for bad
    options or an unknown format."""
    return b"".join(export_chunks(fmt, plan, sched, options, identity, stamp, reasons=reasons))


def export_chunks(
    fmt: str,
    plan: Plan,
    sched: Schedule,
    options: RoadmapOptions,
    identity: str,
    stamp: datetime,
    progress: Progress = NO_PROGRESS,
    reasons: Mapping[str, str] | None = None,
) -> Iterator[bytes]:
    """The exported file's content, in pieces. ``identity`` names the plan in calendar
    UIDs (see ``planner.export.ics``); ``stamp`` is the export time; ``reasons`` (item
    id -> why it moved) fills the reason column of a .pptx's "What moved" slides. Images,
    slides and the calendar follow the options (teams, dates); JSON and CSV always hold
    the whole plan. Raises PlanError for bad options or an unknown format (before the
    first piece)."""
    if fmt in IMAGE_FORMATS:
        from planner.export.roadmap import render_roadmap

        progress.step(f"drawing {len(plan.items):,} items")
        return iter((render_roadmap(plan, sched, options, fmt),))
    if fmt == "pptx":
        from planner.export.pptx_export import roadmap_pptx

        return iter((roadmap_pptx(plan, sched, options, reasons=reasons, progress=progress),))
    options.check(plan)
    if fmt == "json":
        return (piece.encode("utf-8") for piece in plan_json_chunks(plan, progress))
    if fmt == "csv":
        from planner.export.csvio import plan_to_csv

        progress.step(f"writing {len(plan.items):,} items")
        text = plan_to_csv(plan, sched)
        return iter((text.encode("utf-8-sig"),))  # the BOM tells Excel it's UTF-8
    if fmt == "ics":
        from planner.export.ics import plan_to_ics

        progress.step("writing the calendar")
        return iter((plan_to_ics(plan, sched, identity, stamp, options.teams,
                                 options.date_from, options.date_to),))  # fmt: skip
    raise PlanError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")


def plan_json_chunks(
    plan: Plan, progress: Progress = NO_PROGRESS, chunk: int = 2000
) -> Iterator[str]:
    """``planner.domain.jsonio.plan_to_json(plan)``, the same text, a piece at a time:
    the plan without its items and links, then those ``chunk`` at a time, each written
    by ``plan_to_dict`` and ``json.dumps`` as ``plan_to_json`` writes them."""
    empty = dataclasses.replace(plan, items=(), dependencies=())
    head = json.dumps(plan_to_dict(empty), indent=2) + "\n"
    progress.step("writing the plan", len(plan.items) + len(plan.dependencies))
    for key, n in (("items", len(plan.items)), ("dependencies", len(plan.dependencies))):
        # a top-level key starts a line after two spaces (strings never hold a newline)
        marker = f'\n  "{key}": []'
        at = head.index(marker) + len(marker) - 1
        yield head[:at]
        head = head[at + 1 :]
        for k in range(0, n, chunk):
            if key == "items":
                part = dataclasses.replace(empty, items=plan.items[k : k + chunk])
            else:
                part = dataclasses.replace(empty, dependencies=plan.dependencies[k : k + chunk])
            text = json.dumps(plan_to_dict(part)[key], indent=2)  # "[\n  {...},\n  {...}\n]"
            yield ("\n" if k == 0 else ",\n") + "  " + text[2:-2].replace("\n", "\n  ")
            progress.advance(min(chunk, n - k))
        yield "\n  ]" if n else "]"
    yield head


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` (or its pieces, as they come) through a temporary file and rename,
    so a failed export never leaves half a file. Raises PlanError if the folder can't be
    written; whatever else goes wrong while the pieces are made is raised as it is."""
    tmp = path.with_name(path.name + ".part")
    pieces = (data,) if isinstance(data, bytes) else data
    try:
        with tmp.open("wb") as f:
            for piece in pieces:
                f.write(piece)
        tmp.replace(path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise PlanError(f"{path}: cannot write ({e.strerror})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
