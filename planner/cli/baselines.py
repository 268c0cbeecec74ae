"""``planner baseline ROADMAP NAME``, ``planner baselines ROADMAP [--json]``, ``planner
compare ROADMAP NAME [--json]``: saved dates to compare the schedule with (DESIGN.md).
Saving a baseline is not an edit: no history entry, nothing to undo."""

from __future__ import annotations

import argparse
from typing import Any

from planner.cli.output import Subcommands, json_text, out, out_json, today
from planner.domain.text import quoted

__all__ = ["add_parsers"]


def add_parsers(sub: Subcommands) -> None:
    s = sub.add_parser("baseline", help="save every item's dates under a name (replaces one)")
    s.add_argument("roadmap")
    s.add_argument("name")
    s.set_defaults(func=cmd_baseline)

    s = sub.add_parser("baselines", help="list the saved baselines")
    s.add_argument("roadmap")
    s.add_argument("--json", action="store_true", help="print JSON (DESIGN.md shape)")
    s.set_defaults(func=cmd_baselines)

    s = sub.add_parser("compare", help="the items whose dates differ from a baseline")
    s.add_argument("roadmap")
    s.add_argument("name")
    s.add_argument("--json", action="store_true", help="print JSON (DESIGN.md shape)")
    s.set_defaults(func=cmd_compare)


def cmd_baseline(args: argparse.Namespace) -> int:
    from planner.app.files import open_for_writing

    session = open_for_writing(args.roadmap, today(None))
    try:
        session.save_baseline(args.name)
        n = len(session.plan.items)
    finally:
        session.close()
    out(f"{args.roadmap}: baseline {quoted(args.name.strip())} saved ({n} items)")
    return 0


def cmd_baselines(args: argparse.Namespace) -> int:
    from planner.app.files import open_for_reading

    with open_for_reading(args.roadmap) as session:
        found = session.baselines()
    if args.json:
        rows = [{"name": b.name, "created": b.created, "items": b.items} for b in found]
        out_json(json_text({"baselines": rows}))
        return 0
    if not found:
        out("No baselines.")
    for b in found:
        out(f"{b.name}  {b.created.replace('T', ' ')}  {b.items} items")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from planner.app.files import open_for_reading

    with open_for_reading(args.roadmap) as session:
        cal = session.calendar
        rows: list[dict[str, Any]] = [
            {
                "id": item_id,
                "baseline_start": old_first.isoformat(),
                "baseline_finish": old_last.isoformat(),
                "start": first.isoformat(),
                "finish": last.isoformat(),
                "shift": cal.end_point(last) - cal.end_point(old_last),
            }
            for item_id, old_first, old_last, first, last in session.compare_baseline(args.name)
        ]
        title_of = {it.id: it.label for it in session.plan.items}
    if args.json:
        out_json(json_text({"items": rows}))
        return 0
    if not rows:
        out(f"Nothing moved since {quoted(args.name)}.")
    for r in rows:
        shift = r["shift"]
        out(
            f"{title_of.get(r['id'], r['id'])}: {shift:+d} working day{'s' * (abs(shift) != 1)}, "
            f"now {r['start']} – {r['finish']} (was {r['baseline_start']} – "
            f"{r['baseline_finish']})"
        )
    return 0
