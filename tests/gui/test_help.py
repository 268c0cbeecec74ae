"""Help > Keyboard shortcuts lists every action's shortcut (features' included) and the
timeline's gestures; About names the version, the file and Qt; Ctrl+S says every edit
is already saved."""

from __future__ import annotations

import PySide6
import pytest
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction

import planner
from planner.gui.gestures import GESTURES
from planner.gui.help_dialogs import (
    ShortcutsDialog,
    about_text,
    action_text,
    keys_text,
    listed_text,
)
from planner.gui.main_window import SAVED


def menu_action(window, menu_title: str, text: str) -> QAction:
    menu = window.menu(menu_title)
    return next(a for a in menu.actions() if action_text(a) == text)


@pytest.fixture
def shortcuts(window, qtbot, monkeypatch):
    """The dialog Help > Keyboard shortcuts opens (captured instead of run modally)."""
    opened = []
    monkeypatch.setattr(ShortcutsDialog, "exec", lambda self: opened.append(self) or 0)
    menu_action(window, "&Help", "Keyboard shortcuts").trigger()
    assert len(opened) == 1
    qtbot.addWidget(opened[0])
    return opened[0]


def test_every_action_with_a_shortcut_is_listed(window, shortcuts):
    with_keys = [a for a in window.findChildren(QAction) if keys_text(a)]
    assert len(with_keys) > 20  # the window's own, the undo stack's and the features'
    listed = {(keys, what) for _, keys, what in shortcuts.rows()}
    for a in with_keys:
        assert (keys_text(a), listed_text(a)) in listed, action_text(a)
    # features' actions are there, under their menus
    rows = shortcuts.rows()
    assert ("Edit", "Ctrl+F", "Find") in rows
    assert ("View", "Ctrl+Shift+F", "Show forecast") in rows
    assert ("File", "Ctrl+S", "Save") in rows
    assert ("Help", "F1", "Keyboard shortcuts") in rows
    assert ("Edit", "Ctrl+Shift+Z, Ctrl+Y", "Redo the last edit") in rows


def test_undo_is_listed_by_what_it_does_not_by_the_edit_it_would_undo(window, qtbot, monkeypatch):
    from planner.domain.edits import UpdateItem

    first = window.session.plan.items[0]
    window.session.apply(UpdateItem.of(first.id, title="Payment form, renamed"))
    window.undo_history.refresh()
    assert "Edit title" in action_text(window.undo_history.undo_action)  # names the edit
    opened = []
    monkeypatch.setattr(ShortcutsDialog, "exec", lambda self: opened.append(self) or 0)
    menu_action(window, "&Help", "Keyboard shortcuts").trigger()
    qtbot.addWidget(opened[0])
    whats = [what for _, keys, what in opened[0].rows()]
    assert "Undo the last edit" in whats
    assert not any("Edit title" in w for w in whats)
    tree = opened[0].tree
    longest = max(whats, key=tree.fontMetrics().horizontalAdvance)
    assert tree.header().sectionSize(1) >= tree.fontMetrics().horizontalAdvance(longest)


def test_the_gestures_follow_and_the_filter_narrows_the_list(shortcuts, qtbot):
    rows = shortcuts.rows()
    for place, gestures in GESTURES.items():
        for keys, what in gestures:
            assert (place, keys, what) in rows
    assert ("Timeline", "Ctrl+Wheel", "Zoom in or out around the mouse") in rows
    qtbot.keyClicks(shortcuts.filter, "zoom")
    shown = shortcuts.rows()
    assert shown and all("zoom" in f"{k} {w}".lower() for _, k, w in shown)
    assert ("Timeline", "Ctrl+Wheel", "Zoom in or out around the mouse") in shown
    assert ("View", "Ctrl+1", "Weeks") not in shown  # "Zoom to weeks" is its tip, not its text
    shortcuts.filter.clear()
    assert shortcuts.rows() == rows


def test_f1_opens_the_list(window, qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(ShortcutsDialog, "exec", lambda self: opened.append(self) or 0)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F1)
    assert len(opened) == 1
    qtbot.addWidget(opened[0])


def test_about_names_the_version_the_file_and_qt(window, errors):
    text = about_text(window)
    assert f"Roadmap Planner {planner.__version__}" in text
    assert str(window.session.path) in text
    assert f"Qt {qVersion()}" in text and f"PySide6 {PySide6.__version__}" in text
    menu_action(window, "&Help", "About Roadmap Planner").trigger()
    assert errors == [text]  # the message box shown (captured by the fixture)


def test_about_escapes_the_path(window, tmp_path):
    assert window.save_copy_to(tmp_path / "<b>R&D.roadmap")
    text = about_text(window)
    assert "&lt;b&gt;R&amp;D.roadmap" in text and "<b>R" not in text


def test_ctrl_s_says_every_edit_is_saved(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == SAVED
    assert menu_action(window, "&File", "Save").shortcut().toString() == "Ctrl+S"
