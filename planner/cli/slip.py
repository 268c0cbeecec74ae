"""``planner slip ROADMAP ITEM --days N --reason TEXT [--today DATE]``: record a slip
with its reason; prints the impact per team (its notices are stored)."""

from __future__ import annotations

import argparse

from planner.cli.output import Subcommands, out, today

__all__ = ["add_parsers"]


def add_parsers(sub: Subcommands) -> None:
    s = sub.add_parser("slip", help="record a slip with its reason and print the impact")
    s.add_argument("roadmap")
    s.add_argument("item", help="item id")
    s.add_argument("--days", type=int, required=True, help="working days later than scheduled")
    s.add_argument("--reason", required=True)
    s.add_argument("--today", help="YYYY-MM-DD (default: today)")
    s.set_defaults(func=cmd_slip)


def cmd_slip(args: argparse.Namespace) -> int:
    from planner.app.files import open_for_writing
    from planner.app.slips import RecordSlip
    from planner.export.digest import impact_text

    day = today(args.today)
    session = open_for_writing(args.roadmap, day)
    try:
        changes = session.apply(RecordSlip(args.item, args.days, args.reason, day))
        out(impact_text(session.plan, changes.impact, changes.label))
    finally:
        session.close()
    return 0
