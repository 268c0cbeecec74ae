"""Time roadmap exports (PNG, SVG, PDF, PPTX) of a generated large roadmap.

    .venv/bin/python bench/export_bench.py [--items 300] [--teams 8] [--repeat 3] [--json]
        [--keep DIR]

The roadmap has several teams, chains of dependencies within each team, links across
teams, milestones and deadlines (some missed), and sprints. ``--keep DIR`` also writes
the exported files there so you can look at them. The goal: 300 items in <= 5 s each.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from planner.domain.model import Dependency, Item, Plan, Sprint, Team
from planner.export.pptx_export import roadmap_pptx
from planner.export.presets import page_spec
from planner.export.roadmap import RoadmapOptions, render_roadmap
from planner.scheduling.propagate import schedule_plan

TODAY = date(2026, 11, 23)
TEAMS = ["Platform", "Payments", "Web", "Mobile", "Data", "Growth", "Design", "Infra", "Security",
         "Support tooling", "Partnerships", "Search"]  # fmt: skip
WORDS = ["API", "billing", "checkout", "onboarding", "search", "export", "audit log", "SSO",
         "dashboard", "notifications", "pricing page", "data pipeline", "mobile wallet",
         "fraud rules", "ledger", "invoices", "A/B test framework", "feature flags", "cache",
         "rate limits", "accessibility", "localisation", "reporting", "webhooks"]  # fmt: skip
VERBS = ["Design", "Build", "Migrate", "Harden", "Ship", "Refactor", "Prototype", "Load-test",
         "Document", "Roll out", "Instrument", "Review"]  # fmt: skip


def synthetic_plan(n_items: int = 300, n_teams: int = 8, seed: int = 7) -> Plan:
    """A roadmap of ``n_items`` items over about two quarters, deterministic for a seed:
    each team runs a few parallel workstreams of chained tasks and milestones, a few
    links cross teams, and some items have deadlines (a few of them missed)."""
    rnd = random.Random(seed)
    teams = tuple(Team(f"t{k}", TEAMS[k % len(TEAMS)]) for k in range(n_teams))
    first = TODAY - timedelta(days=TODAY.weekday() + 28)
    items: list[Item] = []
    deps: list[Dependency] = []
    per_team = [n_items // n_teams + (k < n_items % n_teams) for k in range(n_teams)]
    finish_of: dict[str, date] = {}
    for k, team in enumerate(teams):
        tracks = max(2, per_team[k] // 10)
        cursor = [first + timedelta(days=rnd.randint(0, 20)) for _ in range(tracks)]
        last: list[str | None] = [None] * tracks
        for j in range(per_team[k]):
            tr = j % tracks
            iid = f"{team.id}-{j}"
            ms = rnd.random() < 0.12
            start = cursor[tr] + timedelta(days=rnd.randint(0, 6))
            dur = 0 if ms else rnd.randint(3, 12)
            if ms:
                title = f"{rnd.choice(WORDS).capitalize()} {rnd.choice(['beta', 'GA', 'ready'])}"
            else:
                title = f"{rnd.choice(VERBS)} {rnd.choice(WORDS)}"
                if rnd.random() < 0.35:
                    title += f" {rnd.choice(['v2', 'for EU', 'phase 2', 'and alerts'])}"
            end = start + timedelta(days=round(dur * 1.4))
            deadline = None
            if rnd.random() < 0.15:
                deadline = end + timedelta(days=rnd.randint(-2, 12))
            items.append(Item(iid, title, team.id, "milestone" if ms else "task", start, dur,
                              deadline))  # fmt: skip
            finish_of[iid] = end
            if last[tr] is not None and rnd.random() < 0.7:
                deps.append(Dependency(last[tr], iid, "FS", rnd.choice([0, 0, 0, 1])))
            last[tr] = iid
            cursor[tr] = end + timedelta(days=1)
    seen = {d.key for d in deps}
    by_start = sorted(items, key=lambda it: it.start)
    for _ in range(n_items // 12):  # links across teams, from earlier work to later work
        a = rnd.choice(by_start[: len(by_start) * 2 // 3])
        later = [b for b in by_start if b.start > finish_of[a.id] + timedelta(days=3)
                 and b.team != a.team][:15]  # fmt: skip
        if later:
            b = rnd.choice(later)
            if (a.id, b.id) not in seen:
                seen.add((a.id, b.id))
                deps.append(Dependency(a.id, b.id))
    sprints = tuple(
        Sprint(f"Sprint {20 + n}", first + timedelta(weeks=2 * n),
               first + timedelta(weeks=2 * n, days=11)) for n in range(14)
    )  # fmt: skip
    return Plan("Platform roadmap H1", teams=teams, sprints=sprints, items=tuple(items),
                dependencies=tuple(deps))  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=300)
    ap.add_argument("--teams", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--keep", help="write the exports into this folder")
    args = ap.parse_args(argv)
    plan = synthetic_plan(args.items, args.teams)
    sched = schedule_plan(plan)
    rows = []
    for fmt, preset in (("png", "slide-16:9"), ("svg", "slide-16:9"), ("pdf", "a4-landscape"),
                        ("pptx", "slide-16:9")):  # fmt: skip
        opts = RoadmapOptions(today=TODAY, page=page_spec(preset))
        times = []
        data = b""
        for _ in range(max(1, args.repeat)):
            t0 = time.perf_counter()
            if fmt == "pptx":  # one slide of native shapes, the PNG's layout
                data = roadmap_pptx(plan, sched, opts)
            else:
                data = render_roadmap(plan, sched, opts, fmt)
            times.append(time.perf_counter() - t0)
        if args.keep:
            Path(args.keep).mkdir(parents=True, exist_ok=True)
            (Path(args.keep) / f"bench-{args.items}.{fmt}").write_bytes(data)
        median = sorted(times)[len(times) // 2]
        rows.append({"format": fmt, "preset": preset, "items": len(plan.items),
                     "best_s": round(min(times), 3), "median_s": round(median, 3),
                     "bytes": len(data)})  # fmt: skip
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        print(f"{'format':6} {'preset':14} {'items':>5} {'best s':>7} {'median s':>8} {'size':>9}")
        for r in rows:
            print(f"{r['format']:6} {r['preset']:14} {r['items']:>5} {r['best_s']:>7.3f} "
                  f"{r['median_s']:>8.3f} {r['bytes'] / 1024:>7.0f}kB")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
