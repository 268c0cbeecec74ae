"""What the timeline does with several selected items: select them, nudge, menu, delete.

``SelectionCommands(window)`` answers the view's selection gestures (Ctrl+click toggles
an item, a press on one of several makes it the primary, a rubber band or Ctrl+A selects
what it touches) through ``window.select_items``, and acts on the selection as one edit
each (planner/app/dragging.py's ``nudge_all``, planner/app/group_edits.py): Left / Right
nudge every selected item (repeats merge into one undo step), Delete deletes them, and
the right-click menu on one of them offers Mark done, Lock or Unlock dates, Change team
and Delete for all. Done items stay where they are and the status bar says so. A
gesture on the drag of several is planner/gui/timeline_drag.py's.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu

from planner.app import group_edits
from planner.app.dragging import nudge_all
from planner.domain.errors import PlannerError
from planner.gui.timeline_menu import menu_text

__all__ = ["SelectionCommands"]


class SelectionCommands(QObject):
    """The selection gestures and commands of one main window (``window``)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        view = window.view
        view.item_toggled.connect(self.toggle)
        view.item_pressed.connect(self.make_primary)
        view.items_banded.connect(self.select_banded)

    @property
    def ids(self) -> tuple[str, ...]:
        return self.window.selected_item_ids()

    # -- selecting --------------------------------------------------------------------
    def toggle(self, item_id: str) -> None:
        """Ctrl+click: add ``item_id`` (it becomes the primary) or take it out."""
        ids = self.ids
        if item_id in ids:
            rest = tuple(i for i in ids if i != item_id)
            primary = self.window.selected_item_id()
            self.window.select_items(rest, primary if primary in rest else None)
        else:
            self.window.select_items((*ids, item_id), item_id)

    def make_primary(self, item_id: str) -> None:
        self.window.select_items(self.ids, item_id)

    def select_banded(self, ids) -> None:
        """What a rubber band (or Ctrl+A) touches; the primary stays if it is among them."""
        primary = self.window.selected_item_id()
        self.window.select_items(ids, primary if primary in ids else None)

    # -- acting on all ----------------------------------------------------------------
    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 5000)

    def nudge(self, ids: tuple[str, ...], days: int) -> None:
        """Move every item ``days`` working days, one undo step for a run of nudges."""
        try:
            edit, stays = nudge_all(self.window.session, ids, days)
        except PlannerError as e:
            self._say(str(e))
            return
        changes = self.window.apply_edit(edit, nudge_of=",".join(ids))
        if changes is not None:
            self.window.say_if_held(changes, [i for i in ids if i not in stays])
            if stays:
                self._say(_stays(len(stays)))

    def _apply(self, make) -> None:
        """Apply the edit ``make(session)`` builds; a refusal is said in one line."""
        if self.window.read_only:
            return
        try:
            edit = make(self.window.session)
        except PlannerError as e:
            self._say(str(e))
            return
        self.window.apply_edit(edit)

    def mark_done(self, ids) -> None:
        self._apply(lambda s: group_edits.mark_done_all(s, ids, self.window.today))

    def set_locked(self, ids, locked: bool) -> None:
        self._apply(lambda s: group_edits.lock_all(s, ids, locked))

    def set_team(self, ids, team: str | None) -> None:
        self._apply(lambda s: group_edits.set_team_all(s, ids, team))

    def delete(self, ids) -> None:
        self._apply(lambda s: group_edits.delete_all(s, ids))

    # -- the menu ---------------------------------------------------------------------
    def menu(self, ids: tuple[str, ...], add) -> QMenu:
        """The right-click menu of several selected items; ``add(menu, text, slot,
        enabled, shortcut)`` makes an entry (planner/gui/timeline_menu.py's)."""
        window = self.window
        plan, edit = window.session.plan, not window.read_only
        items = [plan.item(i) for i in ids]
        menu = QMenu(window)
        menu.setObjectName("selection-menu")
        title = menu.addAction(f"{len(ids)} items selected")
        title.setEnabled(False)
        menu.addSeparator()
        not_done = sum(not it.done for it in items)
        add(menu, f"Mark d&one ({not_done})", lambda: self.mark_done(ids), edit and not_done > 0)
        menu.addSeparator()
        unlocked = sum(not it.locked for it in items)
        add(menu, f"&Lock dates ({unlocked})", lambda: self.set_locked(ids, True),
            edit and unlocked > 0)  # fmt: skip
        locked = len(items) - unlocked
        add(menu, f"Un&lock dates ({locked})", lambda: self.set_locked(ids, False),
            edit and locked > 0)  # fmt: skip
        teams = menu.addMenu("Change &team")
        teams.setEnabled(edit)
        for team_id, name in [(t.id, t.name) for t in plan.teams] + [(None, "No team")]:
            act = add(teams, menu_text(name), lambda t=team_id: self.set_team(ids, t),
                      edit and any(it.team != team_id for it in items))  # fmt: skip
            act.setCheckable(True)
            act.setChecked(all(it.team == team_id for it in items))
        menu.addSeparator()
        add(menu, f"&Delete {len(ids)} items", lambda: self.delete(ids), edit,
            window.actions_["delete_item"])  # fmt: skip
        return menu


def _stays(n: int) -> str:
    if n == 1:
        return "1 done item stays on its dates"
    return f"{n} done items stay on their dates"
