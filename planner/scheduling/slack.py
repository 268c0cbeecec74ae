"""Total and free slack: the backward pass of the scheduler.

Total slack of an item is how many working days it can slip before a deadline is
missed or a locked item conflicts downstream, or else before the plan's end (the
latest finish of any item). Free slack is how far it can slip before it moves any
successor (or misses its own deadline, or passes the plan's end). Locked and done
items have no slack; done successors bound nothing. An item in progress has the slack
of its finish (how many days longer it can take); a start bound (FS, SS) into it binds
nothing, and a finish bound (FF, SF) binds its predecessor to its fixed start, as into a
locked item; taking longer moves only the successors that wait on its finish (FS, FF).

With the bound ``S_succ >= S_pred + c``, the latest start is
``LS_p = min(end - d_p, deadline_p - d_p, min over successors (LS_s - c))``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from planner.scheduling.graph import IntArray
    from planner.scheduling.propagate import ScheduleEngine

__all__ = ["slack_numpy", "slack_python"]

_LOCKED, _DONE, _STARTED = 1, 2, 3
_BIG = 1 << 50


def slack_python(eng: ScheduleEngine) -> tuple[IntArray, IntArray]:
    """Backward pass as a loop over the reversed topological order."""
    g = eng.graph
    start, dur, fixed, deadline, const, succ, sub_succ, add_pred = (
        eng.start, eng.dur, eng.fixed, eng.deadline, eng.const, g.succ, eng.sub_succ,
        eng.add_pred,
    )  # fmt: skip
    n = g.n
    finish = [start[v] + dur[v] for v in range(n)]
    end = max(finish) if n else 0
    late_start = [0] * n
    total = [0] * n
    free = [0] * n
    out_edges = g.out_edges
    for v in reversed(g.order):
        if fixed[v] == _LOCKED or fixed[v] == _DONE:
            late_start[v] = start[v]
            continue
        limit = min(end, deadline[v])
        ls = limit - dur[v]
        fs = limit - finish[v]
        sv = start[v]
        started = fixed[v] == _STARTED
        for e in out_edges[v]:
            s = succ[e]
            fs_ = fixed[s]
            if fs_ == _DONE or (fs_ == _STARTED and not sub_succ[e]):
                continue
            if started and not add_pred[e]:
                continue  # its start is fixed: bounds from its start stay where they are
            c = const[e]
            b = (start[s] if fs_ == _STARTED else late_start[s]) - c
            if b < ls:
                ls = b
            gap = start[s] - c - sv
            if gap < fs:
                fs = gap
        late_start[v] = ls
        total[v] = ls - sv
        free[v] = fs
    return np.asarray(total, dtype=np.int64), np.asarray(free, dtype=np.int64)


def slack_numpy(eng: ScheduleEngine) -> tuple[IntArray, IntArray]:
    """Backward pass one topological level at a time."""
    g = eng.graph
    start, dur, fixed, const = eng.start_a, eng.dur_a, eng.fixed_a, eng.const_a
    finish = start + dur
    end = int(finish.max()) if g.n else 0
    limit = np.minimum(end, eng.deadline_a)
    late_start = limit - dur
    is_fixed = (fixed == _LOCKED) | (fixed == _DONE)  # no slack of their own
    late_start[is_fixed] = start[is_fixed]
    is_started = fixed == _STARTED
    any_started = bool(is_started.any())
    # edges that bind nothing: into a done item, or a start bound into one in progress
    inert = fixed[g.succ_a] == _DONE
    if any_started:
        inert |= is_started[g.succ_a] & ~eng.sub_succ_a
        inert |= is_started[g.pred_a] & ~eng.add_pred_a  # bounds from a fixed start
        hard = is_started[g.succ_a] & eng.sub_succ_a  # bound by its fixed start
    any_inert = bool(inert.any())
    for succs, edges, runs, nodes in g.backward_levels():
        cand = late_start[succs] - const[edges]
        if any_started:
            h = hard[edges]
            cand[h] = start[succs[h]] - const[edges[h]]
        if any_inert:
            cand[inert[edges]] = _BIG
        m = np.minimum.reduceat(cand, runs)
        new = np.minimum(late_start[nodes], m)
        late_start[nodes] = np.where(is_fixed[nodes], start[nodes], new)
    total = late_start - start
    free = limit - finish
    succs, edges, runs, nodes = g.edges_by_pred()
    if len(edges):
        gap = start[succs] - const[edges] - start[g.pred_a[edges]]
        if any_inert:
            gap[inert[edges]] = _BIG
        free[nodes] = np.minimum(free[nodes], np.minimum.reduceat(gap, runs))
    total[is_fixed] = 0
    free[is_fixed] = 0
    return total, free
