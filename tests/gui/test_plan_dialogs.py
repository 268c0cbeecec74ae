"""The sprints dialog with team-specific sprints: every sprint is listed with its team
("All teams" or one team), can be edited, regenerated per team from a cadence, added
after a team's last sprint, and a sprint that ends before it starts keeps the dialog
open with a message. Through the window it is one SetSprints step saved to the file."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog

from planner.app.sample import sample_plan
from planner.app.session import PlanSession
from planner.domain.edits import SetSprints
from planner.domain.model import Sprint
from planner.gui.app import create_main_window
from planner.gui.plan_dialogs import SprintsDialog
from planner.storage.repository import PlanRepository

TODAY = date(2026, 11, 22)
MOBILE = (
    Sprint("Mobile 7", date(2026, 11, 9), date(2026, 11, 20), "mobile"),
    Sprint("Mobile 8", date(2026, 11, 23), date(2026, 12, 4), "mobile"),
)


@pytest.fixture
def window(qtbot, tmp_path, errors):
    path = tmp_path / "sample.roadmap"
    plan = sample_plan(TODAY)
    repo = PlanRepository.open(path, create=True)
    repo.write_plan(plan)
    repo.close()
    w = create_main_window(path, TODAY)
    qtbot.addWidget(w)
    w.show()
    assert w.apply_edit(SetSprints(plan.sprints + MOBILE)) is not None
    yield w
    w.session.close()


def dialog(qtbot, window) -> SprintsDialog:
    plan = window.session.plan
    dlg = SprintsDialog(plan.sprints, TODAY, None, plan.teams)
    qtbot.addWidget(dlg)
    return dlg


def team_cell(dlg, row: int):
    return dlg.table.cellWidget(row, 1)


def stored_sprints(path):
    s = PlanSession.open(path, read_only=True)
    try:
        return s.plan.sprints
    finally:
        s.close()


def test_team_sprints_are_listed_with_their_team_and_unchanged_when_untouched(qtbot, window):
    dlg = dialog(qtbot, window)
    assert dlg.table.rowCount() == 7
    assert [team_cell(dlg, r).currentText() for r in range(7)] == ["All teams"] * 5 + [
        "Mobile",
        "Mobile",
    ]
    assert dlg.sprints() == window.session.plan.sprints  # OK without edits changes nothing


def test_a_sprint_can_change_team_name_and_dates(qtbot, window):
    dlg = dialog(qtbot, window)
    web = team_cell(dlg, 6).findData("web")
    team_cell(dlg, 6).setCurrentIndex(web)
    dlg.table.item(6, 0).setText("Web 1")
    dlg.table.cellWidget(6, 3).setDate(QDate(2026, 12, 11))
    team_cell(dlg, 0).setCurrentIndex(team_cell(dlg, 0).findData("be"))
    sprints = dlg.sprints()
    assert sprints[6] == Sprint("Web 1", date(2026, 11, 23), date(2026, 12, 11), "web")
    assert sprints[0].team == "be" and sprints[5] == MOBILE[0]
    assert window.apply_edit(SetSprints(sprints)) is not None
    assert window.session.plan.sprints == sprints
    assert stored_sprints(window.session.path) == sprints
    window.undo_history.undo()
    assert window.session.plan.sprints[5:] == MOBILE


def test_the_cadence_replaces_only_the_chosen_teams_sprints(qtbot, window):
    dlg = dialog(qtbot, window)
    plan_wide = window.session.plan.sprints[:5]
    dlg.set_cadence_team("mobile")
    # the cadence box starts from Mobile's own sprints
    assert dlg.first_day.date() == QDate(2026, 11, 9)
    assert (dlg.weeks.value(), dlg.count.value(), dlg.first_number.value()) == (2, 2, 7)
    assert dlg.pattern.text() == "Mobile {n}"
    assert "Mobile" in dlg.generate_button.text()
    dlg.weeks.setValue(1)
    dlg.count.setValue(3)
    dlg.pattern.setText("M{n}")
    dlg.generate()
    sprints = dlg.sprints()
    assert sprints[:5] == plan_wide
    assert sprints[5:] == (
        Sprint("M7", date(2026, 11, 9), date(2026, 11, 15), "mobile"),
        Sprint("M8", date(2026, 11, 16), date(2026, 11, 22), "mobile"),
        Sprint("M9", date(2026, 11, 23), date(2026, 11, 29), "mobile"),
    )
    # a team without sprints yet gets its first ones at the end
    dlg.set_cadence_team("web")
    dlg.count.setValue(2)
    dlg.generate()
    assert [s.team for s in dlg.sprints()] == [None] * 5 + ["mobile"] * 3 + ["web"] * 2


def test_add_sprint_follows_the_selected_rows_team(qtbot, window):
    dlg = dialog(qtbot, window)
    dlg.table.setCurrentCell(5, 0)  # Mobile 7
    dlg.add_after_last()  # Mobile 8 is Mon 23 Nov - Fri 4 Dec
    assert dlg.sprints()[7] == Sprint("Mobile 9", date(2026, 12, 7), date(2026, 12, 18), "mobile")
    dlg.table.setCurrentCell(0, 0)  # a plan-wide sprint
    dlg.add_after_last()
    # Sprint 17 is Mon 28 Dec - Fri 8 Jan; sprints start every other Monday
    assert dlg.sprints()[5] == Sprint("Sprint 18", date(2027, 1, 11), date(2027, 1, 22))
    assert dlg.table.currentRow() == 5


def test_a_sprint_ending_before_it_starts_keeps_the_dialog_open(qtbot, window):
    dlg = dialog(qtbot, window)
    dlg.show()
    dlg.table.cellWidget(6, 3).setDate(QDate(2026, 11, 20))
    dlg.accept()
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert dlg.problem.isVisible()
    assert "Mobile 8 finishes (Fri 20 Nov 2026) before it starts" in dlg.problem.text()
    dlg.table.cellWidget(6, 3).setDate(QDate(2026, 12, 4))
    dlg.accept()
    assert dlg.result() == QDialog.DialogCode.Accepted


def test_the_sprints_action_edits_team_sprints_as_one_step(window, monkeypatch):
    def edit_and_accept(dlg):
        assert team_cell(dlg, 0).findText("Mobile") > 0  # the window passes the teams
        dlg.table.item(5, 0).setText("Mobile seven")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SprintsDialog, "exec", edit_and_accept)
    steps = window.undo_history.count()
    window.actions_["sprints"].trigger()
    assert window.session.plan.sprints[5].name == "Mobile seven"
    assert window.session.plan.sprints[5].team == "mobile"
    assert stored_sprints(window.session.path)[5].name == "Mobile seven"
    assert window.undo_history.count() == steps + 1
