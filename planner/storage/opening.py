"""Opening, creating and copying a roadmap file, before any plan is read from it.

Opening checks that the file is a roadmap (SQLite ``application_id``), refuses one
written by a newer version or that SQLite finds damaged, and brings an older one up to
date: in place after writing a backup copy beside it, or, when it can't be written, as
an upgraded copy in memory. Tables and columns are checked once here, so a file another
program changed is refused with a message naming what is missing. A new file is
written beside its path and renamed into place when complete, so a failure leaves
nothing behind. Every message names the file and says what is wrong with it.

SQLite is always given the file as a ``file:`` URI built by ``Path.as_uri``, so a name
with ``#``, ``?``, ``%`` or spaces opens that file and no other.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Callable
from contextlib import suppress
from functools import cache
from pathlib import Path

from sqlite_utils import Database

from planner.domain.errors import RoadmapFileError
from planner.domain.text import shorten
from planner.storage.lock import WriterLock
from planner.storage.paths import (
    cut_short_message,
    folder_problem,
    needs_rollback,
    open_error,
    plain_file,
    recover,
    sqlite_problem,
    sqlite_uri,
)
from planner.storage.schema import APPLICATION_ID, SCHEMA_VERSION, migrations

__all__ = ["NOT_UTF8", "connect", "copy_to", "create_file", "damaged", "init_schema", "is_blank"]

NOT_UTF8 = "some of its text is not valid UTF-8"


def damaged(path: Path | None, what: str) -> RoadmapFileError:
    """The error for a file that can't be read as a roadmap because of ``what``."""
    return RoadmapFileError(f"{path or 'the roadmap'}: the file is damaged: {what}")


def is_blank(path: Path) -> bool:
    """True when nothing is at ``path`` yet, or an empty file. Raises RoadmapFileError
    if something other than a plain file is there."""
    st = plain_file(path)
    return st is None or st.st_size == 0


def init_schema(db: Database) -> None:
    """Bring ``db`` to the current format and mark it as a roadmap."""
    migrations.apply(db)
    conn = db.conn
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.commit()


def create_file(path: Path, fill: Callable[[Database], None], *, replace: bool) -> None:
    """Make a new roadmap file at ``path``, filled by ``fill`` once its tables exist.

    It is written to a temporary file beside ``path`` and renamed into place only when
    complete: a failure leaves nothing behind, and a file it replaces stays as it was.
    Raises RoadmapFileError if a non-empty file is there (unless ``replace``), another
    planner has it open, or it can't be written."""
    if not is_blank(path) and not replace:
        raise RoadmapFileError(f"{path}: already exists; choose another name")
    if not path.parent.is_dir():
        raise RoadmapFileError(f"{path}: cannot create it, the folder {path.parent} does not exist")
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
            db = Database(conn)
            init_schema(db)
            fill(db)
        finally:
            conn.close()
        if not replace and not is_blank(path):
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


def connect(path: Path, read_only_reason: str | None) -> tuple[Database, Path | None]:
    """The checked, up-to-date roadmap at ``path``, and the backup copy written before
    an upgrade in place (or None). With a ``read_only_reason`` the file is opened
    read-only, and an older one is upgraded as a copy in memory.

    A read-only file left half-written by a crash is read as it was before the crash
    when it can be. Raises RoadmapFileError if the file is not a roadmap, is damaged,
    or was written by a newer version."""
    for attempt in (1, 2):
        conn = None
        try:
            # The app opens a big roadmap on a worker thread and then uses it on the GUI
            # thread: one thread at a time, never two at once.
            conn = sqlite3.connect(
                sqlite_uri(path, "ro" if read_only_reason else "rw"),
                uri=True,
                timeout=2.0,
                check_same_thread=False,
            )
            return _checked(Database(conn), path, read_only_reason)
        except sqlite3.DatabaseError as e:
            if conn is not None:
                conn.close()
            if attempt == 1 and read_only_reason is not None and needs_rollback(e, path):
                problem = recover(path)
                if problem is None:
                    continue
                raise RoadmapFileError(cut_short_message(path, problem)) from None
            raise open_error(path, e) from None
        except UnicodeDecodeError:
            if conn is not None:
                conn.close()
            raise damaged(path, NOT_UTF8) from None
        except BaseException:
            if conn is not None:
                conn.close()
            raise
    raise AssertionError("unreachable")  # pragma: no cover


def _checked(
    db: Database, path: Path, read_only_reason: str | None
) -> tuple[Database, Path | None]:
    """``db``, or an upgraded copy in memory of an older read-only file; and the
    backup copy of an older file upgraded in place."""
    conn = db.conn
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if not db.table_names():
        raise RoadmapFileError(f"{path}: not a roadmap file (an empty SQLite file)")
    if app_id != APPLICATION_ID:
        raise RoadmapFileError(f"{path}: a SQLite file, but not a roadmap")
    if version > SCHEMA_VERSION:
        raise RoadmapFileError(
            f"{path}: written by a newer version of Roadmap Planner "
            f"(file format {version}, this version reads up to {SCHEMA_VERSION}); "
            "please update the app"
        )
    check = conn.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        raise RoadmapFileError(f"{path}: the file is damaged ({shorten(str(check))})")
    backup = None
    if version != SCHEMA_VERSION:
        if read_only_reason is not None:  # a copy in memory, the file left as it is
            memory = sqlite3.connect(":memory:", check_same_thread=False)  # as above
            conn.backup(memory)
            db.close()
            db = Database(memory)
        else:
            backup = path.with_name(f"{path.name}.v{version}.bak")
            copy_to(db, backup)
        init_schema(db)
    _check_schema(db, path)
    return db, backup


def _check_schema(db: Database, path: Path) -> None:
    """Every table and column the migrations make is there (extra ones are fine)."""
    for table, columns in _expected_schema().items():
        have = {r[1] for r in db.conn.execute(f"PRAGMA table_info([{table}])")}
        if not have:
            raise damaged(path, f"the table {table!r} is missing")
        missing = [c for c in columns if c not in have]
        if missing:
            raise damaged(path, f"the table {table!r} has no column {missing[0]!r}")


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


def copy_to(db: Database, target: Path, *, new_identity: bool = False) -> None:
    """Copy the whole roadmap to ``target`` with SQLite's backup API, through a
    ``.part`` file renamed when complete; with ``new_identity`` the copy gets a roadmap
    id of its own. Raises RoadmapFileError if it can't be written."""
    tmp = target.with_name(target.name + ".part")
    try:
        dst = sqlite3.connect(sqlite_uri(tmp, "rwc"), uri=True)
        with dst:
            db.conn.backup(dst)
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
