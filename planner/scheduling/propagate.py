"""The scheduler: forward pass, drivers, slack, violations, and incremental propagation.

``ScheduleEngine`` compiles a plan once and keeps its schedule. A full pass runs level
by level with numpy on wide graphs and as a plain loop over the topological order on
deep, narrow ones; both give the same result. After an edit that changes only item
timing (start, duration, deadline, locked, done, actual dates), ``update``
re-propagates from the changed items downstream, stopping wherever a start does not
change, so the cost follows what actually moves. ``preview`` does the same and then
restores the state.

Every dependency is reduced to one bound on starts: ``S_succ >= S_pred + c`` with
``c = lag + (d_pred if FS/FF) - (d_succ if FF/SF)``.

Fixed items keep their place: locked (every bound past it is a conflict), done (no
bound applies), and in progress ("started": it starts on its actual start; start
bounds, FS and SS, no longer apply, and a finish bound, FF or SF, that it would break
is a conflict).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Literal

import numpy as np

from planner.domain.errors import PlanError
from planner.domain.model import (
    FIRST_DAY,
    LAST_DAY,
    Dependency,
    Item,
    Links,
    Plan,
    validate_plan,
)
from planner.domain.text import quoted
from planner.scheduling.calendar import WorkCalendar
from planner.scheduling.graph import IntArray, PlanGraph
from planner.scheduling.schedule import (
    DRIVER_DONE,
    DRIVER_LOCKED,
    DRIVER_PLANNED,
    DRIVER_STARTED,
    Schedule,
    Violation,
)
from planner.scheduling.slack import slack_numpy, slack_python

__all__ = [
    "FIXED_DONE",
    "FIXED_LOCKED",
    "FIXED_STARTED",
    "ItemTiming",
    "Moved",
    "ScheduleEngine",
    "item_timing",
    "item_timings",
    "schedule_plan",
]

FIXED_NONE, FIXED_LOCKED, FIXED_DONE, FIXED_STARTED = 0, 1, 2, 3
# the driver of a fixed item, by its FIXED_* code
_FIXED_DRIVER = (DRIVER_PLANNED, DRIVER_LOCKED, DRIVER_DONE, DRIVER_STARTED)
NO_DEADLINE = 1 << 40
Mode = Literal["auto", "numpy", "python"]


@dataclass(frozen=True, slots=True)
class ItemTiming:
    """An item's inputs to the scheduler, on the working-day axis."""

    planned: int  # planned start point (a milestone: its point; fixed items: their place)
    duration: int
    fixed: int  # FIXED_NONE, FIXED_LOCKED, FIXED_DONE or FIXED_STARTED
    deadline: int  # latest allowed finish point, or NO_DEADLINE


def item_timing(item: Item, cal: WorkCalendar) -> ItemTiming:
    """Map an item's dates onto the working-day axis (DESIGN.md, 'Dates <-> points')."""
    deadline = cal.end_point(item.deadline) if item.deadline else NO_DEADLINE
    if item.done:
        if item.is_milestone:
            return ItemTiming(cal.end_point(item.actual_finish or item.start), 0, 2, deadline)
        s = cal.start_index(item.actual_start or item.start)
        dur = item.duration
        if item.actual_finish:
            dur = max(0, cal.end_point(item.actual_finish) - s)
        return ItemTiming(s, dur, FIXED_DONE, deadline)
    if item.in_progress and item.actual_start is not None:
        return ItemTiming(
            cal.start_index(item.actual_start), item.duration, FIXED_STARTED, deadline
        )
    fixed = FIXED_LOCKED if item.locked else FIXED_NONE
    if item.is_milestone:
        return ItemTiming(cal.end_point(item.start), 0, fixed, deadline)
    return ItemTiming(cal.start_index(item.start), item.duration, fixed, deadline)


def item_timings(
    items: Sequence[Item], cal: WorkCalendar
) -> tuple[list[int], list[int], list[int], list[int]]:
    """``item_timing`` of every item, as columns: (planned, duration, fixed, deadline).
    The same values, made a column at a time, each distinct date mapped once; items
    done or in progress (the few) go through ``item_timing`` itself."""
    starts = list(map(_START, items))
    deadlines = list(map(_DEADLINE, items))
    milestone = [k == "milestone" for k in map(_KIND, items)]
    start_of = {d: cal.start_index(d) for d in set(starts)}
    end_of = {d: cal.end_point(d) for d in set(starts).union(deadlines) - {None}}
    planned = [end_of[d] if m else start_of[d] for d, m in zip(starts, milestone, strict=True)]
    dur = [0 if m else n for n, m in zip(map(_DURATION, items), milestone, strict=True)]
    fixed = [FIXED_LOCKED if lk else FIXED_NONE for lk in map(_LOCKED, items)]
    deadline = [NO_DEADLINE if d is None else end_of[d] for d in deadlines]
    for v, it in enumerate(items):
        if it.done or it.actual_start is not None:  # done, or maybe in progress
            t = item_timing(it, cal)
            planned[v], dur[v], fixed[v], deadline[v] = t.planned, t.duration, t.fixed, t.deadline
    return planned, dur, fixed, deadline


_START, _DEADLINE, _KIND = attrgetter("start"), attrgetter("deadline"), attrgetter("kind")
_DURATION, _LOCKED = attrgetter("duration"), attrgetter("locked")
_TYPE_FLAGS = {"FS": (1, 0), "SS": (0, 0), "FF": (1, 1), "SF": (0, 1)}


def _binds(fixed_succ: int, finish_bound: int) -> bool:
    """Whether a dependency into an item fixed as ``fixed_succ`` bounds anything: none
    into a done item, only finish bounds (FF, SF) into one in progress."""
    if fixed_succ == FIXED_STARTED:
        return bool(finish_bound)
    return fixed_succ != FIXED_DONE


@dataclass(frozen=True, slots=True)
class Moved:
    """One item whose scheduled points changed: position, old and new (start, finish)."""

    pos: int
    old_start: int
    old_finish: int
    new_start: int
    new_finish: int


class ScheduleEngine:
    """Compiled plan plus its current schedule.

    ``links``: the plan's dependencies, when a reader kept them as columns (``Links``)
    beside a plan that holds none.

    Raises PlanError for an invalid plan, or one whose dependencies push an item past
    the calendar's range, CycleError for a dependency cycle, and ValueError for
    ``links`` beside a plan with dependencies of its own.
    """

    def __init__(
        self, plan: Plan, mode: Mode = "auto", validate: bool = True, links: Links | None = None
    ) -> None:
        if validate:
            validate_plan(plan, links)
        elif links is not None and plan.dependencies:
            raise ValueError("a plan with dependencies given links beside them")
        self.plan = plan
        # the dependencies: the plan's, or (a reader that only schedules) kept as columns
        self.links: Sequence[Dependency] = plan.dependencies if links is None else links
        cols = Links.of(plan.dependencies) if links is None else links
        self.calendar = WorkCalendar(plan.calendar)
        self.ids = [it.id for it in plan.items]
        index = plan.item_index
        pred = list(map(index.__getitem__, cols.pred))
        succ = list(map(index.__getitem__, cols.succ))
        self.graph = g = PlanGraph(self.ids, pred, succ)
        n, m = g.n, g.m
        if mode == "auto":
            mode = "numpy" if n >= 1000 and n >= 24 * g.n_levels else "python"
        self.mode = mode
        cal = self.calendar
        self.planned, self.dur, self.fixed, self.deadline = item_timings(plan.items, cal)
        i64 = np.int64
        self.lag = list(cols.lag)
        # a dependency's type as (adds the predecessor's duration, takes the successor's)
        flags = np.asarray(list(map(_TYPE_FLAGS.__getitem__, cols.type)), dtype=i64)
        flags = flags.reshape(m, 2)
        self.add_pred_a = flags[:, 0].astype(np.bool_)
        self.sub_succ_a = flags[:, 1].astype(np.bool_)
        self.add_pred = flags[:, 0].tolist()
        self.sub_succ = flags[:, 1].tolist()
        self.planned_a = np.asarray(self.planned, dtype=i64)
        self.dur_a = dur_a = np.asarray(self.dur, dtype=i64)
        self.fixed_a = np.asarray(self.fixed, dtype=i64)
        self.deadline_a = np.asarray(self.deadline, dtype=i64)
        # lag + (pred's duration for FS/FF) - (succ's duration for FF/SF), per edge
        self.const_a = (
            np.asarray(self.lag, dtype=i64)
            + flags[:, 0] * dur_a[g.pred_a] - flags[:, 1] * dur_a[g.succ_a]
        )  # fmt: skip
        self.const = self.const_a.tolist()
        self.start: list[int] = []
        self.driver: list[int] = []
        self.start_a: IntArray = np.zeros(n, dtype=i64)
        self.driver_a: IntArray = np.zeros(n, dtype=i64)
        self._slack: tuple[IntArray, IntArray] | None = None
        self._slack_end = 0  # the plan's end when the slack was computed
        self._late: list[int] = []  # late start per item, kept with the slack
        self._viol: dict[int, list[Violation]] | None = None  # per violating node
        self._viol_tuple: tuple[Violation, ...] | None = None
        # what changed since the slack (moved, retimed) and the violations (either) were
        # last brought up to date
        self._dirty_moved: set[int] = set()
        self._dirty_timing: set[int] = set()
        self._dirty_viol: set[int] = set()
        self.last_violation_change: tuple[tuple[Violation, ...], tuple[Violation, ...]] | None
        self.last_violation_change = None
        self._last_serial: int | None = None
        self.forward()
        self.check_range()

    # -- full passes ------------------------------------------------------------------
    def forward(self) -> None:
        """Schedule every item from scratch (starts and drivers)."""
        if self.mode == "numpy":
            self._forward_numpy()
        else:
            self._forward_python()
        self._slack = None
        self._viol = None
        self._dirty_moved, self._dirty_timing, self._dirty_viol = set(), set(), set()

    def _forward_python(self) -> None:
        g = self.graph
        planned, fixed, const, pred = self.planned, self.fixed, self.const, g.pred
        start = [0] * g.n
        driver = [0] * g.n
        in_edges = g.in_edges
        for v in g.order:
            fx = fixed[v]
            if fx:
                start[v] = planned[v]
                driver[v] = _FIXED_DRIVER[fx]
                continue
            s = planned[v]
            d = DRIVER_PLANNED
            for e in in_edges[v]:
                b = start[pred[e]] + const[e]
                if b > s or (b == s and d == DRIVER_PLANNED):
                    s, d = b, e
            start[v] = s
            driver[v] = d
        self.start, self.driver = start, driver
        self.start_a = np.asarray(start, dtype=np.int64)
        self.driver_a = np.asarray(driver, dtype=np.int64)

    def _forward_numpy(self) -> None:
        g = self.graph
        planned, fixed_a, const = self.planned_a, self.fixed_a, self.const_a
        start = planned.copy()
        any_fixed = bool(fixed_a.any())
        for preds, edges, runs, nodes in g.forward_levels():
            m = np.maximum.reduceat(start[preds] + const[edges], runs)
            own = planned[nodes]
            new = np.maximum(own, m)
            if any_fixed:
                new = np.where(fixed_a[nodes] != 0, own, new)
            start[nodes] = new
        # Drivers: the first tight dependency (in plan order) of each free item.
        driver = np.full(g.n, DRIVER_PLANNED, dtype=np.int64)
        driver[fixed_a == FIXED_LOCKED] = DRIVER_LOCKED
        driver[fixed_a == FIXED_DONE] = DRIVER_DONE
        driver[fixed_a == FIXED_STARTED] = DRIVER_STARTED
        if g.m:
            tight = (start[g.pred_a] + const == start[g.succ_a]) & (fixed_a[g.succ_a] == 0)
            te = np.flatnonzero(tight)
            ts = g.succ_a[te]
            order = np.argsort(ts, kind="stable")
            nodes, first = np.unique(ts[order], return_index=True)
            driver[nodes] = te[order][first]
        self.start_a, self.driver_a = start, driver
        self.start, self.driver = start.tolist(), driver.tolist()

    def check_range(self) -> None:
        """Raises PlanError naming the first item whose scheduled days would fall outside
        the calendar (FIRST_DAY..LAST_DAY): every date the schedule shows must exist."""
        if not self.ids:
            return
        cal = self.calendar
        point = self.dur_a == 0
        first = self.start_a - point  # a point (milestone) shows the day before it
        last = self.start_a + self.dur_a - 1
        if cal.has_index(int(first.min())) and cal.has_index(int(last.max())):
            return
        floor = cal.start_index(FIRST_DAY)
        after = f"after {LAST_DAY}, the calendar's last day"
        for v, item_id in enumerate(self.ids):
            where = f"item {quoted(item_id)}: its"
            f, s = int(last[v]), int(first[v])
            if not cal.has_index(f) and f >= floor:
                raise PlanError(f"{where} {'date' if point[v] else 'finish'} would fall {after}")
            if not cal.has_index(s):
                edge = after if s >= floor else f"before {FIRST_DAY}, the calendar's first day"
                raise PlanError(f"{where} {'date' if point[v] else 'start'} would fall {edge}")

    def slack(self) -> tuple[IntArray, IntArray]:
        """(total slack, free slack) per item. After an incremental change only what it
        can reach is redone: the moved items, and upstream of items whose timing
        changed, as far as their late starts change; a new plan end redoes all.
        The arrays returned are never changed afterwards (snapshots share them)."""
        end = int((self.start_a + self.dur_a).max()) if self.graph.n else 0
        if self._slack is None or end != self._slack_end:
            fn = slack_numpy if self.mode == "numpy" else slack_python
            self._slack, self._slack_end = fn(self), end
            self._late = (self.start_a + self._slack[0]).tolist()  # late starts
        elif self._dirty_moved or self._dirty_timing:
            self._slack = self._slack_incremental(end)
        self._dirty_moved.clear()
        self._dirty_timing.clear()
        return self._slack

    def _slack_incremental(self, end: int) -> tuple[IntArray, IntArray]:
        assert self._slack is not None
        g = self.graph
        total, free = self._slack[0].copy(), self._slack[1].copy()
        start, dur, fixed, deadline, const, sub_succ, add_pred = (
            self.start, self.dur, self.fixed, self.deadline, self.const, self.sub_succ,
            self.add_pred,
        )  # fmt: skip
        pred, succ, in_edges, out_edges, order, rank = (
            g.pred, g.succ, g.in_edges, g.out_edges, g.order, g.rank
        )  # fmt: skip
        late = self._late
        heap: list[int] = []
        queued: set[int] = set()

        def push(v: int) -> None:
            if v not in queued:
                queued.add(v)
                heapq.heappush(heap, -rank[v])

        for v in self._dirty_timing:
            push(v)
            for e in in_edges[v]:
                push(pred[e])
        changed: set[int] = set()
        while heap:  # successors before predecessors: each node once
            v = order[-heapq.heappop(heap)]
            if fixed[v] in (FIXED_LOCKED, FIXED_DONE):
                ls = start[v]
            else:
                ls = min(end, deadline[v]) - dur[v]
                started = fixed[v] == FIXED_STARTED
                for e in out_edges[v]:
                    u = succ[e]
                    fu = fixed[u]
                    if started and not add_pred[e]:
                        continue  # bounds from its fixed start do not move
                    if fu == FIXED_STARTED:
                        if sub_succ[e]:  # a finish bound on a fixed start
                            ls = min(ls, start[u] - const[e])
                    elif fu != FIXED_DONE:
                        ls = min(ls, late[u] - const[e])
            if ls != late[v]:
                changed.add(v)
                for e in in_edges[v]:
                    push(pred[e])
                late[v] = ls
        touched = self._dirty_moved | self._dirty_timing
        for v in touched | changed:
            total[v] = 0 if fixed[v] in (FIXED_LOCKED, FIXED_DONE) else late[v] - start[v]
        free_nodes = set(touched)
        for v in touched:
            free_nodes.update(pred[e] for e in in_edges[v])
        for v in free_nodes:
            if fixed[v] in (FIXED_LOCKED, FIXED_DONE):
                free[v] = 0
                continue
            fs = min(end, deadline[v]) - (start[v] + dur[v])
            started = fixed[v] == FIXED_STARTED
            for e in out_edges[v]:
                if started and not add_pred[e]:
                    continue
                if _binds(fixed[succ[e]], sub_succ[e]):
                    fs = min(fs, start[succ[e]] - const[e] - start[v])
            free[v] = fs
        return total, free

    # -- incremental ----------------------------------------------------------------
    def _set_timing(self, v: int, t: ItemTiming, undo: list[tuple[int, ItemTiming]]) -> bool:
        """Install new inputs for item ``v``; True if its duration changed."""
        old = ItemTiming(self.planned[v], self.dur[v], self.fixed[v], self.deadline[v])
        if old == t:
            return False
        undo.append((v, old))
        self.planned[v] = t.planned
        self.planned_a[v] = t.planned
        self.fixed[v] = t.fixed
        self.fixed_a[v] = t.fixed
        self.deadline[v] = t.deadline
        self.deadline_a[v] = t.deadline
        delta = t.duration - old.duration
        if delta:
            self.dur[v] = t.duration
            self.dur_a[v] = t.duration
            g = self.graph
            for e in g.out_edges[v]:
                if self.add_pred[e]:
                    self.const[e] += delta
                    self.const_a[e] = self.const[e]
            for e in g.in_edges[v]:
                if self.sub_succ[e]:
                    self.const[e] -= delta
                    self.const_a[e] = self.const[e]
        return True

    def _propagate(
        self, changes: Iterable[tuple[int, ItemTiming]]
    ) -> tuple[list[Moved], list[tuple[int, ItemTiming]], list[tuple[int, int, int]]]:
        g = self.graph
        undo_t: list[tuple[int, ItemTiming]] = []
        old_f: dict[int, int] = {}
        heap: list[int] = []
        queued: set[int] = set()

        def push(v: int) -> None:
            if v not in queued:
                queued.add(v)
                heapq.heappush(heap, g.rank[v])

        for v, t in changes:
            old_f.setdefault(v, self.start[v] + self.dur[v])
            old_dur = self.dur[v]
            if self._set_timing(v, t, undo_t):
                push(v)
                if t.duration != old_dur:
                    for e in g.out_edges[v]:
                        push(g.succ[e])
        start, driver, planned, fixed, const = (
            self.start, self.driver, self.planned, self.fixed, self.const
        )  # fmt: skip
        pred, succ, in_edges, out_edges, order = g.pred, g.succ, g.in_edges, g.out_edges, g.order
        undo_s: list[tuple[int, int, int]] = []
        while heap:
            v = order[heapq.heappop(heap)]
            # The forward rule of _forward_python, inlined: this loop is the drag's hot path.
            fx = fixed[v]
            if fx:
                s = planned[v]
                d = _FIXED_DRIVER[fx]
            else:
                s = planned[v]
                d = DRIVER_PLANNED
                for e in in_edges[v]:
                    b = start[pred[e]] + const[e]
                    if b > s or (b == s and d == DRIVER_PLANNED):
                        s, d = b, e
            if s != start[v] or d != driver[v]:
                old_f.setdefault(v, start[v] + self.dur[v])
                undo_s.append((v, start[v], driver[v]))
                moved = s != start[v]
                start[v] = s
                driver[v] = d
                self.start_a[v] = s
                self.driver_a[v] = d
                if moved:
                    for e in out_edges[v]:
                        push(succ[e])
        first_start = {v: s for v, s, _ in reversed(undo_s)}
        moved_list = []
        for v, of in old_f.items():
            os_ = first_start.get(v, start[v])
            nf = start[v] + self.dur[v]
            if os_ != start[v] or of != nf:
                moved_list.append(Moved(v, os_, of, start[v], nf))
        self._dirty_timing.update(v for v, _ in undo_t)
        self._dirty_moved.update(v for v, _, _ in undo_s)
        self._dirty_viol.update(v for v, _ in undo_t)
        self._dirty_viol.update(v for v, _, _ in undo_s)
        return moved_list, undo_t, undo_s

    def timing_of_pos(self, v: int) -> ItemTiming:
        """The scheduler's current inputs for the item at position ``v``."""
        return ItemTiming(self.planned[v], self.dur[v], self.fixed[v], self.deadline[v])

    def update(self, changes: Iterable[tuple[int, ItemTiming]]) -> list[Moved]:
        """Apply new timings and re-propagate downstream; returns what moved."""
        moved, _, _ = self._propagate(changes)
        return moved

    def update_items(self, plan: Plan, item_ids: Sequence[str]) -> list[Moved]:
        """Take the new plan (same items and dependencies, new timing on ``item_ids``)."""
        changes = [(plan.item_index[i], item_timing(plan.item(i), self.calendar)) for i in item_ids]
        self.plan = plan
        if not isinstance(self.links, Links):  # (links kept apart stay the same)
            self.links = plan.dependencies
        # their violations name dates from the plan (a deadline moved within the same
        # working day keeps its point but not its date): look at them again
        self._dirty_viol.update(v for v, _ in changes)
        return self.update(changes)

    def preview(
        self, changes: Iterable[tuple[int, ItemTiming]]
    ) -> tuple[list[Moved], list[Violation]]:
        """What would move, and the violations among the moved items, without keeping it."""
        slack = self._slack
        dirty = set(self._dirty_moved), set(self._dirty_timing), set(self._dirty_viol)
        moved, undo_t, undo_s = self._propagate(changes)
        violations = self._violations_among([m.pos for m in moved])
        for v, s, d in reversed(undo_s):
            self.start[v] = s
            self.driver[v] = d
            self.start_a[v] = s
            self.driver_a[v] = d
        for v, t in reversed(undo_t):
            self._set_timing(v, t, [])
        self._slack = slack
        self._dirty_moved, self._dirty_timing, self._dirty_viol = dirty
        return moved, violations

    # -- results ----------------------------------------------------------------------
    def _violations_among(self, nodes: Iterable[int]) -> list[Violation]:
        g = self.graph
        out: list[Violation] = []
        seen = set()
        for v in nodes:
            for u in [v] + [g.succ[e] for e in g.out_edges[v]]:
                if u in seen:
                    continue
                seen.add(u)
                out.extend(self._violations_of(u))
        return out

    def _violations_of(self, v: int) -> list[Violation]:
        g = self.graph
        out = []
        f = self.start[v] + self.dur[v]
        if self.deadline[v] != NO_DEADLINE and f > self.deadline[v]:
            dl = self.plan.items[v].deadline
            out.append(Violation("deadline", self.ids[v], f - self.deadline[v], dl))
        fx = self.fixed[v]
        if fx in (FIXED_LOCKED, FIXED_STARTED):
            started = fx == FIXED_STARTED
            for e in g.in_edges[v]:
                if started and not self.sub_succ[e]:
                    continue  # a start bound no longer applies to an item in progress
                b = self.start[g.pred[e]] + self.const[e]
                if b > self.start[v]:
                    pred = self.ids[g.pred[e]]
                    days = b - self.start[v]
                    out.append(Violation("conflict", self.ids[v], days, None, pred, started))
        return out

    def violations(self) -> tuple[Violation, ...]:
        """Every deadline miss and locked-item conflict, in item order. After an
        incremental change only the items it moved or retimed, and their successors,
        are looked at again."""
        if self._viol is None:
            self._viol = self._all_violations()
            self._viol_tuple = None
            self.last_violation_change = None
        elif self._dirty_viol:
            g = self.graph
            nodes = set(self._dirty_viol)
            nodes |= {g.succ[e] for v in self._dirty_viol for e in g.out_edges[v]}
            added: list[Violation] = []
            resolved: list[Violation] = []
            for v in nodes:
                old = self._viol.get(v, [])
                new = self._violations_of(v)
                if new != old:
                    resolved.extend(x for x in old if x not in new)
                    added.extend(x for x in new if x not in old)
                    if new:
                        self._viol[v] = new
                    else:
                        del self._viol[v]
            if added or resolved:
                self._viol_tuple = None
            self.last_violation_change = (tuple(added), tuple(resolved))
        else:
            self.last_violation_change = ((), ())
        self._dirty_viol.clear()
        if self._viol_tuple is None:
            viol = self._viol
            self._viol_tuple = tuple(x for v in sorted(viol) for x in viol[v])
        return self._viol_tuple

    def _all_violations(self) -> dict[int, list[Violation]]:
        """Every violation, found in numpy steps: the late items, then the bounds that
        break a locked or started item, edge by edge (``_violations_of``'s order, without
        building the per-node edge lists a full pass never needs)."""
        g, ids = self.graph, self.ids
        start, dur = self.start_a, self.dur_a
        late = np.flatnonzero((start + dur > self.deadline_a) & (self.deadline_a != NO_DEADLINE))
        out: dict[int, list[Violation]] = {}
        items = self.plan.items
        for v, over in zip(
            late.tolist(), (start[late] + dur[late] - self.deadline_a[late]).tolist(), strict=True
        ):
            out[v] = [Violation("deadline", ids[v], over, items[v].deadline)]
        if g.m:
            bound = start[g.pred_a] + self.const_a
            fx = self.fixed_a[g.succ_a]
            hard = (fx == FIXED_LOCKED) | ((fx == FIXED_STARTED) & self.sub_succ_a)
            bad = np.flatnonzero(hard & (bound > start[g.succ_a]))
            succ_bad = g.succ_a[bad]
            over = (bound[bad] - start[succ_bad]).tolist()
            started = (self.fixed_a[succ_bad] == FIXED_STARTED).tolist()
            for e, v, days, st in zip(bad.tolist(), succ_bad.tolist(), over, started, strict=True):
                found = Violation("conflict", ids[v], days, None, ids[g.pred[e]], st)
                out.setdefault(v, []).append(found)
        return out

    def schedule(self) -> Schedule:
        """An immutable snapshot of the current schedule with slack and violations.
        Raises PlanError if an item's days would fall outside the calendar."""
        self.check_range()
        ts, fs = self.slack()
        violations = self.violations()
        change = self.last_violation_change
        start = self.start_a.copy()
        snapshot = Schedule(
            self.ids,
            self.plan.item_index,
            self.calendar,
            start,
            start + self.dur_a,
            self.driver_a.copy(),
            ts,
            fs,
            violations,
            self.links,
            base=self._last_serial if change is not None else None,
            violation_change=change,
        )
        self._last_serial = snapshot.serial
        return snapshot


def schedule_plan(plan: Plan, mode: Mode = "auto") -> Schedule:
    """Schedule a plan from scratch. Raises PlanError / CycleError for a refused plan."""
    return ScheduleEngine(plan, mode).schedule()
