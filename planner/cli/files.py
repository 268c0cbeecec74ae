"""``planner import IN ROADMAP [--from jira|linear] [--team-field NAME] [--points-per-day N]
[--epics-as-milestones]`` and ``planner new FILE [--sample]``: roadmaps made from a
file (ours: .json, .csv; MS Project .xml, GanttProject .gan, Jira and Linear .csv), or
new. An import prints its fidelity report: what was converted, approximated, dropped."""

from __future__ import annotations

import argparse
from pathlib import Path

from planner.cli.output import Subcommands, out
from planner.domain.errors import PlanError
from planner.progress import with_progress

__all__ = ["add_parsers"]


def add_parsers(sub: Subcommands) -> None:
    s = sub.add_parser(
        "import",
        help="create or replace a roadmap from a file: .json, .csv, MS Project .xml,"
        " GanttProject .gan, or a Jira/Linear .csv export (--from)",
    )
    s.add_argument("input")
    s.add_argument("roadmap")
    s.add_argument("--from", dest="source", choices=("jira", "linear"),
                   help="the .csv is a Jira or Linear export")  # fmt: skip
    s.add_argument("--team-field", metavar="NAME",
                   help="Jira: the column that names the team (default: Project)")  # fmt: skip
    s.add_argument("--points-per-day", metavar="N", default="1",
                   help="story points (estimate units) per working day (default: 1)")  # fmt: skip
    s.add_argument("--epics-as-milestones", action="store_true",
                   help="an epic with a due date becomes a milestone on that date")  # fmt: skip
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("new", help="create a new roadmap file")
    s.add_argument("file")
    s.add_argument("--sample", action="store_true", help="fill it with the sample roadmap")
    s.set_defaults(func=cmd_new)


@with_progress
def cmd_import(args: argparse.Namespace) -> int:
    from planner.app.files import import_plan
    from planner.interchange.reading import ImportOptions

    options = ImportOptions(
        source=args.source,
        team_field=args.team_field,
        points_per_day=_points_per_day(args.points_per_day),
        epics_as_milestones=args.epics_as_milestones,
    )
    result = import_plan(Path(args.input), Path(args.roadmap), args.progress, options)
    args.progress.done()
    plan = result.plan
    out(f"{args.roadmap}: {len(plan.items)} items, {len(plan.dependencies)} dependencies")
    if not (result.fidelity.exact and result.fidelity.source.startswith("Roadmap Planner")):
        for line in result.fidelity.lines():
            out(line)
    return 0


def _points_per_day(value: str) -> float:
    """``--points-per-day``: a number greater than 0. Raises PlanError naming the flag."""
    try:
        n = float(value)
    except ValueError:
        raise PlanError(f"--points-per-day: {value!r} is not a number") from None
    if not 0 < n <= 1000:
        raise PlanError(f"--points-per-day: must be greater than 0 and at most 1000, not {value}")
    return n


def cmd_new(args: argparse.Namespace) -> int:
    from planner.app.files import new_roadmap_file

    path = Path(args.file)
    new_roadmap_file(path, sample=args.sample)
    print(f"{path}: new roadmap" + (" with the sample plan" if args.sample else ""))
    return 0
