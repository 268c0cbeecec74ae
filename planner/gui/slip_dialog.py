"""The "Record slip" dialog: how late, why, and a live preview of what it moves.

The user gives either a number of working days or a new finish date (the other one
follows) and a reason, which is required. While they type, the dialog asks the
session for the impact of the slip and shows it per team: each item's new and old
dates, the shift, the sprint it now lands in, and deadlines it breaks (in red).
Nothing is applied here; ``result_request()`` is the ``RecordSlip`` to apply.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QDate, QTimer
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from planner.app.slips import RecordSlip
from planner.domain.errors import PlannerError
from planner.domain.model import Plan
from planner.domain.text import one_line
from planner.gui import theme
from planner.gui.day_format import day_text, span_text
from planner.gui.moved_rows import moved_row
from planner.gui.plain_text import plain_label, rich_label
from planner.scheduling.impact import MovedItem

__all__ = ["SlipDialog"]

BROKEN = theme.color("bad")  # a live colour
COLUMNS = ("Item", "Now", "Was", "Shift", "Sprint", "Deadline")
HEADER_TIPS = (
    "",
    "New first – last day",
    "Dates before the slip",
    "Working days later (calendar days in brackets when they differ)",
    "The sprint it now finishes in, when that changed",
    "Deadline status after the slip; wd = working days",
)


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


SAID = 3  # broken deadlines and pushed locked items said in words; the rest are counted


class SlipDialog(QDialog):
    """Ask how late ``item_id`` will be and why, previewing the impact as inputs change."""

    PREVIEW_DELAY_MS = 150

    def __init__(self, session, item_id: str, today: date, parent=None):
        super().__init__(parent)
        self.session = session
        self.item_id = item_id
        self.today = today
        self.impact = None  # the last previewed Impact, or None when the input is refused
        self._mode = "days"  # which input the user touched last: "days" or "date"
        item = session.plan.item(item_id)
        first, last = session.schedule.dates(item_id)
        self._finish = last
        self.setWindowTitle(f"Record slip — {item.label}")

        team = session.plan.team_name(item.team)
        when = span_text(first, last, today) if not item.is_milestone else day_text(last, today)
        name = f"<b>{html.escape(item.label)}</b> ({html.escape(team)})"
        head = rich_label(f"{name}<br>scheduled {when}")
        head.setWordWrap(True)  # a long title wraps instead of widening the dialog

        self.days_spin = QSpinBox()
        self.days_spin.setRange(1, 999)
        self.days_spin.setValue(1)
        self.days_spin.setSuffix(" working day")
        self.days_spin.valueChanged.connect(
            lambda v: self.days_spin.setSuffix(" working day" if v == 1 else " working days")
        )
        self.days_spin.setAccessibleName("Working days later")
        self.finish_edit = QDateEdit()
        self.finish_edit.setCalendarPopup(True)
        self.finish_edit.setDisplayFormat("ddd d MMM yyyy")
        self.finish_edit.setMinimumDate(_qdate(last).addDays(1))
        self.finish_edit.setAccessibleName("New finish date")
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("Required, e.g. vendor sandbox down")
        self.reason_edit.setAccessibleName("Reason")

        for w in (self.days_spin, self.finish_edit):
            w.setMinimumWidth(190)
            w.setMaximumWidth(240)
        form = QFormLayout()
        form.addRow("Later by:", self.days_spin)
        form.addRow("New finish:" if not item.is_milestone else "New date:", self.finish_edit)
        form.addRow("Reason:", self.reason_edit)

        self.summary = plain_label()
        self.summary.setWordWrap(True)
        self.error_label = plain_label()  # messages quote ids and titles
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {BROKEN.name()};")
        self.error_label.hide()
        self.violations_label = plain_label()  # names items by their titles
        self.violations_label.setWordWrap(True)
        self.violations_label.setStyleSheet(f"color: {BROKEN.name()};")
        self.violations_label.hide()

        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(list(COLUMNS))
        for c, header_tip in enumerate(HEADER_TIPS):
            self.tree.headerItem().setToolTip(c, header_tip)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        self.tree.header().setStretchLastSection(True)
        self.tree.setMinimumHeight(220)
        for c, width in enumerate((200, 150, 150, 120, 140)):
            self.tree.setColumnWidth(c, width)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Record slip")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addLayout(form)
        lay.addWidget(self.error_label)
        lay.addWidget(QLabel("<b>Impact</b>"))
        lay.addWidget(self.summary)
        lay.addWidget(self.violations_label)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.buttons)
        self.resize(940, 470)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self.days_spin.valueChanged.connect(lambda _v: self._touched("days"))
        self.finish_edit.dateChanged.connect(lambda _d: self._touched("date"))
        self.reason_edit.textChanged.connect(self._update_ok)
        self.refresh_preview()

    def showEvent(self, e: QShowEvent) -> None:
        super().showEvent(e)
        if not e.spontaneous():  # opened, not restored: typing replaces the default days
            self.days_spin.setFocus()
            self.days_spin.selectAll()

    # -- inputs ---------------------------------------------------------------------------
    def set_days(self, days: int) -> None:
        """Slip by ``days`` working days (also what typing in the spin box does)."""
        self.days_spin.setValue(days)
        self._mode = "days"
        self.refresh_preview()

    def set_new_finish(self, day: date) -> None:
        """Slip so that the item finishes on ``day``."""
        self.finish_edit.setDate(_qdate(day))
        self._mode = "date"
        self.refresh_preview()

    def set_reason(self, text: str) -> None:
        self.reason_edit.setText(text)

    def _touched(self, mode: str) -> None:
        self._mode = mode
        self._timer.start()

    def result_request(self) -> RecordSlip:
        """The slip to apply, as the inputs stand."""
        reason = self.reason_edit.text().strip()
        if self._mode == "date":
            new_finish = _pydate(self.finish_edit.date())
            return RecordSlip(self.item_id, None, reason, self.today, new_finish=new_finish)
        return RecordSlip(self.item_id, self.days_spin.value(), reason, self.today)

    # -- preview --------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        """Recompute the impact now (the inputs also trigger it after a short pause)."""
        self._timer.stop()
        req = self.result_request()
        if not req.reason:  # the preview does not depend on the reason; the slip needs one
            req = RecordSlip(req.item_id, req.days, "(reason)", req.today, req.new_finish)
        try:
            _edit, impact = self.session.preview_impact(req)
        except PlannerError as e:
            self.impact = None
            self.error_label.setText(str(e))
            self.error_label.show()
            self.tree.clear()
            self.summary.setText("")
            self.violations_label.hide()
        else:
            self.impact = impact
            self.error_label.hide()
            self._show(impact)
        self._update_ok()

    def _sync_inputs(self, impact) -> None:
        root = next((m for m in impact.moved if m.id == self.item_id), None)
        if root is None:
            return
        widget = self.finish_edit if self._mode == "days" else self.days_spin
        widget.blockSignals(True)
        if self._mode == "days":
            self.finish_edit.setDate(_qdate(root.new_finish))
        else:
            self.days_spin.setValue(max(1, root.shift))
        widget.blockSignals(False)

    def _show(self, impact) -> None:
        self._sync_inputs(impact)
        plan = self.session.plan
        self.tree.clear()
        groups = impact.by_team(plan)
        others = sum(1 for m in impact.moved if m.id != self.item_id)
        broken = [m for m in impact.moved if m.newly_late]
        parts = [
            f"Moves {others} other item{'s' if others != 1 else ''}"
            if others
            else "Nothing else moves: slack absorbs it",
            f"{len(groups)} team{'s' if len(groups) != 1 else ''} notified",
        ]
        if broken:
            parts.append(f"breaks {len(broken)} deadline{'s' if len(broken) != 1 else ''}")
        conflicts = [v for v in impact.new_violations if v.kind == "conflict"]
        if conflicts:
            parts.append(f"pushes {len(conflicts)} locked item{'s' if len(conflicts) != 1 else ''}")
        title_of = {it.id: it.label for it in plan.items}
        self.summary.setText("; ".join(parts) + ".")
        broken_lines = [v.describe(title_of) + "." for v in impact.new_violations[:SAID]]
        rest = len(impact.new_violations) - len(broken_lines)
        if rest:  # a slip on a large plan can break hundreds: the tree lists them all
            broken_lines.append(f"And {rest} more: every item that moves is in the table below.")
        self.violations_label.setText("\n".join(broken_lines))
        self.violations_label.setVisible(bool(impact.new_violations))
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for team, moved in groups:
            n = len(moved)
            name = one_line(plan.team_name(team))
            top = QTreeWidgetItem([f"{name} — {n} item{'s' if n != 1 else ''}"])
            top.setFirstColumnSpanned(True)
            top.setFont(0, bold)
            self.tree.addTopLevelItem(top)
            for m in moved:
                top.addChild(self._row(plan, m))
            top.setFirstColumnSpanned(True)
            top.setExpanded(True)
        for c in range(len(COLUMNS) - 1):
            self.tree.resizeColumnToContents(c)

    def _row(self, plan: Plan, m: MovedItem) -> QTreeWidgetItem:
        sprint = f"{m.old_sprint or '—'} → {m.new_sprint or '—'}" if m.sprint_changed else ""
        return moved_row(plan, m, sprint, self.today, own="the slip", root_label="the slip")

    def _update_ok(self) -> None:
        ok = self.impact is not None and bool(self.reason_edit.text().strip())
        self.ok_button.setEnabled(ok)
        self.ok_button.setToolTip("" if ok else "Give a reason and a slip the plan accepts")

    def accept(self) -> None:
        if self._timer.isActive():
            self.refresh_preview()
        if self.ok_button.isEnabled():
            super().accept()
