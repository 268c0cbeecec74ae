"""``planner FILE`` with a FILE the app can't open as a roadmap: say so on stderr too.

A roadmap that can't be opened (no such file, not a roadmap, damaged) is said in one
line on stderr as well as in the dialog, so a terminal user sees why the app quit. A
plan in a format ``planner import`` reads (our JSON, CSV, MS Project XML,
GanttProject) is not opened as a roadmap: the line says how to import it, and the
dialog offers to import it into a new roadmap beside it (``NAME.roadmap``, or
``NAME (2).roadmap`` when that is taken), through ``planner.app.files.import_plan``
on a worker thread with a progress dialog; the window then opens that roadmap.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from planner.domain.text import one_line, printable
from planner.interchange.reading import IMPORT_SUFFIXES

__all__ = [
    "can_import",
    "import_beside",
    "import_instead",
    "import_line",
    "offer_import",
    "roadmap_beside",
    "say",
]

TITLE = "Roadmap Planner"


def say(text: str) -> None:
    """One line on stderr, ``planner: `` first."""
    print(f"planner: {one_line(printable(text))}", file=sys.stderr)


def can_import(path: Path) -> bool:
    """True for a file (there) in a format ``planner import`` reads, not a roadmap."""
    return path.suffix.lower() in IMPORT_SUFFIXES and path.is_file()


def roadmap_beside(path: Path) -> Path:
    """A free ``.roadmap`` name next to ``path``: ``NAME.roadmap``, else ``NAME (2)...``."""
    target = path.with_suffix(".roadmap")
    k = 2
    while target.exists():
        target = path.with_name(f"{path.stem} ({k}).roadmap")
        k += 1
    return target


def import_line(path: Path, target: Path) -> str:
    """What stderr says of a plan file given to ``planner FILE``."""
    return (
        f"{path}: a {path.suffix.lower().lstrip('.').upper()} plan, not a roadmap file; "
        f"the app offers to import it into {target.name} beside it "
        f"(or run: planner import {path} {target})"
    )


def offer_import(path: Path, target: Path, parent: QWidget | None = None) -> bool:
    """Ask whether to import ``path`` into a new roadmap at ``target``: True for Import."""
    box = QMessageBox(QMessageBox.Icon.Question, TITLE, "", QMessageBox.StandardButton.NoButton,
                      parent)  # fmt: skip
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(
        f"{printable(path.name)} is a plan in a format the app imports, not a roadmap file."
        f"\n\nImport it into a new roadmap beside it, {printable(target.name)}?"
    )
    box.setObjectName("import-offer")
    go = box.addButton("&Import", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(go)
    box.exec()
    return box.clickedButton() is go


def import_beside(path: Path, target: Path, parent: QWidget) -> str | None:
    """Import ``path`` into a new roadmap at ``target`` on a worker thread (a progress
    dialog over ``parent`` if it takes a while); None when done, else the one-line
    reason (a refused plan, a file that can't be written, or Cancel)."""
    from planner.app.files import import_plan
    from planner.gui.progress_dialog import JobRunner

    runner = JobRunner(parent, "Importing")
    try:
        outcome = runner.run(lambda progress: import_plan(path, target, progress), "Importing")
    finally:
        runner.deleteLater()
    if outcome.cancelled:
        return "the import was cancelled; nothing was written"
    return None if outcome.ok else outcome.error


def import_instead(path: Path) -> Path | None:
    """For a plan file given to ``planner FILE``: say so on stderr, offer to import it
    beside it, and import it; the new roadmap, or None when the user declined or the
    import failed (said on stderr and in a dialog)."""
    from planner.gui.plain_text import show_message

    target = roadmap_beside(path)
    say(import_line(path, target))
    if not offer_import(path, target):
        return None
    parent = QWidget()  # hidden: the progress dialog's owner until the window exists
    try:
        problem = import_beside(path, target, parent)
    finally:
        parent.deleteLater()
    if problem is None:
        return target
    say(problem if problem.startswith(str(path)) else f"{path}: {problem}")
    show_message(None, TITLE, f"Could not import {printable(path.name)}:\n\n{problem}",
                 QMessageBox.Icon.Critical)  # fmt: skip
    return None
