"""Hover cards: resting the mouse on a bar or a diamond shows what it stands for (dates,
slack, driver, deadline, progress, locked), escaped; a deadline mark keeps its own
tooltip; the card is made when asked for, from the session as it is now.

The sample roadmap (today Sun 22 Nov 2026): Payments API (Backend) runs Mon 9 Nov →
Mon 23 Nov, driven by Vendor SDK integration (SS, lag 3); Store launch is locked.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QPointF
from PySide6.QtGui import QHelpEvent, QTextDocumentFragment
from PySide6.QtWidgets import QApplication, QToolTip

from planner.domain.edits import UpdateItem
from planner.gui.timeline_hover import card_lines, driver_text

TODAY = date(2026, 11, 22)


def seen(rich: str) -> str:
    """What a person reads of a rich tooltip."""
    return QTextDocumentFragment.fromHtml(rich).toPlainText().replace("\xa0", " ")


def hover(qtbot, window, scene_x: float, scene_y: float) -> bool:
    """Rest the mouse at a scene point of the timeline: move there, then the tooltip
    event Qt sends after a pause. True when the view took the event."""
    view = window.view
    pos = view.mapFromScene(QPointF(scene_x, scene_y))
    qtbot.mouseMove(view.viewport(), pos)
    event = QHelpEvent(QEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), event)
    return view.hover_cards.shown_for is not None


def glyph_point(window, item_id: str, dx: float | None = None) -> tuple[float, float]:
    g = window.scene.glyphs[item_id]
    window.view.ensure_item_visible(item_id)
    x = g.x0 + (g.width / 2 if dx is None else dx)
    return x, g.y0 + g.rows.mid


def test_hovering_a_bar_shows_its_card(window, qtbot):
    assert hover(qtbot, window, *glyph_point(window, "api"))
    assert window.view.hover_cards.shown_for == "api"
    assert QToolTip.isVisible()
    text = seen(QToolTip.text())
    s = window.session
    first, last = s.schedule.dates("api")
    assert text.startswith("Payments API\nTask · Backend\n")
    assert f"{first:%a} {first.day} {first:%b} → {last:%a} {last.day} {last:%b}" in text
    assert "(10 working days)" in text
    assert "Slack: " in text
    assert "Driver: " + driver_text(s.plan, s.schedule, "api", TODAY) in text
    QToolTip.hideText()


def test_hovering_empty_timeline_shows_no_card(window, qtbot):
    x, y = glyph_point(window, "api")
    assert not hover(qtbot, window, x, y - 200)  # above the lanes' bars
    assert window.view.hover_cards.shown_for is None


def test_a_diamond_card_says_its_driver_in_words_with_the_drivers_title(window, qtbot):
    assert hover(qtbot, window, *glyph_point(window, "freeze", dx=0))
    text = seen(QToolTip.text())
    assert text.startswith("API freeze\nMilestone · Backend\nOn ")
    assert "Driver: starts when Payments API finishes (FS)" in text
    QToolTip.hideText()


def test_the_card_follows_the_plan_deadline_late_and_room_progress_locked(window):
    s = window.session
    plan = s.plan
    lines = card_lines(plan, s.schedule, "store", TODAY)
    assert "Locked: a fixed date, it never moves" in lines
    assert "Driver: locked on a fixed date" in lines
    # Invoices page: deadline Wed 9 Dec, scheduled to Thu 10 Dec; shorter, it has room
    assert card_lines(plan, s.schedule, "invoices", TODAY) == [
        "Invoices page",
        "Task · Web",
        "Fri 4 Dec → Thu 10 Dec (5 working days)",
        "Slack: -1 working day, it is critical",  # a day behind its deadline
        "Driver: starts when Ledger reconciliation finishes (FS)",
        "Deadline Wed 9 Dec: late by 1 working day",
    ]
    window.apply_edit(UpdateItem.of("invoices", duration=2, progress=40))
    lines = card_lines(s.plan, s.schedule, "invoices", TODAY)
    assert "Fri 4 Dec → Mon 7 Dec (2 working days)" in lines
    assert "Deadline Wed 9 Dec: 2 working days of room" in lines
    assert "Progress: 40%" in lines
    assert "Task · Web" in lines


def test_a_lag_and_a_lead_read_as_working_days_after_and_before(window):
    s = window.session
    assert driver_text(s.plan, s.schedule, "billing", TODAY) == (
        "starts 1 working day after Payments API finishes (FS, lag 1)"
    )
    assert driver_text(s.plan, s.schedule, "disc", TODAY) == "its own planned date"


def test_a_deadline_mark_keeps_its_own_tooltip(window, qtbot):
    g = window.scene.glyphs["invoices"]
    assert g.deadline_dx is not None
    x, y = glyph_point(window, "invoices", dx=g.deadline_dx)
    assert not hover(qtbot, window, x, y)  # the scene shows the mark's tooltip instead
    assert "Deadline" in seen(g.toolTip())


def test_titles_in_the_card_are_escaped(window, qtbot):
    window.apply_edit(UpdateItem.of("api", title="<img src=x> & <b>bold</b>"))
    assert hover(qtbot, window, *glyph_point(window, "api"))
    rich = QToolTip.text()
    assert "<img" not in rich and "&lt;img src=x&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in rich
    assert "billing" not in rich  # ids are not shown
    QToolTip.hideText()
