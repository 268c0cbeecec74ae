"""Make docs/sample-export.png, the README's sample export: the sample roadmap as a
1920x1080 slide, as of a fixed day so the picture only changes when the code does,
with ghosts of where items were at the kick-off, before the Payments API slipped.

    .venv/bin/python scripts/export_sample.py [OUT.png] [--theme dark]
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from planner.app.sample import sample_plan
from planner.domain.edits import SetDuration
from planner.export.files import write_atomic
from planner.export.roadmap import RoadmapOptions, render_roadmap
from planner.scheduling.propagate import schedule_plan

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 23)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", nargs="?", default=str(ROOT / "docs" / "sample-export.png"))
    ap.add_argument("--theme", default="light")
    args = ap.parse_args(argv)
    kickoff = sample_plan(TODAY)
    base_sched = schedule_plan(kickoff)
    base = {i: base_sched.dates(i) for i in base_sched.ids}
    # since the kick-off baseline, the Payments API slipped by four working days
    api = kickoff.item("api")
    plan = SetDuration("api", api.duration + 4).apply(kickoff)
    sched = schedule_plan(plan)
    options = RoadmapOptions(today=TODAY, theme=args.theme, baseline=base, baseline_name="Kick-off")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, render_roadmap(plan, sched, options, out.suffix.lstrip(".") or "png"))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
