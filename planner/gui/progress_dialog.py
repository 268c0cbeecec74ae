"""Long jobs off the GUI thread, with a progress dialog and Cancel: imports and exports.

A job is a function ``job(progress) -> result`` that reads only values (a path, a plan)
and reports through a ``planner.domain.progress.Progress``. ``JobRunner`` runs it on a
worker thread and, if it takes longer than ``SHOW_AFTER_MS``, shows a window-modal
``QProgressDialog`` with the step's label, a bar when the step is counted, and Cancel.
The runner polls its job from a timer on the GUI thread, so no Qt object is touched from
the worker thread (the pattern of ``planner.gui.forecast_feature.ForecastRunner``).

Cancelling needs no change to the Progress protocol: the job's progress
(``JobProgress``) raises ``Cancelled`` from its next ``step`` or ``advance`` once Cancel
was pressed, which unwinds the job (a file being written through
``planner.export.files.write_atomic`` is removed). The runner forgets a cancelled job at
once: whatever it would still return is dropped. One job runs at a time; a job started
while another runs cancels it and waits for it to stop, and a newer one replaces it, so
the newest request wins.

While a job runs, Python's cyclic garbage collector waits (as for a forecast): a
collection set off by the job's allocations would run on the worker thread, and a
widget kept only by a reference cycle (a closed dialog) would then be destroyed there,
off the GUI thread, which crashes Qt; on the GUI thread a full collection would stall
the window. What the job allocates is freed by reference counting meanwhile.

``JobRunner.run`` is the same for a caller that wants the outcome before it goes on (the
export dialog's ``export_to``): it waits in a local event loop, the window live meanwhile.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QWidget

# The forecast runner's pause of the cyclic garbage collector, shared so that the two
# kinds of worker never turn it back on under each other.
from planner.domain.collector import collector_paused
from planner.domain.errors import PlannerError
from planner.domain.progress import Progress
from planner.domain.text import one_line, printable, shorten

__all__ = ["Cancelled", "Job", "JobOutcome", "JobProgress", "JobRunner"]

Job = Callable[[Progress], Any]


class Cancelled(Exception):
    """Raised inside a job, from its progress's ``step`` or ``advance``, once the user
    pressed Cancel: the job stops there and its result is never used."""


class JobProgress:
    """The ``Progress`` of a job on a worker thread: it keeps the current step's label,
    total and count for the GUI thread to read (``snapshot``), and raises ``Cancelled``
    from ``step`` and ``advance`` once ``cancel`` was called."""

    __slots__ = ("_cancelled", "_count", "_label", "_lock", "_total")

    def __init__(self, label: str = "") -> None:
        self._lock = threading.Lock()
        self._cancelled = threading.Event()
        self._label, self._total, self._count = label, 0, 0

    def step(self, label: str, total: int = 0) -> None:
        self.check()
        with self._lock:
            self._label, self._total, self._count = label, max(0, total), 0

    def advance(self, units: int = 1) -> None:
        self.check()
        with self._lock:
            self._count += units

    def done(self) -> None:
        """Nothing to clear: the dialog is the runner's."""

    def check(self) -> None:
        """Raises Cancelled if the job was cancelled."""
        if self._cancelled.is_set():
            raise Cancelled

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def snapshot(self) -> tuple[str, int, int]:
        """The current step: its label, its total (0: not counted) and how much is done."""
        with self._lock:
            return self._label, self._total, min(self._count, self._total)


class _Task:
    """One job on its worker thread: its result or its error once ``finished`` is set."""

    def __init__(self, job: Job, label: str) -> None:
        self.job = job
        self.progress = JobProgress(label)
        self.result: Any = None
        self.error: BaseException | None = None
        self.finished = threading.Event()

    def run(self) -> None:
        try:
            with collector_paused():
                self.result = self.job(self.progress)
        except BaseException as e:  # handed to the GUI thread, which reports it
            self.error = e
        finally:
            self.finished.set()


@dataclass(frozen=True)
class JobOutcome:
    """How a job waited for with ``JobRunner.run`` ended: its result, or the one-line
    message of the PlannerError it raised, or cancelled by the user."""

    result: Any = None
    error: str | None = None
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None and not self.cancelled


class JobRunner(QObject):
    """Runs jobs on a worker thread, one at a time, with a progress dialog over
    ``parent`` (see the module docstring). Only the newest job is told: ``finished``
    with its result, ``failed`` with the one-line message of a PlannerError, or
    ``cancelled`` when the user pressed Cancel. Any other exception is a bug: it is
    raised on the GUI thread (the app's error hook shows it), or by ``run``. Without
    ``cancellable`` the dialog has no Cancel button (for a step that can't stop
    half-way); without ``shows_dialog`` there is none at all (the caller shows that
    it is busy, as the export dialog's preview does)."""

    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    SHOW_AFTER_MS = 400
    POLL_MS = 30

    def __init__(
        self, parent: QWidget, title: str, *, cancellable: bool = True, shows_dialog: bool = True
    ) -> None:
        super().__init__(parent)
        self._shows_dialog = shows_dialog
        self._title, self._cancellable = title, cancellable  # the parent: self.parent()
        self._waiter: Callable[[JobOutcome | BaseException], None] | None = None  # run's
        self._task: _Task | None = None  # the job running on the worker thread
        self._wanted: _Task | None = None  # the job whose outcome will be told
        self._pending: _Task | None = None  # to start once the running job has stopped
        self.dialog: QProgressDialog | None = None
        self._bar: QProgressBar | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(self.POLL_MS)
        self._poll.timeout.connect(self._on_poll)
        self._show = QTimer(self)
        self._show.setSingleShot(True)
        self._show.setInterval(self.SHOW_AFTER_MS)
        self._show.timeout.connect(self._show_dialog)

    @property
    def busy(self) -> bool:
        """True while a job is wanted (running, or waiting for an older one to stop)."""
        return self._wanted is not None

    def start(self, job: Job, label: str) -> None:
        """Run ``job`` (``label``: what the dialog says until its first step). A job still
        running is cancelled and its outcome dropped; this one starts once it stops."""
        task = _Task(job, label)
        self._wanted = task
        if self._task is None:
            self._run(task)
        else:
            self._task.progress.cancel()
            self._pending = task
        if not self._show.isActive() and (self.dialog is None or not self.dialog.isVisible()):
            self._show.start()

    def run(self, job: Job, label: str) -> JobOutcome:
        """Start ``job`` and return how it ended, waiting in a local event loop: the
        window is drawn meanwhile, and the dialog, once shown, keeps it from being used
        (the caller disables what must not be touched before then). A bug in the job
        is raised here. Raises RuntimeError if a ``run`` is waiting already."""
        if self._waiter is not None:
            raise RuntimeError("JobRunner.run: already waiting for a job")
        ended: list[JobOutcome | BaseException] = []
        loop = QEventLoop()

        def end(outcome: JobOutcome | BaseException) -> None:
            ended.append(outcome)
            loop.quit()

        self._waiter = end
        try:
            self.start(job, label)
            if not ended:
                loop.exec()
        finally:
            self._waiter = None
        if isinstance(ended[0], BaseException):
            raise ended[0]
        return ended[0]

    def cancel(self) -> None:
        """Stop the wanted job (at its next progress report) and drop its outcome;
        ``cancelled`` is emitted if one was wanted."""
        wanted, self._wanted, self._pending = self._wanted, None, None
        if self._task is not None:
            self._task.progress.cancel()
        self._close_dialog()
        if wanted is not None:
            self._tell(JobOutcome(cancelled=True))

    # -- the worker thread ---------------------------------------------------------------
    def _run(self, task: _Task) -> None:
        self._task = task
        # A daemon: a job reads or computes; quitting need not wait for one it dropped.
        threading.Thread(target=task.run, name="planner-job", daemon=True).start()
        self._poll.start()

    def _on_poll(self) -> None:
        task = self._task
        if task is None:
            self._poll.stop()
            return
        if not task.finished.is_set():
            if task is self._wanted:
                self._update_dialog(task.progress)
            return
        self._task = None
        pending, self._pending = self._pending, None
        if pending is not None:
            self._run(pending)
        else:
            self._poll.stop()
        if task is not self._wanted:
            return  # cancelled, or replaced by a newer job: its outcome is dropped
        self._wanted = None
        self._close_dialog()
        error = task.error
        if error is None:
            self._tell(JobOutcome(result=task.result))
        elif isinstance(error, PlannerError):
            self._tell(JobOutcome(error=str(error)))
        elif isinstance(error, Cancelled):
            self._tell(JobOutcome(cancelled=True))
        elif self._waiter is not None:
            self._waiter(error)  # run raises it
        else:
            raise error  # a bug: the app's error hook shows it

    def _tell(self, outcome: JobOutcome) -> None:
        if outcome.cancelled:
            self.cancelled.emit()
        elif outcome.error is not None:
            self.failed.emit(outcome.error)
        else:
            self.finished.emit(outcome.result)
        if self._waiter is not None:
            self._waiter(outcome)

    # -- the dialog ------------------------------------------------------------------------
    def _make_dialog(self) -> QProgressDialog:
        parent = self.parent()  # not kept in an attribute: no reference cycle with it
        assert isinstance(parent, QWidget)
        dialog = _ProgressDialog(parent, self._cancellable)
        dialog.setWindowTitle(self._title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(2**31 - 1)  # it never shows itself: _show does
        dialog.setMinimumWidth(420)
        self._bar = QProgressBar(dialog)
        self._bar.setRange(0, 0)
        dialog.setBar(self._bar)  # driven directly: QProgressDialog.setValue spins events
        if self._cancellable:
            dialog.setCancelButtonText("Cancel")
            dialog.canceled.connect(self.cancel)
        else:
            dialog.setCancelButton(None)
        return dialog

    def _show_dialog(self) -> None:
        task = self._wanted
        if task is None or not self._shows_dialog:
            return
        if self.dialog is None:
            self.dialog = self._make_dialog()
        self._update_dialog(task.progress)
        self.dialog.show()

    def _update_dialog(self, progress: JobProgress) -> None:
        if self.dialog is None or self._bar is None:
            return
        label, total, count = progress.snapshot()
        text = printable(one_line(shorten(label, 90)), keep_newlines=False)
        text = f"{text[:1].upper()}{text[1:]}…"
        if self.dialog.labelText() != text:
            self.dialog.setLabelText(text)
        if total:
            self._bar.setRange(0, total)
            self._bar.setValue(count)
        else:
            self._bar.setRange(0, 0)  # a step that is not counted: a busy bar

    def _close_dialog(self) -> None:
        self._show.stop()
        dialog, self.dialog, self._bar = self.dialog, None, None
        if dialog is not None:
            if self._cancellable:
                dialog.canceled.disconnect(self.cancel)
            dialog.hide()
            dialog.deleteLater()


class _ProgressDialog(QProgressDialog):
    """A progress dialog that Escape and the window's close button cancel as Cancel
    does, or, without Cancel, leave open."""

    def __init__(self, parent: QWidget, cancellable: bool) -> None:
        super().__init__(parent)
        self._cancellable = cancellable

    def reject(self) -> None:
        if self._cancellable:
            self.canceled.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()
        self.reject()
