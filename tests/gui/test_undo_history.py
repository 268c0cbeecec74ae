"""Undo and Redo in the window mirror the session's stored history: they survive
closing the app, a failed undo leaves them right, nudges merge into one step."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from planner.app.slips import RecordSlip
from planner.domain.edits import MoveItem, SetTeams
from planner.domain.model import Team
from planner.gui.app import create_main_window

from .conftest import TODAY


def test_undo_survives_closing_the_app(qtbot, sample_path, errors):
    w = create_main_window(sample_path, TODAY)
    qtbot.addWidget(w)
    start = w.session.plan.item("api").start
    w.apply_edit(MoveItem("api", start + timedelta(days=7)))
    assert w.undo_history.undo_action.isEnabled()
    w.session.close()
    w.close()

    again = create_main_window(sample_path, TODAY)
    qtbot.addWidget(again)
    try:
        action = again.undo_history.undo_action
        assert action.isEnabled() and action.text() == "&Undo Move Payments API"
        action.trigger()
        assert again.session.plan.item("api").start == start
        assert again.undo_history.redo_action.text() == "&Redo Move Payments API"
        assert not again.undo_history.undo_action.isEnabled()  # the creation is not a step
    finally:
        again.session.close()


def test_a_failed_undo_leaves_the_actions_as_the_file_says(window, monkeypatch, errors):
    start = window.session.plan.item("api").start
    window.apply_edit(MoveItem("api", start + timedelta(days=3)))
    from planner.domain.errors import RoadmapFileError

    def refuse(**_kw):
        raise RoadmapFileError("the disk is full; nothing was changed")

    monkeypatch.setattr(window.session, "undo", refuse)
    window.undo_history.undo_action.trigger()
    assert errors and "disk is full" in errors[-1]
    assert window.undo_history.undo_text() == "Move Payments API"
    assert window.session.plan.item("api").start == start + timedelta(days=3)
    monkeypatch.undo()
    window.undo_history.undo_action.trigger()
    assert window.session.plan.item("api").start == start


def test_arrow_nudges_are_one_step_in_the_file(window, qtbot):
    window.select_item("api")
    window.view.setFocus()
    start = window.session.plan.item("api").start
    for _ in range(3):
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert window.session.undo_counts()[0] == 1
    window.undo_history.undo()
    assert window.session.plan.item("api").start == start


def test_a_renamed_team_shows_in_the_notices_dock_at_once(window):
    window.session.apply(RecordSlip("api", 3, "vendor down", TODAY))
    dock = window.notices_feature.dock
    teams = tuple(
        Team(t.id, "Platform" if t.id == "be" else t.name, t.color)
        for t in window.session.plan.teams
    )
    window.apply_edit(SetTeams(teams))
    names = [dock.team_combo.itemText(k) for k in range(dock.team_combo.count())]
    assert "Platform" in names
    tops = [dock.tree.topLevelItem(k).text(0) for k in range(dock.tree.topLevelItemCount())]
    assert any(t.startswith("Platform") for t in tops), tops


def test_the_status_bar_says_what_was_undone_not_who_was_told_before(window):
    """A slip tells the teams; its undo replaces that message with what was undone."""
    window.apply_edit(RecordSlip("api", 3, "vendor down", TODAY))
    assert "notified" in window.statusBar().currentMessage()
    window.undo_history.undo_action.trigger()
    message = window.statusBar().currentMessage()
    assert message.startswith("Undone: ") and "notified" not in message
    window.undo_history.redo_action.trigger()
    assert window.statusBar().currentMessage() != message


def test_a_nudge_its_dependencies_absorb_says_so(window, qtbot):
    """Left on an item its predecessors hold moves only its planned start: the bar
    stays, and the status bar says why instead of nothing."""
    s = window.session
    held = next(
        it.id for k, it in enumerate(s.plan.items)
        if not it.done and s.schedule.driver_at(k).to_dict()["kind"] == "dependency"
    )  # fmt: skip
    before = s.schedule.points(held)
    window.select_item(held)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    assert s.schedule.points(held) == before
    assert "stays where it is: its dependencies hold it" in window.statusBar().currentMessage()
