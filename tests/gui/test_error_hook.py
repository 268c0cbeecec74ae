"""Unexpected errors in the app: a message and a log file, never a traceback on screen."""

import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from planner.app.settings import data_dir
from planner.gui.app import install_error_hook


def test_unexpected_error_is_logged_and_shown(qtbot, monkeypatch):
    shown = []
    formats = []

    def exec_(box):
        shown.append(box.text())
        formats.append(box.textFormat())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_error_hook()
    try:
        raise ValueError("boom in a slot")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    assert "Something went wrong: boom in a slot" in shown[0]
    assert formats == [Qt.TextFormat.PlainText]  # an error's text is never read as markup
    assert "saved in the roadmap file" in shown[0]
    log = (data_dir() / "errors.log").read_text()
    assert "Traceback" in log and "ValueError: boom in a slot" in log
