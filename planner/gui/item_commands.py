"""What the context menus and F2 do to one item, a lane or a day, each as one edit.

``ItemCommands(window)`` owns the inline title editor (planner/gui/inline_title.py) and
the Item menu's Rename (F2): F2 on the selected item, a double-click on a bar, a diamond
or a label, and a new item made by Ctrl+T / Ctrl+M or a menu's Add all open it (on the
Table tab they edit the title cell instead). The other commands are what the menus of
planner/gui/timeline_menu.py call: progress (``RecordProgress``, as the inspector's
buttons), a slip (the Item menu's Record slip…), a new dependency picked by title, lock,
team, delete, a new item in a lane on a day, a lane's new name. Each goes through
``window.apply_edit``: one undo step, refused edits show their message; a new link goes
through ``window.apply_asking``, which first asks for the reason when it moves other
teams' items, as a dragged link does. ``can_edit``
says whether the window may change the roadmap at all (not read-only).
"""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QLineEdit

from planner.app.actuals import PROGRESS_VERB
from planner.app.group_edits import lock_dates
from planner.app.link_choices import link_candidates
from planner.app.new_items import new_item_at, new_item_key
from planner.domain.edits import AddDependency, RemoveItem, SetTeams, UpdateItem
from planner.domain.errors import PlannerError
from planner.domain.model import Dependency
from planner.gui.inline_title import InlineTitleEditor, clean_title
from planner.gui.item_picker import ItemPickerDialog
from planner.gui.plain_text import tip
from planner.gui.progress_commands import record_progress
from planner.gui.table import COL

__all__ = ["ItemCommands"]

SLIP_ACTION = "record_slip"  # the objectName of the Item menu's Record slip… (notices)


class ItemCommands(QObject):
    """Edits on items for the menus and the inline editor; ``window`` is the MainWindow."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.editor = InlineTitleEditor(window.view, self.set_title)
        self.editor.refused.connect(lambda msg: window.statusBar().showMessage(msg, 5000))
        self.rename_action: QAction = window.actions_["rename_item"]
        self.rename_action.triggered.connect(self.rename_selected)
        window.view.item_double_clicked.connect(self._double_clicked)
        window.item_added.connect(self.rename)
        window.item_selected.connect(lambda _id: self._update_action())
        window.session_changed.connect(self._session_changed)
        window.changes_applied.connect(lambda _changes: self.editor.place())

    # -- state ------------------------------------------------------------------------
    @property
    def can_edit(self) -> bool:
        return not self.window.read_only

    def item(self, item_id: str):
        session = self.window.session
        if session is None or not session.plan.has_item(item_id):
            return None
        return session.plan.item(item_id)

    def slip_action(self) -> QAction | None:
        """The Item menu's Record slip… (planner/gui/notices_feature.py), if installed."""
        for act in self.window.findChildren(QAction):
            if act.objectName() == SLIP_ACTION:
                return act
        return None

    def _update_action(self) -> None:
        self.rename_action.setEnabled(self.can_edit and self.window.selected_item_id() is not None)

    def _session_changed(self, _session) -> None:
        self.editor.cancel()
        self._update_action()

    # -- renaming ---------------------------------------------------------------------
    def rename_selected(self) -> None:
        """F2: rename the selected item (on the Table tab: edit the current cell)."""
        table = self.window.table
        if self.window.tabs.currentWidget() is table:
            if table.view.currentIndex().isValid():
                table.view.edit(table.view.currentIndex())
            return
        item_id = self.window.selected_item_id()
        if item_id is not None:
            self.rename(item_id)

    def rename(self, item_id: str) -> bool:
        """Open the title editor on ``item_id``: inline on the timeline, the title cell on
        the Table tab. False when the window can't edit or the item is gone."""
        it = self.item(item_id)
        if it is None or not self.can_edit:
            return False
        tabs, view = self.window.tabs, self.window.view
        if tabs.currentWidget() is self.window.table:
            return self._edit_title_cell(item_id)
        if tabs.indexOf(view) >= 0 and tabs.currentWidget() is not view:
            tabs.setCurrentWidget(view)  # e.g. from the Deadlines tab: rename where it shows
        view.ensure_item_visible(item_id)
        return self.editor.open(item_id, it.title)

    def _edit_title_cell(self, item_id: str) -> bool:
        table = self.window.table
        table.select_item(item_id)
        row = table.model.row_of(item_id)
        idx = table.proxy.mapFromSource(table.model.index(row, COL["title"]))
        if not idx.isValid():
            return False
        table.view.setCurrentIndex(idx)
        table.view.setFocus()
        table.view.edit(idx)
        return True

    def set_title(self, item_id: str, title: str) -> None:
        """Give ``item_id`` the title ``title`` (cleaned; an empty or unchanged one is no
        edit)."""
        it, title = self.item(item_id), clean_title(title)
        if it is not None and title and title != it.title:
            # right after the item was added, its first title joins that step: one undo
            self.window.apply_edit(
                UpdateItem.of(item_id, title=title), merge_key=new_item_key(item_id)
            )

    def _double_clicked(self, item_id: str) -> None:
        self.window.select_item(item_id, reveal=False)
        self.rename(item_id)

    # -- one item ---------------------------------------------------------------------
    def edit_in_inspector(self, item_id: str) -> None:
        """Show the item in the inspector with its title field focused."""
        self.window.select_item(item_id)
        ins = self.window.inspector
        ins.show()
        ins.raise_()
        ins.title.setFocus(Qt.FocusReason.OtherFocusReason)
        ins.title.selectAll()

    def record(self, item_id: str, **fields) -> None:
        """One RecordProgress of ``fields`` (started=, done=) for ``item_id``, as the
        inspector records it (planner/gui/progress_commands.py)."""
        record_progress(self.window, item_id, **fields)

    def mark_done(self, item_id: str) -> None:
        """Done today; a task not started by its schedule yet started today too (done
        early: it can't have started after it was done)."""
        it, today = self.item(item_id), self.window.today
        if it is None:
            return
        early = (
            not it.is_milestone
            and it.actual_start is None
            and self.window.session.schedule.dates(item_id)[0] > today
        )
        self.record(item_id, done=today, **({"started": today} if early else {}))

    def mark_not_done(self, item_id: str) -> None:
        """Undo a done: no longer done, no actual finish (one edit, the progress verb)."""
        changes = (("actual_finish", None), ("done", False))
        self.window.apply_edit(UpdateItem(item_id, changes, PROGRESS_VERB))

    def record_slip(self, item_id: str) -> None:
        act = self.slip_action()
        if act is not None:
            self.window.select_item(item_id)
            act.trigger()

    def set_locked(self, item_id: str, locked: bool) -> None:
        """Lock on the dates shown (nothing moves), or unlock."""
        if self.item(item_id) is None:
            return
        session = self.window.session
        edit = lock_dates(session, item_id) if locked else UpdateItem.of(item_id, locked=False)
        self.window.apply_edit(edit)

    def set_team(self, item_id: str, team: str | None) -> None:
        it = self.item(item_id)
        if it is not None and it.team != team:
            self.window.apply_edit(UpdateItem.of(item_id, team=team))

    def delete(self, item_id: str) -> None:
        self.window.apply_edit(RemoveItem(item_id))

    def add_dependency(self, item_id: str, waits_for: bool) -> None:
        """Pick an item by title; ``waits_for``: ``item_id`` waits for it (it -> item),
        else it waits for ``item_id`` (item -> it). Only links that close no cycle and
        exist not yet are offered."""
        plan = self.window.session.plan
        it = plan.item(item_id)
        ids = link_candidates(plan, item_id, waits_for=waits_for)
        choices = [(i, self._choice_text(i)) for i in ids]
        if waits_for:
            title, prompt = "Waits for", f"{it.label} can start once this one finishes:"
        else:
            title, prompt = "Needed by", f"This one can start once {it.label} finishes:"
        dlg = ItemPickerDialog(title, prompt, choices, self.window)
        try:
            if not dlg.exec():
                return
            other = dlg.picked()
        finally:
            dlg.deleteLater()
        if other is not None:
            pred, succ = (other, item_id) if waits_for else (item_id, other)
            # what it moves is asked about as a dragged link is (the reason, or Cancel)
            self.window.apply_asking(AddDependency(Dependency(pred, succ)))

    def _choice_text(self, item_id: str) -> str:
        plan = self.window.session.plan
        it = plan.item(item_id)
        return f"{it.label}  ·  {plan.team_name(it.team)}  ·  {it.id}"

    # -- lanes and days -----------------------------------------------------------------
    def add_at(self, kind: str, team: str | None, day: date) -> None:
        """A new task or milestone in ``team`` on ``day``, selected, its title open."""
        try:
            edit = new_item_at(self.window.session, kind, team, day)
        except PlannerError as e:
            self.window.show_error(str(e))
            return
        if self.window.apply_edit(edit, merge_key=new_item_key(edit.item.id)) is not None:
            self.window.select_item(edit.item.id)
            self.rename(edit.item.id)

    def rename_team(self, team_id: str) -> None:
        """Ask for the team's new name (one line); a new one is one SetTeams edit."""
        plan = self.window.session.plan
        k = plan.team_index.get(team_id)
        if k is None:
            return
        team = plan.teams[k]
        dlg = QInputDialog(self.window)
        dlg.setWindowTitle("Rename team")
        dlg.setLabelText(tip(f"New name for {team.name}:"))
        dlg.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dlg.setTextValue(team.name)
        try:
            ok = dlg.exec()
            name = clean_title(dlg.textValue())
        finally:
            dlg.deleteLater()
        if not ok or not name or name == team.name:
            return
        teams = tuple(dataclasses.replace(t, name=name) if t.id == team_id else t
                      for t in plan.teams)  # fmt: skip
        self.window.apply_edit(SetTeams(teams))
