"""Dialogs for the plan's lanes and sprints.

``TeamsDialog`` adds, renames, recolours, reorders and removes teams, sets each one's
contact (where its notices are sent) and returns the new tuple of Team values;
``SprintsDialog`` generates sprints from a cadence or edits them one by one — plan-wide
ones and each team's own — and returns the new tuple of Sprint values. The window turns
the result into one SetTeams / SetSprints edit.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from email.errors import MessageError

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
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
    QTableWidgetItem,
    QVBoxLayout,
)

from planner.app.delivery import parse_contact
from planner.domain.errors import PlannerError
from planner.domain.model import TEAM_COLORS, Sprint, Team, sprint_problem
from planner.domain.text import quoted
from planner.gui import theme
from planner.gui.plain_text import plain_label, tip
from planner.scheduling.sprints import generate_sprints

ID_ROLE = Qt.ItemDataRole.UserRole
COLOR_ROLE = Qt.ItemDataRole.UserRole + 1
CONTACT_ROLE = Qt.ItemDataRole.UserRole + 2
ALL_TEAMS = ""  # the team combo's value for a plan-wide sprint


def _swatch(color: str) -> QIcon:
    pm = QPixmap(14, 14)
    pm.fill(QColor(color))
    return QIcon(pm)


def contact_problem(contact: str) -> str | None:
    """Why a contact is not one or more e-mail addresses (checked loosely, as delivery
    reads them), in one line; None when it is, or is empty."""
    if not contact.strip():
        return None
    try:
        parse_contact(contact)
    except PlannerError as e:
        return str(e)
    except MessageError:  # what parse_contact lets through for "ann@example."
        return f"{quoted(contact)} is not an e-mail address"
    return None


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
            row = self._add_row(t.name, t.id, t.color or TEAM_COLORS[len(self._rows()) % 10])
            row.setData(CONTACT_ROLE, t.contact)
        self.contact = QLineEdit()
        self.contact.setPlaceholderText("e-mail addresses for the selected team's notices")
        self.contact.textEdited.connect(self._contact_edited)
        self.list.currentItemChanged.connect(lambda it, _old: self._show_contact(it))
        self._show_contact(None)
        self.problem = plain_label()  # names teams and contacts
        self.problem.setWordWrap(True)
        theme.style(self.problem, "color:{bad}")
        self.problem.hide()
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
        contact_form = QFormLayout()
        contact_form.addRow("Contact", self.contact)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addLayout(contact_form)
        lay.addWidget(self.problem)
        lay.addWidget(box)
        self.resize(460, 340)

    def _show_contact(self, it: QListWidgetItem | None) -> None:
        self.contact.setEnabled(it is not None)
        self.contact.setText((it.data(CONTACT_ROLE) or "") if it is not None else "")
        self._check_contact()

    def _contact_edited(self, text: str) -> None:
        it = self.list.currentItem()
        if it is not None:
            it.setData(CONTACT_ROLE, text.strip())
        self._check_contact()

    def _check_contact(self) -> None:
        problem = contact_problem(self.contact.text())
        theme.style(self.contact, "border: 1px solid {bad}" if problem else "")
        self.contact.setToolTip(tip(problem) if problem else "Where its notices are sent")

    def accept(self) -> None:
        bad = [f"Contact of {quoted(t.name)}: {p}." for t in self.teams()
               if (p := contact_problem(t.contact)) is not None]  # fmt: skip
        if bad:
            self.problem.setText(" ".join(bad[:3]))
            self.problem.show()
            return
        super().accept()

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
            Team(
                r.data(ID_ROLE),
                r.text().strip() or r.data(ID_ROLE),
                r.data(COLOR_ROLE),
                r.data(CONTACT_ROLE) or "",
            )
            for r in self._rows()
        )


def _date_edit(d: date) -> QDateEdit:
    w = QDateEdit(QDate(d.year, d.month, d.day))
    w.setCalendarPopup(True)
    w.setDisplayFormat("ddd d MMM yyyy")
    return w


class SprintsDialog(QDialog):
    """Every sprint, plan-wide ("All teams") or one team's, in one table.

    The cadence box generates a team's sprints (or the plan-wide ones) and replaces that
    team's rows; the other rows stay. OK is refused, with a message in the dialog, while
    a sprint finishes before it starts.
    """

    def __init__(self, sprints, today: date, parent=None, teams=()) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sprints")
        self.today = today
        self._teams = [(t.name, t.id) for t in teams]
        known = {t.id for t in teams}
        for s in sprints:  # keep a sprint of a team the dialog wasn't told about
            if s.team is not None and s.team not in known:
                known.add(s.team)
                self._teams.append((s.team, s.team))
        cadence = QGroupBox("Cadence")
        form = QFormLayout(cadence)
        self.cadence_team = self._team_combo(None)
        self.first_day = _date_edit(today - timedelta(days=today.weekday()))
        self.weeks = QSpinBox()
        self.weeks.setRange(1, 12)
        self.weeks.setValue(2)
        self.weeks.setSuffix(" weeks")
        self.count = QSpinBox()
        self.count.setRange(1, 200)
        self.count.setValue(6)
        self.pattern = QLineEdit("Sprint {n}")
        self.pattern.setToolTip("{n} is the sprint's number")
        self.first_number = QSpinBox()
        self.first_number.setRange(0, 100000)
        self.generate_button = QPushButton()
        self.generate_button.clicked.connect(self.generate)
        form.addRow("For", self.cadence_team)
        form.addRow("First day", self.first_day)
        form.addRow("Length", self.weeks)
        form.addRow("Count", self.count)
        form.addRow("Names", self.pattern)
        form.addRow("First number", self.first_number)
        form.addRow(self.generate_button)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Name", "Team", "Start", "Finish"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.setColumnWidth(0, 150)
        self.table.setColumnWidth(1, 130)
        self.table.setColumnWidth(2, 150)
        for s in sprints:
            self._insert_row(self.table.rowCount(), s)
        add, remove = QPushButton("Add sprint"), QPushButton("Remove sprint")
        add.setToolTip("Add a sprint after the last one of the selected row's team")
        add.clicked.connect(self.add_after_last)
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        self.problem = plain_label()  # names sprints
        self.problem.setWordWrap(True)
        theme.style(self.problem, "color:{bad}")
        self.problem.hide()
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)  # fmt: skip
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(cadence)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addWidget(self.problem)
        lay.addWidget(box)
        self.cadence_team.currentIndexChanged.connect(lambda _: self._cadence_from_rows())
        self._cadence_from_rows()
        self.resize(660, 600)

    # -- rows ---------------------------------------------------------------------------
    def _team_combo(self, team: str | None) -> QComboBox:
        combo = QComboBox()
        combo.addItem("All teams", ALL_TEAMS)
        for name, team_id in self._teams:
            combo.addItem(name, team_id)
        combo.setCurrentIndex(max(0, combo.findData(team or ALL_TEAMS)))
        return combo

    def _insert_row(self, r: int, s: Sprint) -> None:
        self.table.insertRow(r)
        self.table.setItem(r, 0, QTableWidgetItem(s.name))
        self.table.setCellWidget(r, 1, self._team_combo(s.team))
        self.table.setCellWidget(r, 2, _date_edit(s.start))
        self.table.setCellWidget(r, 3, _date_edit(s.finish))

    def _row(self, r: int) -> Sprint:
        name_item = self.table.item(r, 0)
        name = name_item.text().strip() if name_item else ""
        team = self.table.cellWidget(r, 1).currentData()
        start = self.table.cellWidget(r, 2).date().toPython()
        finish = self.table.cellWidget(r, 3).date().toPython()
        return Sprint(name or f"Sprint {r + 1}", start, finish, None if team == ALL_TEAMS else team)

    def _rows_of(self, team: str | None) -> list[int]:
        return [r for r in range(self.table.rowCount()) if self._row(r).team == team]

    def selected_cadence_team(self) -> str | None:
        team = self.cadence_team.currentData()
        return None if team == ALL_TEAMS else team

    def set_cadence_team(self, team: str | None) -> None:
        self.cadence_team.setCurrentIndex(max(0, self.cadence_team.findData(team or ALL_TEAMS)))

    def _cadence_from_rows(self) -> None:
        """Start the cadence box from the chosen team's sprints (if it has any)."""
        own = [self._row(r) for r in self._rows_of(self.selected_cadence_team())]
        if own:
            self.first_day.setDate(QDate(own[0].start.year, own[0].start.month, own[0].start.day))
            self.weeks.setValue(_weeks(own))
            self.count.setValue(len(own))
            self.pattern.setText(_pattern_of(own[0].name))
        self.first_number.setValue(_first_number(own))
        who = self.cadence_team.currentText()
        self.generate_button.setText(
            "Replace the plan-wide sprints with this cadence"
            if self.selected_cadence_team() is None
            else f"Replace the sprints of {who} with this cadence"
        )

    # -- editing ------------------------------------------------------------------------
    def generate(self) -> None:
        team = self.selected_cadence_team()
        try:
            sprints = generate_sprints(
                self.first_day.date().toPython(),
                self.weeks.value(),
                self.count.value(),
                self.pattern.text() or "Sprint {n}",
                self.first_number.value(),
                team,
            )
        except PlannerError as e:
            self.pattern.setToolTip(tip(str(e)))
            theme.style(self.pattern, "border: 1px solid {bad}")
            return
        theme.style(self.pattern, "")
        self.pattern.setToolTip("{n} is the sprint's number")
        old = self._rows_of(team)
        at = old[0] if old else self.table.rowCount()
        for r in reversed(old):
            self.table.removeRow(r)
        for k, s in enumerate(sprints):
            self._insert_row(at + k, s)

    def add_after_last(self) -> None:
        """A sprint after the last one of the selected row's team (else the cadence
        box's team): as long as that one, on the same rhythm, numbered on from it."""
        r = self.table.currentRow()
        team = self._row(r).team if r >= 0 else self.selected_cadence_team()
        rows = self._rows_of(team)
        if rows:
            own = [self._row(k) for k in rows]
            last = own[-1]
            start = last.start + timedelta(weeks=_weeks(own[-2:]))
            start = max(start, last.finish + timedelta(days=1))
            new = Sprint(_next_name(last.name, len(rows) + 1), start,
                         start + (last.finish - last.start), team)  # fmt: skip
            at = rows[-1] + 1
        else:
            d = self.first_day.date().toPython()
            new = Sprint("Sprint 1", d, d + timedelta(weeks=self.weeks.value(), days=-1), team)
            at = self.table.rowCount()
        self._insert_row(at, new)
        self.table.setCurrentCell(at, 0)

    def sprints(self) -> tuple[Sprint, ...]:
        return tuple(self._row(r) for r in range(self.table.rowCount()))

    def problems(self) -> list[str]:
        return [
            f"{s.name} {problem}."
            for s in self.sprints()
            if (problem := sprint_problem(s)) is not None
        ]

    def accept(self) -> None:
        bad = self.problems()
        if bad:
            self.problem.setText(" ".join(bad[:3]) + (" …" if len(bad) > 3 else ""))
            self.problem.show()
            return
        super().accept()


def _weeks(sprints: list[Sprint]) -> int:
    """The cadence in weeks: from one sprint's start to the next, else one sprint's
    length rounded to whole weeks (a Mon–Fri fortnight is 2 weeks)."""
    if len(sprints) >= 2:
        days = (sprints[1].start - sprints[0].start).days
    else:
        days = (sprints[0].finish - sprints[0].start).days + 1
    return min(12, max(1, round(days / 7)))


def _pattern_of(name: str) -> str:
    """'Mobile 7' -> 'Mobile {n}' (its first number); no number -> 'Sprint {n}'."""
    m = re.search(r"\d+", name)
    if m is None:
        return "Sprint {n}"
    esc = name.replace("{", "{{").replace("}", "}}")
    k = m.start() + name[: m.start()].count("{") + name[: m.start()].count("}")
    return esc[:k] + "{n}" + esc[k + len(m.group()) :]


def _next_name(name: str, fallback: int) -> str:
    """'Sprint 14' -> 'Sprint 15' (its first number, as the cadence box reads it); a name
    without a number -> 'Sprint <fallback>'."""
    m = re.search(r"\d+", name)
    if m is None:
        return f"Sprint {fallback}"
    return name[: m.start()] + str(int(m.group()) + 1) + name[m.end() :]


def _first_number(sprints) -> int:
    if sprints:
        m = re.search(r"(\d+)", sprints[0].name)
        if m:
            return int(m.group(1))
    return 1
