"""``collector_paused``: no cyclic garbage collection while a block runs.

Long work that allocates much and makes no cycles (reading a large file, a forecast's
runs) would set the collector off again and again; on a worker thread a collection can
also destroy Qt objects kept by a cycle off the GUI thread. One counter for the whole
process, so blocks nest and overlap across threads: the collector comes back as it was
when the last of them ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]

_lock = threading.Lock()
_paused = 0  # blocks running with the collector held
_was_on = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the block runs (see the module docstring)."""
    global _paused, _was_on
    with _lock:
        if _paused == 0:
            _was_on = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_on:
                gc.enable()
