"""MS Project XML benchmark: ``planner import plan.xml`` and ``planner export R out.xml``
against ``planner import plan.json``, on a generated roadmap, each a whole process.

    .venv/bin/python bench/interchange_bench.py [--items 10000] [--repeat 3] [--json]

The plan comes from ``bench/plans.py`` (about 3 dependencies per item, a fifth of them
milestones); a third of it is done or in progress (``forecast_bench.with_history``), so
that actual dates and progress are written and read too. It is written as JSON,
imported once into a roadmap, and that roadmap exported once as MSPDI: the file the
XML import reads. Then the three commands run ``--repeat`` times each, alternately, in
fresh processes (stdout to /dev/null, stderr not a terminal, so no progress bar), each
import into a roadmap that does not exist yet, and the median wall times are printed
with their ratios to the JSON import. The issue asks for both MSPDI commands within 2x
the JSON import.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from forecast_bench import timed, with_history
from plans import generate_plan

from planner.domain.jsonio import plan_to_json

LIMIT = 2.0  # MSPDI import and export / JSON import, as the issue asks


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    plan, _ = with_history(generate_plan(args.items))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source, roadmap = folder / "plan.json", folder / "r.roadmap"
        xml = folder / "plan.xml"
        source.write_text(plan_to_json(plan), encoding="utf-8")
        timed(["import", str(source), str(roadmap)])
        timed(["export", str(roadmap), str(xml)])
        targets = {"json_import": folder / "j.roadmap", "xml_import": folder / "x.roadmap"}
        commands = {
            "json_import": ["import", str(source), str(targets["json_import"])],
            "xml_import": ["import", str(xml), str(targets["xml_import"])],
            "xml_export": ["export", str(roadmap), str(folder / "out.xml")],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, cmd in commands.items():
                if name in targets:
                    targets[name].unlink(missing_ok=True)
                times[name].append(timed(cmd))
        sizes = {"json_mb": source.stat().st_size / 1e6, "xml_mb": xml.stat().st_size / 1e6}
    med = {name: statistics.median(ts) for name, ts in times.items()}
    ratios = {name: med[name] / med["json_import"] for name in ("xml_import", "xml_export")}
    ok = all(r <= LIMIT for r in ratios.values())
    row = {
        "items": len(plan.items),
        "dependencies": len(plan.dependencies),
        **{k: round(v, 1) for k, v in sizes.items()},
        **{f"{name}_s": round(t, 3) for name, t in med.items()},
        **{f"{name}_ratio": round(r, 2) for name, r in ratios.items()},
        "limit": LIMIT,
    }
    if args.json:
        print(json.dumps(row, indent=1))
    else:
        print(
            f"{row['items']:,} items, {row['dependencies']:,} dependencies;"
            f" plan.json {row['json_mb']} MB, plan.xml {row['xml_mb']} MB"
        )
        lines = [
            ("planner import plan.json", f"{med['json_import']:.3f} s (median of {args.repeat})"),
            ("planner import plan.xml", f"{med['xml_import']:.3f} s"),
            ("planner export out.xml", f"{med['xml_export']:.3f} s"),
        ]
        for name in ("xml_import", "xml_export"):
            verdict = "ok" if ratios[name] <= LIMIT else f"OVER the {LIMIT:g}x limit"
            lines.append(
                (f"{name.replace('_', ' ')} / json import", f"{ratios[name]:.2f}x ({verdict})")
            )
        width = max(len(label) for label, _ in lines)
        for label, value in lines:
            print(f"{label.ljust(width)}  {value}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
