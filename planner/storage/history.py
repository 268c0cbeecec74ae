"""The stored history of edits, undo and redo over it, and named baselines.

Every edit is kept with its label, reason, the edit and its inverse as records (the
oldest entry holds the whole plan, so the history replays from nothing). Undo and
redo work over it as a stack: an entry's ``undone`` is LIVE, UNDONE (can be redone) or
DISCARDED (undone, then a new edit came). Undo takes the newest live entry that has an
inverse; what it undid can be redone in reverse order, and every UNDONE entry is newer
than every LIVE one. A baseline keeps every item's first and last day under a name.

Readers raise PlanError (or RoadmapFileError for an unknown baseline) and write
nothing; writers expect the repository's transaction around them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from planner.domain.errors import PlanError, RoadmapFileError
from planner.domain.text import quoted
from planner.storage import rows

__all__ = [
    "BaselineInfo",
    "HistoryEntry",
    "HistoryStep",
    "add_entry",
    "baseline_dates",
    "baselines",
    "entries",
    "mark_redone",
    "mark_undone",
    "merge_into",
    "mergeable_step",
    "redo_step",
    "save_baseline",
    "start_new_step",
    "step_counts",
    "undo_step",
]


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    at: str
    label: str
    reason: str
    undone: bool


@dataclass(frozen=True)
class HistoryStep:
    """A stored step as undo and redo need it: the edit and its inverse as records."""

    id: int
    label: str
    edit: dict[str, Any]
    inverse: dict[str, Any]


@dataclass(frozen=True)
class BaselineInfo:
    name: str
    created: str
    items: int = 0  # how many items' dates it holds


LIVE, UNDONE, DISCARDED = 0, 1, 2
_BARRIER = "inverse IN ('', '{}')"  # an entry with no inverse: a roadmap's creation
# Undo takes the newest live entry, and stops at a barrier: never steps over one.
_UNDOABLE = (
    f"undone = {LIVE} AND NOT {_BARRIER} AND id > "
    f"(SELECT coalesce(max(id), 0) FROM history WHERE undone = {LIVE} AND {_BARRIER})"
)


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


# -- entries --------------------------------------------------------------------------
def add_entry(
    db: Database, label: str, reason: str, edit: dict[str, Any], inverse: dict[str, Any]
) -> int:
    """Add a live entry; returns its id."""
    table = db.table("history")
    table.insert(
        {
            "at": _now(),
            "label": label,
            "reason": reason,
            "edit": json.dumps(edit),
            "inverse": json.dumps(inverse),
            "undone": LIVE,
        }
    )
    return int(table.last_pk)  # type: ignore[arg-type]


def entries(db: Database, limit: int | None = None) -> list[HistoryEntry]:
    """The newest entries first. Raises PlanError if a stored entry is damaged."""
    found = db.execute(
        "SELECT id, at, label, reason, min(undone, 1) FROM history ORDER BY id DESC LIMIT ?",
        [-1 if limit is None else limit],
    ).fetchall()
    return [
        HistoryEntry(
            rows.integer(i, "a history entry's id"),
            rows.text(at, f"history entry {i}: time"),
            rows.text(label, f"history entry {i}: label"),
            rows.opt_text(reason, f"history entry {i}: reason") or "",
            rows.flag(undone, f"history entry {i}: undone"),
        )
        for i, at, label, reason, undone in found
    ]


def start_new_step(db: Database) -> None:
    """A new step clears what could be redone."""
    db.execute(f"UPDATE history SET undone = {DISCARDED} WHERE undone = {UNDONE}")


def merge_into(
    db: Database, hid: int, label: str, edit: dict[str, Any], inverse: dict[str, Any]
) -> None:
    """Make entry ``hid`` say ``edit`` (the whole step) with ``inverse``, as ``label``."""
    db.execute(
        "UPDATE history SET label = ?, edit = ?, inverse = ?, at = ? WHERE id = ?",
        [label, json.dumps(edit), json.dumps(inverse), _now(), hid],
    )


def mark_undone(db: Database, hid: int) -> None:
    db.execute(f"UPDATE history SET undone = {UNDONE} WHERE id = ?", [hid])


def mark_redone(db: Database, hid: int) -> None:
    db.execute(f"UPDATE history SET undone = {LIVE} WHERE id = ?", [hid])


# -- undo and redo steps --------------------------------------------------------------
def _step(db: Database, where: str, order: str) -> HistoryStep | None:
    row = db.execute(
        f"SELECT id, label, edit, inverse FROM history WHERE {where} ORDER BY id {order} LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    hid = rows.integer(row[0], "a history entry's id")
    try:
        edit, inverse = json.loads(row[2] or "{}"), json.loads(row[3] or "{}")
    except ValueError:
        raise PlanError(f"history entry {hid} is not readable") from None
    return HistoryStep(hid, rows.text(row[1], f"history entry {hid}: label"), edit, inverse)


def undo_step(db: Database) -> HistoryStep | None:
    """The entry undo would undo, or None. Raises PlanError if it is damaged."""
    return _step(db, _UNDOABLE, "DESC")


def redo_step(db: Database) -> HistoryStep | None:
    """The entry redo would redo, or None. Raises PlanError if it is damaged."""
    return _step(db, f"undone = {UNDONE}", "ASC")


def step_counts(db: Database) -> tuple[int, int]:
    """How many steps can be undone and redone."""
    q = "SELECT count(*) FROM history WHERE "
    u = db.execute(q + _UNDOABLE).fetchone()[0]
    r = db.execute(q + f"undone = {UNDONE}").fetchone()[0]
    return int(u), int(r)


def mergeable_step(db: Database, key: str) -> HistoryStep | None:
    """The newest entry, if it is live, undoable and was made with merge key ``key``."""
    newest = _step(db, "1 = 1", "DESC")
    undoable = undo_step(db)
    if newest is None or undoable is None or newest.id != undoable.id:
        return None
    return newest if newest.edit.get("merge") == key else None


# -- baselines ------------------------------------------------------------------------
def save_baseline(
    db: Database, name: str, plan_json: str, dates: Iterable[tuple[str, date, date]]
) -> None:
    """Store (or replace) the named baseline: every item's first and last day."""
    db.execute("DELETE FROM baseline_items WHERE baseline = ?", [name])
    db.table("baselines").upsert(
        {"name": name, "created": _now(), "plan": plan_json},
        pk="name",
    )
    db.table("baseline_items").insert_all(
        {"baseline": name, "item": i, "start": s.isoformat(), "finish": f.isoformat()}
        for i, s, f in dates
    )


def baselines(db: Database) -> list[BaselineInfo]:
    """The baselines, oldest first. Raises PlanError if one is damaged."""
    found = db.execute(
        "SELECT name, created, (SELECT count(*) FROM baseline_items WHERE baseline = name)"
        " FROM baselines ORDER BY created, rowid"
    )
    return [
        BaselineInfo(rows.text(n, "a baseline's name"), rows.text(c, f"baseline {n}"), int(k))
        for n, c, k in found
    ]


def baseline_dates(db: Database, name: str) -> dict[str, tuple[date, date]]:
    """Item id -> (first day, last day) in the baseline. Raises RoadmapFileError if
    there is none by that name, PlanError if it is damaged."""
    if not db.execute("SELECT 1 FROM baselines WHERE name = ?", [name]).fetchone():
        raise RoadmapFileError(f"no baseline named {quoted(name)}")
    where = f"baseline {quoted(name)}"
    found = db.execute("SELECT item, start, finish FROM baseline_items WHERE baseline = ?", [name])
    out = {}
    for item, start, finish in found:
        w = f"{where}, item {quoted(rows.text(item, where + ': an item id'))}"
        out[item] = (rows.day(start, w + ": start"), rows.day(finish, w + ": finish"))
    return out
