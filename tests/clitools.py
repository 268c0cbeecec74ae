"""Running the planner command in-process, as the CLI tests do."""

from __future__ import annotations

from pathlib import Path

from conftest import DATA

from planner.cli import main


def run(capsys, *args) -> tuple[int, str, str]:
    """``planner ARGS``: (exit status, stdout, stderr)."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def contract_roadmap(tmp_path: Path, capsys) -> Path:
    """A roadmap imported from DESIGN.md's worked example."""
    path = tmp_path / "r.roadmap"
    assert main(["import", str(DATA / "contract-example.json"), str(path)]) == 0
    capsys.readouterr()
    return path
