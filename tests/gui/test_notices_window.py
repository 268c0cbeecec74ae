"""Delay notices through the real MainWindow: Record slip, the dock, undo, drag reasons."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMessageBox

from planner.domain.edits import MoveItem
from planner.domain.jsonio import plan_from_json
from planner.gui.app import create_main_window
from planner.gui.slip_dialog import SlipDialog
from planner.storage.repository import PlanRepository

TODAY = date(2026, 11, 22)
DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "contract.roadmap"
    repo = PlanRepository.open(path, create=True)
    repo.write_plan(plan_from_json((DATA / "contract-example.json").read_text()))
    repo.close()
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail(f"message box: {a[2]}"))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail(f"message box: {box.text()}"))
    w = create_main_window(path, TODAY)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.session.close()


def _stored(window, **kw):
    """The notices as another process would read them from the file."""
    repo = PlanRepository.open(window.session.path, read_only=True)
    try:
        return repo.notices(**kw)
    finally:
        repo.close()


def _accept_slip(monkeypatch, days, reason):
    def exec_(dlg):
        dlg.set_days(days)
        dlg.set_reason(reason)
        dlg.accept()
        return dlg.result()

    monkeypatch.setattr(SlipDialog, "exec", exec_)


def _action(window, menu, text):
    return next(a for a in window.menu(menu).actions() if a.text() == text)


def test_record_slip_through_the_window(window, monkeypatch):
    slip = _action(window, "&Item", "Record &slip…")
    others = {k for a in window.findChildren(QAction) if a is not slip for k in a.shortcuts()}
    assert not slip.shortcut().isEmpty() and slip.shortcut() not in others
    assert not slip.isEnabled()
    window.select_item("A")
    assert slip.isEnabled()
    _accept_slip(monkeypatch, 3, "vendor sandbox down")
    slip.trigger()

    stored = _stored(window)
    items = {r.team: [i["id"] for i in r.body["items"]] for r in stored}
    assert items == {"be": ["A", "M", "M2"], "web": ["B", "C", "G"], "mobile": ["E"]}
    assert all(r.reason == "vendor sandbox down" for r in stored)
    assert window.undo_history.undo_text() == "Slip Payments API"

    dock = window.notices_feature.dock
    tops = [dock.tree.topLevelItem(i).text(0) for i in range(dock.tree.topLevelItemCount())]
    assert tops == ["Backend — 1 unread", "Web — 1 unread", "Mobile — 1 unread"]
    receipts = dock.tree.topLevelItem(2).child(0).child(1)
    assert receipts.text(0) == "Receipts"
    dock.tree.itemClicked.emit(receipts, 0)
    assert window.selected_item_id() == "E"

    window.undo_history.undo()
    assert _stored(window) == []
    assert len(_stored(window, include_withdrawn=True)) == 3
    assert all(r.withdrawn for r in _stored(window, include_withdrawn=True))
    assert dock.tree.topLevelItem(0).text(0) == "No notices"
    assert window.session.schedule.dates("A") == (date(2027, 1, 4), date(2027, 1, 8))


def test_notices_toggle_in_the_view_menu(window):
    toggle = _action(window, "&View", "&Notices")
    assert toggle.isCheckable()
    toggle.trigger()
    assert window.notices_feature.dock.isHidden()


def test_drag_reason_goes_into_the_notices(window, monkeypatch):
    monkeypatch.setattr(QInputDialog, "exec", lambda dlg: dlg.setTextValue("team offsite") or 1)
    changes = window.apply_drag_edit(MoveItem("A", date(2027, 1, 11)))
    assert changes is not None and changes.reason == "team offsite"
    assert {r.reason for r in _stored(window)} == {"team offsite"}


def test_cancelling_the_drag_reason_cancels_the_drop(window, monkeypatch):
    monkeypatch.setattr(QInputDialog, "exec", lambda dlg: 0)
    assert window.apply_drag_edit(MoveItem("A", date(2027, 1, 11))) is None
    assert window.undo_history.count() == 0
    assert window.session.schedule.dates("A") == (date(2027, 1, 4), date(2027, 1, 8))


def test_a_title_with_line_breaks_is_one_line_in_the_notices_dock(window, monkeypatch):
    from planner.domain.edits import UpdateItem

    window.apply_edit(UpdateItem.of("E", title="Receipts\nscreen"))
    window.select_item("A")
    _accept_slip(monkeypatch, 3, "vendor sandbox down")
    _action(window, "&Item", "Record &slip…").trigger()
    dock = window.notices_feature.dock
    mobile = dock.tree.topLevelItem(2).child(0)
    assert mobile.child(1).text(0) == "Receipts screen" and mobile.child(1).text(1) == "+3 wd"
    assert "working days" in dock.tree.headerItem().toolTip(1)
