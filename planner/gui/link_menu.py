"""The right-click menu of a dependency arrow.

Change type ▸ FS/SS/FF/SF, Set lag…, Select predecessor / successor, Delete link. Edits
go through ``window.apply_edit`` (one undo step each); a read-only roadmap offers only
the selections. The menu is headed by the link's two titles (shown as they are: an
'&' in a title is no shortcut key).
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from planner.app.linking import TYPE_WORDS, link_title
from planner.domain.edits import RemoveDependency, UpdateDependency
from planner.domain.model import MAX_LAG, Dependency
from planner.domain.text import printable, shorten


def link_menu(window, dep: Dependency, parent: QWidget) -> QMenu:
    """The menu for link ``dep`` of ``window.session``'s plan."""
    plan = window.session.plan
    editable = not window.read_only
    menu = QMenu(parent)
    head = menu.addAction(_plain(link_title(plan, dep.pred, dep.succ)))
    head.setEnabled(False)
    menu.addSeparator()
    types = menu.addMenu("Change &type")
    types.setEnabled(editable)
    for code, words in TYPE_WORDS.items():
        act = types.addAction(f"{code}  ({words})")
        act.setCheckable(True)
        act.setChecked(code == dep.type)
        act.triggered.connect(lambda _=False, c=code: _set(window, dep, c, dep.lag))
    lag = menu.addAction("Set &lag…")
    lag.setEnabled(editable)
    lag.triggered.connect(lambda: _ask_lag(window, dep, parent))
    menu.addSeparator()
    for verb, item_id in (("predecessor", dep.pred), ("successor", dep.succ)):
        name = _plain(printable(shorten(plan.item(item_id).label, 40), keep_newlines=False))
        act = menu.addAction(f"Select {verb}: {name}")
        act.triggered.connect(lambda _=False, i=item_id: window.select_item(i))
    menu.addSeparator()
    delete = menu.addAction("&Delete link")
    delete.setEnabled(editable)
    delete.triggered.connect(lambda: window.apply_edit(RemoveDependency(dep.pred, dep.succ)))
    return menu


def _plain(text: str) -> str:
    """A title as a menu entry: its '&' shown, not taken for a shortcut key."""
    return text.replace("&", "&&")


def _ask_lag(window, dep: Dependency, parent: QWidget) -> None:
    """Ask for the link's lag in working days and apply it (negative: a lead)."""
    value, ok = QInputDialog.getInt(
        parent, "Set lag", "Lag in working days (negative = a lead):", dep.lag, -MAX_LAG, MAX_LAG
    )
    if ok:
        _set(window, dep, dep.type, value)


def _set(window, dep: Dependency, dep_type: str, lag: int) -> None:
    if (dep_type, lag) != (dep.type, dep.lag):
        window.apply_edit(UpdateDependency(dep.pred, dep.succ, dep_type, lag))
