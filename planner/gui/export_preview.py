"""The export dialog's previews: what one is (``Preview``), the job that makes a text
format's on a worker thread, the lock that keeps matplotlib to one drawing at a time in
this process, and the spinner shown over the old preview while a new one is made.

A picture's preview is drawn in a worker process (``preview_process``): matplotlib
holds the GIL for hundreds of milliseconds at a time, which a worker thread would take
from the GUI thread. A text format's preview (the file's own start) is a ``JobRunner``
job on a worker thread: the runner runs one at a time, a newer request cancels the one
running and drops what an older one returns, so the newest request wins. An export is
drawn in this process on a worker thread; matplotlib and the FreeType fonts it shares
are not safe from two threads at once, so a job that draws holds ``DRAWING``, waiting for
it on its worker thread (never on the GUI thread), cancellable meanwhile. A failure is
reported in one line, whatever raised it: a preview that can't be made is not a reason
to stop the dialog.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from planner.domain.errors import PlannerError
from planner.domain.progress import Progress
from planner.domain.text import one_line, printable, shorten
from planner.export.roadmap import RoadmapOptions
from planner.gui.progress_dialog import Cancelled

__all__ = ["DRAWING", "BusySpinner", "Preview", "drawing", "preview_job"]

DRAWING = threading.Lock()  # held by whichever job is drawing with matplotlib


@atexit.register
def _let_the_drawing_end() -> None:
    """At exit, wait for a drawing still under way (a cancelled one stops at its next
    step): a worker thread stopped inside matplotlib's C++ code aborts the process."""
    if DRAWING.acquire(timeout=30):
        DRAWING.release()


@contextmanager
def drawing(progress: Progress) -> Iterator[None]:
    """Hold ``DRAWING`` for the block, waiting on the caller's (worker) thread; a
    cancelled job stops waiting (its progress raises)."""
    while not DRAWING.acquire(timeout=0.05):
        progress.step("waiting for the drawing before")
    try:
        yield
    finally:
        DRAWING.release()


@dataclass(frozen=True)
class Preview:
    """A preview made: a PNG of the first page (``png``, with the page count and the
    items that don't fit) or a text file (``text``), for ``options`` in ``fmt``."""

    fmt: str
    options: RoadmapOptions
    png: bytes = b""
    pages: int = 0
    hidden: int = 0
    text: str = ""


def preview_job(
    fmt: str, options: RoadmapOptions, content: Callable[[Progress], bytes]
) -> Callable[[Progress], Preview]:
    """The job making the preview of a text format (calendar, CSV, JSON, MS Project
    XML): the decoded ``content``, the export's own bytes. Made from values only, so it
    runs on a worker thread (nothing is drawn: no matplotlib). Its failures raise
    PlannerError with a one-line message."""

    def job(progress: Progress) -> Preview:
        try:
            return Preview(fmt, options, text=content(progress).decode("utf-8-sig"))
        except (PlannerError, Cancelled):
            raise
        except Exception as e:
            message = printable(one_line(shorten(f"{type(e).__name__}: {e}", 200)))
            raise PlannerError(f"The preview could not be made: {message}") from e

    return job


class BusySpinner(QWidget):
    """A veil with a turning arc over ``target`` (kept to its size), shown while a new
    preview is being made; the old preview stays visible under it. Clicks go through."""

    STEP_MS = 40

    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self.angle = 0
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAccessibleName("Updating the preview")
        self._timer = QTimer(self)
        self._timer.setInterval(self.STEP_MS)
        self._timer.timeout.connect(self._turn)
        target.installEventFilter(self)
        self.hide()

    def start(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self.hide()

    @property
    def spinning(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.parentWidget():
            self.setGeometry(watched.rect())  # type: ignore[attr-defined]
        return False

    def _turn(self) -> None:
        self.angle = (self.angle + 30) % 360
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor(255, 255, 255, 90))
        r = 18.0
        c = self.rect().center()
        box = QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r)
        pen = QPen(QColor(40, 40, 40, 200), 4.0)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.drawArc(box, -self.angle * 16, 270 * 16)
        p.end()
