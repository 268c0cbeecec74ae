"""Baselines in the app: Plan > Save baseline… (asking before it replaces one), Plan >
Compare with / the status bar's picker (ghosts on the timeline, the table's Variance
column), the picker following the roadmap, and the export dialog listing what was saved
here. Saving a baseline is not an edit: nothing to undo.

Today (Sun 22 Nov 2026) is in the sample's Sprint 14, so opening it keeps the baselines
"Sprint 13 start" and "Sprint 14 start" first.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from planner.app.actuals import RecordProgress
from planner.app.sample import sample_plan
from planner.app.session import PlanSession
from planner.domain.edits import AddItem, UpdateItem
from planner.domain.model import Item
from planner.gui.app import create_main_window
from planner.gui.baselines_feature import SaveBaselineDialog
from planner.gui.export_dialog import ExportDialog
from planner.gui.table import COL
from planner.storage.repository import PlanRepository

TODAY = date(2026, 11, 22)
SPRINT_BASELINES = ["Sprint 13 start", "Sprint 14 start"]


@pytest.fixture
def feature(window):
    return window.baselines_feature


def save_as(monkeypatch, feature, name: str | None) -> None:
    """Run Plan > Save baseline… answering ``name`` (None: Cancel)."""

    def exec_(dialog):
        if name is None:
            return QDialog.DialogCode.Rejected
        dialog.edit.setText(name)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SaveBaselineDialog, "exec", exec_)
    feature.save_action.trigger()


def answer_replace(monkeypatch, yes: bool) -> list[str]:
    asked: list[str] = []

    def question(parent, title, text, *rest):
        asked.append(text)
        return QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def combo_texts(feature) -> list[str]:
    return [feature.combo.itemText(k) for k in range(feature.combo.count())]


def menu_texts(feature) -> list[str]:
    return [a.text() for a in feature.compare_menu.actions() if not a.isSeparator()]


def variance(window, item_id: str) -> str:
    model = window.table.model
    return model.index(model.row_of(item_id), COL["variance"]).data()


# -- the Plan menu and saving ---------------------------------------------------------
def test_the_plan_menu_sits_before_help_and_holds_the_baseline_actions(window, feature):
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&Plan") == titles.index("&Help") - 1
    plan = [a.text() for a in window.menu("&Plan").actions()]
    assert "Save &baseline…" in plan and "&Compare with" in plan
    assert window.menu("&Plan") is window.menu("Plan")  # others add to the same menu


def test_opening_the_roadmap_kept_the_sprint_start_baselines(window, feature):
    assert [b.name for b in window.session.baselines()] == SPRINT_BASELINES
    assert feature.names() == SPRINT_BASELINES
    assert combo_texts(feature) == ["None", *SPRINT_BASELINES]
    assert menu_texts(feature) == ["None", *SPRINT_BASELINES]
    assert window.session.clock() == TODAY


def test_save_baseline_offers_a_dated_name_and_is_no_undo_step(window, feature, monkeypatch):
    seen = {}

    def exec_(dialog):
        seen["name"] = dialog.name()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SaveBaselineDialog, "exec", exec_)
    steps = window.undo_history.count()
    feature.save_action.trigger()
    assert seen["name"] == "Baseline 2026-11-22"
    assert feature.names() == [*SPRINT_BASELINES, "Baseline 2026-11-22"]
    assert combo_texts(feature)[-1] == "Baseline 2026-11-22"
    assert "saved (40 items)" in window.statusBar().currentMessage()
    assert window.undo_history.count() == steps  # not an edit
    again = PlanSession.open(window.session.path, read_only=True)
    try:
        assert "Baseline 2026-11-22" in [b.name for b in again.baselines()]
    finally:
        again.close()

    save_as(monkeypatch, feature, None)  # Cancel saves nothing
    assert len(feature.names()) == 3


def test_the_dialog_will_not_save_without_a_name(qtbot):
    dialog = SaveBaselineDialog("Baseline 2026-11-22")
    qtbot.addWidget(dialog)
    save = dialog.buttons.buttons()[0]
    assert save.isEnabled()
    dialog.edit.setText("   ")
    assert not save.isEnabled() and dialog.name() == ""


def test_saving_under_a_name_that_exists_asks_first(window, feature, monkeypatch):
    s = window.session
    save_as(monkeypatch, feature, "Kick-off")
    kick_off = s.baseline_dates("Kick-off")
    window.apply_edit(UpdateItem.of("proto", start=date(2026, 12, 1)))
    moved = s.schedule.dates("proto")
    assert kick_off["proto"] != moved

    asked = answer_replace(monkeypatch, yes=False)
    save_as(monkeypatch, feature, "Kick-off")
    assert len(asked) == 1 and "Kick-off" in asked[0]
    assert s.baseline_dates("Kick-off") == kick_off  # kept

    asked = answer_replace(monkeypatch, yes=True)
    save_as(monkeypatch, feature, "Kick-off")
    assert len(asked) == 1
    assert s.baseline_dates("Kick-off")["proto"] == moved  # replaced
    assert feature.names().count("Kick-off") == 1


# -- comparing ----------------------------------------------------------------------
def test_comparing_draws_ghosts_under_what_moved_and_fills_variance(window, feature, monkeypatch):
    s, scene = window.session, window.scene
    save_as(monkeypatch, feature, "Kick-off")
    window.apply_edit(RecordProgress("api", TODAY, started=date(2026, 11, 12)))  # +3 days
    window.apply_edit(AddItem(Item("new", "New work", "be", start=date(2026, 11, 30))))
    assert scene.baseline_ghosts == {} and variance(window, "api") == ""  # nothing chosen

    k = feature.combo.findText("Kick-off")
    feature.combo.setCurrentIndex(k)
    feature.combo.activated.emit(k)
    assert feature.chosen == "Kick-off" and window.table.model.baseline_name == "Kick-off"
    moved = {i for i, *_ in s.compare_baseline("Kick-off")}
    assert {"api", "freeze", "webhooks"} <= moved
    assert set(scene.baseline_ghosts) == moved
    assert variance(window, "api") == "+3 d"
    assert variance(window, "proto") == "0 d"  # did not move
    assert variance(window, "new") == ""  # not in the baseline
    checked = [a.text() for a in feature.compare_menu.actions() if a.isChecked()]
    assert checked == ["Kick-off"]

    # the ghost sits at the baseline's dates, in the item's row
    api, ghost = scene.glyphs["api"], scene.baseline_ghosts["api"]
    first, last = s.baseline_dates("Kick-off")["api"]
    assert ghost.pos().x() == scene.scale.x_of(first)
    assert ghost.pos().y() == api.y0
    assert ghost.width == scene.scale.x_of(last) + scene.scale.ppd - scene.scale.x_of(first)
    text = ghost.toolTip().replace("\xa0", " ")  # a tooltip keeps its spaces as no-break
    assert "In baseline 'Kick-off': Mon 9 Nov → Mon 23 Nov (finish now +3 d)" in text
    assert scene.baseline_ghosts["freeze"].milestone  # a hollow diamond

    none = next(a for a in feature.compare_menu.actions() if a.text() == "None")
    none.trigger()
    assert feature.chosen is None and scene.baseline_ghosts == {}
    assert variance(window, "api") == ""


def test_ghosts_and_variance_follow_edits_undo_and_zoom(window, feature, monkeypatch):
    scene = window.scene
    save_as(monkeypatch, feature, "Kick-off")
    feature.choose("Kick-off")
    assert scene.baseline_ghosts == {}
    window.apply_edit(UpdateItem.of("proto", start=date(2026, 12, 1)))
    assert "proto" in scene.baseline_ghosts
    assert variance(window, "proto") == "+3 d"
    x = scene.baseline_ghosts["proto"].pos().x()
    window.view.set_ppd(scene.scale.ppd * 2)
    assert scene.baseline_ghosts["proto"].pos().x() != x  # re-placed at the new zoom
    window.undo_history.undo()
    assert "proto" not in scene.baseline_ghosts
    assert variance(window, "proto") == "0 d"
    window.undo_history.redo()
    scene.rebuild()  # as after a change of lanes: the ghosts are drawn again with it
    assert "proto" in scene.baseline_ghosts


def test_a_baseline_saved_again_redraws_the_comparison(window, feature, monkeypatch):
    save_as(monkeypatch, feature, "Kick-off")
    feature.choose("Kick-off")
    window.apply_edit(UpdateItem.of("proto", start=date(2026, 12, 1)))
    assert "proto" in window.scene.baseline_ghosts
    answer_replace(monkeypatch, yes=True)
    save_as(monkeypatch, feature, "Kick-off")  # now the moved dates are the baseline
    assert feature.chosen == "Kick-off"
    assert window.scene.baseline_ghosts == {}
    assert variance(window, "proto") == "0 d"


def test_the_picker_hears_of_baselines_saved_by_the_session(window, feature):
    changes = window.session.save_baseline("From elsewhere")
    window.changes_done(changes)
    assert feature.names()[-1] == "From elsewhere"
    assert combo_texts(feature)[-1] == "From elsewhere"


def test_another_roadmap_drops_the_comparison(window, feature, tmp_path):
    feature.choose("Sprint 13 start")
    window.apply_edit(UpdateItem.of("proto", start=date(2026, 12, 1)))
    assert window.scene.baseline_ghosts
    other = tmp_path / "other.roadmap"
    repo = PlanRepository.open(other, create=True)
    repo.write_plan(sample_plan(TODAY))
    repo.close()
    assert window.open_file(other)
    assert feature.chosen is None and window.scene.baseline_ghosts == {}
    assert combo_texts(feature) == ["None", *SPRINT_BASELINES]
    assert window.table.model.baseline is None


def test_a_read_only_roadmap_can_be_compared_but_not_baselined(qtbot, sample_path):
    writer = PlanSession.open(sample_path)
    try:
        writer.save_baseline("Kick-off")
        writer.apply(UpdateItem.of("proto", start=date(2026, 12, 1)))
        w = create_main_window(sample_path, TODAY)
        qtbot.addWidget(w)
        w.show()
        feature = w.baselines_feature
        assert not feature.save_action.isEnabled()
        assert feature.names() == ["Kick-off"]  # a read-only window keeps none itself
        feature.choose("Kick-off")
        assert "proto" in w.scene.baseline_ghosts
        w.session.close()
    finally:
        writer.close()


def test_the_export_dialog_lists_a_baseline_saved_in_the_app(window, feature, monkeypatch):
    save_as(monkeypatch, feature, "Before the offsite")
    seen = {}

    def exec_(dialog):
        combo = dialog.baseline_combo
        seen["names"] = [combo.itemText(k) for k in range(combo.count())]
        return 0

    monkeypatch.setattr(ExportDialog, "exec", exec_)
    window.export_feature.open_dialog()
    assert seen["names"] == ["None", *SPRINT_BASELINES, "Before the offsite"]
