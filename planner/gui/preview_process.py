"""Roadmap previews drawn in a worker process, so that the window never waits for
matplotlib: ``PreviewProcess`` asks, and tells ``finished`` (a ``Preview``) or
``failed`` (one line).

One worker process serves the whole app (``planner.export.preview_worker.serve``,
started with "spawn" the first time a preview is wanted, ended at exit). Nothing the
GUI thread does for it takes long: requests are pickled and sent by a sender thread (the
plan once, in chunks, then only the options), and answers are polled for with a timer
and read when they are whole. Each request has a number; the newest is the one wanted
(``latest``, shared with the worker): a drawing for an older one stops at its next step,
and an answer for any but the wanted one is dropped. If the worker dies, the request is
failed in one line and the next one starts a new worker.
"""

from __future__ import annotations

import atexit
import dataclasses
import multiprocessing
import queue
import threading
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from planner.domain.model import Plan
from planner.export.preview_worker import CHUNK, serve
from planner.export.roadmap import RoadmapOptions
from planner.gui.export_preview import Preview

__all__ = ["PreviewProcess"]


class _Worker:
    """The worker process, its connection, its sender thread and the shared number of
    the request wanted."""

    def __init__(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.latest = ctx.Value("q", 0, lock=False)
        self.process = ctx.Process(
            target=serve, args=(child, self.latest), name="planner-preview", daemon=True
        )
        self.process.start()
        child.close()
        self.plan: Plan | None = None  # what it has (kept: identity is what counts)
        self.sched: Any = None
        self.gen = 0
        self._out: queue.Queue[tuple[Any, ...] | None] = queue.Queue()
        self._sender = threading.Thread(target=self._send, name="planner-preview-send",
                                        daemon=True)  # fmt: skip
        self._sender.start()

    def _send(self) -> None:
        while (msg := self._out.get()) is not None:
            try:
                self.conn.send(msg)
            except (OSError, ValueError):  # the worker is gone: the poll reports it
                return

    def request(self, plan: Plan, sched: Any, options: RoadmapOptions, fmt: str, width: int) -> int:
        if plan is not self.plan:
            self.plan, self.sched = plan, None
            shell = dataclasses.replace(plan, items=(), dependencies=())
            self._out.put(("plan", shell))
            for k in range(0, len(plan.items), CHUNK):
                self._out.put(("items", plan.items[k : k + CHUNK]))
            for k in range(0, len(plan.dependencies), CHUNK):
                self._out.put(("links", plan.dependencies[k : k + CHUNK]))
        if sched is not self.sched:
            self.sched = sched
            self._out.put(("schedule", sched))
        self.gen += 1
        self.latest.value = self.gen
        self._out.put(("render", self.gen, options, fmt, width))
        return self.gen

    def cancel(self) -> None:
        self.gen += 1
        self.latest.value = self.gen  # the drawing under way stops at its next step

    @property
    def alive(self) -> bool:
        return self.process.is_alive()

    def stop(self) -> None:
        self._out.put(("stop",))
        self._out.put(None)
        self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(2)
        self.conn.close()


_worker: _Worker | None = None
_lock = threading.Lock()


def _the_worker() -> _Worker:
    global _worker
    with _lock:
        if _worker is None or not _worker.alive:
            if _worker is not None:
                _worker.stop()
            _worker = _Worker()
        return _worker


@atexit.register
def _stop_worker() -> None:
    global _worker
    with _lock:
        if _worker is not None:
            _worker.stop()
            _worker = None


class PreviewProcess(QObject):
    """Asks the worker process for previews; only the newest request is told."""

    finished = Signal(object)  # a Preview
    failed = Signal(str)
    POLL_MS = 25

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._wanted: tuple[int, str, RoadmapOptions] | None = None
        self._worker: _Worker | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(self.POLL_MS)
        self._poll.timeout.connect(self._on_poll)

    @property
    def busy(self) -> bool:
        """True while a preview is wanted and has not arrived."""
        return self._wanted is not None

    @property
    def worker(self) -> _Worker | None:
        return self._worker

    def start(self, plan: Plan, sched: Any, options: RoadmapOptions, fmt: str, width: int) -> None:
        """Ask for a preview; one asked for before is no longer wanted."""
        self._worker = _the_worker()
        gen = self._worker.request(plan, sched, options, fmt, width)
        self._wanted = (gen, fmt, options)
        self._poll.start()

    def cancel(self) -> None:
        """No preview is wanted any more: one being drawn stops, its answer is dropped."""
        if self._wanted is not None and self._worker is not None:
            self._worker.cancel()
        self._wanted = None

    def _on_poll(self) -> None:
        worker = self._worker
        if worker is None:
            self._poll.stop()
            return
        try:
            while worker.conn.poll():
                self._answer(worker.conn.recv())
        except (EOFError, OSError) as e:
            self._died(f"the preview process stopped ({type(e).__name__})")
            return
        if self._wanted is not None and not worker.alive:
            code = worker.process.exitcode
            self._died(f"the preview process stopped (exit code {code})")
            return
        if self._wanted is None:
            self._poll.stop()

    def _answer(self, msg: tuple[Any, ...]) -> None:
        wanted = self._wanted
        if wanted is None or msg[0] != wanted[0]:
            return  # for an older request: dropped
        self._wanted = None
        if msg[1] == "ok":
            _gen, _kind, png, pages, hidden = msg
            self.finished.emit(Preview(wanted[1], wanted[2], png, pages, hidden))
        elif msg[1] == "error":
            self.failed.emit(msg[2])
        # "stale": a request made since (elsewhere) took the worker: nothing to show

    def _died(self, why: str) -> None:
        self._poll.stop()
        self._worker = None  # the next request starts a new one
        if self._wanted is not None:
            self._wanted = None
            self.failed.emit(f"The preview could not be drawn: {why}")
