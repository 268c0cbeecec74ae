"""The export dialog: live preview, options, writing files, remembering choices —
standalone on a session and through the real main window (File > Export…, Ctrl+E)."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date

import pytest
from icalendar import Calendar
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from planner.app.sample import sample_plan
from planner.app.settings import Settings, load_settings
from planner.gui.export_dialog import ExportDialog

TODAY = date(2026, 11, 22)


@pytest.fixture
def session(make_session):
    s = make_session(sample_plan(TODAY), "Checkout.roadmap")
    s.save_baseline("Kick-off")
    return s


def previewed(qtbot, dialog) -> None:
    """Wait for the preview being made off the GUI thread."""
    qtbot.waitUntil(lambda: not dialog.preview_busy, timeout=30000)


@pytest.fixture
def dialog(qtbot, session):
    d = ExportDialog(session, Settings(), TODAY)
    qtbot.addWidget(d)
    yield d
    d.reject()  # a preview still being made is cancelled
    previewed(qtbot, d)


def test_preview_shows_the_first_page_and_what_the_pdf_holds(qtbot, dialog):
    previewed(qtbot, dialog)
    pix = dialog.preview_label.pixmap()
    assert abs(pix.width() / pix.height() - 16 / 9) < 0.01
    assert dialog.preview_note.text() == "1920×1080 px"
    dialog._select(dialog.format_combo, "pdf")
    dialog._select(dialog.preset_combo, "a4-landscape")
    dialog.refresh_preview()
    previewed(qtbot, dialog)
    assert "1 page(s)" in dialog.preview_note.text() and "11.7×8.3 in" in dialog.preview_note.text()


def test_preview_follows_the_choices_while_shown(qtbot, dialog):
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog._select(dialog.preset_combo, "slide-4:3")
    qtbot.waitUntil(lambda: dialog.preview_note.text() == "1440×1080 px", timeout=5000)
    dialog.reject()
    assert not dialog._timer.isActive()


def test_export_png_with_options_and_remember_them(dialog, tmp_path, monkeypatch):
    dialog._select(dialog.format_combo, "png")
    dialog._select(dialog.preset_combo, "custom")
    dialog.width_spin.setValue(1200)
    dialog.height_spin.setValue(800)
    dialog._select(dialog.theme_combo, "dark")
    dialog._select(dialog.baseline_combo, "Kick-off")
    dialog.teams_list.item(0).setCheckState(Qt.CheckState.Unchecked)  # Design
    dialog.title_edit.setText("For the board")
    opts = dialog.options()
    assert opts.teams == ("be", "web", "mobile") and opts.baseline and opts.theme == "dark"
    assert dialog.export_to(tmp_path / "board")  # the extension is added
    out = tmp_path / "board.png"
    assert Image.open(out).size == (1200, 800)
    saved = load_settings().export
    assert (saved.preset, saved.width, saved.height, saved.theme) == ("custom", 1200, 800, "dark")
    assert saved.teams == ["be", "web", "mobile"] and saved.baseline == "Kick-off"
    assert saved.title == "For the board" and saved.last_folder == str(tmp_path)


def test_the_next_dialog_starts_from_the_last_choices(qtbot, session, tmp_path):
    settings = Settings()
    settings.export.last_format = "svg"
    settings.export.preset = "slide-4:3"
    settings.export.teams = ["web"]
    settings.export.show_dependencies = False
    d = ExportDialog(session, settings, TODAY)
    qtbot.addWidget(d)
    assert d.fmt() == "svg" and d.preset_combo.currentData() == "slide-4:3"
    assert d.selected_teams() == ("web",) and not d.deps_check.isChecked()
    assert (d.width_spin.value(), d.height_spin.value()) == (1440, 1080)


def test_calendar_export_and_text_preview(qtbot, dialog, tmp_path):
    dialog._select(dialog.format_combo, "ics")
    dialog.refresh_preview()
    previewed(qtbot, dialog)
    assert dialog.preview_stack.currentWidget() is dialog.preview_text
    assert "BEGIN:VCALENDAR" in dialog.preview_text.toPlainText()
    assert not dialog.theme_combo.isEnabled()
    assert dialog.export_to(tmp_path / "cal.ics")
    events = Calendar.from_ical((tmp_path / "cal.ics").read_bytes()).walk("VEVENT")
    uid = dialog.session.uid
    assert len(uid) == 32
    assert f"ga-milestone@{uid}.roadmap-planner" in {str(e["UID"]) for e in events}


def test_no_team_ticked_is_refused_with_a_message(dialog, tmp_path):
    for k in range(dialog.teams_list.count()):
        dialog.teams_list.item(k).setCheckState(Qt.CheckState.Unchecked)
    dialog.refresh_preview()
    assert "Tick at least one team" in dialog.error_label.text()
    assert not dialog.export_button.isEnabled()
    assert not dialog.export_to(tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()


def test_date_range(dialog):
    dialog.dates_check.setChecked(True)
    dialog.from_edit.setDate(dialog.from_edit.date().addDays(14))
    opts = dialog.options()
    assert opts.date_from is not None and opts.date_to is not None
    dialog.to_edit.setDate(dialog.from_edit.date().addDays(-1))
    dialog.refresh_preview()
    assert "is before" in dialog.error_label.text()


# -- through the real main window ---------------------------------------------------


@pytest.fixture
def window(qtbot, session):
    from planner.gui.app import create_main_window

    path = session.path
    session.close()
    w = create_main_window(path, TODAY)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.session.close()


def test_file_export_in_the_window(window, tmp_path, monkeypatch):
    action = next(a for a in window.menu("&File").actions() if a.text() == "&Export…")
    assert action.shortcut().toString() == "Ctrl+E"
    out = tmp_path / "slide.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    seen = {}

    def exec_(dlg):
        seen["baselines"] = [
            dlg.baseline_combo.itemText(k) for k in range(dlg.baseline_combo.count())
        ]
        dlg.export_interactively()
        return dlg.result()

    monkeypatch.setattr(ExportDialog, "exec", exec_)
    action.trigger()
    # opening the roadmap kept the start baselines of the sprints begun by today
    assert seen["baselines"] == ["None", "Kick-off", "Sprint 13 start", "Sprint 14 start"]
    assert Image.open(io.BytesIO(out.read_bytes())).size == (1920, 1080)
    assert window.export_feature.dialog is None
    assert "Exported" in window.statusBar().currentMessage()
    assert window.settings.export.last_format == "png"


def test_cancelled_save_writes_nothing(window, tmp_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    results = []

    def exec_(dlg):
        dlg.export_interactively()
        results.append(dlg.result())
        return dlg.result()

    monkeypatch.setattr(ExportDialog, "exec", exec_)
    window.export_feature.open_dialog()
    assert results == [QDialog.DialogCode.Rejected] and not list(tmp_path.glob("*.png"))


def test_window_starts_without_matplotlib(tmp_path):
    code = (
        "import os, sys\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        f"os.environ['PLANNER_CONFIG_DIR'] = {str(tmp_path / 'c')!r}\n"
        f"os.environ['PLANNER_DATA_DIR'] = {str(tmp_path / 'd')!r}\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from datetime import date\n"
        "from planner.gui.app import create_main_window\n"
        "w = create_main_window(None, date(2026, 11, 22))\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib at start-up'\n"
        "w.session.close()\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr


def test_a_click_on_a_teams_name_ticks_it_and_on_its_box_once(qtbot, dialog):
    from PySide6.QtCore import QPoint

    lst = dialog.teams_list
    lst.show()
    qtbot.waitExposed(lst)
    item = lst.item(0)
    rect = lst.visualItemRect(item)
    name = lst.visualItemRect(item).center() + QPoint(rect.width() // 4, 0)
    assert item.checkState() == Qt.CheckState.Checked
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=name)
    assert item.checkState() == Qt.CheckState.Unchecked
    assert dialog.selected_teams() is not None and item.data(Qt.ItemDataRole.UserRole) not in (
        dialog.selected_teams()
    )
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=name)
    assert item.checkState() == Qt.CheckState.Checked
    # the box itself: one toggle, not two
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    opt = QStyleOptionViewItem()
    opt.initFrom(lst)
    opt.rect = rect
    opt.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = lst.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, opt, lst)
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=box.center())
    assert item.checkState() == Qt.CheckState.Unchecked
