"""Rename in place: a line edit over an item's label on the timeline.

``InlineTitleEditor(view, commit)`` is one QLineEdit, a child of the view's viewport,
reused for every rename. ``open(item_id, title)`` lays it over the item's label in the
label's font with the whole title selected, so typing replaces it. Enter and leaving
the field (focus out) commit, Esc cancels. What it commits is the text on one line with
control characters dropped and the ends trimmed; ``commit(item_id, title)`` is called
only when that differs from the title and is not empty (the window then applies one
edit: one undo step). Scrolling and zooming move it along with the label; an item that
goes away (undone, deleted, another roadmap opened) closes it without a commit.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRect, Qt, QTimer, Signal
from PySide6.QtWidgets import QLineEdit

from planner.domain.text import one_line
from planner.gui.timeline_items import ItemGlyph
from planner.gui.timeline_layout import ROW_H

__all__ = ["InlineTitleEditor", "clean_title"]

MIN_W = 180  # room to type, however short the title is
PAD = 40.0
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")  # marks, overrides, isolates


def clean_title(text: str) -> str:
    """A typed title as it is stored: one line, no control characters (nor the
    bidirectional controls that reorder what is shown), trimmed."""
    return _BIDI.sub("", one_line(text)).strip()


class InlineTitleEditor(QLineEdit):
    """The one inline title editor of a TimelineView."""

    refused = Signal(str)  # an edit that was not committed, with the reason in one line

    def __init__(self, view, commit: Callable[[str, str], None]) -> None:
        super().__init__(view.viewport())
        self.view = view
        self._commit = commit
        self.item_id: str | None = None
        self._original = ""
        self._closing = False
        self.setObjectName("inline-title-editor")
        self.setFrame(True)
        self.hide()
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.place)
        view.horizontalScrollBar().valueChanged.connect(self._follow)
        view.verticalScrollBar().valueChanged.connect(self._follow)
        view.scene().sceneRectChanged.connect(self._follow)

    @property
    def is_open(self) -> bool:
        return self.item_id is not None

    def open(self, item_id: str, title: str) -> bool:
        """Lay the editor over ``item_id``'s label with ``title`` selected; False when
        the item has no glyph on the timeline."""
        if self.is_open:
            self.finish()
        glyph = self._glyph(item_id)
        if glyph is None:
            return False
        self.item_id, self._original = item_id, title
        if ItemGlyph.font is not None:
            self.setFont(ItemGlyph.font)
        self.setText(title)
        self.selectAll()
        self.place()
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def place(self) -> None:
        """Put the editor over the label again (after a scroll, a zoom or an edit); an
        item no longer shown closes it."""
        if self.item_id is None:
            return
        glyph = self._glyph(self.item_id)
        if glyph is None:
            self.cancel()
            return
        row_h = glyph.rows.h
        # a short row: the field as tall as it wants (up to a default row), centred on it
        height = max(int(row_h), min(self.sizeHint().height(), int(ROW_H)))
        top = glyph.y0 + (row_h - height) / 2
        left = self.view.mapFromScene(QPointF(glyph.x0 + glyph.label_x() - 3, top))
        width = max(int(glyph.label_w + PAD), MIN_W)
        self.setGeometry(QRect(left.x(), left.y(), width, height))

    def finish(self) -> None:
        """Commit what was typed (nothing when it is empty or unchanged) and close."""
        if self.item_id is None or self._closing:
            return
        item_id, title = self.item_id, clean_title(self.text())
        self._close()
        if not title:
            self.refused.emit("A title can't be empty: the old one is kept")
        elif title != self._original:
            self._commit(item_id, title)

    def cancel(self) -> None:
        """Close without changing anything."""
        if self.item_id is not None and not self._closing:
            self._close()

    def _close(self) -> None:
        self._closing = True
        try:
            self.item_id = None
            had_focus = self.hasFocus()
            self.hide()
            if had_focus:
                self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        finally:
            self._closing = False

    def _glyph(self, item_id: str) -> ItemGlyph | None:
        glyph = self.view.scene().glyphs.get(item_id)
        return glyph if glyph is not None and glyph.scene() is not None else None

    def _follow(self, *_args) -> None:
        if self.item_id is not None:
            self.place()
            self._later.start()  # again once the view has caught up with a zoom

    # -- Qt -------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finish()
            event.accept()
            return
        if key == Qt.Key.Key_Escape:
            self.cancel()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:  # not its own context menu
            self.finish()
