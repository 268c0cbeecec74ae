"""Forecast benchmark: ``planner forecast R --runs 1000 --json`` against ``planner schedule
R --json`` on a generated roadmap with history, each a whole process.

    .venv/bin/python bench/forecast_bench.py [--items 10000] [--runs 1000] [--repeat 3] [--json]

The plan comes from ``bench/plans.py``; then everything that finishes before "today"
(about a third of the way through the plan) is done, tasks with actual dates whose
ratio of actual to planned working days is drawn around a factor of their team's (0.8x
to 1.85x, each task 0.7x to 1.5x of it), and the tasks that straddle today are in
progress. The plan is written as JSON and imported with ``planner import``; the two
commands then run ``--repeat`` times each, alternately, in fresh processes (stdout to
/dev/null, stderr not a terminal, so no progress bar), and the median wall times are
printed with their ratio. The issue asks for forecast <= 3x schedule.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from plans import generate_plan

from planner.domain.jsonio import plan_to_json
from planner.domain.model import Item, Plan
from planner.scheduling.propagate import schedule_plan

LIMIT = 3.0  # forecast / schedule, as the issue asks


def with_history(plan: Plan, seed: int = 1, share: float = 0.33) -> tuple[Plan, date]:
    """The plan as it stands ``share`` of the way through its schedule: earlier items done
    (tasks on actual dates that took a team-typical multiple of their duration), the
    tasks across that day in progress. Returns the plan and that day."""
    rng = random.Random(seed)
    sched = schedule_plan(plan)
    cal = sched.calendar
    first, last = int(sched.start.min()), int(sched.finish.max())
    cut = first + int((last - first) * share)
    factor = {t.id: 0.8 + 0.15 * (k % 8) for k, t in enumerate(plan.teams)}
    items: list[Item] = []
    for v, it in enumerate(plan.items):
        s, f = int(sched.start[v]), int(sched.finish[v])
        if it.locked:
            pass
        elif f <= cut and it.is_milestone:
            it = dataclasses.replace(it, done=True, actual_finish=cal.date_of(f - 1))
        elif f <= cut:
            ratio = factor.get(it.team or "", 1.0) * rng.uniform(0.7, 1.5)
            took = max(1, round(it.duration * ratio))
            it = dataclasses.replace(
                it,
                done=True,
                actual_start=cal.date_of(s),
                actual_finish=cal.date_of(s + took - 1),
            )
        elif s < cut and not it.is_milestone:
            it = dataclasses.replace(it, actual_start=cal.date_of(s))
        items.append(it)
    return plan.with_items(items), cal.date_of(cut)


def timed(argv: list[str]) -> float:
    """Wall seconds of ``planner ARGV`` in a fresh process. Raises CalledProcessError."""
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "planner.cli", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=True,
    )
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    plan, today = with_history(generate_plan(args.items))
    done = sum(it.done and not it.is_milestone for it in plan.items)
    started = sum(it.actual_start is not None and not it.done for it in plan.items)
    with tempfile.TemporaryDirectory() as tmp:
        src, roadmap = Path(tmp) / "plan.json", Path(tmp) / "plan.roadmap"
        src.write_text(plan_to_json(plan), encoding="utf-8")
        subprocess.run(
            [sys.executable, "-m", "planner.cli", "import", str(src), str(roadmap)],
            stdout=subprocess.DEVNULL,
            check=True,
        )
        commands = {
            "schedule": ["schedule", str(roadmap), "--json"],
            "forecast": ["forecast", str(roadmap), "--runs", str(args.runs), "--json",
                         "--today", today.isoformat()],
        }  # fmt: skip
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, cmd in commands.items():
                times[name].append(timed(cmd))
    med = {name: statistics.median(ts) for name, ts in times.items()}
    ratio = med["forecast"] / med["schedule"]
    row = {
        "items": len(plan.items),
        "dependencies": len(plan.dependencies),
        "done_tasks": done,
        "in_progress": started,
        "today": today.isoformat(),
        "runs": args.runs,
        "schedule_s": round(med["schedule"], 3),
        "forecast_s": round(med["forecast"], 3),
        "ratio": round(ratio, 2),
        "limit": LIMIT,
    }
    if args.json:
        print(json.dumps(row, indent=1))
    else:
        print(
            f"{row['items']:,} items, {row['dependencies']:,} dependencies, {done:,} done"
            f" tasks, {started:,} in progress, today {row['today']}"
        )
        verdict = "ok" if ratio <= LIMIT else f"OVER the {LIMIT:g}x limit"
        lines = [
            ("planner schedule --json", f"{row['schedule_s']:.3f} s (median of {args.repeat})"),
            (f"planner forecast --runs {args.runs} --json", f"{row['forecast_s']:.3f} s"),
            ("forecast / schedule", f"{ratio:.2f}x ({verdict})"),
        ]
        width = max(len(label) for label, _ in lines)
        for label, value in lines:
            print(f"{label.ljust(width)}  {value}")
    return 0 if ratio <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
