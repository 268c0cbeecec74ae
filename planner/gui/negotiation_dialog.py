"""The steps of a deadline negotiation in the app (DESIGN.md, 'Team-driven deadlines'):
the small dialogs of "Propose a date…", "Commit…" and "Agree…", and ``start_step``,
which opens one for an item and, once it is accepted, applies its edit through the
window: one undo step and one history entry, the edit planner/app/deadlines.py makes.

The Deadlines tab and the inspector's "Deadline negotiation" group both use them. A
dialog opens window-modal (``open``, not ``exec``: the window goes on painting) and
applies when accepted. ``step_lines`` is an item's negotiation log in words, for the
inspector and the timeline's tooltips; what it quotes (names, notes) is plain text the
caller escapes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from planner.app.deadlines import agree_date, commit_date, propose_date
from planner.app.session import PlanSession
from planner.domain.edits import UpdateItem
from planner.domain.errors import PlannerError
from planner.domain.model import FIRST_DAY, LAST_DAY, MAX_NOTE, Item, NegotiationStep, Plan
from planner.domain.text import one_line, shorten
from planner.gui import theme
from planner.gui.day_format import day_text
from planner.gui.host import WindowHost
from planner.gui.plain_text import plain_label

__all__ = [
    "STEPS",
    "NegotiationDialog",
    "StepKind",
    "recorded_at",
    "start_step",
    "step_line",
    "step_lines",
    "step_problem",
    "when_text",
]

StepKind = Literal["propose", "commit", "agree"]

# kind: (button text, tooltip, the dialog's OK button, the note's placeholder)
STEPS: dict[StepKind, tuple[str, str, str, str]] = {
    "propose": (
        "Propose a date…",
        "A stakeholder asks for a date (the item's target); it then watches the item",
        "Propose",
        "Why this date (kept in the item's log)",
    ),
    "commit": (
        "Commit…",
        "The item's team commits to a date",
        "Commit",
        "What the commitment rests on",
    ),
    "agree": (
        "Agree…",
        "Agree on a date (by default the team's commitment): it becomes the deadline",
        "Agree",
        "Kept in the item's log",
    ),
}


def recorded_at(today: date) -> str:
    """When a step is recorded: the clock's time if it is ``today``, else (a window
    opened as of another day) that day, as ``planner propose --today`` records it."""
    now = datetime.now().astimezone()
    return now.isoformat(timespec="seconds") if now.date() == today else today.isoformat()


def when_text(when: str, today: date) -> str:
    """A step's ``when`` for people: 'Mon 4 Jan 09:30', 'Mon 4 Jan' for a day (the year
    when it is not ``today``'s);
    what is neither is shown as it is (shortened, on one line)."""
    if not when:
        return ""
    try:
        moment = datetime.fromisoformat(when)
    except ValueError:
        return shorten(one_line(when), 40)
    if len(when) <= 10:  # a day, no time
        return day_text(moment.date(), today)
    return f"{day_text(moment.date(), today)} {moment:%H:%M}"


def step_line(plan: Plan, item: Item, step: NegotiationStep, today: date) -> tuple[str, str]:
    """One step in words and its note (plain text, on one line): ('Sales asked for Fri
    12 Mar 2027', 'Spring campaign'), 'Backend committed to ...', 'Agreed on ... with
    Sales'."""
    day = day_text(step.date, today)
    if step.kind == "target":
        text = f"{plan.team_name(step.by)} asked for {day}"
    elif step.kind == "commitment":
        who = step.by or item.team
        text = f"{plan.team_name(who) if who else 'The team'} committed to {day}"
    else:
        text = f"Agreed on {day}" + (f" with {plan.team_name(step.by)}" if step.by else "")
    return shorten(one_line(text), 120), shorten(one_line(step.note).strip(), 200)


def step_lines(plan: Plan, item: Item, today: date) -> list[tuple[str, str, str]]:
    """The item's log, oldest first: (the step in words, its note, when it was
    recorded)."""
    return [(*step_line(plan, item, s, today), when_text(s.when, today)) for s in item.negotiation]


def step_problem(kind: StepKind, session: PlanSession | None, item_id: str | None) -> str | None:
    """Why the step can't be taken for that item now, in one line; None when it can."""
    if session is None or item_id is None or not session.plan.has_item(item_id):
        return "Select an item first"
    if session.read_only:
        return "This roadmap is open for reading only"
    if kind == "propose" and not session.plan.stakeholders:
        return "Add a stakeholder first (Edit > Stakeholders…)"
    return None


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _default_day(kind: StepKind, item: Item, finish: date) -> date:
    """What the date field offers: the step's own date if it has one, else what it
    follows from (an agreement the commitment, a commitment the scheduled finish)."""
    target = item.target.date if item.target else None
    committed = item.commitment.date if item.commitment else None
    if kind == "propose":
        return target or finish
    if kind == "commit":
        return committed or finish
    return committed or item.agreed or target or finish


def _afterwards(kind: StepKind, item: Item) -> str:
    """What the step does, said under the dialog's context."""
    if kind == "propose":
        return "The stakeholder who asks then watches the item: it is told when it moves."
    if kind == "agree":
        return "The date agreed becomes the item's deadline."
    if item.agreed is not None:
        return "The date agreed stays its deadline until another is agreed."
    return "Once agreed on, a date becomes the item's deadline."


class NegotiationDialog(QDialog):
    """One step for one item: its date, who asks (a proposal), and a note. ``edit`` is
    the step as an edit; the dialog changes nothing itself."""

    def __init__(
        self,
        kind: StepKind,
        session: PlanSession,
        item_id: str,
        parent: QWidget | None = None,
        *,
        today: date,
    ) -> None:
        super().__init__(parent)
        self.kind, self.item_id = kind, item_id
        plan = session.plan
        item = plan.item(item_id)
        finish = session.schedule.dates(item_id)[1]
        title, _tip, ok, placeholder = STEPS[kind]
        self.setWindowTitle(f"{title.rstrip('…')} — {shorten(one_line(item.label), 60)}")
        self.context = plain_label("\n".join(self._context(kind, plan, item, finish, today)))
        self.context.setWordWrap(True)
        theme.style(self.context, "color:{subtle}")
        self.date = QDateEdit(_qdate(_default_day(kind, item, finish)))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("ddd d MMM yyyy")
        self.date.setDateRange(_qdate(FIRST_DAY), _qdate(LAST_DAY))
        self.by = QComboBox()
        for s in plan.stakeholders:
            self.by.addItem(shorten(one_line(s.name), 60), s.id)
        asked = item.target.by if item.target else None
        self.by.setCurrentIndex(max(0, self.by.findData(asked)))
        self.note = QLineEdit()
        self.note.setMaxLength(MAX_NOTE)
        self.note.setPlaceholderText(placeholder)
        self.note.setMinimumWidth(320)
        form = QFormLayout()
        form.addRow("Date", self.date)
        if kind == "propose":
            form.addRow("Asked by", self.by)
        form.addRow("Note", self.note)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)  # fmt: skip
        self.ok = box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(ok)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.context)
        lay.addLayout(form)
        lay.addWidget(box)
        self.note.setFocus()

    @staticmethod
    def _context(kind: StepKind, plan: Plan, item: Item, finish: date, today: date) -> list[str]:
        """Where the negotiation stands, so the date can be chosen knowingly."""
        label = shorten(one_line(item.label), 80)
        lines = [f"{label} is scheduled to finish {day_text(finish, today)}."]
        if item.target is not None:
            who = plan.team_name(item.target.by)
            lines.append(f"Asked: {day_text(item.target.date, today)} by {who}.")
        if item.commitment is not None:
            lines.append(f"Committed: {day_text(item.commitment.date, today)}.")
        if item.agreed is not None:
            lines.append(f"Agreed: {day_text(item.agreed, today)} (its deadline).")
        lines = [shorten(one_line(line), 200) for line in lines]
        return [*lines, "", _afterwards(kind, item)]

    def day(self) -> date:
        day = self.date.date().toPython()
        assert isinstance(day, date)
        return day

    def stakeholder(self) -> str | None:
        """The stakeholder who asks (a proposal), else None."""
        return self.by.currentData() if self.kind == "propose" else None

    def edit(self, plan: Plan, when: str) -> UpdateItem:
        """The step as an edit of ``plan``, recorded ``when``. Raises PlanError (an item
        or stakeholder that is gone)."""
        note = self.note.text().strip()
        if self.kind == "propose":
            by = self.stakeholder() or ""
            return propose_date(plan, self.item_id, self.day(), by, note=note, when=when)
        if self.kind == "commit":
            return commit_date(plan, self.item_id, self.day(), note=note, when=when)
        return agree_date(plan, self.item_id, self.day(), note=note, when=when)


def start_step(
    window: WindowHost, kind: StepKind, item_id: str | None, parent: QWidget
) -> NegotiationDialog | None:
    """Open the step's dialog for ``item_id`` over ``parent``; once accepted, its edit is
    applied through the window (a refusal shows its message there). A step that can't
    be taken says why in the status bar and opens nothing (None)."""
    session = window.session
    problem = step_problem(kind, session, item_id)
    if problem is not None or session is None or item_id is None:
        window.statusBar().showMessage(problem or "", 5000)
        return None
    dlg = NegotiationDialog(kind, session, item_id, parent, today=window.today)
    dlg.accepted.connect(lambda: _apply(window, dlg))
    dlg.finished.connect(dlg.deleteLater)
    dlg.open()
    return dlg


def _apply(window: WindowHost, dlg: NegotiationDialog) -> None:
    session = window.session
    if session is None:
        return
    try:
        edit = dlg.edit(session.plan, recorded_at(window.today))
    except PlannerError as e:
        window.show_error(str(e))
        return
    window.apply_edit(edit)
