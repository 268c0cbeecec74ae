"""``planner notices ROADMAP [--team ID] [--all] [--since DATE] [--format ...]``: the
delay notices as text, Markdown, JSON or an e-mail."""

from __future__ import annotations

import argparse
from pathlib import Path

from planner.cli.output import Subcommands, flag_date, json_text, out, out_json

__all__ = ["add_parsers"]


def add_parsers(sub: Subcommands) -> None:
    s = sub.add_parser("notices", help="print delay notices not yet acknowledged")
    s.add_argument("roadmap")
    s.add_argument("--team", help="a team's or a stakeholder's id: only its notices")
    s.add_argument("--all", action="store_true", help="include acknowledged notices")
    s.add_argument("--since", help="only notices created on or after YYYY-MM-DD")
    s.add_argument("--format", choices=("text", "md", "json", "eml"), default="text")
    s.set_defaults(func=cmd_notices)


def cmd_notices(args: argparse.Namespace) -> int:
    from planner.app.files import read_notices
    from planner.export import digest

    since = flag_date(args.since, "--since") if args.since else None
    plan, rows = read_notices(
        Path(args.roadmap), args.team, include_acknowledged=args.all, since=since
    )
    if args.format == "json":
        out_json(json_text([digest.notice_json(r) for r in rows]))
    elif args.format == "md":
        out(digest.notices_markdown(plan, rows, since=since), end="")
    elif args.format == "eml":  # ASCII already: headers on one line, the body escaped
        out(digest.notices_eml(plan, rows, args.team, since=since).as_string(), end="")
    else:
        out(digest.notices_text(plan, rows, since=since), end="")
    return 0
