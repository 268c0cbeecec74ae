"""File > Import… driven through the real widgets: the import dialog reads the file off
the GUI thread and previews the plan and its fidelity report (titles escaped, long
lists capped), guesses a CSV's shape from its header and re-reads when an option
changes (the newest read wins), refuses a bad file in one line; "Create roadmap…" writes
a new roadmap and opens it, "Replace the current roadmap's plan" is one undoable edit,
Cancel (of the dialog or of a long read) writes nothing. Also the progress runner the
import and the export dialog share."""

from __future__ import annotations

import gc
import json
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QFileDialog

from planner.app.sample import sample_plan
from planner.app.session import PlanSession
from planner.app.settings import Settings, load_settings
from planner.domain.errors import PlanError
from planner.domain.model import Dependency, Item, Plan, Team
from planner.gui import progress_dialog
from planner.gui.export_dialog import ExportDialog
from planner.gui.import_dialog import (
    IMPORT_FILTERS,
    LIST_LIMIT,
    LIST_TAIL,
    ImportDialog,
    csv_header,
    guess_csv_source,
    source_of_filter,
)
from planner.gui.progress_dialog import Cancelled, JobProgress, JobRunner

TODAY = date(2026, 11, 22)
DATA = Path(__file__).parents[1] / "data" / "interchange"
MSPDI = DATA / "mspdi-payments.xml"
GAN = DATA / "ganttproject-launch.gan"
JIRA = DATA / "jira-payments.csv"
LINEAR = DATA / "linear-with-links.csv"


def read(qtbot, dialog: ImportDialog) -> ImportDialog:
    """Wait until the dialog has read its file (or refused it)."""
    qtbot.waitUntil(lambda: dialog.result_ is not None or dialog.error is not None, timeout=20000)
    return dialog


@pytest.fixture
def open_dialog(qtbot):
    def make(path, **kwargs) -> ImportDialog:
        d = ImportDialog(Path(path), **kwargs)
        qtbot.addWidget(d)
        d.show()
        return d

    return make


def big_jira_csv(path: Path, rows: int = 40000) -> Path:
    """A Jira export that takes a couple of seconds to read."""
    lines = ["Issue key,Summary,Created,Project name,Outward issue link (Blocks),"
             "Custom field (Story Points)"]  # fmt: skip
    for k in range(1, rows + 1):
        blocks = f"K-{k + 1}" if k < rows and k % 3 else ""
        lines.append(f"K-{k},Task {k},02/Feb/26 10:00 AM,P{k % 5},{blocks},4")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def press_cancel(dialog) -> None:
    """Click the progress dialog's Cancel button."""
    from PySide6.QtWidgets import QPushButton

    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
    button.click()


def stored_history(path: Path):
    s = PlanSession.open(path, read_only=True)
    try:
        return s.plan, s.history()
    finally:
        s.close()


# -- guessing a CSV's shape ---------------------------------------------------------
def test_a_csv_shape_is_guessed_from_its_header(tmp_path):
    assert guess_csv_source(csv_header(JIRA)) == "jira"  # BOM skipped
    assert guess_csv_source(csv_header(LINEAR)) == "linear"
    ours = tmp_path / "ours.csv"
    ours.write_text("\n\nid,title,team,kind,start,duration\na,A,be,task,2027-01-04,3\n")
    assert csv_header(ours)[:3] == ["id", "title", "team"]  # blank leading rows skipped
    assert guess_csv_source(csv_header(ours)) is None
    assert csv_header(tmp_path / "missing.csv") == [] and csv_header(tmp_path) == []
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00Issue key,Summary\n")
    assert guess_csv_source(csv_header(binary)) is None


def test_the_open_dialogs_filters_name_every_format():
    for label in ("MS Project XML (*.xml *.mspdi)", "GanttProject (*.gan)",
                  "Roadmap Planner JSON (*.json)", "Roadmap Planner CSV (*.csv)",
                  "Jira CSV export (*.csv)", "Linear CSV export (*.csv)"):  # fmt: skip
        assert label in IMPORT_FILTERS.split(";;")
    assert source_of_filter("Jira CSV export (*.csv)") == "jira"
    assert source_of_filter("Linear CSV export (*.csv)") == "linear"
    assert source_of_filter("Roadmap Planner CSV (*.csv)") is None


# -- the preview ----------------------------------------------------------------------
def test_preview_of_an_ms_project_file_counts_and_lists_everything(qtbot, open_dialog):
    d = read(qtbot, open_dialog(MSPDI, replace_to="Checkout"))
    plan, f = d.result_.plan, d.result_.fidelity
    assert d.error is None and not d.csv_box.isVisible()
    heading = d.heading.text()
    assert "Payments launch" in heading and "MS Project XML" in heading
    assert f"{len(plan.teams)} teams, {len(plan.items)} items" in heading
    assert f"{len(plan.dependencies)} dependencies" in heading
    text = d.report.toPlainText()
    assert f"Approximated ({len(f.approximated)})" in text and f"Dropped ({len(f.dropped)})" in text
    assert "task 'Billing settings' (UID 9): 2.5 working days rounded up to 3" in text
    assert "2 resources and 4 assignments: resources are not part of a roadmap" in text
    assert "tasks 7" in text and "milestones 2" in text  # converted, by kind
    for note in (*f.approximated, *f.dropped):
        assert note.what in text
    assert d.create_button.isEnabled() and d.replace_button.isEnabled()


def test_an_exact_import_says_so(qtbot, open_dialog, tmp_path):
    plan_file = tmp_path / "q1.json"
    plan_file.write_text(
        '{"name": "Q1", "teams": [{"id": "be", "name": "Backend"}], "items": ['
        '{"id": "a", "title": "A", "team": "be", "start": "2027-01-04", "duration": 2}]}'
    )
    d = read(qtbot, open_dialog(plan_file))  # no roadmap to replace
    assert "nothing approximated, nothing dropped" in d.report.toPlainText()
    assert "1 team, 1 item (1 task, 0 milestones), 0 dependencies" in d.heading.text()
    assert d.create_button.isEnabled() and not d.replace_button.isEnabled()


def test_titles_from_the_file_are_shown_as_text(qtbot, open_dialog, tmp_path):
    hostile = tmp_path / "<b>issues<i>.csv"
    hostile.write_text(
        "Issue key,Summary,Created,Project name\n"
        'PAY-1,"<img src=x>\n<b>bold</b>\u202e",02/Feb/26 10:00 AM,<i>Team</i>\n',
        encoding="utf-8",
    )
    d = read(qtbot, open_dialog(hostile))
    assert d.shape_combo.currentData() == "jira"
    text = d.report.toPlainText()
    assert "issue 'PAY-1' ('<img src=x>\\x0a<b>bold</b>\\u202e')" in text  # as quoted, as text
    assert "<img" not in d.report.toHtml() and "\u202e" not in d.report.toHtml()
    assert "&lt;b&gt;issues&lt;i&gt;" in d.heading.text()  # the file's name, escaped


def test_a_long_list_is_capped_and_counted(qtbot, open_dialog, tmp_path):
    d = read(qtbot, open_dialog(big_jira_csv(tmp_path / "many.csv", 3000)))
    notes = d.result_.fidelity.approximated  # one per issue, then the story points'
    text = d.report.toPlainText()
    assert len(notes) == 3001 and "Approximated (3,001)" in text
    assert f"… and {len(notes) - LIST_LIMIT:,} more like these …" in text
    listed = [line.split(":")[0] for line in text.splitlines() if line.startswith(("issue", "3,"))]
    expected = [*notes[: LIST_LIMIT - LIST_TAIL], *notes[-LIST_TAIL:]]
    assert listed == [n.what for n in expected]
    assert notes[-1].what == "3,000 story-point estimates"  # a grouped note stays in view


DTD = '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaa">]><Project>&a;</Project>'


@pytest.mark.parametrize(
    ("content", "expected"),
    [("<Project><Tasks>", "not well-formed XML"), (DTD, "document type declaration (DTD)")],
)
def test_a_refused_file_is_one_line_in_the_dialog(qtbot, open_dialog, tmp_path, content, expected):
    bad = tmp_path / "bad.xml"
    bad.write_text(content)
    d = read(qtbot, open_dialog(bad, replace_to="Checkout"))
    assert d.result_ is None and expected in d.error and "\n" not in d.error
    assert "Traceback" not in d.error and d.error_label.text() == d.error
    assert not d.error_label.isHidden()
    assert not d.create_button.isEnabled() and not d.replace_button.isEnabled()


def test_a_cycle_is_refused_in_one_line(qtbot, open_dialog, tmp_path):
    cyc = tmp_path / "cycle.json"
    cyc.write_text(
        '{"name": "c", "items": [{"id": "a", "title": "A", "start": "2027-01-04", "duration": 1},'
        '{"id": "b", "title": "B", "start": "2027-01-04", "duration": 1}],'
        '"dependencies": [{"from": "a", "to": "b"}, {"from": "b", "to": "a"}]}'
    )
    d = read(qtbot, open_dialog(cyc))
    assert "cycle" in d.error and "\n" not in d.error and not d.create_button.isEnabled()


# -- CSV options ---------------------------------------------------------------------
def test_a_linear_csv_is_preselected_with_its_options(qtbot, open_dialog):
    d = read(qtbot, open_dialog(LINEAR, source="jira"))  # the header wins over the filter
    assert d.shape_combo.currentData() == "linear" and d.result_.fidelity.source == "Linear CSV"
    assert d.csv_form.isRowVisible(d.points_spin)
    assert not d.csv_form.isRowVisible(d.team_combo) and not d.csv_form.isRowVisible(d.epics_check)
    d.shape_combo.setCurrentIndex(d.shape_combo.findData("jira"))  # the wrong shape
    qtbot.waitUntil(lambda: d.error is not None, timeout=10000)
    assert "not a Jira CSV export: missing the columns 'Issue key', 'Summary'" in d.error
    assert d.csv_form.isRowVisible(d.team_combo) and d.csv_form.isRowVisible(d.epics_check)


def test_jira_options_are_read_again_and_the_newest_read_wins(qtbot, open_dialog):
    d = read(qtbot, open_dialog(JIRA))
    assert d.shape_combo.currentData() == "jira"
    columns = [d.team_combo.itemData(k) for k in range(d.team_combo.count())]
    assert columns[0] == "" and "Custom field (Team)" in columns and "Sprint" in columns
    assert columns.count("Sprint") == 1  # a repeated column is offered once
    assert {t.name for t in d.result_.plan.teams} == {"Payments", "Mobile"}
    first = d.result_
    d.team_combo.setCurrentIndex(d.team_combo.findData("Custom field (Team)"))
    d.points_spin.setValue(0.5)
    d.epics_check.setChecked(True)  # three changes in a row: one more read, with all three
    assert d.result_ is None and not d.create_button.isEnabled()
    read(qtbot, d)
    assert d.result_ is not first and d.options().team_field == "Custom field (Team)"
    assert "Core" in {t.name for t in d.result_.plan.teams}
    assert any(it.is_milestone for it in d.result_.plan.items)  # the epic with a due date
    assert "points / 0.5 per day" in d.report.toPlainText()


def test_a_newer_read_replaces_a_running_one(qtbot, open_dialog, tmp_path):
    d = open_dialog(big_jira_csv(tmp_path / "big.csv"))  # 4 story points each
    told = []
    d.reader.finished.connect(told.append)
    assert d.reader.busy
    d.points_spin.setValue(2)
    d.read()  # at once, while the first read still runs: it is cancelled and dropped
    read(qtbot, d)
    assert told == [d.result_] and d.result_.fidelity.converted["tasks"] == 40000
    assert {it.duration for it in d.result_.plan.items} == {2}  # read at 2 points a day
    assert "points / 2 per day" in d.report.toPlainText()


def test_cancelling_a_long_read_stops_it_and_writes_nothing(qtbot, open_dialog, tmp_path):
    d = open_dialog(big_jira_csv(tmp_path / "big.csv"))
    qtbot.waitUntil(
        lambda: d.reader.dialog is not None and d.reader.dialog.isVisible(), timeout=5000
    )
    qtbot.waitUntil(lambda: d.reader.dialog.labelText().startswith("Reading 40,000 Jira issues"))
    bar = d.reader.dialog.findChild(progress_dialog.QProgressBar)
    assert bar.maximum() == 40000
    started = time.monotonic()
    press_cancel(d.reader.dialog)
    assert d.reader.dialog is None and not d.reader.busy
    assert "cancelled" in d.heading.text() and d.again_button.isVisible()
    assert not d.create_button.isEnabled() and d.result_ is None
    qtbot.waitUntil(lambda: not [t for t in threading.enumerate() if t.name == "planner-job"])
    assert time.monotonic() - started < 1.5  # it stopped at its next progress report
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.csv"]
    d.again_button.click()
    read(qtbot, d)
    assert d.result_.fidelity.converted["tasks"] == 40000


# -- the choices, in the window -------------------------------------------------------
def choose(monkeypatch, source: Path, target: Path | None, action: str) -> list[ImportDialog]:
    """Answer the open and save dialogs, and press ``action`` once the file is read."""
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), "All files (*)")
    )
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target) if target else "", "")
    )
    seen = []

    def exec_(dialog):
        seen.append(dialog)
        deadline = time.monotonic() + 20
        while dialog.result_ is None and dialog.error is None and time.monotonic() < deadline:
            qtbot_wait()
        getattr(dialog, action).click() if action != "reject" else dialog.reject()
        return dialog.result()

    monkeypatch.setattr(ImportDialog, "exec", exec_)
    return seen


def qtbot_wait() -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    time.sleep(0.005)


def test_import_creates_a_roadmap_and_opens_it(window, tmp_path, monkeypatch, qtbot):
    action = next(a for a in window.menu("&File").actions() if a.text() == "&Import…")
    assert action.shortcut().toString() == "Ctrl+I"
    texts = [a.text() for a in window.menu("&File").actions()]
    assert texts.index("&Import…") == texts.index("Open &Recent") + 1
    target = tmp_path / "out" / "launch"
    (tmp_path / "out").mkdir()
    seen = choose(monkeypatch, GAN, target, "create_button")
    action.trigger()
    created = target.with_suffix(".roadmap")
    assert seen[0].default_target() == GAN.with_suffix(".roadmap")
    assert Path(window.session.path) == created and window.import_feature.dialog is None
    plan, history = stored_history(created)
    assert plan == seen[0].result_.plan
    assert [(h.label, h.reason) for h in history] == [
        ("Import", "imported from ganttproject-launch.gan")
    ]
    assert "Imported ganttproject-launch.gan" in window.statusBar().currentMessage()
    assert plan.name in window.windowTitle()


def test_import_replaces_the_plan_as_one_undo_step(window, monkeypatch):
    before = window.session.plan
    old_title = window.windowTitle()
    seen = choose(monkeypatch, MSPDI, None, "replace_button")
    window.import_feature.choose_file()
    assert window.session.plan == seen[0].result_.plan
    assert "Payments launch" in window.windowTitle() and window.windowTitle() != old_title
    assert window.table.model.rowCount() == len(seen[0].result_.plan.items)
    entry = window.session.history()[0]
    assert (entry.label, entry.reason) == ("Import", "imported from mspdi-payments.xml")
    window.undo_history.undo()
    assert window.session.plan == before and window.windowTitle() == old_title
    window.undo_history.redo()
    assert window.session.plan == seen[0].result_.plan


def test_cancel_writes_nothing(window, monkeypatch, tmp_path, sample_path):
    before = window.session.plan
    stamp = sample_path.stat().st_mtime_ns
    history = len(window.session.history())
    seen = choose(monkeypatch, JIRA, tmp_path / "never.roadmap", "reject")
    window.import_feature.choose_file()
    assert seen[0].result() == QDialog.DialogCode.Rejected
    assert window.session.plan == before and len(window.session.history()) == history
    assert not (tmp_path / "never.roadmap").exists() and sample_path.stat().st_mtime_ns == stamp


def test_creating_over_the_open_roadmap_is_refused(qtbot, window, sample_path):
    d = ImportDialog(MSPDI, replace_to="x", open_path=sample_path, parent=window)
    read(qtbot, d)
    assert not d.create_at(sample_path.with_suffix(""))  # ".roadmap" is added: the same file
    assert "is the roadmap open in this window" in d.error_label.text()
    assert d.created_path is None and window.session.plan.name != "Payments launch"


def test_a_read_only_window_offers_no_replace(window, monkeypatch):
    monkeypatch.setattr(type(window.session), "read_only", property(lambda s: True))
    seen = choose(monkeypatch, MSPDI, None, "replace_button")
    window.import_feature.choose_file()
    assert not seen[0].replace_button.isEnabled() and not seen[0].replace_requested
    assert window.session.plan.name != "Payments launch"


# -- the runner ------------------------------------------------------------------------
def test_job_progress_raises_cancelled_once_cancelled():
    p = JobProgress("starting")
    p.step("reading 10 rows", 10)
    p.advance(4)
    assert p.snapshot() == ("reading 10 rows", 10, 4)
    p.cancel()
    with pytest.raises(Cancelled):
        p.advance()
    with pytest.raises(Cancelled):
        p.step("next")


def test_run_tells_the_result_an_error_or_raises_a_bug(qtbot):
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    runner = JobRunner(parent, "t")
    told = []
    runner.finished.connect(told.append)
    assert runner.run(lambda p: 42, "x").result == 42 and told == [42]

    def refused(progress):
        raise PlanError("bad.csv: not a Jira CSV export")

    outcome = runner.run(refused, "x")
    assert outcome.error == "bad.csv: not a Jira CSV export" and not outcome.ok

    def bug(progress):
        raise ZeroDivisionError("oops")

    with pytest.raises(ZeroDivisionError):
        runner.run(bug, "x")
    assert runner.run(lambda p: "again", "x").result == "again"


def test_a_cancelled_run_stops_its_job(qtbot):
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    reached = []

    def endless(progress):
        progress.step("counting", 10**9)
        while True:
            progress.advance()
            reached.append(1) if not reached else None
            time.sleep(0.001)

    def cancel_once_shown():
        dialogs = parent.findChildren(progress_dialog.QProgressDialog)
        visible = [d for d in dialogs if d.isVisible()]
        if visible:
            press_cancel(visible[0])
        else:
            QTimer.singleShot(20, cancel_once_shown)

    QTimer.singleShot(0, cancel_once_shown)
    outcome = JobRunner(parent, "t").run(endless, "x")
    assert outcome.cancelled and reached
    qtbot.waitUntil(lambda: not [t for t in threading.enumerate() if t.name == "planner-job"])


def test_the_runner_without_cancel_has_no_cancel_button(qtbot):
    from PySide6.QtWidgets import QPushButton, QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    runner = JobRunner(parent, "t", cancellable=False)
    gate = threading.Event()
    runner.start(lambda p: gate.wait(5), "writing")
    qtbot.waitUntil(lambda: runner.dialog is not None and runner.dialog.isVisible())
    assert not [b for b in runner.dialog.findChildren(QPushButton) if b.isVisible()]
    runner.dialog.reject()  # Escape: it stays
    assert runner.dialog.isVisible()
    with qtbot.waitSignal(runner.finished):
        gate.set()
    assert runner.dialog is None


# -- long exports: off the GUI thread, with Cancel --------------------------------------
def long_plan(n: int = 20000) -> Plan:
    """A plan whose JSON export takes a good part of a second."""
    start = date(2027, 1, 4)
    items = tuple(
        Item(f"i{k}", f"Task {k}", "be", "task", start + timedelta(days=k % 300), 3)
        for k in range(n)
    )
    deps = tuple(Dependency(f"i{k}", f"i{k + 1}") for k in range(0, n - 1, 2))
    return Plan("Long", teams=(Team("be", "Backend"),), items=items, dependencies=deps)


def watch_progress(parent, seen: list, cancel: bool) -> list:
    """Note what the progress dialog over ``parent`` shows (label, bar's maximum) every few
    milliseconds; with ``cancel``, press its Cancel once it shows. Stops when the list
    returned is emptied."""
    on = [True]

    def look() -> None:
        if not on:
            return
        shown = [d for d in parent.findChildren(progress_dialog.QProgressDialog) if d.isVisible()]
        if shown:
            bar = shown[0].findChild(progress_dialog.QProgressBar)
            seen.append((shown[0].labelText(), bar.maximum()))
            if cancel:
                press_cancel(shown[0])
                return
        QTimer.singleShot(5, look)

    QTimer.singleShot(0, look)
    return on


def test_a_long_export_shows_progress_and_a_cancelled_one_writes_nothing(
    qtbot, make_session, tmp_path, monkeypatch
):
    monkeypatch.setattr(JobRunner, "SHOW_AFTER_MS", 0)
    settings = Settings()
    settings.export.last_format = "json"
    dialog = ExportDialog(make_session(long_plan()), settings, TODAY)
    qtbot.addWidget(dialog)
    out = tmp_path / "long.json"
    seen: list = []
    watching = watch_progress(dialog, seen, cancel=True)
    assert not dialog.export_to(out)
    watching.clear()
    assert seen and not out.exists() and not list(tmp_path.glob("*.part"))
    assert dialog.preview_note.text() == "Export cancelled: nothing was written"
    assert dialog.form_panel.isEnabled() and dialog.export_button.isEnabled()
    seen.clear()
    watching = watch_progress(dialog, seen, cancel=False)
    assert dialog.export_to(out)
    watching.clear()
    assert len(json.loads(out.read_text())["items"]) == 20000
    assert ("Writing the plan…", 20000 + 10000) in seen  # items and links, counted


def test_the_export_dialog_offers_ms_project_xml(qtbot, make_session, tmp_path):
    from planner.app.files import read_import_file

    session = make_session(sample_plan(TODAY))
    dialog = ExportDialog(session, Settings(), TODAY)
    qtbot.addWidget(dialog)
    dialog._select(dialog.format_combo, "xml")
    assert dialog.format_combo.currentText() == "XML — MS Project XML"
    dialog.refresh_preview()  # made off the GUI thread
    qtbot.waitUntil(lambda: not dialog.preview_busy, timeout=30000)
    assert dialog.preview_text.toPlainText().startswith("<?xml")
    assert "MS Project XML (MSPDI)" in dialog.preview_note.text()
    assert not dialog.theme_combo.isEnabled()  # the whole plan, as JSON is
    assert dialog.export_to(tmp_path / "plan")  # the extension is added
    back = read_import_file(tmp_path / "plan.xml").plan
    plan = session.plan
    assert [(i.id, i.title, i.team, i.kind, i.duration) for i in back.items] == [
        (i.id, i.title, i.team, i.kind, i.duration) for i in plan.items
    ]
    assert set(back.dependencies) == set(plan.dependencies)  # each under its successor
    assert load_settings().export.last_format == "xml"


def test_no_garbage_collection_runs_on_the_worker_thread(qtbot):
    # A closed dialog kept only by a reference cycle is destroyed by the cyclic garbage
    # collector; were a collection set off on the worker thread (by the job's own
    # allocations), Qt would crash. The collector waits while a job runs.
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    threads = []

    def note(phase, info):
        if phase == "start":
            threads.append(threading.current_thread().name)

    def job(progress):
        keep = [[k] for k in range(300_000)]  # enough to set off collections of every age
        return len(keep)

    gc.callbacks.append(note)
    try:
        assert JobRunner(parent, "t").run(job, "x").result == 300_000
    finally:
        gc.callbacks.remove(note)
    assert "planner-job" not in threads and gc.isenabled()
