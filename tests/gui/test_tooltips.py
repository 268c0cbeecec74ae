"""Every toolbar button and every status-bar widget of the window says what it does in a
tooltip (more than its own text), once every feature is installed."""

from __future__ import annotations

from PySide6.QtWidgets import QSizeGrip, QToolBar, QToolButton, QWidget


def test_every_toolbar_button_has_a_tooltip(window):
    bars = window.findChildren(QToolBar)
    assert bars
    buttons = 0
    for bar in bars:
        for action in bar.actions():
            if action.isSeparator():
                continue
            button = bar.widgetForAction(action)
            assert isinstance(button, QToolButton)
            text = action.text().replace("&", "").rstrip("…")
            assert button.toolTip(), text
            assert button.toolTip() != text, f"{text}: the tooltip says only the name"
            buttons += 1
    assert buttons >= 14


def test_every_status_bar_widget_has_a_tooltip(window):
    bar = window.statusBar()
    shown = [
        w
        for w in bar.findChildren(QWidget)
        if w.parent() is bar and w.isVisibleTo(window) and not isinstance(w, QSizeGrip)
    ]
    assert len(shown) >= 3  # the counts, and the baseline's label and box
    for w in shown:
        assert w.toolTip(), f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}"


def _tooltip_shown(qtbot, button: QToolButton) -> str:
    """Rest the mouse on ``button`` and return the tooltip Qt shows, as plain text."""
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent, QTextDocumentFragment
    from PySide6.QtWidgets import QApplication, QToolTip

    QToolTip.hideText()
    centre = button.rect().center()
    qtbot.mouseMove(button, centre)
    event = QHelpEvent(QEvent.Type.ToolTip, centre, button.mapToGlobal(centre + QPoint()))
    QApplication.sendEvent(button, event)
    qtbot.waitUntil(QToolTip.isVisible)
    return QTextDocumentFragment.fromHtml(QToolTip.text()).toPlainText()


def test_toolbar_tooltips_name_their_shortcut_even_as_undo_renames_itself(window, qtbot):
    from datetime import date

    from planner.domain.edits import MoveItem

    bar = window.toolbar
    a = window.actions_
    add = bar.widgetForAction(a["add_task"])
    assert _tooltip_shown(qtbot, add).endswith("(Ctrl+T)")
    window.apply_edit(MoveItem("api", date(2026, 11, 10)))
    undo = bar.widgetForAction(a["undo"])
    shown = _tooltip_shown(qtbot, undo)
    assert shown.startswith("Undo Move Payments API") and shown.endswith("(Ctrl+Z)")
