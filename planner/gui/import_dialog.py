"""The import dialog: a plan read from another tool's file, previewed with its fidelity
report before anything is written.

The file is read off the GUI thread (``planner.gui.progress_dialog``; a long read shows a
progress dialog with Cancel), through ``planner.app.files.read_import_file`` as
``planner import`` reads it: the plan is checked, a cycle refused. The preview says
what the plan holds (its name; teams, items, dependencies) and how faithfully it was
read: what was converted (counted by kind), what was approximated (how) and what was
dropped (why), every title from the file escaped. A refused file is one line in the
dialog.

For a ``.csv`` the dialog asks which shape it is — ours, a Jira or a Linear export —
guessed from its header row, and for Jira and Linear the options of ``planner import
--from``: the column that names the team (Jira: the header's own columns), story points
per working day, epics as milestones (Jira). A changed option reads the file again; the
newest read wins.

Then: "Create roadmap…" asks where to save a new roadmap (next to the source, with its
name) and writes it (``created_path``); "Replace the current roadmap's plan" leaves the
plan for the window to apply as one undoable edit (``replace_requested``); Cancel writes
nothing.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from planner.app.documents import ROADMAP_SUFFIX, write_new_roadmap
from planner.app.files import read_import_file
from planner.domain.progress import Progress
from planner.domain.text import one_line, printable, shorten
from planner.gui import theme
from planner.gui.plain_text import plain_label, rich_label, tip
from planner.gui.progress_dialog import JobRunner
from planner.interchange.fidelity import Fidelity, ImportResult, Note
from planner.interchange.reading import DEFAULT_POINTS_PER_DAY, ImportOptions

__all__ = [
    "CSV_SHAPES",
    "IMPORT_FILTERS",
    "LIST_LIMIT",
    "LIST_TAIL",
    "ImportDialog",
    "csv_header",
    "guess_csv_source",
    "source_of_filter",
]

# The open dialog's filters: (label, patterns, the CSV shape it means, if any).
_FILTERS = (
    ("Every supported file", "*.json *.csv *.xml *.mspdi *.gan", None),
    ("Roadmap Planner JSON", "*.json", None),
    ("Roadmap Planner CSV", "*.csv", None),
    ("MS Project XML", "*.xml *.mspdi", None),
    ("GanttProject", "*.gan", None),
    ("Jira CSV export", "*.csv", "jira"),
    ("Linear CSV export", "*.csv", "linear"),
    ("All files", "*", None),
)
IMPORT_FILTERS = ";;".join(f"{label} ({patterns})" for label, patterns, _ in _FILTERS)
CSV_SHAPES = {"": "Roadmap Planner CSV", "jira": "Jira CSV export", "linear": "Linear CSV export"}
ERROR = theme.hex_color("bad")
HEADER_BYTES = 256 * 1024  # enough for a header of hundreds of columns
LIST_LIMIT = 1000  # notes listed per kind at most; the rest are counted
LIST_TAIL = 50  # of those, how many from the end of a longer list
_JIRA = ("issue key", "summary")
_LINEAR = ("id", "team", "title", "status")


def source_of_filter(selected: str) -> str | None:
    """The CSV shape (``"jira"``, ``"linear"``) the open dialog's chosen filter names."""
    for label, patterns, source in _FILTERS:
        if selected == f"{label} ({patterns})":
            return source
    return None


def csv_header(path: Path) -> list[str]:
    """The column names of the CSV at ``path``: its first row that is not blank, read
    from the file's start (a BOM skipped; bytes that aren't UTF-8 replaced). Empty if the
    file can't be read: the reader then says why."""
    try:
        if not path.is_file():
            return []
        with path.open("rb") as f:
            head = f.read(HEADER_BYTES)
    except OSError:
        return []
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    try:
        for row in csv.reader(io.StringIO(text, newline="")):
            if any(cell.strip() for cell in row):
                return [cell.strip() for cell in row]
    except csv.Error:
        pass
    return []


def guess_csv_source(header: Sequence[str]) -> str | None:
    """The shape a CSV header looks like: ``"jira"`` (Issue key, Summary), ``"linear"``
    (ID, Team, Title, Status), else None (ours, or the reader will say what's missing)."""
    names = {name.strip().casefold() for name in header}
    if all(n in names for n in _JIRA):
        return "jira"
    if all(n in names for n in _LINEAR):
        return "linear"
    return None


def _shown(text: str, limit: int) -> str:
    """Untrusted text for the report: one line, shortened, controls and bidi overrides
    shown escaped (it is then ``html.escape``d)."""
    return printable(one_line(shorten(text, limit)), keep_newlines=False)


def _count(n: int, noun: str, nouns: str = "") -> str:
    """ "1 team", "3 teams" (``nouns``: a plural that is not ``noun`` + "s")."""
    return f"{n:,} {noun if n == 1 else nouns or noun + 's'}"


class ImportDialog(QDialog):
    """Preview the import of ``path`` and create a roadmap from it or replace the plan
    of the window's roadmap (``replace_to``: its name, or None when there is none that
    can be changed). ``source`` preselects a CSV shape when the header gives no hint;
    ``open_path`` is the roadmap open in the window (never written over here)."""

    READ_DELAY_MS = 250  # options changed in a row (a spin box held down) read once

    def __init__(
        self,
        path: Path,
        *,
        source: str | None = None,
        replace_to: str | None = None,
        open_path: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.path, self.open_path = Path(path), open_path
        self.result_: ImportResult | None = None
        self.error: str | None = None
        self.created_path: Path | None = None
        self.replace_requested = False
        self.setWindowTitle(f"Import — {_shown(self.path.name, 80)}")
        self.is_csv = self.path.suffix.lower() == ".csv"
        self.header = csv_header(self.path) if self.is_csv else []
        self.csv_box = self._csv_options(source)
        self.heading = rich_label()  # what it quotes of the file is escaped
        self.heading.setWordWrap(True)
        self.report = QTextBrowser()
        self.report.setOpenLinks(False)
        self.report.setOpenExternalLinks(False)
        self.report.setMinimumSize(640, 300)
        self.error_label = plain_label()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ERROR};")
        self.error_label.hide()
        self.replace_to = replace_to
        self.buttons = self._button_box()
        lay = QVBoxLayout(self)
        lay.addWidget(self.csv_box)
        lay.addWidget(self.heading)
        lay.addWidget(self.report, 1)
        lay.addWidget(self.error_label)
        lay.addWidget(self.buttons)
        self.resize(820, 600)

        self.reader = JobRunner(self, "Importing")
        self.reader.finished.connect(self._read_done)
        self.reader.failed.connect(self._read_failed)
        self.reader.cancelled.connect(self._read_cancelled)
        self.writer = JobRunner(self, "Importing", cancellable=False)  # it can't stop half-way
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(self.READ_DELAY_MS)
        self._later.timeout.connect(self.read)
        self.shape_combo.currentIndexChanged.connect(self._options_changed)
        self.team_combo.currentIndexChanged.connect(self._options_changed)
        self.points_spin.valueChanged.connect(self._options_changed)
        self.epics_check.toggled.connect(self._options_changed)
        self._update_option_rows()
        self.read()

    def _csv_options(self, source: str | None) -> QGroupBox:
        """The CSV's shape (guessed from its header, else ``source``) and the options of
        a Jira or Linear export; shown for a .csv only."""
        self.shape_combo = QComboBox()
        for key, label in CSV_SHAPES.items():
            self.shape_combo.addItem(label, key)
        self.team_combo = QComboBox()
        self.team_combo.addItem("Project (the default)", "")
        for name in dict.fromkeys(n for n in self.header if n):
            self.team_combo.addItem(_shown(name, 60), name)
        self.points_spin = QDoubleSpinBox()
        self.points_spin.setRange(0.1, 1000)
        self.points_spin.setDecimals(1)
        self.points_spin.setSingleStep(0.5)
        self.points_spin.setValue(DEFAULT_POINTS_PER_DAY)
        self.points_spin.setToolTip("How many story points (estimate units) make one working day")
        self.epics_check = QCheckBox("Epics with a due date become milestones")
        box = QGroupBox("CSV file")
        form = QFormLayout(box)
        form.addRow("Format:", self.shape_combo)
        form.addRow("Team from:", self.team_combo)
        form.addRow("Points per day:", self.points_spin)
        form.addRow("", self.epics_check)
        self.csv_form = form
        box.setVisible(self.is_csv)
        guess = guess_csv_source(self.header) or source or ""
        self.shape_combo.setCurrentIndex(max(self.shape_combo.findData(guess), 0))
        return box

    def _button_box(self) -> QDialogButtonBox:
        """Replace the current roadmap's plan, Create roadmap… (the default), Cancel, and
        Read again (after a cancelled read)."""
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        accept = QDialogButtonBox.ButtonRole.AcceptRole  # both: in the order added
        self.replace_button = buttons.addButton("&Replace the current roadmap's plan", accept)
        self.create_button = buttons.addButton("&Create roadmap…", accept)
        self.create_button.setDefault(True)
        self.replace_button.setAutoDefault(False)  # Enter creates; replacing is a click
        replace_to = self.replace_to
        self.replace_button.setToolTip(
            tip(
                f"The plan of '{_shown(replace_to, 60)}' becomes this one: one step, undone by Undo"
            )
            if replace_to is not None
            else "No roadmap that can be changed is open"
        )
        self.again_button = buttons.addButton("Read &again", QDialogButtonBox.ButtonRole.ResetRole)
        self.again_button.hide()
        self.create_button.clicked.connect(self.create_interactively)
        self.replace_button.clicked.connect(self.request_replace)
        self.again_button.clicked.connect(self.read)
        buttons.rejected.connect(self.reject)
        return buttons

    # -- options -----------------------------------------------------------------------
    def source(self) -> str | None:
        """The CSV shape chosen (``"jira"``, ``"linear"``), None for ours or not a CSV."""
        return (self.shape_combo.currentData() or None) if self.is_csv else None

    def options(self) -> ImportOptions:
        source = self.source()
        return ImportOptions(
            source=source,
            team_field=(self.team_combo.currentData() or None) if source == "jira" else None,
            points_per_day=self.points_spin.value() if source else DEFAULT_POINTS_PER_DAY,
            epics_as_milestones=source == "jira" and self.epics_check.isChecked(),
        )

    def _update_option_rows(self) -> None:
        source = self.source()
        for widget, shown in ((self.team_combo, source == "jira"),
                              (self.points_spin, source is not None),
                              (self.epics_check, source == "jira")):  # fmt: skip
            self.csv_form.setRowVisible(widget, shown)

    def _options_changed(self) -> None:
        self._update_option_rows()
        self.result_ = None  # the preview no longer says what would be imported
        self._set_ready(False)
        self._later.start()

    # -- reading -----------------------------------------------------------------------
    def read(self) -> None:
        """Read the file with the current options, off the GUI thread (the newest read
        wins); the preview shows it when done."""
        self._later.stop()
        path, options = self.path, self.options()

        def job(progress: Progress) -> ImportResult:
            progress.step(f"reading {path.name}")
            return read_import_file(path, options, progress)

        self.result_, self.error = None, None
        self.again_button.hide()
        self._set_ready(False)
        self._show_error("")
        self.heading.setText(f"Reading <b>{html.escape(_shown(path.name, 80))}</b>…")
        self.report.clear()
        self.reader.start(job, f"reading {path.name}")

    def _read_done(self, result: ImportResult) -> None:
        self.result_ = result
        self.heading.setText(self._heading_html(result))
        self.report.setHtml(report_html(result.fidelity))
        self._set_ready(True)

    def _read_failed(self, message: str) -> None:
        self.error = one_line(shorten(message, 400))
        self.heading.setText(f"<b>{html.escape(_shown(self.path.name, 80))}</b> can't be imported")
        self._show_error(self.error)

    def _read_cancelled(self) -> None:
        self.heading.setText("Reading cancelled: nothing was imported.")
        self.again_button.show()

    def _set_ready(self, ready: bool) -> None:
        self.create_button.setEnabled(ready)
        self.replace_button.setEnabled(ready and self.replace_to is not None)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def _heading_html(self, result: ImportResult) -> str:
        plan, f = result.plan, result.fidelity
        tasks = sum(not it.is_milestone for it in plan.items)
        counts = [
            _count(len(plan.teams), "team"),
            f"{_count(len(plan.items), 'item')} ({_count(tasks, 'task')}, "
            f"{_count(len(plan.items) - tasks, 'milestone')})",
            _count(len(plan.dependencies), "dependency", "dependencies"),
        ]
        if plan.sprints:
            counts.append(_count(len(plan.sprints), "sprint"))
        return (
            f"<b>{html.escape(_shown(plan.name, 100))}</b> from "
            f"{html.escape(_shown(self.path.name, 80))} ({html.escape(f.source)})<br>"
            f"{html.escape(', '.join(counts))}"
        )

    # -- the choices ---------------------------------------------------------------------
    def default_target(self) -> Path:
        """Where a new roadmap goes unless the user says otherwise: beside the source,
        named after it."""
        return self.path.with_suffix(ROADMAP_SUFFIX)

    def create_interactively(self) -> None:
        """Ask where to save the new roadmap, then write it (and close) or say why not."""
        if self.result_ is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "Create roadmap", str(self.default_target()), f"Roadmaps (*{ROADMAP_SUFFIX})"
        )
        if path and self.create_at(Path(path)):
            self.accept()

    def create_at(self, target: Path) -> bool:
        """Write the previewed plan as a new roadmap at ``target`` (``.roadmap`` added if
        missing; a file there replaced: the save dialog asked). False, and the reason
        shown, if it can't be."""
        result = self.result_
        if result is None:
            return False
        if target.suffix.lower() != ROADMAP_SUFFIX:
            target = target.with_name(target.name + ROADMAP_SUFFIX)
        if self.open_path is not None and _same_file(target, self.open_path):
            self._show_error(
                f"{target.name} is the roadmap open in this window: "
                "choose another name, or replace its plan"
            )
            return False
        plan, reason = result.plan, f"imported from {self.path.name}"

        def job(progress: Progress) -> Path:
            progress.step(f"writing {target.name}")
            write_new_roadmap(target, plan, "Import", replace=True, reason=reason)
            return target

        self._set_ready(False)
        outcome = self.writer.run(job, f"writing {target.name}")
        self._set_ready(True)
        if outcome.error is not None:
            self._show_error(one_line(shorten(outcome.error, 400)))
            return False
        self.created_path = target
        return True

    def request_replace(self) -> None:
        """Close, leaving the plan for the window to apply over its roadmap's."""
        if self.result_ is not None and self.replace_to is not None:
            self.replace_requested = True
            self.accept()

    def done(self, result: int) -> None:
        if self.writer.busy:
            return  # the new roadmap is being written: it can't be taken back half-way
        self._later.stop()
        if result == QDialog.DialogCode.Rejected:
            self.reader.cancel()
        super().done(result)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _notes_html(title: str, notes: Sequence[Note], color: str) -> str:
    """A section of the report: its title with the count, then each note as "what: how".
    Of more than LIST_LIMIT notes the first ones and the last LIST_TAIL are listed, with
    how many are left out between them: readers add their grouped notes ("3 story-point
    estimates: ...") last, after the notes of single entries."""
    head = f"<h3 style='color:{color}; margin-bottom:2px'>{html.escape(title)}"
    head += f" ({len(notes):,})</h3>"
    if not notes:
        return head + "<p style='color:#555'>Nothing.</p>"
    left_out = max(0, len(notes) - LIST_LIMIT)
    if not left_out:
        return head + _list_html(notes)
    first, last = notes[: LIST_LIMIT - LIST_TAIL], notes[len(notes) - LIST_TAIL :]
    gap = f"<p>… and {left_out:,} more like these …</p>"
    return head + _list_html(first) + gap + _list_html(last)


def _list_html(notes: Sequence[Note]) -> str:
    rows = "".join(
        f"<li><b>{html.escape(_shown(n.what, 160))}</b>: {html.escape(_shown(n.how, 300))}</li>"
        for n in notes
    )
    return f"<ul style='margin-top:0; margin-bottom:0'>{rows}</ul>"


def report_html(f: Fidelity) -> str:
    """The fidelity report as the preview's rich text: what was converted (by kind), then
    what was approximated and what was dropped; everything from the file escaped."""
    kinds = [(kind, n) for kind, n in f.converted.items() if n]
    converted = " · ".join(f"{html.escape(kind)} <b>{n:,}</b>" for kind, n in kinds) or "nothing"
    parts = [
        f"<h3 style='color:{theme.hex_color('good')}; margin-bottom:2px'>Converted</h3>",
        f"<p style='margin-top:0'>{converted}</p>",
    ]
    if f.exact:
        parts.append("<p>Everything was read as it was: nothing approximated, nothing dropped.</p>")
    else:
        parts.append(_notes_html("Approximated", f.approximated, str(theme.hex_color("caution"))))
        parts.append(_notes_html("Dropped", f.dropped, ERROR))
    return "".join(parts)
