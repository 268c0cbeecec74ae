"""What one edit costs at the session: apply a move on 1k, 10k and 100k roadmaps.

Each run opens a generated roadmap (bench/plans.py) in a real file and applies 200
moves of random items by +-1..10 working days, one history step each (validated,
rescheduled, impact and notices drafted, written in one transaction). Reports median
and p95 per apply, and how 100k compares with 1k. Run: python bench/apply_bench.py
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from plans import generate_plan

from planner.app.session import PlanSession
from planner.domain.edits import MoveItem
from planner.storage.repository import PlanRepository

MOVES = 200


def bench(n: int, folder: Path) -> tuple[float, float]:
    plan = generate_plan(n)
    path = folder / f"apply-{n}.roadmap"
    PlanRepository.create(path, plan, "Bench")
    session = PlanSession.open(path)
    rng = random.Random(7)
    ids = [it.id for it in plan.items]
    times = []
    try:
        for _ in range(MOVES):
            item_id = rng.choice(ids)
            cal = session.calendar
            s, _f = session.schedule.points(item_id)
            day = cal.date_of(max(s + rng.choice([-1, 1]) * rng.randint(1, 10), 0))
            if session.plan.item(item_id).is_milestone:
                day = cal.date_of(max(s - 1 + rng.randint(1, 10), 0))
            t0 = time.perf_counter()
            session.apply(MoveItem(item_id, day))
            times.append(time.perf_counter() - t0)
    finally:
        session.close()
    times.sort()
    return statistics.median(times) * 1e3, times[int(0.95 * (len(times) - 1))] * 1e3


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10_000, 100_000]
    with tempfile.TemporaryDirectory() as tmp:
        rows = {n: bench(n, Path(tmp)) for n in sizes}
    print(f"{'items':>8} {'median ms':>10} {'p95 ms':>8}")
    for n, (med, p95) in rows.items():
        print(f"{n:>8,} {med:>10.2f} {p95:>8.2f}")
    if 1000 in rows and 100_000 in rows:
        print(f"100k / 1k (median): {rows[100_000][0] / rows[1000][0]:.1f}x")


if __name__ == "__main__":
    main()
