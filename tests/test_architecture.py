"""The layering of DESIGN.md, checked by import-linter and ruff, and a core that runs
without Qt.

The contracts are proven to bite: a scratch copy of the package with forbidden imports
injected must break them, naming each offending import (a contract that can never fail
would pass here too)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Bindings other than ours need not be installed: import-linter reads imports from source.
QT_BINDINGS = ("PySide6", "shiboken6", "PySide2", "PyQt5", "PyQt6", "qtpy")


def _tool(name: str) -> str:
    exe = shutil.which(name) or str(Path(sys.executable).parent / name)
    if not Path(exe).exists():
        pytest.skip(f"{name} is not installed")
    return exe


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_tool("lint-imports"), "--no-cache", "--no-logo"],
        cwd=cwd,
        capture_output=True,
        text=True,
    )


def test_import_contracts_hold():
    res = _lint_imports(ROOT)
    assert res.returncode == 0, res.stdout + res.stderr


@pytest.fixture(scope="module")
def broken_copy(tmp_path_factory) -> Path:
    """A copy of planner/ with a forbidden import in each layer that must not have it."""
    root = tmp_path_factory.mktemp("arch")
    shutil.copytree(ROOT / "planner", root / "planner",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")  # the real contracts
    injected = {
        "planner/app/injected_sqlite.py": "import sqlite3\n",
        "planner/domain/injected_qt.py": "".join(f"import {m}\n" for m in QT_BINDINGS),
        "planner/export/injected_qt.py": "from PyQt6.QtGui import QImage\n",
        "planner/gui/injected_binding.py": "from qtpy import QtWidgets\nimport PyQt5\n",
    }
    for rel, code in injected.items():
        (root / rel).write_text(code)
    return root


def test_the_import_contracts_bite(broken_copy):
    res = _lint_imports(broken_copy)
    out = res.stdout + res.stderr
    assert res.returncode == 1, out
    assert "planner.app.injected_sqlite -> sqlite3" in out, out  # the copy was analysed
    broken = {
        line.removesuffix(" BROKEN").strip() for line in out.splitlines() if line.endswith("BROKEN")
    }
    assert broken == {
        "Only storage uses sqlite3",
        "Only the gui uses Qt",
        "The gui uses one Qt binding: PySide6",
    }, out
    for binding in QT_BINDINGS:
        assert f"planner.domain.injected_qt -> {binding}" in out, out
    assert "planner.export.injected_qt -> PyQt6" in out, out
    assert "planner.gui.injected_binding -> qtpy" in out, out
    assert "planner.gui.injected_binding -> PyQt5" in out, out


def test_pyplot_and_matplotlib_qt_backends_are_banned(tmp_path):
    scratch = tmp_path / "scratch.py"
    scratch.write_text(
        "import matplotlib.pyplot as plt\n"
        "from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg\n"
        "from matplotlib.backends import backend_qt5agg\n"
        "from matplotlib.figure import Figure\n"
        "from matplotlib.backends.backend_agg import FigureCanvasAgg\n"
        "print(plt, FigureCanvasQTAgg, backend_qt5agg, Figure, FigureCanvasAgg)\n"
    )
    res = subprocess.run(
        [_tool("ruff"), "check", "--no-cache", "--config", str(ROOT / "pyproject.toml"),
         "--select", "TID251", "--output-format", "concise", str(scratch)],
        capture_output=True, text=True,
    )  # fmt: skip
    out = res.stdout + res.stderr
    assert res.returncode == 1, out
    assert [line.split(":")[1] for line in out.splitlines() if "TID251" in line] == [
        "1", "2", "3"
    ], out  # fmt: skip


def test_core_and_cli_import_without_qt_or_matplotlib():
    code = (
        "import sys, planner.cli, planner.app.session, planner.scheduling.propagate,"
        " planner.storage.repository, planner.export.digest;"
        "bad = [m for m in ('PySide6', 'matplotlib') if m in sys.modules];"
        "assert not bad, bad"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
