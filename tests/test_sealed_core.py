"""The session is the only door: the GUI, the exports and the CLI never reach past
``PlanSession`` to its engine or repository (DESIGN.md, 'The session is the only door')."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "planner"
SEALED = {"engine", "_engine", "repo", "_repo"}


def _reaches_past_the_session(source: str) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute) and node.attr in SEALED
    ]


def test_gui_export_and_cli_never_touch_the_engine_or_repository():
    files = [*(ROOT / "gui").rglob("*.py"), *(ROOT / "export").rglob("*.py")]
    files += [ROOT / "cli.py", *(ROOT / "cli").rglob("*.py")]
    found = {
        str(p.relative_to(ROOT)): lines
        for p in files
        if p.exists() and (lines := _reaches_past_the_session(p.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_check_finds_a_reach_past_the_session():
    assert _reaches_past_the_session("cal = window.session.engine.calendar\n") == [1]
    assert _reaches_past_the_session("rows = self.session._repo.notices()\n") == [1]
    assert _reaches_past_the_session("cal = self.session.calendar\n") == []
