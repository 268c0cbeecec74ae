"""``planner schedule PLAN [--json]``: each item's start, finish, slack, critical flag
and driver, then the violations."""

from __future__ import annotations

import argparse
from json.encoder import encode_basestring_ascii
from pathlib import Path
from typing import TYPE_CHECKING

from planner.cli.output import (
    Subcommands,
    encoded,
    encoded_list,
    encoded_object,
    out,
    out_json,
)
from planner.domain.model import Links
from planner.domain.text import printable
from planner.progress import with_progress

if TYPE_CHECKING:
    from planner.scheduling.schedule import Schedule

__all__ = ["add_parsers"]


def add_parsers(sub: Subcommands) -> None:
    s = sub.add_parser("schedule", help="print each item's dates, slack and driver")
    s.add_argument("plan", help="a .roadmap or .json plan")
    s.add_argument("--json", action="store_true", help="print JSON (DESIGN.md shape)")
    s.set_defaults(func=cmd_schedule)


@with_progress
def cmd_schedule(args: argparse.Namespace) -> int:
    from planner.app.files import read_schedule

    items, sched = read_schedule(Path(args.plan), args.progress)
    args.progress.step(f"listing {len(sched.ids):,} items")
    if args.json:
        text = schedule_json(sched)
        args.progress.done()
        out_json(text)
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
    if sched.violations:
        title_of = {it.id: it.label for it in items}
        out()
        for v in sched.violations:
            out("! " + v.describe(title_of))
    return 0


def schedule_json(sched: Schedule) -> str:
    """``json_text(sched.to_dict())``, the same text, written without a dict per item:
    the columns are made at once (each distinct date and driver text once, the ids by
    the C encoder) and each item's line is formatted from them in one pass."""
    import numpy as np

    date_of, n = sched.calendar.date_of, len(sched.ids)
    s, f = sched.start, sched.finish
    same = s == f  # a milestone: its point, the day before the point
    ends = np.concatenate([np.where(same, s - 1, s), np.where(same, s - 1, f - 1)])
    points, which = np.unique(ends, return_inverse=True)
    days = np.array([f'"{date_of(p).isoformat()}"' for p in points.tolist()], dtype=object)
    texts = days[which]
    slack, free = sched.total_slack.tolist(), sched.free_slack.tolist()
    critical = np.where(sched.total_slack <= 0, "true", "false").tolist()
    line = (
        '{"id": %s, "start": %s, "finish": %s, "total_slack": %d, "free_slack": %d, '
        '"critical": %s, "driver": %s}'
    )
    lines = list(map(line.__mod__, zip(
        map(encode_basestring_ascii, sched.ids), texts[:n].tolist(), texts[n:].tolist(),
        slack, free, critical, _driver_texts(sched), strict=True,
    )))  # fmt: skip
    violations = [encoded(v.to_dict()) for v in sched.violations]
    return encoded_object({"items": encoded_list(lines), "violations": encoded_list(violations)})


def _driver_texts(sched: Schedule) -> list[str]:
    """Each item's driver as JSON text, in item order."""
    import numpy as np

    edges = sched.driver_edge
    texts = np.empty(len(edges), dtype=object)
    fixed = edges < 0  # planned, locked, done, started
    for e in np.unique(edges[fixed]).tolist():
        first = int(np.flatnonzero(edges == e)[0])
        texts[edges == e] = encoded(sched.driver_at(first).to_dict())
    driven = np.flatnonzero(~fixed)
    links = sched.dependencies
    cols = links if isinstance(links, Links) else Links.of(links)
    found = edges[driven].tolist()
    pred = list(map(cols.pred.__getitem__, found))
    kind = list(map(cols.type.__getitem__, found))
    lag = list(map(cols.lag.__getitem__, found))
    drv = '{"kind": "dependency", "from": %s, "type": %s, "lag": %d}'
    texts[driven] = list(map(drv.__mod__, zip(
        map(encode_basestring_ascii, pred), map(encode_basestring_ascii, kind), lag, strict=True
    )))  # fmt: skip
    return texts.tolist()
