"""Right-click menus on the timeline (items, lanes, empty space) and on the table's rows.

``ContextMenus(window)`` answers the view's ``menu_requested`` and the table's
right-click with a menu for what is under the mouse, built each time from the plan:

- several selected items, right-clicked on one of them: what applies to all at once
  (planner/gui/selection_commands.py: Mark done, Lock / Unlock, Change team, Delete);
- an item (selected first): Edit, Rename, Mark started / done / not done, Record slip…,
  Add dependency ▸ (waits for… / needed by…, a searchable picker), Lock or Unlock dates,
  Change team ▸, Delete;
- a lane (its name row or the empty rows of it): Add task here / Add milestone here (in
  that team, on the day under the mouse), Rename team…, then Fit all and Go to today;
- empty space (the time header, below the lanes): Add task / milestone on that day (in
  the lane nearest the click: the last one below them all), Expand all lanes (while one
  is collapsed), Fit all, Go to today.

An entry is enabled only when it applies (a read-only window disables every edit) and
shows the shortcut of the window's action that does the same. The menus pop up without
blocking (``last_menu`` is the one shown); what they do is planner/gui/item_commands.py's.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from planner.domain.errors import PlannerError
from planner.domain.text import one_line, shorten
from planner.gui.day_format import day_text
from planner.gui.item_commands import ItemCommands
from planner.gui.timeline_layout import HEADER_H, Lane

__all__ = ["ContextMenus"]


def menu_text(name: str) -> str:
    """A name from the roadmap as a menu entry's text: one line (a tab would start the
    shortcut column) and every '&' shown, none taken for a mnemonic."""
    return one_line(name).replace("&", "&&")


class ContextMenus(QObject):
    """The context menus of one main window (``window``: the MainWindow)."""

    def __init__(self, window, commands: ItemCommands | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.commands = commands or ItemCommands(window)
        self.last_menu: QMenu | None = None
        window.view.menu_requested.connect(self._timeline_menu)
        table = window.table.view
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._table_menu)

    # -- where ------------------------------------------------------------------------
    def _working_day(self, day: date) -> date:
        """``day``, or the working day after it where a new item would start (the menu
        names the day the item gets); ``day`` itself outside the calendar's range."""
        cal = self.window.session.calendar
        try:
            return cal.date_of(cal.start_index(day))
        except PlannerError:
            return day

    def menu_at(self, pos: QPoint) -> QMenu | None:
        """The menu for viewport point ``pos`` of the timeline (None: no roadmap)."""
        view, scene = self.window.view, self.window.scene
        if scene.session is None:
            return None
        at = view.mapToScene(pos)
        day = self._working_day(scene.scale.day_at(at.x()))
        near = scene.lanes.lane_near(at.y())
        team = near.team if near is not None else None
        if pos.y() < HEADER_H:  # the time header, pinned over the lanes
            return self.space_menu(day, team)
        glyph, _zone = scene.glyph_at(at)
        selected = self.window.selected_item_ids()
        if glyph is not None and len(selected) > 1 and glyph.item_id in selected:
            return self.window.selection_commands.menu(selected, self._add)  # acts on all
        if glyph is not None:
            self.window.select_item(glyph.item_id, reveal=False)
            return self.item_menu(glyph.item_id)
        lane = scene.lanes.lane_at(at.y())
        if lane is not None:
            return self.lane_menu(lane, day)
        return self.space_menu(day, team)

    def _timeline_menu(self, pos: QPoint, global_pos: QPoint) -> None:
        self._popup(self.menu_at(pos), global_pos)

    def _table_menu(self, pos: QPoint) -> None:
        table = self.window.table
        idx = table.view.indexAt(pos)
        if not idx.isValid():
            return
        item_id = table.model.item_id(table.proxy.mapToSource(idx).row())
        self.window.select_item(item_id, reveal=False)
        self._popup(self.item_menu(item_id), table.view.viewport().mapToGlobal(pos))

    def _popup(self, menu: QMenu | None, global_pos: QPoint) -> None:
        if menu is None:
            return
        if self.last_menu is not None:
            self.last_menu.close()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.destroyed.connect(lambda _=None, m=menu: self._forget(m))
        self.last_menu = menu
        menu.popup(global_pos)

    def _forget(self, menu: QMenu) -> None:
        if self.last_menu is menu:
            self.last_menu = None

    # -- building ---------------------------------------------------------------------
    def _add(self, menu: QMenu, text: str, slot, enabled: bool = True, shortcut=None) -> QAction:
        act = menu.addAction(text)
        act.triggered.connect(lambda _=False: slot())
        act.setEnabled(enabled)
        if shortcut is not None:
            keys = shortcut.shortcut() if isinstance(shortcut, QAction) else QKeySequence(shortcut)
            act.setShortcut(keys)
            act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # only in the menu
            act.setShortcutVisibleInContextMenu(True)
        return act

    def item_menu(self, item_id: str) -> QMenu | None:
        """Edit, rename, progress, slip, links, lock, team and delete for one item."""
        c, a = self.commands, self.window.actions_
        it = c.item(item_id)
        if it is None:
            return None
        plan, edit = self.window.session.plan, c.can_edit
        menu = QMenu(self.window)
        menu.setObjectName("item-menu")
        self._add(menu, "&Edit…", lambda: c.edit_in_inspector(item_id), edit)
        self._add(menu, "&Rename", lambda: c.rename(item_id), edit, a["rename_item"])
        menu.addSeparator()
        started = it.actual_start is not None
        self._add(
            menu,
            "Mark &started",
            lambda: c.record(item_id, started=self.window.today),
            edit and not it.is_milestone and not started and not it.done,
        )
        self._add(
            menu,
            "Mark d&one",
            lambda: c.mark_done(item_id),
            edit and not it.done,
        )
        self._add(menu, "Mark &not done", lambda: c.mark_not_done(item_id), edit and it.done)
        slip = c.slip_action()
        if slip is not None:
            self._add(
                menu,
                "Record s&lip…",
                lambda: c.record_slip(item_id),
                edit and slip.isEnabled(),
                slip,
            )
        menu.addSeparator()
        deps = menu.addMenu("Add &dependency")
        deps.setEnabled(edit and len(plan.items) > 1)
        self._add(deps, "&Waits for…", lambda: c.add_dependency(item_id, True), edit)
        self._add(deps, "&Needed by…", lambda: c.add_dependency(item_id, False), edit)
        if it.locked:
            self._add(menu, "Un&lock dates", lambda: c.set_locked(item_id, False), edit)
        else:
            self._add(menu, "&Lock dates", lambda: c.set_locked(item_id, True), edit)
        teams = menu.addMenu("Change &team")
        teams.setEnabled(edit)
        for team_id, name in [(t.id, t.name) for t in plan.teams] + [(None, "No team")]:
            act = self._add(
                teams,
                menu_text(name),
                lambda t=team_id: c.set_team(item_id, t),
                edit and it.team != team_id,
            )
            act.setCheckable(True)
            act.setChecked(it.team == team_id)
        menu.addSeparator()
        self._add(menu, "&Delete", lambda: c.delete(item_id), edit, a["delete_item"])
        return menu

    def lane_menu(self, lane: Lane, day: date) -> QMenu:
        """Add a task or milestone in ``lane`` on ``day``; rename its team; fit, today."""
        c, a, edit = self.commands, self.window.actions_, self.commands.can_edit
        menu = QMenu(self.window)
        menu.setObjectName("lane-menu")
        self._add(
            menu,
            f"Add &task here ({day_text(day, self.window.today)})",
            lambda: c.add_at("task", lane.team, day),
            edit,
            a["add_task"],
        )
        self._add(
            menu,
            f"Add &milestone here ({day_text(day, self.window.today)})",
            lambda: c.add_at("milestone", lane.team, day),
            edit,
            a["add_milestone"],
        )
        menu.addSeparator()
        team = lane.team
        named = shorten(one_line(lane.name), 40).replace("&", "&&")  # no mnemonic from a name
        self._add(menu, f"Re&name “{named}”…" if team is not None else "Re&name team…",
                  lambda: c.rename_team(team), edit and team is not None)  # fmt: skip
        views = getattr(self.window, "view_state", None)
        if views is not None:  # planner/gui/view_state.py
            menu.addSeparator()
            shut = views.is_collapsed(team)
            self._add(menu, "E&xpand lane" if shut else "&Collapse lane",
                      lambda: views.set_collapsed(team, not shut))  # fmt: skip
            self._add(menu, "Expand &all lanes", views.expand_all,
                      bool(self.window.scene.collapsed))  # fmt: skip
        menu.addSeparator()
        menu.addActions([a["fit_all"], a["today"]])
        return menu

    def space_menu(self, day: date, team: str | None) -> QMenu:
        """Add a task or milestone on ``day`` in ``team`` (the nearest lane's); expand all
        lanes when one is collapsed; fit, today."""
        c, a, edit = self.commands, self.window.actions_, self.commands.can_edit
        menu = QMenu(self.window)
        menu.setObjectName("space-menu")
        self._add(
            menu,
            f"Add &task on {day_text(day, self.window.today)}",
            lambda: c.add_at("task", team, day),
            edit,
            a["add_task"],
        )
        self._add(
            menu,
            f"Add &milestone on {day_text(day, self.window.today)}",
            lambda: c.add_at("milestone", team, day),
            edit,
            a["add_milestone"],
        )
        views = getattr(self.window, "view_state", None)
        if views is not None and self.window.scene.collapsed:  # planner/gui/view_state.py
            menu.addSeparator()
            self._add(menu, "Expand &all lanes", views.expand_all)
        menu.addSeparator()
        menu.addActions([a["fit_all"], a["today"]])
        return menu
