"""The forecast in the desktop app: View > Show forecast draws each milestone's and each
deadline's P50-P80 range on the timeline with the on-time chance beside the deadline,
fills the table's Forecast P80 and On time columns, follows edits, is computed off the
GUI thread (the newest request wins), is remembered; the export dialog's "Forecast
ranges" draws it. Real widgets under pytest-qt; the numbers are checked against the
core's forecast of the session's plan."""

from __future__ import annotations

import dataclasses
import io
import math
from datetime import date, timedelta

import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QGraphicsSceneHelpEvent

from planner.app.forecasting import ForecastJob, chance_text, forecast_session
from planner.app.sample import sample_plan
from planner.app.settings import Settings, load_settings, save_settings
from planner.domain.edits import AddItem, ReplacePlan, SetTeams, UpdateItem
from planner.domain.model import Item, Plan
from planner.gui.app import create_main_window
from planner.gui.export_dialog import ExportDialog
from planner.gui.forecast_feature import ForecastRunner
from planner.gui.plain_text import tip
from planner.gui.table import COL
from planner.gui.timeline_forecast import CHANCE_COLORS, RANGE_Y
from planner.gui.timeline_layout import ROW_H
from planner.scheduling.calendar import WorkCalendar
from planner.scheduling.propagate import schedule_plan
from planner.storage.repository import PlanRepository

TODAY = date(2026, 11, 22)
# How long each done task took, over its estimate: Design runs a little late, Backend
# late (its vendor sandbox most of all), Mobile has one task (so it draws the plan's).
# Every one finished before TODAY.
TOOK = {"disc": 1.0, "flows": 1.5, "wire": 1.2, "ds": 1.4,
        "schema": 1.0, "vendor": 1.5, "auth": 1.4, "mnav": 1.2}  # fmt: skip


def history_plan(today: date = TODAY) -> Plan:
    """The sample roadmap with history: the tasks of TOOK done on actual dates."""
    plan = sample_plan(today)
    sched = schedule_plan(plan)
    cal = WorkCalendar(plan.calendar)
    items = []
    for it in plan.items:
        if it.id in TOOK:
            start = cal.start_index(sched.dates(it.id)[0])
            took = math.ceil(it.duration * TOOK[it.id])
            it = dataclasses.replace(it, done=True, actual_start=cal.date_of(start),
                                     actual_finish=cal.date_of(start + took - 1))  # fmt: skip
        items.append(it)
    plan = plan.with_items(items)
    assert all(it.actual_finish < today for it in plan.items if it.done)
    return plan


@pytest.fixture
def session(make_session):
    return make_session(history_plan(), "History.roadmap")


def wait_idle(qtbot, runner: ForecastRunner) -> None:
    qtbot.waitUntil(lambda: not runner.running, timeout=10000)


# -- the runner ---------------------------------------------------------------------
def test_runner_tells_the_result_of_the_newest_request_only(qtbot, session):
    runner = ForecastRunner()
    told = []
    runner.finished.connect(told.append)
    old = ForecastJob(session.plan, TODAY)
    api = session.plan.item("api")
    other_plan = session.plan.replace_item(dataclasses.replace(api, duration=api.duration + 5))
    new = ForecastJob(other_plan, TODAY)
    runner.request(old)
    runner.request(new)  # while the old one runs: it waits, and the old result is stale
    assert runner.running
    with qtbot.waitSignal(runner.finished, timeout=10000):
        pass
    wait_idle(qtbot, runner)
    assert [r.job for r in told] == [new]
    assert runner.latest is told[0]
    assert runner.result_for(other_plan, TODAY) is told[0]
    assert runner.result_for(session.plan, TODAY) is None
    expected = forecast_session(session, TODAY)  # the same numbers as a direct forecast
    runner.request(ForecastJob(session.plan, TODAY))
    qtbot.waitUntil(lambda: len(told) == 2, timeout=10000)
    assert told[1].forecast.to_dict() == expected.forecast.to_dict()


def test_runner_asked_again_for_what_it_has_tells_nothing_new(qtbot, session):
    runner = ForecastRunner()
    told = []
    runner.finished.connect(told.append)
    job = ForecastJob(session.plan, TODAY)
    runner.request(job)
    runner.request(ForecastJob(session.plan, TODAY))  # the same: nothing more to run
    qtbot.waitUntil(lambda: len(told) == 1, timeout=10000)
    wait_idle(qtbot, runner)
    runner.request(ForecastJob(session.plan, TODAY))
    assert not runner.running and len(told) == 1
    assert runner.result_for(session.plan, TODAY) is told[0]


def test_runner_dropped_request_tells_nothing(qtbot, session):
    runner = ForecastRunner()
    told = []
    runner.finished.connect(told.append)
    runner.request(ForecastJob(session.plan, TODAY))
    runner.cancel()
    wait_idle(qtbot, runner)
    qtbot.wait(50)
    assert told == [] and runner.latest is None


def test_runner_failure_is_one_line(qtbot, session):
    runner = ForecastRunner()
    with qtbot.waitSignal(runner.failed, timeout=10000) as got:
        runner.request(ForecastJob(session.plan, TODAY, runs=0))
    assert got.args == ["runs must be 1 to 100,000, not 0"]
    assert runner.latest is None


# -- the export dialog ----------------------------------------------------------------
@pytest.fixture
def dialog(qtbot, session):
    d = ExportDialog(session, Settings(), TODAY)
    qtbot.addWidget(d)
    return d


def test_export_dialog_draws_the_forecast_once_computed(qtbot, dialog, session, tmp_path):
    plain = tmp_path / "plain.png"
    assert dialog.export_to(plain)
    dialog.forecast_check.setChecked(True)
    dialog.refresh_preview()  # starts the forecast off the GUI thread
    assert dialog.forecast_pending
    assert not dialog.export_button.isEnabled()
    assert "forecasting…" in dialog.preview_note.text()
    assert not dialog.export_to(tmp_path / "early.png")  # not without its forecast
    assert "still being computed" in dialog.error_label.text()
    assert not (tmp_path / "early.png").exists()
    qtbot.waitUntil(lambda: not dialog.forecast_pending, timeout=10000)
    assert dialog.export_button.isEnabled()
    assert "forecasting" not in dialog.preview_note.text()
    assert dialog.options().forecast == forecast_session(session, TODAY).marks()
    drawn = tmp_path / "forecast.png"
    assert dialog.export_to(drawn)
    assert Image.open(io.BytesIO(drawn.read_bytes())).size == (1920, 1080)
    assert drawn.read_bytes() != plain.read_bytes()
    dialog.reject()
    assert dialog.settings.export.forecast is True  # remembered


def test_export_dialog_forecast_is_for_images_only(dialog):
    dialog.forecast_check.setChecked(True)
    dialog._select(dialog.format_combo, "csv")
    dialog.refresh_preview()
    assert not dialog.forecast_check.isEnabled()
    assert dialog.options().forecast is None and not dialog.forecast_pending
    assert dialog.export_button.isEnabled()


def test_export_dialog_reuses_the_windows_forecast(qtbot, session):
    from PySide6.QtWidgets import QWidget

    host = QWidget()
    qtbot.addWidget(host)
    runner = ForecastRunner(host)
    with qtbot.waitSignal(runner.finished, timeout=10000):
        runner.request(ForecastJob(session.plan, TODAY))
    settings = Settings()
    settings.export.forecast = True
    d = ExportDialog(session, settings, TODAY, host)  # the host owns (and closes) it
    assert d.forecasts is runner
    assert d.forecast_check.isChecked() and not d.forecast_pending
    assert d.options().forecast == runner.latest.marks()
    assert d.preview_label.pixmap() is not None
    d.reject()


# -- the window ---------------------------------------------------------------------
@pytest.fixture
def history_path(tmp_path):
    path = tmp_path / "History.roadmap"
    repo = PlanRepository.open(path, create=True)
    repo.write_plan(history_plan())
    repo.close()
    return path


@pytest.fixture
def window(qtbot, history_path, errors):
    w = create_main_window(history_path, TODAY)
    w.reason_provider = None
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.session.close()


def toggle(window):
    return next(a for a in window.menu("&View").actions() if a.objectName() == "show_forecast")


def wait_shown(qtbot, window):
    """Until the window shows the forecast of its roadmap as it is now."""
    f = window.forecast_feature
    qtbot.waitUntil(
        lambda: f.shown is not None and f.shown.is_for(window.session.plan, TODAY), timeout=10000
    )
    return f.shown


def day_end_x(scene, d: date) -> float:
    return scene.scale.x_of(d) + scene.scale.ppd


def test_show_forecast_draws_every_range_and_chance(qtbot, window):
    action = toggle(window)
    assert action.isCheckable() and not action.isChecked()
    assert action.shortcut().toString() == "Ctrl+Shift+F"
    assert window.scene.forecast.ranges == {}
    before = len(window.scene.items())
    action.trigger()
    assert window.statusBar().currentMessage() == "Forecasting 40 items…"
    shown = wait_shown(qtbot, window)
    assert window.statusBar().currentMessage() == ""
    expected = forecast_session(window.session, TODAY)
    assert shown.forecast.to_dict() == expected.forecast.to_dict()
    scene, layer = window.scene, window.scene.forecast
    milestones = {it.id for it in window.session.plan.items if it.is_milestone and not it.done}
    assert milestones <= set(layer.ranges)
    assert set(layer.ranges) == {f.id for f in expected.forecast.items}
    assert layer.range_item.scene() is scene and layer.chance_item.scene() is scene
    for f in expected.forecast.items:
        r, glyph = layer.ranges[f.id], scene.glyphs[f.id]
        assert (r.x0, r.x1) == (day_end_x(scene, f.p50), day_end_x(scene, f.p80))
        assert (r.x_finish, r.y) == (glyph.end_x(), glyph.y0)
        assert layer.range_item.boundingRect().contains(QPointF(r.x1, r.y + RANGE_Y))
    with_deadline = {f.id: f for f in expected.forecast.items if f.on_time is not None}
    assert set(layer.chances) == set(with_deadline) == {"invoices", "legal", "ga"}
    for item_id, f in with_deadline.items():
        mark, glyph = layer.chances[item_id], scene.glyphs[item_id]
        assert mark.text == chance_text(f.on_time)
        assert mark.x >= glyph.x0 + glyph.deadline_dx  # beside the marker, not before it
        assert mark.y == glyph.y0
    levels = {i: layer.chances[i].color.name() for i in with_deadline}
    assert levels["ga"] == CHANCE_COLORS["low"].name()  # 5 %: red
    assert levels["legal"] == CHANCE_COLORS["good"].name()  # 100 %: green
    image = QImage(1200, 900, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    scene.render(painter, QRectF(0, 0, 1200, 900), scene.itemsBoundingRect())  # paints it
    painter.end()
    assert load_settings().show_forecast is True
    action.trigger()  # off
    assert window.scene.forecast.ranges == {} and window.scene.forecast.chances == {}
    assert layer.range_item is None and len(scene.items()) == before
    assert load_settings().show_forecast is False


def test_range_tooltip_says_dates_chance_and_history(qtbot, window):
    toggle(window).trigger()
    shown = wait_shown(qtbot, window)
    scene, layer = window.scene, window.scene.forecast
    r, c = layer.ranges["ga"], layer.chances["ga"]
    assert layer.range_item.toolTip() == ""  # written when asked for

    def ask_at(x: float, y: float) -> None:
        event = QGraphicsSceneHelpEvent(QEvent.Type.GraphicsSceneHelp)
        event.setScenePos(QPointF(x, y))
        QApplication.sendEvent(scene, event)

    f = shown.get("ga")
    text = (
        f"P50 {f.p50:%a} {f.p50.day} {f.p50:%b} – P80 {f.p80:%a} {f.p80.day} {f.p80:%b} 2027;"
        f" {chance_text(f.on_time)} on time;\nBackend's 3 done tasks took 1.4× their estimate"
        " at the median (1.0×–1.5×)"
    )
    ask_at((r.x0 + r.x1) / 2, r.y + RANGE_Y)
    assert layer.range_item.toolTip() == tip(text) and layer.chance_item.toolTip() == ""
    ask_at(c.x + c.width / 2, c.y + ROW_H / 2)
    assert layer.chance_item.toolTip() == tip(text) and layer.range_item.toolTip() == ""
    ask_at(r.x0, r.y + 2)  # over the row, not over the range
    assert layer.range_item.toolTip() == layer.chance_item.toolTip() == ""


def test_table_shows_forecast_p80_and_on_time(qtbot, window):
    model, view = window.table.model, window.table.view
    assert view.isColumnHidden(COL["p80"]) and view.isColumnHidden(COL["on_time"])
    toggle(window).trigger()
    shown = wait_shown(qtbot, window)
    assert not view.isColumnHidden(COL["p80"]) and not view.isColumnHidden(COL["on_time"])
    p80_width = view.columnWidth(COL["p80"])
    assert p80_width >= view.fontMetrics().horizontalAdvance("Wed 30 Dec 2026")  # fits a date
    row = model.row_of("ga")
    f = shown.get("ga")
    p80 = model.index(row, COL["p80"])
    assert p80.data() == f"{f.p80:%a} {f.p80.day} {f.p80:%b %Y}"
    assert p80.data(Qt.ItemDataRole.ToolTipRole) == tip(shown.tip("ga"))
    on_time = model.index(row, COL["on_time"])
    assert on_time.data() == chance_text(f.on_time)
    assert on_time.data(Qt.ItemDataRole.ForegroundRole).name() == CHANCE_COLORS["low"].name()
    task = model.index(model.row_of("api"), COL["p80"])  # a task without a deadline: none
    assert task.data() == ""
    assert model.index(model.row_of("handoff"), COL["on_time"]).data() == ""  # no deadline
    toggle(window).trigger()
    assert view.isColumnHidden(COL["p80"]) and model.index(row, COL["p80"]).data() == ""


def test_a_hidden_table_sorts_by_the_forecast_once_shown(qtbot, window):
    view, proxy = window.table.view, window.table.proxy
    view.sortByColumn(COL["on_time"], Qt.SortOrder.DescendingOrder)
    assert not window.table.isVisible()  # the timeline is in front
    toggle(window).trigger()
    shown = wait_shown(qtbot, window)
    window.tabs.setCurrentWidget(window.table)
    assert window.table.isVisible()
    chances = sorted((f.on_time for f in shown.forecast.items if f.on_time is not None),
                     reverse=True)  # fmt: skip
    column = [proxy.index(r, COL["on_time"]).data() for r in range(proxy.rowCount())]
    assert column[:3] == [chance_text(c) for c in chances] == ["100 %", "6 %", "0 %"]
    assert set(column[3:]) == {""}


def test_forecast_follows_edits_and_drops_stale_results(qtbot, window):
    toggle(window).trigger()
    first = wait_shown(qtbot, window)
    drawn = []
    layer = window.scene.forecast
    original = layer.show
    layer.show = lambda result: (drawn.append(result), original(result))[1]
    api = window.session.plan.item("api")
    window.apply_edit(UpdateItem.of("api", duration=api.duration + 10))
    between = window.session.plan
    window.forecast_feature.refresh()  # its forecast starts now, not after the pause
    assert window.forecast_feature.runner.running
    assert window.statusBar().currentMessage() == "Forecasting 40 items…"
    window.apply_edit(UpdateItem.of("api", duration=api.duration + 12))  # meanwhile
    shown = wait_shown(qtbot, window)
    assert shown is not first
    assert not any(r.is_for(between, TODAY) for r in drawn if r is not None)  # dropped
    assert drawn == [shown]
    assert shown.get("ga").p50 > first.get("ga").p50  # Payments API leads to GA
    assert layer.ranges["ga"].x0 == day_end_x(window.scene, shown.get("ga").p50)
    window.undo_history.undo()
    again = wait_shown(qtbot, window)
    assert again.get("ga").p50 < shown.get("ga").p50


def test_changes_that_cannot_move_it_keep_the_forecast(qtbot, window):
    toggle(window).trigger()
    shown = wait_shown(qtbot, window)
    window.forecast_feature.runner.latest = None  # a recompute would have to run
    window.changes_done(window.session.save_baseline("Kick-off"))  # no timing in it
    qtbot.wait(window.forecast_feature.DEBOUNCE_MS + 50)
    assert not window.forecast_feature.runner.running
    assert window.forecast_feature.shown is shown


def test_team_names_are_escaped_in_its_tooltips(qtbot, window):
    teams = tuple(
        dataclasses.replace(t, name="<b>Back</b>end") if t.id == "be" else t
        for t in window.session.plan.teams
    )
    window.apply_edit(SetTeams(teams))
    toggle(window).trigger()
    wait_shown(qtbot, window)
    text = window.scene.forecast.tip_of("ga").replace("\xa0", " ")  # tip() keeps spaces
    assert "&lt;b&gt;Back&lt;/b&gt;end's 3 done tasks" in text and "<b>" not in text


def test_zoom_and_rebuilds_move_the_ranges(qtbot, window):
    toggle(window).trigger()
    shown = wait_shown(qtbot, window)
    window.view.set_ppd(20.0)
    scene, f = window.scene, shown.get("beta")
    assert scene.forecast.ranges["beta"].x0 == day_end_x(scene, f.p50)
    scene.rebuild()  # the lanes, the links or the calendar changed: every item is new
    assert scene.forecast.range_item.scene() is scene
    assert scene.forecast.ranges["beta"].x0 == day_end_x(scene, f.p50)


def assert_marks_clear_of_other_items(scene) -> None:
    """No item of a row meets another's forecast range or chance in it."""
    for marks in (scene.forecast.ranges, scene.forecast.chances):
        for item_id, mark in marks.items():
            left, _top, right, _bottom = mark.box()
            y = scene.glyphs[item_id].y0
            for g in scene.glyphs.values():
                if g.item_id != item_id and g.y0 == y:
                    lo, hi = g.span()
                    assert hi <= left or lo >= right, (item_id, g.item_id)


def test_an_item_after_a_forecast_range_in_its_row_starts_past_its_end(qtbot, window):
    toggle(window).trigger()
    wait_shown(qtbot, window)
    window.view.set_ppd(20.0)
    scene = window.scene
    assert_marks_clear_of_other_items(scene)
    # a task just after Web launch's label (under its range), one after GA's (under its
    # chance): packed without the forecast, each would share that row
    after = {"weblaunch": "web", "ga": "be"}
    for target, team in after.items():
        g = scene.glyphs[target]
        mark = (
            scene.forecast.ranges[target]
            if target == "weblaunch"
            else scene.forecast.chances[target]
        )
        x = g.span()[1] + 20  # room for its bar to start past the label and the row's gap
        day = scene.scale.day_at(x) + timedelta(days=1)
        assert scene.scale.x_of(day) - 10 < mark.box()[2]  # its span would meet the mark
        window.apply_edit(AddItem(Item(f"next-{target}", "Follow-up", team, start=day, duration=2)))
    wait_shown(qtbot, window)
    assert_marks_clear_of_other_items(scene)
    for target in after:
        assert scene.glyphs[f"next-{target}"].y0 != scene.glyphs[target].y0
    window.view.set_ppd(9.0)  # at another zoom too
    assert_marks_clear_of_other_items(scene)
    toggle(window).trigger()  # off: spans back to the glyphs' own
    assert all(
        scene._spans[i] == scene.glyphs[it.id].span()
        for i, it in enumerate(window.session.plan.items)
    )


def test_a_forecast_far_past_the_plan_can_be_scrolled_to(qtbot, window):
    # Backend's done tasks started far earlier: about four times their estimates, so GA
    # lands months after its scheduled day.
    def longer(it):
        took = it.actual_finish - it.actual_start
        return dataclasses.replace(it, actual_start=it.actual_finish - 4 * took)

    plan = window.session.plan
    items = [longer(it) if it.done and it.team == "be" else it for it in plan.items]
    window.apply_edit(ReplacePlan(plan.with_items(items)))
    toggle(window).trigger()
    shown = wait_shown(qtbot, window)
    scene, f = window.scene, shown.get("ga")
    assert f.p80 - window.session.schedule.dates("ga")[1] > timedelta(days=60)
    r = scene.forecast.ranges["ga"]
    assert scene.sceneRect().right() >= r.x1 + 40


def test_remembered_and_computed_when_the_window_opens(qtbot, history_path, errors):
    settings = load_settings()
    settings.show_forecast = True
    save_settings(settings)
    w = create_main_window(history_path, TODAY)
    qtbot.addWidget(w)
    try:
        assert toggle(w).isChecked()
        shown = wait_shown(qtbot, w)
        assert set(w.scene.forecast.ranges) == set(shown.items)
    finally:
        w.session.close()


def test_another_roadmap_drops_the_old_forecast(qtbot, window, tmp_path):
    toggle(window).trigger()
    wait_shown(qtbot, window)
    other = tmp_path / "Other.roadmap"
    repo = PlanRepository.open(other, create=True)
    repo.write_plan(sample_plan(TODAY))  # no history: the forecast is the schedule
    repo.close()
    assert window.open_file(other)
    assert window.forecast_feature.shown is None or window.forecast_feature.shown.is_for(
        window.session.plan, TODAY
    )
    shown = wait_shown(qtbot, window)
    f = shown.get("ga")
    assert f.p50 == f.p80 == window.session.schedule.dates("ga")[1]
    assert shown.why("ga").endswith("the forecast is the schedule")


def test_export_from_the_window_reuses_its_forecast(qtbot, window, monkeypatch):
    toggle(window).trigger()
    shown = wait_shown(qtbot, window)
    seen = {}

    def exec_(dialog):
        dialog.forecast_check.setChecked(True)
        seen["runner"] = dialog.forecasts
        seen["marks"] = dialog.options().forecast
        seen["pending"] = dialog.forecast_pending
        return 0

    monkeypatch.setattr(ExportDialog, "exec", exec_)
    window.export_feature.open_dialog()
    assert seen["runner"] is window.forecast_feature.runner
    assert seen["marks"] == shown.marks() and seen["pending"] is False


def test_a_forecast_that_arrives_while_dragging_moves_no_row_until_the_drop(qtbot, window):
    """Forecasts arrive on their own after each edit: one that lands while the mouse
    holds a bar takes its room in the rows when the drag ends, never under the mouse."""
    from tests.gui.test_timeline import drag, point

    toggle(window).trigger()
    result = wait_shown(qtbot, window)
    window.view.set_ppd(20.0)
    scene = window.scene
    scene.forecast.show(None)  # as before the result came
    x = scene.glyphs["weblaunch"].span()[1] + 20  # just past Web launch's label: its range
    day = scene.scale.day_at(x) + timedelta(days=1)
    window.apply_edit(AddItem(Item("next", "Follow-up", "web", start=day, duration=2)))
    scene.forecast.show(None)
    assert scene.glyphs["next"].y0 == scene.glyphs["weblaunch"].y0  # one row without it
    drag(qtbot, window, point(window, "next"), 30, release=False)
    assert window.view.drag.active
    before = {i: g.y0 for i, g in scene.glyphs.items()}
    scene.forecast.show(result)  # the result lands while the mouse is held
    assert {i: g.y0 for i, g in scene.glyphs.items()} == before
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)  # the drag ends (cancelled) ...
    assert not window.view.drag.active
    assert scene.glyphs["next"].y0 != scene.glyphs["weblaunch"].y0  # ... and it takes room
    assert_marks_clear_of_other_items(scene)
