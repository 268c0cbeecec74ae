"""One writer per roadmap: an advisory lock on a side file, released when the process ends.

The lock sits in ``<roadmap>.lock`` so that it works with SQLite's own locking
untouched. The operating system drops the lock when the holder exits or crashes, so a
stale lock never blocks anyone.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO

__all__ = ["WriterLock"]


class WriterLock:
    """Try to become the only writer of ``path``; ``acquired`` tells whether it worked."""

    def __init__(self, path: Path) -> None:
        self.path = Path(str(path) + ".lock")
        self._fh: IO[str] | None = None
        self.acquired = False
        try:
            fh = open(self.path, "a+")  # noqa: SIM115 - held open for the lock's life
        except OSError:
            return  # a read-only folder: nobody can write here, so nobody else writes
        if _try_lock(fh):
            self._fh, self.acquired = fh, True
            fh.seek(0)
            fh.truncate()
            fh.write(f"{os.getpid()}\n")
            fh.flush()
        else:
            fh.close()

    def release(self) -> None:
        if self._fh is not None:
            fh, self._fh = self._fh, None
            try:
                fh.seek(0)
                fh.truncate()
            finally:
                fh.close()
            self.acquired = False
            with contextlib.suppress(OSError):
                self.path.unlink()


def _try_lock(fh: IO[str]) -> bool:
    try:
        if os.name == "nt":
            import msvcrt

            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
