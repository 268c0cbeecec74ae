"""A date field that can't commit a half-typed day: a line edit with a parser and a
calendar popup.

``DateField`` shows its day as "Wed 23 Dec" (planner/gui/day_format.py). Typing changes
only the text: the field reads it (``parse_day``) when the user presses Enter or leaves
the field, and then emits ``date_committed(day)`` once, if it names a day other than the
one shown. Text that names no day is refused with why, in the field's note, and the day
shown comes back. A click on a part of the day (weekday, day, month, year) selects that
part, as a double-click does, so what is typed next replaces it. A day picked in the
calendar popup (the button beside the text) is committed at once. ``set_date`` (the
program showing a stored value) never emits.

A field may hold no day (``set_none``: an unset deadline, an item not started): it is
then empty with a greyed word ("None") in its place, so a disabled field never reads as
if a day were set, and ``date()`` is the day offered when the owner sets one (ticking
its check box, opening the calendar).

The note under the field (``show_note``) is where the owner says what happened to a
committed day, e.g. "Sat 26 Dec is not a working day: starts Mon 28 Dec"; it stays until
the user types again or the field shows another item. Non-working days are greyed in
the popup when ``is_working`` is given.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain.errors import PlannerError
from planner.gui import theme
from planner.gui.day_format import EXAMPLES, DayParseError, day_text, parse_day

__all__ = ["DateField"]

NOTE_STYLE = "color:{subtle}"  # templates of planner/gui/theme.py
REFUSED_STYLE = "color:{bad}"


def section_at(text: str, pos: int) -> tuple[int, int] | None:
    """(start, length) of the run of letters or digits of ``text`` at cursor position
    ``pos`` (touching it on either side), or None between two runs."""
    start = end = pos
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return (start, end - start) if end > start else None


class _DayEdit(QLineEdit):
    """The field's text: a plain click selects the part of the day under it."""

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        super().mouseReleaseEvent(e)
        plain = e.modifiers() == Qt.KeyboardModifier.NoModifier
        if e.button() != Qt.MouseButton.LeftButton or not plain or self.hasSelectedText():
            return  # a drag selected text, Shift extended it: theirs
        pos = self.cursorPositionAt(e.position().toPoint())
        section = section_at(self.text(), pos)
        if section is not None:
            self.setSelection(*section)


class DateField(QWidget):
    """A day typed or picked; see the module's text. ``today`` sets the year shown."""

    date_committed = Signal(object)  # a datetime.date, once per finished edit

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.is_working: Callable[[date], bool] | None = None
        self._date = today
        self._none = False  # showing no day (set_none); _date is the one offered
        self.edit = _DayEdit()
        self.edit.setToolTip(f"Type a day ({EXAMPLES}) and press Enter, or pick one")
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setToolTip("Pick a day in a calendar")
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(False)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.popup = QFrame(self, Qt.WindowType.Popup)  # closes on a click outside
        self.popup.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(self.popup)
        box.setContentsMargins(2, 2, 2, 2)
        box.addWidget(self.calendar)
        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addLayout(row)
        lay.addWidget(self.note)
        self.setFocusProxy(self.edit)

        self.edit.editingFinished.connect(self._typed)
        self.edit.textEdited.connect(lambda _t: self.show_note(""))
        self.button.clicked.connect(self.open_calendar)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self.calendar.currentPageChanged.connect(lambda y, m: self._grey_days(y, m))

    # -- the value ------------------------------------------------------------------
    def date(self) -> date:
        """The day shown (the stored one, or the one last committed); with no day shown,
        the day offered (``set_none``)."""
        return self._date

    def is_none(self) -> bool:
        """Whether the field shows no day (``set_none``)."""
        return self._none

    def set_date(self, d: date) -> None:
        """Show ``d``, as the program does after a change; emits nothing."""
        self._date, self._none = d, False
        self.edit.setText(day_text(d, self.today))
        self.edit.setCursorPosition(0)

    def set_none(self, offered: date, text: str = "None") -> None:
        """Show no day: the field empty, ``text`` greyed in its place; ``offered`` is the
        day ``date()`` gives and the calendar opens on. Emits nothing."""
        self._date, self._none = offered, True
        self.edit.clear()
        self.edit.setPlaceholderText(text)

    def text(self) -> str:
        return self.edit.text()

    def show_note(self, text: str, refused: bool = False) -> None:
        """Say ``text`` under the field ('' hides the note)."""
        self.note.setText(text)
        theme.style(self.note, REFUSED_STYLE if refused else NOTE_STYLE)
        self.note.setVisible(bool(text))
        self._fit_note()

    def resizeEvent(self, e: QResizeEvent) -> None:
        super().resizeEvent(e)
        self._fit_note()

    def _fit_note(self) -> None:
        """Keep the wrapped note's every line in view: a form in a scroll area lays the
        field out at its size hint, which counts the note's lines at another width."""
        if self.note.isHidden() or not self.note.text():
            self.note.setMinimumHeight(0)
            return
        self.note.setMinimumHeight(self.note.heightForWidth(max(self.width(), 1)))

    # -- committing -----------------------------------------------------------------
    def _typed(self) -> None:
        text = self.edit.text()
        if self._none and not text.strip():
            return  # still no day
        if not self._none and text == day_text(self._date, self.today):
            return  # Enter on what is shown, or focus left without a change
        try:
            d = parse_day(text, self._date)
        except DayParseError as e:
            if self._none:
                self.set_none(self._date, self.edit.placeholderText())
                self.show_note(f"{e}.", refused=True)
                return
            self.set_date(self._date)
            self.show_note(f"{e}. It stays {day_text(self._date, self.today)}.", refused=True)
            return
        self._commit(d)

    def _picked(self, qd: QDate) -> None:
        self.popup.close()
        self._commit(qd.toPython())

    def _commit(self, d: date) -> None:
        self.show_note("")
        if d == self._date and not self._none:
            self.set_date(d)
            return
        self.set_date(d)
        self.date_committed.emit(d)

    # -- the popup ------------------------------------------------------------------
    def open_calendar(self) -> None:
        """Show the calendar under the field, on the day shown."""
        d = self._date
        self.calendar.setSelectedDate(QDate(d.year, d.month, d.day))
        self._grey_days(d.year, d.month)
        self.popup.adjustSize()
        self.popup.move(self.edit.mapToGlobal(QPoint(0, self.edit.height())))
        self.popup.show()
        self.calendar.setFocus()

    def _grey_days(self, year: int, month: int) -> None:
        """Grey the non-working days of the month shown (and the days around it)."""
        if self.is_working is None:
            return
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # clear the last month
        grey = QTextCharFormat()
        grey.setForeground(theme.color("faint"))
        first = QDate(year, month, 1).addDays(-7)
        for k in range(50):
            qd = first.addDays(k)
            try:
                working = self.is_working(qd.toPython())
            except PlannerError:  # past the calendar's ends
                working = True
            if not working:
                self.calendar.setDateTextFormat(qd, grey)
