"""The timeline scene: lanes, sprint bands, item glyphs, arrows and drag ghosts.

The scene mirrors one session. ``rebuild`` makes every glyph from the plan and its
schedule (after a structural change); ``apply_changes`` touches only the items a
``Changes`` record names, plus those whose critical/late flags flipped. Lanes, sprint
bands and weekends are painted in ``drawBackground`` (no items; the view caches it and
``_background_changed`` tells it when to paint it again), and all dependency
arrows by one ``ArrowLayer``, so they cost nothing per item or per link.
``show_preview`` places pooled ghost glyphs for a drag and marks the locked items it
would push past their fixed date. ``set_baseline`` draws a baseline ghost under every
item whose dates differ from the chosen baseline's, and keeps them in step with edits.
``forecast`` (timeline_forecast.py) draws the forecast's ranges; it is told of rebuilds
and zooms. Items share the rows of their lane where their spans (bar to label end, kept
per item; with the forecast shown, to the end of its range and chance) leave room:
packed on a rebuild or zoom, for the lanes an edit touched after it (never during a
drag), and for those a new forecast widened or narrowed (``forecast_changed``);
``set_collapsed`` folds lanes into one thin row. Item rows are ``rows.h`` tall
(``set_row_height``; ``set_ppd`` can set it, or fit it to a height, in the same relayout
as the zoom): a new height moves the rows, it does not pack them again, and every
glyph, ghost, arrow and forecast mark follows.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QTimer, Signal
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsScene

from planner.app.changes import ChangeKind
from planner.app.linking import link_summary
from planner.domain.text import quoted
from planner.gui.day_format import span_text
from planner.gui.plain_text import tip
from planner.gui.progress_values import finish_shift, finished_late, overdue, shift_text
from planner.gui.theme import color
from planner.gui.timeline_arrows import ArrowLayer
from planner.gui.timeline_edges import OutOfView
from planner.gui.timeline_forecast import ForecastLayer, chance_dx
from planner.gui.timeline_items import (
    BaselineGhost,
    GhostGlyph,
    ItemGlyph,
    label_dx,
    label_width,
    reach,
    reaches,
)
from planner.gui.timeline_layout import (
    HEADER_H,
    LANE_HEAD_H,
    ZOOM_PRESETS,
    LaneLayout,
    RowMemory,
    RowMetrics,
    TimeScale,
    build_lanes,
    fit_row_height,
    origin_for,
    plan_span,
    repack_lane,
    restack,
    snap_row_height,
)
from planner.gui.timeline_selection import GlyphSelection

# live colours of planner/gui/theme.py: recoloured in place for the dark scheme
WEEKEND, SPRINT_TINT, GRID = color("weekend"), color("sprint_tint"), color("grid")
MONTH_GRID, CANVAS, LANE_LINE = color("month_grid"), color("canvas"), color("lane_line")


class TimelineScene(QGraphicsScene):
    """Glyphs for one session's plan; redraws from change records."""

    # A plan of more than EAGER items gets its glyphs in slices: the FIRST rows at once,
    # then about SLICE_MS of glyphs (BATCH at a time) per turn of the event loop.
    EAGER, FIRST, SLICE_MS, BATCH = 20000, 600, 25, 50
    build_progressed = Signal(int, int)  # glyphs made, of how many; (0, 0): all made
    row_height_changed = Signal(float)  # the item rows' new height
    lanes_folded = Signal()  # lanes were collapsed or expanded (set_collapsed)

    def __init__(self, today: date, ppd: float = ZOOM_PRESETS["months"], parent=None) -> None:
        super().__init__(parent)
        self.today = today
        self.session = None
        self.scale = TimeScale(origin_for(today), ppd)
        self.rows = RowMetrics()  # the item rows' height and what sits where in them
        self.lanes = LaneLayout([], {}, HEADER_H)
        self.row_memory = RowMemory()  # rows hold still across edits, undo and zoom
        self.glyphs: dict[str, ItemGlyph] = {}
        self.arrows = ArrowLayer()
        self.show_dependencies = True
        self.span = (today, today)
        self._critical = np.zeros(0, dtype=bool)  # per item, as drawn: critical, not done
        self._done = np.zeros(0, dtype=bool)  # per item: done
        self._deadlines: dict[str, date] = {}  # item id -> its deadline (for the span)
        self._late_of: tuple[object, frozenset[str]] = (None, frozenset())
        self._shape: dict[str, tuple[str | None, bool]] = {}
        self._reach = 0.0  # how far right the labels reach
        self._ghosts: list[GhostGlyph] = []
        self._ghosts_used = 0
        self._warned: list[ItemGlyph] = []
        self.baseline_name: str | None = None
        self.baseline: dict[str, tuple[date, date]] | None = None  # item -> (first, last)
        self.baseline_ghosts: dict[str, BaselineGhost] = {}
        self.forecast = ForecastLayer(self)  # what View > Show forecast draws
        self.out_of_view = OutOfView()  # the preview's ghosts, for the edge markers
        self.selection = GlyphSelection(self)  # the selected items (timeline_selection.py)
        self.selected_link: tuple[str, str] | None = None  # (pred, succ), drawn highlighted
        self._building = 0  # which rebuild the pending glyph slices belong to
        self._colors: dict[str | None, str] = {}  # lane (team) -> its colour
        self._spans: list[tuple[float, float]] = []  # per item: the x it takes of its row
        # per item, what the forecast's marks take at this zoom (_forecast_room): the x
        # its range's box starts and ends at (inf, -inf: none) and its chance's width
        self._fc_lo = self._fc_hi = self._fc_w = np.zeros(0)
        self._rows_held = False  # a drag is under way (hold_rows): no lane is packed again
        self._forecast_waiting = False  # ... and a new forecast waits for it to end
        self._labels: list[str] | None = None  # while building: each item's label
        self._label_ws: list[float] = []  # and its width
        self.collapsed: frozenset[str] = frozenset()  # lanes shown as one row (team keys)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.addItem(self.arrows)

    # -- building -------------------------------------------------------------------
    def set_session(self, session, ppd: float | None = None) -> None:
        """Show ``session`` (at ``ppd`` pixels per day if given)."""
        self.session = session
        if ppd is not None:
            self.scale = TimeScale(self.scale.origin, ppd)
        self.rebuild()

    def rebuild(self) -> None:
        self._ghosts, self._ghosts_used, self._warned = [], 0, []
        self.out_of_view.set([], {})
        self._background_changed()
        self.clear()
        self.glyphs, self.baseline_ghosts = {}, {}
        self.forecast.forget()
        session = self.session
        n = len(session.plan.items) if session is not None else 0
        self.arrows = ArrowLayer(n, self.rows.h)
        self.arrows.setVisible(self.show_dependencies)
        self.addItem(self.arrows)
        if session is None:
            return
        plan, sched = session.plan, session.schedule
        self._deadlines = {it.id: it.deadline for it in plan.items if it.deadline is not None}
        self.span = plan_span(plan, sched, self.today, self._deadlines.values())
        self.scale = TimeScale(origin_for(self.span[0]), self.scale.ppd)
        self._forecast_room()
        self._measure()
        # a rebuild (an item added or removed, a lane renamed) keeps the rows items had
        self.lanes = build_lanes(plan.teams, plan.items, self._spans, self.collapsed,
                                 self.lanes, {t.id for t in plan.teams} | {None},
                                 memory=self.row_memory, row_h=self.rows.h)  # fmt: skip
        color_of = {lane.team: lane.color for lane in self.lanes.lanes}
        self._critical = self._critical_flags()
        self._shape = {it.id: (it.team, it.is_milestone) for it in plan.items}
        self._colors = color_of
        self._building += 1
        if len(plan.items) <= self.EAGER:
            self._make_glyphs(range(len(plan.items)))
            self._finish_build()
            return
        # A big plan: the rows at the top (what the window shows first) now, the rest in
        # slices from the event loop, the window usable meanwhile (``build_progressed``).
        row_y = self.lanes.row_y
        order = sorted(range(len(plan.items)), key=lambda i: row_y[plan.items[i].id])
        self._make_glyphs(order[: self.FIRST])
        self._update_rect(list(self.glyphs.values()))
        self.build_progressed.emit(len(self.glyphs), len(order))
        QTimer.singleShot(0, lambda k=self._building, rest=order[self.FIRST :]: self._more(k, rest))

    def _make_glyphs(self, indices) -> None:
        """The glyphs of the plan's items at ``indices``, styled and placed."""
        plan, glyphs, add, color_of = self.session.plan, self.glyphs, self.addItem, self._colors
        shut = {lane.team for lane in self.lanes.lanes if lane.collapsed}  # a few teams
        labels, widths = self._labels, self._label_ws
        for i in indices:
            it = plan.items[i]
            g = ItemGlyph(it.id, it.is_milestone, color_of.get(it.team, "#8C8C8C"), i, self.arrows)
            if labels is not None:  # measured for the packing: not measured again
                self._style(g, it, i, labels[i], widths[i])
            else:
                self._style(g, it, i)
            self._place(g, i, arrows=False)
            if shut and (it.team if it.team in color_of else None) in shut:  # its lane's
                g.set_collapsed(True)
            add(g)
            glyphs[it.id] = g
            self.selection.mark(g)  # selected before its glyph was made

    def _more(self, build: int, rest: list[int]) -> None:
        """Make glyphs from ``rest`` for about SLICE_MS, then let the event loop run."""
        if build != self._building or self.session is None:
            return  # rebuilt meanwhile: that build has its own slices
        end, k, batch = time.perf_counter() + self.SLICE_MS / 1000, 0, self.BATCH
        while k < len(rest):
            self._make_glyphs(rest[k : k + batch])
            k += batch
            if time.perf_counter() >= end:
                break
        if k < len(rest):
            self.build_progressed.emit(len(self.glyphs), len(self.glyphs) + len(rest) - k)
            QTimer.singleShot(0, lambda: self._more(build, rest[k:]))
            return
        self._finish_build()
        self.update()

    def _finish_build(self) -> None:
        """Every glyph is made: route the arrows, the baseline, the forecast, the rect."""
        self._labels = None
        plan = self.session.plan
        glyphs, index, deps = self.glyphs, plan.item_index, plan.dependencies
        pred = np.fromiter((index[d.pred] for d in deps), np.intp, len(deps))
        succ = np.fromiter((index[d.succ] for d in deps), np.intp, len(deps))
        self.arrows.set_edges(pred, succ, [d.type for d in deps])
        self._fold_arrows()
        self._set_strong()
        self.select_link(self.selected_link)
        self.selection.after_build()
        self._sync_baseline(glyphs)
        self.forecast.after_rebuild()
        self._update_rect()
        self.build_progressed.emit(0, 0)

    def _critical_flags(self, edited=None) -> np.ndarray:
        """Critical and not done, per item; the done flags are read again only for the
        ``edited`` item ids when given (the same items in the same places), else all."""
        sched, items = self.session.schedule, self.session.plan.items
        if edited is None or len(self._done) != len(items):
            self._done = np.fromiter((it.done for it in items), bool, len(items))
        else:
            index = self.session.plan.item_index
            for item_id in edited:
                i = index[item_id]
                self._done[i] = items[i].done
        return (sched.total_slack <= 0) & ~self._done

    def _set_strong(self) -> None:
        if len(self._critical) == len(self.arrows.sx):
            self.arrows.set_strong(self._critical)

    def _measure(self) -> None:
        """Every item's label and the room it takes of its row at this zoom (before its
        glyph is made: the lanes are packed from these)."""
        items = self.session.plan.items
        self._labels = [self._label(it) for it in items]
        self._label_ws = [label_width(text) for text in self._labels]
        self._spans = self._spans_for(self._label_ws)

    def _spans_for(self, widths: list[float]) -> list[tuple[float, float]]:
        """Every item's room in its row at this zoom, its label ``widths[i]`` wide: what
        _span gives one by one, in numpy steps (a 100k plan: ~0.9 s less on the GUI
        thread while its window is built or zoomed); items with marks by _span itself."""
        items = self.session.plan.items
        x0, x1 = self._span_xs()
        milestone = np.fromiter((it.is_milestone for it in items), bool, len(items))
        left, right = reaches(milestone, np.maximum(x1 - x0, 2.0), np.asarray(widths))
        lo, hi = x0 + left, x0 + right
        if len(self._fc_lo) == len(items):  # the forecast's ranges (chances: by _span)
            lo, hi = np.minimum(lo, self._fc_lo), np.maximum(hi, self._fc_hi)
        spans = list(zip(lo.tolist(), hi.tolist(), strict=True))
        for i, it in enumerate(items):
            if it.deadline is not None or it.target is not None or it.commitment is not None:
                spans[i] = self._span(i, widths[i])
        return spans

    def items_reach(self):
        """Where the plan's items would reach at a zoom: a function of pixels per day to
        scene x (the left edge of the first bar, diamond or deadline mark, the right end
        of the last label or mark); None without items. What Fit all fits, today left
        out. Measured once, so each zoom tried costs a few numpy steps."""
        if self.session is None or not self.session.plan.items:
            return None
        items, sc = self.session.plan.items, self.scale
        building = self._labels is not None  # a big plan's glyphs still being made
        widths = self._label_ws if building else [self.glyphs[it.id].label_w for it in items]
        x0, x1 = (x / sc.ppd for x in self._span_xs())  # in days from the origin
        milestone = np.fromiter((it.is_milestone for it in items), bool, len(items))
        label_w = np.asarray(widths)
        marks = [d.toordinal() - sc.origin_ord + 1 for it in items  # the end of their day
                 for d in (it.deadline, it.target and it.target.date,
                           it.commitment and it.commitment.date) if d is not None]  # fmt: skip
        first, last = (min(marks), max(marks)) if marks else (np.inf, -np.inf)

        def reach(ppd: float) -> tuple[float, float]:
            left, right = reaches(milestone, np.maximum((x1 - x0) * ppd, 2.0), label_w)
            lo, hi = float((x0 * ppd + left).min()), float((x0 * ppd + right).max())
            return min(lo, first * ppd - 6), max(hi, last * ppd + 6)

        return reach

    def _span_xs(self):
        """``span_x`` of every item, as two numpy arrays."""
        sched, cal, sc = self.session.schedule, self.session.calendar, self.scale
        start, finish = np.asarray(sched.start), np.asarray(sched.finish)
        point = start == finish  # a milestone: at the end of its day
        first = cal.ordinals_of(np.where(point, start - 1, start).tolist())
        last = cal.ordinals_of(np.where(point, start - 1, finish - 1).tolist())
        x0 = (np.asarray(first, dtype=np.int64) - sc.origin_ord) * sc.ppd
        x0 = np.where(point, x0 + sc.ppd, x0)
        x1 = (np.asarray(last, dtype=np.int64) - sc.origin_ord) * sc.ppd + sc.ppd
        return x0, x1

    def _span(self, i: int, label_w: float) -> tuple[float, float]:
        """Item i's room in its row (``ItemGlyph.span`` before it has a glyph)."""
        sched, it = self.session.schedule, self.session.plan.items[i]
        x0, x1 = self.span_x(int(sched.start[i]), int(sched.finish[i]))
        marks = (it.deadline, it.target.date if it.target is not None else None,
                 it.commitment.date if it.commitment is not None else None)  # fmt: skip
        dxs = [None if (x := self.deadline_x(d)) is None else x - x0 for d in marks]
        width = max(x1 - x0, 2.0)
        left, right = reach(it.is_milestone, width, label_w, dxs)
        label_end = label_dx(it.is_milestone, width) + label_w + 4 if label_w else 0.0
        return self._with_forecast(i, x0 + left, x0 + right, x0, label_end, dxs[0])

    def _with_forecast(
        self, i: int, lo: float, hi: float, x0: float, label_end: float, deadline_dx
    ) -> tuple[float, float]:
        """Item i's room (lo, hi) taking in its forecast's marks: its range, and its
        chance beside its deadline marker (``deadline_dx`` from its x ``x0``, None: no
        deadline; ``label_end``: where its label ends, from x0, 0 without one)."""
        if i >= len(self._fc_lo):
            return lo, hi
        lo, hi = min(lo, float(self._fc_lo[i])), max(hi, float(self._fc_hi[i]))
        width = float(self._fc_w[i])
        if width and deadline_dx is not None:
            hi = max(hi, x0 + chance_dx(deadline_dx, label_end) + width)
        return lo, hi

    def _forecast_room(self) -> np.ndarray:
        """Take what the forecast's marks reach at this zoom, per item (from
        ForecastLayer.room); returns the plan positions whose room changed."""
        n = len(self.session.plan.items)
        lo, hi, width = np.full(n, np.inf), np.full(n, -np.inf), np.zeros(n)
        pos, range_lo, range_hi, chance_w = self.forecast.room()
        lo[pos], hi[pos], width[pos] = range_lo, range_hi, chance_w
        if len(self._fc_lo) == n:
            changed = (lo != self._fc_lo) | (hi != self._fc_hi) | (width != self._fc_w)
            changed = np.flatnonzero(changed)
        else:
            changed = np.arange(n)
        self._fc_lo, self._fc_hi, self._fc_w = lo, hi, width
        return changed

    def hold_rows(self, held: bool) -> None:
        """A drag begins (held) or ends: while it lasts no row moves under the mouse, so
        a forecast that arrives meanwhile takes its room when the drag ends."""
        self._rows_held = held
        if not held and self._forecast_waiting:
            self._forecast_waiting = False
            if self._forecast_repack() and self.forecast.result is not None:
                self.forecast.after_rescale()  # its marks were placed on the old rows

    def forecast_changed(self) -> None:
        """The forecast shown changed (``ForecastLayer.show``): the items whose marks now
        take more room or less get their spans again, and their lanes are packed again
        (rows kept where they still fit) — after the drag, when one is under way; the
        layer places its marks after this."""
        if self._rows_held:
            self._forecast_waiting = True
            return
        self._forecast_repack()

    def _forecast_repack(self) -> list[int]:
        """``forecast_changed``'s work; returns the plan positions of the items moved."""
        if self.session is None:
            return []
        changed = self._forecast_room()
        if not len(changed):
            return []
        items, glyphs = self.session.plan.items, self.glyphs
        dirty = set()
        for i in changed.tolist():
            it = items[i]
            g = glyphs.get(it.id)
            if g is not None:
                self._spans[i] = self._glyph_span(g, i)
            elif self._labels is not None:  # its glyph is still to be made
                self._spans[i] = self._span(i, self._label_ws[i])
            dirty.add(it.team)
        moved = self._relayout(dirty)
        if moved:
            self._sync_baseline(items[i].id for i in moved)
            self.arrows.refresh(self.arrows.edges_of(moved))
            self._update_rect([])
        return moved

    def _label(self, it) -> str:
        label = it.label
        if self._is_late(it.id):
            days = sum(v.days for v in self.session.schedule.violations_of(it.id))
            label += f"  (late {days}d)"
        elif overdue(it, self.today):
            label += "  (past its deadline)"
        return label

    def _style(
        self, g: ItemGlyph, it, i: int, label: str | None = None, width: float | None = None
    ) -> None:
        """Draw ``g`` as ``it`` is now; ``label`` (and its ``width``) when measured."""
        g.done, g.locked = it.done, it.locked
        g.critical = bool(self._critical[i]) if i < len(self._critical) else False
        g.late = self._is_late(it.id)
        g.progress = 0 if it.is_milestone else it.progress
        g.started = it.in_progress
        past_deadline = overdue(it, self.today)
        g.late_end = finished_late(it) or past_deadline or (it.in_progress and g.late)
        if label is None:
            label, width = self._label(it), None
        g.set_label(label, width)

    def span_x(self, start: int, finish: int) -> tuple[float, float]:
        """Scene x of points [start, finish): a task's first day's left edge to its last
        day's right edge; a milestone at the end of its day."""
        cal, sc = self.session.calendar, self.scale
        if start == finish:
            x = sc.x_of(cal.date_of(start - 1)) + sc.ppd
            return x, x
        return sc.x_of(cal.date_of(start)), sc.x_of(cal.date_of(finish - 1)) + sc.ppd

    def deadline_x(self, d: date | None) -> float | None:
        return None if d is None else self.scale.x_of(d) + self.scale.ppd

    def _place(self, g: ItemGlyph, i: int, arrows: bool = True) -> None:
        sched = self.session.schedule
        x0, x1 = self.span_x(int(sched.start[i]), int(sched.finish[i]))
        it = self.session.plan.items[i]
        target = self.deadline_x(it.target.date) if it.target is not None else None
        committed = self.deadline_x(it.commitment.date) if it.commitment is not None else None
        g.rows = self.rows
        g.set_geometry(x0, x1, self.lanes.row_y[it.id], self.deadline_x(it.deadline), arrows,
                       target, committed)  # fmt: skip
        if i < len(self._spans):
            self._spans[i] = self._glyph_span(g, i)

    def _glyph_span(self, g: ItemGlyph, i: int) -> tuple[float, float]:
        """Glyph ``g``'s room in its row (item i's), its forecast's marks taken in."""
        lo, hi = g.span()
        return self._with_forecast(i, lo, hi, g.x0, g.label_end(), g.deadline_dx)

    def _relayout(self, dirty=None, move: bool = True) -> list[int]:
        """Pack the lanes again (only those of the teams in ``dirty`` when given) from
        the items' spans, and move the glyphs whose row changed (``move``; without it
        the caller places every glyph). Returns the plan positions of those that moved;
        their arrows are the caller's to refresh."""
        plan, old = self.session.plan, self.lanes
        if dirty and self._repack_in_place(dirty, move):
            return self._moved_in(dirty, move)
        # a zoom (dirty None) packs every lane afresh for the new widths (the memory
        # gives a zoom's rows back on the way back); an edit keeps rows where it can
        new = build_lanes(plan.teams, plan.items, self._spans, self.collapsed,
                          old if dirty is not None else None, dirty,
                          memory=self.row_memory, row_h=self.rows.h)  # fmt: skip
        self.lanes = new
        before = {lane.team: lane for lane in old.lanes}
        moved, index, glyphs = [], plan.item_index, self.glyphs
        for lane in new.lanes:
            was = before.get(lane.team)
            same = was is not None and was.top == lane.top and was.row_of is lane.row_of
            if same and was.collapsed == lane.collapsed:
                continue
            shape = (lane.top, lane.bottom, lane.collapsed)
            if was is None or (was.top, was.bottom, was.collapsed) != shape:
                self._background_changed()
            row_y = new.row_y
            for item_id in lane.item_ids:
                g = glyphs.get(item_id)
                if g is None:
                    continue
                g.set_collapsed(lane.collapsed)
                if move and g.y0 != row_y[item_id]:
                    g.move_y(row_y[item_id], arrows=False)
                    moved.append(index[item_id])
        if len(new.lanes) != len(old.lanes):
            self._background_changed()
        return moved

    def _repack_in_place(self, dirty, move: bool) -> bool:
        """The lanes of ``dirty`` packed again where each keeps its height (the usual
        drop: a few rows of one lane change, no lane moves); False if one would not."""
        index, spans, lanes = self.session.plan.item_index, self._spans, self.lanes
        for team in dirty:
            lane = lanes.lane_of(team)
            if lane is None:
                return False
            spans_of = [spans[index[i]] for i in lane.item_ids]
            if not repack_lane(lanes, lane, spans_of, self.row_memory):
                return False
        return True

    def _moved_in(self, dirty, move: bool) -> list[int]:
        """Move the glyphs of the lanes of ``dirty`` to their rows; their positions."""
        moved, index, glyphs = [], self.session.plan.item_index, self.glyphs
        row_y = self.lanes.row_y
        for team in dirty:
            for item_id in self.lanes.lane_of(team).item_ids:
                g = glyphs.get(item_id)
                if move and g is not None and g.y0 != row_y[item_id]:
                    g.move_y(row_y[item_id], arrows=False)
                    moved.append(index[item_id])
        return moved

    def set_collapsed(self, teams) -> None:
        """Show the lanes of ``teams`` (team keys, timeline_layout.team_key) as one thin
        row each, and every other lane in full."""
        teams = frozenset(teams)
        if teams == self.collapsed:
            return
        self.collapsed = teams
        if self.session is None:
            return
        if self._labels is not None:  # glyphs still being made: make them again
            self.rebuild()
        else:
            moved = self._relayout(dirty=())
            self.arrows.refresh(self.arrows.edges_of(moved))
            self._fold_arrows()
            self._after_rows_moved(moved)
            self._update_rect([])
        self.lanes_folded.emit()

    def _fold_arrows(self) -> None:
        """Tell the arrow layer which items sit in a collapsed lane (and which), so the
        links inside one are not drawn: both their ends are on its one thin row."""
        index = self.session.plan.item_index
        fold = np.full(len(index), -1, np.intp)
        for k, lane in enumerate(self.lanes.lanes):
            if lane.collapsed and lane.item_ids:
                fold[[index[i] for i in lane.item_ids]] = k
        self.arrows.set_folded(fold)

    def _after_rows_moved(self, moved) -> None:
        if moved:
            self._sync_baseline(self.session.plan.items[i].id for i in moved)
            if self.forecast.result is not None:
                self.forecast.after_rescale()

    def _update_rect(self, placed=None) -> None:
        """Fit the scene to the plan's span and the labels' reach: every glyph after a
        rebuild, only the ``placed`` ones after a change (the reach never shrinks
        then: a little spare room on the right is harmless, a scan of 10k glyphs per
        drop is not)."""
        first, last = self.span
        sc = self.scale
        left = sc.x_of(origin_for(first))
        right = sc.x_of(last + timedelta(days=45))
        glyphs = self.glyphs.values() if placed is None else placed
        reach = max((g.x0 + g._rect.right() + 40 for g in glyphs), default=right)
        self._reach = reach if placed is None else max(self._reach, reach)
        right = max(right, self._reach)
        self.setSceneRect(QRectF(left, 0, right - left, self.lanes.height))

    def make_room(self, dx: float) -> None:
        """Widen the scene ``dx`` pixels past its right end (negative: its left end), for
        a drag scrolled beyond the plan; ``fit_rect`` narrows it again."""
        r = self.sceneRect()
        left, right = min(r.left(), r.left() + dx), max(r.right(), r.right() + dx)
        self.setSceneRect(QRectF(left, r.top(), right - left, r.height()))

    def fit_rect(self) -> None:
        """Fit the scene to the plan again (after ``make_room``)."""
        if self.session is not None:
            self._update_rect([])

    # -- updating -----------------------------------------------------------------
    def _is_late(self, item_id: str) -> bool:
        sched = self.session.schedule
        if self._late_of[0] is not sched:
            self._late_of = (sched, frozenset(v.item for v in sched.violations))
        return item_id in self._late_of[1]

    def apply_changes(self, changes) -> None:
        """Redraw what a Changes record says changed: the items it edited or moved, the
        ones whose critical flag or deadline status flipped; everything when lanes, links,
        sprints, the calendar or an item's lane or shape changed."""
        if self.session is None or changes.structural:
            self.rebuild()
            return
        plan = self.session.plan
        for item_id in changes.items_edited:
            it = plan.item(item_id)
            if self._shape.get(item_id) != (it.team, it.is_milestone):
                self.rebuild()
                return
        ids = set(changes.items_edited) | set(changes.moved_ids) | changes.critical_flipped
        ids |= {v.item for v in (*changes.violations_added, *changes.violations_resolved)}
        if ChangeKind.CRITICAL in changes.kinds or ChangeKind.ITEMS in changes.kinds:
            self._critical = self._critical_flags(changes.items_edited)
        index = plan.item_index
        placed = []
        dirty = set()
        for item_id in ids:
            g = self.glyphs.get(item_id)
            i = index.get(item_id)
            if i is None:
                continue
            dirty.add(plan.items[i].team)
            if g is None:  # its glyph is still to be made (a big plan drawn in slices)
                if self._labels is not None:
                    self._labels[i] = self._label(plan.items[i])
                    self._label_ws[i] = label_width(self._labels[i])
                    self._spans[i] = self._span(i, self._label_ws[i])
                continue
            self._style(g, plan.items[i], i)
            self._place(g, i, arrows=False)
            g.update()
            placed.append(i)
        moved = self._relayout(dirty) if dirty else []
        self._sync_baseline(ids)
        self._after_rows_moved(moved)
        self.arrows.refresh(self.arrows.edges_of(placed + moved))
        self._set_strong()
        for item_id in changes.items_edited:
            if (deadline := plan.item(item_id).deadline) is not None:
                self._deadlines[item_id] = deadline
            else:
                self._deadlines.pop(item_id, None)
        if ids:
            self.span = plan_span(plan, self.session.schedule, self.today, self._deadlines.values())
            self._update_rect([self.glyphs[plan.items[i].id] for i in placed])
        elif moved:
            self._update_rect([])

    def set_ppd(
        self, ppd: float, row_h: float | None = None, fit_height: float | None = None
    ) -> None:
        """Change the zoom: every glyph is re-placed at the new day width. In the same
        relayout, rows ``row_h`` tall (snapped: ``snap_row_height``), or with
        ``fit_height`` the tallest rows at which every lane fits that many pixels
        (``fit_row_height``)."""
        self.clear_preview()
        self.scale = TimeScale(self.scale.origin, ppd)
        self._background_changed()
        was = self.rows.h
        if row_h is not None:
            self._set_rows(snap_row_height(row_h))
        if self.session is None:
            self._rows_changed(was)
            return
        glyphs = self.glyphs
        items = self.session.plan.items
        building = self._labels is not None  # a big plan's glyphs still being made
        widths = self._label_ws if building else [glyphs[it.id].label_w for it in items]
        self._forecast_room()
        self._spans = self._spans_for(widths)
        self._relayout(move=False)
        if fit_height is not None:
            h = fit_row_height(self.lanes.lanes, fit_height)
            if h != self.rows.h:
                self._set_rows(h)
                self.lanes = restack(self.lanes.lanes, h)  # packed for the zoom: kept
        for i, it in enumerate(items):
            if (g := glyphs.get(it.id)) is not None:  # the rest are made at this zoom
                self._place(g, i, arrows=False)
        self._sync_baseline(self.baseline_ghosts)
        self.forecast.after_rescale()
        self.arrows.refresh()
        self._update_rect()
        self.update()
        self._rows_changed(was)

    def set_row_height(self, h: float) -> None:
        """Item rows ``h`` pixels tall (snapped: ``snap_row_height``): every row moves,
        none is packed again; glyphs, ghosts, arrows and forecast marks follow."""
        h = snap_row_height(h)
        if h == self.rows.h:
            return
        was = self.rows.h
        self.clear_preview()
        self._set_rows(h)
        self._background_changed()
        if self.session is None:
            self._rows_changed(was)
            return
        self.lanes = restack([replace(lane) for lane in self.lanes.lanes], h)
        row_y, rows = self.lanes.row_y, self.rows
        for item_id, g in self.glyphs.items():
            g.set_rows(rows, row_y[item_id])
        self._sync_baseline(self.baseline_ghosts)
        if self.forecast.result is not None:
            self.forecast.after_rescale()
        self.arrows.refresh()
        self._update_rect([])
        self.update()
        self._rows_changed(was)

    def _set_rows(self, h: float) -> None:
        """Draw rows ``h`` tall from now on (the caller lays them out)."""
        if h != self.rows.h:
            self.rows = RowMetrics(h)
            self.arrows.row_h = h

    def _rows_changed(self, was: float) -> None:
        """Laid out: say so if the rows are no longer ``was`` tall."""
        if self.rows.h != was:
            self.row_height_changed.emit(self.rows.h)

    def set_show_dependencies(self, show: bool) -> None:
        """Show or hide every dependency arrow (kept across rebuilds)."""
        self.show_dependencies = show
        self.arrows.setVisible(show)

    def arrow_route(
        self, pred: str, succ: str
    ) -> tuple[tuple[tuple[float, float], ...], int, bool]:
        """The polyline drawn for the pred -> succ link, its head's direction (+1 right,
        -1 left) and whether it is drawn strong (both ends critical). KeyError if no link."""
        for k, d in enumerate(self.session.plan.dependencies):
            if d.pred == pred and d.succ == succ:
                return (*self.arrows.route(k), bool(self.arrows.strong[k]))
        raise KeyError((pred, succ))

    # -- baseline ghosts ------------------------------------------------------------
    def set_baseline(self, name: str | None, dates: dict[str, tuple[date, date]] | None) -> None:
        """Compare with baseline ``name`` (its item -> (first, last) days): a ghost at the
        baseline's dates under every item whose dates differ; None removes them all."""
        for ghost in self.baseline_ghosts.values():
            self.removeItem(ghost)
        self.baseline_ghosts = {}
        self.baseline_name, self.baseline = (name, dates) if dates is not None else (None, None)
        if self.session is not None:
            self._sync_baseline(self.glyphs)

    def _sync_baseline(self, ids) -> None:
        """Add, move or remove the baseline ghosts of ``ids`` to match the schedule."""
        base = self.baseline
        if base is None:
            return
        sched, sc = self.session.schedule, self.scale
        for item_id in list(ids):
            glyph, then = self.glyphs.get(item_id), base.get(item_id)
            ghost = self.baseline_ghosts.get(item_id)
            if glyph is None or then is None or sched.dates(item_id) == then:
                if ghost is not None:
                    self.removeItem(self.baseline_ghosts.pop(item_id))
                continue
            if ghost is None or ghost.milestone != glyph.milestone:
                if ghost is not None:
                    self.removeItem(ghost)
                ghost = BaselineGhost(item_id, glyph.milestone)
                self.addItem(ghost)
                self.baseline_ghosts[item_id] = ghost
            first, last = then
            x1 = sc.x_of(last) + sc.ppd
            ghost.place(x1 if glyph.milestone else sc.x_of(first), x1, glyph.y0, glyph.rows)
            ghost.setToolTip(self._baseline_tip(item_id, first, last))

    def _baseline_tip(self, item_id: str, first: date, last: date) -> str:
        span = span_text(first, last, self.today)
        shift = finish_shift(self.baseline or {}, self.session.schedule, item_id)
        moved = f" (finish now {shift_text(shift)})" if shift is not None else ""
        return tip(f"In baseline {quoted(self.baseline_name)}: {span}{moved}")

    # -- selection and hits -------------------------------------------------------
    @property
    def selected_id(self) -> str | None:
        """The primary selected item (the last clicked), if its glyph is drawn."""
        primary = self.selection.primary
        return primary if primary in self.glyphs else None

    @property
    def selected_ids(self) -> tuple[str, ...]:
        """Every selected item drawn, in the order they were selected."""
        return self.selection.shown()

    def select(self, item_id: str | None) -> None:
        """Select only ``item_id`` (None: nothing)."""
        self.selection.set((item_id,) if item_id else (), item_id)

    def select_many(self, ids, primary: str | None) -> None:
        """Select ``ids``, ``primary`` the one the inspector shows."""
        self.selection.set(ids, primary)

    def link_at(self, pos: QPointF) -> int | None:
        """The link (its index in the plan's dependencies) whose arrow passes a few
        pixels from a scene point, or None."""
        return self.arrows.edge_at(pos.x(), pos.y())

    def link_key(self, k: int) -> tuple[str, str]:
        return self.session.plan.dependencies[k].key

    def link_tip(self, k: int) -> str:
        """Link k's tooltip: its two titles, type and lag (escaped rich text)."""
        plan = self.session.plan
        return tip(link_summary(plan, plan.dependencies[k]))

    def select_link(self, key: tuple[str, str] | None) -> None:
        """Draw link ``key`` (pred, succ) selected; None, a link that is gone or one not
        drawn (inside a collapsed lane), none."""
        deps = self.session.plan.dependencies if self.session is not None and key else ()
        pred, succ = key or ("", "")
        k = next((k for k, d in enumerate(deps) if d.succ == succ and d.pred == pred), -1)
        if self.arrows.is_hidden(k):
            k = -1
        self.selected_link = key if k >= 0 else None
        self.arrows.set_marks(k, self.arrows.hovered)

    def hover_link(self, k: int | None) -> None:
        """Draw link k (an index) hovered; None for none."""
        k = -1 if k is None else k
        if k != self.arrows.hovered:
            self.arrows.set_marks(self.arrows.selected, k)

    def glyph_at(self, pos: QPointF) -> tuple[ItemGlyph | None, str | None]:
        """The glyph under a scene point and the zone hit ('body', 'end', 'link')."""
        for it in self.items(QRectF(pos.x() - 2, pos.y() - 2, 4, 4)):
            if isinstance(it, ItemGlyph):
                zone = it.zone_at(pos)
                if zone:
                    return it, zone
        return None, None

    # -- drag preview -------------------------------------------------------------
    def show_preview(
        self, ghosts: list[tuple[str, int, int, bool]], conflicts: dict[str, int] | None = None
    ) -> None:
        """Ghosts at (id, new start point, new finish point, breaks its deadline); only
        for rows within a screen of what the view shows, so a huge push stays cheap.
        ``conflicts`` (locked item id -> working days it would be pushed past its fixed
        date) turns those items red with a note; they stay where they are. Every ghost,
        shown or not, is kept in ``out_of_view`` for the view's edge markers."""
        if ghosts or len(self.out_of_view):
            self.out_of_view.set(ghosts, self.lanes.row_y, self.rows.h)
        used = 0
        top, bottom = -1e18, 1e18
        views = self.views()
        if ghosts and views:
            vp = views[0].viewport().rect()
            seen = views[0].mapToScene(vp).boundingRect()
            top, bottom = seen.top() - seen.height(), seen.bottom() + seen.height()
        for g in self._warned:
            g.late = self._is_late(g.item_id)
            g.set_warning("")
            g.update()
        self._warned = []
        for item_id, s, f, breaks in ghosts:
            glyph = self.glyphs.get(item_id)
            if glyph is None or not top <= glyph.y0 <= bottom:
                continue
            if used == len(self._ghosts):
                ghost = GhostGlyph()
                self.addItem(ghost)
                self._ghosts.append(ghost)
            ghost = self._ghosts[used]
            used += 1
            x0, x1 = self.span_x(s, f)
            label = glyph.label_rect().translated(glyph.x0, glyph.y0)
            ghost.show_at(item_id, x0, x1, glyph.y0, glyph.milestone, glyph.color, breaks, label,
                          glyph.rows)  # fmt: skip
            if breaks and not glyph.late:
                glyph.late = True
                glyph.update()
                self._warned.append(glyph)
        for item_id, days in (conflicts or {}).items():
            glyph = self.glyphs.get(item_id)
            if glyph is None:
                continue
            glyph.late = True
            glyph.set_warning(f"⚠ pushed {days} working day{'s' * (days != 1)} past its fixed date")
            if glyph not in self._warned:
                self._warned.append(glyph)
        for ghost in self._ghosts[used : self._ghosts_used]:
            ghost.setVisible(False)
        self._ghosts_used = used

    def clear_preview(self) -> None:
        self.show_preview([])

    # -- painting -----------------------------------------------------------------
    def _background_changed(self) -> None:
        """Lanes, sprints, the calendar or the scale changed: the views' cached
        background (see TimelineView) is painted again."""
        for view in self.views():
            view.resetCachedContent()

    def drawBackground(self, painter, rect: QRectF) -> None:
        painter.fillRect(rect, CANVAS)
        if self.session is None:
            return
        sc = self.scale
        first = sc.day_at(rect.left())
        last = sc.day_at(rect.right())
        top, bottom = rect.top(), rect.bottom()
        # lanes
        for lane in self.lanes.lanes:
            if lane.bottom < top or lane.top > bottom:
                continue
            c = QColor(lane.color)
            c.setAlpha(16)
            painter.fillRect(QRectF(rect.left(), lane.top, rect.width(), lane.bottom - lane.top), c)
            c.setAlpha(40)
            painter.fillRect(QRectF(rect.left(), lane.top, rect.width(), LANE_HEAD_H), c)
        # sprint bands (every other one tinted) and their edges
        painter.setPen(QPen(GRID, 1.0))
        plan_wide = [s for s in self.session.plan.sprints if s.team is None]
        for k, sp in enumerate(plan_wide):
            if sp.finish < first or sp.start > last:
                continue
            x0, x1 = sc.x_of(sp.start), sc.x_of(sp.finish) + sc.ppd
            if k % 2 == 0:
                painter.fillRect(QRectF(x0, top, x1 - x0, bottom - top), SPRINT_TINT)
            painter.drawLine(QPointF(x0, top), QPointF(x0, bottom))
        lane_of = {lane.team: lane for lane in self.lanes.lanes}
        for sp in self.session.plan.sprints:
            lane = lane_of.get(sp.team) if sp.team is not None else None
            if lane is None or sp.finish < first or sp.start > last:
                continue
            x0, x1 = sc.x_of(sp.start), sc.x_of(sp.finish) + sc.ppd
            painter.fillRect(QRectF(x0, lane.top, x1 - x0, lane.bottom - lane.top), SPRINT_TINT)
        # weekends and month lines
        cal = self.session.calendar
        d = first
        while d <= last:
            x = sc.x_of(d)
            if sc.ppd >= 5 and not cal.is_working(d):
                painter.fillRect(QRectF(x, top, sc.ppd, bottom - top), WEEKEND)
            if d.day == 1:
                painter.setPen(QPen(MONTH_GRID, 1.0))
                painter.drawLine(QPointF(x, top), QPointF(x, bottom))
            d += timedelta(days=1)
        # lane separators
        painter.setPen(QPen(LANE_LINE, 1.0))
        for lane in self.lanes.lanes:
            if top <= lane.top <= bottom:
                painter.drawLine(QPointF(rect.left(), lane.top), QPointF(rect.right(), lane.top))
