"""The notices dock and the digest dialog over a real roadmap file."""

from __future__ import annotations

import email
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QTreeWidgetItemIterator

from planner.app.session import PlanSession
from planner.app.slips import RecordSlip
from planner.domain.jsonio import plan_from_json
from planner.gui.notices_dock import DigestDialog, NoticesDock

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
    assert [r.team for r in session.repo.notices()] == ["be", "mobile"]
    assert _tops(dock) == ["Backend — 1 unread", "Mobile — 1 unread"]
    dock.show_acknowledged.setChecked(True)
    assert _tops(dock) == ["Backend — 1 unread", "Web", "Mobile — 1 unread"]
    web_notice = dock.tree.topLevelItem(1).child(0)
    assert web_notice.text(0) == "✓ Payments API slipped"
    assert not web_notice.font(0).bold()
    assert dock.windowTitle() == "Notices (2 unread)"


def test_acknowledge_all(qtbot, dock, session):
    qtbot.mouseClick(dock.ack_all_button, Qt.MouseButton.LeftButton)
    assert session.repo.notices() == []
    assert len(session.repo.notices(include_acknowledged=True)) == 3
    assert _tops(dock) == ["No notices"]
    assert not dock.ack_all_button.isEnabled()
    assert dock.windowTitle() == "Notices"


def test_undo_withdraws_and_the_dock_forgets(dock, session):
    changes = session.apply(RecordSlip("C", 1, "review ran over", TODAY))
    dock.refresh()
    assert _tops(dock)[1] == "Web — 2 unread"
    session.undo(changes)
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


# -- digest ---------------------------------------------------------------------------------


@pytest.fixture
def digest_dialog(qtbot, session):
    dlg = DigestDialog(session, TODAY, "mobile")
    qtbot.addWidget(dlg)
    return dlg


def test_digest_defaults_to_this_week_for_the_team(digest_dialog):
    assert digest_dialog.team() == "mobile"
    assert digest_dialog.since() == date(2026, 11, 16)  # the Monday of today's week


def test_digest_text_and_copy(digest_dialog):
    digest_dialog.set_options(since=None, fmt="text")
    text = digest_dialog.digest_text()
    assert text.splitlines()[0] == "Mobile: 1 change"
    assert "Receipts: 3 working days later" in text
    assert digest_dialog.preview.toPlainText() == text
    digest_dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == text


def test_digest_markdown_all_teams(digest_dialog):
    digest_dialog.set_options(team=None, since=None, fmt="md")
    md = digest_dialog.digest_text()
    assert [ln for ln in md.splitlines() if ln.startswith("## ")] == [
        "## Backend: 1 change",
        "## Web: 1 change",
        "## Mobile: 1 change",
    ]


def test_digest_since_a_later_date_is_empty(digest_dialog):
    digest_dialog.set_options(since=date(2999, 1, 1), fmt="text")
    assert digest_dialog.digest_text() == "Changes since Tue 1 Jan 2999\n\nNo notices.\n"
    assert digest_dialog.status.text() == "0 notices"


def test_digest_excludes_acknowledged_on_request(digest_dialog, session):
    session.repo.acknowledge_notices([r.id for r in session.repo.notices(team="mobile")])
    digest_dialog.set_options(since=None, include_ack=False)
    assert digest_dialog.rows() == []
    digest_dialog.set_options(include_ack=True)
    assert len(digest_dialog.rows()) == 1


def test_digest_saves_an_eml(tmp_path, digest_dialog):
    digest_dialog.set_options(since=None, fmt="eml")
    assert not digest_dialog.copy_button.isEnabled()
    assert digest_dialog.preview.toPlainText().startswith(
        "Subject: [Contract example] Roadmap changes for Mobile\n\nMobile: 1 change"
    )
    digest_dialog.save_to(tmp_path / "mobile")
    saved = tmp_path / "mobile.eml"
    assert digest_dialog.saved_path == saved
    msg = email.message_from_bytes(saved.read_bytes())
    assert msg["Subject"] == "[Contract example] Roadmap changes for Mobile"
    types = [p.get_content_type() for p in msg.walk() if not p.is_multipart()]
    assert types == ["text/plain", "text/markdown"]
    assert "Receipts" in msg.get_payload()[0].get_payload(decode=True).decode()
