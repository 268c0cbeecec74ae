"""Keep ``None``, ``True`` and ``False`` alive under PySide6 6.12 on Python < 3.12.

PySide6/shiboken 6.12 drops one reference to ``None`` on every call that returns
nothing (``QPoint.setX``, ``processEvents``, every ``paint`` override...), as if ``None``
were immortal — which it only is from Python 3.12 (PEP 683). On 3.11 the count reaches
zero after some thousands of calls and the interpreter aborts with "none_dealloc:
deallocating None" (the same was seen for the booleans: "bool_dealloc"). Until the
wheels are fixed we give these singletons a reference count so large that it can't
run out, which is what 3.12 does anyway (immortal objects). Nothing happens on 3.12+.
"""

from __future__ import annotations

import sys

_done = False


def protect_none() -> None:
    global _done
    if _done or sys.version_info >= (3, 12):
        return
    import ctypes

    # ob_refcnt is the first field of every object in release builds of CPython.
    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40
    _done = True
