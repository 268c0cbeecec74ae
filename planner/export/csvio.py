"""Items as CSV, for spreadsheets: ``plan_to_csv``, the writer.

The format (its columns, how a cell a spreadsheet could run is quoted) and its reader,
``plan_from_csv``, live in ``planner.domain.csvplan`` beside the JSON reader; the
writer is here because it also writes the scheduled columns (``scheduled_start``,
``scheduled_finish``, ``total_slack``, ``critical``) from a schedule. Stakeholders go
out as the ids in ``target_by`` and ``watchers`` (see the format's text).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date

from planner.domain.csvplan import CSV_COLUMNS, escape_cell
from planner.domain.model import Dependency, Plan
from planner.scheduling.schedule import Schedule

__all__ = ["plan_to_csv"]


def _dep_id(item_id: str) -> str:
    if re.search(r'[\s;"]', item_id) or not item_id:
        return '"' + item_id.replace('"', '""') + '"'
    return item_id


def _format_deps(deps: Sequence[Dependency]) -> str:
    parts = []
    for d in deps:
        spec = _dep_id(d.pred)
        if d.lag:
            spec += f" {d.type}{d.lag:+d}"
        elif d.type != "FS":
            spec += f" {d.type}"
        parts.append(spec)
    return "; ".join(parts)


def _format_ids(ids: Sequence[str]) -> str:
    return "; ".join(_dep_id(i) for i in ids)


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def plan_to_csv(plan: Plan, schedule: Schedule | None = None) -> str:
    """The plan's items as CSV text (with the scheduled columns when a schedule is given)."""
    preds: dict[str, list[Dependency]] = {}
    for d in plan.dependencies:
        preds.setdefault(d.succ, []).append(d)
    teams = plan.team_index
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for it in plan.items:
        team = plan.teams[teams[it.team]] if it.team is not None and it.team in teams else None
        sched_cols = ["", "", "", ""]
        if schedule is not None and it.id in schedule.index:
            first, last = schedule.dates(it.id)
            slack = int(schedule.total_slack[schedule.index[it.id]])
            crit = "true" if slack <= 0 else "false"
            sched_cols = [first.isoformat(), last.isoformat(), str(slack), crit]
        row = [
            it.id,
            it.title,
            it.team or "",
            team.name if team else "",
            team.color if team else "",
            it.kind,
            it.start.isoformat(),
            str(it.duration),
            it.deadline.isoformat() if it.deadline else "",
            "true" if it.locked else "false",
            "true" if it.done else "false",
            it.actual_start.isoformat() if it.actual_start else "",
            it.actual_finish.isoformat() if it.actual_finish else "",
            str(it.progress),
            _format_deps(preds.get(it.id, [])),
            it.notes,
            "" if it.estimate is None else str(it.estimate),
            _iso(it.target.date if it.target else None),
            it.target.by if it.target else "",
            _iso(it.commitment.date if it.commitment else None),
            _iso(it.agreed),
            _format_ids(it.watchers),
            *sched_cols,
        ]
        w.writerow([escape_cell(c) for c in row])
    return buf.getvalue()
