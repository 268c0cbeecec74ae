"""``PlanRepository``: a roadmap file on disk (or in memory for tests).

The one class the rest of the planner uses to reach a roadmap file. It owns what
belongs to the open file: its path, the writer lock, whether it is read-only and why,
and the one write transaction every change goes through (``commit_edit``), so a crash
loses at most the edit in flight and never leaves the plan half-written. Any stored
value of the wrong type, or SQLite refusing to read, is reported as a damaged file,
and nothing is written to it. The work is done by the modules beside it:

- ``opening``: file checks, creating a file, format checks, upgrading an older one;
- ``plan_tables``: the plan read whole, written whole or as an edit's diff;
- ``history``: the edits with their inverses, undo and redo steps, baselines;
- ``notices``: the notices sent to each team, and their outbox.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from planner.domain.edits import ReplacePlan, edit_to_dict
from planner.domain.errors import PlanError, RoadmapFileError
from planner.domain.model import Links, Plan
from planner.domain.notices import NoticeRow
from planner.domain.progress import NO_PROGRESS, Progress
from planner.storage import history, opening, plan_tables, rows
from planner.storage import notices as _notices
from planner.storage.history import BaselineInfo, HistoryEntry, HistoryStep
from planner.storage.lock import WriterLock
from planner.storage.notices import QueuedNotice
from planner.storage.paths import check_header, recover, sqlite_problem, write_problem

__all__ = [
    "ASKED_READ_ONLY",
    "BaselineInfo",
    "HistoryEntry",
    "HistoryStep",
    "NoticeRow",
    "PlanRepository",
    "QueuedNotice",
]

ASKED_READ_ONLY = "it was opened for reading only"


class PlanRepository:
    """One roadmap file. Raises RoadmapFileError when the file can't be used.

    ``read_only`` is True when the file can't be written here, and ``read_only_reason``
    says why (another planner has it open, the file or its folder is read-only, it was
    asked for); then every write raises RoadmapFileError with that reason.
    ``backup_path`` is the copy written before an older file was upgraded in place.
    """

    def __init__(
        self, db: Database, path: Path | None, lock: WriterLock | None, read_only_reason: str | None
    ) -> None:
        self.db, self.path, self._lock = db, path, lock
        self.read_only_reason = read_only_reason
        self.backup_path: Path | None = None

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    # -- opening ------------------------------------------------------------------------
    @classmethod
    def memory(cls) -> PlanRepository:
        db = Database(memory=True)
        opening.init_schema(db)
        return cls(db, None, None, None)

    @staticmethod
    def is_blank(path: str | Path) -> bool:
        """True when nothing is at ``path`` yet, or an empty file (a new roadmap may go
        there). Raises RoadmapFileError if something other than a plain file is there."""
        return opening.is_blank(Path(path))

    @classmethod
    def open(
        cls, path: str | Path, *, create: bool = False, read_only: bool = False
    ) -> PlanRepository:
        """Open a roadmap file; with ``create``, make an empty one first if there is none
        (or only an empty file). Never writes to a file that is not a roadmap.

        Opens read-only (``read_only_reason``) when asked, when the file or its folder
        can't be written, or when another planner has it open. Raises RoadmapFileError
        if it does not exist, is not a plain file or not a roadmap, is damaged, or was
        written by a newer version.
        """
        path = Path(path)
        if cls.is_blank(path):
            if not create:
                if path.exists():
                    raise RoadmapFileError(f"{path}: not a roadmap file (it is empty)")
                raise RoadmapFileError(f"{path}: no such roadmap file")
            cls.create(path, replace=True)
        wal = check_header(path)
        reason = ASKED_READ_ONLY if read_only else write_problem(path)
        lock = None
        if reason is None:
            lock = WriterLock(path)
            if not lock.acquired:
                reason, lock = lock.problem, None
        if wal and reason is not None:
            recover(path, leave_wal=True)  # when it can't, SQLite reads the WAL as it is
        try:
            db, backup = opening.connect(path, reason)
        except BaseException:
            if lock:
                lock.release()
            raise
        repo = cls(db, path, lock, reason)
        repo.backup_path = backup
        return repo

    @classmethod
    def create(
        cls,
        path: str | Path,
        plan: Plan | None = None,
        label: str = "New roadmap",
        reason: str = "",
        *,
        replace: bool = False,
    ) -> None:
        """Make a new roadmap file at ``path`` holding ``plan`` (and its first history
        entry, ``label``). It is written to a temporary file beside ``path`` and renamed
        into place only when complete: a failure leaves nothing behind, and a file it
        replaces stays as it was. Raises RoadmapFileError if a non-empty file is there
        (unless ``replace``), another planner has it open, or it can't be written."""
        path = Path(path)

        def fill(db: Database) -> None:
            if plan is not None:
                cls(db, path, None, None).write_plan(plan, label, reason)

        opening.create_file(path, fill, replace=replace)

    def close(self) -> None:
        self.db.close()
        if self._lock:
            self._lock.release()
            self._lock = None

    def backup_to(self, target: str | Path, *, new_identity: bool = False) -> None:
        """Copy the whole roadmap to ``target`` with SQLite's backup API; with
        ``new_identity`` the copy is a new roadmap of its own (a Save As). Raises
        RoadmapFileError if it can't be written."""
        opening.copy_to(self.db, Path(target), new_identity=new_identity)

    # -- reading and writing ------------------------------------------------------------
    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Stored values of the wrong type, or SQLite refusing to read, are damage."""
        try:
            yield
        except PlanError as e:
            raise opening.damaged(self.path, str(e)) from None
        except sqlite3.DatabaseError as e:
            raise opening.damaged(self.path, sqlite_problem(e)) from None
        except UnicodeDecodeError:
            raise opening.damaged(self.path, opening.NOT_UTF8) from None

    @contextmanager
    def _transaction(self, what: str) -> Iterator[None]:
        """One write transaction; any SQLite failure becomes a RoadmapFileError and
        nothing of it is kept."""
        if self.read_only_reason is not None:
            raise RoadmapFileError(
                f"{self.path}: opened read-only because {self.read_only_reason}; nothing was saved"
            )
        try:
            with self.db.atomic():
                yield
        except sqlite3.Error as e:
            raise RoadmapFileError(
                f"{self.path or 'roadmap'}: could not save {what} ({sqlite_problem(e)}); "
                "nothing was changed"
            ) from None

    @property
    def uid(self) -> str:
        """The roadmap's stable identity (kept across renames; a Save As copy gets its own)."""
        with self._reading():
            row = self.db.execute("SELECT value FROM meta WHERE key = 'uid'").fetchone()
            return rows.text(row[0], "the roadmap's id") if row else ""

    # -- the plan ---------------------------------------------------------------------
    def is_empty(self) -> bool:
        return plan_tables.is_empty(self.db)

    def load_plan(self, progress: Progress = NO_PROGRESS) -> Plan:
        """Read the plan (its items and links counted on ``progress``). Raises
        RoadmapFileError ("the file is damaged: ...") naming the table or item when a
        stored value has the wrong type, or the plan breaks its own rules
        (``validate_plan``)."""
        with self._reading():
            return plan_tables.read_plan(self.db, progress)

    def load_plan_apart(self, progress: Progress = NO_PROGRESS) -> tuple[Plan, Links]:
        """The plan without its dependencies, and they as columns: for a reader that only
        schedules (``plan_tables.read_plan_apart``). Raises as ``load_plan``."""
        with self._reading():
            return plan_tables.read_plan_apart(self.db, progress)

    def write_plan(self, plan: Plan, label: str = "Import", reason: str = "") -> None:
        """Replace the whole stored plan, in one transaction."""
        with self._transaction("the plan"):
            plan_tables.write_plan(self.db, plan)
            history.start_new_step(self.db)  # nothing from before it can be redone
            # The oldest entry holds the whole plan, so the history replays from nothing;
            # it has no inverse: a roadmap's creation is not a step to undo.
            history.add_entry(self.db, label, reason, edit_to_dict(ReplacePlan(plan, label)), {})

    def commit_edit(
        self,
        before: Plan,
        after: Plan,
        label: str,
        reason: str = "",
        edit: dict[str, Any] | None = None,
        inverse: dict[str, Any] | None = None,
        notices: Iterable[tuple[str, str, str, dict[str, Any]]] = (),
        *,
        undoes: int | None = None,
        redoes: int | None = None,
        merge_into: int | None = None,
    ) -> int:
        """Write what changed from ``before`` to ``after``, its history entry and its
        notices ``(team, reason, root, body)`` in one transaction; returns the history id.

        A new step clears what could be redone. ``undoes`` marks that entry undone and
        withdraws its notices; ``redoes`` makes it live again and brings them back (both
        add no entry). ``merge_into`` makes this edit part of that entry: it keeps its
        inverse and takes this edit, which must then say the whole step, and ``label``."""
        with self._transaction("the edit"):
            plan_tables.write_diff(self.db, before, after)
            if undoes is not None:
                history.mark_undone(self.db, undoes)
                _notices.withdraw(self.db, undoes)
                return undoes
            if redoes is not None:
                history.mark_redone(self.db, redoes)
                _notices.withdraw(self.db, redoes, withdrawn=False)
                return redoes
            history.start_new_step(self.db)
            if merge_into is not None:  # the step's notices say the whole step now
                hid = merge_into
                history.merge_into(self.db, hid, label, edit or {}, inverse or {})
                _notices.remove(self.db, hid)
            else:
                hid = history.add_entry(self.db, label, reason, edit or {}, inverse or {})
            _notices.add(self.db, hid, notices)
        return hid

    # -- history and baselines --------------------------------------------------------
    def history(self, limit: int | None = None) -> list[HistoryEntry]:
        """The newest edits first. Raises RoadmapFileError if a stored entry is damaged."""
        with self._reading():
            return history.entries(self.db, limit)

    def undo_step(self) -> HistoryStep | None:
        """The entry ``undo`` would undo, or None."""
        with self._reading():
            return history.undo_step(self.db)

    def redo_step(self) -> HistoryStep | None:
        """The entry ``redo`` would redo, or None."""
        with self._reading():
            return history.redo_step(self.db)

    def step_counts(self) -> tuple[int, int]:
        """How many steps can be undone and redone."""
        with self._reading():
            return history.step_counts(self.db)

    def mergeable_step(self, key: str) -> HistoryStep | None:
        """The newest entry, if it is live, undoable and was made with merge key ``key``."""
        with self._reading():
            return history.mergeable_step(self.db, key)

    def save_baseline(
        self, name: str, plan_json: str, dates: Iterable[tuple[str, date, date]]
    ) -> None:
        """Store (or replace) the named baseline: every item's first and last day."""
        with self._transaction("the baseline"):
            history.save_baseline(self.db, name, plan_json, dates)

    def baselines(self) -> list[BaselineInfo]:
        with self._reading():
            return history.baselines(self.db)

    def baseline_dates(self, name: str) -> dict[str, tuple[date, date]]:
        """Item id -> (first day, last day) in the baseline. Raises RoadmapFileError if
        unknown or damaged."""
        with self._reading():
            return history.baseline_dates(self.db, name)

    # -- notices ----------------------------------------------------------------------
    def notices(
        self,
        team: str | None = None,
        include_acknowledged: bool = False,
        include_withdrawn: bool = False,
        since: str | None = None,
    ) -> list[NoticeRow]:
        """The stored notices, oldest first. Raises RoadmapFileError if one is damaged
        (a body that is not the JSON the digests read, a value of the wrong type)."""
        with self._reading():
            return _notices.select(self.db, team, include_acknowledged, include_withdrawn, since)

    def has_notices(self, history_id: int | None) -> bool:
        if history_id is None:
            return False
        with self._reading():
            return _notices.has_notices(self.db, history_id)

    def acknowledge_notices(self, ids: Iterable[int], acknowledged: bool = True) -> None:
        with self._transaction("the notices"):
            _notices.acknowledge(self.db, ids, acknowledged)

    def unsent_notices(self) -> list[QueuedNotice]:
        """The outbox: every notice not sent yet and not withdrawn, oldest first, with why
        its last try failed. Raises RoadmapFileError if one is damaged."""
        with self._reading():
            return _notices.unsent(self.db)

    def mark_sent(self, notice_id: int, when: datetime, message_id: str) -> None:
        """Record that the mail server accepted notice ``notice_id`` at ``when``. Raises
        RoadmapFileError if it can't be saved."""
        with self._transaction("the notice"):
            _notices.mark_sent(self.db, notice_id, when.isoformat(timespec="seconds"), message_id)

    def mark_failed(self, notice_id: int, error: str) -> None:
        """Keep notice ``notice_id`` queued with ``error``. Raises RoadmapFileError if it
        can't be saved."""
        with self._transaction("the notice"):
            _notices.mark_failed(self.db, notice_id, error)
