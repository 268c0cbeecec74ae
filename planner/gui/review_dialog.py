"""The Sprint review dialog: what a sprint planned, did, missed and took on, per team,
with a decision per row and a live preview of what the decisions would move.

The review itself comes from ``planner.app.review`` (``sprint_review``). Each row that
is not done may get a decision: "Done on" a date, "Days remaining" (today counted as
the first), "Carry to next sprint" (only for an item not started), or none. While the
user decides, the dialog turns the decisions into the review's one edit
(``review_edit``) and shows what it would move, per team, after a short pause
(``preview_review``): old and new dates, the shift, the sprint it now lands in, the
deadlines it breaks. A refusal is one line in the dialog. Apply (``apply_review``) is one
edit — one undo step, one notice per team whose reason names the review — and saves the
baseline "<P> review"; ``applied`` then carries its ``Changes``. The review can also be
written as Markdown or as a one-slide PNG (``planner.export``).

Titles, team and sprint names come from the roadmap: tree cells are plain text, the
rich labels escape them, tooltips go through ``tip``. The rows' pieces (a team's header,
a decision, a preview row) are in planner/gui/review_widgets.py.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.app.actuals import counts_as_started
from planner.app.changes import Changes
from planner.app.review import (
    NOTHING_TO_CHANGE,
    Review,
    ReviewDecisions,
    ReviewPreview,
    TeamReview,
    apply_review,
    preview_review,
    review_edit,
    sprint_review,
)
from planner.app.session import PlanSession
from planner.domain.errors import PlannerError
from planner.domain.model import Item
from planner.domain.text import one_line, quoted
from planner.export.review_text import baseline_note, item_outcome
from planner.gui.day_format import day_text, span_text
from planner.gui.plain_text import plain_label, rich_label, tip
from planner.gui.review_widgets import (
    ADDED,
    BROKEN,
    DONE,
    MUTED,
    PREVIEW_COLUMNS,
    DecisionEditor,
    preview_row,
    qdate,
    team_color,
    team_header,
)

__all__ = ["ReviewDialog"]

OUTCOME_COLORS = {"done": DONE, "late": BROKEN, "added": ADDED}
REVIEW_COLUMNS = ("Item", "Review", "Planned", "Now", "Decision")
REVIEW_TIPS = (
    "",
    "done: planned and done in the sprint; late: planned, not done in it; added: not"
    " planned, finishes in it now",
    'Its last day in the baseline (what the sprint planned), e.g. "Sprint 14 start"',
    "What became of it",
    "What the review decides for it (applied together, as one edit)",
)
ROW_HEIGHT = 26  # fits a decision's combo box
PREVIEW_ROW_HEIGHT = 22
WIDTH = 1180  # the dialog's first width


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


# -- the dialog -------------------------------------------------------------------------
@dataclass(frozen=True)
class _Row:
    """A reviewed item in the tree: its team's part of the review and what it became."""

    team: TeamReview
    item_id: str
    outcome: str  # "done", "late" or "added"


class ReviewDialog(QDialog):
    """The review of ``sprint`` on ``session`` (judged with ``today``); ``applied``
    carries the ``Changes`` once the decisions are applied."""

    applied = Signal(object)
    PREVIEW_DELAY_MS = 150

    def __init__(
        self, session: PlanSession, sprint: str, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session, self.sprint, self.today = session, sprint, today
        self.review: Review = sprint_review(session, sprint)
        self.preview: ReviewPreview | None = None  # the last preview, None if refused
        self.last_applied: Changes | None = None
        self.editors: dict[str, DecisionEditor] = {}
        self.setWindowTitle(f"Sprint review — {one_line(sprint)}")
        self.setObjectName("review-dialog")

        self.head = rich_label()
        self.head.setWordWrap(True)
        self.review_tree = self._tree(REVIEW_COLUMNS, REVIEW_TIPS)
        self.review_tree.setObjectName("review-tree")
        self.preview_tree = self._tree(PREVIEW_COLUMNS, ("",) * len(PREVIEW_COLUMNS))
        self.preview_tree.setObjectName("preview-tree")
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("Optional, e.g. scope cut after the vendor delay")
        self.reason_edit.setAccessibleName("Reason")
        self.summary = plain_label()
        self.summary.setWordWrap(True)
        self.status_label = plain_label()  # refusals quote ids and titles
        self.status_label.setWordWrap(True)
        self.problems_label = plain_label()  # names items by their titles
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet(f"color:{BROKEN.name()};")
        self.problems_label.hide()

        self.buttons = QDialogButtonBox()
        role = QDialogButtonBox.ButtonRole
        self.markdown_button = self.buttons.addButton("Export Markdown…", role.ActionRole)
        self.slide_button = self.buttons.addButton("Export slide (PNG)…", role.ActionRole)
        self.apply_button = self.buttons.addButton("Apply decisions", role.ApplyRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.markdown_button.clicked.connect(lambda: self.export_markdown())
        self.slide_button.clicked.connect(lambda: self.export_slide())
        self.apply_button.clicked.connect(self.apply)
        self.close_button.clicked.connect(self.reject)
        for button in (self.markdown_button, self.slide_button, self.close_button):
            button.setAutoDefault(False)
        self.apply_button.setDefault(True)  # drawn as the main button; Enter does not press it

        self._layout()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self.reason_edit.textChanged.connect(lambda _t: self._timer.start())
        self._fill()
        self._fit_to_review()
        self.refresh_preview()

    # -- building -------------------------------------------------------------------------
    @staticmethod
    def _tree(columns: tuple[str, ...], tips: tuple[str, ...]) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setColumnCount(len(columns))
        tree.setHeaderLabels(list(columns))
        for c, text in enumerate(tips):
            tree.headerItem().setToolTip(c, text)
        tree.setRootIsDecorated(False)
        tree.setAlternatingRowColors(True)
        tree.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        tree.header().setStretchLastSection(True)
        return tree

    def _layout(self) -> None:
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.head)
        tl.addWidget(self.review_tree, 1)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 4, 0, 0)
        bl.addWidget(QLabel("<b>Impact of the decisions</b>"))
        bl.addWidget(self.summary)
        bl.addWidget(self.status_label)
        bl.addWidget(self.problems_label)
        bl.addWidget(self.preview_tree, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)  # a taller dialog gives the preview the room
        form = QFormLayout()
        form.addRow("Reason:", self.reason_edit)
        lay = QVBoxLayout(self)
        lay.addWidget(self.splitter, 1)
        lay.addLayout(form)
        lay.addWidget(self.buttons)

    def _fit_to_review(self) -> None:
        """A first size that shows every row of the review (up to a point) and leaves
        the preview room for about a dozen rows."""
        tree = self.review_tree
        tops = [tree.topLevelItem(t) for t in range(tree.topLevelItemCount())]
        rows = sum(top.childCount() for top in tops if top is not None)
        teams = len(tops)
        wanted = (
            self.head.heightForWidth(WIDTH - 30)
            + tree.header().sizeHint().height()
            + teams * (ROW_HEIGHT + 4)
            + rows * ROW_HEIGHT
            + 16
        )
        review = max(220, min(540, wanted))
        preview = 340
        self.splitter.setSizes([review, preview])
        self.resize(WIDTH, review + preview + 100)

    def _fill(self) -> None:
        """(Re)build the header and the review tree from ``self.review``, keeping the
        decisions already chosen for rows that still offer them."""
        kept = {i: (e.kind(), e.done_on(), e.remaining()) for i, e in self.editors.items()}
        self.editors = {}
        self.head.setText(self._head_html())
        tree, plan = self.review_tree, self.session.plan
        tree.clear()
        base = self._planned_finishes()
        # Items first, then the spans, then the widgets: each of those on an item already
        # laid out costs a pass over the whole tree (seconds for a review of 85 teams).
        tops: list[QTreeWidgetItem] = []
        widgets: list[tuple[QTreeWidgetItem, int, QWidget]] = []
        for team in self.review.teams:
            top = QTreeWidgetItem()
            top.setSizeHint(0, QSize(0, ROW_HEIGHT + 4))
            tops.append(top)
            widgets.append((top, 0, team_header(plan, self.review, team, self.today)))
            rows = [
                *(_Row(team, i, "done") for i in team.done),
                *(_Row(team, i, "late") for i in team.late),
                *(_Row(team, i, "added") for i in team.added),
            ]
            for row in rows:
                if plan.has_item(row.item_id):
                    child, editor = self._row(row, base.get(row.item_id), kept.get(row.item_id))
                    top.addChild(child)
                    if editor is not None:
                        widgets.append((child, 4, editor))
        tree.addTopLevelItems(tops)
        for top in tops:
            top.setExpanded(True)
            top.setFirstColumnSpanned(True)
        for item, column, widget in widgets:
            tree.setItemWidget(item, column, widget)
        if not self.review.teams:
            empty = QTreeWidgetItem(["Nothing was planned for this sprint, and nothing was added."])
            empty.setFirstColumnSpanned(True)
            tree.addTopLevelItem(empty)
        for c, width in enumerate((300, 70, 100, 330)):
            tree.setColumnWidth(c, width)

    def _head_html(self) -> str:
        r = self.review
        name = html.escape(r.sprint)
        when = span_text(r.start, r.finish, self.today)
        note = html.escape(baseline_note(r))
        if r.baseline is None:
            note = f"<span style='color:{BROKEN.name()}'>{note}</span>"
        text = f"<span style='font-size:14pt'><b>{name}</b></span> · {when} · {note}"
        if self.session.read_only:
            why = html.escape(self.session.read_only_reason or "opened for reading only")
            text += f"<br><i>Read-only ({why}): it can be read and exported, not applied.</i>"
        return text

    def _planned_finishes(self) -> dict[str, date]:
        """Item id -> its last day in the review's baseline (the schedule without one)."""
        if self.review.baseline is not None:
            try:
                dates = self.session.baseline_dates(self.review.baseline)
            except PlannerError:
                dates = {}
            return {i: last for i, (_first, last) in dates.items()}
        sched = self.session.schedule
        return {i: sched.dates(i)[1] for i in sched.ids}

    def _row(
        self, row: _Row, planned: date | None, kept: tuple[str, date, int] | None
    ) -> tuple[QTreeWidgetItem, DecisionEditor | None]:
        """A reviewed item's row, and its decision (None for an item done)."""
        plan = self.session.plan
        item = plan.item(row.item_id)
        outcome = item_outcome(plan, self.review, row.team, row.item_id)
        shown_planned = (
            day_text(planned, self.today) if planned is not None and row.outcome != "added" else "—"
        )
        cells = [one_line(item.label), row.outcome, shown_planned, one_line(outcome), ""]
        child = QTreeWidgetItem(cells)
        child.setData(0, Qt.ItemDataRole.UserRole, row.item_id)
        child.setSizeHint(0, QSize(0, ROW_HEIGHT))
        child.setForeground(1, QBrush(OUTCOME_COLORS[row.outcome]))
        child.setForeground(2, QBrush(MUTED))
        what = "milestone" if item.is_milestone else "task"
        child.setToolTip(0, tip(f"{item.label} ({what} {item.id}, {plan.team_name(item.team)})"))
        child.setToolTip(3, tip(outcome))
        if item.done:
            return child, None
        editor = self._editor(item, row.team)
        if kept is not None and editor.offers(kept[0]):
            editor.date_edit.setDate(qdate(kept[1]))
            editor.days_spin.setValue(kept[2])
            editor.choose(kept[0])
        editor.changed.connect(self._timer.start)
        editor.setEnabled(not self.session.read_only)
        self.editors[item.id] = editor
        return child, editor

    def _editor(self, item: Item, team: TeamReview) -> DecisionEditor:
        """The decisions ``item`` allows: done (always, as it is not done), days
        remaining (a task that counts as started), carry (not started: no actual start)."""
        sched = self.session.schedule
        first, last = sched.dates(item.id)
        choices = [DecisionEditor.DONE]
        if not item.is_milestone and counts_as_started(item, sched, self.today):
            choices.append(DecisionEditor.REMAINING)
        if item.actual_start is None:
            choices.append(DecisionEditor.CARRY)
        earliest = item.actual_start or (last if item.is_milestone else first)
        cal = self.session.calendar
        left = sched.points(item.id)[1] - cal.start_index(self.today)
        return DecisionEditor(tuple(choices), min(team.finish, self.today), earliest, left)

    # -- decisions --------------------------------------------------------------------------
    def editor(self, item_id: str) -> DecisionEditor:
        """The decision of ``item_id``'s row. Raises KeyError for a row without one."""
        return self.editors[item_id]

    def set_done(self, item_id: str, day: date) -> None:
        e = self.editor(item_id)
        e.date_edit.setDate(qdate(day))
        e.choose(DecisionEditor.DONE)
        self.refresh_preview()

    def set_remaining(self, item_id: str, days: int) -> None:
        e = self.editor(item_id)
        e.days_spin.setValue(days)
        e.choose(DecisionEditor.REMAINING)
        self.refresh_preview()

    def set_carry(self, item_id: str) -> None:
        self.editor(item_id).choose(DecisionEditor.CARRY)
        self.refresh_preview()

    def clear_decision(self, item_id: str) -> None:
        self.editor(item_id).choose(DecisionEditor.NONE)
        self.refresh_preview()

    def set_reason(self, text: str) -> None:
        self.reason_edit.setText(text)

    def decisions(self) -> ReviewDecisions:
        """The decisions as the rows stand, in the review's order."""
        done: dict[str, date] = {}
        remaining: dict[str, int] = {}
        carry: list[str] = []
        for item_id, e in self.editors.items():
            kind = e.kind()
            if kind == DecisionEditor.DONE:
                done[item_id] = e.done_on()
            elif kind == DecisionEditor.REMAINING:
                remaining[item_id] = e.remaining()
            elif kind == DecisionEditor.CARRY:
                carry.append(item_id)
        return ReviewDecisions(done, remaining, tuple(carry), self.reason_edit.text().strip())

    # -- preview ----------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        """Recompute what the decisions would move, now (the inputs also trigger it after
        a short pause)."""
        self._timer.stop()
        self.preview = None
        self.preview_tree.clear()
        self.problems_label.hide()
        decisions = self.decisions()
        if decisions.empty:
            self._status("Choose a decision for a row to see what it would move.", MUTED)
            self.summary.setText("")
        else:
            try:
                batch = review_edit(self.session, self.review, decisions, self.today)
                self.preview = preview_review(self.session, batch)
            except PlannerError as e:
                self._status(str(e), MUTED if str(e) == NOTHING_TO_CHANGE else BROKEN)
                self.summary.setText("")
            else:
                self._status("", MUTED)
                self._show(self.preview)
        self._update_apply()

    def _status(self, text: str, color: QColor) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color:{color.name()};")
        self.status_label.setVisible(bool(text))

    def _show(self, preview: ReviewPreview) -> None:
        plan = self.session.plan
        n, broken = preview.moved, sum(len(t.breaks) for t in preview.teams)
        decided = sum(1 for t in preview.teams for r in t.rows if r.moved.role == "slip")
        moves = f"{_plural(n, 'item')} move ({decided} decided, {n - decided} pushed)"
        parts = [moves if n else "Nothing moves"]
        if n:
            parts.append(f"{_plural(len(preview.teams), 'team')} notified")
        if broken:
            parts.append(f"breaks {_plural(broken, 'deadline')}")
        self.summary.setText("; ".join(parts) + ".")
        self.problems_label.setText("\n".join(p + "." for p in preview.problems))
        self.problems_label.setVisible(bool(preview.problems))
        bold = QFont(self.preview_tree.font())
        bold.setBold(True)
        for team in preview.teams:
            top = QTreeWidgetItem([f"{one_line(team.name)} — {_plural(len(team.rows), 'item')}"])
            top.setSizeHint(0, QSize(0, PREVIEW_ROW_HEIGHT))
            top.setFont(0, bold)
            top.setForeground(0, QBrush(team_color(plan, team.team).darker(130)))
            self.preview_tree.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            for row in team.rows:
                child = preview_row(plan, row.moved, row.lands, self.today)
                child.setSizeHint(0, QSize(0, PREVIEW_ROW_HEIGHT))
                top.addChild(child)
            top.setExpanded(True)
        for c in range(len(PREVIEW_COLUMNS) - 1):
            self.preview_tree.resizeColumnToContents(c)
        self.preview_tree.setColumnWidth(0, max(260, self.preview_tree.columnWidth(0)))

    def _update_apply(self) -> None:
        ok = self.preview is not None and not self.session.read_only
        self.apply_button.setEnabled(ok)
        self.apply_button.setToolTip(
            "Apply every decision as one edit (one undo step) and save the baseline"
            f" {quoted(self.sprint + ' review')}"
            if ok
            else "Choose decisions the plan accepts"
        )

    # -- applying and exporting -------------------------------------------------------------
    def apply(self) -> Changes | None:
        """Apply the decisions as one edit and save "<P> review"; the review is then read
        again and the decisions cleared. A refusal is shown in the dialog (None)."""
        if self.session.read_only:
            return None
        decisions = self.decisions()
        try:
            batch = review_edit(self.session, self.review, decisions, self.today)
            changes = apply_review(self.session, batch, self.sprint)
        except PlannerError as e:
            self._status(str(e), BROKEN)
            self.apply_button.setEnabled(False)
            return None
        self.last_applied = changes
        self.editors = {}  # the decisions are in the plan now
        self.reason_edit.blockSignals(True)
        self.reason_edit.clear()
        self.reason_edit.blockSignals(False)
        self.reload()
        moved = len(changes.impact.moved)
        self._status(
            f"Applied {quoted(changes.label)}: {_plural(moved, 'item')} moved; baseline"
            f" {quoted(self.sprint + ' review')} saved. Ctrl+Z in the main window undoes it.",
            DONE,
        )
        self.applied.emit(changes)
        return changes

    def reload(self) -> None:
        """Read the review again (the plan changed), keeping the decisions still offered.
        A sprint that no longer exists closes the dialog."""
        try:
            self.review = sprint_review(self.session, self.sprint)
        except PlannerError:
            self.reject()
            return
        self._fill()
        self.refresh_preview()

    def export_markdown(self, path: Path | None = None) -> Path | None:
        """Write the review as Markdown (with what the decisions moved, once applied
        here) to ``path``, asked with a file dialog when None. Returns the path written."""
        from planner.export.review_text import review_markdown

        path = path or self._ask_path("Export the review as Markdown", ".md", "Markdown (*.md)")
        if path is None:
            return None
        c = self.last_applied
        text = review_markdown(
            self.session.plan, self.review, c.impact if c else None, c.label if c else ""
        )
        return self._write(path, text.encode("utf-8"))

    def export_slide(self, path: Path | None = None) -> Path | None:
        """Write the review as a 1920x1080 PNG slide to ``path`` (asked when None)."""
        path = path or self._ask_path("Export the review as a slide", ".png", "PNG image (*.png)")
        if path is None:
            return None
        from planner.export.review_slide import render_review_slide

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            data = render_review_slide(self.session.plan, self.review)
        finally:
            QApplication.restoreOverrideCursor()
        return self._write(path, data)

    def _ask_path(self, title: str, suffix: str, filter_: str) -> Path | None:
        folder = Path(self.session.path).parent if self.session.path else Path.home()
        safe = "".join(c if c.isalnum() or c in " -_." else "_" for c in self.sprint).strip()
        start = folder / f"{safe or 'sprint'} review{suffix}"
        name, _ = QFileDialog.getSaveFileName(self, title, str(start), filter_)
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def _write(self, path: Path, data: bytes) -> Path | None:
        from planner.export.files import write_atomic

        try:
            write_atomic(path, data)
        except PlannerError as e:
            self._status(str(e), BROKEN)
            return None
        self._status(f"Wrote {path}", DONE)
        return path

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in the reason box does not close the dialog (nor apply)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)
