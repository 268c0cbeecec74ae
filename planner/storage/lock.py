"""One writer per roadmap: an advisory lock on a side file, released when the process ends.

The lock sits in ``<roadmap>.lock`` so that it works with SQLite's own locking
untouched. The operating system drops the lock when the holder exits or crashes, so a
stale lock never blocks anyone.

The holder removes the side file when it is done, while it still holds the lock, so a
folder does not fill up with lock files. Another planner may have opened that very file
just before; it then locks a file that no longer has a name. That is why taking the lock
ends by checking that the locked file is still the one at ``<roadmap>.lock``, and
starting again when it is not: two writers never hold the lock at once.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from planner.domain.errors import RoadmapFileError

__all__ = ["HELD_ELSEWHERE", "WriterLock"]

HELD_ELSEWHERE = "another planner has it open"
_ATTEMPTS = 20  # each retry means a holder let go in between; more is a lock storm
_FLAGS = os.O_RDWR | os.O_CREAT | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)


class WriterLock:
    """Try to become the only writer of ``path``; ``acquired`` tells whether it worked,
    and ``problem`` why not (``HELD_ELSEWHERE``, or why the lock file can't be made).

    Raises RoadmapFileError if ``<path>.lock`` exists but is not a regular file (a
    folder, a named pipe, a symbolic link): nothing is written through it.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(str(path) + ".lock")
        self._fd: int | None = None
        self.acquired = False
        self.problem: str | None = HELD_ELSEWHERE
        for _ in range(_ATTEMPTS):
            try:
                fd = os.open(self.path, _FLAGS, 0o644)
            except OSError as e:
                if os.path.islink(self.path) or os.path.isdir(self.path):
                    raise RoadmapFileError(_not_regular(self.path)) from None
                self.problem = f"its lock file {self.path.name} can't be made ({e.strerror})"
                return
            try:
                opened = os.fstat(fd)
                if not stat.S_ISREG(opened.st_mode):
                    raise RoadmapFileError(_not_regular(self.path))
                if not _try_lock(fd):
                    return  # held by another planner: problem stays HELD_ELSEWHERE
                if _same_file(opened, self.path):
                    self._fd, fd = fd, -1
                    self.acquired, self.problem = True, None
                    _write_pid(self._fd)
                    return
                # We locked a file its holder removed on release: try the new one.
            finally:
                if fd >= 0:
                    os.close(fd)

    def release(self) -> None:
        """Let go: remove the lock file (while still holding it), then unlock."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        self.acquired = False
        try:
            with contextlib.suppress(OSError):  # Windows: an open file can't be removed
                os.unlink(self.path)
        finally:
            os.close(fd)


def _not_regular(path: Path) -> str:
    return f"{path}: the lock file is not a regular file; remove it and try again"


def _same_file(opened: os.stat_result, path: Path) -> bool:
    try:
        now = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return (now.st_dev, now.st_ino) == (opened.st_dev, opened.st_ino)


def _write_pid(fd: int) -> None:
    with contextlib.suppress(OSError):  # the pid is for people; the lock is what counts
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())


def _try_lock(fd: int) -> bool:
    try:
        if os.name == "nt":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
