"""Negotiated deadlines in the desktop app (issue 11), driven through the real widgets:
Edit > Stakeholders… and the Teams dialog's contact, the Deadlines tab (rows, status,
forecast, selection, the Propose / Commit / Agree dialogs and the context menu), the
inspector's "Deadline negotiation" group, and the timeline's target, commitment and
agreed marks with their tooltips. Every step is one undo step saved to the file.

The roadmap is the sample one (today Sun 22 Nov 2026 in its 2nd sprint) with a history
of done tasks (so the forecast has a spread), three stakeholders and a negotiation in
every status: API docs out agreed, Backend beta missed (agreed Wed 9 Dec, scheduled Fri
11 Dec), Design handoff and General availability at risk with the forecast on, Web
launch committed, Store launch proposed.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import date

import pytest
from PySide6.QtCore import QDate, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QTextDocumentFragment
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QDockWidget,
    QGraphicsSceneHelpEvent,
    QMessageBox,
)

from planner.app.deadlines import agree_date, commit_date, propose_date, watch_item
from planner.app.sample import sample_plan
from planner.app.session import PlanSession
from planner.domain.edits import SetStakeholders, SetTeams
from planner.domain.model import Plan, Stakeholder
from planner.gui.app import create_main_window
from planner.gui.deadlines_view import COL, ID_ROLE, STATUS_COLORS
from planner.gui.negotiation_dialog import NegotiationDialog, recorded_at, when_text
from planner.gui.plan_dialogs import TeamsDialog
from planner.gui.stakeholders_dialog import CONTACT, ID, NAME
from planner.gui.timeline_items import TARGET
from planner.scheduling.calendar import WorkCalendar
from planner.scheduling.propagate import schedule_plan
from planner.storage.repository import PlanRepository
from tests.gui.conftest import home_view

TODAY = date(2026, 11, 22)
# How long each done task took, over its estimate (all finished before TODAY).
TOOK = {"disc": 1.0, "flows": 1.5, "wire": 1.2, "ds": 1.4,
        "schema": 1.0, "vendor": 1.5, "auth": 1.4, "mnav": 1.2}  # fmt: skip
STAKEHOLDERS = (
    Stakeholder("sales", "Sales", "sales@example.com"),
    Stakeholder("marketing", "Marketing", "Marketing team <marketing@example.com>"),
    Stakeholder("support", "Support", "support@example.com"),
)
d = date
# (step, item, date, stakeholder (a proposal), note, when)
STEPS = [
    ("propose", "docs", d(2026, 11, 27), "support", "Help centre articles go live with it",
     "2026-11-09T10:12:00+01:00"),
    ("commit", "docs", d(2026, 11, 30), None, "Needs the API freeze first",
     "2026-11-10T16:40:00+01:00"),
    ("agree", "docs", d(2026, 11, 30), None, "", "2026-11-11T09:05:00+01:00"),
    ("propose", "beta", d(2026, 12, 4), "sales", "Pilot customers were promised early December",
     "2026-11-03T11:00:00+01:00"),
    ("commit", "beta", d(2026, 12, 11), None, "Load testing takes a week",
     "2026-11-04T14:30:00+01:00"),
    ("agree", "beta", d(2026, 12, 9), None, "Split the difference: load tests run alongside",
     "2026-11-05T10:00:00+01:00"),
    ("propose", "handoff", d(2026, 12, 4), "support", "Screens for the training deck",
     "2026-11-06T13:00:00+01:00"),
    ("commit", "handoff", d(2026, 12, 11), None, "", "2026-11-06T15:00:00+01:00"),
    ("agree", "handoff", d(2026, 12, 11), None, "", "2026-11-09T09:00:00+01:00"),
    ("propose", "ga", d(2026, 12, 22), "sales", "Before the holiday freeze",
     "2026-11-12T09:30:00+01:00"),
    ("commit", "ga", d(2026, 12, 29), None, "After the web and store launches",
     "2026-11-13T15:00:00+01:00"),
    ("agree", "ga", d(2026, 12, 29), None, "Sales accepts 29 Dec", "2026-11-16T11:20:00+01:00"),
    ("watch", "ga", None, "support", "", ""),
    ("propose", "weblaunch", d(2026, 12, 18), "marketing", "Campaign e-mails are booked",
     "2026-11-17T10:00:00+01:00"),
    ("commit", "weblaunch", d(2026, 12, 23), None, "QA needs the full week",
     "2026-11-18T17:10:00+01:00"),
    ("propose", "store", d(2026, 12, 18), "marketing", "Same day as the web launch",
     "2026-11-19T09:45:00+01:00"),
]  # fmt: skip
NEGOTIATED = ["handoff", "docs", "beta", "weblaunch", "store", "ga"]  # in plan order


def negotiated_plan(today: date = TODAY) -> Plan:
    """The sample roadmap with the history of TOOK, the stakeholders and STEPS."""
    plan = sample_plan(today)
    sched = schedule_plan(plan)
    cal = WorkCalendar(plan.calendar)
    items = []
    for it in plan.items:
        if it.id in TOOK:
            start = cal.start_index(sched.dates(it.id)[0])
            took = math.ceil(it.duration * TOOK[it.id])
            it = dataclasses.replace(it, done=True, actual_start=cal.date_of(start),
                                     actual_finish=cal.date_of(start + took - 1))  # fmt: skip
        items.append(it)
    teams = tuple(dataclasses.replace(t, contact=f"{t.id}@example.com") for t in plan.teams)
    plan = dataclasses.replace(plan.with_items(items), stakeholders=STAKEHOLDERS, teams=teams)
    for kind, item_id, day, by, note, when in STEPS:
        if kind == "propose":
            edit = propose_date(plan, item_id, day, by, note=note, when=when)
        elif kind == "commit":
            edit = commit_date(plan, item_id, day, note=note, when=when)
        elif kind == "agree":
            edit = agree_date(plan, item_id, day, note=note, when=when)
        else:
            edit = watch_item(plan, item_id, by)
        plan = edit.apply(plan)
    return plan


@pytest.fixture
def roadmap(tmp_path):
    path = tmp_path / "Negotiated.roadmap"
    repo = PlanRepository.open(path, create=True)
    repo.write_plan(negotiated_plan())
    repo.close()
    return path


@pytest.fixture
def window(qtbot, roadmap, errors):
    w = create_main_window(roadmap, TODAY)
    w.reason_provider = None
    qtbot.addWidget(w)
    w.resize(1400, 860)
    w.show()
    qtbot.waitExposed(w)
    home_view(w)
    yield w
    w.session.close()


def stored(path) -> Plan:
    s = PlanSession.open(path, read_only=True)
    try:
        return s.plan
    finally:
        s.close()


def view_of(window):
    feature = window.deadlines_feature
    feature.show_view()
    return feature.view


def cell(view, item_id: str, key: str, role=Qt.ItemDataRole.DisplayRole):
    model = view.model
    return model.index(model.row_of(item_id), COL[key]).data(role)


def seen(tooltip: str) -> str:
    """What a person reads of an escaped tooltip."""
    return QTextDocumentFragment.fromHtml(tooltip).toPlainText().replace("\xa0", " ")


def ok(dialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def set_date(edit, day: date) -> None:
    edit.setDate(QDate(day.year, day.month, day.day))


# -- the Stakeholders dialog and the teams' contacts ----------------------------------
def test_stakeholders_dialog_adds_reorders_and_removes_as_one_edit(window, qtbot):
    s = window.session
    edit = next(a for a in window.menu("&Edit").actions() if a.objectName() == "stakeholders")
    texts = [a.text() for a in window.menu("&Edit").actions()]
    assert texts.index("Sta&keholders…") == texts.index("&Teams…") + 1  # beside Teams…
    steps = window.undo_history.count()
    edit.trigger()
    dlg = window.deadlines_feature.dialog
    assert dlg is not None and dlg.isVisible()
    t = dlg.table
    assert [t.item(r, NAME).text() for r in range(3)] == ["Sales", "Marketing", "Support"]
    assert not t.item(0, ID).flags() & Qt.ItemFlag.ItemIsEditable  # items refer to it
    dlg.add()
    t.item(3, NAME).setText("Leadership team")
    assert t.item(3, ID).text() == "leadership-team"  # a new one's id follows its name
    t.item(3, CONTACT).setText("cto at example.com")
    assert t.item(3, CONTACT).foreground().color() == QColor("#C62828")
    ok(dlg)
    assert dlg.isVisible() and "is not an e-mail address" in dlg.problem.text()
    assert window.undo_history.count() == steps  # refused: nothing applied
    t.item(3, CONTACT).setText("CTO <cto@example.com>")
    t.setCurrentCell(3, NAME)
    dlg.up()
    t.setCurrentCell(0, NAME)  # Sales: asked for two items' dates, watches them
    dlg.remove()
    assert "Removing 'Sales' withdraws its target for 2 items and its watching of 2" in (
        dlg.note.text()
    )
    ok(dlg)
    assert not dlg.isVisible()
    ids = [x.id for x in s.plan.stakeholders]
    assert ids == ["marketing", "leadership-team", "support"]
    assert s.plan.stakeholders[1].contact == "CTO <cto@example.com>"
    assert s.plan.item("beta").target is None and "sales" not in s.plan.item("ga").watchers
    assert window.undo_history.count() == steps + 1
    assert window.undo_history.undo_text() == "Edit stakeholders"
    assert [x.id for x in stored(s.path).stakeholders] == ids
    window.undo_history.undo()  # one undo brings Sales, its targets and watching back
    assert s.plan.stakeholders == STAKEHOLDERS
    assert s.plan.item("beta").target.by == "sales" and "sales" in s.plan.item("ga").watchers


def test_stakeholder_ids_must_be_new_and_not_a_teams(window):
    dlg = window.deadlines_feature.edit_stakeholders()
    dlg.add()
    dlg.table.item(3, ID).setText("be")  # Backend's id
    dlg.table.item(3, NAME).setText("Board")
    assert dlg.table.item(3, ID).text() == "be"  # typed: it no longer follows the name
    ok(dlg)
    assert dlg.isVisible() and "a team has this id" in dlg.problem.text()
    dlg.table.item(3, ID).setText("sales")
    ok(dlg)
    assert "duplicate id" in dlg.problem.text()
    dlg.reject()
    assert window.session.plan.stakeholders == STAKEHOLDERS


def test_teams_dialog_keeps_and_sets_each_teams_contact(window, qtbot):
    teams = window.session.plan.teams
    dlg = TeamsDialog(teams)
    qtbot.addWidget(dlg)
    assert [t.contact for t in dlg.teams()] == [t.contact for t in teams]  # kept
    assert not dlg.contact.isEnabled()  # no team selected
    dlg.list.setCurrentRow(1)
    assert dlg.contact.isEnabled() and dlg.contact.text() == "be@example.com"
    qtbot.keyClicks(dlg.contact, ", oncall")  # not an address: marked, OK refused
    assert "#C62828" in dlg.contact.styleSheet()
    dlg.accept()
    assert not dlg.problem.isHidden() and "Contact of 'Backend'" in dlg.problem.text()
    dlg.contact.clear()
    qtbot.keyClicks(dlg.contact, "Backend <be@example.com>, oncall@example.com")
    assert dlg.contact.styleSheet() == ""
    assert window.apply_edit(SetTeams(dlg.teams())) is not None
    assert window.session.plan.team("be").contact == "Backend <be@example.com>, oncall@example.com"
    assert stored(window.session.path).team("be").contact.endswith("oncall@example.com")


# -- the Deadlines tab --------------------------------------------------------------
def test_deadlines_tab_lists_each_negotiated_item_and_where_it_stands(window):
    tabs = window.tabs
    assert [tabs.tabText(k) for k in range(tabs.count())] == ["Timeline", "Table", "Deadlines"]
    view = view_of(window)
    assert tabs.currentWidget() is view and not view.empty.isVisible()
    ids = [view.model.index(r, 0).data(ID_ROLE) for r in range(view.model.rowCount())]
    assert ids == NEGOTIATED
    assert cell(view, "beta", "item") == "Backend beta"
    assert cell(view, "beta", "team") == "Backend"
    assert cell(view, "beta", "target") == "Fri 4 Dec · Sales"
    assert cell(view, "beta", "commitment") == "Fri 11 Dec"
    assert cell(view, "beta", "agreed") == "Wed 9 Dec"
    assert cell(view, "beta", "finish") == "Fri 11 Dec"
    assert cell(view, "beta", "gap") == "+5"
    assert cell(view, "beta", "status") == "Missed"
    red, pale = STATUS_COLORS["missed"]
    assert cell(view, "beta", "status", Qt.ItemDataRole.ForegroundRole) == red
    assert cell(view, "beta", "status", Qt.ItemDataRole.BackgroundRole) == pale
    assert seen(cell(view, "beta", "status", Qt.ItemDataRole.ToolTipRole)) == (
        "Scheduled to finish Fri 11 Dec, after the date agreed (Wed 9 Dec)"
    )
    assert seen(cell(view, "beta", "target", Qt.ItemDataRole.ToolTipRole)) == (
        "Asked by Sales for Fri 4 Dec: Pilot customers were promised early December"
    )
    assert cell(view, "store", "status") == "Proposed" and cell(view, "store", "agreed") == ""
    assert cell(view, "weblaunch", "status") == "Committed"
    assert cell(view, "docs", "status") == "Agreed" and cell(view, "docs", "gap") == "+1"
    # no forecast: P80 empty, the agreed dates judged on the schedule alone
    assert cell(view, "ga", "p80") == "—" and cell(view, "ga", "status") == "Agreed"
    assert "View > Show forecast" in seen(cell(view, "ga", "p80", Qt.ItemDataRole.ToolTipRole))
    assert seen(cell(view, "ga", "item", Qt.ItemDataRole.ToolTipRole)) == (
        "General availability\nWatched by Sales, Support"
    )


def test_the_forecast_shown_puts_agreed_dates_at_risk(window, qtbot):
    view = view_of(window)
    forecast = window.forecast_feature
    forecast.set_enabled(True)
    qtbot.waitUntil(lambda: forecast.shown is not None, timeout=15000)
    qtbot.waitUntil(lambda: cell(view, "ga", "p80") != "—", timeout=5000)
    p80 = forecast.shown.get("ga").p80
    assert cell(view, "ga", "p80") == f"{p80:%a} {p80.day} {p80:%b %Y}"
    assert p80 > date(2026, 12, 29)
    assert cell(view, "ga", "status") == "At risk"
    assert cell(view, "handoff", "status") == "At risk"
    amber, _ = STATUS_COLORS["at risk"]
    assert cell(view, "ga", "status", Qt.ItemDataRole.ForegroundRole) == amber
    assert cell(view, "docs", "status") == "Agreed"  # its P80 is on the day
    counts = QTextDocumentFragment.fromHtml(view.counts.text()).toPlainText()
    assert counts == "6 negotiated · 2 at risk · 1 missed"
    forecast.set_enabled(False)
    assert cell(view, "ga", "status") == "Agreed" and cell(view, "ga", "p80") == "—"


def test_selecting_a_row_selects_its_item_and_back(window):
    view = view_of(window)
    view.table.selectRow(view.proxy.mapFromSource(view.model.index(2, 0)).row())
    assert window.selected_item_id() == "beta"
    assert window.inspector.item_id == "beta"
    assert "for Backend beta" in view.subject.text()
    window.select_item("ga")
    assert view.selected_item_id() == "ga"
    window.select_item("api")  # not negotiated: no row, but the buttons act on it
    assert view.selected_item_id() is None
    assert "for Payments API" in view.subject.text()
    assert all(b.isEnabled() for b in view.buttons.values())


def test_propose_commit_and_agree_from_the_tab_are_one_undo_step_each(window, qtbot):
    s, view = window.session, view_of(window)
    window.select_item("submit")  # App store submission: nothing negotiated yet
    steps = window.undo_history.count()

    view.buttons["propose"].click()
    dlg = view.dialog
    assert isinstance(dlg, NegotiationDialog) and dlg.isVisible()
    assert dlg.date.date().toPython() == s.schedule.dates("submit")[1]  # offers the finish
    set_date(dlg.date, date(2026, 12, 16))
    dlg.by.setCurrentIndex(dlg.by.findData("marketing"))
    qtbot.keyClicks(dlg.note, "Launch PR on the 17th")
    ok(dlg)
    it = s.plan.item("submit")
    assert (it.target.date, it.target.by, it.target.note) == (
        date(2026, 12, 16),
        "marketing",
        "Launch PR on the 17th",
    )
    assert it.watchers == ("marketing",)
    assert it.negotiation[-1].when == recorded_at(TODAY) == "2026-11-22"
    assert window.undo_history.undo_text() == "Propose a date for App store submission"
    assert cell(view, "submit", "status") == "Proposed"
    assert view.selected_item_id() == "submit"

    view.buttons["commit"].click()
    dlg = view.dialog
    assert "Asked: Wed 16 Dec by Marketing." in dlg.context.text()
    set_date(dlg.date, date(2026, 12, 22))  # it is scheduled Mon 21 Dec
    ok(dlg)
    assert s.plan.item("submit").commitment.date == date(2026, 12, 22)
    assert cell(view, "submit", "status") == "Committed"

    view.buttons["agree"].click()
    dlg = view.dialog
    assert dlg.date.date().toPython() == date(2026, 12, 22)  # the commitment by default
    qtbot.keyClicks(dlg.note, "OK for Marketing")
    ok(dlg)
    it = s.plan.item("submit")
    assert it.agreed == it.deadline == date(2026, 12, 22)
    assert [x.kind for x in it.negotiation] == ["target", "commitment", "agreed"]
    assert cell(view, "submit", "status") == "Agreed"
    assert window.undo_history.count() == steps + 3
    assert stored(s.path).item("submit").agreed == date(2026, 12, 22)

    for _ in range(3):
        window.undo_history.undo()
    it = s.plan.item("submit")
    assert it.target is None and it.negotiation == () and it.deadline is None
    assert view.model.row_of("submit") == -1


def test_a_cancelled_step_changes_nothing(window):
    view = view_of(window)
    window.select_item("beta")
    steps = window.undo_history.count()
    view.buttons["agree"].click()
    view.dialog.reject()
    assert window.undo_history.count() == steps


def test_the_context_menu_offers_the_steps_for_its_row(window):
    view = view_of(window)
    menu = view.context_menu("store")
    texts = [a.text() for a in menu.actions()]
    assert texts == ["Propose a date…", "Commit…", "Agree…"]
    assert all(a.isEnabled() for a in menu.actions())
    menu.actions()[1].trigger()  # Commit… for Store launch, whatever is selected
    dlg = view.dialog
    assert dlg.item_id == "store" and "Store launch" in dlg.windowTitle()
    set_date(dlg.date, date(2026, 12, 28))
    ok(dlg)
    assert window.session.plan.item("store").commitment.date == date(2026, 12, 28)


def test_without_stakeholders_no_date_can_be_proposed(qtbot, tmp_path, errors):
    path = tmp_path / "Plain.roadmap"
    repo = PlanRepository.open(path, create=True)
    repo.write_plan(sample_plan(TODAY))
    repo.close()
    w = create_main_window(path, TODAY)
    qtbot.addWidget(w)
    w.show()
    view = view_of(w)
    assert view.empty.isVisible() and view.model.rowCount() == 0
    # the hint says what the tab lists and the step Propose waits for
    assert "lists only such negotiated dates; a plain deadline" in view.empty.text()
    assert "first add the stakeholders who ask (Edit > Stakeholders…)" in view.empty.text()
    w.select_item("ga")
    assert not view.buttons["propose"].isEnabled()
    assert "Edit > Stakeholders" in seen(view.buttons["propose"].toolTip())
    assert view.buttons["commit"].isEnabled()
    view.start("propose")
    assert view.dialog is None and "Edit > Stakeholders" in w.statusBar().currentMessage()
    w.session.close()


def test_read_only_shows_the_negotiation_and_changes_nothing(qtbot, roadmap):
    writer = PlanSession.open(roadmap)
    try:
        w = create_main_window(roadmap, TODAY)
        qtbot.addWidget(w)
        w.show()
        assert w.read_only
        view = view_of(w)
        assert view.model.rowCount() == len(NEGOTIATED)
        w.select_item("beta")
        assert not any(b.isEnabled() for b in view.buttons.values())
        assert not any(b.isEnabled() for b in w.inspector.negotiation.buttons.values())
        assert not w.deadlines_feature.stakeholders_action.isEnabled()
        assert w.deadlines_feature.edit_stakeholders() is None
        w.session.close()
    finally:
        writer.close()


def test_the_tab_follows_edits_made_elsewhere_once_shown(window):
    view = view_of(window)
    window.tabs.setCurrentWidget(window.view)  # hidden: it refreshes when shown again
    window.apply_edit(commit_date(window.session.plan, "store", date(2026, 12, 24)))
    assert view.stale
    view_of(window)
    assert not view.stale and cell(view, "store", "status") == "Committed"


# -- the inspector ------------------------------------------------------------------
def test_inspector_shows_the_log_and_watchers_and_starts_the_steps(window):
    group = window.inspector.negotiation
    window.select_item("beta")
    assert group.isVisible() and group.title() == "Deadline negotiation"
    summary = group.summary.text()
    assert "Target <b>Fri 4 Dec</b>, asked by Sales" in summary
    assert "Agreed <b>Wed 9 Dec</b> (its deadline)" in summary
    assert "5 working days later than asked" in summary
    log = group.log.text()
    assert "Sales asked for Fri 4 Dec: <i>Pilot customers" in log
    assert "Backend committed to Fri 11 Dec: <i>Load testing takes a week</i>" in log
    assert "Agreed on Wed 9 Dec with Sales" in log
    assert "(Tue 3 Nov 11:00)" in log
    assert log.index("asked for") < log.index("committed") < log.index("Agreed on")
    assert "Watched by</span> Sales" in group.watchers.text()
    steps = window.undo_history.count()
    group.buttons["commit"].click()
    dlg = group.dialog
    assert dlg.date.date().toPython() == date(2026, 12, 11)  # the commitment it has
    set_date(dlg.date, date(2026, 12, 14))
    ok(dlg)
    assert window.session.plan.item("beta").commitment.date == date(2026, 12, 14)
    assert "Backend committed to Mon 14 Dec" in group.log.text()
    assert window.undo_history.count() == steps + 1
    window.select_item("api")
    assert "No date asked for" in group.summary.text() and not group.log.isVisible()
    assert "No stakeholder watches it" in group.watchers.text()


def test_the_group_fits_the_inspectors_least_width(window, qtbot):
    for dock in window.findChildren(QDockWidget):
        dock.setVisible(dock is window.inspector)
    window.resize(1400, 700)
    window.select_item("beta")  # the longest log: the dock scrolls down, never sideways
    scroll = window.inspector.widget()
    qtbot.waitUntil(lambda: scroll.verticalScrollBar().maximum() > 0)
    assert window.inspector.width() <= window.inspector.minimumWidth() + 40
    assert scroll.horizontalScrollBar().maximum() == 0


def test_names_and_notes_from_the_roadmap_are_escaped(window):
    s = window.session
    mark = "<img src=x><b>bold</b>"
    window.apply_edit(propose_date(s.plan, "api", date(2026, 12, 1), "sales", note=mark))
    window.select_item("api")
    group = window.inspector.negotiation
    assert group.log.textFormat() == Qt.TextFormat.RichText
    assert "<img" not in group.log.text() and "&lt;img src=x&gt;" in group.log.text()
    view = view_of(window)
    tip_text = cell(view, "api", "target", Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tip_text and "&lt;img" in tip_text


def test_when_text():
    assert when_text("2026-11-03T11:00:00+01:00", TODAY) == "Tue 3 Nov 11:00"
    assert when_text("2026-11-22", TODAY) == "Sun 22 Nov"
    assert when_text("2025-11-22", TODAY) == "Sat 22 Nov 2025"
    assert when_text("", TODAY) == "" and when_text("soon\nish", TODAY) == "soon ish"


# -- the timeline ---------------------------------------------------------------------
def test_timeline_shows_a_target_and_an_agreed_date_that_differ(window):
    scene = window.scene
    g = scene.glyphs["beta"]  # target Fri 4 Dec, commitment Fri 11, agreed Wed 9 Dec
    x_of = scene.deadline_x
    assert g.x0 + g.deadline_dx == x_of(date(2026, 12, 9))
    assert g.x0 + g.target_dx == x_of(date(2026, 12, 4))
    assert g.x0 + g.commitment_dx == x_of(date(2026, 12, 11))
    assert [k for k, _ in g.shown_marks()] == ["deadline", "target", "commitment"]
    docs = scene.glyphs["docs"]  # commitment = agreed: the commitment is not drawn again
    assert [k for k, _ in docs.shown_marks()] == ["deadline", "target"]
    y = g.y0 + g.rows.mid
    assert g.mark_at(QPointF(g.x0 + g.target_dx + 2, y)) == "target"
    assert g.mark_at(QPointF(g.x0 + g.deadline_dx, y)) == "deadline"
    assert g.mark_at(QPointF(g.x0 + g.target_dx + 20, y)) is None

    # drawn: the target hollow (white inside a purple outline), the agreed date solid
    img = QImage(int(g.boundingRect().width()) + 20, int(g.rows.h), QImage.Format.Format_ARGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    left = g.boundingRect().left()
    p.translate(-left + 10, 0)
    g.paint(p, None)
    p.end()
    tx, dx = round(g.target_dx - left + 10), round(g.deadline_dx - left + 10)

    def purple(x: int, y: int) -> bool:
        c = img.pixelColor(x, y)
        return abs(c.red() - TARGET.red()) + abs(c.green() - TARGET.green()) < 120 and (
            c.blue() > 150
        )

    assert any(purple(x, y) for x in range(tx - 5, tx + 6) for y in range(0, 4))  # its edge
    assert img.pixelColor(tx, 4) == QColor("white")  # hollow
    assert img.pixelColor(dx, 3) != QColor("white")  # solid

    # a drag keeps the marks where they are
    target_x = g.x0 + g.target_dx
    g.move_x(g.x0 + 40, g.end_x() + 40)
    assert g.x0 + g.target_dx == target_x


def test_the_marks_tooltips_say_which_is_which_and_who_asked(window):
    scene = window.scene
    tips = window.deadlines_feature.tips[0]
    g = scene.glyphs["beta"]
    y = g.y0 + 4
    text = tips.tip_at(g.x0 + g.target_dx, y)
    assert g.toolTip() == text
    assert seen(text).splitlines() == [
        "Backend beta",
        "Target (hollow mark): Fri 4 Dec, asked by Sales: Pilot customers were "
        "promised early December",
        "Agreed date (solid mark): Wed 9 Dec, its deadline, agreed with Sales: Split "
        "the difference: load tests run alongside",
        "Commitment (dashed mark): Fri 11 Dec by Backend: Load testing takes a week",
        "Scheduled to finish Fri 11 Dec (5 working days later than asked)",
    ]
    text = tips.tip_at(g.x0 + g.deadline_dx, y)
    assert seen(text).splitlines()[1].startswith("Agreed date (solid mark)")  # first
    assert tips.tip_at(g.x0 + g.width / 2 - 30, y) == ""  # on the bar: no tooltip
    assert g.toolTip() == ""
    # the scene's own help event goes through the same filter
    event = QGraphicsSceneHelpEvent(QGraphicsSceneHelpEvent.Type.GraphicsSceneHelp)
    event.setScenePos(QPointF(g.x0 + g.commitment_dx, y))
    tips.eventFilter(scene, event)
    assert seen(g.toolTip()).splitlines()[1].startswith("Commitment (dashed mark)")


def test_a_new_step_redraws_the_marks(window):
    s, scene = window.session, window.scene
    assert scene.glyphs["api"].target_dx is None
    window.apply_edit(propose_date(s.plan, "api", date(2026, 11, 20), "support"))
    g = scene.glyphs["api"]
    assert g.x0 + g.target_dx == scene.deadline_x(date(2026, 11, 20))
    window.undo_history.undo()
    assert scene.glyphs["api"].target_dx is None


def test_an_error_while_proposing_is_one_message(window, errors, monkeypatch):
    view = view_of(window)
    window.select_item("store")
    view.buttons["propose"].click()
    dlg = view.dialog
    set_date(dlg.date, date(2026, 12, 20))
    # the stakeholder is removed while the dialog is open (another window, the CLI)
    window.session.apply(SetStakeholders(STAKEHOLDERS[1:]))
    dlg.by.setItemData(0, "sales")
    dlg.by.setCurrentIndex(0)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: errors.append(box.text()) or 0)
    ok(dlg)
    assert errors and "no stakeholder with id 'sales'" in errors[-1]
    assert "\n" not in errors[-1]
