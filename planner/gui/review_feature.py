"""Sprint reviews in the main window: the Sprints menu and a quiet "review it" strip.

``install(window)`` adds
- Sprints > "Review <sprint>…" for every sprint that has started (its first day on or
  before the window's today), newest first; each opens the review dialog
  (planner/gui/review_dialog.py), which stays beside the window (not modal);
- a strip above the timeline when the latest sprint to have ended (its last day before
  today) has no "<P> review" baseline yet: "Sprint 14 ended on Fri 12 Mar — Review it… ·
  Not now". "Not now" hides it for that sprint and that roadmap, remembered in
  QSettings; it is never a popup, and it goes away by itself once the sprint is reviewed.

Sprints that share a name (teams' own sprints) are one review, from the first of their
first days to the last of their last days, as ``planner.app.review`` judges them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from planner.app.changes import Changes
from planner.app.session import PlanSession
from planner.app.settings import config_dir
from planner.domain.errors import PlannerError
from planner.domain.model import Plan
from planner.domain.text import one_line, shorten
from planner.gui import theme
from planner.gui.day_format import day_text
from planner.gui.host import WindowHost
from planner.gui.plain_text import plain_label, rich_label

if TYPE_CHECKING:
    from planner.gui.review_dialog import ReviewDialog

__all__ = ["ReviewBanner", "ReviewFeature", "SprintSpan", "install", "sprint_to_review", "started"]

REVIEWED = " review"  # the baseline "<P> review" says a sprint was reviewed


def install(window: WindowHost) -> None:
    window.review_feature = ReviewFeature(window)  # type: ignore[attr-defined]


# -- which sprints (no Qt) ----------------------------------------------------------------
@dataclass(frozen=True)
class SprintSpan:
    """Every sprint of one name taken together: its earliest first and latest last day."""

    name: str
    start: date
    finish: date


def _spans(plan: Plan) -> list[SprintSpan]:
    found: dict[str, SprintSpan] = {}
    for s in plan.sprints:
        was = found.get(s.name)
        start = min(s.start, was.start) if was else s.start
        finish = max(s.finish, was.finish) if was else s.finish
        found[s.name] = SprintSpan(s.name, start, finish)
    return list(found.values())


def started(plan: Plan, today: date) -> list[SprintSpan]:
    """The sprints whose first day is on or before ``today``, newest first (the latest
    start first; on the same start, the one that ends later)."""
    spans = [s for s in _spans(plan) if s.start <= today]
    return sorted(spans, key=lambda s: (s.start, s.finish), reverse=True)


def sprint_to_review(
    plan: Plan, today: date, reviewed: set[str], dismissed: set[str]
) -> SprintSpan | None:
    """The sprint the strip offers: the one that ended last before ``today``, unless it
    is already ``reviewed`` or its offer was ``dismissed`` (then none: older sprints are
    not brought back)."""
    ended = [s for s in _spans(plan) if s.finish < today]
    if not ended:
        return None
    last = max(ended, key=lambda s: (s.finish, s.start))
    return None if last.name in reviewed or last.name in dismissed else last


def _menu_text(name: str) -> str:
    """A sprint name as menu text: one line, not too long, '&' shown as itself."""
    return shorten(one_line(name), 60).replace("&", "&&")


# -- the strip ----------------------------------------------------------------------------
class ReviewBanner(QFrame):
    """The strip above the timeline: its text and the two buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review-banner")
        theme.style(
            self,
            "#review-banner {{ background:{info_bg}; border-bottom:1px solid {info_border}; }}"
            "#review-banner QLabel {{ color:{info_text}; }}"
            "#review-banner QPushButton {{ color:{info_link}; background:transparent; border:none;"
            " padding:2px 6px; font-weight:bold; }}"
            "#review-banner QPushButton:hover {{ text-decoration:underline; }}"
            "#review-banner QPushButton#not-now {{ color:{info_muted}; font-weight:normal; }}",
        )
        self.label = rich_label()  # the sprint's name in it is escaped
        self.review_button = QPushButton("Review it…")
        self.review_button.setObjectName("review-it")
        self.later_button = QPushButton("Not now")
        self.later_button.setObjectName("not-now")
        self.later_button.setToolTip("Hide this for this sprint; Sprints > Review still has it")
        dot = plain_label("·")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 4, 10, 4)
        lay.setSpacing(4)
        lay.addWidget(self.label)
        lay.addWidget(self.review_button)
        lay.addWidget(dot)
        lay.addWidget(self.later_button)
        lay.addStretch(1)
        self.hide()


# -- the feature --------------------------------------------------------------------------
class ReviewFeature(QObject):
    """The Sprints menu, the strip, and the one review dialog open at a time."""

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]  # the window is a QMainWindow
        self.window = window
        self.dialog: ReviewDialog | None = None  # the one open now, if any
        self.offered: SprintSpan | None = None  # what the strip offers now
        self.menu = window.menu("&Sprints")
        self.banner = ReviewBanner()
        self.banner.review_button.clicked.connect(self._review_offered)
        self.banner.later_button.clicked.connect(self.not_now)
        window.add_banner(self.banner)
        window.session_changed.connect(self._on_session)
        window.changes_applied.connect(self._on_changes)
        self._on_session(window.session)

    # -- what is offered ------------------------------------------------------------------
    def refresh(self) -> None:
        """Rebuild the menu and the strip from the roadmap as it is now."""
        session = self.window.session
        reviewed = self._reviewed(session)
        self._fill_menu(session, reviewed)
        offer = None
        if session is not None and not session.read_only:
            offer = sprint_to_review(session.plan, self.window.today, reviewed, self._dismissed())
        self.offered = offer
        if offer is not None:
            when = day_text(offer.finish, self.window.today)
            name = html.escape(one_line(offer.name))
            self.banner.label.setText(f"<b>{name}</b> ended on {when} —")
        self.banner.setVisible(offer is not None)

    def _reviewed(self, session: PlanSession | None) -> set[str]:
        if session is None:
            return set()
        try:
            names = [b.name for b in session.baselines()]
        except PlannerError as e:
            self.window.statusBar().showMessage(str(e), 8000)
            return set()
        return {n.removesuffix(REVIEWED) for n in names if n.endswith(REVIEWED)}

    def _fill_menu(self, session: PlanSession | None, reviewed: set[str]) -> None:
        self.menu.clear()
        spans = started(session.plan, self.window.today) if session is not None else []
        for span in spans:
            done = " (reviewed)" if span.name in reviewed else ""
            text = f"Review {_menu_text(span.name)}{done}…"
            act = QAction(text, self.menu)
            act.setData(span.name)
            act.setStatusTip("Planned, done, late and added per team; decide and adapt the plan")
            act.triggered.connect(lambda _=False, n=span.name: self.open_review(n))
            self.menu.addAction(act)
        if not spans:
            none = self.menu.addAction("No sprint has started yet")
            none.setEnabled(False)

    def review_actions(self) -> list[QAction]:
        """The menu's "Review <sprint>…" actions, newest sprint first."""
        return [a for a in self.menu.actions() if a.data() is not None]

    # -- the dismissals, per roadmap --------------------------------------------------------
    def _qsettings(self) -> QSettings:
        return QSettings(str(config_dir() / "review.ini"), QSettings.Format.IniFormat)

    def _key(self) -> str | None:
        session = self.window.session
        return f"not-now/{session.uid}" if session is not None else None

    def _dismissed(self) -> set[str]:
        key = self._key()
        if key is None:
            return set()
        value = self._qsettings().value(key)
        return {str(value)} if value else set()

    def not_now(self) -> None:
        """Hide the strip for the sprint it offers, on this roadmap, from now on."""
        key = self._key()
        if self.offered is not None and key is not None:
            qs = self._qsettings()
            qs.setValue(key, self.offered.name)
            qs.sync()
        self.offered = None
        self.banner.hide()

    # -- the dialog ---------------------------------------------------------------------------
    def _review_offered(self) -> None:
        if self.offered is not None:
            self.open_review(self.offered.name)

    def open_review(self, sprint: str) -> None:
        """Show the review dialog of ``sprint`` (the one open already, if it is that)."""
        from planner.gui.review_dialog import ReviewDialog

        session = self.window.session
        if session is None:
            return
        if self.dialog is not None:
            if self.dialog.sprint == sprint:
                self.dialog.raise_()
                self.dialog.activateWindow()
                return
            self.dialog.close()
        try:
            dialog = ReviewDialog(session, sprint, self.window.today, self._parent())
        except PlannerError as e:
            self.window.show_error(str(e))
            return
        dialog.applied.connect(self.window.changes_done)
        dialog.finished.connect(lambda _r, d=dialog: self._closed(d))
        self.dialog = dialog
        dialog.show()

    def _closed(self, dialog: ReviewDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    # -- following the window -----------------------------------------------------------------
    def _on_session(self, _session: PlanSession | None) -> None:
        if self.dialog is not None:
            self.dialog.close()  # it reviews the roadmap that was open
        self.refresh()

    def _on_changes(self, changes: Changes) -> None:
        self.refresh()
        if self.dialog is not None and changes is not self.dialog.last_applied:
            self.dialog.reload()  # an edit, undo or redo from the window

    def _parent(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None
