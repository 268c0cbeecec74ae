"""The sprint review in the window: the review dialog (table, decisions, live preview,
apply as one undo step, exports), the Sprints menu and the "review it" strip.

The roadmap is a realistic one: three teams, Sprint 14 (Mon 1 – Fri 12 Mar 2027) ended
with some items done, some late, some added after its "Sprint 14 start" baseline, and
"today" the Tuesday after it.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QTreeWidgetItem

from planner.app.actuals import RecordProgress
from planner.app.review import NOTHING_TO_CHANGE
from planner.app.session import PlanSession
from planner.app.settings import config_dir
from planner.domain.edits import AddItem, SetSprints, UpdateItem
from planner.domain.model import CalendarSpec, Dependency, Item, Plan, Sprint, Team
from planner.gui.app import create_main_window
from planner.gui.review_dialog import ReviewDialog
from planner.gui.review_feature import ReviewBanner, SprintSpan, sprint_to_review, started
from planner.gui.review_widgets import DecisionEditor, SayDoBar
from planner.storage.repository import PlanRepository


def D(month: int, day: int) -> date:
    return date(2027, month, day)


TODAY = D(3, 16)  # Tuesday after Sprint 14
SPRINTS = (
    Sprint("Sprint 13", D(2, 15), D(2, 26)),
    Sprint("Sprint 14", D(3, 1), D(3, 12)),
    Sprint("Sprint 15", D(3, 15), D(3, 26)),
    Sprint("Sprint 16", D(3, 29), D(4, 9)),
)
PLAN = Plan(
    "Payments relaunch",
    CalendarSpec(),
    (Team("be", "Backend"), Team("web", "Web"), Team("mob", "Mobile")),
    SPRINTS,
    (
        Item("spike", "Vendor SDK spike", "be", start=D(2, 15), duration=5),
        Item("auth", "Auth service hardening", "be", start=D(3, 1), duration=5),
        Item("pay", "Payments API v2", "be", start=D(3, 1), duration=8),
        Item("hooks", "Webhooks retry queue", "be", start=D(3, 8), duration=5),
        Item("sdk", "Partner SDK", "be", start=D(3, 15), duration=5),
        Item("checkout", "Checkout redesign", "web", start=D(3, 1), duration=7),
        Item("billing", "Billing settings page", "web", start=D(3, 3), duration=6),
        Item("invoices", "Invoice PDF download", "web", start=D(3, 10), duration=3),
        Item("portal", "Partner portal", "web", start=D(3, 15), duration=6, deadline=D(3, 23)),
        Item("push", "Push notifications", "mob", start=D(3, 1), duration=6),
        Item("receipts", "In-app receipts", "mob", start=D(3, 4), duration=6),
        Item("beta", "Mobile beta", "mob", "milestone", start=D(3, 12), duration=0),
        Item(
            "store",
            "App store release",
            "mob",
            "milestone",
            start=D(3, 16),
            duration=0,
            deadline=D(3, 17),
        ),
        Item(
            "launch",
            "Public launch",
            "be",
            "milestone",
            start=D(3, 24),
            duration=0,
            deadline=D(3, 26),
        ),
    ),
    (
        Dependency("hooks", "sdk"),
        Dependency("invoices", "portal"),
        Dependency("receipts", "beta"),
        Dependency("beta", "store", lag=1),
        Dependency("sdk", "launch"),
        Dependency("portal", "launch"),
        Dependency("store", "launch"),
    ),
)


def build_review_roadmap(path: Path) -> Path:
    """The roadmap as Sprint 14 went, written to ``path``: "Sprint 14 start" kept on its
    first day; then Auth, Payments, Checkout, Billing and Push done in it; Webhooks and
    Receipts started and not done; Invoices not started; Accessibility fixes (Web) and
    Crash reporting (Mobile) added after the baseline and done. Sprint 13 is reviewed."""
    repo = PlanRepository.open(path, create=True)
    repo.write_plan(PLAN)
    repo.close()
    s = PlanSession.open(path)
    try:
        assert s.keep_sprint_baselines(D(2, 15)) == ["Sprint 13 start"]
        s.apply(RecordProgress("spike", D(2, 19), done=D(2, 19)))
        s.save_baseline("Sprint 13 review")
        assert s.keep_sprint_baselines(D(3, 1)) == ["Sprint 14 start"]
        s.apply(AddItem(Item("a11y", "Accessibility fixes", "web", start=D(3, 8), duration=3)))
        s.apply(AddItem(Item("crash", "Crash reporting", "mob", start=D(3, 9), duration=3)))
        for item_id, day in (("auth", D(3, 5)), ("push", D(3, 8)), ("checkout", D(3, 9)),
                             ("a11y", D(3, 10)), ("pay", D(3, 11)), ("crash", D(3, 11)),
                             ("billing", D(3, 12))):  # fmt: skip
            s.apply(RecordProgress(item_id, day, done=day))
        s.apply(RecordProgress("hooks", D(3, 8), started=D(3, 8), progress=60))
        s.apply(RecordProgress("receipts", D(3, 4), started=D(3, 4), progress=70))
    finally:
        s.close()
    return path


@pytest.fixture
def roadmap(tmp_path) -> Path:
    return build_review_roadmap(tmp_path / "relaunch.roadmap")


@pytest.fixture
def session(roadmap):
    s = PlanSession.open(roadmap)
    yield s
    s.close()


@pytest.fixture
def dialog(qtbot, session):
    dlg = ReviewDialog(session, "Sprint 14", TODAY)
    qtbot.addWidget(dlg)
    return dlg


@pytest.fixture
def win(qtbot, roadmap, errors):
    w = create_main_window(roadmap, TODAY)
    qtbot.addWidget(w)
    w.show()
    yield w
    if w.review_feature.dialog is not None:
        w.review_feature.dialog.close()
    w.session.close()


def _review_rows(dlg) -> dict[str, list[tuple[str, ...]]]:
    """Team object name -> its rows' (item, review, planned, now) texts."""
    tree, out = dlg.review_tree, {}
    for t in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(t)
        header = tree.itemWidget(top, 0)
        rows = [top.child(k) for k in range(top.childCount())]
        out[header.objectName()] = [tuple(r.text(c) for c in range(4)) for r in rows]
    return out


def _preview(dlg) -> dict[str, list[tuple[str, ...]]]:
    tree, out = dlg.preview_tree, {}
    for t in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(t)
        out[top.text(0)] = [
            tuple(top.child(k).text(c) for c in range(6)) for k in range(top.childCount())
        ]
    return out


# -- the review table -------------------------------------------------------------------
def test_the_table_shows_each_team_review_with_its_dates_and_say_do(dialog):
    assert "Sprint 14" in dialog.head.text()
    assert "compared with the baseline &quot;Sprint 14 start&quot;" in dialog.head.text()
    rows = _review_rows(dialog)
    assert list(rows) == ["team-be", "team-web", "team-mob"]
    assert rows["team-be"] == [
        ("Auth service hardening", "done", "Fri 5 Mar", "done Fri 5 Mar"),
        ("Payments API v2", "done", "Wed 10 Mar", "done Thu 11 Mar"),
        ("Webhooks retry queue", "late", "Fri 12 Mar", "not done, now finishes Fri 12 Mar"),
    ]
    assert rows["team-web"][2:] == [
        ("Invoice PDF download", "late", "Fri 12 Mar", "not done, now finishes Fri 12 Mar"),
        ("Accessibility fixes", "added", "—", "done Wed 10 Mar"),
    ]
    assert [r[:2] for r in rows["team-mob"]] == [
        ("Push notifications", "done"),
        ("In-app receipts", "late"),
        ("Mobile beta", "late"),
        ("Crash reporting", "added"),
    ]
    bars = {b.accessibleName() for b in dialog.review_tree.findChildren(SayDoBar)}
    assert bars == {"Say/do 67 %", "Say/do 33 %"}
    header = dialog.review_tree.findChild(type(dialog.review_tree.itemWidget(
        dialog.review_tree.topLevelItem(2), 0)), "team-mob")  # fmt: skip
    texts = [w.text() for w in header.findChildren(type(dialog.summary))]
    assert "3 planned · 1 done · 2 late · 1 added" in texts and "33 %" in texts


def test_only_rows_not_done_get_a_decision_with_the_choices_they_allow(dialog):
    assert set(dialog.editors) == {"hooks", "invoices", "receipts", "beta"}
    offered = {
        i: [e.choice.itemData(k) for k in range(e.choice.count())]
        for i, e in dialog.editors.items()
    }
    none, done, rem, carry = "none", "done", "remaining", "carry"
    assert offered == {
        "hooks": [none, done, rem],  # started: no carry
        "invoices": [none, done, rem, carry],  # not started (its start merely passed)
        "receipts": [none, done, rem],
        "beta": [none, done, carry],  # a milestone has no days remaining
    }
    hooks = dialog.editor("hooks")
    assert hooks.kind() == none and hooks.date_edit.isHidden() and hooks.days_spin.isHidden()
    assert hooks.done_on() == D(3, 12)  # the sprint's last day (before today)
    assert hooks.date_edit.minimumDate().toPython() == D(3, 8)  # not before it started
    assert dialog.decisions().empty
    assert "Choose a decision" in dialog.status_label.text()
    assert not dialog.apply_button.isEnabled()


# -- decisions and the live preview -------------------------------------------------------
def test_choosing_in_the_widgets_previews_after_a_pause(qtbot, dialog):
    editor = dialog.editor("invoices")
    editor.choice.setCurrentIndex(editor.choice.findData(DecisionEditor.CARRY))
    assert dialog.preview is None  # not yet: debounced
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=2000)
    got = _preview(dialog)
    assert list(got) == ["Backend — 1 item", "Web — 2 items"]  # in the plan's team order
    assert got["Backend — 1 item"] == [
        ("Public launch", "Thu 25 Mar", "Wed 24 Mar", "+1 wd", "", "met, 0 wd slack")]  # fmt: skip
    assert got["Web — 2 items"][0][:5] == (
        "Invoice PDF download (decision)",
        "Mon 15 Mar – Wed 17 Mar",
        "Wed 10 Mar – Fri 12 Mar",
        "+3 wd (+5 cal.)",
        "Sprint 15 instead of Sprint 14",
    )
    portal = got["Web — 2 items"][1]
    assert portal[0] == "Partner portal" and portal[5] == "MISSED by 2 wd (Tue 23 Mar)"
    assert dialog.summary.text() == (
        "3 items move (1 decided, 2 pushed); 2 teams notified; breaks 1 deadline."
    )
    assert "Partner portal" in dialog.problems_label.text()
    assert dialog.apply_button.isEnabled()

    editor.days_spin.setValue(5)  # hidden for a carry: the decision stays a carry
    spin = dialog.editor("receipts")
    spin.choice.setCurrentIndex(spin.choice.findData(DecisionEditor.REMAINING))
    assert spin.days_spin.isVisibleTo(spin)
    spin.days_spin.setValue(2)
    qtbot.waitUntil(lambda: "Mobile — " in str(_preview(dialog)), timeout=2000)
    assert dialog.decisions().carry == ("invoices",)
    assert dialog.decisions().remaining == {"receipts": 2}


def test_decisions_from_the_api_preview_at_once(dialog):
    dialog.set_remaining("hooks", 3)
    dialog.set_done("beta", D(3, 15))
    got = _preview(dialog)
    hooks = got["Backend — 3 items"][0]
    assert hooks[:4] == (
        "Webhooks retry queue (decision)",
        "Mon 8 Mar – Thu 18 Mar",
        "Mon 8 Mar – Fri 12 Mar",
        "+4 wd (+6 cal.)",
    )
    assert [r[0] for r in got["Backend — 3 items"]] == [
        "Webhooks retry queue (decision)", "Partner SDK", "Public launch"]  # fmt: skip
    assert got["Mobile — 1 item"] == [
        (
            "Mobile beta (decision)",
            "Mon 15 Mar",
            "Fri 12 Mar",
            "+1 wd (+3 cal.)",
            "Sprint 15 instead of Sprint 14",
            "",
        )
    ]
    assert dialog.summary.text() == "4 items move (2 decided, 2 pushed); 2 teams notified."
    assert not dialog.problems_label.isVisibleTo(dialog)
    dialog.clear_decision("beta")
    assert list(_preview(dialog)) == ["Backend — 3 items"]


def test_a_refusal_is_one_line_in_the_dialog(qtbot, session):
    session.apply(SetSprints(SPRINTS[:2]))  # no sprint after Sprint 14
    dlg = ReviewDialog(session, "Sprint 14", TODAY)
    qtbot.addWidget(dlg)
    dlg.set_carry("invoices")
    text = dlg.status_label.text()
    assert text == "no sprint after 'Sprint 14' for 'Web'"
    assert dlg.status_label.isVisibleTo(dlg) and "\n" not in text
    assert dlg.preview is None and not dlg.apply_button.isEnabled()
    assert dlg.apply() is None  # asked anyway: refused the same way, nothing applied
    assert dlg.status_label.text() == text
    assert session.undo_status().undo == "Edit sprints"


# -- applying -------------------------------------------------------------------------------
def _open_from_menu(win, sprint: str) -> ReviewDialog:
    action = next(a for a in win.review_feature.review_actions() if a.data() == sprint)
    action.trigger()
    dlg = win.review_feature.dialog
    assert isinstance(dlg, ReviewDialog) and dlg.isVisible() and not dlg.isModal()
    return dlg


def test_apply_is_one_edit_with_notices_and_a_baseline_and_one_undo(qtbot, win):
    s = win.session
    before, told = s.plan, {n.id for n in s.notices()}
    steps = s.undo_counts()[0]
    dlg = _open_from_menu(win, "Sprint 14")
    dlg.set_remaining("hooks", 3)
    dlg.set_carry("invoices")
    dlg.set_done("beta", D(3, 15))
    qtbot.keyClicks(dlg.reason_edit, "vendor sandbox down")
    qtbot.waitUntil(lambda: not dlg._timer.isActive(), timeout=2000)
    qtbot.mouseClick(dlg.apply_button, Qt.MouseButton.LeftButton)

    assert s.undo_counts()[0] == steps + 1
    assert s.undo_status().undo == "Sprint review: Sprint 14"
    assert s.plan.item("hooks").duration == 9  # Mon 8 – Thu 18 Mar
    assert s.plan.item("invoices").start == D(3, 15)
    assert s.plan.item("beta").done and s.plan.item("beta").actual_finish == D(3, 15)
    new = [n for n in s.notices() if n.id not in told]
    assert sorted(n.team for n in new) == ["be", "mob", "web"]  # one notice per team moved
    assert {n.reason for n in new} == {"Sprint review of Sprint 14: vendor sandbox down"}
    assert "Sprint 14 review" in {b.name for b in s.baselines()}
    assert "Applied 'Sprint review: Sprint 14'" in dlg.status_label.text()
    assert set(dlg.editors) == {"hooks", "invoices", "receipts"}  # beta is done now
    assert dlg.decisions().empty and dlg.reason_edit.text() == ""
    assert win.undo_history.undo_action.text() == "&Undo Sprint review: Sprint 14"
    assert not win.review_feature.banner.isVisibleTo(win)  # Sprint 14 is reviewed

    # Ctrl+Z in the main window undoes the whole review; the open dialog follows
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=2000)
    win.view.setFocus()
    qtbot.keyClick(win.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert s.plan == before
    assert {n.id for n in s.notices()} == told  # the review's notices are withdrawn
    assert "beta" in dlg.editors
    assert _review_rows(dlg)["team-mob"][2][1] == "late"


def test_a_review_applied_twice_says_nothing_changes(dialog, session):
    dialog.set_done("beta", D(3, 15))
    assert dialog.apply() is not None
    # the window shows the same decision again only if the user makes one; here via API
    dialog.reload()
    assert "beta" not in dialog.editors
    dialog.set_remaining("hooks", 1)
    assert dialog.preview is not None  # a new decision previews
    dialog.clear_decision("hooks")
    assert dialog.status_label.text().startswith("Choose a decision")
    assert NOTHING_TO_CHANGE.startswith("the review's decisions")


# -- exports ----------------------------------------------------------------------------------
def test_export_markdown_and_the_slide_through_the_file_dialog(
    qtbot, dialog, tmp_path, monkeypatch
):
    md, png = tmp_path / "s14.md", tmp_path / "s14"  # the .png is added
    answers = iter([(str(md), ""), (str(png), "")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: next(answers))
    qtbot.mouseClick(dialog.markdown_button, Qt.MouseButton.LeftButton)
    text = md.read_text("utf-8")
    assert text.startswith("# Sprint 14 review")
    assert "| Webhooks retry queue | late |" in text
    assert dialog.status_label.text() == f"Wrote {md}"
    qtbot.mouseClick(dialog.slide_button, Qt.MouseButton.LeftButton)
    image = QImage(str(tmp_path / "s14.png"))
    assert (image.width(), image.height()) == (1920, 1080)
    assert not list(tmp_path.glob("*.part"))


def test_the_markdown_after_apply_says_what_the_review_moved(dialog, tmp_path):
    dialog.set_carry("invoices")
    dialog.apply()
    text = dialog.export_markdown(tmp_path / "after.md").read_text("utf-8")
    assert "## What the review moved: Sprint review: Sprint 14" in text
    assert "Invoice PDF download: 3 working days later" in text


def test_an_export_that_cannot_be_written_says_so_in_one_line(dialog, tmp_path):
    target = tmp_path / "missing" / "x.md"
    assert dialog.export_markdown(target) is None
    assert dialog.status_label.text().startswith(f"{target}: cannot write")


# -- the menu and the strip ---------------------------------------------------------------------
def test_the_sprints_menu_lists_started_sprints_newest_first(win):
    titles = [m.title() for m in win.menuBar().findChildren(type(win.menu("&File")))
              if m.title()]  # fmt: skip
    assert titles.index("&Sprints") < titles.index("&Help")
    texts = [a.text() for a in win.review_feature.review_actions()]
    assert texts == ["Review Sprint 15…", "Review Sprint 14…", "Review Sprint 13 (reviewed)…"]


def test_the_strip_offers_the_ended_sprint_and_is_not_a_popup(qtbot, win):
    banner = win.review_feature.banner
    assert isinstance(banner, ReviewBanner) and banner.isVisibleTo(win)
    assert banner.label.text() == "<b>Sprint 14</b> ended on Fri 12 Mar —"
    assert banner.parent() is win.centralWidget()
    lay = win.centralWidget().layout()
    between = range(lay.indexOf(banner) + 1, lay.indexOf(win.tabs))  # the closed find strip
    assert between and not any(lay.itemAt(k).widget().isVisible() for k in between)
    assert lay.indexOf(banner) < lay.indexOf(win.tabs)  # right above the timeline
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog)
                and w.isVisible()]  # fmt: skip
    qtbot.mouseClick(banner.review_button, Qt.MouseButton.LeftButton)
    assert win.review_feature.dialog.sprint == "Sprint 14"


def test_not_now_hides_the_strip_for_that_sprint_and_roadmap(qtbot, win, roadmap):
    banner = win.review_feature.banner
    qtbot.mouseClick(banner.later_button, Qt.MouseButton.LeftButton)
    assert not banner.isVisibleTo(win)
    qs = QSettings(str(config_dir() / "review.ini"), QSettings.Format.IniFormat)
    assert qs.value(f"not-now/{win.session.uid}") == "Sprint 14"
    win.review_feature.refresh()  # an edit does not bring it back
    assert not banner.isVisibleTo(win)
    uid = win.session.uid
    win.session.close()
    again = create_main_window(roadmap, TODAY)
    qtbot.addWidget(again)
    try:
        assert again.session.uid == uid
        assert not again.review_feature.banner.isVisibleTo(again)
        assert again.review_feature.review_actions()  # the menu still has the review
    finally:
        again.session.close()
    win.session = PlanSession.open(roadmap)  # for the fixture's teardown


def test_the_strip_waits_for_a_sprint_to_end_and_skips_read_only(qtbot, roadmap):
    during = create_main_window(roadmap, D(3, 12))  # Sprint 14's last day
    qtbot.addWidget(during)
    try:
        assert not during.review_feature.banner.isVisibleTo(during)
    finally:
        during.session.close()
    held = PlanSession.open(roadmap)  # another planner has it: the window is read-only
    reader = create_main_window(roadmap, TODAY)
    qtbot.addWidget(reader)
    try:
        assert reader.read_only
        assert not reader.review_feature.banner.isVisibleTo(reader)
        reader.review_feature.open_review("Sprint 14")
        dlg = reader.review_feature.dialog
        dlg.set_carry("invoices")
        assert dlg.preview is not None and not dlg.apply_button.isEnabled()
        assert "Read-only" in dlg.head.text()
        dlg.close()
    finally:
        reader.session.close()
        held.close()


def test_which_sprints_are_started_and_offered():
    spans = started(PLAN, TODAY)
    assert [s.name for s in spans] == ["Sprint 15", "Sprint 14", "Sprint 13"]
    assert sprint_to_review(PLAN, TODAY, set(), set()) == SprintSpan("Sprint 14", D(3, 1), D(3, 12))
    assert sprint_to_review(PLAN, TODAY, {"Sprint 14"}, set()) is None
    assert sprint_to_review(PLAN, TODAY, set(), {"Sprint 14"}) is None  # not Sprint 13 again
    assert sprint_to_review(PLAN, D(3, 1), set(), set()).name == "Sprint 13"
    assert sprint_to_review(PLAN, D(2, 26), set(), set()) is None
    # team sprints of one name are one review, over all their days
    shared = Plan("x", sprints=(Sprint("C7", D(3, 1), D(3, 5), "a"), Sprint("C7", D(3, 8),
                                D(3, 12), "b")))  # fmt: skip
    assert started(shared, D(3, 1)) == [SprintSpan("C7", D(3, 1), D(3, 12))]
    assert sprint_to_review(shared, D(3, 10), set(), set()) is None  # b's is running


# -- untrusted text -----------------------------------------------------------------------------
def test_titles_and_names_show_as_text(qtbot, session):
    session.apply(UpdateItem.of("hooks", title="<img src=x> & <b>hooks</b>"))
    sprints = tuple(
        Sprint("<i>S14</i> & co", s.start, s.finish) if s.name == "Sprint 14" else s
        for s in session.plan.sprints
    )
    session.apply(SetSprints(sprints))
    dlg = ReviewDialog(session, "<i>S14</i> & co", TODAY)
    qtbot.addWidget(dlg)
    assert "&lt;i&gt;S14&lt;/i&gt; &amp; co" in dlg.head.text()
    top = dlg.review_tree.topLevelItem(0)
    row: QTreeWidgetItem = top.child(2)
    assert row.text(0) == "<img src=x> & <b>hooks</b>"
    assert "&lt;img" in row.toolTip(0)
    dlg.set_remaining("hooks", 2)
    backend = next(rows for name, rows in _preview(dlg).items() if name.startswith("Backend"))
    assert backend[0][0] == "<img src=x> & <b>hooks</b> (decision)"


def test_sprint_names_in_the_menu_and_the_strip_show_as_text(win):
    sprints = tuple(
        Sprint("R&D <b>14</b>", s.start, s.finish) if s.name == "Sprint 14" else s
        for s in win.session.plan.sprints
    )
    assert win.apply_edit(SetSprints(sprints)) is not None
    texts = [a.text() for a in win.review_feature.review_actions()]
    assert texts[1] == "Review R&&D <b>14</b>…"  # '&' is not a mnemonic; menus are plain
    label = win.review_feature.banner.label
    assert label.text() == "<b>R&amp;D &lt;b&gt;14&lt;/b&gt;</b> ended on Fri 12 Mar —"
    assert label.textFormat() == Qt.TextFormat.RichText


def test_without_its_start_baseline_the_schedule_stands_in_and_it_says_so(qtbot, session):
    assert "Sprint 15 start" not in {b.name for b in session.baselines()}  # no window kept it
    dlg = ReviewDialog(session, "Sprint 15", TODAY)
    qtbot.addWidget(dlg)
    assert 'no baseline "Sprint 15 start": the current schedule stands in' in html.unescape(
        dlg.head.text()
    )
    rows = _review_rows(dlg)["team-be"]
    assert ("Partner SDK", "late", "Fri 19 Mar", "not done, now finishes Fri 19 Mar") in rows
