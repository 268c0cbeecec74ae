"""Edit > Find… (Ctrl+F): a strip above the timeline and the table that finds items.

Typing filters: an item matches when its title or its id holds the text, ignoring case.
The first match is selected and scrolled into view; Enter or F3 goes to the next one,
Shift+Enter or Shift+F3 to the previous one (wrapping round), and the strip counts them
("3 of 12"). On the timeline the items that don't match are dimmed (each glyph's
opacity; nothing is rebuilt), on the table they are filtered out (the table's proxy).
Esc or the strip's close button ends the search and shows every item again. Edits
keep the search: the matches are found again after each change.

Matches go in the timeline's reading order: lane by lane, top to bottom, then left to
right.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QWidget,
)

from planner.app.changes import Changes
from planner.domain.model import Plan
from planner.gui.host import WindowHost
from planner.gui.plain_text import plain_label
from planner.gui.table import ItemTableWidget
from planner.gui.timeline_scene import TimelineScene
from planner.gui.timeline_view import TimelineView

__all__ = ["DIMMED", "FindBar", "FindFeature", "install", "matching_ids"]

DIMMED = 0.22  # the opacity of an item that does not match
ARROWS_DIMMED = 0.35  # of the dependency arrows while a search is on


def install(window: WindowHost) -> None:
    window.find_feature = FindFeature(window)  # type: ignore[attr-defined]


def matching_ids(plan: Plan, text: str) -> list[str]:
    """The ids of the items whose title or id holds ``text`` (ignoring case), in plan
    order; every item for a blank text."""
    needle = text.strip().casefold()
    return [i for i, hay in haystack(plan) if needle in hay]


def haystack(plan: Plan) -> list[tuple[str, str]]:
    """What ``matching_ids`` looks in: (id, "title\\nid" folded) of every item."""
    return [(it.id, f"{it.title}\n{it.id}".casefold()) for it in plan.items]


class FindBar(QFrame):
    """The strip: the field, the count, previous / next and close."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("find-bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.field = QLineEdit()
        self.field.setObjectName("find-field")
        self.field.setPlaceholderText("Find an item by title or id")
        self.field.setClearButtonEnabled(True)
        self.field.setMinimumWidth(280)
        self.count = plain_label()
        self.count.setObjectName("find-count")
        self.count.setMinimumWidth(90)
        self.previous_button = self._button("Previous match (Shift+Enter)")
        self.previous_button.setArrowType(Qt.ArrowType.UpArrow)
        self.next_button = self._button("Next match (Enter)")
        self.next_button.setArrowType(Qt.ArrowType.DownArrow)
        self.close_button = self._button("Close (Esc)")
        self.close_button.setText("✕")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 3, 8, 3)
        lay.setSpacing(6)
        lay.addWidget(plain_label("Find:"))
        lay.addWidget(self.field)
        lay.addWidget(self.previous_button)
        lay.addWidget(self.next_button)
        lay.addWidget(self.count)
        lay.addStretch(1)
        lay.addWidget(self.close_button)
        self.hide()

    @staticmethod
    def _button(tip: str) -> QToolButton:
        b = QToolButton()
        b.setToolTip(tip)
        b.setAutoRaise(True)
        return b


class FindFeature(QObject):
    """Edit > Find…, Find next, Find previous, and the strip they drive."""

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]  # the window is a QMainWindow
        self.window = window
        self.matches: list[str] = []
        self.current = -1  # index in ``matches`` of the one selected, -1: none
        scenes = window.findChildren(TimelineScene)
        self.scene = scenes[0] if scenes else None
        self.views = window.findChildren(TimelineView)
        self.tables = window.findChildren(ItemTableWidget)
        self._hay: tuple[Plan | None, list[tuple[str, str]]] = (None, [])  # of that plan
        self._dimmed: set[str] = set()  # the glyphs dimmed now, of ``_glyphs``
        self._glyphs: dict | None = None  # the scene's glyphs as last dimmed
        self._ids: frozenset[str] | None = None  # what the views show (None: all)
        self.bar = FindBar()
        window.add_banner(self.bar)
        self.find_action = self._action("&Find…", QKeySequence.StandardKey.Find, self.open,
                                        "Find an item by its title or id")  # fmt: skip
        self.next_action = self._action("Find &next", "F3", lambda: self.step(1),
                                        "Go to the next item found")  # fmt: skip
        self.previous_action = self._action("Find pre&vious", "Shift+F3", lambda: self.step(-1),
                                            "Go to the previous item found")  # fmt: skip
        edit = window.menu("&Edit")
        edit.addSeparator()
        edit.addActions([self.find_action, self.next_action, self.previous_action])
        self.bar.field.textChanged.connect(self._search)
        self.bar.field.installEventFilter(self)
        for table in self.tables:  # a hidden table is filtered once it shows
            table.installEventFilter(self)
        self.bar.next_button.clicked.connect(lambda: self.step(1))
        self.bar.previous_button.clicked.connect(lambda: self.step(-1))
        self.bar.close_button.clicked.connect(self.close)
        window.changes_applied.connect(self._on_changes)
        window.session_changed.connect(lambda _session: self.close())

    def _action(self, text: str, keys, slot, tip: str) -> QAction:
        act = QAction(text, self)
        act.setShortcut(QKeySequence(keys))
        act.setStatusTip(tip)
        act.triggered.connect(slot)
        return act

    @property
    def active(self) -> bool:
        """Whether a search filters the views now (the strip is open with some text)."""
        return self.bar.isVisible() and bool(self.bar.field.text().strip())

    # -- user actions -----------------------------------------------------------------
    def open(self) -> None:
        """Show the strip (or bring the focus back to it) with its text selected."""
        self.bar.show()
        self.bar.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.bar.field.selectAll()
        if self.bar.field.text().strip():
            self._search(self.bar.field.text())

    def close(self) -> None:
        """Hide the strip and show every item again (the selection stays)."""
        was_open = self.bar.isVisible()
        self.bar.hide()
        self._filter(None)
        self.matches, self.current = [], -1
        if was_open:
            for view in self.views:
                if view.isVisible():
                    view.setFocus()

    def step(self, by: int) -> None:
        """Select the next (``by`` = 1) or previous (-1) match, wrapping round; opens the
        strip when it is closed."""
        if not self.active:
            self.open()
            return
        if not self.matches:
            return
        self.current = (self.current + by) % len(self.matches)
        self._go_to_current()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.bar.field and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                back = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self.step(-1 if back else 1)
                return True
            if key == Qt.Key.Key_Escape:
                self.close()
                return True
        elif event.type() == QEvent.Type.Show and watched in self.tables:
            watched.proxy.set_ids(self._ids)
            watched.select_item(self.window.selected_item_id())
        return super().eventFilter(watched, event)

    # -- searching --------------------------------------------------------------------
    def _search(self, text: str, keep: str | None = None) -> None:
        """Find ``text`` again; select the first match (or ``keep`` if it still matches)."""
        session = self.window.session
        needle = text.strip().casefold()
        if session is None or not needle:
            self.matches, self.current = [], -1
            self._filter(None)
            self._show_count()
            return
        if self._hay[0] is not session.plan:  # a plan is a value: an edit makes another
            self._hay = (session.plan, haystack(session.plan))
        found = [i for i, hay in self._hay[1] if needle in hay]
        self.matches = self._reading_order(found)
        self._filter(frozenset(found))
        if keep is not None and keep in self.matches:
            self.current = self.matches.index(keep)
            self._show_count()
            return
        self.current = 0 if self.matches else -1
        self._go_to_current()

    def _reading_order(self, ids: list[str]) -> list[str]:
        if self.scene is None:
            return ids
        glyphs = self.scene.glyphs
        return sorted(ids, key=lambda i: (glyphs[i].y0, glyphs[i].x0) if i in glyphs else (0, 0))

    def _go_to_current(self) -> None:
        self._show_count()
        if self.current < 0:
            return
        item_id = self.matches[self.current]
        self.window.select_item(item_id)
        for view in self.views:
            view.ensure_item_visible(item_id)

    def _show_count(self) -> None:
        bar = self.bar
        if not bar.field.text().strip():
            text = ""
        elif not self.matches:
            text = "No match"
        else:
            text = f"{self.current + 1} of {len(self.matches)}"
        bar.count.setText(text)
        bar.previous_button.setEnabled(len(self.matches) > 1)
        bar.next_button.setEnabled(len(self.matches) > 1)

    def _filter(self, ids: frozenset[str] | None) -> None:
        """Dim the glyphs not in ``ids`` and filter the table to them; None: show all.
        Only the glyphs whose state flips are touched; a hidden table is left until it
        shows (filtering 10k rows for nobody costs a keystroke's worth of time)."""
        self._ids = ids
        scene = self.scene
        if scene is not None:
            glyphs = scene.glyphs
            if glyphs is not self._glyphs:  # rebuilt: new glyphs, none of them dimmed
                self._glyphs, self._dimmed = glyphs, set()
            dim = set() if ids is None else glyphs.keys() - ids
            for item_id in self._dimmed - dim:
                if item_id in glyphs:
                    glyphs[item_id].setOpacity(1.0)
            for item_id in dim - self._dimmed:
                glyphs[item_id].setOpacity(DIMMED)
            self._dimmed = dim
            scene.arrows.setOpacity(1.0 if ids is None else ARROWS_DIMMED)
        for table in self.tables:
            if table.isVisible() or ids is None:
                table.proxy.set_ids(ids)

    def _on_changes(self, changes: Changes) -> None:
        if self.active:
            self._search(self.bar.field.text(), keep=self.window.selected_item_id())
