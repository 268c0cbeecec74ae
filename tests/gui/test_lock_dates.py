"""Lock dates freezes the dates shown: an item its dependencies hold later than planned
is locked on its scheduled dates (one edit), so nothing moves and no conflict appears,
from the item menu, the inspector's checkbox and the menu of several."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from tests.gui.menu_driver import choose, glyph_point, right_click

from .test_context_menus import window as window
from .test_timeline import all_dates


def test_lock_dates_from_the_item_menu_keeps_the_scheduled_dates(qtbot, window):
    s = window.session
    # Web's page shell is planned for Mon 9 Nov; the wireframes hold it to Wed 18 Nov
    assert s.plan.item("shell").start == date(2026, 11, 9)
    assert s.schedule.dates("shell")[0] == date(2026, 11, 18)
    before, violations = all_dates(s), s.schedule.violations
    choose(qtbot, right_click(window, glyph_point(window, "shell")), "Lock dates")
    it = s.plan.item("shell")
    assert it.locked and it.start == date(2026, 11, 18)
    assert all_dates(s) == before and s.schedule.violations == violations
    assert window.undo_history.count() == 1
    assert window.undo_history.undo_text() == "Lock dates of Checkout page shell"
    choose(qtbot, right_click(window, glyph_point(window, "shell")), "Unlock dates")
    assert not s.plan.item("shell").locked and s.plan.item("shell").start == date(2026, 11, 18)
    window.undo_history.undo()
    window.undo_history.undo()
    assert s.plan.item("shell").start == date(2026, 11, 9) and not s.plan.item("shell").locked


def test_the_inspectors_locked_box_keeps_the_scheduled_dates(qtbot, window):
    s = window.session
    window.select_item("iap")  # planned Mon 23 Nov, held to Tue 1 Dec by the cart
    before, violations = all_dates(s), s.schedule.violations
    box = window.inspector.locked
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().center())
    it = s.plan.item("iap")
    assert it.locked and it.start == date(2026, 12, 1)
    assert all_dates(s) == before and s.schedule.violations == violations
    assert window.undo_history.count() == 1
