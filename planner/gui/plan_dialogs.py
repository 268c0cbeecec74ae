"""Dialogs for the plan's lanes and sprints.

``TeamsDialog`` adds, renames, recolours, reorders and removes teams and returns the
new tuple of Team values; ``SprintsDialog`` generates sprints from a cadence or edits
them one by one and returns the new tuple of Sprint values. The window turns the
result into one SetTeams / SetSprints edit.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
)

from planner.domain.errors import PlannerError
from planner.domain.model import TEAM_COLORS, Sprint, Team
from planner.scheduling.sprints import generate_sprints

ID_ROLE = Qt.ItemDataRole.UserRole
COLOR_ROLE = Qt.ItemDataRole.UserRole + 1


def _swatch(color: str) -> QIcon:
    pm = QPixmap(14, 14)
    pm.fill(QColor(color))
    return QIcon(pm)


def slug(name: str, taken: set[str]) -> str:
    """A new team id from its name, unique among ``taken``."""
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "team"
    out, k = base, 2
    while out in taken:
        out, k = f"{base}-{k}", k + 1
    return out


class TeamsDialog(QDialog):
    def __init__(self, teams, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Teams")
        self.list = QListWidget()
        for t in teams:
            self._add_row(t.name, t.id, t.color or TEAM_COLORS[len(self._rows()) % 10])
        buttons = QVBoxLayout()
        for text, slot in (("Add", self.add), ("Colour…", self.recolour), ("Move up", self.up),
                           ("Move down", self.down), ("Remove", self.remove)):  # fmt: skip
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)  # fmt: skip
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(box)
        self.resize(420, 320)

    def _rows(self) -> list[QListWidgetItem]:
        return [self.list.item(k) for k in range(self.list.count())]

    def _add_row(self, name: str, team_id: str, color: str) -> QListWidgetItem:
        it = QListWidgetItem(_swatch(color), name)
        it.setData(ID_ROLE, team_id)
        it.setData(COLOR_ROLE, color)
        it.setFlags(it.flags() | Qt.ItemFlag.ItemIsEditable)
        self.list.addItem(it)
        return it

    def add(self) -> None:
        taken = {r.data(ID_ROLE) for r in self._rows()}
        name = f"Team {self.list.count() + 1}"
        it = self._add_row(name, slug(name, taken), TEAM_COLORS[self.list.count() % 10])
        self.list.setCurrentItem(it)
        self.list.editItem(it)

    def recolour(self) -> None:
        it = self.list.currentItem()
        if it is None:
            return
        c = QColorDialog.getColor(QColor(it.data(COLOR_ROLE)), self, f"Colour of {it.text()}")
        if c.isValid():
            self.set_color(self.list.row(it), c.name())

    def set_color(self, row: int, color: str) -> None:
        it = self.list.item(row)
        it.setData(COLOR_ROLE, color)
        it.setIcon(_swatch(color))

    def _move(self, step: int) -> None:
        r = self.list.currentRow()
        if r < 0 or not 0 <= r + step < self.list.count():
            return
        it = self.list.takeItem(r)
        self.list.insertItem(r + step, it)
        self.list.setCurrentRow(r + step)

    def up(self) -> None:
        self._move(-1)

    def down(self) -> None:
        self._move(1)

    def remove(self) -> None:
        r = self.list.currentRow()
        if r >= 0:
            self.list.takeItem(r)

    def teams(self) -> tuple[Team, ...]:
        return tuple(
            Team(r.data(ID_ROLE), r.text().strip() or r.data(ID_ROLE), r.data(COLOR_ROLE))
            for r in self._rows()
        )


def _date_edit(d: date) -> QDateEdit:
    w = QDateEdit(QDate(d.year, d.month, d.day))
    w.setCalendarPopup(True)
    w.setDisplayFormat("ddd d MMM yyyy")
    return w


class SprintsDialog(QDialog):
    """Plan-wide sprints; team-specific sprints are kept as they are."""

    def __init__(self, sprints, today: date, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sprints")
        self._team_sprints = tuple(s for s in sprints if s.team is not None)
        own = [s for s in sprints if s.team is None]
        cadence = QGroupBox("Cadence")
        form = QFormLayout(cadence)
        first = own[0].start if own else today - timedelta(days=today.weekday())
        self.first_day = _date_edit(first)
        self.weeks = QSpinBox()
        self.weeks.setRange(1, 12)
        self.weeks.setValue(
            2 if not own else max(1, ((own[0].finish - own[0].start).days + 1) // 7)
        )
        self.weeks.setSuffix(" weeks")
        self.count = QSpinBox()
        self.count.setRange(1, 200)
        self.count.setValue(max(len(own), 6))
        self.pattern = QLineEdit("Sprint {n}")
        self.first_number = QSpinBox()
        self.first_number.setRange(0, 100000)
        self.first_number.setValue(_first_number(own))
        gen = QPushButton("Replace the sprints below with this cadence")
        gen.clicked.connect(self.generate)
        form.addRow("First day", self.first_day)
        form.addRow("Length", self.weeks)
        form.addRow("Count", self.count)
        form.addRow("Names", self.pattern)
        form.addRow("First number", self.first_number)
        form.addRow(gen)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Name", "Start", "Finish"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 140)
        self.table.setColumnWidth(1, 150)
        for s in own:
            self._add_row(s)
        add, remove = QPushButton("Add sprint"), QPushButton("Remove sprint")
        add.clicked.connect(self.add_after_last)
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)  # fmt: skip
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(cadence)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addWidget(box)
        self.resize(520, 560)

    def _add_row(self, s: Sprint) -> None:
        from PySide6.QtWidgets import QTableWidgetItem

        r = self.table.rowCount()
        self.table.insertRow(r)
        self.table.setItem(r, 0, QTableWidgetItem(s.name))
        self.table.setCellWidget(r, 1, _date_edit(s.start))
        self.table.setCellWidget(r, 2, _date_edit(s.finish))

    def generate(self) -> None:
        try:
            sprints = generate_sprints(
                self.first_day.date().toPython(),
                self.weeks.value(),
                self.count.value(),
                self.pattern.text() or "Sprint {n}",
                self.first_number.value(),
            )
        except PlannerError as e:
            self.pattern.setToolTip(str(e))
            self.pattern.setStyleSheet("border: 1px solid #C62828")
            return
        self.pattern.setStyleSheet("")
        self.table.setRowCount(0)
        for s in sprints:
            self._add_row(s)

    def add_after_last(self) -> None:
        rows = self.sprints()
        if rows:
            last = rows[-1]
            length = last.finish - last.start
            start = last.finish + timedelta(days=1)
            self._add_row(Sprint(f"Sprint {len(rows) + 1}", start, start + length))
        else:
            d = self.first_day.date().toPython()
            self._add_row(Sprint("Sprint 1", d, d + timedelta(days=13)))

    def sprints(self) -> tuple[Sprint, ...]:
        out = []
        for r in range(self.table.rowCount()):
            name_item = self.table.item(r, 0)
            name = name_item.text().strip() if name_item else ""
            start = self.table.cellWidget(r, 1).date().toPython()
            finish = self.table.cellWidget(r, 2).date().toPython()
            out.append(Sprint(name or f"Sprint {r + 1}", start, finish))
        return tuple(out) + self._team_sprints


def _first_number(sprints) -> int:
    if sprints:
        m = re.search(r"(\d+)", sprints[0].name)
        if m:
            return int(m.group(1))
    return 1
