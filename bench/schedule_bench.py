"""Scheduling benchmark: our engine vs the trueppm-scheduler package, on the same plans.

For each size: compile time (graph + topological levels, done once when a roadmap is
opened), full schedule (forward pass, drivers, backward pass, total and free slack),
and incremental re-propagation after moving a random item by a few working days
(a drag: the item is given its current start plus or minus 1-10 working days; median
and p95 over 200 moves, each kept; at the end the incremental state is checked
against a full reschedule). The peer schedules the same plan (its 7-day calendar makes
day N our working day N, so durations and lags mean the same); early starts are
compared item by item.

    python bench/schedule_bench.py [--sizes 1000,10000,100000] [--json] [--no-peer]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from plans import generate_plan

from planner.scheduling.propagate import ScheduleEngine


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times) * 1000


def full_pass(eng: ScheduleEngine) -> None:
    eng.forward()
    eng.slack()


def bench_size(n: int, peer: bool, seed: int = 1) -> dict:
    # No locked items: the peer has no fixed dates, and both must schedule the same plan.
    plan = generate_plan(n, seed, locked=False)
    t0 = time.perf_counter()
    eng = ScheduleEngine(plan)
    compile_ms = (time.perf_counter() - t0) * 1000
    repeat = 20 if n <= 10_000 else 5
    full_ms = best_of(lambda: full_pass(eng), repeat)
    python_ms = None
    if eng.mode == "numpy" and n <= 100_000:
        eng.mode = "python"
        python_ms = best_of(lambda: full_pass(eng), 3)
        eng.mode = "numpy"
        eng.forward()
    # incremental: 200 random moves, each kept
    rng = random.Random(seed)
    times = []
    touched = []
    for _ in range(200):
        v = rng.randrange(n)
        t = eng.timing_of_pos(v)
        # a drag: the item goes to its current place plus or minus a few working days
        new = dataclasses.replace(
            t, planned=eng.start[v] + rng.choice((-1, 1)) * rng.randint(1, 10)
        )
        t0 = time.perf_counter()
        moved = eng.update([(v, new)])
        times.append((time.perf_counter() - t0) * 1000)
        touched.append(len(moved))
    inc_start = eng.start_a.copy()
    inc_driver = eng.driver_a.copy()
    eng.forward()
    incremental_ok = bool(
        np.array_equal(inc_start, eng.start_a) and np.array_equal(inc_driver, eng.driver_a)
    )
    times.sort()
    row = {
        "size": n,
        "edges": len(plan.dependencies),
        "levels": eng.graph.n_levels,
        "mode": eng.mode,
        "compile_ms": round(compile_ms, 1),
        "full_ms": round(full_ms, 2),
        "full_python_ms": round(python_ms, 2) if python_ms is not None else None,
        "incremental_median_ms": round(statistics.median(times), 3),
        "incremental_p95_ms": round(times[int(len(times) * 0.95) - 1], 3),
        "moved_median": statistics.median(touched),
        "moved_p95": sorted(touched)[189],
        "moved_max": max(touched),
        "incremental_equals_full": incremental_ok,
        "peer": "trueppm-scheduler 0.4.0rc2",
        "peer_full_ms": None,
        "identical": None,
        "peer_note": "",
    }
    if peer:
        _peer(row, ScheduleEngine(plan), plan)
    return row


def _peer(row: dict, eng: ScheduleEngine, plan) -> None:
    import peer_trueppm as peer

    if not peer.peer_available():
        row["peer_note"] = "not installed (pip install '.[bench]')"
        return
    base = eng.calendar.start_index(min(it.start for it in plan.items)) - 1
    items = [(it.id, eng.dur[i], eng.planned[i] - base) for i, it in enumerate(plan.items)]
    deps = [(d.pred, d.succ, d.type, d.lag) for d in plan.dependencies]
    try:
        secs = min(peer.peer_schedule_seconds(items, deps) for _ in range(2))
        got = peer.peer_early_starts(items, deps)
    except Exception as e:  # the peer refuses large plans with its own exception types
        row["peer_note"] = f"refused: {type(e).__name__}: {str(e)[:120]}"
        return
    row["peer_full_ms"] = round(secs * 1000, 1)
    ours = {it.id: eng.start[i] - base for i, it in enumerate(plan.items)}
    row["identical"] = all(ours[k] == got.get(k) for k in ours)
    row["speedup"] = round(row["peer_full_ms"] / row["full_ms"], 0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-peer", action="store_true")
    args = ap.parse_args()
    rows = [bench_size(int(s), not args.no_peer) for s in args.sizes.split(",")]
    if args.json:
        print(json.dumps({"results": rows}, indent=1))
        return
    cols = ["size", "edges", "levels", "compile_ms", "full_ms", "full_python_ms",
            "incremental_median_ms", "incremental_p95_ms", "moved_p95", "moved_max",
            "incremental_equals_full",
            "peer_full_ms", "identical", "speedup", "peer_note"]  # fmt: skip
    print(" | ".join(cols))
    for r in rows:
        print(" | ".join(str(r.get(c, "")) for c in cols))


if __name__ == "__main__":
    main()
