"""``planner import IN.(json|csv) ROADMAP`` and ``planner new FILE [--sample]``: roadmaps
made from a file, or new."""

from __future__ import annotations

import argparse
from pathlib import Path

from planner.cli.output import Subcommands
from planner.progress import with_progress

__all__ = ["add_parsers"]


def add_parsers(sub: Subcommands) -> None:
    s = sub.add_parser("import", help="create or replace a roadmap from a .json or .csv file")
    s.add_argument("input")
    s.add_argument("roadmap")
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("new", help="create a new roadmap file")
    s.add_argument("file")
    s.add_argument("--sample", action="store_true", help="fill it with the sample roadmap")
    s.set_defaults(func=cmd_new)


@with_progress
def cmd_import(args: argparse.Namespace) -> int:
    from planner.app.files import import_plan

    plan = import_plan(Path(args.input), Path(args.roadmap), args.progress)
    args.progress.done()
    print(f"{args.roadmap}: {len(plan.items)} items, {len(plan.dependencies)} dependencies")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from planner.app.files import new_roadmap_file

    path = Path(args.file)
    new_roadmap_file(path, sample=args.sample)
    print(f"{path}: new roadmap" + (" with the sample plan" if args.sample else ""))
    return 0
