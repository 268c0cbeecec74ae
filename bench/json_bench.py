"""`planner schedule --json` beside the plain JSON round trip of the same plan.

The baseline is what the machine takes to read the plan's JSON file and write it back
once: a fresh Python process doing ``json.loads`` of the file and ``json.dumps`` of the
result into a file (C parser and encoder, no indentation). Beside it, in fresh processes
too: ``planner schedule PLAN.json --json`` and ``planner schedule R.roadmap --json`` (the
same plan imported into a roadmap), stdout to a file on the same disk (each case writes
its JSON as the baseline does). Each figure is the median of ``--repeat`` rounds, each
running every case once (the machine's drift falls on all alike), as wall time and as
CPU time (user + system of the child: steadier when other work shares the machine); the
ratio to the baseline is the issue's target (at most 3x).

    python bench/json_bench.py [--items 100000] [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

ROUND_TRIP = (
    "import json, sys\n"
    "plan = json.loads(open(sys.argv[1], encoding='utf-8').read())\n"
    "open(sys.argv[2], 'w', encoding='utf-8').write(json.dumps(plan))\n"
)


def timed(cmd: list[str], out: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of ``cmd`` in a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with open(out, "w") as fh:
        subprocess.run(cmd, stdout=fh, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()

    from plans import generate_plan

    from planner.domain.jsonio import plan_to_json

    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plan_json, roadmap = folder / "plan.json", folder / "plan.roadmap"
        plan_json.write_text(plan_to_json(generate_plan(args.items)), encoding="utf-8")
        env_cmd = [py, "-m", "planner.cli"]
        subprocess.run([*env_cmd, "import", str(plan_json), str(roadmap)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        cases = {
            "JSON round trip (baseline)": [
                py,
                "-c",
                ROUND_TRIP,
                str(plan_json),
                str(folder / "round-trip.json"),
            ],
            "schedule PLAN.json --json": [*env_cmd, "schedule", str(plan_json), "--json"],
            "schedule R.roadmap --json": [*env_cmd, "schedule", str(roadmap), "--json"],
        }
        # Round robin: the machine's speed drifts over a minute (other work, clocks), so
        # each round runs every case once and the drift falls on all of them alike.
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
        for _ in range(args.repeat):
            for name, cmd in cases.items():
                runs[name].append(timed(cmd, folder / "out.json"))
        rows = {
            name: {
                "wall_s": statistics.median(w for w, _ in found),
                "cpu_s": statistics.median(c for _, c in found),
            }
            for name, found in runs.items()
        }
        size = plan_json.stat().st_size
    base = rows["JSON round trip (baseline)"]
    for row in rows.values():
        row["wall_x"] = row["wall_s"] / base["wall_s"]
        row["cpu_x"] = row["cpu_s"] / base["cpu_s"]
    if args.json:
        print(json.dumps({"items": args.items, "plan_json_bytes": size, "rows": rows}, indent=1))
        return
    print(f"{args.items:,} items, plan JSON {size / 2**20:.1f} MiB, median of {args.repeat}")
    print(f"{'':30} {'wall':>8} {'x':>6} {'CPU':>8} {'x':>6}")
    for name, r in rows.items():
        print(f"{name:30} {r['wall_s']:7.2f}s {r['wall_x']:5.2f}x {r['cpu_s']:7.2f}s "
              f"{r['cpu_x']:5.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
