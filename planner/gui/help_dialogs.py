"""The Help menu's windows: Keyboard shortcuts and About.

``ShortcutsDialog`` lists every shortcut of every action the window has, menu by menu,
read from the QActions when it opens (so the actions features add appear by
themselves), then the gestures of planner/gui/gestures.py; a field filters the list.
``about_text`` is what About says: the name, the version (the installed package's),
what the app is for, the roadmap file open, and the Qt and PySide6 versions.
"""

from __future__ import annotations

import html

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

import planner
from planner.gui.gestures import GESTURES
from planner.gui.plain_text import tip

__all__ = [
    "ShortcutsDialog",
    "about_text",
    "action_text",
    "keys_text",
    "listed_text",
    "show_about",
]

NATIVE = QKeySequence.SequenceFormat.NativeText
WHAT_IT_IS = (
    "A roadmap and deadline planner: plan on working days, drag to reschedule, and tell "
    "every team what moved and why. Every edit is saved as you make it."
)


def action_text(action: QAction) -> str:
    """An action's menu text without its mnemonic '&' and trailing '…'."""
    text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.rstrip("…").strip()


def listed_text(action: QAction) -> str:
    """What the shortcuts page calls an action: its ``help_text`` property when it has
    one (Undo and Redo, whose menu text names the edit they would undo), else its text."""
    fixed = action.property("help_text")
    return fixed if isinstance(fixed, str) and fixed else action_text(action)


def keys_text(action: QAction) -> str:
    """An action's shortcuts as the platform writes them, "" for none."""
    return ", ".join(k.toString(NATIVE) for k in action.shortcuts() if not k.isEmpty())


def _menu_actions(menu: QMenu) -> list[QAction]:
    """A menu's actions, its submenus' included, in menu order."""
    out: list[QAction] = []
    for act in menu.actions():
        sub = act.menu()
        if sub is not None:
            out.extend(_menu_actions(sub))
        elif not act.isSeparator():
            out.append(act)
    return out


def shortcut_sections(window: QMainWindow) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section, [(keys, what it does)]) of the window: each menu's actions that have a
    shortcut, then those that are in no menu ("Other"), then the gestures."""
    sections: list[tuple[str, list[tuple[str, str]]]] = []
    listed: set[int] = set()
    for top in window.menuBar().actions():
        menu = top.menu()
        if menu is None:
            continue
        rows = []
        for act in _menu_actions(menu):
            keys = keys_text(act)
            if keys and id(act) not in listed:
                listed.add(id(act))
                rows.append((keys, listed_text(act)))
        if rows:
            sections.append((action_text(top), rows))
    other = [(keys_text(a), listed_text(a)) for a in window.findChildren(QAction)
             if keys_text(a) and id(a) not in listed]  # fmt: skip
    if other:
        sections.append(("Other", other))
    sections.extend((place, list(rows)) for place, rows in GESTURES.items())
    return sections


class ShortcutsDialog(QDialog):
    """Help > Keyboard shortcuts: every shortcut and gesture, filterable."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setWindowTitle("Keyboard shortcuts")
        self.filter = QLineEdit()
        self.filter.setObjectName("shortcuts-filter")
        self.filter.setPlaceholderText("Filter: a key or a word")
        self.filter.setClearButtonEnabled(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Keys", "What it does"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        # both columns as wide as their longest text (a scroll bar when the dialog is
        # narrower): a long gesture reads in full, never ending in "…"
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.header().setStretchLastSection(False)
        for column in (0, 1):
            self.tree.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        bold = self.tree.font()
        bold.setBold(True)
        for section, rows in shortcut_sections(window):
            head = QTreeWidgetItem([section])
            head.setFont(0, bold)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(head)
            head.setFirstColumnSpanned(True)
            for keys, what in rows:
                row = QTreeWidgetItem([keys, what])
                row.setToolTip(1, tip(what))  # an undo's text names an item
                head.addChild(row)
            head.setExpanded(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.filter)
        lay.addWidget(self.tree)
        lay.addWidget(buttons)
        self.filter.textChanged.connect(self._filter)
        self.resize(1040, 680)

    def rows(self) -> list[tuple[str, str, str]]:
        """(section, keys, what) of every row shown now."""
        out = []
        for k in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(k)
            for j in range(head.childCount()):
                row = head.child(j)
                if not row.isHidden():
                    out.append((head.text(0), row.text(0), row.text(1)))
        return out

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for k in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(k)
            shown = 0
            for j in range(head.childCount()):
                row = head.child(j)
                hit = needle in f"{row.text(0)}\n{row.text(1)}\n{head.text(0)}".casefold()
                row.setHidden(not hit)
                shown += hit
            head.setHidden(shown == 0)


def about_text(window) -> str:
    """About's rich text (the file's path escaped)."""
    session = getattr(window, "session", None)
    path = str(session.path) if session is not None and session.path else "none (not saved)"
    return (
        f"<h3>Roadmap Planner {html.escape(planner.__version__)}</h3>"
        f"<p>{WHAT_IT_IS}</p>"
        f"<p>Roadmap file: <code>{html.escape(path)}</code></p>"
        f"<p>Qt {qVersion()} · "
        f"PySide6 {PySide6.__version__}</p>"
    )


def show_about(window: QMainWindow) -> None:
    """Help > About: a message box with ``about_text``."""
    box = QMessageBox(window)
    box.setWindowTitle("About Roadmap Planner")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_text(window))
    box.setIconPixmap(window.windowIcon().pixmap(64, 64))
    box.exec()
