"""``planner feed ROADMAP FOLDER [--today DATE]``: per team and stakeholder, a calendar
(``FOLDER/<id>.ics``) of the milestones and deadlines that concern it and a static HTML
status page (``FOLDER/<id>.html``), with ``FOLDER/index.html`` linking them, for a
shared folder. Re-running updates the folder in place (``planner.app.feed``)."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from planner.cli.output import Subcommands, out, today

__all__ = ["add_parsers"]


def add_parsers(sub: Subcommands) -> None:
    s = sub.add_parser(
        "feed",
        help="write a calendar and a status page per team and stakeholder into a folder",
    )
    s.add_argument("roadmap")
    s.add_argument("folder")
    s.add_argument("--today", help="the day the pages are as of (default: today)")
    s.set_defaults(func=cmd_feed)


def cmd_feed(args: argparse.Namespace) -> int:
    from planner.app.feed import write_feed
    from planner.app.files import open_for_reading

    day = today(args.today)
    with open_for_reading(Path(args.roadmap)) as session:
        report = write_feed(session, Path(args.folder), today=day, now=datetime.now().astimezone())
    for recipient, stem in report.recipients:
        out(f"{report.folder / stem}.ics, .html: {recipient.name} ({recipient.kind})")
    out(f"{report.folder / 'index.html'}: {len(report.recipients)} status pages")
    for name in report.removed:
        out(f"{report.folder / name}: removed (no such team or stakeholder any more)")
    return 0
