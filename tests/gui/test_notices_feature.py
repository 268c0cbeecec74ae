"""notices_feature.install on a window that keeps the main window contract.

``ContractWindow`` is the smallest real QMainWindow offering what common.md promises
(apply_edit through the real undo command, the signals, menus, docks); the feature is
driven through its real actions and dialogs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QInputDialog, QMainWindow

from planner.app.settings import Settings
from planner.domain.edits import MoveItem
from planner.domain.errors import PlannerError
from planner.domain.jsonio import plan_from_json
from planner.gui import notices_feature
from planner.gui.slip_dialog import SlipDialog
from planner.gui.undo import UndoHistory

TODAY = date(2026, 11, 22)
DATA = Path(__file__).resolve().parents[1] / "data"


class ContractWindow(QMainWindow):
    session_changed = Signal(object)
    changes_applied = Signal(object)
    item_selected = Signal(object)

    def __init__(self, session, today):
        super().__init__()
        self.session, self.today, self.settings = session, today, Settings()
        self.undo_history = UndoHistory(self)
        self.reason_provider = None
        self.errors: list[str] = []
        self._selected = None
        self._menus = {}

    def apply_edit(self, edit):
        try:
            changes = self.session.apply(edit)
        except PlannerError as e:
            self.show_error(str(e))
            return None
        self.changes_done(changes)
        return changes

    def changes_done(self, changes):
        self.undo_history.refresh()
        self.changes_applied.emit(changes)

    def show_error(self, message):
        self.errors.append(message)

    def select_item(self, item_id):
        self._selected = item_id
        self.item_selected.emit(item_id)

    def selected_item_id(self):
        return self._selected

    def menu(self, title):
        if title not in self._menus:
            self._menus[title] = self.menuBar().addMenu(title)
        return self._menus[title]

    def add_dock(self, dock, area):
        self.addDockWidget(area, dock)


@pytest.fixture
def window(qtbot, make_session):
    session = make_session(plan_from_json((DATA / "contract-example.json").read_text()))
    w = ContractWindow(session, TODAY)
    qtbot.addWidget(w)
    notices_feature.install(w)
    w.show()
    return w


def _accept_slip(monkeypatch, days, reason):
    def exec_(dlg):
        dlg.set_days(days)
        dlg.set_reason(reason)
        dlg.accept()
        return dlg.result()

    monkeypatch.setattr(SlipDialog, "exec", exec_)


def test_record_slip_needs_a_selected_item(window):
    action = window.notices_feature.slip_action
    assert action in window.menu("&Item").actions()
    assert action.shortcut().toString() == "Ctrl+Shift+S"
    assert not action.isEnabled()
    window.select_item("A")
    assert action.isEnabled()


def test_record_slip_writes_notices_and_undo_withdraws_them(window, monkeypatch):
    feature = window.notices_feature
    _accept_slip(monkeypatch, 3, "vendor sandbox down")
    window.select_item("A")
    feature.slip_action.trigger()
    repo = window.session
    assert sorted(r.team for r in repo.notices()) == ["be", "mobile", "web"]
    assert window.undo_history.count() == 1
    assert window.undo_history.undo_text() == "Slip Payments API"
    assert feature.dock.windowTitle() == "Notices (3 unread)"
    assert "3 teams notified: Slip Payments API" in feature.last_message
    window.undo_history.undo()
    assert repo.notices() == []
    assert len(repo.notices(include_withdrawn=True)) == 3
    assert feature.dock.windowTitle() == "Notices"
    window.undo_history.redo()
    assert len(repo.notices()) == 3


def test_cancelled_slip_changes_nothing(window, monkeypatch):
    monkeypatch.setattr(SlipDialog, "exec", lambda dlg: QDialog.DialogCode.Rejected)
    window.select_item("A")
    window.notices_feature.slip_action.trigger()
    assert window.undo_history.count() == 0
    assert window.session.notices() == []


def test_dock_selects_the_clicked_item(window):
    dock = window.notices_feature.dock
    assert dock.parent() is window
    dock.item_activated.emit("E")
    assert window.selected_item_id() == "E"


def test_drag_reason_asked_only_when_other_teams_move(window, monkeypatch):
    asked = []

    def exec_(dlg):
        asked.append(dlg.labelText())
        dlg.setTextValue("team offsite")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QInputDialog, "exec", exec_)
    provider = window.reason_provider
    session = window.session
    # A later by a week pushes Web and Mobile items: ask, naming those teams
    edit = MoveItem("A", date(2027, 1, 11))
    assert provider(edit, session.preview(edit)) == "team offsite"
    assert asked[0].startswith("Move Payments API: this also moves items of Web and Mobile,")
    # D by a day moves only D itself (slack): no question
    edit = MoveItem("D", date(2027, 1, 19))
    assert provider(edit, session.preview(edit)) == ""
    assert len(asked) == 1
    window.settings.ask_reason_on_drag = False
    edit = MoveItem("A", date(2027, 1, 11))
    assert provider(edit, session.preview(edit)) == ""
    assert len(asked) == 1


def test_cancel_in_the_drag_reason_cancels_the_drop(window, monkeypatch):
    monkeypatch.setattr(QInputDialog, "exec", lambda dlg: QDialog.DialogCode.Rejected)
    edit = MoveItem("A", date(2027, 1, 11))
    assert window.reason_provider(edit, window.session.preview(edit)) is None


def test_the_drag_reason_names_a_few_teams_and_keeps_its_buttons_on_screen(window, qtbot):
    """A drop on a large plan moves items of 44 teams: the question names three and
    counts the rest, wraps, and its OK button stays inside a dialog of bounded width."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit

    from planner.gui.plain_text import PROMPT_WIDTH

    seen = {}

    def answer():
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, QInputDialog)
        qtbot.waitExposed(dlg)
        seen["text"], seen["width"] = dlg.labelText(), dlg.width()
        ok = dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        seen["ok_inside"] = dlg.rect().contains(ok.geometry().translated(ok.parent().pos()))
        qtbot.keyClicks(dlg.findChild(QLineEdit), "offsite")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    names = [f"Team {k}" for k in range(2, 46)]
    QTimer.singleShot(0, answer)
    assert window.notices_feature.ask_reason("Move Payments API", names) == "offsite"
    assert "items of Team 2, Team 3, Team 4 and 41 more teams, who" in seen["text"]
    assert "Team 5" not in seen["text"]
    assert seen["width"] <= PROMPT_WIDTH
    assert seen["ok_inside"]
    # a title without a space to wrap at keeps within the width too
    QTimer.singleShot(0, answer)
    assert window.notices_feature.ask_reason("Move " + "X" * 400, names) == "offsite"
    assert seen["width"] <= PROMPT_WIDTH
    assert seen["ok_inside"]


def test_no_tray_falls_back_to_the_status_bar(window, monkeypatch):
    from PySide6.QtWidgets import QSystemTrayIcon

    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: False))
    window.apply_edit(MoveItem("A", date(2027, 1, 11), reason="team offsite"))
    assert window.statusBar().currentMessage().startswith("3 teams notified: Move Payments API")
    assert "team offsite" in window.statusBar().currentMessage()


def test_tray_message_where_a_tray_exists(window, monkeypatch):
    from PySide6.QtWidgets import QSystemTrayIcon

    shown = []
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    monkeypatch.setattr(QSystemTrayIcon, "showMessage", lambda self, *a: shown.append(a[:2]))
    window.apply_edit(MoveItem("A", date(2027, 1, 11), reason="team offsite"))
    body = "Backend, Web and Mobile — team offsite"
    assert shown == [("3 teams notified: Move Payments API", body)]
    window.settings.tray_notifications = False
    window.apply_edit(MoveItem("A", date(2027, 1, 12), reason="again"))
    assert len(shown) == 1
    assert window.statusBar().currentMessage().startswith("3 teams notified")
