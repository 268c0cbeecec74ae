"""``planner export ROADMAP OUT.(png|svg|pdf|pptx|json|csv|ics|xml) [options]``: the flags,
read into the export's option values, and the export by extension (``.xml`` is MS Project
XML, written by ``planner.interchange``, which sits above the export layer).

The export layer takes values (``RoadmapOptions``, an explicit ``today`` and stamp) and
names a refused option in words; here its flags are read and its messages are given the
flags' names (``FLAGS``), so the command says ``--from`` where the dialog says "the
'from' date".
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from planner.cli.forecast import add_forecast_arguments, runs_flag, seed_flag
from planner.cli.output import Subcommands, flag_date, positive, today
from planner.domain.errors import PlanError
from planner.domain.text import printable
from planner.progress import with_progress

if TYPE_CHECKING:
    from planner.domain.model import Plan
    from planner.export.roadmap import RoadmapOptions

__all__ = ["FLAGS", "add_export_arguments", "add_parsers", "export_options"]

# The flag of each option an export error may name (planner.export.options.OPTION_WORDS).
FLAGS: Mapping[str, str] = {
    "date_from": "--from",
    "date_to": "--to",
    "teams": "--teams",
    "preset": "--preset",
    "width": "--width",
    "height": "--height",
    "dpi": "--dpi",
    "theme": "--theme",
}
SLIDE_PRESETS = {"16:9": "slide-16:9", "4:3": "slide-4:3"}  # --page 4:3 for a 4:3 slide


def add_parsers(sub: Subcommands) -> None:
    s = sub.add_parser(
        "export", help="export to png, svg, pdf, pptx, json, csv, ics or xml (MS Project)"
    )
    s.add_argument("roadmap")
    s.add_argument("out")
    add_export_arguments(s)
    s.set_defaults(func=cmd_export)


def add_export_arguments(p: argparse.ArgumentParser) -> None:
    """The export's flags (the export dialog offers the same choices). Malformed usage
    stays argparse's (status 2); a bad value is refused by ``export_options`` (status 1)."""
    from planner.export.presets import PRESETS
    from planner.export.themes import THEMES

    p.add_argument("--from", dest="date_from", metavar="DATE", help="first day shown, YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="last day shown, YYYY-MM-DD")
    p.add_argument("--teams", metavar="IDS", help="comma-separated team ids to include")
    p.add_argument(
        "--title", metavar="TEXT", help="title of the image (default: the roadmap's name)"
    )
    p.add_argument(
        "--preset",
        "--page",
        dest="preset",
        metavar="NAME",
        help=f"page size: {', '.join(PRESETS)} (or 16:9, 4:3) or custom "
        "(default slide-16:9, 1920x1080; a .pptx slide 13.33x7.5 in)",
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
    p.add_argument(
        "--forecast",
        action="store_true",
        help="draw each milestone's forecast P50-P80 range and each deadline's on-time chance",
    )
    add_forecast_arguments(p, with_today=False)


def export_options(
    args: argparse.Namespace,
    plan: Plan,
    baseline: Mapping[str, tuple[date, date]] | None = None,
    forecast: Mapping[str, tuple[date, date, float | None]] | None = None,
) -> RoadmapOptions:
    """The export's options from the parsed flags, checked against ``plan``, with the
    forecast to draw if one was made. Raises PlanError naming the bad flag."""
    from planner.export.options import OptionError
    from planner.export.presets import page_spec
    from planner.export.roadmap import RoadmapOptions

    as_of = today(args.today or None)
    first = flag_date(args.date_from, "--from") if args.date_from else None
    last = flag_date(args.date_to, "--to") if args.date_to else None
    teams = None
    if args.teams is not None:
        teams = tuple(t.strip() for t in args.teams.split(",") if t.strip())
        if not teams:
            raise PlanError("--teams: give at least one team id")
    width = positive(args.width, "--width")
    height = positive(args.height, "--height")
    dpi = positive(args.dpi, "--dpi")
    try:
        options = RoadmapOptions(
            today=as_of,
            date_from=first,
            date_to=last,
            teams=teams,
            title=args.title,
            page=page_spec(SLIDE_PRESETS.get(args.preset or "", args.preset), width, height, dpi),
            theme=(args.theme or "light").lower(),
            show_dependencies=args.dependencies,
            baseline=baseline,
            baseline_name=args.baseline or "",
            forecast=forecast,
        )
        options.check(plan)
    except OptionError as e:
        raise PlanError(e.naming(FLAGS)) from None
    return options


@with_progress
def cmd_export(args: argparse.Namespace) -> int:
    """Write ``args.out`` from the roadmap or ``.json`` plan. Raises PlannerError (exit
    status 1) for a bad flag or an output that can't be written; the output is then left
    as it was."""
    from planner.app.files import read_export_source
    from planner.export.files import DRAWN_FORMATS, export_chunks, format_of, write_atomic

    target = Path(args.out)
    mspdi = target.suffix.lower() == ".xml"  # MS Project XML: the whole plan, as JSON is
    fmt = "xml" if mspdi else format_of(target)  # an unknown one is refused before opening
    path = Path(args.roadmap)
    args.progress.step(f"reading {path.name}")
    if path.suffix.lower() == ".json" and args.baseline:
        raise PlanError("--baseline needs a .roadmap file (a .json plan has no baselines)")
    source = read_export_source(path, args.baseline)
    options = export_options(args, source.plan, source.baseline)
    if args.forecast:
        if fmt not in DRAWN_FORMATS:
            raise PlanError(
                "--forecast: only a .png, .svg or .pdf export, or a .pptx, draws a forecast"
            )
        options = _with_forecast(args, source.plan, options)
    elif args.runs is not None or args.seed is not None:
        raise PlanError("--runs and --seed go with --forecast")
    args.progress.step(f"scheduling {len(source.plan.items):,} items")
    sched = source.schedule()
    stamp = datetime.now(UTC)  # the calendar's DTSTAMP: the clock is read here, not in export
    reasons = _moved_reasons(path, args.baseline) if fmt == "pptx" and args.baseline else None
    if mspdi:
        from planner.interchange.mspdi_write import mspdi_chunks

        pieces = mspdi_chunks(source.plan, sched, args.progress)
    else:
        pieces = export_chunks(fmt, source.plan, sched, options, source.identity, stamp,
                               args.progress, reasons)  # fmt: skip
    write_atomic(target, pieces)
    args.progress.done()
    detail = ""
    if fmt in ("png", "svg"):
        detail = f" ({options.page.width_px}x{options.page.height_px})"
    print(printable(f"wrote {target}{detail}"))  # the path as typed, escapes shown
    return 0


def _moved_reasons(path: Path, baseline: str) -> dict[str, str]:
    """Item id -> why it moved since ``baseline`` (``pptx_moved.moved_reasons``). Raises
    RoadmapFileError if the roadmap can't be opened."""
    from planner.app.files import open_for_reading
    from planner.export.pptx_moved import moved_reasons

    with open_for_reading(path) as session:
        return moved_reasons(session, baseline)


def _with_forecast(args: argparse.Namespace, plan: Plan, options: RoadmapOptions) -> RoadmapOptions:
    """``options`` with the forecast of ``plan`` as of the export's day, by ``--runs`` and
    ``--seed``. Raises PlanError for a bad flag or a plan that can't be forecast."""
    import dataclasses

    from planner.scheduling.forecast import forecast_plan

    runs, seed = runs_flag(args.runs), seed_flag(args.seed)
    args.progress.step(f"forecasting {len(plan.items):,} items")
    fc = forecast_plan(plan, options.today, runs, seed, progress=args.progress)
    marks = {f.id: (f.p50, f.p80, f.on_time) for f in fc.items}
    return dataclasses.replace(options, forecast=marks)
