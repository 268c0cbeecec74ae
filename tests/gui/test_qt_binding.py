"""Guard against a Qt binding that leaks references to None (PySide6 6.12.0 on 3.11).

On Python < 3.12 ``None`` is not immortal: a binding that drops a reference on every
void call makes the app abort after a few thousand calls ("none_dealloc"). The
project pins PySide6 below 6.12 on those Pythons; this test fails if a broken
binding is installed anyway.
"""

import sys

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QWidget


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from 3.12")
def test_void_calls_keep_none_alive(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    p = QPoint()
    before = sys.getrefcount(None)
    for i in range(500):
        p.setX(i)
        w.setEnabled(True)
    assert sys.getrefcount(None) - before > -100
