"""``planner export ROADMAP OUT.ext``: check the options and export by extension.

The command (planner/cli.py) loads ROADMAP — a ``.roadmap`` file opened read-only, or
a ``.json`` plan — and the ``--baseline`` dates, then calls ``run_export``; export code
never opens roadmap files itself.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path

from planner.domain.errors import PlannerError
from planner.domain.model import Plan
from planner.domain.progress import NO_PROGRESS, Progress
from planner.domain.text import printable
from planner.export.files import export_chunks, format_of, write_atomic
from planner.export.ics import plan_identity
from planner.export.options import roadmap_options

__all__ = ["run_export"]


def run_export(
    args: argparse.Namespace,
    plan: Plan | None = None,
    baseline: Mapping[str, tuple[date, date]] | None = None,
    identity: str | None = None,
    progress: Progress = NO_PROGRESS,
) -> int:
    """Write ``args.out`` from ``plan`` (``baseline``: item id -> first and last day in the
    baseline named by ``--baseline``; ``identity``: the roadmap's stable uid for calendar
    event ids, else a slug of the input file's name; ``progress`` hears of each step).
    Raises PlannerError (exit status 1) for a bad option or an output that can't be
    written; the output is then left as it was."""
    from planner.scheduling.propagate import schedule_plan

    if plan is None:  # the command must load the roadmap (export never opens one)
        raise PlannerError("planner export: the roadmap was not loaded (update planner/cli.py)")
    out = Path(args.out)
    fmt = format_of(out)
    options = roadmap_options(args, plan, baseline)
    progress.step(f"scheduling {len(plan.items):,} items")
    sched = schedule_plan(plan)
    identity = identity or plan_identity(Path(args.roadmap).stem)
    pieces = export_chunks(fmt, plan, sched, options, identity, datetime.now(UTC), progress)
    write_atomic(out, pieces)
    progress.done()
    detail = ""
    if fmt in ("png", "svg"):
        detail = f" ({options.page.width_px}x{options.page.height_px})"
    print(printable(f"wrote {out}{detail}"))  # the path as typed, escapes shown
    return 0
