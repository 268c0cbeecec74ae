"""``PlanRepository``: a roadmap file on disk (or in memory for tests).

Opening checks that the path is a plain file and a roadmap (SQLite ``application_id``),
refuses one written by a newer version, and brings an older one up to date: in place
after writing a backup copy beside it, or, when it can't be written, as an upgraded
copy in memory. Tables and columns are checked once on opening and every stored value
as it is read, so a damaged file is refused with a message that names what is wrong,
and nothing is written to it. Every write happens inside one transaction
(``commit_edit``), so a crash loses at most the edit in flight and never leaves the plan
half-written; a new file is written beside its path and renamed into place when
complete (``create``), so a failure leaves nothing behind.

SQLite is always given the file as a ``file:`` URI built by ``Path.as_uri``, so a name
with ``#``, ``?``, ``%`` or spaces opens that file and no other.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from planner.domain.edits import ReplacePlan, edit_to_dict
from planner.domain.errors import PlanError, RoadmapFileError
from planner.domain.model import WEEKDAY_NAMES, Dependency, Item, Plan, Sprint, Team, validate_plan
from planner.domain.notices import NoticeRow
from planner.domain.text import quoted, shorten
from planner.storage import rows
from planner.storage.lock import WriterLock
from planner.storage.paths import (
    check_header,
    cut_short_message,
    folder_problem,
    needs_rollback,
    open_error,
    plain_file,
    recover,
    sqlite_problem,
    sqlite_uri,
    write_problem,
)
from planner.storage.schema import APPLICATION_ID, SCHEMA_VERSION, migrations

__all__ = ["ASKED_READ_ONLY", "BaselineInfo", "HistoryEntry", "NoticeRow", "PlanRepository"]

ASKED_READ_ONLY = "it was opened for reading only"
NOT_UTF8 = "some of its text is not valid UTF-8"


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    at: str
    label: str
    reason: str
    undone: bool


LIVE, UNDONE, DISCARDED = 0, 1, 2
_UNDOABLE = f"undone = {LIVE} AND inverse NOT IN ('', '{{}}')"


@dataclass(frozen=True)
class HistoryStep:
    """A stored step as undo and redo need it: the edit and its inverse as records."""

    id: int
    label: str
    edit: dict[str, Any]
    inverse: dict[str, Any]


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


@dataclass(frozen=True)
class BaselineInfo:
    name: str
    created: str


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _item_row(it: Item, position: int) -> dict[str, Any]:
    return {
        "id": it.id,
        "position": position,
        "title": it.title,
        "team": it.team,
        "kind": it.kind,
        "start": it.start.isoformat(),
        "duration": it.duration,
        "deadline": _iso(it.deadline),
        "locked": int(it.locked),
        "done": int(it.done),
        "actual_start": _iso(it.actual_start),
        "actual_finish": _iso(it.actual_finish),
        "progress": it.progress,
        "notes": it.notes,
    }


def _dep_row(d: Dependency, position: int) -> dict[str, Any]:
    return {"position": position, "pred": d.pred, "succ": d.succ, "type": d.type, "lag": d.lag}


class PlanRepository:
    """One roadmap file. Raises RoadmapFileError when the file can't be used.

    ``read_only`` is True when the file can't be written here, and ``read_only_reason``
    says why (another planner has it open, the file or its folder is read-only, it was
    asked for); then every write raises RoadmapFileError with that reason.
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
        repo = cls(Database(memory=True), None, None, None)
        repo._init_schema()
        return repo

    @staticmethod
    def is_blank(path: str | Path) -> bool:
        """True when nothing is at ``path`` yet, or an empty file (a new roadmap may go
        there). Raises RoadmapFileError if something other than a plain file is there."""
        st = plain_file(Path(path))
        return st is None or st.st_size == 0

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
            return cls._connect(path, lock, reason)
        except BaseException:
            if lock:
                lock.release()
            raise

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
        if not cls.is_blank(path) and not replace:
            raise RoadmapFileError(f"{path}: already exists; choose another name")
        if not path.parent.is_dir():
            raise RoadmapFileError(
                f"{path}: cannot create it, the folder {path.parent} does not exist"
            )
        problem = folder_problem(path.resolve().parent)
        if problem:
            raise RoadmapFileError(f"{path}: cannot create it: {problem}")
        lock = WriterLock(path)  # keeps out a planner that has it open, and a second creator
        if not lock.acquired:
            raise RoadmapFileError(f"{path}: cannot create it: {lock.problem}")
        # Beside the path (a rename stays on one disk), hidden, short enough for any name.
        tmp = path.with_name(f".{path.name[:40]}.{uuid.uuid4().hex[:8]}.new")
        try:
            conn = sqlite3.connect(sqlite_uri(tmp, "rwc"), uri=True)
            try:
                repo = cls(Database(conn), path, None, None)
                repo._init_schema()
                if plan is not None:
                    repo.write_plan(plan, label, reason)
            finally:
                conn.close()
            if not replace and not cls.is_blank(path):
                raise RoadmapFileError(f"{path}: already exists; choose another name")
            os.replace(tmp, path)
        except (OSError, sqlite3.Error) as e:
            why = sqlite_problem(e) if isinstance(e, sqlite3.Error) else e.strerror
            raise RoadmapFileError(
                f"{path}: could not create it ({why}); nothing was written"
            ) from None
        finally:
            for leftover in (tmp, Path(f"{tmp}-journal")):
                with suppress(OSError):
                    leftover.unlink()
            lock.release()

    @classmethod
    def _connect(cls, path: Path, lock: WriterLock | None, reason: str | None) -> PlanRepository:
        for attempt in (1, 2):
            conn = None
            try:
                conn = sqlite3.connect(
                    sqlite_uri(path, "ro" if reason else "rw"), uri=True, timeout=2.0
                )
                return cls(Database(conn), path, lock, reason)._check_and_migrate()
            except sqlite3.DatabaseError as e:
                if conn is not None:
                    conn.close()
                if attempt == 1 and reason is not None and needs_rollback(e, path):
                    problem = recover(path)
                    if problem is None:
                        continue
                    raise RoadmapFileError(cut_short_message(path, problem)) from None
                raise open_error(path, e) from None
            except UnicodeDecodeError:
                if conn is not None:
                    conn.close()
                raise RoadmapFileError(f"{path}: the file is damaged: {NOT_UTF8}") from None
            except BaseException:
                if conn is not None:
                    conn.close()
                raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _check_and_migrate(self) -> PlanRepository:
        """This repository, or an upgraded copy in memory of an older read-only file."""
        conn = self.db.conn
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if not self.db.table_names():
            raise RoadmapFileError(f"{self.path}: not a roadmap file (an empty SQLite file)")
        if app_id != APPLICATION_ID:
            raise RoadmapFileError(f"{self.path}: a SQLite file, but not a roadmap")
        if version > SCHEMA_VERSION:
            raise RoadmapFileError(
                f"{self.path}: written by a newer version of Roadmap Planner "
                f"(file format {version}, this version reads up to {SCHEMA_VERSION}); "
                "please update the app"
            )
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise RoadmapFileError(f"{self.path}: the file is damaged ({shorten(str(check))})")
        repo = self if version == SCHEMA_VERSION else self._upgraded(version)
        repo._check_schema()
        return repo

    def _upgraded(self, version: int) -> PlanRepository:
        """An older file brought to the current format: in place, after a backup copy,
        when it may be written; else a copy in memory, the file left as it is."""
        if self.read_only:
            memory = sqlite3.connect(":memory:")
            self.db.conn.backup(memory)
            self.db.close()
            copy = PlanRepository(Database(memory), self.path, None, self.read_only_reason)
            copy._init_schema()
            return copy
        if self.path is not None:
            self.backup_path = self.path.with_name(f"{self.path.name}.v{version}.bak")
            self.backup_to(self.backup_path)
        self._init_schema()
        return self

    def _check_schema(self) -> None:
        """Every table and column the migrations make is there (extra ones are fine)."""
        conn = self.db.conn
        for table, columns in _expected_schema().items():
            have = {r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")}
            if not have:
                raise self._damaged(f"the table {table!r} is missing")
            missing = [c for c in columns if c not in have]
            if missing:
                raise self._damaged(f"the table {table!r} has no column {missing[0]!r}")

    def _init_schema(self) -> None:
        migrations.apply(self.db)
        conn = self.db.conn
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.commit()

    def close(self) -> None:
        self.db.close()
        if self._lock:
            self._lock.release()
            self._lock = None

    def _damaged(self, what: str) -> RoadmapFileError:
        return RoadmapFileError(f"{self.path or 'the roadmap'}: the file is damaged: {what}")

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Stored values of the wrong type, or SQLite refusing to read, are damage."""
        try:
            yield
        except PlanError as e:
            raise self._damaged(str(e)) from None
        except sqlite3.DatabaseError as e:
            raise self._damaged(sqlite_problem(e)) from None
        except UnicodeDecodeError:
            raise self._damaged(NOT_UTF8) from None

    @property
    def uid(self) -> str:
        """The roadmap's stable identity (kept across renames; a Save As copy gets its own)."""
        with self._reading():
            row = self.db.execute("SELECT value FROM meta WHERE key = 'uid'").fetchone()
            return rows.text(row[0], "the roadmap's id") if row else ""

    def backup_to(self, target: str | Path, *, new_identity: bool = False) -> None:
        """Copy the whole roadmap to ``target`` with SQLite's backup API; with
        ``new_identity`` the copy is a new roadmap of its own (a Save As)."""
        target = Path(target)
        tmp = target.with_name(target.name + ".part")
        try:
            dst = sqlite3.connect(sqlite_uri(tmp, "rwc"), uri=True)
            with dst:
                self.db.conn.backup(dst)
                if new_identity:
                    dst.execute(
                        "INSERT OR REPLACE INTO meta (key, value) VALUES ('uid', ?)",
                        [uuid.uuid4().hex],
                    )
            dst.close()
            shutil.move(tmp, target)
        except (OSError, sqlite3.Error) as e:
            tmp.unlink(missing_ok=True)
            raise RoadmapFileError(f"could not write a copy to {target}: {e}") from None

    @contextmanager
    def _transaction(self, what: str) -> Iterator[None]:
        """One write transaction; any SQLite failure becomes a RoadmapFileError and
        nothing of it is kept."""
        self._writable()
        try:
            with self.db.atomic():
                yield
        except sqlite3.Error as e:
            raise RoadmapFileError(
                f"{self.path or 'roadmap'}: could not save {what} ({sqlite_problem(e)}); "
                "nothing was changed"
            ) from None

    def _writable(self) -> None:
        if self.read_only_reason is not None:
            raise RoadmapFileError(
                f"{self.path}: opened read-only because {self.read_only_reason}; nothing was saved"
            )

    # -- the plan ---------------------------------------------------------------------
    def is_empty(self) -> bool:
        return self.db.table("meta").count == 0

    def load_plan(self) -> Plan:
        """Read the plan. Raises RoadmapFileError ("the file is damaged: ...") naming the
        table or item when a stored value has the wrong type, or the plan breaks its
        own rules (``validate_plan``)."""
        conn = self.db.conn
        with self._reading():
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            name = rows.text(meta.get("name", "Untitled roadmap"), "the roadmap's name")
            calendar = rows.calendar_from_json(meta.get("calendar", "{}"))
            teams = tuple(
                map(rows.team_from_row, conn.execute(
                    "SELECT id, name, color FROM teams ORDER BY position"))
            )  # fmt: skip
            sprints = tuple(
                map(rows.sprint_from_row, conn.execute(
                    "SELECT name, start, finish, team FROM sprints ORDER BY position"))
            )  # fmt: skip
            columns = ", ".join(f"[{c}]" for c in rows.ITEM_COLUMNS)
            items = tuple(
                map(rows.item_from_row, conn.execute(
                    f"SELECT {columns} FROM items ORDER BY position"))
            )  # fmt: skip
            deps = tuple(
                map(rows.dependency_from_row, conn.execute(
                    "SELECT pred, succ, type, lag FROM dependencies ORDER BY position"))
            )  # fmt: skip
            plan = Plan(name, calendar, teams, sprints, items, deps)
            validate_plan(plan)
        return plan

    def write_plan(self, plan: Plan, label: str = "Import", reason: str = "") -> None:
        """Replace the whole stored plan, in one transaction."""
        with self._transaction("the plan"):
            for table in ("teams", "items", "dependencies", "sprints"):
                self.db.execute(f"DELETE FROM [{table}]")
            self._write_meta(plan)
            self._write_teams(plan.teams)
            self._write_sprints(plan.sprints)
            self.db.table("items").insert_all(_item_row(it, i) for i, it in enumerate(plan.items))
            self._write_deps(plan.dependencies)
            # The oldest entry holds the whole plan, so the history replays from nothing;
            # it has no inverse: a roadmap's creation is not a step to undo.
            self._history(label, reason, edit_to_dict(ReplacePlan(plan, label)), {})

    def _write_meta(self, plan: Plan) -> None:
        cal = plan.calendar
        cal_json = json.dumps(
            {
                "weekend": [WEEKDAY_NAMES[d] for d in sorted(cal.weekend)],
                "holidays": [h.isoformat() for h in cal.holidays],
                "country": cal.country,
                "subdivision": cal.subdivision,
            }
        )
        self.db.table("meta").upsert_all(
            [{"key": "name", "value": plan.name}, {"key": "calendar", "value": cal_json}],
            pk="key",
        )

    def _write_teams(self, teams: Sequence[Team]) -> None:
        self.db.execute("DELETE FROM teams")
        self.db.table("teams").insert_all(
            {"id": t.id, "position": i, "name": t.name, "color": t.color}
            for i, t in enumerate(teams)
        )

    def _write_sprints(self, sprints: Sequence[Sprint]) -> None:
        self.db.execute("DELETE FROM sprints")
        self.db.table("sprints").insert_all(
            {
                "position": i,
                "name": s.name,
                "start": s.start.isoformat(),
                "finish": s.finish.isoformat(),
                "team": s.team,
            }
            for i, s in enumerate(sprints)
        )

    def _write_deps(self, deps: Sequence[Dependency]) -> None:
        self.db.execute("DELETE FROM dependencies")
        self.db.table("dependencies").insert_all(_dep_row(d, i) for i, d in enumerate(deps))

    def _history(
        self, label: str, reason: str, edit: dict[str, Any], inverse: dict[str, Any]
    ) -> int:
        table = self.db.table("history")
        table.insert(
            {
                "at": datetime.now().isoformat(timespec="seconds"),
                "label": label,
                "reason": reason,
                "edit": json.dumps(edit),
                "inverse": json.dumps(inverse),
                "undone": 0,
            }
        )
        return int(table.last_pk)  # type: ignore[arg-type]

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
        inverse and takes this edit, which must then say the whole step."""
        with self._transaction("the edit"):
            self._write_diff(before, after)
            if undoes is not None:
                self.db.execute(f"UPDATE history SET undone = {UNDONE} WHERE id = ?", [undoes])
                self.db.execute("UPDATE notices SET withdrawn = 1 WHERE history_id = ?", [undoes])
                return undoes
            if redoes is not None:
                self.db.execute(f"UPDATE history SET undone = {LIVE} WHERE id = ?", [redoes])
                self.db.execute("UPDATE notices SET withdrawn = 0 WHERE history_id = ?", [redoes])
                return redoes
            self.db.execute(f"UPDATE history SET undone = {DISCARDED} WHERE undone = {UNDONE}")
            if merge_into is not None:
                hid = merge_into
                self.db.execute(
                    "UPDATE history SET edit = ?, inverse = ?, at = ? WHERE id = ?",
                    [json.dumps(edit or {}), json.dumps(inverse or {}), _now(), hid],
                )
            else:
                hid = self._history(label, reason, edit or {}, inverse or {})
            now = datetime.now().isoformat(timespec="seconds")
            rows = [
                {
                    "history_id": hid,
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
            if rows:
                self.db.table("notices").insert_all(rows)
        return hid

    def _write_diff(self, before: Plan, after: Plan) -> None:
        if before.name != after.name or before.calendar != after.calendar:
            self._write_meta(after)
        if before.teams != after.teams:
            self._write_teams(after.teams)
        if before.sprints != after.sprints:
            self._write_sprints(after.sprints)
        if before.dependencies != after.dependencies:
            self._write_deps(after.dependencies)
        if before.items is after.items:
            return
        items = self.db.table("items")
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
        self.db.execute("DELETE FROM items")
        items.insert_all(_item_row(it, i) for i, it in enumerate(after.items))

    # -- history and baselines --------------------------------------------------------
    def history(self, limit: int | None = None) -> list[HistoryEntry]:
        """The newest edits first. Raises RoadmapFileError if a stored entry is damaged."""
        with self._reading():
            found = self.db.execute(
                "SELECT id, at, label, reason, min(undone, 1) FROM history ORDER BY id DESC"
                " LIMIT ?",
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

    # Undo and redo work over the stored history as a stack: ``undone`` is LIVE, UNDONE
    # (can be redone) or DISCARDED (undone, then a new edit came). Undo takes the newest
    # live entry that has an inverse; what it undid can be redone in reverse order, and
    # every UNDONE entry is newer than every LIVE one.
    def _step(self, where: str, order: str) -> HistoryStep | None:
        with self._reading():
            row = self.db.execute(
                f"SELECT id, label, edit, inverse FROM history WHERE {where} ORDER BY id {order}"
                " LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            hid = rows.integer(row[0], "a history entry's id")
            try:
                edit, inverse = json.loads(row[2] or "{}"), json.loads(row[3] or "{}")
            except ValueError:
                raise self._damaged(f"history entry {hid} is not readable") from None
            return HistoryStep(hid, rows.text(row[1], f"history entry {hid}: label"), edit, inverse)

    def undo_step(self) -> HistoryStep | None:
        """The entry ``undo`` would undo, or None."""
        return self._step(_UNDOABLE, "DESC")

    def redo_step(self) -> HistoryStep | None:
        """The entry ``redo`` would redo, or None."""
        return self._step(f"undone = {UNDONE}", "ASC")

    def step_counts(self) -> tuple[int, int]:
        """How many steps can be undone and redone."""
        with self._reading():
            q = "SELECT count(*) FROM history WHERE "
            u = self.db.execute(q + _UNDOABLE).fetchone()[0]
            r = self.db.execute(q + f"undone = {UNDONE}").fetchone()[0]
            return int(u), int(r)

    def mergeable_step(self, key: str) -> HistoryStep | None:
        """The newest entry, if it is live, undoable and was made with merge key ``key``."""
        newest = self._step("1 = 1", "DESC")
        undoable = self.undo_step()
        if newest is None or undoable is None or newest.id != undoable.id:
            return None
        return newest if newest.edit.get("merge") == key else None

    def has_notices(self, history_id: int | None) -> bool:
        if history_id is None:
            return False
        with self._reading():
            return bool(
                self.db.execute(
                    "SELECT 1 FROM notices WHERE history_id = ? LIMIT 1", [history_id]
                ).fetchone()
            )

    def save_baseline(
        self, name: str, plan_json: str, dates: Iterable[tuple[str, date, date]]
    ) -> None:
        """Store (or replace) the named baseline: every item's first and last day."""
        with self._transaction("the baseline"):
            self.db.execute("DELETE FROM baseline_items WHERE baseline = ?", [name])
            self.db.table("baselines").upsert(
                {
                    "name": name,
                    "created": datetime.now().isoformat(timespec="seconds"),
                    "plan": plan_json,
                },
                pk="name",
            )
            self.db.table("baseline_items").insert_all(
                {"baseline": name, "item": i, "start": s.isoformat(), "finish": f.isoformat()}
                for i, s, f in dates
            )

    def baselines(self) -> list[BaselineInfo]:
        with self._reading():
            found = self.db.execute("SELECT name, created FROM baselines ORDER BY created")
            return [
                BaselineInfo(rows.text(n, "a baseline's name"), rows.text(c, f"baseline {n}"))
                for n, c in found
            ]

    def baseline_dates(self, name: str) -> dict[str, tuple[date, date]]:
        """Item id -> (first day, last day) in the baseline. Raises RoadmapFileError if
        unknown or damaged."""
        with self._reading():
            if not self.db.execute("SELECT 1 FROM baselines WHERE name = ?", [name]).fetchone():
                raise RoadmapFileError(f"no baseline named {quoted(name)}")
            where = f"baseline {quoted(name)}"
            found = self.db.execute(
                "SELECT item, start, finish FROM baseline_items WHERE baseline = ?", [name]
            )
            out = {}
            for item, start, finish in found:
                w = f"{where}, item {quoted(rows.text(item, where + ': an item id'))}"
                out[item] = (rows.day(start, w + ": start"), rows.day(finish, w + ": finish"))
            return out

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
        with self._reading():
            return [self._notice(r) for r in self.db.execute(sql, args)]

    @staticmethod
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

    def acknowledge_notices(self, ids: Iterable[int], acknowledged: bool = True) -> None:
        with self._transaction("the notices"):
            for i in ids:
                self.db.execute(
                    "UPDATE notices SET acknowledged = ? WHERE id = ?", [int(acknowledged), i]
                )


@cache
def _expected_schema() -> dict[str, tuple[str, ...]]:
    """Table -> columns, as the migrations make them (migration bookkeeping aside)."""
    db = Database(memory=True)
    migrations.apply(db)
    return {
        t: tuple(c.name for c in db.table(t).columns)
        for t in db.table_names()
        if t != migrations.migrations_table
    }
