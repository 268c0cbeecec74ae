"""The command goes through ``planner.app``: no module of ``planner.cli`` imports the
storage layer. An import-linter contract says so, and is proven to bite on a scratch copy
with such an import injected; the package runs as ``python -m planner.cli`` too."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = "The command line goes through the app, never the roadmap file"


def _storage_imports(source: str) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        if any(n == "planner.storage" or n.startswith("planner.storage.") for n in names):
            lines.append(node.lineno)
    return lines


def test_no_cli_module_imports_storage():
    found = {
        p.name: lines
        for p in sorted((ROOT / "planner" / "cli").rglob("*.py"))
        if (lines := _storage_imports(p.read_text(encoding="utf-8")))
    }
    assert found == {}
    assert _storage_imports("def f():\n    from planner.storage.repository import R\n") == [2]


def test_the_contract_bites_on_an_injected_import(tmp_path):
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    if not Path(exe).exists():
        pytest.skip("lint-imports is not installed")
    shutil.copytree(ROOT / "planner", tmp_path / "planner",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")  # the real contracts
    (tmp_path / "planner" / "cli" / "injected.py").write_text(
        "def load(path):\n    from planner.storage.repository import PlanRepository\n"
        "    return PlanRepository.open(path)\n"
    )
    res = subprocess.run([exe, "--no-cache", "--no-logo"], cwd=tmp_path,
                         capture_output=True, text=True)  # fmt: skip
    out = res.stdout + res.stderr
    assert res.returncode == 1, out
    broken = {line.removesuffix(" BROKEN").strip() for line in out.splitlines()
              if line.endswith("BROKEN")}  # fmt: skip
    assert broken == {CONTRACT}, out
    assert "planner.cli.injected -> planner.storage.repository" in out, out


@pytest.mark.parametrize("module", ["planner.cli", "planner"])
def test_runs_as_python_m_planner(module):
    res = subprocess.run([sys.executable, "-m", module, "--version"],
                         capture_output=True, text=True)  # fmt: skip
    assert res.returncode == 0 and res.stdout.startswith("planner "), res.stderr
