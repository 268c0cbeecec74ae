"""Time and peak memory of the commands on a very large generated roadmap.

    .venv/bin/python bench/large_bench.py [--items 200000] [--json] [--keep DIR]

Generates a plan with ``bench/plans.py`` (one team per ~100 items, ~3 dependencies per
item), writes it as JSON, and runs, each in a fresh process: ``schedule PLAN.json``,
``import PLAN.json R.roadmap``, ``schedule R.roadmap [--json]``, ``export R.roadmap`` to
``.json``, ``.csv`` and ``.png``. Each row is the wall time and the process's peak
resident memory (VmHWM on Linux, else ``getrusage``); stdout goes to /dev/null and stderr is not a
terminal, so no progress bar is drawn. The PNG row also says how many items the slide
left out ("+K more"). ``--keep DIR`` keeps the files.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = date(2027, 3, 1)

# Runs one command in this (fresh) process and prints {"seconds", "peak_mb", "code"}.
CHILD = r"""
import contextlib, json, os, resource, sys, time
from planner.cli import main
argv = sys.argv[1:]
t0 = time.perf_counter()
with open(os.devnull, "w") as null, contextlib.redirect_stdout(null):
    code = main(argv)
seconds = time.perf_counter() - t0
try:  # Linux: this process's own high-water mark (ru_maxrss also counts, across exec,
    # the process it was forked from)
    with open("/proc/self/status") as f:
        peak_mb = next(int(l.split()[1]) for l in f if l.startswith("VmHWM:")) / 2**10
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mb = peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes vs KiB
print(json.dumps({"seconds": round(seconds, 2), "peak_mb": round(peak_mb), "code": code}))
"""

# The plan is made, and counted, in processes of their own: this one stays small, so the
# commands it starts begin small too.
MAKE = f"""
import sys
sys.path.insert(0, {str(HERE)!r})
from plans import generate_plan
from planner.domain.jsonio import plan_to_json
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write(plan_to_json(generate_plan(int(sys.argv[1]))))
"""
COUNT = """
import json, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
print(json.dumps([len(data["items"]), len(data["dependencies"])]))
"""


def _run(argv: list[str]) -> dict[str, object]:
    res = subprocess.run(
        [sys.executable, "-c", CHILD, *argv], capture_output=True, text=True, check=False
    )
    if res.returncode != 0 or not res.stdout.strip():
        return {"seconds": None, "peak_mb": None, "code": res.returncode,
                "error": res.stderr.strip().splitlines()[-1:] or ["?"]}  # fmt: skip
    return dict(json.loads(res.stdout.strip().splitlines()[-1]))


HIDDEN = f"""
import json, sys
from datetime import date
from planner.domain.jsonio import plan_from_json
from planner.export.fonts import TextMeasure
from planner.export.roadmap import RoadmapOptions, build_scene
from planner.scheduling.propagate import schedule_plan
plan = plan_from_json(open(sys.argv[1], encoding="utf-8").read())
opts = RoadmapOptions(today=date.fromisoformat({TODAY.isoformat()!r}))
layout = build_scene(plan, schedule_plan(plan), opts, TextMeasure(opts.page.dpi), False).layout
print(json.dumps([layout.hidden, layout.hidden_lanes]))  # what the slide says "+K more" of
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=200_000)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--keep", help="write the plan, roadmap and exports into this folder")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        src = folder / f"plan-{args.items}.json"
        subprocess.run([sys.executable, "-c", MAKE, str(args.items), str(src)], check=True)
        n_items, n_deps = json.loads(subprocess.run(
            [sys.executable, "-c", COUNT, str(src)], capture_output=True, text=True, check=True
        ).stdout)  # fmt: skip
        roadmap = folder / f"plan-{args.items}.roadmap"
        roadmap.unlink(missing_ok=True)
        today = ["--today", TODAY.isoformat()]
        runs = [
            ("schedule .json", ["schedule", str(src)]),
            ("import", ["import", str(src), str(roadmap)]),
            ("schedule .roadmap", ["schedule", str(roadmap)]),
            ("schedule --json", ["schedule", str(roadmap), "--json"]),
            ("export .json", ["export", str(roadmap), str(folder / "out.json")]),
            ("export .csv", ["export", str(roadmap), str(folder / "out.csv")]),
            ("export .png", ["export", str(roadmap), str(folder / "out.png"), *today]),
        ]
        rows = []
        for name, cmd in runs:
            row = {"command": name, "items": n_items, "dependencies": n_deps,
                   **_run(cmd)}  # fmt: skip
            if name == "export .png" and row["code"] == 0:
                row["hidden_items"], row["hidden_teams"] = json.loads(subprocess.run(
                    [sys.executable, "-c", HIDDEN, str(src)], capture_output=True, text=True,
                    check=True).stdout)  # fmt: skip
            rows.append(row)
            if not args.json:
                extra = ""
                if "hidden_items" in row:
                    extra = (
                        f"  (+{row['hidden_items']} more items, {row['hidden_teams']} more teams)"
                    )
                if row["code"] != 0:
                    extra = f"  exit {row['code']}: {row.get('error')}"
                print(f"{name:18} {row['seconds']!s:>8} s {row['peak_mb']!s:>7} MB{extra}",
                      flush=True)  # fmt: skip
    if args.json:
        print(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
