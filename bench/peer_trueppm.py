"""Benchmark peer: schedule a plan with the ``trueppm-scheduler`` package (0.4.0rc2).

Public API used: ``Project``, ``Task``, ``Dependency``, ``DependencyType``, ``Calendar``
and ``schedule(project) -> ScheduleResult``. ``schedule`` is one call that validates
the project and runs the CPM forward pass, backward pass, floats and critical path;
the forward pass alone is not public, so every timing below includes all of them.

Mapping of our working-day axis onto the peer (checked against its source):

* Calendar: ``Calendar(working_days=0b1111111)`` (7-day week, no exceptions), so
  calendar day N after the anchor date is working day N. Lags are calendar days there,
  hence equal to working days.
* The peer's ``Project.start_date`` is set one day *before* our day 0, and every task
  gets ``Task.planned_start`` = day ``planned_start`` (the peer honours it as a
  start-no-earlier-than floor). Why not start the project at day 0: the peer's own
  project-start floor is special -- a milestone's successors do not measure from it
  (#4225) and an SNET at or before the project start is dropped, so with a negative lag
  the two models would part. Anchored one day early, every ``planned_start`` is an
  ordinary SNET and binds exactly like ours; the peer's project-start floor never binds.
* Work (duration > 0) occupies inclusive days ``[early_start, early_finish]``, so our
  ``S`` is ``early_start`` and ``F = S + duration``. The peer's FS/SS/FF/SF anchors
  (finish+1, start, finish, last working day before start) match our
  ``F``/``S``/``F``/``S`` rules on a 7-day calendar.
* Milestones (duration 0) are instants (midnights). ``early_start`` is only the day
  the instant is *shown* on: at the end of the previous day when it follows work
  (``milestone_at_day_end``), so our ``S`` is ``early_start + milestone_at_day_end``.
* The peer rejects a second dependency on the same (pred, succ) pair. Such an extra
  edge is routed through a private zero-duration milestone (``P -X-> M -Y-> S``), which
  is exact because lags compose through a milestone instant; those nodes are dropped
  from the result (and do add tasks to the timed problem).
* An SF-linked task loses the peer's project-start floor (it may start before the
  project); our ``planned_start`` SNET still floors it, so it never goes below day 0.

Limits enforced by ``schedule``: at most 100,000 dependencies (``MAX_DEPENDENCIES``),
and the sum of all durations + |lags| + the largest ``planned_start`` must be at most
366,000 days (``MAX_PROJECT_SPAN_DAYS``). No task-count limit of its own, but a
100k-item plan with ~3 deps per item is refused (``InvalidScheduleInput``) on both counts.
Measured (``random_plan``, 3 deps/item): ~0.07-0.09 s at 1k items, ~0.9 s at 10k.
Run ``python bench/peer_trueppm.py [SIZE ...]`` for the self-check and optional timings.
"""

from __future__ import annotations

import importlib.util
import time
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from trueppm_scheduler import Project, ScheduleResult

Item = tuple[str, int, int]  # (id, duration, planned_start)
Dep = tuple[str, str, str, int]  # (pred_id, succ_id, "FS"|"SS"|"FF"|"SF", lag)

DAY0 = date(2025, 1, 6)  # our working day 0; any date works on a 7-day calendar
_PAIR_NODE = "\x00peer-pair-"  # prefix of the helper milestones for repeated pairs


def peer_available() -> bool:
    """Whether the ``trueppm_scheduler`` package can be imported."""
    return importlib.util.find_spec("trueppm_scheduler") is not None


def build_project(items: Sequence[Item], deps: Sequence[Dep]) -> Project:
    """Build the peer's ``Project`` for a plan (see the module docstring for the mapping)."""
    from trueppm_scheduler import Calendar, Dependency, DependencyType, Project, Task

    day = timedelta(days=1)
    tasks = [
        Task(id=i, name=i, duration=d * day, planned_start=DAY0 + ps * day) for i, d, ps in items
    ]
    links: list[Dependency] = []
    seen: set[tuple[str, str]] = set()
    for pred, succ, kind, lag in deps:
        if (pred, succ) not in seen:
            seen.add((pred, succ))
            links.append(Dependency(pred, succ, DependencyType(kind), lag * day))
            continue
        # Repeated pair: P -X-> M -Y-> S, where M's instant is P's start or finish.
        mid = f"{_PAIR_NODE}{len(tasks)}"
        tasks.append(Task(id=mid, name=mid, duration=timedelta(0)))
        into = DependencyType.FS if kind[0] == "F" else DependencyType.SS
        out = DependencyType.FS if kind[1] == "S" else DependencyType.FF
        links.append(Dependency(pred, mid, into, lag * day))
        links.append(Dependency(mid, succ, out))
    return Project(
        id="bench",
        name="bench",
        start_date=DAY0 - day,
        tasks=tasks,
        dependencies=links,
        calendar=Calendar(working_days=0b1111111),
    )


def early_starts(result: ScheduleResult) -> dict[str, int]:
    """Read each task's early start back onto our working-day axis."""
    out: dict[str, int] = {}
    for t in result.tasks:
        if t.id.startswith(_PAIR_NODE):
            continue
        assert t.early_start is not None
        out[t.id] = (t.early_start - DAY0).days + int(t.milestone_at_day_end)
    return out


def peer_early_starts(items: Sequence[Item], deps: Sequence[Dep]) -> dict[str, int]:
    """Schedule the plan with the peer and return ``{id: early start}`` on our axis."""
    from trueppm_scheduler import schedule

    return early_starts(schedule(build_project(items, deps)))


def peer_schedule_seconds(items: Sequence[Item], deps: Sequence[Dep]) -> float:
    """Wall time of ``schedule(project)`` alone; building the ``Project`` is not timed."""
    from trueppm_scheduler import schedule

    project = build_project(items, deps)
    t0 = time.perf_counter()
    schedule(project)
    return time.perf_counter() - t0


def reference_early_starts(items: Sequence[Item], deps: Sequence[Dep]) -> dict[str, int]:
    """Our semantics, as a plain topological forward pass (for the self-check)."""
    dur = {i: d for i, d, _ in items}
    start = {i: ps for i, _, ps in items}
    incoming: dict[str, list[Dep]] = {i: [] for i in dur}
    outgoing: dict[str, list[str]] = {i: [] for i in dur}
    for dep in deps:
        incoming[dep[1]].append(dep)
        outgoing[dep[0]].append(dep[1])
    indeg = {i: len(incoming[i]) for i in dur}
    ready = [i for i in dur if indeg[i] == 0]
    while ready:
        n = ready.pop()
        for p, _, kind, lag in incoming[n]:
            anchor = start[p] + (dur[p] if kind[0] == "F" else 0) + lag
            start[n] = max(start[n], anchor - (dur[n] if kind[1] == "F" else 0))
        for s in outgoing[n]:
            indeg[s] -= 1
            if indeg[s] == 0:
                ready.append(s)
    if any(indeg.values()):
        msg = "dependency cycle"
        raise ValueError(msg)
    return start


def random_plan(
    n: int, seed: int, deps_per_item: int = 3, *, lags: bool = False
) -> tuple[list[Item], list[Dep]]:
    """Return a random acyclic plan: ~``deps_per_item`` deps per item on earlier items."""
    import random

    rng = random.Random(seed)
    items = [
        (f"t{k}", rng.choice([0, 0, 1, 2, 3, 5, 8, 13]), rng.choice([0, 0, 0, rng.randrange(60)]))
        for k in range(n)
    ]
    kinds = ("FS", "FS", "SS", "FF", "SF")
    deps = [
        (f"t{rng.randrange(k)}", f"t{k}", rng.choice(kinds), rng.randint(-3, 5) if lags else 0)
        for k in range(1, n)
        for _ in range(min(k, deps_per_item))
    ]
    return items, deps


if __name__ == "__main__":
    import sys

    demo_items: list[Item] = [
        ("A", 5, 0),
        ("B", 3, 2),  # SS from A, but may not start before day 2
        ("M", 0, 0),  # milestone after A
        ("C", 4, 0),  # FF from A: finishes no earlier than A
        ("D", 2, 0),  # SF from B: finishes no earlier than B starts
        ("E", 1, 9),  # planned start after everything it depends on
        ("F", 3, 0),  # two links from A (FS and SS): only one pair per peer edge
    ]
    demo_deps: list[Dep] = [
        ("A", "B", "SS", 0),
        ("A", "M", "FS", 0),
        ("A", "C", "FF", 0),
        ("B", "D", "SF", 0),
        ("M", "E", "FS", 0),
        ("C", "F", "SS", 0),
        ("A", "F", "FS", 0),
        ("A", "F", "SS", 0),
    ]
    got = peer_early_starts(demo_items, demo_deps)
    want = reference_early_starts(demo_items, demo_deps)
    for ident, duration, planned in demo_items:
        print(f"{ident}: dur={duration} planned={planned} peer={got[ident]} ref={want[ident]}")
    assert got == want, (got, want)

    for seed in range(200):  # random small plans, with and without lags
        its, ds = random_plan(25, seed, lags=seed % 2 == 1)
        assert peer_early_starts(its, ds) == reference_early_starts(its, ds), seed
    print("self-check OK: demo plan + 200 random plans match the reference")

    for size in map(int, sys.argv[1:]):  # optional timings, e.g. `... 1000 10000`
        its, ds = random_plan(size, seed=size)
        secs = peer_schedule_seconds(its, ds)
        same = peer_early_starts(its, ds) == reference_early_starts(its, ds)
        print(f"{size} items, {len(ds)} deps: schedule() {secs:.3f} s, matches reference: {same}")
