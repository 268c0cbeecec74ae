"""``planner export ROADMAP OUT.ext``: dispatch on the output's extension."""

from __future__ import annotations

import argparse
from pathlib import Path

from planner.domain.errors import PlanError
from planner.domain.jsonio import plan_to_json
from planner.storage.repository import PlanRepository

__all__ = ["run_export"]


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise PlanError(f"{path}: cannot write ({e.strerror})") from None


def run_export(args: argparse.Namespace) -> int:
    out = Path(args.out)
    ext = out.suffix.lower().lstrip(".")
    if ext not in ("json",):
        raise PlanError(f"{out}: unknown export format {ext!r}")
    repo = PlanRepository.open(args.roadmap, read_only=True)
    try:
        plan = repo.load_plan()
    finally:
        repo.close()
    _write_atomic(out, plan_to_json(plan).encode("utf-8"))
    print(f"wrote {out}")
    return 0
