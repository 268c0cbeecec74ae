"""The inspector's "Progress" group: when the selected item started, when it was done,
how far along it is and how many working days it has left, with "Mark started" and
"Mark done today".

Every change is one ``RecordProgress`` request (planner/app/actuals.py) recorded as the
item menu records it (planner/gui/progress_commands.py: the reason asked first when it
moves other teams' items, a start said in the status bar), so it is one undo step, one
history entry, and a notice to every team it moves, as ``planner update`` does.
Clearing a date (unticking "Started on" or "Done on") is one ``UpdateItem`` with the
same verb, since a request only sets values. A milestone has only "Done on" and "Mark
done today"; a read-only roadmap shows the values and changes nothing.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
)

from planner.app.actuals import PROGRESS_VERB
from planner.domain.edits import UpdateItem
from planner.domain.model import Item
from planner.gui import theme
from planner.gui.date_field import DateField
from planner.gui.day_format import day_text, working_days_suffix
from planner.gui.plain_text import rich_label
from planner.gui.progress_commands import record_progress
from planner.gui.progress_values import overdue, remaining_days, suggested_day

__all__ = ["ProgressGroup"]

NO_VALUE = "—"  # what an empty spin box shows (its minimum)
NOT_YET = "Not yet"  # what an unset started / done day shows


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


class ProgressGroup(QGroupBox):
    """Shows and records the progress of ``window.selected_item_id()``; ``window`` gives
    ``session``, ``today``, ``read_only`` and ``apply_edit``."""

    def __init__(self, window) -> None:
        super().__init__("Progress")
        self.window_ = window
        self.item_id: str | None = None
        self._filling = False
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.has_started = QCheckBox("Started on")
        self.has_started.setToolTip("Tick when work began; the item is then in progress")
        self.started = DateField(window.today)  # read on Enter, focus-out or a pick
        self.has_done = QCheckBox("Done on")
        self.has_done.setToolTip("Tick when it is finished; it then stays on its dates")
        self.done_on = DateField(window.today)
        self.progress = QSpinBox()
        self.progress.setRange(0, 100)
        self.progress.setSuffix(" %")
        self.progress.setToolTip("How much is done: shown on the bar, never scheduled")
        self.remaining = QSpinBox()
        self.remaining.setRange(0, 5000)
        self.remaining.setSpecialValueText(NO_VALUE)
        working_days_suffix(self.remaining)
        self.mark_started = QPushButton("Mark started")
        self.mark_started.setToolTip("It started today")
        self.mark_done = QPushButton("Mark done today")
        self.mark_done.setToolTip("It was finished today")
        self.summary = rich_label()  # dates and numbers only
        self.summary.setWordWrap(True)
        theme.style(self.summary, "color:{subtle}")
        buttons = QHBoxLayout()
        buttons.addWidget(self.mark_started)
        buttons.addWidget(self.mark_done)
        buttons.addStretch(1)
        form.addRow(self.has_started, self.started)
        form.addRow(self.has_done, self.done_on)
        form.addRow("Progress", self.progress)
        form.addRow("Remaining", self.remaining)
        form.addRow(buttons)
        form.addRow(self.summary)
        self.form = form

        self.has_started.clicked.connect(self._started_toggled)
        self.started.date_committed.connect(lambda _day: self._started_edited())
        self.has_done.clicked.connect(self._done_toggled)
        self.done_on.date_committed.connect(lambda _day: self._done_edited())
        self.progress.editingFinished.connect(self._progress_edited)
        self.remaining.editingFinished.connect(self._remaining_edited)
        self.mark_started.clicked.connect(lambda: self._record(started=self._today()))
        self.mark_done.clicked.connect(lambda: self._record(done=self._today()))

    # -- recording ------------------------------------------------------------------
    def _today(self) -> date:
        return self.window_.today

    def _day(self, d: date) -> str:
        return day_text(d, self.window_.today)

    def _item(self) -> Item | None:
        session = self.window_.session
        if self.item_id is None or session is None or not session.plan.has_item(self.item_id):
            return None
        return session.plan.item(self.item_id)

    def _record(self, **fields) -> None:
        """Apply one RecordProgress of ``fields`` for the item; refused: show it again."""
        if self._item() is None or self._filling or self.window_.read_only:
            return
        if record_progress(self.window_, self.item_id, **fields) is None:
            self.refresh()

    def _clear(self, **fields) -> None:
        """Unset actual dates (a request only sets them): one UpdateItem, same verb."""
        if self._item() is None or self._filling or self.window_.read_only:
            return
        edit = UpdateItem(self.item_id, tuple(sorted(fields.items())), PROGRESS_VERB)
        if self.window_.apply_edit(edit) is None:
            self.refresh()

    def _started_toggled(self, on: bool) -> None:
        if on:
            self._record(started=self.started.date())
        else:
            self._clear(actual_start=None)

    def _started_edited(self) -> None:
        it = self._item()
        day = self.started.date()
        if it is not None and self.has_started.isChecked() and day != it.actual_start:
            self._record(started=day)

    def _done_toggled(self, on: bool) -> None:
        if on:
            self._record(done=self.done_on.date())
        else:
            self._clear(done=False, actual_finish=None)

    def _done_edited(self) -> None:
        it = self._item()
        day = self.done_on.date()
        if it is not None and self.has_done.isChecked() and day != it.actual_finish:
            self._record(done=day)

    def _progress_edited(self) -> None:
        it = self._item()
        if it is not None and self.progress.value() != it.progress:
            self._record(progress=self.progress.value())

    def _remaining_edited(self) -> None:
        it = self._item()
        if it is None or self._filling:
            return
        session = self.window_.session
        now = remaining_days(it, session.schedule, self._today())
        days = self.remaining.value()
        if days == (now or 0):
            return
        if days == 0:
            self.window_.statusBar().showMessage(
                "At least 1 working day remains; use Mark done today when nothing is left",
                6000,
            )
            self.refresh()
            return
        self._record(remaining=days)

    # -- showing --------------------------------------------------------------------
    def show_item(self, item_id: str | None) -> None:
        self.item_id = item_id
        self.refresh()

    def refresh(self) -> None:
        it = self._item()
        self.setVisible(it is not None)
        if it is None:
            return
        sched, today = self.window_.session.schedule, self._today()
        first, last = sched.dates(it.id)
        left = remaining_days(it, sched, today)
        task = not it.is_milestone
        self._filling = True
        try:
            self.has_started.setChecked(it.actual_start is not None)
            self.has_done.setChecked(it.done)
            # unset: "Not yet"; a tick offers the scheduled day if past, else today
            if it.actual_start is not None:
                self.started.set_date(it.actual_start)
            else:
                self.started.set_none(suggested_day(first, today), NOT_YET)
            if it.actual_finish is not None or it.done:
                self.done_on.set_date(it.actual_finish or last)
            else:
                self.done_on.set_none(suggested_day(last, today), NOT_YET)
            self.progress.setValue(100 if it.done and task else it.progress)
            self.remaining.setValue(left or 0)
            for w in (self.has_started, self.started, self.progress, self.remaining,
                      self.mark_started):  # fmt: skip
                w.setVisible(task)
            for w in (self.form.labelForField(self.progress),
                      self.form.labelForField(self.remaining)):  # fmt: skip
                if w is not None:
                    w.setVisible(task)
            self._enable(it, left)
            self.summary.setText(self._summary(it, left, first, last))
        finally:
            self._filling = False

    def _enable(self, it: Item, left: int | None) -> None:
        editable = not self.window_.read_only
        self.has_started.setEnabled(editable)
        self.started.setEnabled(editable and it.actual_start is not None)
        self.has_done.setEnabled(editable)
        self.done_on.setEnabled(editable and it.done)
        self.progress.setEnabled(editable and not it.done)
        self.remaining.setEnabled(editable and left is not None)
        self.remaining.setToolTip(
            f"Working days left, counting today ({self._day(self._today())}) as the first"
            if left is not None
            else "Shown once it has started"
        )
        self.mark_started.setEnabled(editable and it.actual_start is None and not it.done)
        self.mark_done.setEnabled(editable and not it.done)

    def _summary(self, it: Item, left: int | None, first: date, last: date) -> str:
        """One line on where the item stands, as of the window's today."""
        day = self._day
        warn = f"<b style='color:{theme.hex_color('bad')}'>{{}}</b>".format
        if it.done:
            when = it.actual_finish or last
            late = it.deadline is not None and when > it.deadline
            return f"Done on {day(when)}" + (f" — {warn('after its deadline')}" if late else "")
        if it.is_milestone:
            return f"Not done yet (scheduled {day(last)})"
        if it.actual_start is None and left is None:
            return f"Not started (scheduled from {day(first)})"
        since = day(it.actual_start) if it.actual_start else f"{day(first)} (as scheduled)"
        text = f"In progress since {since}; "
        if left == 0:
            text += warn(f"past its scheduled finish ({day(last)})")
        else:
            text += f"{_plural(left or 0, 'working day')} left"
        if overdue(it, self._today()):
            text += f" — {warn('past its deadline')}"
        return text
