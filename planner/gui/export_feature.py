"""File > Export… (Ctrl+E): the export dialog for the window's current roadmap.

The dialog module (and with it matplotlib) is imported only when the action runs, so
the window starts without them.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from planner.gui.host import WindowHost

__all__ = ["ExportFeature", "install"]

SHORTCUT = "Ctrl+E"


def install(window: WindowHost) -> None:
    window.export_feature = ExportFeature(window)


class ExportFeature(QObject):
    def __init__(self, window: WindowHost) -> None:
        super().__init__(window)
        self.window = window
        self.dialog = None
        self.action = QAction("&Export…", window)
        self.action.setObjectName("export")
        self.action.setStatusTip("Export the roadmap as an image, PDF, calendar or CSV")
        taken = {k.toString() for a in window.findChildren(QAction) for k in a.shortcuts()}
        if SHORTCUT not in taken:
            self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.triggered.connect(self.open_dialog)
        menu = window.menu("&File")
        separators = [a for a in menu.actions() if a.isSeparator()]
        if separators:  # above the last group (Quit)
            menu.insertAction(separators[-1], self.action)
        else:
            menu.addAction(self.action)

    def open_dialog(self) -> None:
        from planner.gui.export_dialog import ExportDialog

        w = self.window
        if w.session is None:
            return
        self.dialog = ExportDialog(w.session, w.settings, w.today, w)
        self.dialog.exported.connect(
            lambda path: w.statusBar().showMessage(f"Exported {path}", 8000)
        )
        self.dialog.exec()
        self.dialog = None
