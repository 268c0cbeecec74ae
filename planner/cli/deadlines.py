"""The negotiated deadline of an item (DESIGN.md, 'Team-driven deadlines'):

- ``planner propose ROADMAP ITEM --date D --by STAKEHOLDER [--note TEXT]``: a
  stakeholder asks for a date (the item's target; the stakeholder then watches it);
- ``planner commit ROADMAP ITEM --date D [--note TEXT]``: the team commits to one;
- ``planner agree ROADMAP ITEM [--date D] [--note TEXT]``: a date is agreed (default:
  the commitment) and becomes the item's deadline;
- ``planner watch ROADMAP ITEM --by STAKEHOLDER [--stop]``: a stakeholder starts (or
  stops) watching the item;
- ``planner deadlines PLAN [--json] [--today DATE] [--runs N] [--seed N]``: where each
  negotiated item stands, its status judged with the forecast's P80.

Each step is one edit (history, undo); each takes ``--today`` (the day it is recorded
on; default: the clock's time).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from planner.cli.forecast import add_forecast_arguments, runs_flag, seed_flag
from planner.cli.output import Subcommands, flag_date, json_text, out, out_json, today
from planner.domain.text import printable, shorten

if TYPE_CHECKING:
    from planner.app.deadlines import DeadlineRow
    from planner.domain.edits import UpdateItem
    from planner.domain.model import Plan

# What a step command makes of the plan and the time it is recorded: its edit.
MakeStep = Callable[["Plan", str], "UpdateItem"]

__all__ = ["add_parsers"]


def add_parsers(sub: Subcommands) -> None:
    s = sub.add_parser("propose", help="a stakeholder asks for a date for an item (its target)")
    _common(s)
    s.add_argument("--date", required=True, metavar="DATE", help="the date asked for")
    s.add_argument("--by", required=True, metavar="STAKEHOLDER", help="the stakeholder's id")
    s.add_argument("--note", default="", help="why this date (kept in the item's log)")
    s.set_defaults(func=cmd_propose)

    s = sub.add_parser("commit", help="the item's team commits to a date")
    _common(s)
    s.add_argument("--date", required=True, metavar="DATE", help="the date committed to")
    s.add_argument("--note", default="", help="what the commitment rests on")
    s.set_defaults(func=cmd_commit)

    s = sub.add_parser("agree", help="agree on an item's date: it becomes its deadline")
    _common(s)
    s.add_argument("--date", metavar="DATE", help="the date agreed (default: the commitment)")
    s.add_argument("--note", default="", help="kept in the item's log")
    s.set_defaults(func=cmd_agree)

    s = sub.add_parser("watch", help="a stakeholder watches an item: it is told when it moves")
    _common(s)
    s.add_argument("--by", required=True, metavar="STAKEHOLDER", help="the stakeholder's id")
    s.add_argument("--stop", action="store_true", help="stop watching it")
    s.set_defaults(func=cmd_watch)

    s = sub.add_parser("deadlines", help="targets, commitments, agreed dates and their status")
    s.add_argument("roadmap", help="a .roadmap or .json plan")
    s.add_argument("--today", metavar="DATE", help="YYYY-MM-DD (default: today)")
    add_forecast_arguments(s, with_today=False)
    s.add_argument("--json", action="store_true", help="print JSON (DESIGN.md shape)")
    s.set_defaults(func=cmd_deadlines)


def _common(s: argparse.ArgumentParser) -> None:
    s.add_argument("roadmap")
    s.add_argument("item", help="item id")
    s.add_argument("--today", metavar="DATE", help="YYYY-MM-DD (default: today)")


def _when(args: argparse.Namespace, day: date) -> str:
    """When the step is recorded: the day of ``--today``, else the clock's time."""
    if args.today is not None:
        return day.isoformat()
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _long(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b} {d.year}"


def _days(n: int) -> str:
    return f"{n} working day{'' if n == 1 else 's'}"


def _gap_text(gap: int) -> str:
    if gap == 0:
        return "on the day asked"
    return f"{_days(abs(gap))} {'later' if gap > 0 else 'earlier'} than asked"


def _apply_step(args: argparse.Namespace, make: MakeStep) -> int:
    """Open the roadmap, apply the step ``make`` makes, and print what the item's
    negotiation now is."""
    from planner.app.deadlines import deadline_rows
    from planner.app.files import open_for_writing

    day = today(args.today)
    session = open_for_writing(args.roadmap, day)
    try:
        edit = make(session.plan, _when(args, day))
        changes = session.apply(edit)
        row = next(r for r in deadline_rows(session) if r.id == edit.item_id)
        out(f"{changes.label}: {_summary(session.plan, row)}")
    finally:
        session.close()
    return 0


def _summary(plan: Plan, row: DeadlineRow) -> str:
    """'target Wed 10 Mar 2027 (Marketing); commitment ...; scheduled to finish Fri 12
    Mar 2027, 2 working days later than asked'."""
    parts = []
    if row.target is not None:
        parts.append(f"target {_long(row.target.date)} ({plan.team_name(row.target.by)})")
    if row.commitment is not None:
        parts.append(f"commitment {_long(row.commitment.date)}")
    if row.agreed is not None:
        parts.append(f"agreed {_long(row.agreed)} (its deadline)")
    finish = f"scheduled to finish {_long(row.finish)}"
    if row.gap is not None:
        finish += f", {_gap_text(row.gap)}"
    return "; ".join([*parts, finish])


def cmd_propose(args: argparse.Namespace) -> int:
    from planner.app.deadlines import propose_date

    day = flag_date(args.date, "--date")
    return _apply_step(
        args, lambda plan, when: propose_date(plan, args.item, day, args.by, note=args.note,
                                              when=when)
    )  # fmt: skip


def cmd_commit(args: argparse.Namespace) -> int:
    from planner.app.deadlines import commit_date

    day = flag_date(args.date, "--date")
    return _apply_step(
        args, lambda plan, when: commit_date(plan, args.item, day, note=args.note, when=when)
    )


def cmd_agree(args: argparse.Namespace) -> int:
    from planner.app.deadlines import agree_date

    day = flag_date(args.date, "--date") if args.date else None
    return _apply_step(
        args, lambda plan, when: agree_date(plan, args.item, day, note=args.note, when=when)
    )


def cmd_watch(args: argparse.Namespace) -> int:
    from planner.app.deadlines import watch_item
    from planner.app.files import open_for_writing

    session = open_for_writing(args.roadmap, today(args.today))
    try:
        edit = watch_item(session.plan, args.item, args.by, stop=args.stop)
        changes = session.apply(edit)
        who = session.plan.stakeholder(args.by).name
        now = "no longer watches it" if args.stop else "now watches it"
        out(f"{changes.label}: {who} {now}")
    finally:
        session.close()
    return 0


def cmd_deadlines(args: argparse.Namespace) -> int:
    from planner.app.deadlines import deadline_rows
    from planner.app.files import read_scheduled
    from planner.scheduling.forecast import forecast_plan

    runs, seed, as_of = runs_flag(args.runs), seed_flag(args.seed), today(args.today)
    plan, schedule = read_scheduled(Path(args.roadmap))
    negotiated = any(it.target or it.commitment or it.agreed for it in plan.items)
    forecast = forecast_plan(plan, as_of, runs, seed) if negotiated else None
    rows = deadline_rows(plan, schedule, forecast, as_of)
    if args.json:
        out_json(json_text({"items": [r.to_dict() for r in rows]}))
        return 0
    if not rows:
        out("No targets, commitments or agreed dates.")
        return 0
    head = ("id", "status", "target", "by", "commitment", "agreed", "finish", "P80", "gap")
    table: list[tuple[str, ...]] = [(*head, "title"), *(_table_row(plan, r) for r in rows)]
    widths = [max(len(row[k]) for row in table) for k in range(len(table[0]))]
    for row in table:
        out("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return 0


def _table_row(plan: Plan, r: DeadlineRow) -> tuple[str, ...]:
    target = r.target
    return (
        _cell(r.id, 30),
        r.status,
        _iso(target.date if target else None),
        _cell(plan.team_name(target.by), 20) if target else "",
        _iso(r.commitment.date if r.commitment else None),
        _iso(r.agreed),
        r.finish.isoformat(),
        _iso(r.p80),
        "" if r.gap is None else f"{r.gap:+d}",
        _cell(r.title, 40),
    )


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def _cell(text: str, limit: int) -> str:
    return printable(shorten(text, limit), keep_newlines=False)
