"""Command-line options of ``planner export`` and their checking (the export dialog
offers the same choices). Bad values raise PlanError naming the option, so the command
exits with status 1 and one line; malformed usage stays argparse's (status 2)."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from datetime import date

from planner.domain.errors import PlanError
from planner.domain.jsonio import parse_date
from planner.domain.model import Plan
from planner.export.presets import PRESETS, page_spec
from planner.export.roadmap import RoadmapOptions
from planner.export.themes import THEMES

__all__ = ["add_export_arguments", "roadmap_options"]


def add_export_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="date_from", metavar="DATE", help="first day shown, YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="last day shown, YYYY-MM-DD")
    p.add_argument("--teams", metavar="IDS", help="comma-separated team ids to include")
    p.add_argument(
        "--title", metavar="TEXT", help="title of the image (default: the roadmap's name)"
    )
    p.add_argument(
        "--preset",
        metavar="NAME",
        help=f"page size: {', '.join(PRESETS)} or custom (default slide-16:9, 1920x1080)",
    )
    p.add_argument("--width", metavar="PX", help="image width in pixels (a custom size)")
    p.add_argument("--height", metavar="PX", help="image height in pixels (a custom size)")
    p.add_argument("--dpi", metavar="N", help="resolution; scales a preset's pixels (default 100)")
    p.add_argument(
        "--theme", metavar="NAME", help=f"colours: {' or '.join(THEMES)} (default light)"
    )
    p.add_argument(
        "--baseline", metavar="NAME", help="draw where items were in this saved baseline"
    )
    p.add_argument(
        "--dependencies",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="draw dependency arrows (default: yes)",
    )
    p.add_argument(
        "--today",
        metavar="DATE",
        help="the 'as of' day and today line, YYYY-MM-DD (default: today)",
    )


def _positive(value: str | None, flag: str) -> int | None:
    if value is None:
        return None
    try:
        n = int(value)
    except ValueError:
        raise PlanError(f"{flag}: {value!r} is not a whole number") from None
    if n <= 0:
        raise PlanError(f"{flag}: must be greater than 0, not {n}")
    return n


def roadmap_options(
    args: argparse.Namespace,
    plan: Plan,
    baseline: Mapping[str, tuple[date, date]] | None = None,
) -> RoadmapOptions:
    """RoadmapOptions from parsed arguments. Raises PlanError naming the bad option."""
    today = parse_date(args.today, "--today") if getattr(args, "today", None) else date.today()
    first = parse_date(args.date_from, "--from") if args.date_from else None
    last = parse_date(args.date_to, "--to") if args.date_to else None
    teams = None
    if args.teams is not None:
        teams = tuple(t.strip() for t in args.teams.split(",") if t.strip())
        if not teams:
            raise PlanError("--teams: give at least one team id")
    width = _positive(getattr(args, "width", None), "--width")
    height = _positive(getattr(args, "height", None), "--height")
    dpi = _positive(getattr(args, "dpi", None), "--dpi")
    page = page_spec(getattr(args, "preset", None), width, height, dpi)
    options = RoadmapOptions(
        today=today,
        date_from=first,
        date_to=last,
        teams=teams,
        title=args.title,
        page=page,
        theme=(getattr(args, "theme", None) or "light").lower(),
        show_dependencies=getattr(args, "dependencies", True),
        baseline=baseline,
        baseline_name=getattr(args, "baseline", None) or "",
    )
    options.check(plan)
    return options
