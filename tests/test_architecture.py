"""The layering of DESIGN.md, checked by import-linter, and a core that runs without Qt."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    if not Path(exe).exists():
        pytest.skip("import-linter is not installed")
    res = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def test_core_and_cli_import_without_qt_or_matplotlib():
    code = (
        "import sys, planner.cli, planner.app.session, planner.scheduling.propagate,"
        " planner.storage.repository, planner.export.digest;"
        "bad = [m for m in ('PySide6', 'matplotlib') if m in sys.modules];"
        "assert not bad, bad"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
