"""The inspector's panel for a link selected on the timeline.

It names the link by its two titles ("Design → Build"), says it in words, and edits it:
the type (FS/SS/FF/SF) and the lag in working days each apply one UpdateDependency, the
Delete button one RemoveDependency, through ``window.apply_edit`` (one undo step each).
A read-only roadmap shows the link without the editors.
"""

from __future__ import annotations

import html

from PySide6.QtWidgets import QComboBox, QFormLayout, QPushButton, QSpinBox, QWidget

from planner.app.linking import link_title
from planner.domain.edits import RemoveDependency, UpdateDependency
from planner.domain.model import MAX_LAG, Dependency
from planner.gui import theme
from planner.gui.inspector import LINK_TYPES, link_sentence
from planner.gui.plain_text import rich_label


class LinkPanel(QWidget):
    """Shows and edits one link, ``key`` (pred, succ), of ``window.session``."""

    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.key: tuple[str, str] | None = None
        self._filling = False
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.title = rich_label()  # the titles in it are escaped
        self.title.setWordWrap(True)
        self.sentence = rich_label()
        self.sentence.setWordWrap(True)
        theme.style(self.sentence, "color:{subtle}")
        self.type = QComboBox()
        for code, text in LINK_TYPES:
            self.type.addItem(text, code)
        self.lag = QSpinBox()
        self.lag.setRange(-MAX_LAG, MAX_LAG)
        self.lag.setSuffix(" working days")
        self.lag.setToolTip("Working days between the two ends; negative = a lead")
        self.delete = QPushButton("Delete link")
        self.delete.setToolTip("Remove this link (Delete)")
        form.addRow(self.title)
        form.addRow("Type", self.type)
        form.addRow("Lag", self.lag)
        form.addRow(self.sentence)
        form.addRow(self.delete)
        self.type.activated.connect(lambda _: self._apply())
        self.lag.editingFinished.connect(self._apply)
        self.delete.clicked.connect(self.delete_link)
        self.hide()

    def link(self) -> Dependency | None:
        """The link shown, as the plan has it now (None if it is gone)."""
        session = self.window_.session
        if self.key is None or session is None:
            return None
        return next((d for d in session.plan.dependencies if d.key == self.key), None)

    def show_link(self, key: tuple[str, str] | None) -> None:
        self.key = key
        self.refresh()

    def refresh(self) -> None:
        d = self.link()
        if d is None:
            self.key = None
            return
        plan = self.window_.session.plan
        self._filling = True
        try:
            self.title.setText(f"<b>{html.escape(link_title(plan, d.pred, d.succ))}</b>")
            self.type.setCurrentIndex(self.type.findData(d.type))
            self.lag.setValue(d.lag)
            pred, succ = plan.item(d.pred).label, plan.item(d.succ).label
            self.sentence.setText(html.escape(link_sentence(pred, succ, d.type, d.lag)))
        finally:
            self._filling = False
        editable = not self.window_.read_only
        for w in (self.type, self.lag, self.delete):
            w.setEnabled(editable)

    def _apply(self) -> None:
        """The editors' type and lag onto the link (one undo step), if they differ."""
        d = self.link()
        if d is None or self._filling or self.window_.read_only:
            return
        dep_type, lag = self.type.currentData(), self.lag.value()
        if (dep_type, lag) == (d.type, d.lag):
            return
        if self.window_.apply_edit(UpdateDependency(d.pred, d.succ, dep_type, lag)) is None:
            self.refresh()  # refused: show the stored link again

    def delete_link(self) -> None:
        d = self.link()
        if d is not None and not self.window_.read_only:
            self.window_.apply_edit(RemoveDependency(d.pred, d.succ))
