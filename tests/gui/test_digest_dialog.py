"""The notices digest dialog over a real roadmap file: a team's notices since a date as
text, Markdown (copied) or an .eml draft (saved)."""

from __future__ import annotations

import email
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication

from planner.app.slips import RecordSlip
from planner.domain.jsonio import plan_from_json
from planner.gui.digest_dialog import DigestDialog

TODAY = date(2026, 11, 22)
DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def session(make_session):
    s = make_session(plan_from_json((DATA / "contract-example.json").read_text()))
    s.apply(RecordSlip("A", 3, "vendor sandbox down", TODAY))
    return s


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
    session.acknowledge([r.id for r in session.notices(team="mobile")])
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
