"""Undo and Redo for the window: two actions over the session's stored history.

Undo lives in the core (``PlanSession.undo/redo``, kept in the roadmap file), so it
survives closing the app and is the same history as ``planner undo``. This only shows
it: the actions' text and enabled state come from ``session.undo_status()`` after every
change, and a failed undo leaves both exactly as the file says.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from planner.domain.errors import PlannerError
from planner.domain.text import one_line

__all__ = ["UndoHistory"]


class UndoHistory(QObject):
    """``undo_action`` / ``redo_action`` for menus and toolbars. ``host`` is the window:
    ``session``, ``changes_done(changes)``, ``show_error(text)``."""

    def __init__(self, host) -> None:
        super().__init__(host)
        self.host = host
        self.undo_action = QAction("&Undo", host)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction("&Redo", host)
        self.redo_action.setShortcuts(["Ctrl+Shift+Z", "Ctrl+Y"])
        self.redo_action.triggered.connect(self.redo)
        for act, name in ((self.undo_action, "Undo"), (self.redo_action, "Redo")):
            act.setProperty("help_text", f"{name} the last edit")  # Help's shortcut page
        self._status = None
        self.refresh()

    def refresh(self, *_args) -> None:
        session = self.host.session
        status = None
        if session is not None:
            try:
                status = session.undo_status()
            except PlannerError:
                status = None
        self._status = status
        writable = session is not None and not session.read_only
        for action, label, verb in (
            (self.undo_action, status.undo if status else None, "Undo"),
            (self.redo_action, status.redo if status else None, "Redo"),
        ):
            action.setEnabled(bool(label) and writable)
            action.setText(f"&{verb} {label}" if label else f"&{verb}")
            action.setToolTip(f"{verb} {label}" if label else f"Nothing to {verb.lower()}")

    def undo_text(self) -> str:
        return (self._status.undo or "") if self._status else ""

    def redo_text(self) -> str:
        return (self._status.redo or "") if self._status else ""

    def count(self) -> int:
        """How many steps can be undone."""
        session = self.host.session
        return session.undo_counts()[0] if session is not None else 0

    def undo(self) -> None:
        self._run("undo")

    def redo(self) -> None:
        self._run("redo")

    def _run(self, which: str) -> None:
        session = self.host.session
        if session is None:
            return
        step = self.undo_text() if which == "undo" else self.redo_text()  # "Link A → B"
        try:
            changes = getattr(session, which)(initiator=self)
        except PlannerError as e:
            self.refresh()
            self.host.show_error(str(e))
            return
        self.host.changes_done(changes)  # which refreshes these actions
        if which == "undo" or not changes.notices:  # a redo's notices say so themselves
            done = "Undone" if which == "undo" else "Redone"
            self.host.statusBar().showMessage(f"{done}: {one_line(step)}", 8000)
