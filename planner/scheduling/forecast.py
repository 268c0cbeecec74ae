"""The evidence-based forecast: when milestones and deadlines will really land, judged
from how each team has done so far (DESIGN.md, 'The iteration loop: sprint review and
forecast').

A team's evidence is, for each of its done tasks with actual dates, the ratio of the
working days it took (actual start to actual finish, both counted) to its estimate (the
duration it had when its start was recorded, else its duration). A team with fewer
than 3 ratios uses the whole plan's; with fewer than 3 in the plan every ratio is 1.

A run draws one ratio of its team, at random with replacement, for every task not
done, and multiplies the working days it has left by it, rounded up: a task not
started has its whole duration left; one in progress (an actual start, or a scheduled
start on or before today) what lies between today and its scheduled finish, and keeps
the days it has already worked. Milestones keep 0 days; done items keep their dates.
The plan is then scheduled by the forward rule of ``propagate`` (an item starts at the
latest of its planned start and every dependency bound ``S_succ >= S_pred + c``;
fixed items keep their place), on the graph ``ScheduleEngine`` compiled.

All runs go at once: arrays of items x runs (int32; an item's runs side by side, so a
level's gather reads whole rows), level by level, in chunks of runs that keep the
arrays under ``MEMORY_BUDGET`` bytes. The random draws come from
``numpy.random.default_rng(seed)`` in one fixed order (run by run, each run's tasks in
plan order), whatever the chunking, so the same seed gives the same forecast.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from planner.domain.errors import PlanError
from planner.domain.model import LAST_DAY, MAX_DURATION, Item, Plan
from planner.domain.progress import NO_PROGRESS, Progress
from planner.domain.text import printable, quoted, shorten
from planner.scheduling.calendar import WorkCalendar
from planner.scheduling.propagate import NO_DEADLINE, ScheduleEngine

__all__ = [
    "MAX_RUNS",
    "MEMORY_BUDGET",
    "MIN_HISTORY",
    "EvidenceSource",
    "Forecast",
    "ItemForecast",
    "TeamEvidence",
    "forecast_plan",
    "task_ratio",
    "team_evidence",
]

MAX_RUNS = 100_000
MIN_HISTORY = 3  # done tasks a team (else the plan) needs for its own ratios
MEMORY_BUDGET = 160 * 2**20  # bytes of per-run arrays alive at once
# Rounding up ``remaining * ratio``: the ratio is a fraction a/b of working days
# (b <= MAX_DURATION), so the exact product is whole or at least 1/b above a whole
# number, while two float roundings err by under 1e-9 for products up to 10**6; taking
# 1e-9 off before ``ceil`` makes 2.0 * 5 exactly 10 and 1.4 * 5 exactly 7. A product
# above MAX_DURATION is off the calendar anyway and is clipped there.
_EPS = 1e-9
_DUR_CAP = MAX_DURATION + 1
# Starts are clipped here: past every calendar index (the calendar holds at most
# MAX_DURATION working days), and far enough from int32's end that a start plus a lag
# plus two clipped durations cannot overflow.
_START_CAP = 1 << 24

EvidenceSource = Literal["team", "plan", "none"]
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class ItemForecast:
    """One milestone or item with a deadline: the last working day of its finish in half
    the runs (``p50``) and in four runs out of five (``p80``), and the share of runs that
    meet its deadline (None without one), to 2 decimals."""

    id: str
    p50: date
    p80: date
    on_time: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "p50": self.p50.isoformat(),
            "p80": self.p80.isoformat(),
            "on_time": self.on_time,
        }


@dataclass(frozen=True)
class TeamEvidence:
    """The ratios the runs draw from for the tasks of ``team`` (None: items without a
    team): its own (``source`` "team"), the whole plan's when it has fewer than
    MIN_HISTORY (``"plan"``), or just 1.0 when the plan has fewer too (``"none"``).
    ``own`` counts the team's own done tasks with actual dates, ``plan_total`` the
    plan's."""

    team: str | None
    ratios: tuple[float, ...]
    source: EvidenceSource
    own: int
    plan_total: int

    def describe(self, plan: Plan) -> str:
        """Where the spread of this team's forecast comes from, in one line."""
        name = _team_label(plan, self.team)
        if self.source == "team":
            lo, hi = min(self.ratios), max(self.ratios)
            if lo == hi:
                return f"{name}'s {self.own} done tasks each took {_times(lo)} their estimate"
            mid = statistics.median(self.ratios)
            return (
                f"{name}'s {self.own} done tasks took {_times(mid)} their estimate at the"
                f" median ({_times(lo)}–{_times(hi)})"
            )
        if self.source == "plan":
            return (
                f"{name} has fewer than {MIN_HISTORY} done tasks ({self.own}): using the"
                f" whole plan's {self.plan_total}"
            )
        return (
            f"{name}: fewer than {MIN_HISTORY} done tasks with actual dates in the whole"
            f" plan ({self.plan_total}): as scheduled"
        )


@dataclass(frozen=True)
class Forecast:
    """``runs`` runs drawn with ``seed``: a forecast per milestone not done and per item
    not done with a deadline (plan order), and the evidence of each team that has tasks
    left (the plan's teams in order, then items without a team)."""

    runs: int
    seed: int
    items: tuple[ItemForecast, ...]
    evidence: tuple[TeamEvidence, ...]

    def to_dict(self) -> dict[str, Any]:
        """The ``planner forecast --json`` structure of DESIGN.md."""
        return {
            "runs": self.runs,
            "seed": self.seed,
            "items": [f.to_dict() for f in self.items],
        }

    def get(self, item_id: str) -> ItemForecast | None:
        """The forecast of this item, or None when it has none (done, or a task
        without a deadline)."""
        return next((f for f in self.items if f.id == item_id), None)

    def explain(self, plan: Plan) -> tuple[str, ...]:
        """Where the spread comes from: a line per team, or one line for the whole plan
        when it has too little history for any spread."""
        if not self.evidence:
            return ("No tasks left to do: the forecast is the schedule",)
        if all(ev.source == "none" for ev in self.evidence):
            total = self.evidence[0].plan_total
            if total == 0:
                return ("No done tasks with actual dates yet: the forecast is the schedule",)
            return (
                f"Only {total} done task{'s' * (total != 1)} with actual dates (fewer than"
                f" {MIN_HISTORY}): the forecast is the schedule",
            )
        return tuple(ev.describe(plan) for ev in self.evidence)


def _times(ratio: float) -> str:
    return f"{ratio:.1f}×"


def _team_label(plan: Plan, team: str | None) -> str:
    return printable(shorten(plan.team_name(team), 60), keep_newlines=False)


# -- evidence -----------------------------------------------------------------------------
def task_ratio(item: Item, cal: WorkCalendar) -> float | None:
    """Actual working days over the estimate of a done task with both actual dates, or
    None when it is no evidence (not a done task, a date missing, an estimate or an
    actual span under 1 working day)."""
    if item.kind != "task" or not item.done or not item.actual_start or not item.actual_finish:
        return None
    estimate = item.estimate if item.estimate is not None else item.duration
    actual = cal.end_point(item.actual_finish) - cal.start_index(item.actual_start)
    if estimate < 1 or actual < 1:
        return None
    return actual / estimate


def team_evidence(plan: Plan, cal: WorkCalendar) -> dict[str | None, TeamEvidence]:
    """The evidence of every team of the plan and of items without a team (key None),
    whether or not it has tasks left."""
    own: dict[str | None, list[float]] = {t.id: [] for t in plan.teams}
    own[None] = []
    for it in plan.items:
        r = task_ratio(it, cal)
        if r is not None:
            own.setdefault(it.team, []).append(r)
    every = tuple(r for rs in own.values() for r in rs)
    out: dict[str | None, TeamEvidence] = {}
    for team, rs in own.items():
        if len(rs) >= MIN_HISTORY:
            out[team] = TeamEvidence(team, tuple(rs), "team", len(rs), len(every))
        elif len(every) >= MIN_HISTORY:
            out[team] = TeamEvidence(team, every, "plan", len(rs), len(every))
        else:
            out[team] = TeamEvidence(team, (1.0,), "none", len(rs), len(every))
    return out


# -- the runs -------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Durations:
    """Each item's duration in every run: ``base`` for those that do not vary, and for
    the ``drawn`` tasks ``elapsed + ceil(remaining * ratio)`` with the ratio drawn from
    ``table[offset : offset + size]``."""

    base: I64
    drawn: I64
    elapsed: F64
    remaining: F64
    offset: I32
    size: I32
    table: F64


def _durations(
    plan: Plan, engine: ScheduleEngine, today: date, evidence: Mapping[str | None, TeamEvidence]
) -> _Durations:
    cal = engine.calendar
    now = cal.start_index(today)
    start, dur = engine.start_a, engine.dur_a
    base = dur.copy()
    groups: dict[str | None, int] = {}
    tables: list[tuple[float, ...]] = []
    drawn: list[int] = []
    elapsed: list[int] = []
    remaining: list[int] = []
    group_of: list[int] = []
    for v, it in enumerate(plan.items):
        if it.done or it.kind != "task":
            continue
        d, s = int(dur[v]), int(start[v])
        left = d
        if it.actual_start is not None or s <= now:  # in progress: today to its finish
            left = max(0, s + d - max(now, s))
        ratios = evidence[it.team].ratios
        if left == 0:
            continue
        if len(set(ratios)) == 1:  # no spread: the same in every run, nothing drawn
            base[v] = min(d - left + _ceil(left * ratios[0]), _DUR_CAP)
            continue
        if it.team not in groups:
            groups[it.team] = len(tables)
            tables.append(ratios)
        drawn.append(v)
        elapsed.append(d - left)
        remaining.append(left)
        group_of.append(groups[it.team])
    sizes = np.asarray([len(t) for t in tables], dtype=np.int32)
    offsets = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int32)
    g = np.asarray(group_of, dtype=np.int64)
    flat = [r for t in tables for r in t]
    return _Durations(
        base=base,
        drawn=np.asarray(drawn, dtype=np.int64),
        elapsed=np.asarray(elapsed, dtype=np.float64),
        remaining=np.asarray(remaining, dtype=np.float64),
        offset=offsets[g] if len(g) else np.zeros(0, dtype=np.int32),
        size=sizes[g] if len(g) else np.zeros(0, dtype=np.int32),
        table=np.asarray(flat, dtype=np.float64),
    )


def _ceil(x: float) -> int:
    """``x`` rounded up, a product's float error forgiven (see ``_EPS``)."""
    return math.ceil(x - _EPS)


@dataclass(frozen=True)
class _Level:
    """One topological level of the forward pass, free items only (a fixed item keeps
    its planned place): for each edge the row of ``X = [starts; finishes]`` its bound
    starts from and its lag; the edges that bound a finish (FF, SF: minus the
    successor's duration) and their successors; each node's run of edges; the nodes and
    their planned starts. ``lag`` is None when every lag is 0, ``runs`` when every node
    has one edge (a chain's levels: nothing to add, nothing to reduce)."""

    src: I64
    lag: I32 | None
    sub_rows: I64
    sub_nodes: I64
    runs: I64 | None
    nodes: I64
    planned: I32


def _levels(engine: ScheduleEngine) -> list[_Level]:
    g = engine.graph
    n = g.n
    fixed = engine.fixed_a
    lag = np.asarray(engine.lag, dtype=np.int64)
    add = np.asarray(engine.add_pred, dtype=np.int64)
    sub = np.asarray(engine.sub_succ, dtype=np.int64)
    out = []
    for preds, edges, runs, nodes in g.forward_levels():
        counts = np.diff(np.append(runs, len(edges)))
        free = fixed[nodes] == 0
        if not free.any():
            continue
        if not free.all():
            keep = np.repeat(free, counts)
            preds, edges, nodes, counts = preds[keep], edges[keep], nodes[free], counts[free]
            runs = np.concatenate(([0], np.cumsum(counts)[:-1]))
        succ = np.repeat(nodes, counts)
        rows = np.flatnonzero(sub[edges])
        out.append(
            _Level(
                src=preds + n * add[edges],
                lag=lag[edges].astype(np.int32)[:, None] if lag[edges].any() else None,
                sub_rows=rows,
                sub_nodes=succ[rows],
                runs=runs.astype(np.int64) if len(nodes) < len(edges) else None,
                nodes=nodes,
                planned=engine.planned_a[nodes].astype(np.int32)[:, None],
            )
        )
    return out


def _chunk_runs(n: int, widest: int, runs: int) -> int:
    """How many runs to schedule at once, in three quarters of MEMORY_BUDGET: each run
    costs its starts, finishes and durations (int32 per item) and the widest level's
    bounds (two int32 per edge). Fewer chunks, fewer passes over the levels."""
    per_run = 12 * n + 8 * widest + 1
    return max(1, min(runs, MEMORY_BUDGET * 3 // 4 // per_run))


def _draw_block(drawn: int, runs: int) -> int:
    """How many runs to draw at once, in a quarter of MEMORY_BUDGET: 24 bytes a drawn
    task (its uniform, pick, ratio and duration)."""
    return max(1, min(runs, MEMORY_BUDGET // 4 // (24 * drawn + 1)))


def _draw(rng: np.random.Generator, d: _Durations, runs: int) -> I32:
    """The drawn tasks' durations in ``runs`` runs: (drawn tasks, runs)."""
    u = rng.random((runs, len(d.drawn)))
    u *= d.size
    pick = u.astype(np.int32)
    del u
    np.minimum(pick, d.size - 1, out=pick)  # u * size may round up to size
    pick += d.offset
    x = d.table[pick]
    del pick
    x *= d.remaining
    x -= _EPS
    np.ceil(x, out=x)
    x += d.elapsed
    np.minimum(x, _DUR_CAP, out=x)
    return np.ascontiguousarray(x.astype(np.int32).T)


def _forward(n: int, planned: I32, dur: I32, levels: Sequence[_Level], report: I64) -> I32:
    """The finish points of the ``report`` items in each run of ``dur`` (items x runs)."""
    x = np.empty((2 * n, dur.shape[1]), dtype=np.int32)
    x[:n] = planned
    np.add(x[:n], dur, out=x[n:])
    for lv in levels:
        b = x[lv.src]
        if lv.lag is not None:
            b += lv.lag
        if len(lv.sub_rows):
            b[lv.sub_rows] -= dur[lv.sub_nodes]
        s = b if lv.runs is None else np.maximum.reduceat(b, lv.runs, axis=0)
        np.maximum(s, lv.planned, out=s)
        np.minimum(s, _START_CAP, out=s)
        x[lv.nodes] = s
        x[n + lv.nodes] = s + dur[lv.nodes]
    return x[n + report]


def _reported(plan: Plan, engine: ScheduleEngine) -> I64:
    """Milestones not done and items not done with a deadline, in plan order."""
    wanted = [
        v
        for v, it in enumerate(plan.items)
        if not it.done and (it.kind == "milestone" or engine.deadline_a[v] != NO_DEADLINE)
    ]
    return np.asarray(wanted, dtype=np.int64)


def _nearest_rank(p: int, runs: int) -> int:
    """The 0-based index of the ``p``-th percentile by nearest rank: 1-based rank
    ceil(p / 100 * runs)."""
    return max(1, -(-p * runs // 100)) - 1


def forecast_plan(
    plan: Plan,
    today: date,
    runs: int = 1000,
    seed: int = 1,
    engine: ScheduleEngine | None = None,
    progress: Progress | None = None,
) -> Forecast:
    """``runs`` runs of the plan as of ``today`` with ``seed`` (see the module's text).
    ``engine`` may be this plan's engine (it is read, not changed), else one is made.

    Raises PlanError for ``runs`` outside 1..MAX_RUNS, a negative seed, a refused plan
    (CycleError for a cycle), or a forecast finish outside the calendar.
    """
    if not 1 <= runs <= MAX_RUNS:
        raise PlanError(f"runs must be 1 to {MAX_RUNS:,}, not {quoted(runs)}")
    if seed < 0:
        raise PlanError(f"the seed must be 0 or more, not {quoted(seed)}")
    progress = progress or NO_PROGRESS
    if engine is None:
        progress.step(f"scheduling {len(plan.items):,} items")
        engine = ScheduleEngine(plan)
    cal = engine.calendar
    evidence = team_evidence(plan, cal)
    d = _durations(plan, engine, today, evidence)
    report = _reported(plan, engine)
    n = engine.graph.n
    levels = _levels(engine)
    planned = engine.planned_a.astype(np.int32)[:, None]
    base = np.minimum(d.base, _DUR_CAP).astype(np.int32)[:, None]
    # With nothing drawn every run is the same: one run stands for all of them.
    computed = runs if len(d.drawn) else 1
    widest = max((len(lv.src) for lv in levels), default=0)
    chunk = _chunk_runs(n, widest, computed)
    block = _draw_block(len(d.drawn), chunk)
    rng = np.random.default_rng(seed)
    finish = np.empty((len(report), computed), dtype=np.int32)
    progress.step(f"forecasting {len(plan.items):,} items, {runs:,} runs", computed)
    for lo in range(0, computed, chunk):
        hi = min(computed, lo + chunk)
        dur = np.repeat(base, hi - lo, axis=1)
        for a in range(0, hi - lo if len(d.drawn) else 0, block):
            b = min(hi - lo, a + block)
            dur[d.drawn, a:b] = _draw(rng, d, b - a)
        finish[:, lo:hi] = _forward(n, planned, dur, levels, report)
        progress.advance(hi - lo)
    return Forecast(
        runs, seed, _item_forecasts(engine, report, finish), _evidence_shown(plan, evidence)
    )


def _item_forecasts(engine: ScheduleEngine, report: I64, finish: I32) -> tuple[ItemForecast, ...]:
    if not len(report):
        return ()
    runs = finish.shape[1]
    k50, k80 = _nearest_rank(50, runs), _nearest_rank(80, runs)
    ranked = np.partition(finish, sorted({k50, k80}), axis=1)
    p50, p80 = ranked[:, k50].tolist(), ranked[:, k80].tolist()
    deadline = engine.deadline_a[report]
    met = (finish.astype(np.int64) <= deadline[:, None]).sum(axis=1).tolist()
    cal = engine.calendar
    out = []
    for k, v in enumerate(report.tolist()):
        item_id = engine.ids[v]
        on_time = None if deadline[k] == NO_DEADLINE else round(met[k] / runs, 2)
        out.append(
            ItemForecast(item_id, _day(cal, p50[k], item_id), _day(cal, p80[k], item_id), on_time)
        )
    return tuple(out)


def _day(cal: WorkCalendar, finish: int, item_id: str) -> date:
    """The last working day before the point ``finish``. Raises PlanError if the
    calendar has none."""
    if finish >= _START_CAP or not cal.has_index(finish - 1):
        raise PlanError(
            f"item {quoted(item_id)}: its forecast finish would fall after {LAST_DAY},"
            " the calendar's last day"
        )
    return cal.date_of(finish - 1)


def _evidence_shown(
    plan: Plan, evidence: Mapping[str | None, TeamEvidence]
) -> tuple[TeamEvidence, ...]:
    """The evidence of the teams (then of no team) that have tasks not done."""
    left = {it.team for it in plan.items if it.kind == "task" and not it.done}
    keys: list[str | None] = [t.id for t in plan.teams]
    keys.append(None)
    return tuple(evidence[k] for k in keys if k in left)
