"""The inspector's "Deadline negotiation" group: the selected item's target, commitment
and agreed date, its negotiation log (who, what date, the note, when), the stakeholders
who watch it, and the buttons "Propose a date…", "Commit…" and "Agree…".

Each button opens the step's small dialog (planner/gui/negotiation_dialog.py), whose
edit goes through ``window.apply_edit``: one undo step, as ``planner propose`` /
``commit`` / ``agree`` make it. Names and notes come from the roadmap: the labels are
rich text on purpose and every piece of them is ``html.escape``d. A read-only roadmap
shows the log and changes nothing.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout

from planner.domain.model import Item, Plan
from planner.domain.text import one_line, shorten
from planner.gui import theme
from planner.gui.day_format import day_text
from planner.gui.negotiation_dialog import (
    STEPS,
    NegotiationDialog,
    StepKind,
    start_step,
    step_lines,
    step_problem,
)
from planner.gui.plain_text import rich_label, tip

__all__ = ["LOG_SHOWN", "NegotiationGroup"]

LOG_SHOWN = 8  # the newest steps shown; older ones are counted
MUTED = theme.hex_color("subtle")


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _name(plan: Plan, who: str) -> str:
    return shorten(one_line(plan.team_name(who)), 40)


class NegotiationGroup(QGroupBox):
    """Shows the negotiation of ``window.selected_item_id()`` and starts its steps;
    ``window`` gives ``session``, ``today``, ``apply_edit`` and ``statusBar``."""

    def __init__(self, window: Any) -> None:
        super().__init__("Deadline negotiation")
        self.window_ = window
        self.item_id: str | None = None
        self.dialog: NegotiationDialog | None = None  # the step's dialog last opened
        lay = QVBoxLayout(self)
        lay.setContentsMargins(5, 6, 5, 6)  # three buttons in a row fit the dock's least width
        self.summary = rich_label()  # names and notes in it are escaped
        self.summary.setWordWrap(True)
        self.log = rich_label()
        self.log.setWordWrap(True)
        self.log.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.watchers = rich_label()
        self.watchers.setWordWrap(True)
        self.buttons: dict[StepKind, QPushButton] = {}
        row = QHBoxLayout()
        row.setSpacing(3)
        for kind, (_text, hint, ok, _note) in STEPS.items():
            b = QPushButton(f"{ok}…")  # short: the dock is narrow (the tooltip says more)
            b.setToolTip(hint)
            b.clicked.connect(lambda _=False, k=kind: self.start(k))
            self.buttons[kind] = b
            row.addWidget(b)
        row.addStretch(1)
        lay.addWidget(self.summary)
        lay.addWidget(self.log)
        lay.addWidget(self.watchers)
        lay.addLayout(row)

    def start(self, kind: StepKind) -> None:
        """Open the step's dialog for the item shown (it applies once accepted)."""
        self.dialog = start_step(self.window_, kind, self.item_id, self)

    # -- showing --------------------------------------------------------------------
    def show_item(self, item_id: str | None) -> None:
        self.item_id = item_id
        self.refresh()

    def _item(self) -> Item | None:
        session = self.window_.session
        if self.item_id is None or session is None or not session.plan.has_item(self.item_id):
            return None
        return session.plan.item(self.item_id)  # type: ignore[no-any-return]

    def refresh(self) -> None:
        it = self._item()
        self.setVisible(it is not None)
        if it is None:
            return
        session = self.window_.session
        plan = session.plan
        self.summary.setText(self._summary(plan, it))
        self.log.setText(self._log(plan, it))
        self.log.setVisible(bool(it.negotiation))
        names = ", ".join(_e(_name(plan, w)) for w in it.watchers)
        self.watchers.setText(
            f"<span style='color:{MUTED}'>Watched by</span> {names}"
            if names
            else f"<span style='color:{MUTED}'>No stakeholder watches it.</span>"
        )
        for kind, button in self.buttons.items():
            problem = step_problem(kind, session, self.item_id)
            button.setEnabled(problem is None)
            button.setToolTip(tip(problem) if problem else STEPS[kind][1])

    def _summary(self, plan: Plan, it: Item) -> str:
        """Target, commitment and agreed date, and how the schedule stands to the target."""
        session = self.window_.session
        rows = []
        if it.target is not None:
            rows.append(f"Target <b>{day_text(it.target.date, self.window_.today)}</b>, asked by "
                        f"{_e(_name(plan, it.target.by))}")  # fmt: skip
        if it.commitment is not None:
            rows.append(f"Commitment <b>{day_text(it.commitment.date, self.window_.today)}</b>")
        if it.agreed is not None:
            rows.append(f"Agreed <b>{day_text(it.agreed, self.window_.today)}</b> (its deadline)")
        if not rows:
            return f"<span style='color:{MUTED}'>No date asked for, committed to or agreed.</span>"
        if it.target is not None:
            sched = session.schedule
            gap = sched.points(it.id)[1] - sched.calendar.end_point(it.target.date)
            rows.append(f"<span style='color:{MUTED}'>Scheduled finish: {_gap_words(gap)}</span>")
        return "<br>".join(rows)

    def _log(self, plan: Plan, it: Item) -> str:
        """The newest steps, oldest first, each on its line with its note and time."""
        lines = step_lines(plan, it, self.window_.today)
        older = len(lines) - LOG_SHOWN
        out = [f"<span style='color:{MUTED}'>{older} earlier step{'s' * (older != 1)}"
               "</span>"] if older > 0 else []  # fmt: skip
        for what, note, when in lines[-LOG_SHOWN:]:
            text = f"• {_e(what)}"
            if note:
                text += f": <i>{_e(note)}</i>"
            if when:
                text += f" <span style='color:{MUTED}'>({_e(when)})</span>"
            out.append(text)
        return "<br>".join(out)


def _gap_words(gap: int) -> str:
    """'3 working days later than asked', 'on the day asked'."""
    if gap == 0:
        return "on the day asked"
    n = abs(gap)
    return f"{n} working day{'s' * (n != 1)} {'later' if gap > 0 else 'earlier'} than asked"
