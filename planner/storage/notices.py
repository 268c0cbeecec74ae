"""The notices sent to each team: stored with the edit that caused them.

A notice belongs to one history entry: undoing that entry withdraws its notices and
redoing it brings them back, so a team is never told of a change that was taken back.
A team acknowledges the notices it has read. A notice is also delivered by e-mail
once: ``sent_at`` is set when the mail server accepted it, and until then
``send_error`` says why the last try failed (the outbox). Readers raise PlanError when a
stored notice is damaged (a body that is not the JSON the digests read, a value of the
wrong type); writers expect the repository's transaction around them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from planner.domain.notices import NoticeRow
from planner.domain.text import quoted
from planner.storage import rows

__all__ = [
    "QueuedNotice",
    "acknowledge",
    "add",
    "has_notices",
    "mark_failed",
    "mark_sent",
    "select",
    "unsent",
    "withdraw",
]

_COLUMNS = "id, history_id, team, created, reason, root, body, acknowledged, withdrawn"


@dataclass(frozen=True)
class QueuedNotice:
    """A notice in the outbox: not sent yet, and why the last try failed (None: not
    tried yet)."""

    notice: NoticeRow
    send_error: str | None


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
    sql = f"SELECT {_COLUMNS} FROM notices WHERE {' AND '.join(where)} ORDER BY id"
    return [_notice(r) for r in db.execute(sql, args)]


def unsent(db: Database) -> list[QueuedNotice]:
    """The notices not sent yet, oldest first: acknowledged ones too (acknowledging is
    about the PM's inbox), withdrawn ones never (the change was undone). Raises
    PlanError if one is damaged."""
    sql = (
        f"SELECT {_COLUMNS}, send_error FROM notices"
        " WHERE sent_at IS NULL AND withdrawn = 0 ORDER BY id"
    )
    out = []
    for r in db.execute(sql):
        error = rows.opt_text(r[9], f"notice {quoted(r[0])}: send error")
        out.append(QueuedNotice(_notice(r[:9]), error))
    return out


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


def mark_sent(db: Database, notice_id: int, when: str, message_id: str) -> None:
    """Record that the server accepted notice ``notice_id`` at ``when`` (ISO time) with
    ``message_id``; its error is cleared. A notice already sent keeps its first time."""
    db.execute(
        "UPDATE notices SET sent_at = ?, message_id = ?, send_error = NULL"
        " WHERE id = ? AND sent_at IS NULL",
        [when, message_id, notice_id],
    )


def mark_failed(db: Database, notice_id: int, error: str) -> None:
    """Keep notice ``notice_id`` queued with ``error``, why it could not be sent."""
    db.execute(
        "UPDATE notices SET send_error = ? WHERE id = ? AND sent_at IS NULL", [error, notice_id]
    )
