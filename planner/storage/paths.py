"""The roadmap's path on disk: what is there, whether it may be written, how SQLite is
told to open it, and getting a file a crash (or another program) left in a state only a
writer can read back to one anybody can.

SQLite is always given a ``file:`` URI built by ``Path.as_uri``, so a name with ``#``,
``?``, ``%`` or spaces opens that file and no other. Nothing here waits on a named pipe
put where a roadmap should be.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import suppress
from pathlib import Path

from planner.domain.errors import RoadmapFileError
from planner.domain.text import shorten
from planner.storage.lock import HELD_ELSEWHERE, WriterLock
from planner.storage.schema import APPLICATION_ID

__all__ = [
    "READ_ONLY_DISK",
    "check_header",
    "cut_short_message",
    "folder_problem",
    "needs_rollback",
    "open_error",
    "plain_file",
    "recover",
    "sqlite_problem",
    "sqlite_uri",
    "write_problem",
]

READ_ONLY_DISK = "it is on a read-only disk"


def sqlite_uri(path: Path, mode: str) -> str:
    """A SQLite URI naming exactly ``path``: every ``#``, ``?``, ``%`` and space quoted."""
    return f"{path.resolve().as_uri()}?mode={mode}"


def plain_file(path: Path) -> os.stat_result | None:
    """The file's status, None if nothing is there. Raises RoadmapFileError for a
    folder, a named pipe, a device or a socket: SQLite would wait forever on a pipe."""
    try:
        st = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as e:
        raise RoadmapFileError(f"{path}: cannot be read ({e.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise RoadmapFileError(f"{path}: is a folder, not a roadmap file")
    if not stat.S_ISREG(st.st_mode):
        kind = "a named pipe" if stat.S_ISFIFO(st.st_mode) else "a device or socket"
        raise RoadmapFileError(f"{path}: not a roadmap file ({kind}, not a plain file)")
    return st


def _may_write(path: Path) -> bool:
    """Whether ``path`` may be written: permission, and some write bit set (so a file
    marked read-only counts as such even for root, who may write anything)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    need = os.W_OK | (os.X_OK if stat.S_ISDIR(mode) else 0)
    return bool(mode & 0o222) and os.access(path, need)


def folder_problem(folder: Path) -> str | None:
    """Why nothing can be written in ``folder`` (a read-only disk or folder), or None."""
    if hasattr(os, "statvfs"):
        with suppress(OSError):
            if os.statvfs(folder).f_flag & os.ST_RDONLY:
                return READ_ONLY_DISK
    if not _may_write(folder):
        return "its folder is read-only (saving writes a journal beside the file)"
    return None


def write_problem(path: Path) -> str | None:
    """Why the roadmap at ``path`` can't be written here, or None if it can."""
    real = path.resolve()
    problem = folder_problem(real.parent)
    if problem == READ_ONLY_DISK:
        return problem
    if not _may_write(real):
        return "the file is read-only (no write permission)"
    return problem


def needs_rollback(e: sqlite3.DatabaseError, path: Path) -> bool:
    """SQLite refused a read-only open because a save was cut short (a hot journal)."""
    if getattr(e, "sqlite_errorname", "") == "SQLITE_READONLY_ROLLBACK":
        return True
    return "readonly" in str(e) and Path(f"{path.resolve()}-journal").exists()


def recover(path: Path, *, leave_wal: bool = False) -> str | None:
    """Bring the file to a state a read-only connection can read, as only a writer may:
    roll back a save cut short by a crash (a hot journal), or with ``leave_wal`` take a
    file some other program put in WAL mode back to a rollback journal (else every read
    leaves ``-wal`` and ``-shm`` files beside it). Done only when the file can be written
    and no planner writes it, by opening it for writing for a moment: SQLite does the
    rest. Returns None when done, else why it can't be done."""
    problem = write_problem(path)
    if problem:
        return problem
    lock = WriterLock(path)
    if not lock.acquired:
        return lock.problem
    try:
        conn = sqlite3.connect(sqlite_uri(path, "rw"), uri=True, timeout=2.0)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if leave_wal:
                conn.execute("PRAGMA journal_mode = DELETE").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as e:
        return sqlite_problem(e)
    finally:
        lock.release()
    return None


def cut_short_message(path: Path, problem: str) -> str:
    if problem == HELD_ELSEWHERE:
        return (
            f"{path}: a save was cut short and the planner that has it open will roll it "
            "back; try again in a moment"
        )
    return (
        f"{path}: a save was cut short and must be rolled back before it can be read, but {problem}"
    )


def open_error(path: Path, e: sqlite3.Error) -> RoadmapFileError:
    problem = sqlite_problem(e)
    if "busy" in problem:
        return RoadmapFileError(f"{path}: {problem}; try again")
    if "cannot be opened" in problem:
        return RoadmapFileError(f"{path}: {problem}")
    return RoadmapFileError(f"{path}: not a roadmap file, or it is damaged ({shorten(str(e))})")


def sqlite_problem(e: sqlite3.Error) -> str:
    text = str(e)
    if "locked" in text or "busy" in text:
        return "the file is busy: another program is writing to it"
    if "readonly" in text or "read-only" in text:
        return "the file or its folder is read-only"
    if "disk" in text and "full" in text:
        return "the disk is full"
    if "unable to open" in text:
        return "it cannot be opened (no permission, or not a file)"
    return shorten(text)


def check_header(path: Path) -> bool:
    """Refuse a file that is not a roadmap before SQLite sees it: not SQLite, or SQLite
    without the roadmap's ``application_id`` (read from the header, without waiting on
    a pipe put there in the meantime). Returns whether the file is in WAL mode."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as e:
        raise RoadmapFileError(f"{path}: cannot be read ({e.strerror})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise RoadmapFileError(f"{path}: not a roadmap file (not a plain file)")
        head = os.read(fd, 100)
    except OSError as e:
        raise RoadmapFileError(f"{path}: cannot be read ({e.strerror})") from None
    finally:
        os.close(fd)
    if len(head) < 100 or not head.startswith(b"SQLite format 3\x00"):
        raise RoadmapFileError(f"{path}: not a roadmap file")
    if head[68:72] != APPLICATION_ID.to_bytes(4, "big"):
        raise RoadmapFileError(f"{path}: a SQLite file, but not a roadmap")
    return 2 in head[18:20]  # the file format's write/read versions: 2 means WAL
