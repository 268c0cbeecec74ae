"""View > Show forecast (Ctrl+Shift+F): when milestones and deadlines will really land.

``install(window)`` adds the checkable action (remembered in the settings as
``show_forecast``). While it is on, the forecast of the roadmap as of the window's
today (1000 runs, seed 1) is drawn on the timeline (planner/gui/timeline_forecast.py)
and fills the table's Forecast P80 and On time columns; it is computed again after
every change that touches timing (items, links, teams, the calendar) and when another
roadmap is opened.

The forecast runs off the GUI thread (``ForecastRunner``): a job reads only a plan value,
which never changes, so the window goes on while it runs (the status bar says
"Forecasting 10,000 items…"). One job runs at a time; a request made meanwhile waits,
and a newer one replaces it, so the newest request wins and a result for an older plan
state is dropped. The runner polls its job from a timer on the GUI thread, so no Qt
object is touched from the worker thread. While a job runs, Python's cyclic garbage
collector waits: a full collection that the job's allocations set off would walk the
whole heap (the open plan, every glyph: ~50 ms with 10,000 items) holding the GIL, and
stall the window that long; what the job allocates is freed by reference counting.
"""

from __future__ import annotations

import threading
from datetime import date

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence

from planner.app.changes import ChangeKind, Changes
from planner.app.forecasting import ForecastJob, PlanForecast, forecast_job
from planner.app.session import PlanSession
from planner.app.settings import save_settings
from planner.domain.collector import collector_paused
from planner.domain.errors import PlannerError
from planner.domain.model import Plan
from planner.gui.host import WindowHost
from planner.gui.table import ItemTableWidget
from planner.gui.timeline_scene import TimelineScene

__all__ = ["FORECAST_KINDS", "ForecastFeature", "ForecastRunner", "install"]

SHORTCUTS = ("Ctrl+Shift+F", "Ctrl+Alt+F")
# What can move a forecast: dates, durations, done and actual dates (the history), the
# links, the lanes (whose history a task draws from) and the working days.
FORECAST_KINDS = frozenset(
    {ChangeKind.TIMING, ChangeKind.ITEMS, ChangeKind.LINKS, ChangeKind.TEAMS, ChangeKind.CALENDAR}
)


def install(window: WindowHost) -> None:
    window.forecast_feature = ForecastFeature(window)  # type: ignore[attr-defined]


def busy_text(plan: Plan) -> str:
    """The status bar's hint while a forecast runs."""
    return f"Forecasting {len(plan.items):,} items…"


class _Task:
    """One job on its worker thread: its result or its error once ``done`` is set."""

    def __init__(self, job: ForecastJob) -> None:
        self.job = job
        self.result: PlanForecast | None = None
        self.error: BaseException | None = None
        self.done = threading.Event()

    def run(self) -> None:
        try:
            with collector_paused():
                self.result = self.job.run()
        except BaseException as e:  # handed to the GUI thread, which reports it
            self.error = e
        finally:
            self.done.set()


class ForecastRunner(QObject):
    """Runs ForecastJobs on a worker thread, one at a time; only the newest request's
    result is told (``finished``, or ``failed`` with the one-line message of a
    PlannerError). ``latest`` is the newest result told."""

    finished = Signal(object)  # PlanForecast
    failed = Signal(str)
    POLL_MS = 15

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.latest: PlanForecast | None = None
        self._newest: ForecastJob | None = None
        self._task: _Task | None = None
        self._pending: ForecastJob | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(self.POLL_MS)
        self._timer.timeout.connect(self._poll)

    @property
    def running(self) -> bool:
        """True while a job runs on the worker thread (its result may be stale)."""
        return self._task is not None

    def result_for(self, plan: Plan, today: date) -> PlanForecast | None:
        """The newest result if it is the forecast of that very plan value as of today."""
        r = self.latest
        return r if r is not None and r.is_for(plan, today) else None

    def request(self, job: ForecastJob) -> None:
        """Forecast ``job``: now if nothing runs, else once the running job ends, in place
        of any request still waiting. Nothing is told for a job asked for last or whose
        result is ``latest`` already: a caller looks at ``result_for`` first."""
        if job.same_as(self._newest):
            return
        self._newest, self._pending = job, None
        if job.same_as(self.latest.job if self.latest else None):
            return  # told already
        if self._task is None:
            self._start(job)
        elif job.same_as(self._task.job):
            self._newest = self._task.job  # the running job is the one wanted again
        else:
            self._pending = job

    def cancel(self) -> None:
        """Forget what was asked: the running job's result will be dropped."""
        self._newest, self._pending = None, None

    def _start(self, job: ForecastJob) -> None:
        self._task = _Task(job)
        # A daemon: a forecast only computes, so quitting need not wait for one.
        threading.Thread(target=self._task.run, name="forecast", daemon=True).start()
        self._timer.start()

    def _poll(self) -> None:
        task = self._task
        if task is None or not task.done.is_set():
            return
        self._task = None
        if self._pending is not None:
            job, self._pending = self._pending, None
            self._start(job)
        else:
            self._timer.stop()
        if task.job is not self._newest:
            return  # a newer request was made meanwhile: this result is stale
        if task.error is not None:
            self._newest = None
            if not isinstance(task.error, PlannerError):
                raise task.error  # a bug: the app's error hook shows it
            self.failed.emit(str(task.error))
            return
        self.latest = task.result
        self.finished.emit(task.result)


class ForecastFeature(QObject):
    """The View menu's toggle and the forecast it shows in the timeline and the table."""

    DEBOUNCE_MS = 150  # edits in a row (arrow-key nudges) are forecast once

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]  # the window is a QMainWindow
        self.window = window
        self.shown: PlanForecast | None = None
        self.runner = ForecastRunner(self)
        self.runner.finished.connect(self._on_result)
        self.runner.failed.connect(self._on_failed)
        self._busy = ""

        self.action = QAction("Show &forecast", self)
        self.action.setObjectName("show_forecast")
        self.action.setCheckable(True)
        self.action.setStatusTip(
            "Show when milestones and deadlines will really land, from each team's history"
        )
        taken = {k.toString() for a in window.findChildren(QAction) for k in a.shortcuts()}
        free = next((k for k in SHORTCUTS if k not in taken), None)
        if free:
            self.action.setShortcut(QKeySequence(free))
        window.menu("&View").addAction(self.action)
        self.action.setChecked(window.settings.show_forecast)
        self.action.toggled.connect(self.set_enabled)

        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(self.DEBOUNCE_MS)
        self._later.timeout.connect(self.refresh)
        window.changes_applied.connect(self._on_changes)
        window.session_changed.connect(self._on_session)
        self.refresh()

    @property
    def enabled(self) -> bool:
        return self.action.isChecked()

    def set_enabled(self, on: bool) -> None:
        """Show the forecast (computing it if needed) or hide it; remembered."""
        if self.action.isChecked() != on:
            self.action.setChecked(on)  # toggled comes back here
            return
        self.window.settings.show_forecast = on
        save_settings(self.window.settings)
        if on:
            self.refresh()
        else:
            self._later.stop()
            self.runner.cancel()
            self._end_busy()
            self._show(None)

    def refresh(self) -> None:
        """Forecast the roadmap as it is now (if the toggle is on): at once when the
        runner already has it, else off the GUI thread."""
        session = self.window.session
        if not self.enabled or session is None:
            return
        today = self.window.today
        ready = self.runner.result_for(session.plan, today)
        if ready is not None:
            self._show(ready)
            return
        self._start_busy(busy_text(session.plan))
        self.runner.request(forecast_job(session, today))

    # -- following the window -------------------------------------------------------
    def _on_changes(self, changes: Changes) -> None:
        if self.enabled and changes.kinds & FORECAST_KINDS:
            self.runner.cancel()  # a result for the plan before this change is stale
            self._later.start()

    def _on_session(self, _session: PlanSession) -> None:
        self._later.stop()
        self.runner.cancel()
        self._show(None)  # another roadmap: the old forecast means nothing there
        self.refresh()

    def _on_result(self, result: PlanForecast) -> None:
        # The runner tells only the newest request's result, and every change that can
        # move a forecast (or another roadmap) drops what was asked before it.
        if self.enabled:
            self._end_busy()
            self._show(result)

    def _on_failed(self, message: str) -> None:
        self._end_busy()
        self.window.statusBar().showMessage(f"No forecast: {message}", 10000)

    def _show(self, result: PlanForecast | None) -> None:
        """Draw ``result`` (None: no forecast) in every timeline and table of the window."""
        self.shown = result
        for scene in self.window.findChildren(TimelineScene):
            scene.forecast.show(result)
        for table in self.window.findChildren(ItemTableWidget):
            table.set_forecast(result)

    # -- the busy hint ----------------------------------------------------------------
    def _start_busy(self, text: str) -> None:
        self._busy = text
        self.window.statusBar().showMessage(text)

    def _end_busy(self) -> None:
        bar = self.window.statusBar()
        if self._busy and bar.currentMessage() == self._busy:
            bar.clearMessage()
        self._busy = ""
