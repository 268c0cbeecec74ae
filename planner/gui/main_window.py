"""The main window: wires the session to the timeline, the table, the inspector, the
undo stack and the menus. It does little itself.

Contract for features (``WindowHost`` in planner/gui/host.py): ``session``, ``undo_history``,
``settings``, ``today``, ``apply_edit(edit)``, ``select_item`` /
``selected_item_id``, ``reason_provider``, ``menu(title)``, ``add_dock(dock, area)``,
``add_banner(strip)``; signals ``session_changed``, ``changes_applied``, ``item_selected``.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from planner.app import documents
from planner.app.changes import ChangeKind
from planner.app.dragging import nudge as nudge_edit
from planner.app.new_items import new_item_edit, new_item_key
from planner.app.session import PlanSession
from planner.app.settings import config_dir, save_settings
from planner.domain.edits import RemoveItem, SetSprints, SetTeams
from planner.domain.errors import PlannerError
from planner.domain.text import one_line
from planner.gui import theme
from planner.gui.actions import create_actions, icon, show_shortcuts
from planner.gui.day_format import day_text
from planner.gui.help_dialogs import show_about
from planner.gui.host import ReasonProvider
from planner.gui.inspector import InspectorDock
from planner.gui.plain_text import rich_label, show_message
from planner.gui.plan_dialogs import SprintsDialog, TeamsDialog
from planner.gui.selection_commands import SelectionCommands
from planner.gui.table import ItemTableWidget
from planner.gui.timeline_layout import MIN_ROW_H, ROW_H, ZOOM_PRESETS
from planner.gui.timeline_menu import ContextMenus
from planner.gui.timeline_scene import TimelineScene
from planner.gui.timeline_view import TimelineView
from planner.gui.undo import UndoHistory
from planner.gui.view_state import first_geometry

FILE_FILTER = "Roadmaps (*.roadmap);;All files (*)"
EDITING = ("add_task", "add_milestone", "delete_item", "teams", "sprints")
SAVED = "Saved — every edit is saved as you make it"


class MainWindow(QMainWindow):
    session_changed = Signal(object)
    changes_applied = Signal(object)
    item_selected = Signal(object)
    item_added = Signal(str)  # by add_item (Ctrl+T / Ctrl+M), once it is selected
    error_shown = Signal(str)

    def __init__(self, session: PlanSession, settings, today, parent=None) -> None:
        super().__init__(parent)
        self.session: PlanSession | None = None
        self.settings, self.today = settings, today
        self.reason_provider: ReasonProvider | None = None
        self._selected: str | None = None
        self._menus: dict[str, QMenu] = {}
        self._docks: list = []
        self.undo_history = UndoHistory(self)
        self.actions_ = create_actions(self)
        self.setWindowIcon(icon("app"))

        self.scene = TimelineScene(today, ZOOM_PRESETS.get(settings.zoom, 9.0), self)
        self.view = TimelineView(self.scene)
        self.table = ItemTableWidget(self)
        self.banner = rich_label()  # what it quotes is escaped
        self.banner.setWordWrap(True)
        theme.style(self.banner, "background:{warn_bg}; border-bottom:1px solid {warn_border};"
                                 "padding:6px 10px; color:{warn_text};")  # fmt: skip
        self.banner.hide()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.view, "Timeline")
        self.tabs.addTab(self.table, "Table")
        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.banner)
        lay.addWidget(self.tabs)
        self.setCentralWidget(central)
        self.inspector = InspectorDock(self)
        self.add_dock(self.inspector, Qt.DockWidgetArea.RightDockWidgetArea)
        self.counts = QLabel()
        self.counts.setToolTip("Deadlines the schedule misses, and locked items it would push")
        self.statusBar().addPermanentWidget(self.counts)

        self._build_menus()
        self._connect()
        self.context_menus = ContextMenus(self)  # and rename in place (F2)
        self.selection_commands = SelectionCommands(self)  # several selected items
        self.set_session(session)
        from planner.gui.features import FEATURES

        for install in FEATURES:
            install(self)
        self.inspector.raise_()
        self._restore_state()  # after the features, so their docks get their places too

    # -- building -----------------------------------------------------------------
    def _build_menus(self) -> None:
        a = self.actions_
        undo, redo = self.undo_history.undo_action, self.undo_history.redo_action
        undo.setIcon(icon("undo"))
        redo.setIcon(icon("redo"))
        a["undo"], a["redo"] = undo, redo
        f = self.menu("&File")
        f.addActions([a["new"], a["open"]])
        self.recent_menu = f.addMenu("Open &Recent")
        f.addActions([a["save"], a["save_as"]])
        f.addSeparator()
        f.addAction(a["quit"])
        e = self.menu("&Edit")
        e.addActions([undo, redo])
        e.addSeparator()
        e.addActions([a["teams"], a["sprints"]])
        v = self.menu("&View")
        v.addActions([a["show_timeline"], a["show_table"]])
        v.addSeparator()
        v.addActions([a["zoom_in"], a["zoom_out"], a["zoom_weeks"], a["zoom_months"],
                      a["zoom_quarters"], a["fit_all"], a["today"]])  # fmt: skip
        v.addSeparator()
        v.addActions([a["taller_rows"], a["shorter_rows"]])
        v.addSeparator()
        v.addAction(a["show_dependencies"])
        v.addAction(self.inspector.toggleViewAction())
        i = self.menu("&Item")
        i.addActions([a["add_task"], a["add_milestone"], a["rename_item"], a["delete_item"]])
        self.menu("&Sprints")  # features fill it (sprint reviews)
        self.menu("&Plan")  # before Help; features fill it (baselines, reviews, forecasts)
        self.menu("&Help").addAction(a["about"])
        tb = QToolBar("Main")
        tb.setObjectName("main-toolbar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        for name in ("new", "open", "save_as", None, "undo", "redo", None, "add_task",
                     "add_milestone", "delete_item", None, "zoom_in", "zoom_out", "fit_all",
                     "today", None, "teams", "sprints"):  # fmt: skip
            tb.addSeparator() if name is None else tb.addAction(a[name])
        show_shortcuts(tb)
        self.addToolBar(tb)
        self.toolbar = tb

    def _connect(self) -> None:
        a, view = self.actions_, self.view
        a["new"].triggered.connect(self.new_file)
        a["open"].triggered.connect(self.open_dialog)
        a["save"].triggered.connect(self._saved_hint)
        a["save_as"].triggered.connect(self.save_as)
        a["quit"].triggered.connect(self.close)
        a["zoom_in"].triggered.connect(lambda: view.zoom_by(1.5))
        a["zoom_out"].triggered.connect(lambda: view.zoom_by(1 / 1.5))
        for name in ZOOM_PRESETS:
            a[f"zoom_{name}"].triggered.connect(lambda _=False, n=name: self._zoom_preset(n))
        a["fit_all"].triggered.connect(view.fit_all)
        a["taller_rows"].triggered.connect(view.taller_rows)
        a["shorter_rows"].triggered.connect(view.shorter_rows)
        for name in ("taller_rows", "shorter_rows"):  # keys of the timeline's: elsewhere
            a[name].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            view.addAction(a[name])  # Ctrl+Shift+Up / Down still extend a selection
        self.scene.row_height_changed.connect(self._row_height_changed)
        self._row_height_changed(self.scene.rows.h)
        a["today"].triggered.connect(view.go_to_today)
        a["add_task"].triggered.connect(lambda: self.add_item("task"))
        a["add_milestone"].triggered.connect(lambda: self.add_item("milestone"))
        a["delete_item"].triggered.connect(self.delete_selected)
        a["teams"].triggered.connect(self.edit_teams)
        a["sprints"].triggered.connect(self.edit_sprints)
        a["show_table"].triggered.connect(lambda: self.tabs.setCurrentWidget(self.table))
        a["show_timeline"].triggered.connect(lambda: self.tabs.setCurrentWidget(self.view))
        a["about"].triggered.connect(self._about)
        deps = a["show_dependencies"]
        deps.setCheckable(True)
        deps.setChecked(self.settings.show_dependencies)
        self.scene.set_show_dependencies(self.settings.show_dependencies)
        deps.toggled.connect(self._show_dependencies)
        view.item_clicked.connect(lambda item_id: self.select_item(item_id, reveal=False))
        view.edit_requested.connect(self.apply_drag_edit)
        view.nudge_requested.connect(self.nudge)
        view.drag_status_changed.connect(self._drag_status)
        view.refused.connect(lambda msg: self.statusBar().showMessage(msg, 5000))
        self.table.view.clicked.connect(lambda _: self.select_item(self.table.selected_item_id()))
        self.table.view.activated.connect(lambda _: self.select_item(self.table.selected_item_id()))
        self.changes_applied.connect(self._on_changes)
        self.recent_menu.aboutToShow.connect(self._fill_recent)

    def _row_height_changed(self, h: float) -> None:
        """Taller rows and Shorter rows are offered while there are such rows."""
        self.actions_["taller_rows"].setEnabled(h < ROW_H)
        self.actions_["shorter_rows"].setEnabled(h > MIN_ROW_H)

    def _show_dependencies(self, on: bool) -> None:
        self.scene.set_show_dependencies(on)
        self.settings.show_dependencies = on
        save_settings(self.settings)

    # -- the contract -------------------------------------------------------------
    def menu(self, title: str) -> QMenu:
        key = title.replace("&", "").lower()
        if key not in self._menus:
            self._menus[key] = self.menuBar().addMenu(title)
        return self._menus[key]

    def add_banner(self, banner: QWidget) -> None:
        """Put a feature's strip above the timeline and the table (below the read-only
        banner); the strip shows and hides itself."""
        lay = self.centralWidget().layout()
        lay.insertWidget(lay.indexOf(self.tabs), banner)

    def add_dock(self, dock, area=Qt.DockWidgetArea.RightDockWidgetArea) -> None:
        """Add a dock; docks sharing an area start as tabs (the user can split them)."""
        if not dock.objectName():
            dock.setObjectName(dock.windowTitle().lower().replace(" ", "-") or "dock")
        first = next((d for d in self._docks if self.dockWidgetArea(d) == area), None)
        self.addDockWidget(area, dock)
        self._docks.append(dock)
        if first is not None:
            self.tabifyDockWidget(first, dock)

    def apply_edit(self, edit, *, nudge_of: str | None = None, merge_key: str | None = None):
        """Apply ``edit`` (an edit, or a request the session resolves into one, such as
        RecordSlip or RecordProgress) as one undo step (nudges of one item in a row merge
        into one, as does an edit right after one with the same ``merge_key``); a
        refused edit shows its message and returns None."""
        if self.session is None:
            return None
        try:
            merge = f"nudge:{nudge_of}" if nudge_of is not None else merge_key
            changes = self.session.apply(edit, merge_key=merge)
        except PlannerError as e:
            self.show_error(str(e))
            return None
        self.changes_done(changes)
        return changes

    def apply_drag_edit(self, edit, preview=None):
        """A drop, with the reason ``with_reason`` asks for over the drag's preview (still
        on screen meanwhile), which is reused: the drop propagates once, in ``apply``."""
        edit = self.with_reason(edit, preview)
        self.view.end_drag()
        return None if edit is None else self.apply_edit(edit)

    def apply_asking(self, edit, preview=None):
        """Apply an edit made by hand (a typed date, a link from a menu, Mark started)
        with the reason ``with_reason`` asks for. Returns the Changes, or None when
        refused or cancelled."""
        edit = self.with_reason(edit, preview)
        return None if edit is None else self.apply_edit(edit)

    def with_reason(self, edit, preview=None):
        """``edit`` with the reason ``reason_provider`` (if any) gives when it moves items
        (asked over ``preview``, made here if not given); None when the user cancels
        (the status bar says nothing changed) or the edit is refused (its message shown).
        ``edit`` may be a request the session resolves (RecordProgress)."""
        if self.session is None:
            return None
        if self.reason_provider is None:
            return edit
        try:
            edit = self.session.resolve(edit)
            if preview is None:
                preview = self.session.preview(edit)
        except PlannerError as e:
            self.show_error(str(e))
            return None
        if preview.moved:
            reason = self.reason_provider(edit, preview)
            if reason is None:
                what = one_line(edit.describe(self.session.plan))
                self.statusBar().showMessage(f"Cancelled: {what} — nothing changed", 8000)
                return None
            if reason:
                edit = edit.with_reason(reason)
        return edit

    def changes_done(self, changes) -> None:
        self.undo_history.refresh()
        self.changes_applied.emit(changes)

    def show_error(self, text: str) -> None:
        self.error_shown.emit(text)
        show_message(self, "Roadmap Planner", text)

    def select_item(self, item_id: str | None, reveal: bool = True) -> None:
        """Select only ``item_id`` (None: nothing)."""
        self.select_items((item_id,) if item_id is not None else (), item_id, reveal)

    def select_items(self, ids, primary: str | None, reveal: bool = False) -> None:
        """Select several items on the timeline; ``primary`` (the last clicked, added if
        missing) is the one the inspector and the table show and ``item_selected``
        names."""
        plan = self.session.plan if self.session is not None else None
        ids = tuple(i for i in ids if plan is not None and plan.has_item(i))
        if primary is not None and (plan is None or not plan.has_item(primary)):
            primary = None
        if primary is None and ids:
            primary = ids[-1]
        ids = tuple(dict.fromkeys((*ids, primary) if primary is not None else ids))
        if primary == self._selected and ids == self.scene.selection.ids:
            return
        self.scene.select_many(ids, primary)
        self.inspector.show_count(len(ids))
        self.actions_["delete_item"].setEnabled(bool(ids) and not self.read_only)
        if primary == self._selected:
            return
        self._selected = primary
        self.table.select_item(primary)
        self.inspector.show_item(primary)
        if primary is not None and reveal:
            self.view.ensure_item_visible(primary)
        self.item_selected.emit(primary)

    def selected_item_id(self) -> str | None:
        return self._selected

    def selected_item_ids(self) -> tuple[str, ...]:
        """Every selected item (the primary among them); () for none."""
        return self.scene.selection.ids

    @property
    def read_only(self) -> bool:
        return self.session is None or self.session.read_only

    # -- editing helpers ------------------------------------------------------------
    def nudge(self, item_id: str, days: int) -> None:
        """Move an item's planned date by ``days`` working days (merges into one step);
        with several selected, every one of them."""
        selected = self.selected_item_ids()
        if len(selected) > 1 and item_id in selected:
            self.selection_commands.nudge(selected, days)
            return
        it = self.session.plan.item(item_id)
        if it.done:
            self.statusBar().showMessage(f"{it.label} is done: it stays on its dates", 4000)
            return
        try:
            edit = nudge_edit(self.session, item_id, days)
        except PlannerError as e:  # e.g. past the calendar's first or last day
            self.statusBar().showMessage(str(e), 4000)
            return
        changes = self.apply_edit(edit, nudge_of=item_id)
        if changes is not None:
            self.say_if_held(changes, (item_id,))

    def say_if_held(self, changes, ids) -> None:
        """After a nudge: the items it did not move (their dependencies still hold them
        where they are, only their planned start changed) are said in the status bar."""
        moved = set(changes.moved_ids)
        held = [i for i in ids if i not in moved and self.session.plan.has_item(i)]
        if not held:
            return
        plan = self.session.plan
        if len(held) == 1:
            it = plan.item(held[0])
            planned = day_text(it.start, self.today)
            text = (f"{one_line(it.label)} stays where it is: its dependencies hold it "
                    f"(its planned start is now {planned})")  # fmt: skip
        else:
            text = (f"{len(held)} of the items stay where they are: their dependencies hold "
                    "them (their planned starts moved)")  # fmt: skip
        self.statusBar().showMessage(text, 6000)

    def add_item(self, kind: str) -> None:
        edit = new_item_edit(self.session, kind, self._selected, self.today)
        if self.apply_edit(edit, merge_key=new_item_key(edit.item.id)) is not None:
            self.select_item(edit.item.id)
            self.item_added.emit(edit.item.id)

    def delete_selected(self) -> None:
        selected = self.selected_item_ids()
        if len(selected) > 1:
            self.selection_commands.delete(selected)
        elif self._selected is not None:
            self.apply_edit(RemoveItem(self._selected))

    def edit_teams(self) -> None:
        dlg = TeamsDialog(self.session.plan.teams, self)
        if dlg.exec() and dlg.teams() != self.session.plan.teams:
            self.apply_edit(SetTeams(dlg.teams()))

    def edit_sprints(self) -> None:
        dlg = SprintsDialog(self.session.plan.sprints, self.today, self, self.session.plan.teams)
        if dlg.exec() and dlg.sprints() != self.session.plan.sprints:
            self.apply_edit(SetSprints(dlg.sprints()))

    def _zoom_preset(self, name: str) -> None:
        self.view.zoom_preset(name)
        self.settings.zoom = name

    # -- reacting -----------------------------------------------------------------
    def _on_changes(self, changes) -> None:
        self.scene.apply_changes(changes)
        if changes.structural:
            self.view.forget_hover()
        if changes.structural:
            self.table.reload()
        else:
            self.table.model.apply_changes(changes)
        if self._selected is not None and not self.session.plan.has_item(self._selected):
            self.select_item(None)
        self.inspector.show_count(len(self.selected_item_ids()))
        self.inspector.refresh()
        self._update_status()
        if ChangeKind.NAME in changes.kinds:  # an import (or its undo) renames the plan
            self._update_title()

    def _drag_status(self, text: str) -> None:
        if text:
            self.statusBar().showMessage(text)
        else:
            self.statusBar().clearMessage()

    def _update_status(self) -> None:
        v = self.session.schedule.violations if self.session else ()
        late = sum(1 for x in v if x.kind == "deadline")
        conflicts = len(v) - late
        text = (
            f"{late} deadline miss{'es' * (late != 1)} · "
            f"{conflicts} conflict{'s' * (conflicts != 1)}"
        )
        theme.style(self.counts, "color:{bad}" if v else "color:{good}")
        self.counts.setText(text)

    def _update_title(self) -> None:
        s = self.session
        name = Path(s.path).name if s and s.path else "untitled"
        ro = " [read-only]" if self.read_only else ""
        self.setWindowTitle(f"{s.plan.name} — {name}{ro} — Roadmap Planner")

    # -- files --------------------------------------------------------------------
    def set_session(self, session: PlanSession) -> None:
        old = self.session
        self.session = session
        session.clock = lambda: self.today  # the "<sprint> start" baselines, before edits
        self._keep_sprint_baselines(session)
        self.undo_history.refresh()
        self._selected = None
        self.scene.select(None)
        self.inspector.show_count(0)
        zoom = self.settings.zoom if self.settings.zoom in ZOOM_PRESETS else "months"
        self.scene.set_session(session, ZOOM_PRESETS[zoom])
        self.view.forget_hover()
        self.view.read_only = session.read_only
        self.table.reload()
        self.inspector.show_item(None)
        for name in EDITING:
            self.actions_[name].setEnabled(not session.read_only)
        self.actions_["delete_item"].setEnabled(False)
        if session.read_only:
            self.banner.setText(_read_only_banner(session.read_only_reason))
        self.banner.setVisible(session.read_only)
        self._update_title()
        self._update_status()
        self._scroll_home()
        if session.path is not None:
            self.settings.add_recent(str(session.path))
            save_settings(self.settings)
        if old is not None and old is not session:
            old.close()
        self.session_changed.emit(session)

    def _keep_sprint_baselines(self, session: PlanSession) -> None:
        """Keep the "<sprint> start" baselines of the sprints begun by today that have none
        yet (a sprint review compares against them); a file that can't take it says so."""
        if session.read_only:
            return
        try:
            session.keep_sprint_baselines(self.today)
        except PlannerError as e:
            self.statusBar().showMessage(str(e), 8000)

    def _scroll_home(self) -> None:
        from datetime import timedelta

        first = self.scene.span[0]
        self.view.scroll_to_day(max(first - timedelta(days=4), self.today - timedelta(days=28)), 0)
        self.view.verticalScrollBar().setValue(0)

    def open_file(self, path) -> bool:
        path = Path(path)
        if (
            self.session
            and self.session.path
            and Path(self.session.path).resolve() == path.resolve()
        ):
            return True
        from planner.gui.loading import open_session

        try:  # read and scheduled off the GUI thread, a progress dialog if it takes long
            session = open_session(path, self)
        except PlannerError as e:
            self.show_error(str(e))
            return False
        # a large roadmap takes a moment to draw (a big one draws the rest in slices)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.set_session(session)
            error = None
        except PlannerError as e:
            error = str(e)
        finally:
            QApplication.restoreOverrideCursor()
        if error is not None:
            self.show_error(error)
            return False
        return True

    def open_dialog(self) -> None:
        start = str(Path(self.session.path).parent) if self.session and self.session.path else ""
        path, _ = QFileDialog.getOpenFileName(self, "Open roadmap", start, FILE_FILTER)
        if path:
            self.open_file(path)

    def new_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New roadmap", "", FILE_FILTER)
        if path:
            try:
                path = documents.new_roadmap(Path(path), self.today)
            except PlannerError as e:
                self.show_error(str(e))
                return
            self.open_file(path)

    def save_as(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save a copy as", "", FILE_FILTER)
        if path:
            self.save_copy_to(Path(path))

    def save_copy_to(self, path: Path) -> bool:
        """Copy the roadmap to ``path`` (SQLite backup) and continue working on the copy."""
        try:
            target = documents.save_copy(self.session, path)
        except PlannerError as e:
            self.show_error(str(e))
            return False
        return self.open_file(target)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for p in self.settings.recent_files:
            act = self.recent_menu.addAction(p)
            act.triggered.connect(lambda _=False, p=p: self.open_file(p))
        self.recent_menu.setEnabled(bool(self.settings.recent_files))

    def _saved_hint(self) -> None:
        """Ctrl+S has nothing to write (every edit is saved as it is made): say so."""
        text = "Read-only: nothing here is changed or saved" if self.read_only else SAVED
        self.statusBar().showMessage(text, 5000)

    def _about(self) -> None:
        show_about(self)

    # -- window state -------------------------------------------------------------
    def _qsettings(self) -> QSettings:
        return QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)

    def _restore_state(self) -> None:
        qs = self._qsettings()
        geo = qs.value("geometry")
        if geo is not None:
            self.restoreGeometry(geo)
        else:
            self.setGeometry(first_geometry(self))  # about 90% of the screen, centred
        state = qs.value("state")
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event) -> None:
        qs = self._qsettings()
        qs.setValue("geometry", self.saveGeometry())
        qs.setValue("state", self.saveState())
        save_settings(self.settings)
        if self.session is not None:
            self.session.close()
        super().closeEvent(event)


def _read_only_banner(reason: str | None) -> str:
    """The banner of a read-only window: why it can't change the roadmap."""
    why = html.escape(reason or "it was opened for reading only")
    return f"<b>Read-only:</b> {why}, so this window can look but not change the roadmap."
