"""Rename in place: F2, a double-click on a label or a bar, and new items (Ctrl+T /
Ctrl+M) open a line edit over the label; Enter and focus-out commit one edit, Esc
cancels; the editor follows scrolls and zooms."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from planner.app.sample import sample_plan
from planner.app.session import PlanSession
from planner.gui.app import create_main_window
from planner.gui.table import COL
from tests.gui.menu_driver import glyph_point

TODAY = date(2026, 11, 22)
PPD = 20.0


@pytest.fixture
def window(qtbot, sample_path, errors):
    w = create_main_window(sample_path, TODAY)
    w.reason_provider = None
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=2000)
    w.view.set_ppd(PPD)
    w.view.setFocus()
    yield w
    w.session.close()


def editor(window):
    return window.context_menus.commands.editor


def label_rect(window, item_id: str):
    """The viewport rectangle of an item's label, as the glyph draws it."""
    g = window.scene.glyphs[item_id]
    top_left = window.view.mapFromScene(g.mapToScene(g.label_x(), 0))
    return top_left


def type_into_focus(qtbot, text: str, key=None) -> None:
    """Type as a user does: into whatever has the keyboard focus."""
    target = QApplication.focusWidget()
    assert target is not None
    if text:
        qtbot.keyClicks(target, text)
    if key is not None:
        qtbot.keyClick(target, key)


def test_f2_typing_and_enter_rename_the_selected_item_in_one_undo_step(qtbot, window):
    window.select_item("api")
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    ed = editor(window)
    assert ed.isVisible() and ed.hasFocus()
    assert ed.text() == "Payments API" and ed.selectedText() == "Payments API"
    assert ed.font() == window.scene.glyphs["api"].font
    near = label_rect(window, "api")
    assert abs(ed.x() - near.x()) <= 4 and abs(ed.y() - near.y()) <= 1  # over the label

    type_into_focus(qtbot, "Payments API v2", Qt.Key.Key_Return)
    assert not ed.isVisible()
    assert window.session.plan.item("api").title == "Payments API v2"
    assert window.scene.glyphs["api"].label.startswith("Payments API v2")
    assert window.undo_history.count() == 1
    assert window.view.hasFocus()  # back to the timeline, so F2 / arrows work again
    window.undo_history.undo()
    assert window.session.plan.item("api").title == "Payments API"


def test_esc_cancels_and_nothing_changes(qtbot, window):
    window.select_item("cart")
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    type_into_focus(qtbot, "Something else", Qt.Key.Key_Escape)
    assert not editor(window).isVisible()
    assert window.session.plan == sample_plan(TODAY)
    assert window.undo_history.count() == 0


def test_empty_unchanged_and_control_characters(qtbot, window, errors):
    ed = editor(window)
    window.select_item("cart")
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    type_into_focus(qtbot, "", Qt.Key.Key_Return)  # unchanged: no edit
    assert window.undo_history.count() == 0

    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    type_into_focus(qtbot, "   ", Qt.Key.Key_Return)  # empty: no edit, said in one line
    assert window.undo_history.count() == 0
    assert window.statusBar().currentMessage() == "A title can't be empty: the old one is kept"
    assert errors == []

    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    ed.setText("Cart\x1b[31m &\tpricing\u202e\n")  # pasted from somewhere
    type_into_focus(qtbot, "", Qt.Key.Key_Return)
    assert window.session.plan.item("cart").title == "Cart[31m & pricing"


def test_a_double_click_on_the_label_or_the_bar_opens_the_editor(qtbot, window):
    vp = window.view.viewport()
    qtbot.mouseDClick(vp, Qt.MouseButton.LeftButton, pos=glyph_point(window, "shell", "label"))
    ed = editor(window)
    assert ed.isVisible() and ed.item_id == "shell" and window.selected_item_id() == "shell"
    assert ed.selectedText() == "Checkout page shell"
    before = window.session.schedule.dates("shell")
    type_into_focus(qtbot, "Checkout shell", Qt.Key.Key_Enter)
    assert window.session.plan.item("shell").title == "Checkout shell"
    assert window.session.schedule.dates("shell") == before  # the clicks moved nothing

    qtbot.mouseDClick(vp, Qt.MouseButton.LeftButton, pos=glyph_point(window, "freeze"))
    assert ed.isVisible() and ed.item_id == "freeze"


def test_clicking_elsewhere_commits(qtbot, window):
    window.select_item("pay")
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    type_into_focus(qtbot, "Payment form v2")
    window.inspector.notes.setFocus()  # the user clicks into another field
    qtbot.waitUntil(lambda: not editor(window).isVisible(), timeout=2000)
    assert window.session.plan.item("pay").title == "Payment form v2"
    assert window.undo_history.count() == 1


def test_the_editor_follows_scrolling_and_zooming(qtbot, window):
    window.select_item("api")
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    ed = editor(window)
    start = ed.pos()
    h = window.view.horizontalScrollBar()
    h.setValue(h.value() + 60)
    assert ed.pos() == QPoint(start.x() - 60, start.y())
    window.view.zoom_by(1.5)
    qtbot.waitUntil(lambda: abs(ed.x() - label_rect(window, "api").x()) <= 4, timeout=2000)
    assert ed.isVisible() and ed.hasFocus()
    type_into_focus(qtbot, "Payments API v3", Qt.Key.Key_Return)
    assert window.session.plan.item("api").title == "Payments API v3"


def test_ctrl_t_and_ctrl_m_make_an_item_ready_to_be_named(qtbot, window):
    window.select_item("api")
    qtbot.keyClick(window.view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    new = window.selected_item_id()
    assert new != "api" and window.session.plan.item(new).title == "New task"
    ed = editor(window)
    assert ed.isVisible() and ed.item_id == new and ed.selectedText() == "New task"
    type_into_focus(qtbot, "Refund flow", Qt.Key.Key_Return)
    assert window.session.plan.item(new).title == "Refund flow"
    assert window.undo_history.count() == 1  # the add and its first name: one step
    assert window.undo_history.undo_action.text() == "&Undo Add Refund flow"  # not New task
    window.undo_history.undo()  # one Ctrl+Z takes the whole new item back
    assert not window.session.plan.has_item(new)
    assert window.statusBar().currentMessage() == "Undone: Add Refund flow"
    window.undo_history.redo()
    assert window.session.plan.item(new).title == "Refund flow"
    assert window.statusBar().currentMessage() == "Redone: Add Refund flow"

    qtbot.keyClick(window.view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    ms = window.selected_item_id()
    assert window.session.plan.item(ms).is_milestone and ed.item_id == ms
    type_into_focus(qtbot, "Refunds live", Qt.Key.Key_Return)
    assert window.session.plan.item(ms).title == "Refunds live"


def test_an_item_that_goes_away_closes_the_editor_without_an_edit(qtbot, window):
    qtbot.keyClick(window.view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    new = window.selected_item_id()
    type_into_focus(qtbot, "Half typed")
    window.undo_history.undo()  # the add is undone under the editor
    assert not window.session.plan.has_item(new)
    assert not editor(window).isVisible() and not editor(window).is_open
    assert window.session.plan == sample_plan(TODAY)


def test_on_the_table_tab_f2_and_ctrl_t_edit_the_title_cell(qtbot, window):
    window.tabs.setCurrentWidget(window.table)
    view = window.table.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    new = window.selected_item_id()
    qtbot.waitUntil(lambda: view.state() == view.State.EditingState, timeout=2000)
    assert view.currentIndex().column() == COL["title"]
    type_into_focus(qtbot, "Tax rules", Qt.Key.Key_Return)  # the table commits queued
    qtbot.waitUntil(lambda: window.session.plan.item(new).title == "Tax rules", timeout=2000)
    assert not editor(window).isVisible()  # the timeline's editor stays closed

    window.select_item("cart")
    dur = window.table.proxy.mapFromSource(
        window.table.model.index(window.session.plan.item_index["cart"], COL["duration"])
    )
    view.setCurrentIndex(dur)
    qtbot.keyClick(view, Qt.Key.Key_F2)  # the table's own F2: the current cell
    qtbot.waitUntil(lambda: view.state() == view.State.EditingState, timeout=2000)
    assert view.currentIndex().column() == COL["duration"]


def test_a_read_only_window_opens_no_editor(qtbot, sample_path, errors):
    writer = PlanSession.open(sample_path)
    try:
        w = create_main_window(sample_path, TODAY)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        w.select_item("api")
        assert not w.actions_["rename_item"].isEnabled()
        qtbot.keyClick(w.view, Qt.Key.Key_F2)
        vp = w.view.viewport()
        qtbot.mouseDClick(vp, Qt.MouseButton.LeftButton, pos=glyph_point(w, "api", "label"))
        assert not w.context_menus.commands.editor.isVisible()
        assert w.session.plan.item("api").title == "Payments API"
        w.session.close()
    finally:
        writer.close()


def test_f2_on_another_tab_renames_on_the_timeline(qtbot, window):
    tabs = window.tabs
    other = next(tabs.widget(k) for k in range(tabs.count()) if tabs.tabText(k) == "Deadlines")
    tabs.setCurrentWidget(other)
    window.select_item("api")
    window.actions_["rename_item"].trigger()
    assert tabs.currentWidget() is window.view
    ed = editor(window)
    qtbot.waitUntil(ed.hasFocus, timeout=2000)
    type_into_focus(qtbot, "Payments API v2", Qt.Key.Key_Return)
    assert window.session.plan.item("api").title == "Payments API v2"
