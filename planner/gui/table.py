"""The item table: every item of the session in rows, for keyboard editing.

``ItemTableModel`` is a thin QAbstractTableModel over ``host.session`` (it copies
nothing); ``setData`` applies one UpdateItem through ``host.apply_edit``, or for the
progress columns (Done, Started, Done on, Progress, Remaining) one ``RecordProgress``,
as the inspector does. Variance is the shift of each finish, in working days, against
the baseline given to ``set_baseline`` (the Plan menu's "Compare with"). Forecast P80
and On time show the forecast given to ``set_forecast`` (View > Show forecast), hidden
without one. A proxy sorts by typed keys and filters by team; combo-box and spin-box
delegates edit the team, the kind, the progress and the days remaining.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.app.actuals import PROGRESS_VERB, RecordProgress
from planner.app.forecasting import chance_level, chance_text
from planner.domain.edits import UpdateItem
from planner.domain.text import one_line, quoted
from planner.gui.day_format import day_text
from planner.gui.plain_text import tip
from planner.gui.progress_values import (
    finish_shift,
    remaining_days,
    shift_text,
    suggested_day,
)
from planner.gui.theme import color
from planner.gui.timeline_forecast import CHANCE_COLORS

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
TEAM_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = [
    ("id", "ID"), ("title", "Title"), ("team", "Team"), ("kind", "Kind"),
    ("start", "Planned start"), ("duration", "Duration"), ("deadline", "Deadline"),
    ("first", "Scheduled start"), ("last", "Scheduled finish"), ("slack", "Slack"),
    ("locked", "Locked"), ("done", "Done"), ("actual_start", "Started"),
    ("actual_finish", "Done on"), ("progress", "Progress"), ("remaining", "Remaining"),
    ("p80", "Forecast P80"), ("on_time", "On time"), ("variance", "Variance"),
]  # fmt: skip
EDITABLE = {"title", "team", "kind", "start", "duration", "deadline"}
PROGRESS = {"actual_start", "actual_finish", "progress", "remaining"}  # RecordProgress
CHECKABLE = {"locked", "done"}
DATES = {"start", "deadline", "actual_start", "actual_finish"}
FORECAST = ("p80", "on_time")  # filled by set_forecast
COL = {key: k for k, (key, _) in enumerate(COLUMNS)}
RED, GREEN = color("bad"), color("good")  # live colours of planner/gui/theme.py
NO_PARENT = QModelIndex()


def _qdate(d: date | None):
    return QDate(d.year, d.month, d.day) if d is not None else None


class ItemTableModel(QAbstractTableModel):
    def __init__(self, host, parent=None) -> None:
        super().__init__(parent)
        self.host = host
        self.baseline_name: str | None = None
        self.baseline: dict[str, tuple[date, date]] | None = None  # item -> (first, last)
        self.forecast = None  # a PlanForecast (View > Show forecast), or None

    @property
    def _session(self):
        return self.host.session

    def rowCount(self, parent=NO_PARENT) -> int:
        s = self._session
        return 0 if parent.isValid() or s is None else len(s.plan.items)

    def columnCount(self, parent=NO_PARENT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._header_tip(COLUMNS[section][0])
        return None

    def _header_tip(self, key: str) -> str | None:
        if key == "variance":
            if self.baseline_name is None:
                return "Choose a baseline (Plan > Compare with) to see how far each finish moved"
            return tip(
                f"How far each finish moved since baseline {quoted(self.baseline_name)}, "
                "in working days: + later, - earlier"
            )
        if key == "remaining":
            return "Working days left once started, counting today as the first"
        if key == "progress":
            return "How much is done (shown on the timeline, never scheduled)"
        if key == "p80":
            return "The day it finishes by in 4 forecast runs out of 5 (milestones, deadlines)"
        if key == "on_time":
            return "The share of forecast runs that meet its deadline"
        return None

    def item_id(self, row: int) -> str:
        return self._session.plan.items[row].id

    def row_of(self, item_id: str) -> int:
        return self._session.plan.item_index.get(item_id, -1)

    def set_baseline(self, name: str | None, dates: dict[str, tuple[date, date]] | None) -> None:
        """Compare with baseline ``name`` (its item -> (first, last) days), or with none:
        the Variance column follows."""
        self.baseline_name, self.baseline = name, dates
        col = COL["variance"]
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, col, col)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, col), self.index(self.rowCount() - 1, col))

    def set_forecast(self, result, notify: bool = True) -> None:
        """Fill Forecast P80 and On time from ``result`` (a PlanForecast), or empty them;
        ``notify=False`` leaves telling the views to ``forecast_changed``."""
        self.forecast = result
        if notify:
            self.forecast_changed()

    def forecast_changed(self) -> None:
        """Tell the views that every row's forecast columns changed."""
        if self.rowCount():
            first, last = COL[FORECAST[0]], COL[FORECAST[-1]]
            self.dataChanged.emit(self.index(0, first), self.index(self.rowCount() - 1, last))

    def flags(self, index):
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        key = COLUMNS[index.column()][0]
        if self._session is None or self._session.read_only:
            return f
        it = self._session.plan.items[index.row()]
        if key in EDITABLE and not (key == "duration" and it.is_milestone):
            f |= Qt.ItemFlag.ItemIsEditable
        if key in PROGRESS and self._progress_editable(it, key):
            f |= Qt.ItemFlag.ItemIsEditable
        if key in CHECKABLE:
            f |= Qt.ItemFlag.ItemIsUserCheckable
        return f

    def _progress_editable(self, it, key: str) -> bool:
        """Which progress cells take a value: a milestone has only its done date; the
        days remaining, once it has started and until it is done."""
        if key == "actual_finish":
            return True
        if it.is_milestone:
            return False
        if key == "progress":
            return not it.done
        if key == "remaining":
            return remaining_days(it, self._session.schedule, self.host.today) is not None
        return True

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
            if key in DATES:
                return _qdate(value or self._suggested(key, sched.dates_at(r)))
            if key == "team":
                return it.team
            return value
        if role == Qt.ItemDataRole.DisplayRole:  # a cell is one line, whatever a title holds
            shown = self._display(it, key, value, plan, self.host.today)
            return one_line(shown) if isinstance(shown, str) else shown
        if role == Qt.ItemDataRole.ToolTipRole and key in FORECAST and value is not None:
            return tip(self.forecast.tip(it.id))
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == "on_time" and value is not None:
                return CHANCE_COLORS[chance_level(value)]
            if key == "slack" and value <= 0 and not it.done:  # as the timeline: done is done
                return RED
            if key == "variance" and value:
                return RED if value > 0 else GREEN
            if key == "remaining" and value == 0:  # still running past its finish
                return RED
        return None

    def _suggested(self, key: str, scheduled: tuple[date, date]) -> date:
        """What a date editor opens on: the stored date's default."""
        if key == "actual_start":
            return suggested_day(scheduled[0], self.host.today)
        if key == "actual_finish":
            return suggested_day(scheduled[1], self.host.today)
        return scheduled[1]  # a deadline: the scheduled finish; a start always has one

    @staticmethod
    def _display(it, key: str, value, plan, today: date) -> str:
        if isinstance(value, date):
            return day_text(value, today)
        if key == "team":
            return plan.team_name(it.team)
        if key == "duration":
            return "—" if it.is_milestone else f"{value} d"
        if key == "progress":
            return "" if it.is_milestone else f"{value} %"
        if key == "remaining":
            return "" if value is None else f"{value} d"
        if key == "variance":
            return "" if value is None else shift_text(value)
        if key == "on_time":
            return "" if value is None else chance_text(value)
        return "" if value is None else str(value)

    def _value(self, it, key, sched, r, plan):
        if key == "first":
            return sched.dates_at(r)[0]
        if key == "last":
            return sched.dates_at(r)[1]
        if key == "slack":
            return int(sched.total_slack[r])
        if key == "progress":
            return 100 if it.done and not it.is_milestone else it.progress
        if key == "remaining":
            return remaining_days(it, sched, self.host.today)
        if key == "variance":
            return None if self.baseline is None else finish_shift(self.baseline, sched, it.id)
        if key in FORECAST:
            f = self.forecast.get(it.id) if self.forecast is not None else None
            return None if f is None else getattr(f, key)
        return getattr(it, key)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        it = self._session.plan.items[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.CheckStateRole and key in CHECKABLE:
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole or key not in EDITABLE | PROGRESS:
            return False
        if isinstance(value, QDate):
            value = value.toPython()
        if key == "title":
            value = str(value).strip()
            if not value:
                return False
        if key == "done":
            return self._set_done(it, value)
        if key in PROGRESS:
            return self._record(it, key, value)
        if getattr(it, key) == value:
            return False
        return self.host.apply_edit(UpdateItem.of(it.id, **{key: value})) is not None

    def _set_done(self, it, done: bool) -> bool:
        """Ticked: done on its scheduled finish, or today if that is still ahead (as the
        inspector offers); unticked: not done, its done date cleared."""
        if done == it.done:
            return False
        if done:
            last = self._session.schedule.dates(it.id)[1]
            edit = RecordProgress(it.id, self.host.today, done=suggested_day(last, self.host.today))
        else:
            edit = UpdateItem(it.id, (("actual_finish", None), ("done", False)), PROGRESS_VERB)
        return self.host.apply_edit(edit) is not None

    def _record(self, it, key: str, value) -> bool:
        """One RecordProgress for a progress cell; an unchanged value is no edit."""
        today = self.host.today
        if key == "remaining":
            if value == remaining_days(it, self._session.schedule, today):
                return False
            request = RecordProgress(it.id, today, remaining=int(value))
        elif key == "progress":
            if value == it.progress:
                return False
            request = RecordProgress(it.id, today, progress=int(value))
        elif key == "actual_start":
            if value == it.actual_start:
                return False
            request = RecordProgress(it.id, today, started=value)
        else:
            if it.done and value == it.actual_finish:
                return False
            request = RecordProgress(it.id, today, done=value)
        return self.host.apply_edit(request) is not None

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
    """Sorts by typed keys; shows one team's items, or all (team = ``ALL``), and of
    those only the ones in ``ids`` (Find's matches) unless it is None."""

    ALL = "*all teams*"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.team = self.ALL
        self.ids: frozenset[str] | None = None
        self.setSortRole(SORT_ROLE)

    def set_team(self, team) -> None:
        if hasattr(self, "endFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            self.team = team
            self.endFilterChange()
        else:
            self.team = team
            self.invalidateFilter()

    def set_ids(self, ids: frozenset[str] | None) -> None:
        """Show only the items whose id is in ``ids``; None shows them all again."""
        if ids == self.ids:
            return
        if hasattr(self, "endFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            self.ids = ids
            self.endFilterChange()
        else:
            self.ids = ids
            self.invalidateFilter()

    def filterAcceptsRow(self, row, parent) -> bool:
        if self.ids is not None and self.sourceModel().item_id(row) not in self.ids:
            return False
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


class SpinDelegate(QStyledItemDelegate):
    """A spin box from ``low`` to ``high`` with a suffix (progress %, days remaining), so
    an out-of-range number can't be typed in the first place."""

    def __init__(self, low: int, high: int, suffix: str, parent=None) -> None:
        super().__init__(parent)
        self.low, self.high, self.suffix = low, high, suffix

    def createEditor(self, parent, option, index):
        box = QSpinBox(parent)
        box.setRange(self.low, self.high)
        box.setSuffix(self.suffix)
        return box

    def setEditorData(self, editor, index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setValue(value if isinstance(value, int) else self.low)

    def setModelData(self, editor, model, index) -> None:
        editor.interpretText()
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)


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
            SpinDelegate(0, 100, " %", self.view),
            SpinDelegate(1, 5000, " d", self.view),
        ]
        columns = ("team", "kind", "progress", "remaining")
        for key, delegate in zip(columns, self._delegates, strict=True):
            self.view.setItemDelegateForColumn(COL[key], delegate)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(self.view)
        self._forecast_unseen = False
        self.set_forecast(None)

    def set_forecast(self, result) -> None:
        """Show ``result`` (a PlanForecast) in Forecast P80 and On time; None hides them.
        A hidden table (the Timeline tab in front) is told once it shows: re-filtering
        10k rows would stall the window for nothing."""
        self._forecast_unseen = not self.isVisible()
        self.model.set_forecast(result, notify=not self._forecast_unseen)
        for key in FORECAST:
            col, hidden = COL[key], result is None
            if self.view.isColumnHidden(col) != hidden:
                self.view.setColumnHidden(col, hidden)
                if not hidden:
                    self.view.resizeColumnToContents(col)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._forecast_unseen:
            self._forecast_unseen = False
            self.model.forecast_changed()

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
