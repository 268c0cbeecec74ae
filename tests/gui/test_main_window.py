"""The main window around the timeline: inspector, table, teams and sprints, files,
read-only mode, start-up without a display, and no matplotlib at start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt

from planner.app.sample import sample_plan
from planner.app.session import PlanSession
from planner.app.settings import default_roadmap_path, load_settings
from planner.domain.edits import SetSprints, SetTeams
from planner.gui.app import NO_DISPLAY, create_main_window, display_available, run_gui
from planner.gui.plan_dialogs import SprintsDialog, TeamsDialog
from planner.gui.table import COL

TODAY = date(2026, 11, 22)
ROOT = Path(__file__).resolve().parents[2]


def stored(path):
    s = PlanSession.open(path, read_only=True)
    try:
        return s.plan
    finally:
        s.close()


# -- inspector ----------------------------------------------------------------------
def test_inspector_edits_every_kind_of_field(window, qtbot):
    ins = window.inspector
    window.select_item("api")
    assert ins.title.text() == "Payments API"
    assert "Vendor SDK integration" in ins.why.text() or "its planned date" in ins.why.text()

    ins.title.setText("Payments API v2")
    ins.title.editingFinished.emit()
    ins.duration.setValue(12)
    ins.duration.editingFinished.emit()
    ins.has_deadline.click()
    ins.deadline.edit.setText("Fri 18 Dec")
    ins.deadline.edit.editingFinished.emit()
    ins.locked.click()
    ins.notes.setPlainText("needs the vendor sandbox")
    ins.notes.editing_finished.emit()
    web = ins.team.findData("web")
    ins.team.setCurrentIndex(web)
    ins.team.activated.emit(web)

    it = window.session.plan.item("api")
    assert (it.title, it.duration, it.deadline, it.locked, it.notes, it.team) == (
        "Payments API v2", 12, date(2026, 12, 18), True, "needs the vendor sandbox", "web"
    )  # fmt: skip
    assert stored(window.session.path).item("api").title == "Payments API v2"
    # the deadline took two steps: ticking the box, then picking the date
    assert window.undo_history.count() == 7
    for _ in range(7):
        window.undo_history.undo()
    assert window.session.plan.item("api") == sample_plan(TODAY).item("api")
    assert ins.title.text() == "Payments API"  # the inspector follows undo


def test_inspector_why_here_tells_the_driver_chain(window):
    window.select_item("freeze")
    text = window.inspector.why.text()
    assert text.startswith("API freeze is on")
    assert "because it needs Payments API" in text


def test_inspector_kind_start_and_refused_values(window, errors):
    ins = window.inspector
    window.select_item("shell")
    ins.start.edit.setText("12 Nov")
    ins.start.edit.editingFinished.emit()
    assert window.session.plan.item("shell").start == date(2026, 11, 12)
    ins.kind.setCurrentIndex(1)
    ins.kind.activated.emit(1)
    assert window.session.plan.item("shell").kind == "milestone"
    assert not ins.duration.isVisible()
    ins.title.setText("   ")
    ins.title.editingFinished.emit()  # an empty title is not applied
    assert window.session.plan.item("shell").title == "Checkout page shell"
    assert ins.title.text() == "Checkout page shell"


# -- table --------------------------------------------------------------------------
def test_table_edits_sorts_and_filters_by_team(window):
    t = window.table
    model, proxy = t.model, t.proxy
    assert proxy.rowCount() == 40
    row = model.row_of("auth")
    assert model.setData(model.index(row, COL["title"]), "Mobile auth tokens")
    assert model.setData(model.index(row, COL["duration"]), 7)
    assert model.setData(model.index(row, COL["start"]), QDate(2026, 11, 10))
    assert model.setData(model.index(row, COL["locked"]), Qt.CheckState.Checked.value,
                         Qt.ItemDataRole.CheckStateRole)  # fmt: skip
    it = window.session.plan.item("auth")
    assert (it.title, it.duration, it.start, it.locked) == (
        "Mobile auth tokens",
        7,
        date(2026, 11, 10),
        True,
    )
    assert model.index(row, COL["title"]).data() == "Mobile auth tokens"
    t.filter.setCurrentIndex(t.filter.findData("mobile"))
    t.filter.activated.emit(t.filter.currentIndex())
    assert proxy.rowCount() == 9
    ids = {model.item_id(proxy.mapToSource(proxy.index(r, 0)).row()) for r in range(9)}
    assert ids == {it.id for it in window.session.plan.items if it.team == "mobile"}
    t.view.sortByColumn(COL["first"], Qt.SortOrder.DescendingOrder)
    starts = [proxy.index(r, COL["first"]).data(Qt.ItemDataRole.UserRole + 1) for r in range(9)]
    assert starts == sorted(starts, reverse=True)
    t.select_item("iap")
    assert t.selected_item_id() == "iap"


# -- teams and sprints --------------------------------------------------------------
def test_teams_dialog_adds_renames_recolours_and_reorders_lanes(window, qtbot):
    dlg = TeamsDialog(window.session.plan.teams)
    qtbot.addWidget(dlg)
    dlg.add()
    dlg.list.item(4).setText("Data")
    dlg.list.setCurrentRow(0)
    dlg.down()
    dlg.list.item(0).setText("Backend platform")
    dlg.set_color(0, "#123456")
    teams = dlg.teams()
    assert [t.id for t in teams] == ["be", "design", "web", "mobile", "team-5"]
    assert teams[0].name == "Backend platform" and teams[0].color == "#123456"
    assert window.apply_edit(SetTeams(teams)) is not None
    lanes = [lane.name for lane in window.scene.lanes.lanes]
    assert lanes == ["Backend platform", "Design", "Web", "Mobile", "Data"]
    dlg.list.setCurrentRow(0)
    dlg.remove()  # Backend still has items: refused with a message
    assert window.apply_edit(SetTeams(dlg.teams())) is None


def test_sprints_dialog_cadence_and_single_edits(window, qtbot):
    dlg = SprintsDialog(window.session.plan.sprints, TODAY)
    qtbot.addWidget(dlg)
    assert dlg.table.rowCount() == 5
    dlg.first_day.setDate(QDate(2026, 11, 2))
    dlg.weeks.setValue(3)
    dlg.count.setValue(4)
    dlg.pattern.setText("Iteration {n}")
    dlg.first_number.setValue(1)
    dlg.generate()
    dlg.add_after_last()
    sprints = dlg.sprints()
    assert [s.name for s in sprints] == [f"Iteration {k}" for k in range(1, 6)]
    assert sprints[1].start == date(2026, 11, 23) and sprints[4].finish == date(2027, 2, 14)
    window.apply_edit(SetSprints(sprints))
    assert window.session.plan.sprints == sprints
    assert stored(window.session.path).sprints == sprints


# -- adding, deleting, status ---------------------------------------------------------
def test_add_and_delete_items_and_status_counts(window):
    assert "1 deadline miss" in window.counts.text()
    window.select_item("api")
    window.actions_["add_task"].trigger()
    new = window.selected_item_id()
    it = window.session.plan.item(new)
    assert it.team == "be" and it.title == "New task"
    assert new in window.scene.glyphs
    window.actions_["delete_item"].trigger()
    assert not window.session.plan.has_item(new)
    assert window.selected_item_id() is None
    window.select_item("invoices")
    window.inspector.has_deadline.click()  # drop the deadline that is missed
    assert "0 deadline misses" in window.counts.text()


# -- files --------------------------------------------------------------------------
def test_title_save_as_and_recent_files(window, tmp_path):
    assert window.windowTitle().startswith("Checkout revamp")
    assert "sample.roadmap" in window.windowTitle()
    original = window.session.path
    assert window.save_copy_to(tmp_path / "copy")
    assert window.session.path == tmp_path / "copy.roadmap"
    assert "copy.roadmap" in window.windowTitle()
    assert stored(tmp_path / "copy.roadmap").items == stored(original).items
    recent = load_settings().recent_files
    assert recent[:2] == [str((tmp_path / "copy.roadmap").resolve()), str(original.resolve())]


def test_opening_a_bad_file_names_the_problem_and_keeps_the_roadmap(window, tmp_path, errors):
    bad = tmp_path / "notes.roadmap"
    bad.write_text("not a database at all " * 50)
    before = window.session
    assert not window.open_file(bad)
    assert len(errors) == 1 and "notes.roadmap" in errors[0]
    assert window.session is before


def test_new_file_is_an_empty_roadmap(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "fresh"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.actions_["new"].trigger()
    assert window.session.path == tmp_path / "fresh.roadmap"
    assert window.session.plan.items == ()
    assert len(window.session.plan.sprints) == 6


def test_a_roadmap_open_elsewhere_is_read_only_with_a_clear_message(qtbot, sample_path):
    writer = PlanSession.open(sample_path)  # "another planner" holds the writer lock
    try:
        w = create_main_window(sample_path, TODAY)
        qtbot.addWidget(w)
        w.show()
        assert w.session.read_only
        assert "[read-only]" in w.windowTitle()
        assert w.banner.isVisible() and "Read-only" in w.banner.text()
        assert not w.actions_["add_task"].isEnabled()
        assert w.view.read_only
        assert not w.table.model.flags(w.table.model.index(0, COL["title"])) & (
            Qt.ItemFlag.ItemIsEditable
        )
        w.session.close()
    finally:
        writer.close()


def test_first_start_creates_the_default_roadmap_from_the_sample(qtbot):
    assert not default_roadmap_path().exists()
    w = create_main_window(None, TODAY)
    qtbot.addWidget(w)
    assert default_roadmap_path().exists()
    assert len(w.session.plan.items) == 40
    w.session.close()


# -- start-up -----------------------------------------------------------------------
def test_display_detection():
    assert not display_available({}, "linux")
    assert display_available({"DISPLAY": ":0"}, "linux")
    assert display_available({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert display_available({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert display_available({}, "win32")


def test_no_display_says_so_in_one_line(monkeypatch, capsys):
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert run_gui(None) == 1
    err = capsys.readouterr().err
    assert err.strip() == NO_DISPLAY
    assert "planner export ROADMAP OUT.png" in err


def _clean_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}  # fmt: skip
    env.update(PLANNER_CONFIG_DIR=str(tmp_path / "c"), PLANNER_DATA_DIR=str(tmp_path / "d"))
    env.update(extra)
    return env


def test_planner_command_without_display_exits_1_without_a_qt_abort(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "planner.cli"], env=_clean_env(tmp_path),
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [NO_DISPLAY]


def test_matplotlib_is_not_imported_at_start_up(tmp_path, sample_path):
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from planner.gui.app import make_application, create_main_window\n"
        "app = make_application()\n"
        f"w = create_main_window({str(sample_path)!r}, date(2026, 11, 22))\n"
        "w.show(); app.processEvents()\n"
        "print('matplotlib' in sys.modules, 'MainWindow' in type(w).__name__)\n"
    )
    env = _clean_env(tmp_path, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=120, cwd=ROOT)  # fmt: skip
    assert proc.stdout.split() == ["False", "True"], proc.stderr


def test_dependency_arrows_can_be_hidden_and_it_is_remembered(window):
    from planner.app.settings import load_settings

    toggle = next(a for a in window.menu("&View").actions() if a.text() == "&Dependency arrows")
    assert toggle.isChecked() and window.scene.arrows.isVisible()
    toggle.trigger()
    assert not window.scene.arrows.isVisible()
    assert load_settings().show_dependencies is False
    window.scene.rebuild()
    assert not window.scene.arrows.isVisible()
