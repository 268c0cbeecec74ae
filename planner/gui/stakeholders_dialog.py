"""Edit > Stakeholders…: the departments that depend on the roadmap without a lane on it
(Sales, Marketing, Support), each with a name, an id and a contact (e-mail addresses).

``StakeholdersDialog`` looks and behaves like the Teams dialog: a list to add to,
rename, reorder and remove from, with the buttons on the right; it returns the new
tuple of Stakeholder values, which the window applies as one ``SetStakeholders`` edit
(one undo step). The id of a stakeholder already in the roadmap is what its items'
targets and watchers refer to, so it stays; a new one's id follows its name until it
is typed. A contact is checked loosely as it is typed (addresses with an "@", as
delivery reads them) and OK is refused, with the reason in the dialog, while one is not
an address or an id is empty, taken twice or a team's. What removing a stakeholder
withdraws (its targets, its watching) is said before OK; one undo brings it back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.domain.errors import PlannerError
from planner.domain.model import Plan, Stakeholder, validate_stakeholders
from planner.domain.text import quoted
from planner.gui import theme
from planner.gui.plain_text import plain_label, tip
from planner.gui.plan_dialogs import contact_problem, slug

__all__ = ["COLUMNS", "StakeholdersDialog"]

COLUMNS = ("Name", "Id", "Contact")
NAME, ID, CONTACT = range(3)
AUTO_ROLE = Qt.ItemDataRole.UserRole  # on the id cell: it still follows the name
KEPT_ROLE = Qt.ItemDataRole.UserRole + 1  # on the id cell: the roadmap has it already
BAD = theme.color("bad")
ID_TIP = "What the roadmap's items refer to (targets, watchers); it can't change"
CONTACT_TIP = "E-mail addresses, separated by commas: where its notices are sent"


class StakeholdersDialog(QDialog):
    """The plan's stakeholders in a table; ``stakeholders()`` is what it holds now."""

    def __init__(self, plan: Plan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Stakeholders")
        self.plan = plan
        self._syncing = False
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)  # a long contact is elided, its row stays one line
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(CONTACT, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(NAME, 160)
        self.table.setColumnWidth(ID, 120)
        for s in plan.stakeholders:
            self._add_row(s.name, s.id, s.contact, kept=True)
        self.table.itemChanged.connect(self._changed)
        buttons = QVBoxLayout()
        for text, slot in (("Add", self.add), ("Move up", self.up), ("Move down", self.down),
                           ("Remove", self.remove)):  # fmt: skip
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.table, 1)
        row.addLayout(buttons)
        self.note = plain_label()  # what removing withdraws; names stakeholders
        self.note.setWordWrap(True)
        theme.style(self.note, "color:{subtle}")
        self.note.hide()
        self.problem = plain_label()  # names stakeholders and contacts
        self.problem.setWordWrap(True)
        theme.style(self.problem, "color:{bad}")
        self.problem.hide()
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)  # fmt: skip
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.note)
        lay.addWidget(self.problem)
        lay.addWidget(box)
        self.resize(680, 340)

    # -- rows -----------------------------------------------------------------------
    def _add_row(self, name: str, sid: str, contact: str, kept: bool, at: int = -1) -> int:
        r = self.table.rowCount() if at < 0 else at
        was, self._syncing = self._syncing, True
        try:
            self.table.insertRow(r)
            self.table.setItem(r, NAME, QTableWidgetItem(name))
            id_cell = QTableWidgetItem(sid)
            id_cell.setData(AUTO_ROLE, not kept)
            id_cell.setData(KEPT_ROLE, kept)
            if kept:
                id_cell.setFlags(id_cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                id_cell.setForeground(theme.color("subtle"))
                id_cell.setToolTip(ID_TIP)
            self.table.setItem(r, ID, id_cell)
            self.table.setItem(r, CONTACT, QTableWidgetItem(contact))
            self._check_contact(r)
        finally:
            self._syncing = was
        return r

    def _text(self, r: int, col: int) -> str:
        cell = self.table.item(r, col)
        return cell.text().strip() if cell is not None else ""

    def _taken(self, but: int = -1) -> set[str]:
        """Ids in use: the teams' and every other row's."""
        rows = (self._text(r, ID) for r in range(self.table.rowCount()) if r != but)
        return {t.id for t in self.plan.teams} | set(rows)

    def _changed(self, cell: QTableWidgetItem) -> None:
        if self._syncing:
            return
        r, col = cell.row(), cell.column()
        id_cell = self.table.item(r, ID)
        if id_cell is None:
            return
        if col == ID:
            id_cell.setData(AUTO_ROLE, False)  # typed: it no longer follows the name
        elif col == NAME and id_cell.data(AUTO_ROLE):
            self._syncing = True
            try:
                id_cell.setText(slug(self._text(r, NAME), self._taken(but=r)))
            finally:
                self._syncing = False
        elif col == CONTACT:
            self._check_contact(r)
        self.problem.hide()

    def _check_contact(self, r: int) -> None:
        """Mark a contact that is not an address red, with the reason as its tooltip."""
        cell = self.table.item(r, CONTACT)
        if cell is None:
            return
        problem = contact_problem(cell.text())
        was, self._syncing = self._syncing, True
        try:
            cell.setData(Qt.ItemDataRole.ForegroundRole, BAD if problem else None)
            cell.setToolTip(tip(problem) if problem else CONTACT_TIP)
        finally:
            self._syncing = was

    # -- the buttons ------------------------------------------------------------------
    def add(self) -> None:
        """A new stakeholder at the end, its name ready to type."""
        name = f"Stakeholder {self.table.rowCount() + 1}"
        r = self._add_row(name, slug(name, self._taken()), "", kept=False)
        self.table.setCurrentCell(r, NAME)
        cell = self.table.item(r, NAME)
        if cell is not None:
            self.table.editItem(cell)

    def _move(self, step: int) -> None:
        r = self.table.currentRow()
        to = r + step
        if r < 0 or not 0 <= to < self.table.rowCount():
            return
        cells = [self.table.takeItem(r, c) for c in range(len(COLUMNS))]
        self.table.removeRow(r)
        was, self._syncing = self._syncing, True
        try:
            self.table.insertRow(to)
            for c, cell in enumerate(cells):
                self.table.setItem(to, c, cell)
        finally:
            self._syncing = was
        self.table.setCurrentCell(to, NAME)

    def up(self) -> None:
        self._move(-1)

    def down(self) -> None:
        self._move(1)

    def remove(self) -> None:
        r = self.table.currentRow()
        if r >= 0:
            self.table.removeRow(r)
            self._say_withdrawn()

    def _say_withdrawn(self) -> None:
        """What the stakeholders removed so far take with them, before OK."""
        kept = {s.id for s in self.stakeholders()}
        lines = []
        for s in self.plan.stakeholders:
            if s.id in kept:
                continue
            asked = sum(1 for it in self.plan.items if it.target and it.target.by == s.id)
            watched = sum(1 for it in self.plan.items if s.id in it.watchers)
            parts = [f"its target for {_n(asked, 'item')}"] if asked else []
            parts += [f"its watching of {_n(watched, 'item')}"] if watched else []
            if parts:
                lines.append(f"Removing {quoted(s.name)} withdraws {' and '.join(parts)} "
                             "(Undo brings them back).")  # fmt: skip
        self.note.setText("\n".join(lines))
        self.note.setVisible(bool(lines))

    # -- the result -------------------------------------------------------------------
    def stakeholders(self) -> tuple[Stakeholder, ...]:
        out = []
        for r in range(self.table.rowCount()):
            sid = self._text(r, ID)
            out.append(Stakeholder(sid, self._text(r, NAME) or sid, self._text(r, CONTACT)))
        return tuple(out)

    def problems(self) -> list[str]:
        """Why OK is refused now: the first bad id, every contact that is no address."""
        found = []
        stakeholders = self.stakeholders()
        try:
            validate_stakeholders(stakeholders, (t.id for t in self.plan.teams))
        except PlannerError as e:
            found.append(f"{str(e)[:1].upper()}{str(e)[1:]}.")
        for s in stakeholders:
            problem = contact_problem(s.contact)
            if problem is not None:
                found.append(f"Contact of {quoted(s.name)}: {problem}.")
        return found

    def accept(self) -> None:
        bad = self.problems()
        if bad:
            self.problem.setText(" ".join(bad[:3]) + (" …" if len(bad) > 3 else ""))
            self.problem.show()
            return
        super().accept()


def _n(k: int, word: str) -> str:
    return f"{k} {word}{'s' * (k != 1)}"
