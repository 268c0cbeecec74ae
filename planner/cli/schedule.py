"""``planner schedule PLAN [--json]``: each item's start, finish, slack, critical flag
and driver, then the violations."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from planner.cli.output import Subcommands, out
from planner.domain.text import printable
from planner.progress import with_progress

__all__ = ["add_parsers"]


def add_parsers(sub: Subcommands) -> None:
    s = sub.add_parser("schedule", help="print each item's dates, slack and driver")
    s.add_argument("plan", help="a .roadmap or .json plan")
    s.add_argument("--json", action="store_true", help="print JSON (DESIGN.md shape)")
    s.set_defaults(func=cmd_schedule)


@with_progress
def cmd_schedule(args: argparse.Namespace) -> int:
    from planner.app.files import read_scheduled

    plan, sched = read_scheduled(Path(args.plan), args.progress)
    args.progress.step(f"listing {len(plan.items):,} items")
    if args.json:
        text = json.dumps(sched.to_dict(), indent=1)
        args.progress.done()
        out(text)
        return 0
    rows = [("id", "start", "finish", "slack", "free", "crit", "driver")]
    for i, item_id in enumerate(sched.ids):
        first, last = sched.dates_at(i)
        d = sched.driver_at(i)
        drv = d.kind if d.kind != "dependency" else f"{d.pred} {d.type}{d.lag:+d}".replace("+0", "")
        ts = int(sched.total_slack[i])
        free = str(int(sched.free_slack[i]))
        rows.append((printable(item_id), str(first), str(last), str(ts), free,
                     "*" if ts <= 0 else "", printable(drv)))  # fmt: skip
    widths = [max(len(r[k]) for r in rows) for k in range(len(rows[0]))]
    args.progress.done()
    for r in rows:
        out("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    title_of = {it.id: it.label for it in plan.items}
    if sched.violations:
        out()
        for v in sched.violations:
            out("! " + v.describe(title_of))
    return 0
