"""The export dialog's preview is drawn in a worker process: it arrives, a spinner turns
over the old one meanwhile, the newest choice wins, a result for older choices is
dropped, closing while one is made is clean, and a worker that dies is said in one line
and replaced."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from planner.app.sample import sample_plan
from planner.app.settings import Settings
from planner.export.themes import DARK, LIGHT
from planner.gui.export_dialog import ExportDialog

TODAY = date(2026, 11, 22)


def idle(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: not dialog.preview_busy, timeout=30000)


@pytest.fixture
def dialog(qtbot, make_session):
    d = ExportDialog(make_session(sample_plan(TODAY)), Settings(), TODAY)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    yield d
    d.reject()
    assert not d.preview_busy


def corner(dialog) -> str:
    return QColor(dialog.preview_label.pixmap().toImage().pixel(2, 2)).name().upper()


def shown_previews(dialog) -> list:
    got: list = []
    dialog.images.finished.connect(got.append)
    dialog.previews.finished.connect(got.append)
    return got


def test_the_preview_arrives_with_a_spinner_meanwhile(qtbot, dialog):
    assert dialog.preview_busy and dialog.spinner.spinning and dialog.spinner.isVisible()
    assert dialog.spinner.geometry() == dialog.preview_stack.rect()  # over the old one
    idle(qtbot, dialog)
    assert not dialog.spinner.isVisible() and not dialog.error_label.isVisible()
    assert not dialog.preview_label.pixmap().isNull() and corner(dialog) == LIGHT.background
    assert dialog.preview_note.text() == "1920×1080 px"


def test_the_newest_choice_wins(qtbot, dialog):
    idle(qtbot, dialog)
    got = shown_previews(dialog)
    theme = dialog.theme_combo
    theme.setFocus()
    qtbot.keyClick(theme, Qt.Key.Key_Down)  # Dark
    dialog.refresh_preview()  # what the timer does after each change, without waiting
    box = dialog.deps_check
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    dialog.refresh_preview()
    idle(qtbot, dialog)
    assert [(pv.options.theme, pv.options.show_dependencies) for pv in got] == [("dark", False)]
    assert corner(dialog) == DARK.background


def answer_waiting(dialog) -> bool:
    """Wait, the event loop held (so it is not read yet), for the worker's answer."""
    return dialog.images.worker.conn.poll(30)


def test_a_result_for_older_choices_is_dropped(qtbot, dialog):
    idle(qtbot, dialog)
    got = shown_previews(dialog)
    dialog.refresh_preview()  # the light theme again ...
    assert answer_waiting(dialog)  # ... drawn, its answer not read yet
    dialog._select(dialog.theme_combo, "dark")
    dialog.refresh_preview()  # a newer request before it is read
    idle(qtbot, dialog)
    assert [pv.options.theme for pv in got] == ["dark"]  # only the newest is shown
    assert corner(dialog) == DARK.background and not dialog.spinner.isVisible()


def test_closing_while_a_preview_is_made_cancels_it_cleanly(qtbot, dialog):
    idle(qtbot, dialog)
    before = dialog.preview_label.pixmap().cacheKey()
    got = shown_previews(dialog)
    dialog._select(dialog.theme_combo, "dark")
    dialog.refresh_preview()
    dialog.reject()  # closed while it is being made
    assert not dialog.isVisible() and not dialog.preview_busy
    assert not dialog.spinner.isVisible()
    assert answer_waiting(dialog)  # the worker stops (or ends) and says so ...
    qtbot.wait(200)  # ... and what it says is never shown
    assert got == [] and dialog.preview_label.pixmap().cacheKey() == before
    assert not dialog.error_label.isVisible()
    dialog.show()  # the worker draws the next preview
    dialog.refresh_preview()
    idle(qtbot, dialog)
    assert corner(dialog) == DARK.background


def test_a_worker_that_dies_is_said_in_one_line_and_replaced(qtbot, dialog):
    idle(qtbot, dialog)
    first = dialog.images.worker
    dialog._select(dialog.theme_combo, "dark")
    dialog.refresh_preview()
    first.process.kill()  # while it draws
    idle(qtbot, dialog)
    text = dialog.error_label.text()
    assert text.startswith("The preview could not be drawn: the preview process stopped")
    assert "\n" not in text and dialog.error_label.isVisible()
    assert not dialog.spinner.isVisible() and not dialog.export_button.isEnabled()
    dialog.refresh_preview()  # a new worker draws it
    idle(qtbot, dialog)
    assert dialog.images.worker is not first and dialog.images.worker.alive
    assert not dialog.error_label.isVisible() and dialog.export_button.isEnabled()
    assert corner(dialog) == DARK.background


def test_an_export_waits_for_no_preview_and_draws_alone(qtbot, dialog, tmp_path):
    dialog.refresh_preview()  # being made while the export starts: it is cancelled
    assert dialog.export_to(tmp_path / "slide.png")
    assert (tmp_path / "slide.png").read_bytes().startswith(b"\x89PNG")
    idle(qtbot, dialog)  # and made again afterwards
    assert not dialog.preview_label.pixmap().isNull()
