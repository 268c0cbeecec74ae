"""The Deadlines tab: every negotiated item (a target, a commitment or an agreed date)
in one table, with where it stands, and the steps of its negotiation.

Columns: Item, Team, Target (the date · who asked), Commitment, Agreed, Scheduled
finish, Forecast P80 (when View > Show forecast is on), Status (proposed, committed,
agreed, at risk in amber, missed in red) and Gap (working days from the target to the
scheduled finish, + later than asked) — the rows of ``planner deadlines``
(planner/app/deadlines.py ``deadline_rows``), judged on the window's current forecast
when there is one. ``DeadlineTableModel`` is a thin adapter over those row values.

"Propose a date…", "Commit…" and "Agree…" (buttons above the table and a row's context
menu) act on the window's selected item, which need not be in the table yet: each opens
its small dialog (planner/gui/negotiation_dialog.py) and applies one edit through the
window. Selecting a row selects its item in the window, and the window's selection
selects its row. The view refreshes after changes that can move a row (while hidden, the
next time it is shown). Text from the roadmap is shown as plain text in cells; tooltips
are escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.app.changes import ChangeKind, Changes
from planner.app.deadlines import DeadlineRow, ForecastLookup, deadline_rows
from planner.domain.model import Plan
from planner.domain.text import one_line, shorten
from planner.gui import theme
from planner.gui.day_format import day_text
from planner.gui.host import WindowHost
from planner.gui.negotiation_dialog import (
    STEPS,
    NegotiationDialog,
    StepKind,
    start_step,
    step_problem,
)
from planner.gui.plain_text import plain_label, rich_label, tip

__all__ = [
    "COLUMNS",
    "REFRESH_KINDS",
    "STATUS_COLORS",
    "DeadlineTableModel",
    "DeadlinesView",
    "gap_text",
]

COLUMNS: list[tuple[str, str]] = [
    ("item", "Item"), ("team", "Team"), ("target", "Target"), ("commitment", "Commitment"),
    ("agreed", "Agreed"), ("finish", "Scheduled finish"), ("p80", "Forecast P80"),
    ("status", "Status"), ("gap", "Gap"),
]  # fmt: skip
COL = {key: k for k, (key, _) in enumerate(COLUMNS)}
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
NO_PARENT = QModelIndex()
# status: (text colour, background or None)
STATUS_COLORS: dict[str, tuple[QColor, QColor | None]] = {
    "at risk": (theme.color("at_risk"), theme.color("at_risk_bg")),  # live colours
    "missed": (theme.color("missed"), theme.color("missed_bg")),
    "agreed": (theme.color("good"), None),
    "committed": (theme.color("text"), None),
    "proposed": (theme.color("subtle"), None),
}
LATER = theme.color("missed")  # a positive gap: later than asked
MUTED = theme.color("faint")  # no forecast
# What can change a row: its item (steps, deadline, dates), its schedule, the names
# shown, the working days a gap counts.
REFRESH_KINDS = frozenset(
    {ChangeKind.ITEMS, ChangeKind.TIMING, ChangeKind.TEAMS, ChangeKind.STAKEHOLDERS,
     ChangeKind.CALENDAR, ChangeKind.LINKS}
)  # fmt: skip
HEADER_TIPS = {
    "target": "The date a stakeholder asked for, and who asked",
    "commitment": "The date the item's team committed to",
    "agreed": "The date agreed on: the item's deadline",
    "finish": "When the schedule has it finish (its last working day)",
    "p80": "The day it finishes by in 4 forecast runs out of 5 (View > Show forecast)",
    "status": "Proposed, committed, agreed, at risk (the forecast's P80 after the agreed "
    "date) or missed (the scheduled finish after it, or it passed)",
    "gap": "Working days from the target to the scheduled finish: + later than asked",
}


def gap_text(gap: int) -> str:
    """'3 working days later than asked', 'on the day asked', '2 ... earlier ...'."""
    if gap == 0:
        return "On the day asked"
    n = abs(gap)
    return f"{n} working day{'s' * (n != 1)} {'later' if gap > 0 else 'earlier'} than asked"


def _cell(text: str, limit: int = 80) -> str:
    return shorten(one_line(text), limit)


class DeadlineTableModel(QAbstractTableModel):
    """The rows of ``deadline_rows`` as a table; ``set_rows`` replaces them."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today  # the year a date is shown without
        self.rows: list[DeadlineRow] = []
        self.plan: Plan | None = None
        self.forecast_on = False

    def set_rows(self, plan: Plan | None, rows: list[DeadlineRow], forecast_on: bool) -> None:
        self.beginResetModel()
        self.plan, self.rows, self.forecast_on = plan, rows, forecast_on
        self.endResetModel()

    def row_of(self, item_id: str | None) -> int:
        return next((k for k, r in enumerate(self.rows) if r.id == item_id), -1)

    # -- Qt ---------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        key = COLUMNS[section][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(key)
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or self.plan is None:
            return None
        row, key = self.rows[index.row()], COLUMNS[index.column()][0]
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == SORT_ROLE:
            return self._sort_key(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._tip(row, key)
            return tip(text) if text else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == "status":
                return STATUS_COLORS[row.status][0]
            if key == "gap" and row.gap is not None and row.gap > 0:
                return LATER
            if key == "p80" and row.p80 is None:
                return MUTED
            return None
        if role == Qt.ItemDataRole.BackgroundRole and key == "status":
            return STATUS_COLORS[row.status][1]
        if role == Qt.ItemDataRole.FontRole and key == "status" and row.status in (
            "at risk", "missed"
        ):  # fmt: skip
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "gap":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: DeadlineRow, key: str) -> str:
        plan = self.plan
        assert plan is not None
        if key == "item":
            return _cell(row.title)
        if key == "team":
            return _cell(plan.team_name(row.team), 40) if row.team else ""
        if key == "target":
            if row.target is None:
                return ""
            who = _cell(plan.team_name(row.target.by), 30)
            return f"{day_text(row.target.date, self.today)} · {who}"
        if key == "gap":
            return "" if row.gap is None else f"{row.gap:+d}" if row.gap else "0"
        if key == "status":
            return row.status.capitalize()
        day = self._day(row, key)
        if key == "p80" and day is None:
            return "—"
        return day_text(day, self.today) if day is not None else ""

    @staticmethod
    def _day(row: DeadlineRow, key: str) -> date | None:
        if key == "target":
            return row.target.date if row.target else None
        if key == "commitment":
            return row.commitment.date if row.commitment else None
        if key == "agreed":
            return row.agreed
        if key == "finish":
            return row.finish
        if key == "p80":
            return row.p80
        return None

    def _sort_key(self, row: DeadlineRow, key: str) -> Any:
        if key == "gap":
            return -(10**9) if row.gap is None else row.gap
        if key == "status":
            return ("proposed", "committed", "agreed", "at risk", "missed").index(row.status)
        if key in ("item", "team"):
            return self._display(row, key).lower()
        day = self._day(row, key)
        return day.toordinal() if day is not None else 0

    def _tip(self, row: DeadlineRow, key: str) -> str:
        plan = self.plan
        assert plan is not None
        if key == "item":
            names = ", ".join(_cell(plan.team_name(w), 40) for w in row.watchers)
            return f"{_cell(row.title, 200)}\n" + (f"Watched by {names}" if names else
                                                  "No stakeholder watches it")  # fmt: skip
        if key == "target" and row.target is not None:
            note = _cell(row.target.note, 300)
            asked = f"Asked by {_cell(plan.team_name(row.target.by), 40)}"
            return f"{asked} for {day_text(row.target.date, self.today)}" + (
                f": {note}" if note else ""
            )
        if key == "commitment" and row.commitment is not None:
            note = _cell(row.commitment.note, 300)
            return f"Committed to {day_text(row.commitment.date, self.today)}" + (
                f": {note}" if note else ""
            )
        if key == "p80" and row.p80 is None:
            return (
                "The forecast does not report it" if self.forecast_on
                else "Turn on View > Show forecast to see when it will really land"
            )  # fmt: skip
        if key == "status":
            return _status_tip(row, self.today)
        if key == "gap" and row.gap is not None:
            return gap_text(row.gap)
        return ""


def _status_tip(row: DeadlineRow, today: date) -> str:
    """Why a row has its status, in one line."""
    finish = day_text(row.finish, today)
    if row.status == "proposed":
        return "Asked for; its team has not committed to a date yet"
    if row.status == "committed":
        return "Its team committed to a date; none is agreed yet"
    agreed = day_text(row.agreed, today) if row.agreed else ""
    if row.status == "missed":
        if row.agreed is not None and row.finish > row.agreed:
            return f"Scheduled to finish {finish}, after the date agreed ({agreed})"
        return f"The date agreed ({agreed}) has passed and it is not done"
    if row.status == "at risk" and row.p80 is not None:
        p80 = day_text(row.p80, today)
        return (f"Scheduled on time ({finish}), but the forecast's P80 ({p80}) "
                f"is after the date agreed ({agreed})")  # fmt: skip
    return f"On time: scheduled to finish {finish}, agreed {agreed}"


def _empty_text(plan) -> str:
    """The empty tab's words: it lists negotiated dates only, and how to start one (a
    date is proposed by a stakeholder: with none, Propose a date… waits for one)."""
    what = (
        "No item has a date asked for, committed to or agreed yet. This tab lists only "
        "such negotiated dates; a plain deadline is set in the inspector and shows on the "
        "timeline and in the Table tab."
    )
    if plan is not None and not plan.stakeholders:
        return (
            f"{what} To ask for a date, first add the stakeholders who ask (Edit > "
            "Stakeholders…), then choose Propose a date… with an item selected."
        )
    return f"{what} To ask for one, choose Propose a date… with an item selected."


def _counts_text(rows: list[DeadlineRow]) -> str:
    """'6 negotiated · 2 at risk · 1 missed', the troubles in their colours."""
    if not rows:
        return ""
    parts = [f"{len(rows)} negotiated"]
    for status in ("at risk", "missed"):
        n = sum(1 for r in rows if r.status == status)
        if n:
            parts.append(f"<b style='color:{STATUS_COLORS[status][0].name()}'>{n} {status}</b>")
    return " · ".join(parts)


class DeadlinesView(QWidget):
    """The Deadlines tab of ``window``; ``forecast()`` is the window's current forecast
    (None when View > Show forecast is off)."""

    def __init__(
        self,
        window: WindowHost,
        forecast: Callable[[], ForecastLookup | None] = lambda: None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.window_ = window
        self.forecast = forecast
        self.stale = True
        self.dialog: NegotiationDialog | None = None  # the step's dialog last opened
        self._selecting = False
        self.model = DeadlineTableModel(window.today, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # plan order until asked
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        head.setStretchLastSection(False)
        head.setSectionResizeMode(COL["item"], QHeaderView.ResizeMode.Stretch)
        for key, width in (("team", 90), ("target", 190), ("commitment", 120), ("agreed", 120),
                           ("finish", 120), ("p80", 120), ("status", 80), ("gap", 50)):  # fmt: skip
            self.table.setColumnWidth(COL[key], width)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.subject = plain_label()  # the selected item's title
        theme.style(self.subject, "color:{subtle}")
        self.buttons: dict[StepKind, QPushButton] = {}
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 6, 8, 2)
        for kind, (text, hint, _ok, _note) in STEPS.items():
            b = QPushButton(text)
            b.setToolTip(hint)
            b.clicked.connect(lambda _=False, k=kind: self.start(k))
            self.buttons[kind] = b
            bar.addWidget(b)
        bar.addSpacing(8)
        bar.addWidget(self.subject, 1)
        self.counts = rich_label()  # numbers only
        bar.addWidget(self.counts)
        self.empty = plain_label()  # what the tab lists, and how to start: _empty_text
        self.empty.setWordWrap(True)
        theme.style(self.empty, "color:{subtle}; padding:12px")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addLayout(bar)
        lay.addWidget(self.empty)
        lay.addWidget(self.table, 1)
        self._show_selected()

    # -- steps ------------------------------------------------------------------------
    def start(self, kind: StepKind, item_id: str | None = None) -> None:
        """Open the step's dialog for ``item_id`` (default: the window's selection)."""
        target = item_id if item_id is not None else self.window_.selected_item_id()
        self.dialog = start_step(self.window_, kind, target, self)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        item_id = index.data(ID_ROLE)
        menu = self.context_menu(item_id)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def context_menu(self, item_id: str) -> QMenu:
        """The row's menu: the three steps, each for that item."""
        menu = QMenu(self)
        for kind, (text, hint, _ok, _note) in STEPS.items():
            act = menu.addAction(text)
            problem = step_problem(kind, self.window_.session, item_id)
            act.setEnabled(problem is None)
            act.setStatusTip(problem or hint)
            act.triggered.connect(lambda _=False, k=kind: self.start(k, item_id))
        return menu

    # -- selection --------------------------------------------------------------------
    def selected_item_id(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def select_item(self, item_id: str | None) -> None:
        """Select the item's row (none when it has no row), without echoing it back."""
        row = self.model.row_of(item_id)
        self._selecting = True
        try:
            if row < 0:
                self.table.clearSelection()
                self.table.setCurrentIndex(QModelIndex())
            else:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                         | QItemSelectionModel.SelectionFlag.Rows)  # fmt: skip
                self.table.selectionModel().setCurrentIndex(index, flags)
                self.table.scrollTo(index)
        finally:
            self._selecting = False
        self._show_selected()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._selecting or not current.isValid():
            return
        self.window_.select_item(current.data(ID_ROLE))
        self._show_selected()

    def _show_selected(self) -> None:
        """Say which item the buttons act on, and enable those it can take."""
        session, item_id = self.window_.session, self.window_.selected_item_id()
        if session is not None and item_id is not None and session.plan.has_item(item_id):
            self.subject.setText(f"for {_cell(session.plan.item(item_id).label)}")
        else:
            self.subject.setText("Select an item to propose, commit to or agree a date")
        for kind, b in self.buttons.items():
            problem = step_problem(kind, session, item_id)
            b.setEnabled(problem is None)
            b.setToolTip(tip(problem) if problem else STEPS[kind][1])

    # -- following the window ---------------------------------------------------------
    def refresh(self) -> None:
        """Rows again from the session, the window's forecast and today."""
        session = self.window_.session
        forecast = self.forecast()
        rows = (
            deadline_rows(session, forecast=forecast, today=self.window_.today)
            if session is not None
            else []
        )
        self.model.set_rows(session.plan if session else None, rows, forecast is not None)
        self.stale = False
        self.empty.setText(_empty_text(session.plan if session else None))
        self.empty.setVisible(not rows)
        self.counts.setText(_counts_text(rows))
        self.select_item(self.window_.selected_item_id())

    def refresh_soon(self) -> None:
        """Refresh now if shown, else the next time it is."""
        self.stale = True
        if self.isVisible():
            self.refresh()

    def on_changes(self, changes: Changes) -> None:
        if changes.kinds & REFRESH_KINDS:
            self.refresh_soon()
        else:
            self._show_selected()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()
