"""The window's actions, declared once: text, icon, shortcut and tip, keyed by name.

``create_actions(parent)`` makes every QAction; the window connects them. Icons are
the SVG files in ``resources/icons``. ``show_shortcuts(toolbar)`` makes the tooltip of
each of a toolbar's buttons end in its action's shortcut ("Undo Link A → B (Ctrl+Z)"),
whatever the tooltip is by then.
"""

from __future__ import annotations

import html
from functools import cache

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QHelpEvent, QIcon, QKeySequence
from PySide6.QtGui import Qt as GuiQt  # the namespace with mightBeRichText
from PySide6.QtWidgets import QToolBar, QToolTip, QWidget

from planner.app.sample import resource_path
from planner.gui.plain_text import tip as plain_tip
from planner.gui.themed_icons import themed_icon

StdKey = QKeySequence.StandardKey

# name: (text, icon file or "", shortcut (str or StandardKey) or None, status tip)
ACTIONS = {
    "new": ("&New roadmap…", "new", StdKey.New, "Create an empty roadmap file"),
    "open": ("&Open…", "open", StdKey.Open, "Open a roadmap file"),
    "save": ("&Save", "", StdKey.Save, "Every edit is already saved as you make it"),
    "save_as": ("Save &As…", "save-as", StdKey.SaveAs, "Save a copy of this roadmap and open it"),
    "quit": ("&Quit", "", StdKey.Quit, "Close the app (every edit is already saved)"),
    "add_task": ("Add &task", "add-task", "Ctrl+T", "Add a task to the selected item's team"),
    "add_milestone": ("Add &milestone", "add-milestone", "Ctrl+M", "Add a milestone"),
    "rename_item": ("&Rename item", "", "F2", "Rename the selected item in place"),
    "delete_item": ("&Delete item", "delete", StdKey.Delete, "Delete the selected item"),
    "zoom_in": ("Zoom &in", "zoom-in", StdKey.ZoomIn, "Show fewer days (Ctrl+wheel)"),
    "zoom_out": ("Zoom &out", "zoom-out", StdKey.ZoomOut, "Show more days (Ctrl+wheel)"),
    "zoom_weeks": ("&Weeks", "", "Ctrl+1", "Zoom to weeks"),
    "zoom_months": ("&Months", "", "Ctrl+2", "Zoom to months"),
    "zoom_quarters": ("&Quarters", "", "Ctrl+3", "Zoom to quarters"),
    "fit_all": (
        "&Fit all",
        "fit",
        "Ctrl+0",
        "Zoom so the plan's items and their labels fill the width, and its lanes the height",
    ),
    "taller_rows": (
        "T&aller rows",
        "",
        "Ctrl+Shift+Up",
        "Show the timeline's rows taller, up to their default height",
    ),
    "shorter_rows": (
        "S&horter rows",
        "",
        "Ctrl+Shift+Down",
        "Show the timeline's rows shorter, to see more of them at once",
    ),
    "today": ("Go to &today", "today", "Ctrl+Home", "Scroll to today"),
    "teams": ("&Teams…", "teams", None, "Add, rename, recolour and reorder lanes"),
    "sprints": ("&Sprints…", "sprints", None, "Set a sprint cadence or edit sprints"),
    "show_table": ("Item &table", "", "Ctrl+Shift+T", "Edit every item in a table"),
    "show_timeline": ("Time&line", "", "Ctrl+Shift+L", "Show the timeline"),
    "show_dependencies": ("&Dependency arrows", "", "Ctrl+Shift+D", "Show or hide the arrows"),
    "about": ("&About Roadmap Planner", "", None, ""),
}


@cache
def icon(name: str) -> QIcon:
    """An icon from resources/icons, in the scheme's colours (empty if the file is missing)."""
    return themed_icon(resource_path(f"icons/{name}.svg"))


def create_actions(parent) -> dict[str, QAction]:
    out = {}
    for name, (text, icon_name, shortcut, tip) in ACTIONS.items():
        act = QAction(text, parent)
        if icon_name:
            act.setIcon(icon(icon_name))
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setStatusTip(tip)
            act.setToolTip(f"{text.replace('&', '').rstrip('…')} — {tip}")
        out[name] = act
    return out


def tooltip_with_shortcut(action: QAction) -> str:
    """``action``'s tooltip ending in its shortcut, e.g. "Undo (Ctrl+Z)", as rich text
    (a plain tooltip is escaped: an undo's names a title)."""
    text = action.toolTip()
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    if GuiQt.mightBeRichText(text):
        return text + (html.escape(f" ({keys})") if keys else "")
    return plain_tip(f"{text} ({keys})" if keys else text)


class _ShortcutTips(QObject):
    """Shows a toolbar button's tooltip with its shortcut when the tooltip is asked for."""

    def __init__(self, toolbar: QToolBar) -> None:
        super().__init__(toolbar)
        self._actions: dict[QWidget, QAction] = {}
        for action in toolbar.actions():
            button = toolbar.widgetForAction(action)
            if button is not None and not action.isSeparator():
                self._actions[button] = action
                button.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        action = self._actions.get(watched) if isinstance(watched, QWidget) else None
        if action is None or event.type() != QEvent.Type.ToolTip:
            return False
        assert isinstance(event, QHelpEvent) and isinstance(watched, QWidget)
        QToolTip.showText(event.globalPos(), tooltip_with_shortcut(action), watched)
        return True


def show_shortcuts(toolbar: QToolBar) -> None:
    """Make the tooltips of ``toolbar``'s buttons (those it has now) name their shortcuts."""
    _ShortcutTips(toolbar)
