"""``planner FILE`` with a FILE that is no roadmap to open: a missing file is said on
stderr in one line as well as in the dialog; a JSON plan is said on stderr, and the
dialog offers to import it into a new roadmap beside it, which the window then opens."""

from __future__ import annotations

import sys
from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from planner.app.sample import sample_plan
from planner.app.session import PlanSession
from planner.domain.jsonio import plan_to_json
from planner.gui import starting
from planner.gui.app import run_gui

TODAY = date(2026, 11, 22)


@pytest.fixture
def plan_json(tmp_path):
    path = tmp_path / "q3 plan.json"
    path.write_text(plan_to_json(sample_plan(TODAY)), encoding="utf-8")
    return path


def answer(qtbot, button: str) -> list[str]:
    """Press ``button`` ("Import" or "Cancel") on the offer once it shows; its text."""
    seen: list[str] = []

    def press():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != "import-offer":
            QTimer.singleShot(20, press)
            return
        seen.append(box.text())
        wanted = next(b for b in box.buttons() if b.text().replace("&", "") == button)
        qtbot.mouseClick(wanted, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, press)
    return seen


def test_a_plan_file_is_imported_beside_it_when_the_user_says_import(qtbot, plan_json, capsys):
    seen = answer(qtbot, "Import")
    target = starting.import_instead(plan_json)
    assert target == plan_json.with_name("q3 plan.roadmap") and target.is_file()
    assert "q3 plan.json is a plan in a format the app imports" in seen[0]
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("planner: ") and "JSON plan" in err[0]
    assert f"planner import {plan_json} {target}" in err[0]
    s = PlanSession.open(target, read_only=True)
    try:
        assert [it.id for it in s.plan.items] == [it.id for it in sample_plan(TODAY).items]
    finally:
        s.close()
    # once more: the name beside it is taken now, so it gets the next free one
    answer(qtbot, "Import")
    assert starting.import_instead(plan_json) == plan_json.with_name("q3 plan (2).roadmap")


def test_cancel_writes_nothing_and_planner_exits_1(qtbot, plan_json, capsys, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own
    answer(qtbot, "Cancel")
    assert run_gui(str(plan_json)) == 1
    assert not plan_json.with_suffix(".roadmap").exists()
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not a roadmap file" in err[0]


def test_a_plan_that_cannot_be_imported_is_said_on_stderr_and_in_a_dialog(
    qtbot, tmp_path, capsys, monkeypatch
):
    bad = tmp_path / "broken.json"
    bad.write_text('{"items": [{"id": "a", "duration": "long"}]}', encoding="utf-8")
    shown = []
    real_exec = QMessageBox.exec

    def exec_(box):  # the offer is answered below; the error box is only recorded
        if box.objectName() == "import-offer":
            return real_exec(box)
        shown.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    answer(qtbot, "Import")
    assert starting.import_instead(bad) is None
    assert not bad.with_suffix(".roadmap").exists()
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "broken.json" in err[1] and err[1].startswith("planner: ")
    assert shown and shown[0].startswith("Could not import broken.json")


def test_a_missing_roadmap_is_said_on_stderr_and_in_the_dialog(tmp_path, capsys, monkeypatch,
                                                               errors):  # fmt: skip
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    missing = tmp_path / "gone.roadmap"
    assert run_gui(str(missing)) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"planner: {missing}: no such roadmap file"]
    assert errors and "no such roadmap file" in errors[0]
    assert not missing.exists()
    # a JSON name that is not there is no plan to import: the same one line
    assert run_gui(str(tmp_path / "gone.json")) == 1
    assert capsys.readouterr().err.strip().splitlines()[0].startswith("planner: ")
