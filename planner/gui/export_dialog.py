"""The export dialog: format, page, theme, teams, dates, baseline, with a live preview.

The choices are the same as ``planner export``'s options. The preview is the real
renderer at a small resolution (matplotlib is imported the first time it draws, never
at start-up); calendars and CSV show what the file will hold. Previews are made off the
GUI thread (a picture's in a worker process: ``preview_process``; a text file's on a
worker thread: ``export_preview``): a spinner turns over the old one meanwhile, the
newest choice wins, a failure shows in one line, and closing the dialog cancels.
"Export…" asks where to save, makes the file off the GUI thread (a progress dialog with
Cancel shows when that takes a while; a cancelled export writes nothing), writes it
atomically and remembers the choices in the settings. MS Project XML is offered beside
``planner export``'s other formats, written as ``planner export out.xml`` writes it.
"Forecast ranges" draws the forecast (``planner export --forecast``): the one the
window's forecast runner has for this plan, else computed off the GUI thread first.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from planner.app.forecasting import forecast_job
from planner.app.settings import save_settings
from planner.domain.errors import PlannerError
from planner.domain.progress import Progress
from planner.domain.text import one_line, printable
from planner.export.files import DRAWN_FORMATS, FORMAT_LABELS, FORMATS, export_chunks, write_atomic
from planner.export.presets import PRESET_LABELS, PRESETS, page_spec
from planner.export.roadmap import RoadmapOptions
from planner.export.themes import THEMES
from planner.gui import theme
from planner.gui.export_preview import BusySpinner, Preview, drawing, preview_job
from planner.gui.forecast_feature import ForecastRunner
from planner.gui.plain_text import plain_label
from planner.gui.preview_process import PreviewProcess
from planner.gui.progress_dialog import Job, JobOutcome, JobRunner

__all__ = ["ExportDialog"]

PREVIEW_WIDTH = 760
# MS Project XML is written by planner.interchange (as `planner export out.xml` does)
SHOWN_FORMATS = tuple(dict.fromkeys((*FORMATS, "xml")))
LABELS = {"xml": "MS Project XML", **FORMAT_LABELS}
ERROR = theme.hex_color("bad")
FORECASTING = " — forecasting…: the ranges show when it is done"


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class ExportDialog(QDialog):
    """Export ``session``'s plan; ``settings.export`` holds the last choices."""

    exported = Signal(str)  # the path written
    PREVIEW_DELAY_MS = 200

    def __init__(self, session, settings, today: date, parent=None) -> None:
        super().__init__(parent)
        self.session, self.settings, self.today = session, settings, today
        self.last_path: Path | None = None
        self.preview_pages = 0
        self.preview_hidden = 0
        plan = session.plan
        self.setWindowTitle(f"Export — {plan.name}")
        s = settings.export

        self.format_combo = QComboBox()
        for f in SHOWN_FORMATS:
            self.format_combo.addItem(f"{f.upper()} — {LABELS[f]}", f)
        self.preset_combo = QComboBox()
        for name, label in PRESET_LABELS.items():
            self.preset_combo.addItem(label, name)
        self.width_spin, self.height_spin = QSpinBox(), QSpinBox()
        for spin in (self.width_spin, self.height_spin):
            spin.setRange(320, 12000)
            spin.setSuffix(" px")
        self.dpi_spin = QSpinBox()
        self.dpi_spin.setRange(30, 600)
        self.dpi_spin.setSuffix(" dpi")
        size_row = QHBoxLayout()
        size_row.addWidget(self.width_spin)
        size_row.addWidget(QLabel("×"))
        size_row.addWidget(self.height_spin)
        size_row.addWidget(self.dpi_spin)
        self.theme_combo = QComboBox()
        for name in THEMES:
            self.theme_combo.addItem(name.capitalize(), name)
        self.title_edit = QLineEdit(s.title)
        self.title_edit.setPlaceholderText(plan.name)
        self.deps_check = QCheckBox("Dependency arrows")
        self.forecast_check = QCheckBox("Forecast ranges")
        self.forecast_check.setToolTip(
            "Each milestone's P50–P80 range and each deadline's on-time chance "
            "(1000 runs of each team's history)"
        )
        self.forecast_pending = False  # ticked, and its forecast is still being computed
        self.forecasts = self._runner(parent)
        self.forecasts.finished.connect(self._forecast_ready)
        self.forecasts.failed.connect(self._forecast_failed)  # (methods: they go with us)
        self.baseline_combo = QComboBox()
        self.baseline_combo.addItem("None", "")
        for b in session.baselines():
            self.baseline_combo.addItem(b.name, b.name)

        self.dates_check = QCheckBox("Only from")
        self.from_edit, self.to_edit = QDateEdit(), QDateEdit()
        first, last = self._plan_span()
        for edit, d in ((self.from_edit, first), (self.to_edit, last)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("ddd d MMM yyyy")
            edit.setDate(_qdate(d))
        dates_row = QHBoxLayout()
        dates_row.addWidget(self.dates_check)
        dates_row.addWidget(self.from_edit)
        dates_row.addWidget(QLabel("to"))
        dates_row.addWidget(self.to_edit)
        dates_row.addStretch(1)

        self.teams_list = QListWidget()
        self.teams_list.setMaximumHeight(130)
        chosen = set(s.teams)
        for t in plan.teams:
            item = QListWidgetItem(t.name or t.id)
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            checked = not chosen or t.id in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.teams_list.addItem(item)
        # a click on a team's name ticks it too (its box ticks itself): see _team_clicked
        self._pressed: tuple[QListWidgetItem, Qt.CheckState] | None = None
        self.teams_list.itemPressed.connect(
            lambda it: setattr(self, "_pressed", (it, it.checkState()))
        )
        self.teams_list.itemClicked.connect(self._team_clicked)

        form = QFormLayout()
        form.addRow("Format:", self.format_combo)
        form.addRow("Page:", self.preset_combo)
        form.addRow("Size:", size_row)
        form.addRow("Theme:", self.theme_combo)
        form.addRow("Title:", self.title_edit)
        form.addRow("Dates:", dates_row)
        form.addRow("Teams:", self.teams_list)
        form.addRow("Baseline:", self.baseline_combo)
        form.addRow("", self.deps_check)
        form.addRow("", self.forecast_check)
        self.image_rows = [self.preset_combo, self.theme_combo, self.title_edit,
                           self.baseline_combo, self.deps_check, self.forecast_check,
                           self.width_spin, self.height_spin, self.dpi_spin]  # fmt: skip

        self.error_label = plain_label()  # messages quote team ids and titles
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ERROR};")
        self.error_label.hide()
        self.preview_label = QLabel()
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_label.setMinimumSize(PREVIEW_WIDTH, PREVIEW_WIDTH * 9 // 16)
        self.preview_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.preview_label.setStyleSheet("background: #8a8f98; padding: 8px;")
        self.preview_text = QPlainTextEdit()
        self.preview_text.setReadOnly(True)
        self.preview_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.preview_stack = QStackedWidget()
        self.preview_stack.addWidget(self.preview_label)
        self.preview_stack.addWidget(self.preview_text)
        self.preview_note = plain_label()
        self.preview_note.setWordWrap(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(
            "&Export…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self.export_interactively)
        self.buttons.rejected.connect(self.reject)
        self.exporter = JobRunner(self, "Exporting")
        self.previews = JobRunner(self, "Preview", shows_dialog=False)  # text formats'
        self.images = PreviewProcess(self)  # the pictures'
        for runner in (self.previews, self.images):
            runner.finished.connect(self._preview_ready)
            runner.failed.connect(self._preview_failed)
        self.spinner = BusySpinner(self.preview_stack)

        left = self.form_panel = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.addLayout(form)
        left_lay.addWidget(self.error_label)
        left_lay.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.preview_stack, 1)
        right.addWidget(self.preview_note)
        body = QHBoxLayout()
        body.addWidget(left)
        body.addLayout(right, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(body, 1)
        outer.addWidget(self.buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self._timed_refresh)
        self._restore(s)
        for sig in (self.format_combo.currentIndexChanged, self.preset_combo.currentIndexChanged,
                    self.theme_combo.currentIndexChanged, self.baseline_combo.currentIndexChanged,
                    self.width_spin.valueChanged, self.height_spin.valueChanged,
                    self.dpi_spin.valueChanged, self.title_edit.textChanged,
                    self.deps_check.toggled, self.forecast_check.toggled,
                    self.dates_check.toggled,
                    self.from_edit.dateChanged, self.to_edit.dateChanged,
                    self.teams_list.itemChanged):  # fmt: skip
            sig.connect(self._changed)
        self.preset_combo.currentIndexChanged.connect(self._preset_changed)
        self._update_enabled()
        self.refresh_preview()

    # -- state ------------------------------------------------------------------------
    def _plan_span(self) -> tuple[date, date]:
        sched = self.session.schedule
        days = [d for i in sched.ids for d in sched.dates(i)]
        return (min(days), max(days)) if days else (self.today, self.today)

    def _restore(self, s) -> None:
        self._select(self.format_combo, s.last_format if s.last_format in SHOWN_FORMATS else "png")
        preset = s.preset if s.preset in PRESETS or s.preset == "custom" else "slide-16:9"
        self._select(self.preset_combo, preset)
        self._select(self.theme_combo, s.theme if s.theme in THEMES else "light")
        self._select(self.baseline_combo, s.baseline)
        self.deps_check.setChecked(s.show_dependencies)
        self.forecast_check.setChecked(s.forecast)
        self.dpi_spin.setValue(s.dpi)
        self.width_spin.setValue(s.width)
        self.height_spin.setValue(s.height)
        if preset != "custom":
            self._preset_changed()

    @staticmethod
    def _select(combo: QComboBox, data: str) -> None:
        i = combo.findData(data)
        combo.setCurrentIndex(max(i, 0))

    def fmt(self) -> str:
        return self.format_combo.currentData()

    def _preset_changed(self) -> None:
        name = self.preset_combo.currentData()
        if name != "custom":
            page = page_spec(name, dpi=self.dpi_spin.value())
            for spin, v in ((self.width_spin, page.width_px), (self.height_spin, page.height_px)):
                spin.blockSignals(True)
                spin.setValue(v)
                spin.blockSignals(False)
        self._update_enabled()

    def _update_enabled(self) -> None:
        image = self.fmt() in DRAWN_FORMATS
        custom = self.preset_combo.currentData() == "custom"
        for w in self.image_rows:
            w.setEnabled(image)
        self.width_spin.setEnabled(image and custom)
        self.height_spin.setEnabled(image and custom)
        self.from_edit.setEnabled(self.dates_check.isChecked())
        self.to_edit.setEnabled(self.dates_check.isChecked())

    def _changed(self, *_args) -> None:
        if self.preset_combo.currentData() != "custom":
            self._preset_changed()
        self._update_enabled()
        self._timer.start()

    def _team_clicked(self, item: QListWidgetItem) -> None:
        """Toggle the team clicked on, unless the click was on its box (which did)."""
        pressed, self._pressed = self._pressed, None
        if pressed is None or pressed[0] is not item or item.checkState() != pressed[1]:
            return
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def selected_teams(self) -> tuple[str, ...] | None:
        """None when every team is ticked (the whole plan)."""
        ids, all_on = [], True
        for k in range(self.teams_list.count()):
            item = self.teams_list.item(k)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(item.data(Qt.ItemDataRole.UserRole))
            else:
                all_on = False
        return None if all_on else tuple(ids)

    def options(self) -> RoadmapOptions:
        """The chosen options. Raises PlannerError (e.g. no team ticked)."""
        teams = self.selected_teams()
        if teams == ():
            raise PlannerError("Tick at least one team.")
        preset = self.preset_combo.currentData()
        custom = preset == "custom"
        page = page_spec(
            preset,
            self.width_spin.value() if custom else None,
            self.height_spin.value() if custom else None,
            self.dpi_spin.value(),
        )
        baseline_name = self.baseline_combo.currentData() or ""
        baseline = self.session.baseline_dates(baseline_name) if baseline_name else None
        first = _pydate(self.from_edit.date()) if self.dates_check.isChecked() else None
        last = _pydate(self.to_edit.date()) if self.dates_check.isChecked() else None
        options = RoadmapOptions(
            today=self.today,
            date_from=first,
            date_to=last,
            teams=teams,
            title=self.title_edit.text().strip() or None,
            page=page,
            theme=self.theme_combo.currentData(),
            show_dependencies=self.deps_check.isChecked(),
            baseline=baseline,
            baseline_name=baseline_name,
            forecast=self._forecast_marks(),
        )
        options.check(self.session.plan)
        return options

    def remember(self) -> None:
        """Keep the current choices as the next defaults (and save the settings)."""
        s = self.settings.export
        s.last_format = self.fmt()
        s.preset = self.preset_combo.currentData()
        s.width, s.height, s.dpi = (self.width_spin.value(), self.height_spin.value(),
                                    self.dpi_spin.value())  # fmt: skip
        s.theme = self.theme_combo.currentData()
        s.show_dependencies = self.deps_check.isChecked()
        s.forecast = self.forecast_check.isChecked()
        s.baseline = self.baseline_combo.currentData() or ""
        s.title = self.title_edit.text().strip()
        s.teams = list(self.selected_teams() or ())
        if self.last_path is not None:
            s.last_folder = str(self.last_path.parent)
        save_settings(self.settings)

    # -- the forecast -------------------------------------------------------------------
    def _runner(self, parent) -> ForecastRunner:
        """The window's forecast runner (its forecast is reused), else one of our own."""
        found = parent.findChildren(ForecastRunner) if parent is not None else []
        return found[0] if found else ForecastRunner(self)

    def _forecast_marks(self):
        """The forecast to draw when "Forecast ranges" is ticked for an image, else None;
        while it is being computed (off the GUI thread) None, and ``forecast_pending``."""
        self.forecast_pending = False
        if not self.forecast_check.isChecked() or self.fmt() not in DRAWN_FORMATS:
            return None
        ready = self.forecasts.result_for(self.session.plan, self.today)
        if ready is not None:
            return ready.marks()
        self.forecasts.request(forecast_job(self.session, self.today))
        self.forecast_pending = True
        return None

    def _forecast_ready(self, result) -> None:
        if self.forecast_pending and result.is_for(self.session.plan, self.today):
            self.refresh_preview()

    def _forecast_failed(self, message: str) -> None:
        if self.forecast_pending:
            self._show_error(f"No forecast: {message}")

    # -- preview ----------------------------------------------------------------------
    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
        self.export_button.setEnabled(not text and not self.forecast_pending)

    def _timed_refresh(self) -> None:
        if self.isVisible():  # a closed dialog's session may be gone
            self.refresh_preview()

    @property
    def preview_busy(self) -> bool:
        """True while a preview is being made for the current choices."""
        return self.previews.busy or self.images.busy

    def _cancel_previews(self) -> bool:
        """No preview wanted any more; True if one was being made."""
        busy = self.preview_busy
        self.previews.cancel()
        self.images.cancel()
        self.spinner.stop()
        return busy

    def refresh_preview(self) -> None:
        """Start making the preview of the current choices (off the GUI thread); one
        still being made for older choices is cancelled, its result dropped."""
        self._timer.stop()
        try:
            options = self.options()
            fmt = self.fmt()
            content = None if fmt in DRAWN_FORMATS else self._export_job(options)
        except PlannerError as e:
            self._cancel_previews()
            self._show_error(str(e))
            return
        self._show_error("")
        if content is None:
            self.previews.cancel()
            width = max(PREVIEW_WIDTH, self.preview_label.width() - 16)
            self.images.start(self.session.plan, self.session.schedule, options, fmt, width)
        else:
            self.images.cancel()
            self.previews.start(preview_job(fmt, options, content), "preview")
        self.spinner.start()
        note = self.preview_note.text().replace(FORECASTING, "")  # said at once, not on
        self.preview_note.setText(note + FORECASTING if self.forecast_pending else note)  # arrival

    def _preview_ready(self, pv: Preview) -> None:
        self.spinner.stop()
        if pv.png:
            self._preview_image(pv)
        else:
            self._preview_text(pv)

    def _preview_failed(self, message: str) -> None:
        self.spinner.stop()
        self._show_error(printable(one_line(message)))

    def _preview_image(self, pv: Preview) -> None:
        options = pv.options
        pix = QPixmap()
        pix.loadFromData(pv.png, "PNG")
        self.preview_label.setPixmap(pix)
        self.preview_stack.setCurrentWidget(self.preview_label)
        self.preview_pages, self.preview_hidden = pv.pages, pv.hidden
        page = options.page
        note = f"{page.width_px}×{page.height_px} px"
        if pv.fmt == "pdf":
            note = f"{page.width_in:.1f}×{page.height_in:.1f} in, {pv.pages} page(s)"
        elif pv.fmt == "pptx":
            note = "A slide of editable shapes (and what moved, with a baseline)"
        if pv.hidden:
            note += f" — {pv.hidden} items don't fit on one page: export a PDF to show all"
        if self.forecast_pending:
            note += FORECASTING
        self.preview_note.setText(note)

    def _preview_text(self, pv: Preview) -> None:
        text = pv.text
        lines = text.splitlines()
        if pv.fmt == "ics":
            n = text.count("BEGIN:VEVENT")
            note = f"{n} calendar events (milestones and deadlines); importing again updates them"
        elif pv.fmt == "csv":
            note = f"{len(lines) - 1} items, one per row (the whole plan)"
        elif pv.fmt == "xml":
            note = "The whole plan as MS Project XML (MSPDI): teams are summary tasks"
        else:
            note = "The whole plan as JSON"
        self.preview_text.setPlainText("\n".join(lines[:200]))
        self.preview_stack.setCurrentWidget(self.preview_text)
        self.preview_pages, self.preview_hidden = 0, 0
        self.preview_note.setText(note)

    # -- export -----------------------------------------------------------------------
    def _identity(self) -> str:
        path = self.session.path
        from planner.export.ics import plan_identity  # icalendar: imported when needed

        return self.session.uid or plan_identity(path.stem if path else self.session.plan.name)

    def _export_job(self, options: RoadmapOptions) -> Job:
        """The file's content made from values taken here (the plan, its schedule, the
        options, what moved), so that it can be made on a worker thread."""
        fmt, plan, sched = self.fmt(), self.session.plan, self.session.schedule
        identity, stamp, reasons = self._identity(), datetime.now(UTC), None
        if fmt == "pptx" and options.baseline is not None:
            from planner.export.pptx_moved import moved_reasons  # python-pptx: when exporting

            reasons = moved_reasons(self.session, options.baseline_name)

        def job(progress: Progress) -> bytes:
            if fmt == "xml":
                from planner.interchange.mspdi_write import mspdi_chunks

                return b"".join(mspdi_chunks(plan, sched, progress))
            if fmt not in DRAWN_FORMATS:  # nothing drawn: no wait for a preview's drawing
                return b"".join(export_chunks(fmt, plan, sched, options, identity, stamp,
                                              progress, reasons))  # fmt: skip
            with drawing(progress):  # matplotlib and its fonts: one drawing at a time
                pieces = export_chunks(fmt, plan, sched, options, identity, stamp, progress,
                                       reasons)  # fmt: skip
                return b"".join(pieces)

        return job

    def default_path(self) -> Path:
        folder = Path(self.settings.export.last_folder or Path.home())
        path = self.session.path
        from planner.export.ics import plan_identity

        stem = path.stem if path else plan_identity(self.session.plan.name)
        return folder / f"{stem}.{self.fmt()}"

    def export_to(self, path: str | Path) -> bool:
        """Write the export to ``path``, made off the GUI thread (with a progress dialog
        and Cancel when it takes a while); False if refused (the message shown) or
        cancelled (nothing written)."""
        path = Path(path)
        if path.suffix.lower() != f".{self.fmt()}":
            path = path.with_name(path.name + f".{self.fmt()}")
        try:
            options = self.options()
            if self.forecast_pending:
                raise PlannerError("The forecast is still being computed: export once it shows")
            job = self._export_job(options)
        except PlannerError as e:
            self._show_error(str(e))
            return False
        self._timer.stop()  # no preview drawn meanwhile: the export draws now
        if self._cancel_previews():  # made again afterwards
            self._timer.start()
        self.form_panel.setEnabled(False)  # nothing changed, nothing exported twice
        self.buttons.setEnabled(False)
        try:
            outcome = self.exporter.run(job, f"exporting {path.name}")
            if outcome.ok:
                write_atomic(path, outcome.result)
        except PlannerError as e:  # the file can't be written
            outcome = JobOutcome(error=str(e))
        finally:
            self.form_panel.setEnabled(True)
            self.buttons.setEnabled(True)
        if outcome.cancelled:
            self.preview_note.setText("Export cancelled: nothing was written")
            return False
        if outcome.error is not None:
            self._show_error(outcome.error)
            return False
        self.last_path = path
        self.remember()
        self.exported.emit(str(path))
        return True

    def export_interactively(self) -> None:
        fmt = self.fmt()
        path, _ = QFileDialog.getSaveFileName(
            self, "Export roadmap", str(self.default_path()),
            f"{LABELS[fmt]} (*.{fmt})",
        )  # fmt: skip
        if path and self.export_to(path):
            self.accept()

    def done(self, result: int) -> None:
        if self.exporter.busy:
            return  # Escape while exporting: the progress dialog's Cancel stops it
        self._timer.stop()  # no preview after closing (the session may be gone)
        self._cancel_previews()  # one being made stops at its next step, and is dropped
        if result == QDialog.DialogCode.Rejected:
            self.remember()
        super().done(result)
