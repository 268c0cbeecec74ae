"""Negotiated deadlines in the window (DESIGN.md, 'Team-driven deadlines').

``install(window)`` adds:

- the Deadlines tab beside Timeline and Table (planner/gui/deadlines_view.py) and View >
  Deadlines (Ctrl+Shift+E when free) to show it; it follows the window's changes, its
  selection and, when View > Show forecast is on, the forecast shown (its P80 judges
  "at risk");
- Edit > Stakeholders… beside Teams… (planner/gui/stakeholders_dialog.py), applied as
  one ``SetStakeholders`` edit;
- the tooltips of the timeline's deadline marks (planner/gui/timeline_items.py draws
  them): over the solid deadline, the hollow target or the dashed commitment, which is
  which, who asked, the notes and how the schedule stands to the target. Like the
  forecast's, they are written when asked for, from the scene's help events, and only
  over a mark, so a forecast range or chance beside one keeps its own tooltip.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QGraphicsSceneHelpEvent, QMenu, QTabWidget, QWidget

from planner.app.deadlines import ForecastLookup
from planner.app.session import PlanSession
from planner.domain.edits import SetStakeholders
from planner.domain.model import Item, Plan
from planner.domain.text import one_line, shorten
from planner.gui.day_format import day_text
from planner.gui.deadlines_view import DeadlinesView, gap_text
from planner.gui.forecast_feature import ForecastFeature
from planner.gui.host import WindowHost
from planner.gui.plain_text import tip
from planner.gui.stakeholders_dialog import StakeholdersDialog
from planner.gui.timeline_items import MARK_HIT, DeadlineMark, ItemGlyph
from planner.gui.timeline_scene import TimelineScene
from planner.gui.timeline_view import TimelineView

__all__ = ["DeadlineMarkTips", "DeadlinesFeature", "install", "mark_tip"]

SHORTCUTS = ("Ctrl+Shift+E",)


def install(window: WindowHost) -> None:
    window.deadlines_feature = DeadlinesFeature(window)  # type: ignore[attr-defined]


def _name(plan: Plan, who: str) -> str:
    return shorten(one_line(plan.team_name(who)), 40)


def _note(text: str) -> str:
    note = shorten(one_line(text).strip(), 200)
    return f": {note}" if note else ""


def mark_tip(
    plan: Plan, item: Item, finish: date, gap: int | None, shown: DeadlineMark, today: date
) -> str:
    """The tooltip of one of an item's deadline marks (plain text: the caller escapes
    it): the mark under the mouse first, then the item's other negotiated dates, each
    named with its mark, and where the scheduled finish stands."""
    lines: dict[DeadlineMark, str] = {}
    if item.deadline is not None:
        if item.agreed == item.deadline:
            last = next((s for s in reversed(item.negotiation) if s.kind == "agreed"), None)
            with_whom = f", agreed with {_name(plan, last.by)}" if last and last.by else ""
            note = _note(last.note) if last else ""
            lines["deadline"] = (f"Agreed date (solid mark): {day_text(item.deadline, today)}, its "
                                 f"deadline{with_whom}{note}")  # fmt: skip
        else:
            lines["deadline"] = f"Deadline (solid mark): {day_text(item.deadline, today)}"
    if item.target is not None:
        lines["target"] = (f"Target (hollow mark): {day_text(item.target.date, today)}, asked by "
                           f"{_name(plan, item.target.by)}{_note(item.target.note)}")  # fmt: skip
    if item.commitment is not None:
        team = f" by {_name(plan, item.team)}" if item.team else ""
        lines["commitment"] = (f"Commitment (dashed mark): {day_text(item.commitment.date, today)}"
                               f"{team}{_note(item.commitment.note)}")  # fmt: skip
    order = [shown, *(k for k in lines if k != shown)]
    out = [shorten(one_line(item.label), 80), *(lines[k] for k in order if k in lines)]
    finish_line = f"Scheduled to finish {day_text(finish, today)}"
    if gap is not None:
        finish_line += f" ({gap_text(gap).lower()})"
    return "\n".join([*out, finish_line])


class DeadlineMarkTips(QObject):
    """Gives a glyph the tooltip of the deadline mark under the mouse, and none
    elsewhere (the scene then looks further down, at a forecast's range)."""

    def __init__(self, scene: TimelineScene) -> None:
        super().__init__(scene)
        self.scene = scene
        self._tipped: str | None = None  # the glyph given a tooltip last, by item id
        scene.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QGraphicsSceneHelpEvent):
            self.tip_at(event.scenePos().x(), event.scenePos().y())
        return False

    def tip_at(self, x: float, y: float) -> str:
        """Set the tooltip for a scene point; returns it ('' when no mark is there)."""
        scene, session = self.scene, self.scene.session
        old = scene.glyphs.get(self._tipped or "")
        if old is not None:
            old.setToolTip("")
        self._tipped = None
        if session is None:
            return ""
        area = QRectF(x - MARK_HIT, y - 1, 2 * MARK_HIT, 2)
        for g in scene.items(area):
            if not isinstance(g, ItemGlyph):
                continue
            kind = g.mark_at(QPointF(x, y))
            if kind is None or not session.plan.has_item(g.item_id):
                continue
            text = tip(_tip_for(session, g.item_id, kind, scene.today))
            g.setToolTip(text)
            self._tipped = g.item_id
            return text
        return ""


def _tip_for(session: PlanSession, item_id: str, kind: DeadlineMark, today: date) -> str:
    plan, sched = session.plan, session.schedule
    item = plan.item(item_id)
    gap = None
    if item.target is not None:
        gap = sched.points(item_id)[1] - sched.calendar.end_point(item.target.date)
    return mark_tip(plan, item, sched.dates(item_id)[1], gap, kind, today)


def _insert_after(menu: QMenu, text: str, action: QAction) -> None:
    """Put ``action`` right after the menu's action titled ``text`` (else at its end)."""
    actions = menu.actions()
    for k, a in enumerate(actions):
        if a.text().replace("&", "") == text:
            if k + 1 < len(actions):
                menu.insertAction(actions[k + 1], action)
                return
            break
    menu.addAction(action)


def _timeline_tabs(window: WindowHost) -> QTabWidget | None:
    """The window's tabs that hold the timeline."""
    for tabs in window.findChildren(QTabWidget):
        if any(isinstance(tabs.widget(k), TimelineView) for k in range(tabs.count())):
            return tabs
    return None


class DeadlinesFeature(QObject):
    """The Deadlines tab, Edit > Stakeholders… and the timeline marks' tooltips."""

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]  # the window is a QMainWindow
        self.window = window
        self.dialog: StakeholdersDialog | None = None  # the one open, if any
        self.view = DeadlinesView(window, self.forecast)
        self.tabs = _timeline_tabs(window)
        if self.tabs is not None:
            self.tabs.addTab(self.view, "Deadlines")
        else:  # a window without the tabs: the view in a dock of its own
            dock = QDockWidget("Deadlines")
            dock.setWidget(self.view)
            window.add_dock(dock)

        self.show_action = QAction("&Deadlines", self)
        self.show_action.setObjectName("show_deadlines")
        self.show_action.setStatusTip("Targets, commitments and agreed dates, and their status")
        taken = {k.toString() for a in window.findChildren(QAction) for k in a.shortcuts()}
        free = next((k for k in SHORTCUTS if k not in taken), None)
        if free:
            self.show_action.setShortcut(QKeySequence(free))
        self.show_action.triggered.connect(self.show_view)
        _insert_after(window.menu("&View"), "Item table", self.show_action)

        self.stakeholders_action = QAction("Sta&keholders…", self)
        self.stakeholders_action.setObjectName("stakeholders")
        self.stakeholders_action.setStatusTip(
            "The departments that ask for dates and watch items: names, ids and contacts"
        )
        self.stakeholders_action.triggered.connect(self.edit_stakeholders)
        _insert_after(window.menu("&Edit"), "Teams…", self.stakeholders_action)

        self.tips = [DeadlineMarkTips(scene) for scene in window.findChildren(TimelineScene)]
        window.changes_applied.connect(self.view.on_changes)
        window.session_changed.connect(self._on_session)
        window.item_selected.connect(self.view.select_item)
        forecast = self._forecast_feature()
        if forecast is not None:
            forecast.runner.finished.connect(lambda _result: self.view.refresh_soon())
            forecast.action.toggled.connect(lambda _on: self.view.refresh_soon())
        self._on_session(window.session)

    def _forecast_feature(self) -> ForecastFeature | None:
        feature = getattr(self.window, "forecast_feature", None)
        return feature if isinstance(feature, ForecastFeature) else None

    def forecast(self) -> ForecastLookup | None:
        """The forecast the window shows (View > Show forecast), else None."""
        feature = self._forecast_feature()
        return feature.shown if feature is not None and feature.enabled else None

    def show_view(self) -> None:
        if self.tabs is not None:
            self.tabs.setCurrentWidget(self.view)

    def _on_session(self, session: PlanSession | None) -> None:
        self.stakeholders_action.setEnabled(session is not None and not session.read_only)
        self.view.refresh_soon()

    def edit_stakeholders(self) -> StakeholdersDialog | None:
        """Open the Stakeholders dialog; once accepted, what changed is one edit."""
        session = self.window.session
        if session is None or session.read_only:
            return None
        parent: QWidget = self.view.window()
        dlg = StakeholdersDialog(session.plan, parent)
        dlg.accepted.connect(lambda: self._apply(dlg))
        dlg.finished.connect(lambda _r: setattr(self, "dialog", None))
        dlg.finished.connect(dlg.deleteLater)
        self.dialog = dlg
        dlg.open()
        return dlg

    def _apply(self, dlg: StakeholdersDialog) -> None:
        session = self.window.session
        if session is None:
            return
        new = dlg.stakeholders()
        if new != session.plan.stakeholders:
            self.window.apply_edit(SetStakeholders(new))
