"""Opening a big roadmap without a frozen window, and the bar that shows it drawing.

``open_session(path, parent)`` reads and schedules the roadmap on a worker thread
(``JobRunner``): after a moment a progress dialog over ``parent`` says "Reading 100,000
items" and "Reading 295,893 links" with a bar, then "Checking" and "Scheduling". The
session's SQLite connection is made there and used on the GUI thread afterwards, one
thread at a time (planner/storage/opening.py). ``planner FILE`` (``open_window``) and
File > Open (``MainWindow.open_file``) both open through it.

A plan of more than ``TimelineScene.EAGER`` items then gets its glyphs in slices, the
window usable meanwhile; ``install(window)`` puts a bar in the status bar that follows
``TimelineScene.build_progressed`` and hides when every glyph is made.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QProgressBar, QWidget

from planner.app.session import PlanSession
from planner.domain.errors import PlannerError
from planner.domain.progress import Progress
from planner.gui.host import WindowHost

__all__ = ["BuildBar", "install", "open_session", "open_window"]


def open_session(path: Path, parent: QWidget) -> PlanSession:
    """The roadmap at ``path``, read and scheduled off the GUI thread (a progress dialog
    over ``parent`` if it takes a while). Raises PlannerError with the one-line reason
    when it can't be opened."""
    from planner.gui.progress_dialog import JobRunner

    def job(progress: Progress) -> PlanSession:
        session = PlanSession.open(path, progress=progress)
        try:
            session.schedule  # noqa: B018  # scheduled here, not on the GUI thread
        except BaseException:
            session.close()
            raise
        return session

    # No Cancel: a session opened by a job that was cancelled would keep the file's lock.
    runner = JobRunner(parent, "Opening a roadmap", cancellable=False)
    try:
        outcome = runner.run(job, f"opening {path.name}")
    finally:
        runner.deleteLater()
    if not outcome.ok:
        raise PlannerError(outcome.error)
    return outcome.result  # type: ignore[no-any-return]  # the job's PlanSession


def open_window(path: str | Path | None, today: date | None = None):
    """``planner FILE``: open ``path`` (or the default roadmap) as ``open_session`` does,
    then a MainWindow on it. Raises PlannerError when the roadmap can't be opened."""
    from planner.app import documents
    from planner.app.settings import load_settings
    from planner.gui.main_window import MainWindow

    today = today or date.today()
    path = Path(path) if path else documents.default_roadmap(today)
    owner = QWidget()  # hidden: the progress dialog's owner until the window exists
    try:
        session = open_session(path, owner)
    finally:
        owner.deleteLater()
    try:
        return MainWindow(session, load_settings(), today)
    except BaseException:
        session.close()
        raise


class BuildBar(QProgressBar):
    """A small bar in the status bar while the timeline makes a big plan's glyphs."""

    def __init__(self, window: WindowHost) -> None:
        from planner.gui.timeline_scene import TimelineScene

        super().__init__()
        self.setObjectName("timeline-build")
        self.setMaximumWidth(220)
        self.setFormat("Drawing the timeline %p%")
        self.setToolTip("The timeline is drawing every item of this big roadmap")
        self.hide()
        window.statusBar().addWidget(self)
        for scene in window.findChildren(TimelineScene):  # the window's timeline
            scene.build_progressed.connect(self.follow)

    def follow(self, made: int, total: int) -> None:
        if total <= 0 or made >= total:
            self.hide()
            return
        self.setRange(0, total)
        self.setValue(made)
        self.show()


def install(window: WindowHost) -> None:
    window.build_bar = BuildBar(window)  # type: ignore[attr-defined]
