"""The app's Send notices (off the GUI thread, against a real SMTP server on 127.0.0.1),
Open notice in mail app (the .eml handed to the desktop), and the opt-in send after
each edit, in the real main window on the sample roadmap."""

from __future__ import annotations

import dataclasses
from datetime import date
from email import message_from_bytes, policy

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from smtp_server import SmtpServer

from planner.app.sample import sample_plan
from planner.app.settings import load_settings
from planner.app.slips import RecordSlip
from planner.gui.app import create_main_window
from planner.gui.notices_dock import ROLE_ID, ROLE_KIND
from planner.storage.repository import PlanRepository

TODAY = date(2026, 11, 22)  # as tests/gui/conftest.py's sample roadmap
CONTACTS = {"be": "be@example.com", "web": "Web <web@example.com>, lead@example.com"}


@pytest.fixture
def window(qtbot, tmp_path, errors):
    """The main window on the sample roadmap, Backend and Web with a contact."""
    plan = sample_plan(TODAY)
    teams = tuple(dataclasses.replace(t, contact=CONTACTS.get(t.id, "")) for t in plan.teams)
    path = tmp_path / "contacts.roadmap"
    PlanRepository.create(path, dataclasses.replace(plan, teams=teams))
    w = create_main_window(path, TODAY)
    w.reason_provider = None
    qtbot.addWidget(w)
    w.show()
    yield w
    w.session.close()


@pytest.fixture
def server(monkeypatch):
    srv = SmtpServer().start()
    monkeypatch.setenv("PLANNER_SMTP_HOST", srv.host)
    monkeypatch.setenv("PLANNER_SMTP_PORT", str(srv.port))
    monkeypatch.setenv("PLANNER_SMTP_SECURITY", "none")
    monkeypatch.setenv("PLANNER_SMTP_FROM", "pm@example.com")
    yield srv
    srv.stop()


def slip(window, item="api", days=3, reason="vendor sandbox down"):
    session = window.session
    changes = window.apply_edit(session.resolve(RecordSlip(item, days, reason, TODAY)))
    assert changes is not None and changes.notices
    return changes


def feature_of(window):
    return window.delivery_feature


def test_the_actions_are_in_the_file_menu_and_the_dock(window):
    names = {a.objectName() for a in window.menu("&File").actions()}
    assert {"send_notices", "open_notice_in_mail_app", "send_notices_after_edit"} <= names
    tree = window.notices_feature.dock.tree
    assert {a.objectName() for a in tree.actions()} >= {"send_notices", "open_notice_in_mail_app"}
    assert not feature_of(window).auto_action.isChecked()  # off by default


def test_send_notices_delivers_off_the_gui_thread_and_reports(window, server, qtbot, errors):
    changes = slip(window, "flows")  # moves Design, Web and Mobile: only Web has a contact
    assert {n.team for n in changes.notices} == {"design", "web", "mobile"}
    feature = feature_of(window)
    assert feature.send_action.text() == "Se&nd notices (3 queued)…"
    with qtbot.waitSignal(feature.send_finished, timeout=10000) as blocker:
        assert feature.send()
        assert feature.is_sending() or blocker.signal_triggered
    report = blocker.args[0]
    assert report.sent == 1 and len(server.received) == 1
    assert len(server.copies_to("web@example.com")) == 1
    assert len(server.copies_to("lead@example.com")) == 1
    assert not feature.is_sending() and feature.send_action.isEnabled()
    assert feature.send_action.text() == "Se&nd notices (2 queued)…"
    queued = {q.notice.team: q.send_error for q in window.session.unsent_notices()}
    assert queued == {"design": "no contact for Design", "mobile": "no contact for Mobile"}
    (text,) = errors
    assert text.startswith("Sent 1; 2 notices of 3 stay queued: no contact for Design\n\n")
    assert "\nWeb <web@example.com, lead@example.com>: [" in text and ": sent" in text
    assert "Mobile: [" in text and ": queued: no contact for Mobile" in text
    with qtbot.waitSignal(feature.send_finished, timeout=10000):
        feature.send()  # again: nothing more goes out
    assert len(server.received) == 1


def test_a_stopped_server_keeps_every_notice_queued_with_one_line(window, server, qtbot, errors):
    slip(window)
    server.stop()
    feature = feature_of(window)
    with qtbot.waitSignal(feature.send_finished, timeout=10000) as blocker:
        feature.send()
    report = blocker.args[0]
    line = f"could not connect to 127.0.0.1:{server.port}: connection refused"
    assert report.sent == 0 and line in report.problem
    assert line in errors[0].splitlines()[0]
    assert all(q.send_error for q in window.session.unsent_notices())


def test_without_settings_the_message_says_where_to_set_them(window, qtbot, errors, monkeypatch):
    monkeypatch.delenv("PLANNER_SMTP_HOST", raising=False)
    slip(window)
    feature = feature_of(window)
    with qtbot.waitSignal(feature.send_finished, timeout=10000):
        feature.send()
    assert "no SMTP server is set up" in errors[0]


def _select_first_notice(window):
    tree = window.notices_feature.dock.tree
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        for j in range(top.childCount()):
            node = top.child(j)
            if node.data(0, ROLE_KIND) == "notice" and top.data(0, ROLE_ID) == "web":
                tree.setCurrentItem(node.child(1))  # an item of the notice
                return node.data(0, ROLE_ID)
    raise AssertionError("no notice of Web in the dock")


def test_open_in_mail_app_hands_a_draft_eml_to_the_desktop(window, monkeypatch, tmp_path):
    monkeypatch.setenv("PLANNER_SMTP_FROM", "pm@example.com")
    slip(window)
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    nid = _select_first_notice(window)
    feature = feature_of(window)
    feature.mail_action.trigger()
    path = feature.last_eml
    assert opened == [QUrl.fromLocalFile(str(path))]
    msg = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert msg["To"] == "Web <web@example.com>, lead@example.com"
    assert msg["X-Unsent"] == "1" and msg["From"] == "pm@example.com"
    assert msg["X-Roadmap-Notice"] == str(nid)
    assert msg["Subject"].startswith("[") and "vendor sandbox down" in msg["Subject"]
    assert "3 working days later" in msg.get_body(("plain",)).get_content()
    assert window.session.unsent_notices()  # handing it over sends nothing


def test_no_mail_program_says_where_the_file_is(window, monkeypatch, errors):
    slip(window)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    _select_first_notice(window)
    assert feature_of(window).open_in_mail_app() is None
    assert errors[0].startswith("No mail program opened the notice. It is saved as ")


def test_open_in_mail_app_without_a_selection_asks_for_one(window, monkeypatch):
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: pytest.fail("opened"))
    assert feature_of(window).open_in_mail_app() is None
    assert "Select a notice" in window.statusBar().currentMessage()


def test_send_after_each_edit_is_opt_in_and_quiet(window, server, qtbot, errors):
    feature = feature_of(window)
    slip(window, days=1)
    assert server.received == [] and not feature.is_sending()  # off: nothing goes out
    feature.auto_action.setChecked(True)
    assert load_settings().send_notices_after_edit
    with qtbot.waitSignal(feature.send_finished, timeout=10000) as blocker:
        slip(window, days=2, reason="second slip")
    assert blocker.args[0].sent >= 2  # both slips' notices to Backend and Web
    assert errors == []  # quiet: the status bar says it
    assert window.statusBar().currentMessage().startswith("Sent ")
    feature.auto_action.setChecked(False)
    assert not load_settings().send_notices_after_edit
