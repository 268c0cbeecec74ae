"""The pieces of the Sprint review dialog (planner/gui/review_dialog.py): a team's row
(its colour, name, counts and say/do as a small bar), a row's decision (none, done on a
date, days remaining, carry) and a row of the impact preview.

Names and titles come from the roadmap: labels are plain text, tooltips go through
``tip``, tree cells are plain text on one line.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from PySide6.QtCore import QDate, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QSpinBox,
    QTreeWidgetItem,
    QWidget,
)

from planner.app.review import Review, TeamReview
from planner.domain.model import TEAM_COLORS, Plan
from planner.domain.text import one_line
from planner.export.review_text import percent
from planner.gui import theme
from planner.gui.day_format import span_text
from planner.gui.moved_rows import moved_row
from planner.gui.plain_text import plain_label
from planner.scheduling.impact import MovedItem

__all__ = [
    "ADDED",
    "BROKEN",
    "DONE",
    "MUTED",
    "PREVIEW_COLUMNS",
    "DecisionEditor",
    "SayDoBar",
    "preview_row",
    "qdate",
    "team_color",
    "team_header",
]

BROKEN, DONE = theme.color("bad"), theme.color("good")  # live colours
ADDED, MUTED = theme.color("added"), theme.color("grey")
PREVIEW_COLUMNS = ("Item", "Now", "Was", "Shift", "Lands in", "Deadline")


def qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def team_color(plan: Plan, team: str | None) -> QColor:
    """The team's lane colour (its own when it is a valid #rrggbb, else the palette's)."""
    i = plan.team_index.get(team) if team is not None else None
    if i is None:
        return QColor("#8c8c8c")
    color = plan.teams[i].color
    ok = color.startswith("#") and len(color) == 7 and QColor(color).isValid()
    return QColor(color if ok else TEAM_COLORS[i % len(TEAM_COLORS)])


# -- small widgets ----------------------------------------------------------------------
class SayDoBar(QWidget):
    """A small horizontal bar: say/do (0..1) filled in the team's colour; empty (and
    hatched grey) when nothing was planned."""

    def __init__(self, say_do: float | None, color: QColor, parent: QWidget | None = None):
        super().__init__(parent)
        self.say_do, self.color = say_do, color
        self.setFixedSize(120, 12)
        self.setAccessibleName(f"Say/do {percent(say_do)}")

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        track = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        p.setBrush(QColor("#e4e4e4"))
        p.drawRoundedRect(track, 3, 3)
        if self.say_do is None:
            p.setBrush(QBrush(QColor("#bdbdbd"), Qt.BrushStyle.BDiagPattern))
            p.drawRoundedRect(track, 3, 3)
        elif self.say_do > 0:
            filled = QRectF(track)
            filled.setWidth(track.width() * min(1.0, self.say_do))
            p.setBrush(self.color)
            p.drawRoundedRect(filled, 3, 3)
        p.end()


def team_header(plan: Plan, review: Review, team: TeamReview, today: date) -> QWidget:
    """A team's row in the review: its colour, name (and own sprint's dates when they
    differ from the review's), its counts, and say/do as a bar and a percentage."""
    box = QWidget()
    lay = QHBoxLayout(box)
    lay.setContentsMargins(4, 0, 8, 0)
    lay.setSpacing(8)
    swatch = QFrame()
    swatch.setFixedSize(6, 18)
    swatch.setStyleSheet(f"background:{team_color(plan, team.team).name()}; border:none;")
    name = plain_label(one_line(plan.team_name(team.team)))
    bold = QFont(name.font())
    bold.setBold(True)
    name.setFont(bold)
    parts = [
        f"{len(team.planned)} planned",
        f"{len(team.done)} done",
        f"{len(team.late)} late",
        f"{len(team.added)} added",
    ]
    if (team.start, team.finish) != (review.start, review.finish):
        parts.insert(0, span_text(team.start, team.finish, today))
    counts = plain_label(" · ".join(parts))
    counts.setStyleSheet(f"color:{MUTED.name()};")
    caption = plain_label("say/do")
    caption.setStyleSheet(f"color:{MUTED.name()};")
    pct = plain_label(percent(team.say_do))
    pct.setFont(bold)
    pct.setMinimumWidth(pct.fontMetrics().horizontalAdvance("100 %") + 4)
    widgets: list[QWidget] = [swatch, name, counts]
    for w in widgets:
        lay.addWidget(w)
    lay.addStretch(1)
    widgets = [caption, SayDoBar(team.say_do, team_color(plan, team.team)), pct]
    for w in widgets:
        lay.addWidget(w)
    box.setObjectName(f"team-{team.team or ''}")
    return box


class DecisionEditor(QWidget):
    """One row's decision: a choice of "No decision", "Done on" (with a date), "Days
    remaining" (with a number) or "Carry to next sprint"; only the choices the item
    allows are offered. ``changed`` is emitted on every change."""

    changed = Signal()
    NONE, DONE, REMAINING, CARRY = "none", "done", "remaining", "carry"
    LABELS: ClassVar[dict[str, str]] = {
        NONE: "No decision",
        DONE: "Done on",
        REMAINING: "Days remaining",
        CARRY: "Carry to next sprint",
    }

    def __init__(
        self,
        choices: tuple[str, ...],
        done_default: date,
        done_earliest: date,
        remaining_default: int,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.choice = QComboBox()
        for key in (self.NONE, *choices):
            self.choice.addItem(self.LABELS[key], key)
        self.choice.setAccessibleName("Decision")
        self.date_edit = QDateEdit(qdate(max(done_default, done_earliest)))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setMinimumDate(qdate(done_earliest))
        self.date_edit.setAccessibleName("Done on")
        self.days_spin = QSpinBox()
        self.days_spin.setRange(1, 999)
        self.days_spin.setValue(max(1, remaining_default))
        self.days_spin.setAccessibleName("Working days remaining")
        self.days_spin.valueChanged.connect(self._suffix)
        self._suffix(self.days_spin.value())
        lay = QHBoxLayout(self)
        lay.setContentsMargins(2, 1, 2, 1)
        lay.setSpacing(6)
        lay.addWidget(self.choice)
        lay.addWidget(self.date_edit)
        lay.addWidget(self.days_spin)
        lay.addStretch(1)
        self.choice.currentIndexChanged.connect(self._chosen)
        self.date_edit.dateChanged.connect(lambda _d: self.changed.emit())
        self.days_spin.valueChanged.connect(lambda _v: self.changed.emit())
        self._show_inputs()

    def _suffix(self, value: int) -> None:
        self.days_spin.setSuffix(" working day" if value == 1 else " working days")

    def _chosen(self, _index: int) -> None:
        self._show_inputs()
        self.changed.emit()

    def _show_inputs(self) -> None:
        kind = self.kind()
        self.date_edit.setVisible(kind == self.DONE)
        self.days_spin.setVisible(kind == self.REMAINING)

    def kind(self) -> str:
        return str(self.choice.currentData())

    def offers(self, kind: str) -> bool:
        return self.choice.findData(kind) >= 0

    def choose(self, kind: str) -> None:
        """Pick ``kind`` (one of the choices offered). Raises ValueError otherwise."""
        k = self.choice.findData(kind)
        if k < 0:
            raise ValueError(f"this item does not offer the decision {kind!r}")
        self.choice.setCurrentIndex(k)

    def done_on(self) -> date:
        return _pydate(self.date_edit.date())

    def remaining(self) -> int:
        return self.days_spin.value()


def preview_row(plan: Plan, m: MovedItem, lands: str, today: date) -> QTreeWidgetItem:
    """One item the decisions would move: new and old dates, shift, the sprint it now
    lands in, its deadline; in red when it newly breaks its deadline."""
    where = lands.removeprefix("lands in ")
    return moved_row(plan, m, where, today, own="decision", root_label="the review")
