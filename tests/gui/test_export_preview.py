"""The export dialog's preview is made off the GUI thread: it arrives, a spinner turns
over the old one meanwhile, the newest choice wins, a result for older choices is
dropped, a failure shows in one line, and closing while one is made is clean."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

import planner.export.roadmap as roadmap
from planner.app.sample import sample_plan
from planner.app.settings import Settings
from planner.export.themes import DARK, LIGHT
from planner.gui.export_dialog import ExportDialog
from planner.gui.export_preview import DRAWING

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
    idle(qtbot, d)
    assert DRAWING.acquire(timeout=30)  # no drawing left behind
    DRAWING.release()


@pytest.fixture
def gate(monkeypatch):
    """The first preview drawn waits, once drawn, until the test opens the gate."""
    opened, reached = threading.Event(), threading.Event()
    real = roadmap.render_preview
    calls = []

    def held(*args, **kwargs):
        result = real(*args, **kwargs)
        calls.append(args[2])
        if len(calls) == 1:
            reached.set()
            assert opened.wait(30)
        return result

    monkeypatch.setattr(roadmap, "render_preview", held)
    return opened, reached, calls


def corner(dialog) -> str:
    return QColor(dialog.preview_label.pixmap().toImage().pixel(2, 2)).name().upper()


def shown_previews(dialog) -> list:
    got: list = []
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


def test_a_result_for_older_choices_is_dropped(qtbot, dialog, gate):
    opened, reached, calls = gate
    dialog.refresh_preview()  # drawn with the light theme, then held at the gate
    qtbot.waitUntil(reached.is_set, timeout=30000)
    got = shown_previews(dialog)
    dialog._select(dialog.theme_combo, "dark")
    dialog.refresh_preview()  # a newer request while the light one is finishing
    opened.set()
    idle(qtbot, dialog)
    assert [o.theme for o in calls] == ["light", "dark"]  # both were drawn ...
    assert [pv.options.theme for pv in got] == ["dark"]  # ... only the newest is shown
    assert corner(dialog) == DARK.background and not dialog.spinner.isVisible()


def test_closing_while_a_preview_is_made_cancels_it_cleanly(qtbot, dialog, gate):
    opened, reached, _calls = gate
    idle(qtbot, dialog)
    before = dialog.preview_label.pixmap().cacheKey()
    dialog._select(dialog.theme_combo, "dark")
    dialog.refresh_preview()
    qtbot.waitUntil(reached.is_set, timeout=30000)
    got = shown_previews(dialog)
    dialog.reject()  # closed while it is being made
    assert not dialog.isVisible() and not dialog.preview_busy
    assert not dialog.spinner.isVisible()
    opened.set()
    assert DRAWING.acquire(timeout=30)  # the worker ends ...
    DRAWING.release()
    qtbot.wait(100)  # ... and its result, polled for, is never shown
    assert got == [] and dialog.preview_label.pixmap().cacheKey() == before
    assert not dialog.error_label.isVisible()


def test_a_preview_that_fails_says_why_in_one_line(qtbot, dialog, monkeypatch):
    idle(qtbot, dialog)

    def broken(*args, **kwargs):
        raise ValueError("no room\nfor this")

    monkeypatch.setattr(roadmap, "render_preview", broken)
    dialog.refresh_preview()
    idle(qtbot, dialog)
    text = dialog.error_label.text()
    assert text == "The preview could not be drawn: ValueError: no room for this"
    assert dialog.error_label.isVisible() and not dialog.spinner.isVisible()
    assert not dialog.export_button.isEnabled()
    monkeypatch.undo()
    dialog.refresh_preview()  # drawn again: the message goes
    idle(qtbot, dialog)
    assert not dialog.error_label.isVisible() and dialog.export_button.isEnabled()


def test_an_export_waits_for_no_preview_and_draws_alone(qtbot, dialog, tmp_path):
    dialog.refresh_preview()  # being made while the export starts: it is cancelled
    assert dialog.export_to(tmp_path / "slide.png")
    assert (tmp_path / "slide.png").read_bytes().startswith(b"\x89PNG")
    idle(qtbot, dialog)  # and made again afterwards
    assert not dialog.preview_label.pixmap().isNull()
