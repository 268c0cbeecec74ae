"""``planner send ROADMAP [--dry-run]``: e-mail every notice not sent yet to its team's or
stakeholder's contact (DESIGN.md, 'Notices that reach people').

One line per notice: to whom, the subject, and "sent" or "queued: <reason>" ("would
send" in a dry run). Exit status 0 when everything was delivered (or there was nothing
to send), 1 with one line on stderr when something stays queued; a later send tries it
again and never sends one twice. The SMTP settings are read from the config file and
the environment (``planner.app.mail_settings``); only this command touches the network,
and only to reach that server.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from planner.cli.output import Subcommands, out
from planner.domain.errors import PlanError

__all__ = ["add_parsers"]


def add_parsers(sub: Subcommands) -> None:
    s = sub.add_parser(
        "send",
        help="e-mail the notices not sent yet to each team's or stakeholder's contact (SMTP)",
    )
    s.add_argument("roadmap")
    s.add_argument(
        "--dry-run",
        action="store_true",
        help="say what would be sent; send, ask and record nothing",
    )
    s.set_defaults(func=cmd_send)


def cmd_send(args: argparse.Namespace) -> int:
    from planner.app.delivery import load_smtp_settings, send_notices
    from planner.app.files import open_for_reading, open_for_writing

    settings = load_smtp_settings()
    now = datetime.now().astimezone()
    path = Path(args.roadmap)
    if args.dry_run:
        with open_for_reading(path) as session:
            report = send_notices(session, settings, dry_run=True, now=now)
    else:
        session = open_for_writing(path)
        try:
            report = send_notices(session, settings, now=now)
        finally:
            session.close()
    if not report.results:
        out("Nothing to send: every notice has been sent.")
    for result in report.results:
        out(result.line())
    if report.problem is not None:
        raise PlanError(report.problem)
    return 0
