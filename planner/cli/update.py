"""``planner update ROADMAP ITEM [--started DATE] [--done DATE] [--progress N]
[--remaining DAYS] [--reason TEXT] [--today DATE]``: record progress on an item.
Reschedules, stores notices for every team it moves (like a slip) and prints the
impact per team."""

from __future__ import annotations

import argparse

from planner.cli.output import Subcommands, flag_date, out, today

__all__ = ["add_parsers"]


def add_parsers(sub: Subcommands) -> None:
    s = sub.add_parser(
        "update", help="record progress: started, done, progress %%, working days remaining"
    )
    s.add_argument("roadmap")
    s.add_argument("item", help="item id")
    s.add_argument("--started", metavar="DATE", help="its actual start: it is in progress")
    s.add_argument("--done", metavar="DATE", help="done, with this actual finish")
    s.add_argument("--progress", metavar="N", type=int, help="percent done, 0-100 (shown only)")
    s.add_argument(
        "--remaining",
        metavar="DAYS",
        type=int,
        help="working days left, today counted as the first: its finish moves to fit",
    )
    s.add_argument("--reason", default="", help="why (shown in the notices)")
    s.add_argument("--today", help="YYYY-MM-DD (default: today)")
    s.set_defaults(func=cmd_update)


def cmd_update(args: argparse.Namespace) -> int:
    from planner.app.actuals import RecordProgress
    from planner.app.files import open_for_writing
    from planner.export.digest import impact_text

    day = today(args.today)
    request = RecordProgress(
        args.item,
        day,
        started=flag_date(args.started, "--started") if args.started else None,
        done=flag_date(args.done, "--done") if args.done else None,
        progress=args.progress,
        remaining=args.remaining,
        reason=args.reason,
    )
    session = open_for_writing(args.roadmap, day)
    try:
        changes = session.apply(request)
        news = changes.edit.news if changes.edit else None
        out(impact_text(session.plan, changes.impact, changes.label, news))
    finally:
        session.close()
    return 0
