"""The inspector dock: every field of the selected item, editable, its scheduled dates,
its progress (planner/gui/inspector_progress.py), its deadline negotiation
(planner/gui/inspector_negotiation.py), its links (type and lag editable, or removed),
and "Why here?" — its driver chain told in words.

Each field applies one UpdateItem through ``window.apply_edit`` when the user finishes
editing it; a link's type or lag applies one UpdateDependency the same way. The dock
refreshes from the session when changes come in.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.app.group_edits import lock_dates
from planner.domain.edits import RemoveDependency, UpdateDependency, UpdateItem
from planner.domain.errors import PlannerError
from planner.domain.model import Dependency
from planner.gui import theme
from planner.gui.date_field import DateField
from planner.gui.day_format import on_working_day, span_text, working_days, working_days_suffix
from planner.gui.inspector_negotiation import NegotiationGroup
from planner.gui.inspector_progress import ProgressGroup
from planner.gui.plain_text import rich_label, tip
from planner.scheduling.explain import explain


class NotesEdit(QPlainTextEdit):
    """A plain-text box that reports when the user leaves it."""

    editing_finished = Signal()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.editing_finished.emit()


LINK_TYPES = (
    ("FS", "Finish → start (FS)"),
    ("SS", "Start → start (SS)"),
    ("FF", "Finish → finish (FF)"),
    ("SF", "Start → finish (SF)"),
)


def link_sentence(pred: str, succ: str, dep_type: str, lag: int) -> str:
    """A link in words: 'Launch can start 2 working days after API freeze finishes.'"""
    verb = "start" if dep_type in ("FS", "SS") else "finish"
    event = "finishes" if dep_type in ("FS", "FF") else "starts"
    n = abs(lag)
    when = (
        "once"
        if lag == 0
        else f"{n} working day{'s' * (n != 1)} {'after' if lag > 0 else 'before'}"
    )
    return f"{succ} can {verb} {when} {pred} {event}."


class InspectorDock(QDockWidget):
    """Shows and edits ``window.selected_item_id()``."""

    def __init__(self, window) -> None:
        super().__init__("Inspector", window)
        self.setObjectName("inspector")
        self.window_ = window
        self.item_id: str | None = None
        body = QWidget()
        outer = QVBoxLayout(body)
        self.empty = QLabel("Select an item on the timeline or in the table.")
        self.empty.setWordWrap(True)
        outer.addWidget(self.empty)
        self.several = QLabel()  # "3 items selected": only a count, no title
        self.several.setObjectName("several-selected")
        self.several.setWordWrap(True)
        theme.style(self.several, "color:{subtle}")
        self.several.hide()
        outer.addWidget(self.several)
        self.panel: QWidget | None = None  # a feature's panel shown instead (show_panel)
        self._outer = outer
        self.form_box = QWidget()
        form = QFormLayout(self.form_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.title = QLineEdit()
        self.team = QComboBox()
        self.kind = QComboBox()
        self.kind.addItem("Task", "task")
        self.kind.addItem("Milestone", "milestone")
        self.start = DateField(window.today)
        self.start.date_committed.connect(lambda d: self._day_typed(self.start, d))
        self.duration = QSpinBox()
        self.duration.setRange(1, 5000)
        working_days_suffix(self.duration)
        self.has_deadline = QCheckBox("Deadline")
        self.deadline = DateField(window.today)
        self.deadline.date_committed.connect(lambda d: self._day_typed(self.deadline, d))
        for field in (self.start, self.deadline):  # greys the popup's non-working days
            field.is_working = lambda d: self.window_.session.calendar.is_working(d)
        dl_row = QHBoxLayout()
        dl_row.addWidget(self.has_deadline)
        dl_row.addWidget(self.deadline, 1)
        self.locked = QCheckBox("Locked (an external, fixed date)")
        self.notes = NotesEdit()
        self.notes.setPlaceholderText("Notes")
        self.notes.setFixedHeight(70)
        self.scheduled = rich_label()
        self.scheduled.setWordWrap(True)
        form.addRow("Title", self.title)
        form.addRow("Team", self.team)
        form.addRow("Kind", self.kind)
        self.start_label = QLabel("Start")
        form.addRow(self.start_label, self.start)
        self.duration_label = QLabel("Duration")
        form.addRow(self.duration_label, self.duration)
        form.addRow(dl_row)
        form.addRow(self.locked)
        form.addRow("Notes", self.notes)
        form.addRow("Scheduled", self.scheduled)
        outer.addWidget(self.form_box)
        self.progress = ProgressGroup(window)
        outer.addWidget(self.progress)
        self.negotiation = NegotiationGroup(window)
        outer.addWidget(self.negotiation)
        self.links_title = QLabel("<b>Links</b>")
        outer.addWidget(self.links_title)
        self.links = QListWidget()
        self.links.setMaximumHeight(110)
        self.links.setToolTip("Select a link to change its type or lag")
        self.link_box = QWidget()
        link_form = QFormLayout(self.link_box)
        m = form.contentsMargins()  # line the editor up with the fields above
        link_form.setContentsMargins(m.left(), 0, m.right(), 0)
        link_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.link_type = QComboBox()
        for code, text in LINK_TYPES:
            self.link_type.addItem(text, code)
        self.link_lag = QSpinBox()
        self.link_lag.setRange(-999, 999)
        working_days_suffix(self.link_lag)
        self.link_lag.setToolTip("Working days between the two ends; negative = a lead")
        self.link_text = rich_label()  # item titles in it are escaped
        self.link_text.setWordWrap(True)
        theme.style(self.link_text, "color:{subtle}")
        label_w = QFontMetrics(self.font()).horizontalAdvance("Planned start")
        for text, field in (("Type", self.link_type), ("Lag", self.link_lag)):
            label = QLabel(text)
            label.setMinimumWidth(label_w)
            link_form.addRow(label, field)
        link_form.addRow(self.link_text)
        self.unlink = QPushButton("Remove link")
        outer.addWidget(self.links)
        outer.addWidget(self.link_box)
        outer.addWidget(self.unlink)
        self.why_title = QLabel("<b>Why here?</b>")
        outer.addWidget(self.why_title)
        self.why = rich_label()  # item titles and reasons in it are escaped
        self.why.setWordWrap(True)
        self.why.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.why.setAlignment(Qt.AlignmentFlag.AlignTop)
        outer.addWidget(self.why)
        outer.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.setWidget(scroll)
        self.setMinimumWidth(300)

        self.title.editingFinished.connect(lambda: self._set(title=self.title.text().strip()))
        self.team.activated.connect(lambda _: self._set(team=self.team.currentData()))
        self.kind.activated.connect(lambda _: self._set(kind=self.kind.currentData()))
        self.duration.editingFinished.connect(lambda: self._set(duration=self.duration.value()))
        self.has_deadline.clicked.connect(self._deadline_toggled)
        self.locked.clicked.connect(self._locked_toggled)
        self.notes.editing_finished.connect(lambda: self._set(notes=self.notes.toPlainText()))
        self.unlink.clicked.connect(self._remove_link)
        self.links.currentRowChanged.connect(lambda _: self._show_link())
        self.links.itemDoubleClicked.connect(lambda _: self._focus_lag())
        self.link_type.activated.connect(lambda _: self._set_link())
        self.link_lag.editingFinished.connect(self._set_link)
        self.show_item(None)

    # -- editing ------------------------------------------------------------------
    def _set(self, **fields) -> None:
        if self.item_id is None or self._filling:
            return
        item = self.window_.session.plan.item(self.item_id)
        fields = {k: v for k, v in fields.items() if getattr(item, k) != v}
        if not fields:
            return
        if fields.get("title") == "":
            self.refresh()
            return
        edit = UpdateItem.of(self.item_id, **fields)
        # start and duration move items: asked for a reason like a drop (None: cancelled)
        moves = fields.keys() & {"start", "duration"}
        apply = self.window_.apply_asking if moves else self.window_.apply_edit
        if apply(edit) is None:
            self.refresh()  # refused or cancelled: show the stored values again

    def _locked_toggled(self, on: bool) -> None:
        """Locked: on the dates shown (``lock_dates``), so nothing moves; unlocked: only
        the lock goes."""
        if not on:
            self._set(locked=False)
            return
        if self.item_id is None or self._filling:
            return
        if self.window_.apply_edit(lock_dates(self.window_.session, self.item_id)) is None:
            self.refresh()

    def _deadline_toggled(self, on: bool) -> None:
        self.deadline.setEnabled(on)
        self._set(deadline=self.deadline.date() if on else None)

    def _day_typed(self, field: DateField, day: date) -> None:
        """A day committed in the start or deadline field: on a working day (else the
        one the scheduler reads it as, said in the field's note), applied."""
        if self.item_id is None or self._filling:
            return
        session = self.window_.session
        if field is self.deadline:
            role = "deadline"
        else:
            role = "milestone" if session.plan.item(self.item_id).is_milestone else "start"
        try:
            day, note = on_working_day(session.calendar, day, role, self.window_.today)
        except PlannerError as e:
            self.refresh()
            field.show_note(str(e), refused=True)
            return
        field.set_date(day)
        name = "start" if field is self.start else "deadline"
        if name == "start" or self.has_deadline.isChecked():
            self._set(**{name: day})
        item = session.plan.item(self.item_id) if session.plan.has_item(self.item_id) else None
        field.show_note(note if item is not None and getattr(item, name) == day else "")

    def _remove_link(self) -> None:
        row = self.links.currentItem()
        if row is not None and self.item_id is not None:
            pred, succ = row.data(Qt.ItemDataRole.UserRole)
            self.window_.apply_edit(RemoveDependency(pred, succ))

    def selected_link(self) -> Dependency | None:
        """The link selected in the list, as the dock shows it."""
        row = self.links.currentItem()
        return None if row is None else row.data(Qt.ItemDataRole.UserRole + 1)

    def select_link(self, pred: str, succ: str) -> bool:
        for k in range(self.links.count()):
            if self.links.item(k).data(Qt.ItemDataRole.UserRole) == (pred, succ):
                self.links.setCurrentRow(k)
                return True
        return False

    def _set_link(self) -> None:
        """Apply the editor's type and lag to the selected link (one undo step)."""
        d = self.selected_link()
        if d is None or self._filling or self.window_.read_only:
            return
        dep_type, lag = self.link_type.currentData(), self.link_lag.value()
        if (dep_type, lag) == (d.type, d.lag):
            return
        if self.window_.apply_edit(UpdateDependency(d.pred, d.succ, dep_type, lag)) is None:
            self.refresh()  # refused: show the stored link again

    def _focus_lag(self) -> None:
        if self.link_lag.isEnabled():
            self.link_lag.setFocus()
            self.link_lag.selectAll()

    def _show_link(self) -> None:
        d = self.selected_link()
        editable = d is not None and not self.window_.read_only
        for w in (self.link_type, self.link_lag, self.unlink):
            w.setEnabled(editable)
        was, self._filling = self._filling, True
        try:
            if d is None:
                self.link_type.setCurrentIndex(-1)
                self.link_lag.setValue(0)
                self.link_text.setText(
                    "Select a link to change its type or lag." if self.links.count() else
                    "No links. Drag from the round handle after a bar to link it."
                )  # fmt: skip
                return
            self.link_type.setCurrentIndex(self.link_type.findData(d.type))
            self.link_lag.setValue(d.lag)
            plan = self.window_.session.plan
            pred, succ = (plan.item(i).label if plan.has_item(i) else i for i in (d.pred, d.succ))
            self.link_text.setText(html.escape(link_sentence(pred, succ, d.type, d.lag)))
        finally:
            self._filling = was

    # -- showing ------------------------------------------------------------------
    _filling = False
    _teams_listed: tuple | None = None  # the plan.teams the team box holds

    def show_item(self, item_id: str | None) -> None:
        session = self.window_.session
        if item_id is not None and (session is None or not session.plan.has_item(item_id)):
            item_id = None
        if item_id != self.item_id:
            self.start.show_note("")
            self.deadline.show_note("")
        self.item_id = item_id
        if item_id is not None and self.panel is not None:
            self.show_panel(None)
        self.empty.setVisible(item_id is None and self.panel is None)
        for w in (self.form_box, self.links_title, self.links, self.link_box, self.unlink,
                  self.why_title, self.why):  # fmt: skip
            w.setVisible(item_id is not None)
        self.progress.show_item(item_id)
        self.negotiation.show_item(item_id)
        if item_id is not None:
            self.links.setCurrentRow(-1)
            self.refresh()

    def show_count(self, n: int) -> None:
        """Say how many items are selected when more than one is (the form shows the
        last one clicked)."""
        self.several.setText(
            f"{n} items selected. Below: the last one clicked. A drag, Left / Right and "
            "the right-click menu act on all of them."
        )
        self.several.setVisible(n > 1)

    def show_panel(self, panel: QWidget | None) -> None:
        """Show a feature's ``panel`` (what is selected instead of an item: a link) in
        place of the item; None hides it again."""
        if self.panel is not None and self.panel is not panel:
            self.panel.hide()
        self.panel = panel
        if panel is not None:
            self.show_item(None)
            if self._outer.indexOf(panel) < 0:
                self._outer.insertWidget(1, panel)
            panel.show()
        self.empty.setVisible(self.item_id is None and panel is None)

    def refresh(self) -> None:
        if self.item_id is None:
            return
        session = self.window_.session
        if not session.plan.has_item(self.item_id):
            self.show_item(None)
            return
        plan, sched = session.plan, session.schedule
        it = plan.item(self.item_id)
        self._filling = True
        try:
            self.title.setText(it.title)
            if self._teams_listed is not plan.teams:  # refilled only when they change
                self._teams_listed = plan.teams
                self.team.clear()
                for t in plan.teams:
                    self.team.addItem(t.name, t.id)
                self.team.addItem("No team", None)
            self.team.setCurrentIndex(self.team.findData(it.team) if it.team else len(plan.teams))
            self.kind.setCurrentIndex(0 if it.kind == "task" else 1)
            self.start_label.setText("Date" if it.is_milestone else "Planned start")
            self.start.set_date(it.start)
            self.duration.setVisible(not it.is_milestone)
            self.duration_label.setVisible(not it.is_milestone)
            if not it.is_milestone:
                self.duration.setValue(it.duration)
            self.has_deadline.setChecked(it.deadline is not None)
            self.deadline.setEnabled(it.deadline is not None)
            if it.deadline is not None:
                self.deadline.set_date(it.deadline)
            else:  # ticking Deadline offers its scheduled finish: met, with no room
                self.deadline.set_none(sched.dates(it.id)[1])
            self.locked.setChecked(it.locked)
            if self.notes.toPlainText() != it.notes:
                self.notes.setPlainText(it.notes)
            first, last = sched.dates(it.id)
            i = sched.pos(it.id)
            slack = int(sched.total_slack[i])
            span = span_text(first, last, self.window_.today)
            self.scheduled.setText(f"{span}<br>slack {working_days(slack)}"
                                   + (" · <b>critical</b>" if slack <= 0 else ""))  # fmt: skip
            keep = self.links.currentItem()
            keep = keep.data(Qt.ItemDataRole.UserRole) if keep is not None else None
            self.links.clear()
            for d in plan.dependencies_of(it.id):
                other = d.succ if d.pred == it.id else d.pred
                arrow = "→" if d.pred == it.id else "←"
                lag = f", lag {d.lag:+d}" if d.lag else ""
                row = QListWidgetItem(f"{arrow} {plan.item(other).label} ({d.type}{lag})")
                row.setToolTip(
                    tip(
                        link_sentence(
                            plan.item(d.pred).label, plan.item(d.succ).label, d.type, d.lag
                        )
                    )
                )
                row.setData(Qt.ItemDataRole.UserRole, (d.pred, d.succ))
                row.setData(Qt.ItemDataRole.UserRole + 1, d)
                self.links.addItem(row)
            if keep is None or not self.select_link(*keep):
                self.links.setCurrentRow(-1)
            self._show_link()
            self.why.setText("<br>".join(html.escape(s) for s in explain(plan, sched, it.id)))
            editable = not session.read_only
            for w in (self.title, self.team, self.kind, self.start, self.duration,
                      self.has_deadline, self.locked):  # fmt: skip
                w.setEnabled(editable)
            self.deadline.setEnabled(editable and it.deadline is not None)
            self.notes.setReadOnly(not editable)
        finally:
            self._filling = False
        self.progress.refresh()
        self.negotiation.refresh()
