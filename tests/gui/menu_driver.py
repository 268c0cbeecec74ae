"""Driving the timeline's context menus as a user does, for the GUI tests: a right-click
on the view's viewport (a real QContextMenuEvent), then a click on an entry of the menu
that popped up (submenus opened by hovering their entry)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu


def glyph_point(window, item_id: str, where: str = "bar") -> QPoint:
    """Viewport point on an item's bar (or diamond) or on its label (scrolled to first)."""
    window.view.ensure_item_visible(item_id)
    g = window.scene.glyphs[item_id]
    if where == "label":
        x = g.label_x() + min(g.label_w / 2, 20)
    else:
        x = 0.0 if g.milestone else g.width / 2
    return window.view.mapFromScene(g.mapToScene(QPointF(x, g.rows.mid)))


def right_click(window, pos: QPoint, widget=None) -> QMenu:
    """Right-click ``widget`` (the timeline's viewport by default) at ``pos``: the menu
    that pops up."""
    widget = widget or window.view.viewport()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, widget.mapToGlobal(pos))
    QApplication.sendEvent(widget, event)
    menu = window.context_menus.last_menu
    assert menu is not None and menu.isVisible()
    return menu


def entry(menu: QMenu, text: str):
    """The menu's entry whose text (without '&') starts with ``text``."""
    for act in menu.actions():
        if act.text().replace("&&", "\0").replace("&", "").replace("\0", "&").startswith(text):
            return act
    names = [a.text() for a in menu.actions() if not a.isSeparator()]
    raise AssertionError(f"no entry {text!r} in {names}")


def choose(qtbot, menu: QMenu, *path: str) -> None:
    """Click the entries ``path`` (submenus first) as a user does."""
    for k, text in enumerate(path):
        act = entry(menu, text)
        assert act.isEnabled(), f"{text!r} is disabled"
        where = menu.actionGeometry(act).center()
        if k < len(path) - 1:
            menu.setActiveAction(act)
            sub = act.menu()
            qtbot.waitUntil(sub.isVisible)
            menu = sub
        else:
            qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=where)


def enabled(menu: QMenu) -> dict[str, bool]:
    """Every entry's text (no '&', no shortcut) and whether it is enabled."""
    return {a.text().replace("&", ""): a.isEnabled() for a in menu.actions() if not a.isSeparator()}
