"""Edit > Find (Ctrl+F): typing into the real find field filters the timeline (dimmed
glyphs) and the table (filtered rows), selects the first match, Enter / F3 and
Shift+Enter / Shift+F3 step through the matches, Esc clears the filter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from planner.domain.edits import UpdateItem
from planner.gui.find_feature import DIMMED, matching_ids

SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def win(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.view.setFocus()
    return window


def find(win, qtbot, text: str):
    """Ctrl+F on the timeline, then type ``text`` into the find field."""
    qtbot.keyClick(win.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = win.find_feature.bar
    assert bar.isVisible() and bar.field.hasFocus()
    qtbot.keyClicks(bar.field, text)
    return bar


def dimmed(win) -> set[str]:
    return {i for i, g in win.scene.glyphs.items() if g.opacity() == pytest.approx(DIMMED)}


def table_ids(win) -> set[str]:
    """The rows of the table, shown (a hidden table is filtered once it shows)."""
    win.actions_["show_table"].trigger()
    t = win.table
    assert t.isVisible()
    return {t.model.item_id(t.proxy.mapToSource(t.proxy.index(r, 0)).row())
            for r in range(t.proxy.rowCount())}  # fmt: skip


def test_typing_filters_the_timeline_and_the_table_and_selects_the_first_match(win, qtbot):
    bar = find(win, qtbot, "CART")  # case-insensitive: "Cart & pricing UI", "In-app cart"
    assert bar.count.text() == "1 of 2"
    assert set(win.find_feature.matches) == {"cart", "mcart"}
    # web's lane is above mobile's: reading order puts the web item first
    assert win.find_feature.matches == ["cart", "mcart"]
    assert win.selected_item_id() == "cart"
    assert dimmed(win) == set(win.scene.glyphs) - {"cart", "mcart"}
    assert win.scene.glyphs["cart"].opacity() == 1.0
    # the selected match is scrolled into view
    seen = win.view.mapToScene(win.view.viewport().rect()).boundingRect()
    assert seen.intersects(win.scene.glyphs["cart"].sceneBoundingRect())
    assert table_ids(win) == {"cart", "mcart"}
    assert win.table.selected_item_id() == "cart"
    # typing on while the table is in front filters it at once
    qtbot.keyClicks(bar.field, " & pricing")
    assert table_ids(win) == {"cart"} and bar.count.text() == "1 of 1"


def test_ids_match_too_and_nothing_matching_says_so(win, qtbot):
    bar = find(win, qtbot, "webqa")
    assert win.find_feature.matches == ["webqa"] and bar.count.text() == "1 of 1"
    assert win.selected_item_id() == "webqa"
    qtbot.keyClicks(bar.field, "zz")
    assert bar.count.text() == "No match"
    assert table_ids(win) == set()
    assert dimmed(win) == set(win.scene.glyphs)
    assert win.selected_item_id() == "webqa"  # nothing new to select: it stays


def test_enter_and_f3_step_forward_shift_steps_back_wrapping_round(win, qtbot):
    bar = find(win, qtbot, "api")  # Payments API, API freeze, API docs out
    found = win.find_feature.matches
    assert len(found) == 3 and bar.count.text() == "1 of 3"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert win.selected_item_id() == found[1] and bar.count.text() == "2 of 3"
    qtbot.keyClick(bar.field, Qt.Key.Key_F3)
    assert win.selected_item_id() == found[2] and bar.count.text() == "3 of 3"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert win.selected_item_id() == found[0]  # wraps round
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, SHIFT)
    assert win.selected_item_id() == found[2] and bar.count.text() == "3 of 3"
    qtbot.keyClick(bar.field, Qt.Key.Key_F3, SHIFT)
    assert win.selected_item_id() == found[1]
    # the strip's arrows do the same
    qtbot.mouseClick(bar.next_button, Qt.MouseButton.LeftButton)
    assert win.selected_item_id() == found[2]
    qtbot.mouseClick(bar.previous_button, Qt.MouseButton.LeftButton)
    assert win.selected_item_id() == found[1]


def test_f3_from_the_timeline_goes_on_with_the_search(win, qtbot):
    bar = find(win, qtbot, "launch")  # Web launch, Store launch, Launch retrospective
    first = win.selected_item_id()
    win.view.setFocus()
    qtbot.keyClick(win.view, Qt.Key.Key_F3)
    assert win.selected_item_id() == win.find_feature.matches[1] != first
    assert bar.count.text() == "2 of 3"


def test_esc_closes_the_strip_and_shows_every_item_again(win, qtbot):
    bar = find(win, qtbot, "payment")
    assert dimmed(win) and len(table_ids(win)) < len(win.scene.glyphs)
    selected = win.selected_item_id()
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert dimmed(win) == set()
    assert win.scene.arrows.opacity() == 1.0
    assert table_ids(win) == set(win.scene.glyphs)
    assert win.selected_item_id() == selected
    # Ctrl+F again brings the last text back, selected, and filters again
    qtbot.keyClick(win.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert bar.field.selectedText() == "payment"
    assert dimmed(win)


def test_the_close_button_ends_the_search(win, qtbot):
    bar = find(win, qtbot, "store")
    qtbot.mouseClick(bar.close_button, Qt.MouseButton.LeftButton)
    assert not bar.isVisible() and dimmed(win) == set()


def test_an_edit_keeps_the_search_and_finds_again(win, qtbot):
    bar = find(win, qtbot, "cart")
    assert bar.count.text() == "1 of 2"
    win.apply_edit(UpdateItem.of("pay", title="Cart payment form"))
    assert set(win.find_feature.matches) == {"cart", "mcart", "pay"}
    assert "pay" not in dimmed(win) and "pay" in table_ids(win)
    assert win.selected_item_id() == "cart"  # the selection stays on its match
    assert bar.count.text() == f"{win.find_feature.matches.index('cart') + 1} of 3"
    # a structural change rebuilds the glyphs: the new ones are dimmed again
    win.undo_history.undo_action.trigger()
    win.apply_edit(UpdateItem.of("ut", team="web"))
    assert dimmed(win) == set(win.scene.glyphs) - {"cart", "mcart"}


def test_matching_ids_ignores_case_and_blank_text(window):
    plan = window.session.plan
    assert matching_ids(plan, "  ") == [it.id for it in plan.items]
    assert matching_ids(plan, "PAYMENTS") == ["schema", "api"]
