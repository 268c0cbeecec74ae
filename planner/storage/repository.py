"""``PlanRepository``: a roadmap file on disk (or in memory for tests).

Opening checks that the file is a roadmap (SQLite ``application_id``), refuses one
written by a newer version, and migrates an older one after writing a backup copy
beside it. Every write happens inside one transaction (``commit_edit``), so a crash
loses at most the edit in flight and never leaves the plan half-written.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from planner.domain.errors import RoadmapFileError
from planner.domain.jsonio import parse_date
from planner.domain.model import WEEKDAY_NAMES, CalendarSpec, Dependency, Item, Plan, Sprint, Team
from planner.domain.notices import NoticeRow
from planner.storage.lock import WriterLock
from planner.storage.schema import APPLICATION_ID, SCHEMA_VERSION, migrations

__all__ = ["BaselineInfo", "HistoryEntry", "NoticeRow", "PlanRepository"]


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    at: str
    label: str
    reason: str
    undone: bool


@dataclass(frozen=True)
class BaselineInfo:
    name: str
    created: str


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _date(s: str | None, where: str) -> date | None:
    return parse_date(s, where) if s else None


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

    ``read_only`` is True when another running planner holds the file (or when asked);
    then every write raises RoadmapFileError.
    """

    def __init__(self, db: Database, path: Path | None, lock: WriterLock | None, read_only: bool):
        self.db, self.path, self._lock, self.read_only = db, path, lock, read_only
        self.backup_path: Path | None = None

    # -- opening ------------------------------------------------------------------------
    @classmethod
    def memory(cls) -> PlanRepository:
        repo = cls(Database(memory=True), None, None, False)
        repo._init_schema()
        return repo

    @classmethod
    def open(
        cls, path: str | Path, *, create: bool = False, read_only: bool = False
    ) -> PlanRepository:
        """Open (or with ``create``, make) a roadmap file.

        Raises RoadmapFileError if it does not exist, is not a roadmap, is damaged, or
        was written by a newer version.
        """
        path = Path(path)
        exists = path.exists()
        if not exists and not create:
            raise RoadmapFileError(f"{path}: no such roadmap file")
        if exists and path.is_dir():
            raise RoadmapFileError(f"{path}: is a folder, not a roadmap file")
        if not exists and not path.parent.is_dir():
            raise RoadmapFileError(
                f"{path}: cannot create it, the folder {path.parent} does not exist"
            )
        lock = None
        if not read_only:
            lock = WriterLock(path)
            if not lock.acquired:
                lock = None
                read_only = True
        try:
            if exists:
                _check_header(path)
            uri = f"file:{path}?mode={'ro' if read_only and exists else 'rwc'}"
            conn = sqlite3.connect(uri, uri=True, timeout=2.0)
            db = Database(conn)
            repo = cls(db, path, lock, read_only)
            repo._check_and_migrate(exists)
            return repo
        except sqlite3.DatabaseError as e:
            if lock:
                lock.release()
            problem = _sqlite_problem(e)
            if "busy" in problem:
                raise RoadmapFileError(f"{path}: {problem}; try again") from None
            if "cannot be opened" in problem:
                raise RoadmapFileError(f"{path}: {problem}") from None
            raise RoadmapFileError(f"{path}: not a roadmap file, or it is damaged ({e})") from None
        except BaseException:
            if lock:
                lock.release()
            raise

    def _check_and_migrate(self, existed: bool) -> None:
        conn = self.db.conn
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        has_tables = bool(self.db.table_names())
        if existed and has_tables and app_id != APPLICATION_ID:
            raise RoadmapFileError(f"{self.path}: a SQLite file, but not a roadmap")
        if version > SCHEMA_VERSION:
            raise RoadmapFileError(
                f"{self.path}: written by a newer version of Roadmap Planner "
                f"(file format {version}, this version reads up to {SCHEMA_VERSION}); "
                "please update the app"
            )
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise RoadmapFileError(f"{self.path}: the file is damaged ({check})")
        if version == SCHEMA_VERSION:
            return
        if self.read_only:
            if not has_tables:
                raise RoadmapFileError(f"{self.path}: empty file opened read-only")
            raise RoadmapFileError(
                f"{self.path}: needs an upgrade to the current file format, but another "
                "planner has it open; close that one first"
            )
        if existed and has_tables and self.path is not None:
            self.backup_path = self.path.with_name(f"{self.path.name}.v{version}.bak")
            self.backup_to(self.backup_path)
        self._init_schema()

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

    @property
    def uid(self) -> str:
        """The roadmap's stable identity (kept across renames; a Save As copy gets its own)."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'uid'").fetchone()
        return str(row[0]) if row else ""

    def backup_to(self, target: str | Path, *, new_identity: bool = False) -> None:
        """Copy the whole roadmap to ``target`` with SQLite's backup API; with
        ``new_identity`` the copy is a new roadmap of its own (a Save As)."""
        target = Path(target)
        tmp = target.with_name(target.name + ".part")
        try:
            dst = sqlite3.connect(tmp)
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
                f"{self.path or 'roadmap'}: could not save {what} ({_sqlite_problem(e)}); "
                "nothing was changed"
            ) from None

    def _writable(self) -> None:
        if self.read_only:
            raise RoadmapFileError(
                f"{self.path}: opened read-only (another planner has it open); nothing was saved"
            )

    # -- the plan ---------------------------------------------------------------------
    def is_empty(self) -> bool:
        return self.db.table("meta").count == 0

    def load_plan(self) -> Plan:
        """Read the plan. Raises RoadmapFileError if the stored values are impossible."""
        db = self.db
        try:
            meta = {r["key"]: r["value"] for r in db.table("meta").rows}
            cal = json.loads(meta.get("calendar", "{}"))
            calendar = CalendarSpec(
                weekend=frozenset(
                    WEEKDAY_NAMES.index(d) for d in cal.get("weekend", ["sat", "sun"])
                ),
                holidays=tuple(parse_date(h, "calendar") for h in cal.get("holidays", [])),
                country=cal.get("country"),
                subdivision=cal.get("subdivision"),
            )
            teams = tuple(
                Team(r["id"], r["name"], r["color"] or "")
                for r in db.table("teams").rows_where(order_by="position")
            )
            sprints = tuple(
                Sprint(
                    r["name"],
                    parse_date(r["start"], "sprint"),
                    parse_date(r["finish"], "sprint"),
                    r["team"],
                )
                for r in db.table("sprints").rows_where(order_by="position")
            )
            items = tuple(
                Item(
                    id=r["id"],
                    title=r["title"] or "",
                    team=r["team"],
                    kind=r["kind"],
                    start=parse_date(r["start"], f"item {r['id']}"),
                    duration=r["duration"],
                    deadline=_date(r["deadline"], f"item {r['id']}"),
                    locked=bool(r["locked"]),
                    done=bool(r["done"]),
                    actual_start=_date(r["actual_start"], r["id"]),
                    actual_finish=_date(r["actual_finish"], r["id"]),
                    progress=r["progress"] or 0,
                    notes=r["notes"] or "",
                )
                for r in db.table("items").rows_where(order_by="position")
            )
            deps = tuple(
                Dependency(r["pred"], r["succ"], r["type"], r["lag"])
                for r in db.table("dependencies").rows_where(order_by="position")
            )
        except (ValueError, KeyError, TypeError, sqlite3.DatabaseError) as e:
            raise RoadmapFileError(f"{self.path}: stored plan is damaged ({e})") from None
        return Plan(meta.get("name", "Untitled roadmap"), calendar, teams, sprints, items, deps)

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
            self._history(label, reason, {}, {})

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
        undoes: int | None = None,
    ) -> int:
        """Write what changed from ``before`` to ``after``, its history entry and its
        notices ``(team, reason, root, body)`` in one transaction; returns the history id.
        ``undoes`` marks that earlier history entry undone and withdraws its notices."""
        with self._transaction("the edit"):
            self._write_diff(before, after)
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
            if undoes is not None:
                self.db.execute("UPDATE history SET undone = 1 WHERE id = ?", [undoes])
                self.db.execute("UPDATE notices SET withdrawn = 1 WHERE history_id = ?", [undoes])
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
    def history(self, limit: int = 200) -> list[HistoryEntry]:
        rows = self.db.query("SELECT * FROM history ORDER BY id DESC LIMIT ?", [limit])
        return [
            HistoryEntry(r["id"], r["at"], r["label"], r["reason"] or "", bool(r["undone"]))
            for r in rows
        ]

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
        return [
            BaselineInfo(r["name"], r["created"])
            for r in self.db.table("baselines").rows_where(order_by="created")
        ]

    def baseline_dates(self, name: str) -> dict[str, tuple[date, date]]:
        """Item id -> (first day, last day) in the baseline. Raises RoadmapFileError if unknown."""
        if not self.db.table("baselines").count_where("name = ?", [name]):
            raise RoadmapFileError(f"no baseline named {name!r}")
        return {
            r["item"]: (date.fromisoformat(r["start"]), date.fromisoformat(r["finish"]))
            for r in self.db.table("baseline_items").rows_where("baseline = ?", [name])
        }

    # -- notices ----------------------------------------------------------------------
    def notices(
        self,
        team: str | None = None,
        include_acknowledged: bool = False,
        include_withdrawn: bool = False,
        since: str | None = None,
    ) -> list[NoticeRow]:
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
        rows = self.db.table("notices").rows_where(" AND ".join(where), args, order_by="id")
        return [
            NoticeRow(
                r["id"],
                r["history_id"],
                r["team"],
                r["created"],
                r["reason"] or "",
                r["root"] or "",
                json.loads(r["body"]),
                bool(r["acknowledged"]),
                bool(r["withdrawn"]),
            )
            for r in rows
        ]

    def acknowledge_notices(self, ids: Iterable[int], acknowledged: bool = True) -> None:
        with self._transaction("the notices"):
            for i in ids:
                self.db.execute(
                    "UPDATE notices SET acknowledged = ? WHERE id = ?", [int(acknowledged), i]
                )


def _sqlite_problem(e: sqlite3.Error) -> str:
    text = str(e)
    if "locked" in text or "busy" in text:
        return "the file is busy: another program is writing to it"
    if "readonly" in text or "read-only" in text:
        return "the file or its folder is read-only"
    if "disk" in text and "full" in text:
        return "the disk is full"
    if "unable to open" in text:
        return "it cannot be opened (no permission, or not a file)"
    return text


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite sees it. An empty file is fine."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as e:
        raise RoadmapFileError(f"{path}: cannot be read ({e.strerror})") from None
    if head and head != b"SQLite format 3\x00":
        raise RoadmapFileError(f"{path}: not a roadmap file")
