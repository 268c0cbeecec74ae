"""Starting the desktop app: check for a display, open the roadmap, show the window.

``run_gui(path)`` is what ``planner [FILE]`` calls. Without a display it says so in
one line and points at the commands that work without one, instead of letting Qt abort;
without a system library Qt needs it names it and the command that installs them
(planner/gui/system_libs.py). Qt is imported only after those checks. A FILE that
can't be opened is said on stderr as well as in a dialog, and a plan in a format the
app imports is offered for import (planner/gui/starting.py).
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

NO_DISPLAY = (
    "planner: no display to show the app on (DISPLAY/WAYLAND_DISPLAY not set); "
    "without one, use 'planner export ROADMAP OUT.png' or 'planner schedule ROADMAP'"
)


def display_available(environ=None, platform: str | None = None) -> bool:
    """False on Linux/BSD when neither X11 nor Wayland nor a Qt platform is set."""
    env = os.environ if environ is None else environ
    platform = platform or sys.platform
    if platform.startswith(("win", "darwin", "cygwin")):
        return True
    return bool(env.get("QT_QPA_PLATFORM") or env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def make_application():
    """The QApplication (created once), with the app's name, id and icon."""
    from PySide6.QtWidgets import QApplication

    from planner.app.settings import APP_ID
    from planner.gui.actions import icon

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Roadmap Planner")
    app.setOrganizationName("roadmap-planner")
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(icon("app"))
    return app


def create_main_window(path: str | Path | None, today: date | None = None):
    """Open ``path`` (or the default roadmap) in a new MainWindow.

    Raises PlannerError (RoadmapFileError, PlanError) when the roadmap can't be opened.
    """
    from planner.app import documents
    from planner.app.session import PlanSession
    from planner.app.settings import load_settings
    from planner.gui.main_window import MainWindow

    today = today or date.today()
    settings = load_settings()
    path = Path(path) if path else documents.default_roadmap(today)
    session = PlanSession.open(path)
    try:
        return MainWindow(session, settings, today)
    except BaseException:
        session.close()
        raise


def install_error_hook() -> None:
    """Unexpected errors: one message box, the details in a log file, no traceback on
    screen. Every finished edit is already saved, so the message says so."""
    import traceback

    from PySide6.QtWidgets import QMessageBox

    from planner.app.settings import data_dir
    from planner.gui.plain_text import show_message

    def hook(kind: type[BaseException], exc: BaseException, tb: object) -> None:
        log = data_dir() / "errors.log"
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with open(log, "a", encoding="utf-8") as fh:
                fh.write("".join(traceback.format_exception(kind, exc, tb)) + "\n")  # type: ignore[arg-type]
            where = f"Details were written to {log}."
        except OSError:
            where = ""
        show_message(
            None,
            "Roadmap Planner",
            f"Something went wrong: {exc or kind.__name__}.\n\nEvery edit you finished is "
            f"saved in the roadmap file. {where}",
            QMessageBox.Icon.Critical,
        )

    sys.excepthook = hook


def run_gui(path: str | Path | None = None) -> int:
    """Run the app until its window closes; the exit status."""
    if not display_available():
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    from planner.gui import system_libs

    platform = system_libs.platform_of(os.environ)
    missing = system_libs.missing_libraries()
    if missing:  # else Qt aborts with five lines that may blame the wrong library
        print(system_libs.missing_message(missing, platform), file=sys.stderr)
        return 1
    try:
        from PySide6.QtWidgets import QMessageBox
    except ImportError as e:  # a library the probe could not see (no ldd, ...)
        line = system_libs.import_failure(e, platform)
        print(line or f"planner: the desktop app is not available ({e})", file=sys.stderr)
        return 1

    from planner.domain.errors import PlannerError
    from planner.gui import starting
    from planner.gui.plain_text import show_message

    app = make_application()
    install_error_hook()
    if path is not None and starting.can_import(Path(path)):
        path = starting.import_instead(Path(path))  # asks first; said when it can't
        if path is None:
            return 1
    from planner.gui.loading import open_window

    try:
        window = open_window(path)  # read and scheduled off the GUI thread, with a bar
    except PlannerError as e:
        starting.say(str(e))  # the terminal says it too
        show_message(
            None,
            "Roadmap Planner",
            f"Could not open the roadmap:\n\n{e}",
            QMessageBox.Icon.Critical,
        )
        return 1
    window.show()
    return app.exec()
