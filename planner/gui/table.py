"""The item table: every item of the session in rows, for keyboard editing.

``ItemTableModel`` is a thin QAbstractTableModel over ``host.session`` (it copies
nothing); ``setData`` applies one UpdateItem through ``host.apply_edit``. A proxy sorts
by typed keys and filters by team; combo-box delegates edit the team and kind.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.domain.edits import UpdateItem

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
TEAM_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = [
    ("id", "ID"), ("title", "Title"), ("team", "Team"), ("kind", "Kind"),
    ("start", "Planned start"), ("duration", "Duration"), ("deadline", "Deadline"),
    ("first", "Scheduled start"), ("last", "Scheduled finish"), ("slack", "Slack"),
    ("locked", "Locked"), ("done", "Done"),
]  # fmt: skip
EDITABLE = {"title", "team", "kind", "start", "duration", "deadline"}
CHECKABLE = {"locked", "done"}
COL = {key: k for k, (key, _) in enumerate(COLUMNS)}
RED = QColor("#C62828")
NO_PARENT = QModelIndex()


def _qdate(d: date | None):
    return QDate(d.year, d.month, d.day) if d is not None else None


class ItemTableModel(QAbstractTableModel):
    def __init__(self, host, parent=None) -> None:
        super().__init__(parent)
        self.host = host

    @property
    def _session(self):
        return self.host.session

    def rowCount(self, parent=NO_PARENT) -> int:
        s = self._session
        return 0 if parent.isValid() or s is None else len(s.plan.items)

    def columnCount(self, parent=NO_PARENT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def item_id(self, row: int) -> str:
        return self._session.plan.items[row].id

    def row_of(self, item_id: str) -> int:
        return self._session.plan.item_index.get(item_id, -1)

    def flags(self, index):
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        key = COLUMNS[index.column()][0]
        if self._session is None or self._session.read_only:
            return f
        it = self._session.plan.items[index.row()]
        if key in EDITABLE and not (key == "duration" and it.is_milestone):
            f |= Qt.ItemFlag.ItemIsEditable
        if key in CHECKABLE:
            f |= Qt.ItemFlag.ItemIsUserCheckable
        return f

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        session = self._session
        plan, sched = session.plan, session.schedule
        r = index.row()
        it = plan.items[r]
        key = COLUMNS[index.column()][0]
        if role == TEAM_ROLE:
            return it.team
        if key in CHECKABLE:
            if role == Qt.ItemDataRole.CheckStateRole:
                on = getattr(it, key)
                return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
            if role == SORT_ROLE:
                return int(getattr(it, key))
            return None
        value = self._value(it, key, sched, r, plan)
        if role == SORT_ROLE:
            if isinstance(value, date):
                return value.toordinal()
            return "" if value is None else value
        if role == Qt.ItemDataRole.EditRole:
            if key in ("start", "deadline"):
                return _qdate(value or sched.dates_at(r)[1])
            if key == "team":
                return it.team
            return value
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, date):
                return f"{value:%a} {value.day} {value:%b %Y}"
            if key == "team":
                return plan.team_name(it.team)
            if key == "duration":
                return "—" if it.is_milestone else f"{value} d"
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ForegroundRole and key == "slack" and value <= 0:
            return RED
        return None

    @staticmethod
    def _value(it, key, sched, r, plan):
        if key == "first":
            return sched.dates_at(r)[0]
        if key == "last":
            return sched.dates_at(r)[1]
        if key == "slack":
            return int(sched.total_slack[r])
        return getattr(it, key)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        it = self._session.plan.items[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.CheckStateRole and key in CHECKABLE:
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole or key not in EDITABLE:
            return False
        if isinstance(value, QDate):
            value = value.toPython()
        if key == "title":
            value = str(value).strip()
            if not value:
                return False
        if getattr(it, key) == value:
            return False
        return self.host.apply_edit(UpdateItem.of(it.id, **{key: value})) is not None

    # -- refresh from change records ----------------------------------------------
    def reset(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def apply_changes(self, changes) -> None:
        if changes.structural:
            self.reset()
            return
        n = self.rowCount()
        ids = set(changes.items_edited) | set(changes.moved_ids) | changes.critical_flipped
        ids |= changes.slack_changed
        ids |= {v.item for v in (*changes.violations_added, *changes.violations_resolved)}
        index = self.host.session.plan.item_index
        rows = sorted(index[i] for i in ids if i in index)
        last = len(COLUMNS) - 1
        if len(rows) > 500:  # a big change: one signal (views repaint only visible rows)
            self.dataChanged.emit(self.index(0, 0), self.index(n - 1, last))
            return
        for r in rows:  # else only the rows that changed, so the filter re-checks those
            self.dataChanged.emit(self.index(r, 0), self.index(r, last))


class TeamFilterProxy(QSortFilterProxyModel):
    """Sorts by typed keys; shows one team's items, or all (team = ``ALL``)."""

    ALL = "*all teams*"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.team = self.ALL
        self.setSortRole(SORT_ROLE)

    def set_team(self, team) -> None:
        if hasattr(self, "endFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            self.team = team
            self.endFilterChange()
        else:
            self.team = team
            self.invalidateFilter()

    def filterAcceptsRow(self, row, parent) -> bool:
        if self.team == self.ALL:
            return True
        return self.sourceModel().index(row, 0, parent).data(TEAM_ROLE) == self.team


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box of (label, value) choices given by ``choices()``."""

    def __init__(self, choices, parent=None) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent, option, index):
        box = QComboBox(parent)
        for label, value in self.choices():
            box.addItem(label, value)
        return box

    def setEditorData(self, editor, index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        k = next((i for i, (_, v) in enumerate(self.choices()) if v == value), 0)
        editor.setCurrentIndex(k)

    def setModelData(self, editor, model, index) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ItemTableWidget(QWidget):
    """The table with its team filter."""

    def __init__(self, host, parent=None) -> None:
        super().__init__(parent)
        self.host = host
        self.model = ItemTableModel(host, self)
        self.proxy = TeamFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter = QComboBox()
        self.filter.activated.connect(lambda _: self.proxy.set_team(self.filter.currentData()))
        top = QHBoxLayout()
        top.addWidget(QLabel("Team:"))
        top.addWidget(self.filter)
        top.addStretch(1)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        # size columns from the first rows only: measuring 10k rows takes most of a second
        self.view.horizontalHeader().setResizeContentsPrecision(60)
        self._delegates = [
            ChoiceDelegate(self._team_choices, self.view),
            ChoiceDelegate(lambda: [("Task", "task"), ("Milestone", "milestone")], self.view),
        ]
        self.view.setItemDelegateForColumn(COL["team"], self._delegates[0])
        self.view.setItemDelegateForColumn(COL["kind"], self._delegates[1])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(self.view)

    def _team_choices(self):
        plan = self.host.session.plan
        return [(t.name, t.id) for t in plan.teams] + [("No team", None)]

    def reload(self) -> None:
        """A new session or new teams: refill the filter and reset the model."""
        current = self.proxy.team
        self.filter.clear()
        self.filter.addItem("All teams", TeamFilterProxy.ALL)
        if self.host.session is not None:
            for label, value in self._team_choices():
                self.filter.addItem(label, value)
        k = self.filter.findData(current)
        self.filter.setCurrentIndex(max(k, 0))
        self.proxy.set_team(self.filter.currentData())
        self.model.reset()
        self.view.resizeColumnsToContents()

    def select_item(self, item_id: str | None) -> None:
        if item_id is None:
            self.view.clearSelection()
            return
        row = self.model.row_of(item_id)
        if row < 0:
            return
        idx = self.proxy.mapFromSource(self.model.index(row, 1))
        if idx.isValid() and self.view.currentIndex().row() != idx.row():
            self.view.setCurrentIndex(idx)
            self.view.scrollTo(idx)

    def selected_item_id(self) -> str | None:
        idx = self.view.currentIndex()
        if not idx.isValid():
            return None
        return self.model.item_id(self.proxy.mapToSource(idx).row())
