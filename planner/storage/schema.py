"""Versioned migrations of the roadmap file (sqlite-utils ``Migrations``).

Each migration runs in its own transaction. ``SCHEMA_VERSION`` is the number of
migrations this version knows; it is also written to ``PRAGMA user_version`` so that
an older program can see it is looking at a newer file and refuse it.
"""

from __future__ import annotations

import uuid

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "migrations"]

APPLICATION_ID = 0x524D5031  # "RMP1": marks a SQLite file as a roadmap
migrations = Migrations("roadmap")


@migrations()
def m001_plan(db: Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("teams").create({"id": str, "position": int, "name": str, "color": str}, pk="id")
    db.table("items").create(
        {
            "id": str, "position": int, "title": str, "team": str, "kind": str,
            "start": str, "duration": int, "deadline": str, "locked": int, "done": int,
            "actual_start": str, "actual_finish": str, "progress": int, "notes": str,
        },
        pk="id",
        not_null={"position", "kind", "start", "duration"},
    )  # fmt: skip
    db.table("dependencies").create(
        {"position": int, "pred": str, "succ": str, "type": str, "lag": int},
        pk=("pred", "succ"),
    )
    db.table("sprints").create(
        {"position": int, "name": str, "start": str, "finish": str, "team": str}, pk="position"
    )


@migrations()
def m002_history_baselines(db: Database) -> None:
    db.table("history").create(
        {
            "id": int, "at": str, "label": str, "reason": str, "edit": str, "inverse": str,
            "undone": int,
        },
        pk="id",
    )  # fmt: skip
    db.table("baselines").create({"name": str, "created": str, "plan": str}, pk="name")
    db.table("baseline_items").create(
        {"baseline": str, "item": str, "start": str, "finish": str},
        pk=("baseline", "item"),
        foreign_keys=[("baseline", "baselines", "name")],
    )


@migrations()
def m003_notices(db: Database) -> None:
    db.table("notices").create(
        {
            "id": int, "history_id": int, "team": str, "created": str, "reason": str,
            "root": str, "body": str, "acknowledged": int, "withdrawn": int,
        },
        pk="id",
    )  # fmt: skip
    db.table("notices").create_index(["team"])
    db.table("notices").create_index(["history_id"])


@migrations()
def m004_uid(db: Database) -> None:
    """A stable identity for the roadmap (calendar event ids survive a file rename)."""
    db.table("meta").upsert({"key": "uid", "value": uuid.uuid4().hex}, pk="key")


@migrations()
def m005_history_stack(db: Database) -> None:
    """Undo became a stack over the stored history: ``undone`` 1 now means "can be
    redone". Before, an undo added an entry of its own and marked the original 1; those
    originals are undone for good (their undo entries stay, live)."""
    db.execute("UPDATE history SET undone = 2 WHERE undone = 1")


@migrations()
def m006_item_estimate(db: Database) -> None:
    """Items keep the duration they had when their start was recorded (the forecast's
    estimate); NULL for every item until then."""
    db.table("items").add_column("estimate", int)


@migrations()
def m007_stakeholders(db: Database) -> None:
    """Stakeholders beside teams, a contact for both, and each item's negotiated
    deadline: its target (date, who asked, note), its commitment (date, note), the date
    agreed, its watchers (a JSON list of stakeholder ids) and its negotiation log (a
    JSON list of steps). NULL everywhere until set."""
    db.table("stakeholders").create(
        {"id": str, "position": int, "name": str, "contact": str}, pk="id"
    )
    db.table("teams").add_column("contact", str)
    items = db.table("items")
    for column in (
        "target_date", "target_by", "target_note", "commit_date", "commit_note", "agreed",
        "watchers", "negotiation",
    ):  # fmt: skip
        items.add_column(column, str)


@migrations()
def m008_outbox(db: Database) -> None:
    """Notices are delivered by e-mail: ``sent_at`` is when the server accepted one (ISO
    time; NULL while it is queued), ``send_error`` why the last try failed, and
    ``message_id`` the Message-ID it was sent with. Every notice stored before this is
    queued: nothing was ever sent of it."""
    table = db.table("notices")
    table.add_column("sent_at", str)
    table.add_column("send_error", str)
    table.add_column("message_id", str)


SCHEMA_VERSION = len(migrations._migrations)
