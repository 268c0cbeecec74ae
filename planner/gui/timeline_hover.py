"""Hover cards on the timeline: what a bar or a diamond stands for, when the mouse rests
on it.

``HoverCards(view)`` watches the view's viewport for tooltip events. Over a glyph (and
not over one of its deadline marks, which have tooltips of their own) it shows a card:
the title, the team, start → finish and how many working days, the slack, the driver
(what fixes its start, in words, with the driving item's title), the deadline and how
late it is or how much room it leaves, the progress, and whether it is locked. The card
is built from the session when it is asked for (``card_text``), so nothing is stored
per glyph and a 10 000-item plan costs no more than a small one. Everything quoted from
the roadmap is escaped.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QEvent, QObject, QPointF
from PySide6.QtWidgets import QToolTip

from planner.domain.model import Plan
from planner.domain.text import one_line, shorten
from planner.gui.day_format import day_text, span_text, working_days
from planner.scheduling.schedule import Schedule

__all__ = ["HoverCards", "card_lines", "card_text", "driver_text"]


def _days(n: int) -> str:
    return working_days(n)


def _title(plan: Plan, item_id: str) -> str:
    return shorten(one_line(plan.item(item_id).label), 80) if plan.has_item(item_id) else item_id


def driver_text(plan: Plan, sched: Schedule, item_id: str, today: date) -> str:
    """What fixes the item's start, in words: 'starts 2 working days after Payments API
    finishes (FS, lag 2)', 'its own planned date', 'locked on a fixed date', ..."""
    drv = sched.driver(item_id)
    if drv.kind == "planned":
        return "its own planned date"
    if drv.kind == "locked":
        return "locked on a fixed date"
    if drv.kind == "done":
        return "done: it sits on its actual dates"
    if drv.kind == "started":
        return f"in progress since {day_text(sched.dates(item_id)[0], today)}"
    kind, lag = drv.type or "FS", drv.lag
    verb = "starts" if kind in ("FS", "SS") else "finishes"
    event = "finishes" if kind in ("FS", "FF") else "starts"
    when = "when" if lag == 0 else f"{_days(abs(lag))} {'after' if lag > 0 else 'before'}"
    lag_note = f", lag {lag}" if lag else ""
    return f"{verb} {when} {_title(plan, drv.pred or '')} {event} ({kind}{lag_note})"


def card_lines(plan: Plan, sched: Schedule, item_id: str, today: date) -> list[str]:
    """The card as plain lines, title first (``card_text`` escapes and lays them out)."""
    it = plan.item(item_id)
    first, last = sched.dates(item_id)
    s, f = sched.points(item_id)
    kind = "Milestone" if it.is_milestone else "Task"
    lines = [_title(plan, item_id), f"{kind} · {one_line(plan.team_name(it.team))}"]
    if it.is_milestone:
        lines.append(f"On {day_text(last, today)}")
    else:
        lines.append(f"{span_text(first, last, today)} ({_days(f - s)})")
    if not it.done:
        slack = int(sched.total_slack[sched.pos(item_id)])
        room = (
            _days(slack) if slack > 0
            else "none, it is critical" if slack == 0
            else f"{_days(slack)}, it is critical"
        )  # fmt: skip
        lines.append(f"Slack: {room}")
    lines.append(f"Driver: {driver_text(plan, sched, item_id, today)}")
    if it.deadline is not None:
        late = f - sched.calendar.end_point(it.deadline)
        state = (
            f"late by {_days(late)}"
            if late > 0
            else f"{_days(-late)} of room"
            if late < 0
            else "met, no room to spare"
        )
        lines.append(f"Deadline {day_text(it.deadline, today)}: {state}")
    if it.done:
        lines.append("Progress: done")
    elif it.progress or it.in_progress:
        lines.append(f"Progress: {it.progress}%")
    if it.locked:
        lines.append("Locked: a fixed date, it never moves")
    return lines


def card_text(plan: Plan, sched: Schedule, item_id: str, today: date) -> str:
    """The card as the rich text of a tooltip: the title in bold, every line escaped and
    kept whole (a tooltip would wrap "(10 working days)" onto a line of its own)."""
    title, *rest = card_lines(plan, sched, item_id, today)
    body = "<br>".join(f"<nobr>{html.escape(line, quote=False)}</nobr>" for line in rest)
    return f"<qt><b>{html.escape(title, quote=False)}</b><br>{body}</qt>"


class HoverCards(QObject):
    """Shows the card of the glyph under the mouse on the view's tooltip events."""

    def __init__(self, view) -> None:
        super().__init__(view)
        self.view = view
        self.shown_for: str | None = None  # the item whose card was shown last
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ToolTip:
            return False
        return self.show_card(event)

    def show_card(self, event) -> bool:
        """Show the card for the help event's point; False (the scene's own tooltips,
        e.g. a deadline mark's) when no glyph body is there."""
        view, scene = self.view, self.view.scene()
        session = scene.session
        self.shown_for = None
        if session is None or view.drag.active:
            return False
        pos = QPointF(view.mapToScene(event.pos()))
        glyph, _zone = scene.glyph_at(pos)
        if glyph is None or glyph.mark_at(pos) is not None:
            return False
        if not session.plan.has_item(glyph.item_id):
            return False
        text = card_text(session.plan, session.schedule, glyph.item_id, scene.today)
        area = view.mapFromScene(glyph.sceneBoundingRect()).boundingRect()
        QToolTip.showText(event.globalPos(), text, view.viewport(), area)
        self.shown_for = glyph.item_id
        return True
