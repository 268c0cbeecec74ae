"""The notices digest: a team's delay notices since a date, as plain text or Markdown
for the clipboard, or as an .eml draft on disk (opened from the notices dock).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QVBoxLayout,
)

from planner.export import digest
from planner.gui.plain_text import plain_label

__all__ = ["ALL_TEAMS", "DigestDialog"]

ALL_TEAMS = "\x00all"  # the team combo's value for "All teams"


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


FORMATS = (("Plain text", "text"), ("Markdown", "md"), ("E-mail draft (.eml)", "eml"))
SUFFIX = {"text": ".txt", "md": ".md", "eml": ".eml"}
FILTERS = {
    "text": "Text files (*.txt)",
    "md": "Markdown files (*.md)",
    "eml": "E-mail drafts (*.eml)",
}


class DigestDialog(QDialog):
    """A team's notices since a date, as text or Markdown to copy, or an .eml to save."""

    def __init__(self, session, today: date, team: str | None = None, parent=None):
        super().__init__(parent)
        self.session = session
        self.today = today
        self.saved_path: Path | None = None
        self.setWindowTitle("Notices digest")
        plan = session.plan

        self.team_combo = QComboBox()
        self.team_combo.addItem("All teams", ALL_TEAMS)
        for t in plan.teams:
            self.team_combo.addItem(t.name, t.id)
        self.team_combo.setCurrentIndex(max(0, self.team_combo.findData(team or ALL_TEAMS)))
        self.since_check = QCheckBox("Only changes since")
        self.since_check.setChecked(True)
        self.since_edit = QDateEdit(_qdate(today - timedelta(days=today.weekday())))
        self.since_edit.setCalendarPopup(True)
        self.since_edit.setDisplayFormat("ddd d MMM yyyy")
        self.include_ack = QCheckBox("Include acknowledged notices")
        self.include_ack.setChecked(True)
        self.format_combo = QComboBox()
        for text, key in FORMATS:
            self.format_combo.addItem(text, key)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.status = plain_label()  # may name a file
        self.status.setWordWrap(True)

        since_row = QHBoxLayout()
        since_row.addWidget(self.since_check)
        since_row.addWidget(self.since_edit)
        since_row.addStretch(1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for combo in (self.team_combo, self.format_combo):
            combo.setMinimumWidth(220)
        form.addRow("Team:", self.team_combo)
        form.addRow("Period:", since_row)
        form.addRow("", self.include_ack)
        form.addRow("Format:", self.format_combo)

        box = QDialogButtonBox()
        self.copy_button = box.addButton(
            "Copy to clipboard", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button = box.addButton("Save…", QDialogButtonBox.ButtonRole.ActionRole)
        box.addButton(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        self.save_button.clicked.connect(self.save)

        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.preview, 1)
        lay.addWidget(self.status)
        lay.addWidget(box)
        self.resize(760, 520)

        for sig in (
            self.team_combo.currentIndexChanged,
            self.format_combo.currentIndexChanged,
            self.since_edit.dateChanged,
            self.since_check.toggled,
            self.include_ack.toggled,
        ):
            sig.connect(lambda *_a: self.refresh())
        self.since_check.toggled.connect(self.since_edit.setEnabled)
        self.refresh()

    def team(self) -> str | None:
        team = self.team_combo.currentData()
        return None if team == ALL_TEAMS else team

    def since(self) -> date | None:
        return _pydate(self.since_edit.date()) if self.since_check.isChecked() else None

    def format(self) -> str:
        return self.format_combo.currentData()

    def set_options(self, *, team=..., since=..., fmt=None, include_ack=None) -> None:
        """Set the inputs in one go; ``team`` / ``since`` None mean all teams / all time,
        left out they stay as they are."""
        if team is not ...:
            self.team_combo.setCurrentIndex(max(0, self.team_combo.findData(team or ALL_TEAMS)))
        if since is not ...:
            self.since_check.setChecked(since is not None)
            if since is not None:
                self.since_edit.setDate(_qdate(since))
        if fmt is not None:
            self.format_combo.setCurrentIndex(self.format_combo.findData(fmt))
        if include_ack is not None:
            self.include_ack.setChecked(include_ack)

    def rows(self):
        since = self.since()
        return self.session.notices(
            team=self.team(),
            include_acknowledged=self.include_ack.isChecked(),
            since=since.isoformat() if since else None,
        )

    def message(self):
        """The digest as an EmailMessage (the .eml format)."""
        return digest.notices_eml(self.session.plan, self.rows(), self.team(), since=self.since())

    def digest_text(self) -> str:
        """The digest in the chosen format, as it would be copied or saved."""
        plan, rows, since = self.session.plan, self.rows(), self.since()
        fmt = self.format()
        if fmt == "md":
            return digest.notices_markdown(plan, rows, since=since)
        if fmt == "eml":
            return self.message().as_string()
        return digest.notices_text(plan, rows, since=since)

    def refresh(self) -> None:
        plan, rows, since = self.session.plan, self.rows(), self.since()
        fmt = self.format()
        if fmt == "eml":
            msg = self.message()
            shown = f"Subject: {msg['Subject']}\n\n" + digest.notices_text(plan, rows, since=since)
        elif fmt == "md":
            shown = digest.notices_markdown(plan, rows, since=since)
        else:
            shown = digest.notices_text(plan, rows, since=since)
        self.preview.setPlainText(shown)
        n = len(rows)
        self.status.setText(f"{n} notice{'s' if n != 1 else ''}")
        self.copy_button.setEnabled(fmt != "eml")
        self.copy_button.setToolTip(
            "An e-mail draft is saved as a file; choose text or Markdown to copy"
            if fmt == "eml"
            else ""
        )

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self.digest_text())
        self.status.setText("Copied to the clipboard.")

    def default_filename(self) -> str:
        who = self.team_combo.currentText().replace(" ", "-").lower()
        day = self.since() or self.today
        return f"roadmap-changes-{who}-{day.isoformat()}{SUFFIX[self.format()]}"

    def save(self) -> None:
        fmt = self.format()
        path, _ = QFileDialog.getSaveFileName(
            self, "Save digest", self.default_filename(), FILTERS[fmt]
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        """Write the digest; an .eml as bytes a mail program opens as a draft."""
        fmt = self.format()
        if path.suffix.lower() != SUFFIX[fmt]:
            path = path.with_name(path.name + SUFFIX[fmt])
        try:
            if fmt == "eml":
                path.write_bytes(bytes(self.message()))
            else:
                path.write_text(self.digest_text(), encoding="utf-8")
        except OSError as e:
            self.status.setText(f"Could not save {path.name}: {e.strerror}")
            return
        self.status.setText(f"Saved {path}")
        self.saved_path = path
