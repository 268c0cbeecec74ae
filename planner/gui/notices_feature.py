"""Delay notices in the main window: Record slip, the notices dock, drag reasons, alerts.

``install(window)`` adds
- Item > Record slip… (Ctrl+Shift+S unless the window already uses it): the slip
  dialog for the selected item, applied as one undo step;
- the Notices dock (toggle in the View menu); clicking an item there selects it;
- ``window.reason_provider``: before a drag that moves other teams' items, asks for
  an optional reason to send with their notices (Cancel cancels the drop);
- a system-tray message (or a status bar message) whenever an edit creates notices.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QStyle,
    QSystemTrayIcon,
)

from planner.app.changes import ChangeKind
from planner.app.notices import other_teams
from planner.domain.errors import PlannerError
from planner.domain.text import name_list
from planner.gui.host import WindowHost
from planner.gui.notices_dock import NoticesDock
from planner.gui.plain_text import show_message, text_prompt, tray_text
from planner.gui.slip_dialog import SlipDialog

__all__ = ["NoticesFeature", "install"]

SLIP_SHORTCUTS = ("Ctrl+Shift+S", "Ctrl+Alt+S")


_DOCK_KINDS = frozenset({ChangeKind.NOTICES, ChangeKind.TEAMS, ChangeKind.ITEMS})


def install(window: WindowHost) -> None:
    window.notices_feature = NoticesFeature(window)


def _taken_shortcuts(window: WindowHost) -> set[str]:
    return {k.toString() for a in window.findChildren(QAction) for k in a.shortcuts()}


class NoticesFeature(QObject):
    """The wiring between the window, the slip dialog, the dock and the tray."""

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window)
        self.window = window
        self.tray: QSystemTrayIcon | None = None
        self.last_message = ""

        self.dock = NoticesDock(window.session, window.today, window)
        window.add_dock(self.dock, Qt.DockWidgetArea.RightDockWidgetArea)
        toggle = self.dock.toggleViewAction()
        toggle.setText("&Notices")
        toggle.setStatusTip("Show the delay notices sent to each team")
        window.menu("&View").addAction(toggle)
        self.dock.item_activated.connect(window.select_item)

        self.slip_action = QAction("Record &slip…", window)
        self.slip_action.setObjectName("record_slip")
        self.slip_action.setStatusTip(
            "Say the selected item will finish later, and why; every affected team gets a notice"
        )
        taken = _taken_shortcuts(window)
        free = next((k for k in SLIP_SHORTCUTS if k not in taken), None)
        if free:
            self.slip_action.setShortcut(QKeySequence(free))
        self.slip_action.triggered.connect(self.record_slip)
        window.menu("&Item").addAction(self.slip_action)

        window.reason_provider = self.reason_for_drag
        window.changes_applied.connect(self._on_changes)
        self.dock.changes_made.connect(window.changes_done)
        window.session_changed.connect(self._on_session)
        window.item_selected.connect(lambda _id: self._update_action())
        self._update_action()

    # -- Record slip ------------------------------------------------------------------------
    def _update_action(self) -> None:
        session = self.window.session
        ok = (
            session is not None
            and not session.read_only
            and self.window.selected_item_id() is not None
        )
        self.slip_action.setEnabled(ok)

    def record_slip(self) -> None:
        """Open the slip dialog for the selected item; apply it if accepted."""
        session, item_id = self.window.session, self.window.selected_item_id()
        if session is None or item_id is None or not session.plan.has_item(item_id):
            return
        dlg = SlipDialog(session, item_id, self.window.today, self.window)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            edit = session.resolve(dlg.result_request())
        except PlannerError as e:
            show_message(self.window, "Record slip", str(e))
            return
        self.window.apply_edit(edit)

    # -- drags --------------------------------------------------------------------------------
    def reason_for_drag(self, edit, preview) -> str | None:
        """'' without asking unless the drag moves items of other teams (and the
        settings ask), the teams then told (planner/app/notices.py ``other_teams``); the
        typed reason; None if the user cancels the drop."""
        if not getattr(self.window.settings, "ask_reason_on_drag", True):
            return ""
        plan = self.window.session.plan
        others = other_teams(plan, edit, preview.moved)  # the rule the notices follow
        if not others:
            return ""
        names = [plan.team_name(t) for t in others]
        return self.ask_reason(edit.describe(plan), names)

    def ask_reason(self, what: str, team_names: list[str]) -> str | None:
        """The small dialog of a drag that moves other teams' items."""
        dlg = text_prompt(
            self.window,
            "Reason for the change",
            f"{what}: this also moves items of {name_list(team_names, 'team')}, who will "
            "get a notice.\nReason (optional):",
        )
        try:
            ok = dlg.exec() == QDialog.DialogCode.Accepted
            return dlg.textValue().strip() if ok else None
        finally:
            dlg.deleteLater()

    # -- alerts -------------------------------------------------------------------------------
    def _on_session(self, session) -> None:
        self.dock.set_session(session)
        self._update_action()

    def _on_changes(self, changes) -> None:
        # Team names, item titles and the notices themselves are what the dock shows;
        # its own acknowledgements it has shown already.
        if changes.initiator is not self.dock and changes.kinds & _DOCK_KINDS:
            self.dock.refresh(teams=ChangeKind.TEAMS in changes.kinds)
        self._update_action()
        if changes is not None and changes.notices:
            self.notify(changes)

    def notify(self, changes) -> None:
        """Tell the user that notices were created: a tray message where a tray exists
        (and the settings allow it), else a status bar message."""
        plan = self.window.session.plan
        names = name_list([plan.team_name(n.team or None) for n in changes.notices], "team")
        n = len(changes.notices)
        title = f"{n} team{'s' if n != 1 else ''} notified: {changes.label}"
        body = f"{names}" + (f" — {changes.reason}" if changes.reason else "")
        self.last_message = f"{title} ({body})"
        use_tray = getattr(self.window.settings, "tray_notifications", True)
        if use_tray and QSystemTrayIcon.isSystemTrayAvailable():
            tray = self._tray()
            tray.showMessage(tray_text(title), tray_text(body),
                             QSystemTrayIcon.MessageIcon.Information, 8000)  # fmt: skip
        else:
            self.window.statusBar().showMessage(self.last_message, 10000)

    def _tray(self) -> QSystemTrayIcon:
        if self.tray is None:
            icon = self.window.windowIcon()
            if icon.isNull():
                icon = self.window.style().standardIcon(
                    QStyle.StandardPixmap.SP_MessageBoxInformation
                )
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip("Roadmap Planner — delay notices")
            self.tray.messageClicked.connect(self.show_dock)
            self.tray.activated.connect(lambda _reason: self.show_dock())
        self.tray.show()
        return self.tray

    def show_dock(self) -> None:
        self.dock.show()
        self.dock.raise_()
        self.window.activateWindow()
