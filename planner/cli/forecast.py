"""``planner forecast ROADMAP [--runs 1000] [--seed 1] [--today DATE] [--json]``: when
each milestone and each item with a deadline will really land, from how its team has
done so far (DESIGN.md, 'The iteration loop: sprint review and forecast')."""

from __future__ import annotations

import argparse
from pathlib import Path

from planner.cli.output import Subcommands, json_text, out, out_json, today
from planner.domain.errors import PlanError
from planner.domain.text import printable, shorten
from planner.progress import with_progress

__all__ = ["add_forecast_arguments", "add_parsers", "runs_flag", "seed_flag"]


def add_parsers(sub: Subcommands) -> None:
    s = sub.add_parser(
        "forecast", help="P50/P80 dates of milestones and deadlines, from the teams' history"
    )
    s.add_argument("roadmap", help="a .roadmap or .json plan")
    add_forecast_arguments(s, with_today=True)
    s.add_argument("--json", action="store_true", help="print JSON (DESIGN.md shape)")
    s.set_defaults(func=cmd_forecast)


def add_forecast_arguments(p: argparse.ArgumentParser, *, with_today: bool) -> None:
    """``--runs`` and ``--seed``, and ``--today`` unless the command has its own."""
    p.add_argument("--runs", metavar="N", help="how many runs (default 1000, at most 100000)")
    p.add_argument(
        "--seed", metavar="N", help="the random seed (default 1): same seed, same result"
    )
    if with_today:
        p.add_argument("--today", metavar="DATE", help="the day of the forecast (default: today)")


def runs_flag(value: str | None) -> int:
    """``--runs``: 1000 when not given. Raises PlanError for anything but 1..100000."""
    from planner.scheduling.forecast import MAX_RUNS

    n = _whole(value, "--runs", 1000)
    if not 1 <= n <= MAX_RUNS:
        raise PlanError(f"--runs: must be 1 to {MAX_RUNS}, not {n}")
    return n


def seed_flag(value: str | None) -> int:
    """``--seed``: 1 when not given. Raises PlanError for a negative or non-whole one."""
    n = _whole(value, "--seed", 1)
    if n < 0:
        raise PlanError(f"--seed: must be 0 or more, not {n}")
    return n


def _whole(value: str | None, flag: str, default: int) -> int:
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise PlanError(f"{flag}: {shorten(value, 40)!r} is not a whole number") from None


@with_progress
def cmd_forecast(args: argparse.Namespace) -> int:
    from planner.app.files import read_plan
    from planner.scheduling.forecast import forecast_plan
    from planner.scheduling.propagate import ScheduleEngine

    runs, seed, as_of = runs_flag(args.runs), seed_flag(args.seed), today(args.today)
    path = Path(args.roadmap)
    args.progress.step(f"reading {path.name}")
    plan = read_plan(path)
    args.progress.step(f"scheduling {len(plan.items):,} items")
    engine = ScheduleEngine(plan, validate=False)  # read_plan has checked it
    fc = forecast_plan(plan, as_of, runs, seed, engine, args.progress)
    args.progress.done()
    if args.json:
        out_json(json_text(fc.to_dict()))
        return 0
    out(f"Forecast as of {as_of}: {runs:,} run{'s' * (runs != 1)}, seed {seed}")
    for line in fc.explain(plan):
        out(f"  {line}")
    out()
    if not fc.items:
        out("No milestones or deadlines left to forecast.")
        return 0
    rows = [("id", "P50", "P80", "on time", "deadline", "title")]
    for f in fc.items:
        it = plan.item(f.id)
        chance = "" if f.on_time is None else f"{round(f.on_time * 100)}%"
        deadline = str(it.deadline) if it.deadline else ""
        title = printable(shorten(it.label, 40), keep_newlines=False)
        rows.append((printable(f.id, keep_newlines=False), str(f.p50), str(f.p80), chance,
                     deadline, title))  # fmt: skip
    widths = [max(len(r[k]) for r in rows) for k in range(len(rows[0]))]
    for r in rows:
        out("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    return 0
