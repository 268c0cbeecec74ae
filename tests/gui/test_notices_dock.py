"""The notices dock over a real roadmap file (the digest dialog: test_digest_dialog.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItemIterator

from planner.app.session import PlanSession
from planner.app.slips import RecordSlip
from planner.domain.jsonio import plan_from_json
from planner.gui.digest_dialog import DigestDialog
from planner.gui.notices_dock import NoticesDock

TODAY = date(2026, 11, 22)
DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def session(make_session):
    s = make_session(plan_from_json((DATA / "contract-example.json").read_text()))
    s.apply(RecordSlip("A", 3, "vendor sandbox down", TODAY))
    return s


@pytest.fixture
def dock(qtbot, session):
    d = NoticesDock(session, TODAY)
    qtbot.addWidget(d)
    d.resize(420, 600)
    d.show()
    return d


def _tops(dock) -> list[str]:
    return [dock.tree.topLevelItem(i).text(0) for i in range(dock.tree.topLevelItemCount())]


def _find(dock, text: str):
    it = QTreeWidgetItemIterator(dock.tree)
    while it.value():
        if it.value().text(0) == text:
            return it.value()
        it += 1
    raise AssertionError(f"no row {text!r}")


def test_grouped_by_team_with_the_items(dock):
    assert _tops(dock) == ["Backend — 1 unread", "Web — 1 unread", "Mobile — 1 unread"]
    mobile = dock.tree.topLevelItem(2)
    notice = mobile.child(0)
    assert notice.text(0) == "Payments API slipped"
    assert notice.font(0).bold()
    assert [notice.child(k).text(0) for k in range(notice.childCount())] == [
        "why: vendor sandbox down",
        "Receipts",
    ]
    assert notice.child(1).text(1) == "+3 wd"
    assert dock.windowTitle() == "Notices (3 unread)"


def test_filter_by_team(dock):
    dock.set_team("web")
    assert _tops(dock) == ["Web — 1 unread"]
    assert [r.team for r in dock.rows] == ["web"]
    dock.set_team(None)
    assert len(_tops(dock)) == 3


def test_clicking_an_item_emits_its_id_and_shows_why(qtbot, dock):
    row = _find(dock, "Receipts")
    rect = dock.tree.visualItemRect(row)
    with qtbot.waitSignal(dock.item_activated) as sig:
        qtbot.mouseClick(dock.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert sig.args == ["E"]
    text = dock.details.text()
    assert "3 working days later (5 calendar days)" in text
    assert "lands in Sprint 2 instead of Sprint 1" in text
    assert "pushed by Billing settings ← Payments API (the slip) — vendor sandbox down" in text


def test_clicking_a_notice_selects_its_root(qtbot, dock):
    with qtbot.waitSignal(dock.item_activated) as sig:
        dock.tree.itemActivated.emit(_find(dock, "Payments API slipped"), 0)
    assert sig.args == ["A"]


def test_acknowledge_selected_then_show_acknowledged(qtbot, dock, session):
    dock.tree.setCurrentItem(dock.tree.topLevelItem(1).child(0))  # the Web notice
    assert dock.ack_button.isEnabled()
    qtbot.mouseClick(dock.ack_button, Qt.MouseButton.LeftButton)
    assert [r.team for r in session.notices()] == ["be", "mobile"]
    assert _tops(dock) == ["Backend — 1 unread", "Mobile — 1 unread"]
    dock.show_acknowledged.setChecked(True)
    assert _tops(dock) == ["Backend — 1 unread", "Web", "Mobile — 1 unread"]
    web_notice = dock.tree.topLevelItem(1).child(0)
    assert web_notice.text(0) == "✓ Payments API slipped"
    assert not web_notice.font(0).bold()
    assert dock.windowTitle() == "Notices (2 unread)"


def test_acknowledge_all(qtbot, dock, session):
    qtbot.mouseClick(dock.ack_all_button, Qt.MouseButton.LeftButton)
    assert session.notices() == []
    assert len(session.notices(include_acknowledged=True)) == 3
    assert _tops(dock) == ["No notices"]
    assert not dock.ack_all_button.isEnabled()
    assert dock.windowTitle() == "Notices"


def test_undo_withdraws_and_the_dock_forgets(dock, session):
    session.apply(RecordSlip("C", 1, "review ran over", TODAY))
    dock.refresh()
    assert _tops(dock)[1] == "Web — 2 unread"
    session.undo()
    dock.refresh()
    assert _tops(dock) == ["Backend — 1 unread", "Web — 1 unread", "Mobile — 1 unread"]


def test_read_only_cannot_acknowledge(qtbot, session):
    path = session.path
    other = PlanSession.open(path, read_only=True)
    try:
        d = NoticesDock(other, TODAY)
        qtbot.addWidget(d)
        d.tree.setCurrentItem(d.tree.topLevelItem(0).child(0))
        assert not d.ack_button.isEnabled()
        assert not d.ack_all_button.isEnabled()
        assert d.digest_button.isEnabled()
    finally:
        other.close()


def test_set_session_none_is_empty(dock):
    dock.set_session(None)
    assert _tops(dock) == ["No roadmap open"]
    assert not dock.digest_button.isEnabled()


def test_digest_button_opens_the_digest_for_the_chosen_team(dock, monkeypatch):
    opened = []
    monkeypatch.setattr(DigestDialog, "exec", lambda dlg: opened.append(dlg) or 0)
    dock.set_team("mobile")
    dock.digest_button.click()
    assert len(opened) == 1
    assert opened[0].team() == "mobile"
    assert "Receipts" in opened[0].digest_text()
