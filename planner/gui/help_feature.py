"""Help > Keyboard shortcuts (F1): the list of every shortcut and gesture.

``install(window)`` puts the action first in the Help menu (before About); the dialog
(planner/gui/help_dialogs.py) reads the window's actions each time it opens, so it
shows the shortcuts of features installed after this one too.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence

from planner.gui.help_dialogs import ShortcutsDialog
from planner.gui.host import WindowHost

__all__ = ["install"]


def install(window: WindowHost) -> None:
    action = QAction("&Keyboard shortcuts", window)  # type: ignore[call-overload]
    action.setObjectName("keyboard_shortcuts")
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    action.setStatusTip("Every shortcut, and what the mouse does on the timeline")
    action.triggered.connect(lambda: ShortcutsDialog(window).exec())  # type: ignore[arg-type]
    menu = window.menu("&Help")
    first = menu.actions()[0] if menu.actions() else None
    menu.insertAction(first, action)
