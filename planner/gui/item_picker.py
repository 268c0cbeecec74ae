"""A searchable list of items to pick one from (the context menu's "Add dependency").

``ItemPickerDialog(title, prompt, choices, parent)`` shows ``choices`` (item id, the
text to show) in a list under a filter field: typing keeps the rows that contain every
typed word (any case), Enter or a double-click picks the current row. ``picked()`` is
the chosen id after ``exec()``. The rows are plain text (a title is never markup), and
a list of 10k titles filters at typing speed (one proxy over a string list model).
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, QStringListModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListView,
    QVBoxLayout,
)

from planner.gui import theme
from planner.gui.plain_text import plain_label

__all__ = ["ItemPickerDialog", "WordFilter"]


class WordFilter(QSortFilterProxyModel):
    """Keeps the rows whose text holds every word of the filter, ignoring case."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def set_words(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent) -> bool:
        if not self._words:
            return True
        text = self.sourceModel().index(row, 0, parent).data().casefold()
        return all(w in text for w in self._words)


class ItemPickerDialog(QDialog):
    """Pick one item by (part of) its title, team or id."""

    def __init__(self, title: str, prompt: str, choices: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self._ids = [item_id for item_id, _ in choices]
        self.model = QStringListModel([text for _, text in choices], self)
        self.proxy = WordFilter(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type part of a title, a team or an id")
        self.search.setClearButtonEnabled(True)
        self.list = QListView()
        self.list.setModel(self.proxy)
        self.list.setUniformItemSizes(True)  # 10k rows lay out at once
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.empty = plain_label("No item fits.")
        theme.style(self.empty, "color:{subtle}")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        lay = QVBoxLayout(self)
        lay.addWidget(plain_label(prompt))
        lay.addWidget(self.search)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.empty)
        lay.addWidget(self.buttons)
        self.resize(460, 420)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.accept)
        self.list.doubleClicked.connect(lambda _: self.accept())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._filter("")

    def _filter(self, text: str) -> None:
        self.proxy.set_words(text)
        rows = self.proxy.rowCount()
        if rows and not self.list.currentIndex().isValid():
            self.list.setCurrentIndex(self.proxy.index(0, 0))
        self.empty.setVisible(rows == 0)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(rows > 0)

    def picked(self) -> str | None:
        """The current row's item id (None when no row is left)."""
        idx = self.list.currentIndex()
        if not idx.isValid():
            return None
        return self._ids[self.proxy.mapToSource(idx).row()]

    def accept(self) -> None:
        if self.picked() is not None:
            super().accept()
