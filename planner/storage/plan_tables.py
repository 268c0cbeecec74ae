"""The plan's tables: read whole, written whole, or written as the diff of one edit.

``meta`` holds the name and calendar; ``teams``, ``stakeholders``, ``sprints``,
``items`` and ``dependencies`` hold one row each, ordered by ``position`` (an item's
watchers and negotiation log as JSON text in its row). Reading checks every
stored value's type (``rows``) and then the plan's own rules (``validate_plan``),
raising PlanError; writing an edit touches only the tables it changed and, for items,
only the rows it changed, without scanning every item when the plan says which ones
those are. These functions neither open transactions nor translate errors: the
repository does both around them.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlite_utils import Database

from planner.domain.jsonio import step_to_dict
from planner.domain.model import (
    WEEKDAY_NAMES,
    Dependency,
    Item,
    Links,
    Plan,
    Sprint,
    Stakeholder,
    Team,
    validate_plan,
)
from planner.domain.progress import NO_PROGRESS, Progress
from planner.storage import rows

__all__ = ["is_empty", "read_plan", "read_plan_apart", "write_diff", "write_plan"]


def is_empty(db: Database) -> bool:
    """True when no plan was ever written."""
    return bool(db.table("meta").count == 0)


def read_plan(db: Database, progress: Progress = NO_PROGRESS) -> Plan:
    """The stored plan, its items and links counted on ``progress``. Raises PlanError
    naming the table or item when a stored value has the wrong type, or the plan breaks
    its own rules (``validate_plan``)."""
    plan, links = read_plan_apart(db, progress)
    return dataclasses.replace(plan, dependencies=links.to_tuple())


def read_plan_apart(db: Database, progress: Progress = NO_PROGRESS) -> tuple[Plan, Links]:
    """The stored plan without its dependencies, and they as columns (``Links``): what
    a reader that only schedules needs, without a ``Dependency`` made for each. Checked
    and raising as ``read_plan``."""
    conn = db.conn
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    name = rows.text(meta.get("name", "Untitled roadmap"), "the roadmap's name")
    calendar = rows.calendar_from_json(meta.get("calendar", "{}"))
    teams = tuple(
        map(rows.team_from_row, conn.execute(
            "SELECT id, name, color, contact FROM teams ORDER BY position"))
    )  # fmt: skip
    stakeholders = tuple(
        map(rows.stakeholder_from_row, conn.execute(
            "SELECT id, name, contact FROM stakeholders ORDER BY position"))
    )  # fmt: skip
    sprints = tuple(
        map(rows.sprint_from_row, conn.execute(
            "SELECT name, start, finish, team FROM sprints ORDER BY position"))
    )  # fmt: skip
    columns = ", ".join(f"[{c}]" for c in rows.ITEM_COLUMNS)
    n = conn.execute("SELECT count(*) FROM items").fetchone()[0]
    progress.step(f"reading {n:,} items", n)
    items = rows.items_from_rows(
        _fetched(conn.execute(f"SELECT {columns} FROM items ORDER BY position"), progress)
    )
    items = _with_negotiation(conn, items)
    n = conn.execute("SELECT count(*) FROM dependencies").fetchone()[0]
    progress.step(f"reading {n:,} links", n)
    links = rows.links_from_rows(
        _fetched(conn.execute("SELECT pred, succ, type, lag FROM dependencies ORDER BY position"),
                 progress)
    )  # fmt: skip
    plan = Plan(name, calendar, teams, sprints, items, (), stakeholders)
    progress.step(f"checking {len(items):,} items")
    validate_plan(plan, links)
    return plan, links


def _fetched(cursor: sqlite3.Cursor, progress: Progress, chunk: int = 5000) -> list[Any]:
    """Every row ``cursor`` gives, ``progress`` told of each ``chunk`` of them."""
    out: list[Any] = []
    while part := cursor.fetchmany(chunk):
        out += part
        progress.advance(len(part))
    return out


_NEGOTIATED = ", ".join(f"[{c}]" for c in rows.NEGOTIATION_COLUMNS)


def _with_negotiation(conn: sqlite3.Connection, items: tuple[Item, ...]) -> tuple[Item, ...]:
    """``items`` with the negotiated deadlines stored beside them: the few rows that
    hold any are read by a query of their own (SQLite finds them faster than Python
    reads eight more NULLs from every row)."""
    found = {
        row[0]: row[1:]
        for row in conn.execute(
            f"SELECT id, {_NEGOTIATED} FROM items WHERE coalesce({_NEGOTIATED}) IS NOT NULL"
        )
    }
    if not found:
        return items
    return tuple(rows.negotiated_item(it, found[it.id]) if it.id in found else it for it in items)


def write_plan(db: Database, plan: Plan) -> None:
    """Replace every table of the plan with ``plan``."""
    for table in ("teams", "stakeholders", "items", "dependencies", "sprints"):
        db.execute(f"DELETE FROM [{table}]")
    _write_meta(db, plan)
    _write_teams(db, plan.teams)
    _write_stakeholders(db, plan.stakeholders)
    _write_sprints(db, plan.sprints)
    _insert_items(db, plan.items)
    _write_deps(db, plan.dependencies)


def write_diff(db: Database, before: Plan, after: Plan) -> None:
    """Write what changed from ``before`` (what is stored) to ``after``."""
    if before.name != after.name or before.calendar != after.calendar:
        _write_meta(db, after)
    if before.teams != after.teams:
        _write_teams(db, after.teams)
    if before.stakeholders != after.stakeholders:
        _write_stakeholders(db, after.stakeholders)
    if before.sprints != after.sprints:
        _write_sprints(db, after.sprints)
    if before.dependencies != after.dependencies:
        _write_deps(db, after.dependencies)
    if before.items is after.items:
        return
    items = db.table("items")
    edited = after.edited_since(before)
    if edited is not None:  # only these rows can differ: write them, scan nothing
        index = after.item_index
        rows_ = [_item_row(after.items[index[i]], index[i]) for i in sorted(edited)]
        if rows_:
            items.upsert_all(rows_, pk="id")
        return
    same_order = len(before.items) == len(after.items) and all(
        a is b or a.id == b.id for a, b in zip(before.items, after.items, strict=True)
    )
    if same_order:
        changed = [
            _item_row(b, i)
            for i, (a, b) in enumerate(zip(before.items, after.items, strict=True))
            if a is not b and a != b
        ]
        if changed:
            items.upsert_all(changed, pk="id")
        return
    db.execute("DELETE FROM items")
    _insert_items(db, after.items)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


_ITEM_COLUMNS = (
    "id", "position", "title", "team", "kind", "start", "duration", "deadline", "locked",
    "done", "actual_start", "actual_finish", "progress", "notes", "estimate",
    "target_date", "target_by", "target_note", "commit_date", "commit_note", "agreed",
    "watchers", "negotiation",
)  # fmt: skip
_PLAIN = len(_ITEM_COLUMNS) - len(rows.NEGOTIATION_COLUMNS)
_NO_NEGOTIATION = (None,) * len(rows.NEGOTIATION_COLUMNS)


def _negotiated(it: Item) -> bool:
    return bool(
        it.target is not None or it.commitment is not None or it.agreed is not None
        or it.watchers or it.negotiation
    )  # fmt: skip


def _item_values(it: Item, position: int) -> tuple[Any, ...]:
    """An item's row, in the order of ``_ITEM_COLUMNS``."""
    return (
        it.id, position, it.title, it.team, it.kind, it.start.isoformat(), it.duration,
        _iso(it.deadline), int(it.locked), int(it.done), _iso(it.actual_start),
        _iso(it.actual_finish), it.progress, it.notes, it.estimate, *_negotiation_values(it),
    )  # fmt: skip


def _negotiation_values(it: Item) -> tuple[Any, ...]:
    """The negotiated deadline's columns (NULL when unset; watchers and the log as JSON)."""
    if not _negotiated(it):
        return _NO_NEGOTIATION
    target, commitment = it.target, it.commitment
    return (
        _iso(target.date) if target else None,
        target.by if target else None,
        target.note if target else None,
        _iso(commitment.date) if commitment else None,
        commitment.note if commitment else None,
        _iso(it.agreed),
        json.dumps(list(it.watchers)) if it.watchers else None,
        json.dumps([step_to_dict(s) for s in it.negotiation]) if it.negotiation else None,
    )


def _item_row(it: Item, position: int) -> dict[str, Any]:
    return dict(zip(_ITEM_COLUMNS, _item_values(it, position), strict=True))


def _write_meta(db: Database, plan: Plan) -> None:
    cal = plan.calendar
    cal_json = json.dumps(
        {
            "weekend": [WEEKDAY_NAMES[d] for d in sorted(cal.weekend)],
            "holidays": [h.isoformat() for h in cal.holidays],
            "country": cal.country,
            "subdivision": cal.subdivision,
        }
    )
    db.table("meta").upsert_all(
        [{"key": "name", "value": plan.name}, {"key": "calendar", "value": cal_json}],
        pk="key",
    )


def _write_teams(db: Database, teams: Sequence[Team]) -> None:
    db.execute("DELETE FROM teams")
    db.table("teams").insert_all(
        {"id": t.id, "position": i, "name": t.name, "color": t.color, "contact": t.contact}
        for i, t in enumerate(teams)
    )


def _write_stakeholders(db: Database, stakeholders: Sequence[Stakeholder]) -> None:
    db.execute("DELETE FROM stakeholders")
    db.conn.executemany(
        "INSERT INTO stakeholders (id, position, name, contact) VALUES (?, ?, ?, ?)",
        ((s.id, i, s.name, s.contact) for i, s in enumerate(stakeholders)),
    )


def _write_sprints(db: Database, sprints: Sequence[Sprint]) -> None:
    db.execute("DELETE FROM sprints")
    db.table("sprints").insert_all(
        {
            "position": i,
            "name": s.name,
            "start": s.start.isoformat(),
            "finish": s.finish.isoformat(),
            "team": s.team,
        }
        for i, s in enumerate(sprints)
    )


def _write_deps(db: Database, deps: Sequence[Dependency]) -> None:
    db.execute("DELETE FROM dependencies")
    db.conn.executemany(
        "INSERT INTO dependencies (position, pred, succ, type, lag) VALUES (?, ?, ?, ?, ?)",
        ((i, d.pred, d.succ, d.type, d.lag) for i, d in enumerate(deps)),
    )


def _insert(columns: Sequence[str]) -> str:
    return f"INSERT INTO items ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def _insert_items(db: Database, items: Sequence[Item]) -> None:
    """Every item as a new row: one prepared statement over all of them (a plan of 200k
    items is written in about half the time sqlite-utils' batched inserts take); the
    few with a negotiated deadline by a statement of their own, the others leaving its
    columns NULL."""
    negotiated = [i for i, it in enumerate(items) if _negotiated(it)]
    plain = (_item_values(it, i)[:_PLAIN] for i, it in enumerate(items) if not _negotiated(it))
    db.conn.executemany(_insert(_ITEM_COLUMNS[:_PLAIN]), plain)
    if negotiated:
        db.conn.executemany(_insert(_ITEM_COLUMNS), (_item_values(items[i], i) for i in negotiated))
