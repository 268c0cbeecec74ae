"""What a feature may use of the main window: the ``WindowHost`` protocol.

A feature (see ``planner/gui/features.py``) is an ``install(window: WindowHost)`` that
attaches actions, docks and dialogs to the window. It reaches the roadmap through
``session`` and changes it through ``apply_edit`` (or reports a change it made itself
through ``changes_done``), and it hears about changes through the three signals. The
window is also the ``QMainWindow`` that parents what a feature adds; of that widget a
feature uses only the methods listed at the end. ``MainWindow`` satisfies the protocol
(``isinstance(window, WindowHost)`` checks the names at run time; tests/gui does).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar, runtime_checkable

from PySide6.QtCore import QObject, Qt, SignalInstance
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDockWidget, QMenu, QStatusBar, QStyle, QWidget

if TYPE_CHECKING:
    from planner.app.changes import Changes
    from planner.app.session import PlanSession, Preview
    from planner.app.settings import Settings
    from planner.domain.edits import Edit
    from planner.gui.main_window import MainWindow
    from planner.gui.undo import UndoHistory

__all__ = ["ReasonProvider", "WindowHost"]

_Child = TypeVar("_Child", bound=QObject)

ReasonProvider = Callable[["Edit", "Preview"], "str | None"]
"""Asked before a drop that moves items: the reason to record ('' for none), or None to
cancel the drop."""


@runtime_checkable
class WindowHost(Protocol):
    """The main window as the features see it."""

    session: PlanSession | None  # None only while no roadmap is open
    settings: Settings
    today: date
    reason_provider: ReasonProvider | None
    undo_history: UndoHistory

    @property
    def session_changed(self) -> SignalInstance:
        """Emitted with the new ``PlanSession`` when another roadmap is opened."""
        ...

    @property
    def changes_applied(self) -> SignalInstance:
        """Emitted with the ``Changes`` of every edit, undo and redo."""
        ...

    @property
    def item_selected(self) -> SignalInstance:
        """Emitted with the selected item's id, or None."""
        ...

    def apply_edit(self, edit: Edit, *, nudge_of: str | None = None) -> Changes | None:
        """Apply ``edit`` as one undo step; a refused edit shows its message, None."""
        ...

    def changes_done(self, changes: Changes) -> None:
        """Tell the window (and so every view) about a change a feature applied itself."""
        ...

    def show_error(self, text: str) -> None: ...

    def open_file(self, path: str | Path) -> bool:
        """Open the roadmap at ``path`` in the window instead of the current one; a
        roadmap that can't be opened shows its message, False."""
        ...

    def select_item(self, item_id: str | None, reveal: bool = True) -> None: ...

    def selected_item_id(self) -> str | None: ...

    def menu(self, title: str) -> QMenu:
        """The menu bar's menu of that title ("&File", "&View", ...), made if missing."""
        ...

    def add_dock(
        self, dock: QDockWidget, area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea
    ) -> None: ...

    def add_banner(self, banner: QWidget) -> None:
        """Put a strip above the timeline (a notice that is not a popup); it shows and
        hides itself."""
        ...

    # -- of the QMainWindow ------------------------------------------------------------
    def statusBar(self) -> QStatusBar: ...

    def windowIcon(self) -> QIcon: ...

    def style(self) -> QStyle: ...

    def activateWindow(self) -> None: ...

    def findChildren(self, type: type[_Child], /) -> list[_Child]: ...


if TYPE_CHECKING:

    def _main_window_is_a_host(window: MainWindow) -> WindowHost:
        return window  # mypy checks here that MainWindow satisfies the protocol
