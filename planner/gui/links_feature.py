"""Links on the canvas: select an arrow, edit or delete its link, right-click it.

A click on an arrow (no glyph under the mouse) selects its link: the scene draws it
highlighted and the inspector shows it (planner/gui/link_panel.py) in place of an item.
Selecting an item, a click elsewhere, Esc or another roadmap clears the link; Delete
(or Backspace) removes it as one undo step. Hovering an arrow shows its link in a
tooltip. A right-click on an arrow opens its menu (planner/gui/link_menu.py). The
selection is kept by (pred, succ), so it survives the rebuilds edits cause, and goes
when its link does.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QGraphicsSceneHelpEvent, QToolTip

from planner.domain.edits import RemoveDependency
from planner.gui.host import WindowHost
from planner.gui.inspector import InspectorDock
from planner.gui.link_menu import link_menu
from planner.gui.link_panel import LinkPanel
from planner.gui.timeline_view import TimelineView

DELETE_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


def install(window: WindowHost) -> None:
    window.links_feature = LinkSelection(window)  # type: ignore[attr-defined]


class LinkSelection(QObject):
    """The link selected on the timeline, and what clicks, keys and menus do to it."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.view = window.findChildren(TimelineView)[0]
        self.scene = self.view.scene()
        self.inspector = window.findChildren(InspectorDock)[0]
        self.panel = LinkPanel(window)
        view = self.view
        view.item_clicked.connect(lambda _item: self.select(None))
        view.link_clicked.connect(self.select)
        view.link_menu_requested.connect(self.show_menu)
        window.item_selected.connect(lambda item_id: item_id is not None and self.select(None))
        window.changes_applied.connect(self._after_changes)
        window.session_changed.connect(lambda _session: self.select(None))
        self.scene.lanes_folded.connect(self._after_fold)
        view.installEventFilter(self)  # Delete, Esc
        self.scene.installEventFilter(self)  # tooltips

    @property
    def selected(self) -> tuple[str, str] | None:
        return self.scene.selected_link

    def select(self, key: tuple[str, str] | None) -> None:
        """Select link ``key`` (pred, succ), which clears the item selection; None
        clears the link selection."""
        if key is None and self.selected is None and self.panel.key is None:
            return
        if key is not None:
            self.window.select_item(None, reveal=False)
        self.scene.select_link(key)
        key = self.scene.selected_link
        self.panel.show_link(key)
        if key is not None:
            self.inspector.show_panel(self.panel)
        elif self.inspector.panel is self.panel:
            self.inspector.show_panel(None)

    def _after_fold(self) -> None:
        """A link folded away with its lane is no longer selected (nor deleted by Delete)."""
        key = self.selected
        if key is not None:
            self.scene.select_link(key)  # none when it is now hidden
            if self.scene.selected_link is None:
                self.select(None)

    def delete(self) -> None:
        """Remove the selected link (one undo step)."""
        if self.selected is not None and not self.window.read_only:
            self.window.apply_edit(RemoveDependency(*self.selected))

    def show_menu(self, key: tuple[str, str], global_pos) -> None:
        self.select(key)
        dep = self.panel.link()
        if dep is not None:
            link_menu(self.window, dep, self.view).exec(global_pos)

    def _after_changes(self, _changes) -> None:
        # the scene has rebuilt by now and kept the selected link if it still exists
        if self.selected is None:
            self.select(None)
        else:
            self.panel.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QGraphicsSceneHelpEvent):
            return self._tooltip(event)
        if event.type() != QEvent.Type.KeyPress or self.selected is None or self.view.drag.active:
            return False
        if event.key() in DELETE_KEYS and not event.modifiers():
            self.delete()
            return True
        if event.key() == Qt.Key.Key_Escape:
            self.select(None)
            return True
        return False

    def _tooltip(self, event: QGraphicsSceneHelpEvent) -> bool:
        """The tooltip of the arrow under the mouse (no glyph there): its link."""
        pos = event.scenePos()
        if self.scene.session is None or self.scene.glyph_at(pos)[0] is not None:
            return False
        k = self.scene.link_at(pos)
        if k is None:
            return False
        QToolTip.showText(event.screenPos(), self.scene.link_tip(k), self.view.viewport())
        event.accept()
        return True
