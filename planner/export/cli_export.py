"""``planner export ROADMAP OUT.ext``: load, check the options, export by extension.

ROADMAP is a ``.roadmap`` file (opened read-only) or a ``.json`` plan (no baselines).
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from pathlib import Path

from planner.domain.errors import PlanError
from planner.domain.jsonio import plan_from_json
from planner.domain.model import Plan
from planner.export.files import export_bytes, format_of, write_atomic
from planner.export.ics import plan_identity
from planner.export.options import roadmap_options
from planner.storage.repository import PlanRepository

__all__ = ["run_export"]


def _load(path: Path, baseline: str | None) -> tuple[Plan, dict[str, tuple[date, date]] | None]:
    if path.suffix.lower() == ".json":
        if baseline:
            raise PlanError("--baseline needs a .roadmap file (a .json plan has no baselines)")
        try:
            return plan_from_json(path.read_text(encoding="utf-8")), None
        except OSError as e:
            raise PlanError(f"{path}: cannot read ({e.strerror})") from None
        except UnicodeDecodeError:
            raise PlanError(f"{path}: not a UTF-8 text file") from None
    repo = PlanRepository.open(path, read_only=True)
    try:
        plan = repo.load_plan()
        return plan, (repo.baseline_dates(baseline) if baseline else None)
    finally:
        repo.close()


def run_export(args: argparse.Namespace) -> int:
    """Raises PlannerError (exit status 1) for a bad option, input or output."""
    from planner.scheduling.propagate import schedule_plan

    out = Path(args.out)
    fmt = format_of(out)
    roadmap = Path(args.roadmap)
    plan, base = _load(roadmap, getattr(args, "baseline", None))
    options = roadmap_options(args, plan, base)
    sched = schedule_plan(plan)
    data = export_bytes(fmt, plan, sched, options, plan_identity(roadmap.stem), datetime.now(UTC))
    write_atomic(out, data)
    detail = ""
    if fmt in ("png", "svg"):
        detail = f" ({options.page.width_px}x{options.page.height_px})"
    print(f"wrote {out}{detail}")
    return 0
