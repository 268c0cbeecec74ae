"""Baselines in the window: Plan > Save baseline…, and Plan > Compare with.

``install(window)`` adds
- Plan > Save baseline…: a small dialog asks a name ("Baseline <date>" by default);
  saving under a name that exists asks before replacing it. Saving is not an edit (no
  history entry, nothing to undo), as ``planner baseline`` says;
- Plan > Compare with (and the same choice in the status bar): None or a saved baseline.
  The timeline then draws a ghost at the baseline's dates under every item that moved,
  and the table's Variance column says by how many working days each finish moved.

The list follows the roadmap: it is read again after every change (a baseline saved
here, or a "<sprint> start" baseline the session keeps before an edit) and when another
roadmap is opened, which also drops the comparison.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from planner.app.changes import ChangeKind, Changes
from planner.app.session import PlanSession
from planner.domain.errors import PlannerError
from planner.domain.text import quoted
from planner.gui.host import WindowHost
from planner.gui.plain_text import tip
from planner.gui.table import ItemTableModel
from planner.gui.timeline_scene import TimelineScene

__all__ = ["BaselinesFeature", "SaveBaselineDialog", "install"]

NONE_TEXT = "None"


def install(window: WindowHost) -> None:
    window.baselines_feature = BaselinesFeature(window)  # type: ignore[attr-defined]


def default_name(today: date) -> str:
    """The name the save dialog offers: "Baseline 2026-11-22"."""
    return f"Baseline {today.isoformat()}"


class SaveBaselineDialog(QDialog):
    """Asks the name to save a baseline under; ``name()`` is the stripped text."""

    def __init__(self, suggested: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Save baseline")
        self.edit = QLineEdit(suggested)
        self.edit.selectAll()
        note = QLabel(
            "Keeps every item's current dates under this name, to compare the plan with "
            "later (Plan > Compare with)."
        )
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.edit.textChanged.connect(self._check)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Name:"))
        lay.addWidget(self.edit)
        lay.addWidget(note)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(360)

    def name(self) -> str:
        return self.edit.text().strip()

    def _check(self) -> None:
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(bool(self.name()))


class BaselinesFeature(QObject):
    """The Plan menu's baseline actions and the comparison shown in the views."""

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]  # the window is a QMainWindow
        self.window = window
        self.chosen: str | None = None
        self._names: list[str] = []
        self.dialog: SaveBaselineDialog | None = None

        menu = window.menu("&Plan")
        self.save_action = QAction("Save &baseline…", self)
        self.save_action.setObjectName("save_baseline")
        self.save_action.setStatusTip("Keep every item's current dates under a name")
        self.save_action.triggered.connect(self.save_dialog)
        menu.addAction(self.save_action)
        self.compare_menu = menu.addMenu("&Compare with")
        self.compare_menu.setStatusTip("Show how the plan moved since a baseline")
        self.group = QActionGroup(self)
        self.group.setExclusive(True)

        self.combo = QComboBox()
        self.combo.setObjectName("compare_baseline")
        self.combo.setToolTip("Compare with a baseline: ghosts on the timeline, Variance column")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.activated.connect(lambda k: self.choose(self.combo.itemData(k)))
        self.combo_label = QLabel("Compare with:")
        self.combo_label.setToolTip(self.combo.toolTip())
        window.statusBar().addPermanentWidget(self.combo_label)
        window.statusBar().addPermanentWidget(self.combo)

        window.changes_applied.connect(self._on_changes)
        window.session_changed.connect(self._on_session)
        self._on_session(window.session)

    # -- saving ---------------------------------------------------------------------
    def save_dialog(self) -> None:
        """Ask a name and save the baseline (asking before replacing one)."""
        session = self.window.session
        if session is None or session.read_only:
            return
        self.dialog = SaveBaselineDialog(default_name(self.window.today), self._parent())
        try:
            if self.dialog.exec() != QDialog.DialogCode.Accepted:
                return
            name = self.dialog.name()
        finally:
            self.dialog = None
        if name in self._names and not self._confirm_replace(name):
            return
        self.save(name)

    def _confirm_replace(self, name: str) -> bool:
        answer = QMessageBox.question(
            self._parent(),
            "Replace baseline?",
            tip(f"A baseline named {quoted(name)} exists. Replace its dates with today's plan?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def save(self, name: str) -> bool:
        """Save the baseline ``name`` now; a refusal shows its message."""
        session = self.window.session
        if session is None:
            return False
        try:
            changes = session.save_baseline(name, initiator=self)
        except PlannerError as e:
            self.window.show_error(str(e))
            return False
        self.window.changes_done(changes)
        n = len(session.plan.items)
        self.window.statusBar().showMessage(
            f"Baseline {quoted(name.strip())} saved ({n} item{'s' * (n != 1)})", 6000
        )
        return True

    # -- comparing ------------------------------------------------------------------
    def choose(self, name: str | None) -> None:
        """Compare the views with baseline ``name`` (None: with nothing)."""
        session = self.window.session
        dates = None
        if name is not None and session is not None:
            try:
                dates = session.baseline_dates(name)
            except PlannerError as e:
                self.window.show_error(str(e))
                name = None
        self.chosen = name if dates is not None else None
        for scene in self.window.findChildren(TimelineScene):
            scene.set_baseline(self.chosen, dates)
        for model in self.window.findChildren(ItemTableModel):
            model.set_baseline(self.chosen, dates)
        self._show_choice()

    def names(self) -> list[str]:
        """The baselines the picker offers, oldest first."""
        return list(self._names)

    def _read_names(self, session: PlanSession | None) -> list[str]:
        if session is None:
            return []
        try:
            return [b.name for b in session.baselines()]
        except PlannerError as e:
            self.window.statusBar().showMessage(str(e), 8000)
            return []

    def _fill(self) -> None:
        """Rebuild the menu and the combo from ``_names``."""
        self.compare_menu.clear()
        for action in self.group.actions():
            self.group.removeAction(action)
        self.combo.clear()
        for label, value in [(NONE_TEXT, None), *((n, n) for n in self._names)]:
            act = QAction(label, self.compare_menu)
            act.setCheckable(True)
            act.setData(value)
            act.triggered.connect(lambda _=False, v=value: self.choose(v))
            self.group.addAction(act)
            self.compare_menu.addAction(act)
            if value is None and self._names:
                self.compare_menu.addSeparator()
            self.combo.addItem(label, value)
        self._show_choice()

    def _show_choice(self) -> None:
        for action in self.group.actions():
            action.setChecked(action.data() == self.chosen)
        k = self.combo.findData(self.chosen) if self.chosen is not None else 0
        self.combo.setCurrentIndex(max(k, 0))
        enabled = bool(self._names)
        self.combo.setEnabled(enabled)
        self.compare_menu.setEnabled(enabled)

    # -- following the window -------------------------------------------------------
    def _on_session(self, session: PlanSession | None) -> None:
        self._names = self._read_names(session)
        self.chosen = None
        self.save_action.setEnabled(session is not None and not session.read_only)
        self._fill()
        self.choose(None)

    def _on_changes(self, changes: Changes) -> None:
        names = self._read_names(self.window.session)
        if names != self._names:
            self._names = names
            self._fill()
        if self.chosen is not None and (
            self.chosen not in names or ChangeKind.BASELINES in changes.kinds
        ):
            self.choose(self.chosen if self.chosen in names else None)

    def _parent(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None
