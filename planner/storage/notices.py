"""The notices sent to each team: stored with the edit that caused them.

A notice belongs to one history entry: undoing that entry withdraws its notices and
redoing it brings them back, so a team is never told of a change that was taken back.
A team acknowledges the notices it has read. Readers raise PlanError when a stored
notice is damaged (a body that is not the JSON the digests read, a value of the wrong
type); writers expect the repository's transaction around them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from planner.domain.notices import NoticeRow
from planner.domain.text import quoted
from planner.storage import rows

__all__ = ["acknowledge", "add", "has_notices", "select", "withdraw"]


def select(
    db: Database,
    team: str | None = None,
    include_acknowledged: bool = False,
    include_withdrawn: bool = False,
    since: str | None = None,
) -> list[NoticeRow]:
    """The stored notices, oldest first. Raises PlanError if one is damaged."""
    where, args = ["1 = 1"], []
    if team is not None:
        where.append("team = ?")
        args.append(team)
    if not include_acknowledged:
        where.append("acknowledged = 0")
    if not include_withdrawn:
        where.append("withdrawn = 0")
    if since:
        where.append("created >= ?")
        args.append(since)
    sql = (
        "SELECT id, history_id, team, created, reason, root, body, acknowledged, withdrawn"
        f" FROM notices WHERE {' AND '.join(where)} ORDER BY id"
    )
    return [_notice(r) for r in db.execute(sql, args)]


def _notice(r: tuple[Any, ...]) -> NoticeRow:
    nid, hid, team, created, reason, root, body, acknowledged, withdrawn = r
    w = f"notice {quoted(nid)}: "
    return NoticeRow(
        rows.integer(nid, "a notice's id"),
        rows.integer(hid, w + "history entry"),
        rows.text(team, w + "team"),
        rows.text(created, w + "time"),
        rows.opt_text(reason, w + "reason") or "",
        rows.opt_text(root, w + "root") or "",
        rows.notice_body(body, nid),
        rows.flag(acknowledged, w + "acknowledged"),
        rows.flag(withdrawn, w + "withdrawn"),
    )


def has_notices(db: Database, history_id: int) -> bool:
    """True when history entry ``history_id`` sent any notice (withdrawn ones too)."""
    found = db.execute("SELECT 1 FROM notices WHERE history_id = ? LIMIT 1", [history_id])
    return found.fetchone() is not None


def add(
    db: Database, history_id: int, notices: Iterable[tuple[str, str, str, dict[str, Any]]]
) -> None:
    """Store the notices ``(team, reason, root, body)`` of history entry ``history_id``."""
    now = datetime.now().isoformat(timespec="seconds")
    found = [
        {
            "history_id": history_id,
            "team": team,
            "created": now,
            "reason": why,
            "root": root,
            "body": json.dumps(body),
            "acknowledged": 0,
            "withdrawn": 0,
        }
        for team, why, root, body in notices
    ]
    if found:
        db.table("notices").insert_all(found)


def remove(db: Database, history_id: int) -> None:
    """Forget the notices of history entry ``history_id`` (a step about to get new ones)."""
    db.execute("DELETE FROM notices WHERE history_id = ?", [history_id])


def withdraw(db: Database, history_id: int, withdrawn: bool = True) -> None:
    """Withdraw (or bring back) the notices of history entry ``history_id``."""
    db.execute(
        "UPDATE notices SET withdrawn = ? WHERE history_id = ?", [int(withdrawn), history_id]
    )


def acknowledge(db: Database, ids: Iterable[int], acknowledged: bool = True) -> None:
    """Mark the notices ``ids`` as read by their team (or not)."""
    for i in ids:
        db.execute("UPDATE notices SET acknowledged = ? WHERE id = ?", [int(acknowledged), i])
