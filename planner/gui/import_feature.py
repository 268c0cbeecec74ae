"""File > Import… (Ctrl+I): a roadmap from another tool's file, previewed first.

``install(window)`` adds the action to the File menu, after Open Recent. It asks for a file
(every format ``planner import`` reads: our JSON and CSV, MS Project XML, GanttProject,
Jira and Linear CSV exports), then shows the import dialog (planner/gui/import_dialog.py),
which reads it off the GUI thread and previews the plan and its fidelity report. What
the user chooses there happens here: a roadmap created from it opens in the window; a
plan that replaces the open roadmap's is applied through the window's ``apply_edit`` as
one ``ReplacePlan`` edit, as ``planner import`` over an existing roadmap does, so Undo
takes it back. Cancel writes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog

from planner.domain.edits import ReplacePlan
from planner.gui.host import WindowHost

if TYPE_CHECKING:
    from planner.gui.import_dialog import ImportDialog

__all__ = ["ImportFeature", "install"]

SHORTCUT = "Ctrl+I"


def install(window: WindowHost) -> None:
    window.import_feature = ImportFeature(window)  # type: ignore[attr-defined]


class ImportFeature(QObject):
    """The action, the file dialog and what the import dialog's choice does. ``dialog``
    is the import dialog while it is open; ``last_folder`` where the last file came from."""

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]  # the window is a QMainWindow
        self.window = window
        self.dialog: ImportDialog | None = None
        self.last_folder: str = ""
        self.action = QAction("&Import…", self)
        self.action.setObjectName("import")
        self.action.setStatusTip(
            "Make a roadmap from a JSON, CSV, MS Project, GanttProject, Jira or Linear file"
        )
        taken = {k.toString() for a in window.findChildren(QAction) for k in a.shortcuts()}
        if SHORTCUT not in taken:
            self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.triggered.connect(self.choose_file)
        menu = window.menu("&File")
        actions = menu.actions()
        # with the ways to open a roadmap: after Open Recent (a submenu), or before Quit
        opening = [k for k, a in enumerate(actions) if a.menu() is not None]
        separators = [a for a in actions if a.isSeparator()]
        if opening and opening[0] + 1 < len(actions):
            menu.insertAction(actions[opening[0] + 1], self.action)
        elif separators:
            menu.insertAction(separators[-1], self.action)
        else:
            menu.addAction(self.action)

    def choose_file(self) -> None:
        """Ask for a file to import, then preview it."""
        from planner.gui.import_dialog import IMPORT_FILTERS, source_of_filter

        session = self.window.session
        start = self.last_folder or (
            str(Path(session.path).parent) if session is not None and session.path else ""
        )
        path, selected = QFileDialog.getOpenFileName(
            self.window,  # type: ignore[arg-type]  # the window is a QMainWindow
            "Import a plan",
            start,
            IMPORT_FILTERS,
        )
        if path:
            self.last_folder = str(Path(path).parent)
            self.preview(Path(path), source_of_filter(selected))

    def preview(self, path: Path, source: str | None = None) -> None:
        """Show the import dialog for ``path`` (``source``: a CSV shape to offer when its
        header gives no hint) and do what the user chooses there."""
        from planner.gui.import_dialog import ImportDialog

        w = self.window
        session = w.session
        writable = session is not None and not session.read_only
        self.dialog = dialog = ImportDialog(
            path,
            source=source,
            replace_to=session.plan.name if writable and session is not None else None,
            open_path=Path(session.path) if session is not None and session.path else None,
            parent=w,  # type: ignore[arg-type]  # the window is a QMainWindow
        )
        try:
            if not dialog.exec():
                return
            if dialog.created_path is not None:
                if w.open_file(dialog.created_path):
                    w.statusBar().showMessage(
                        f"Imported {path.name} as {dialog.created_path}", 8000
                    )
            elif dialog.replace_requested and dialog.result_ is not None:
                edit = ReplacePlan(
                    dialog.result_.plan, "Import", reason=f"imported from {path.name}"
                )
                if w.apply_edit(edit) is not None:
                    w.statusBar().showMessage(f"Imported {path.name}: Undo takes it back", 8000)
        finally:
            self.dialog = None
            dialog.deleteLater()
