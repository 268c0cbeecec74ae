"""The inspector's date fields, typed and picked as a user does: a half-typed day is
never applied, Enter applies it once (one undo step), a non-working day is moved to the
working day the scheduler reads it as (and the field says so), text that is no day is
refused with why, a calendar pick applies at once, and a change that moves other teams'
items asks for the optional reason like a drop does (Cancel leaves the plan as it was).

The sample roadmap: today is Sun 22 Nov 2026, so its days show without the year;
Mon 16 Nov and Mon 14 Dec are holidays.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QScrollArea,
    QTableView,
    QWidget,
)

from planner.gui.date_field import DateField
from planner.gui.day_format import DayParseError, day_text, parse_day, span_text


def type_over(qtbot, field, start: int, length: int, keys: str) -> None:
    """Select ``length`` characters of the field from ``start`` and type ``keys``."""
    field.edit.setFocus()
    field.edit.setSelection(start, length)
    qtbot.keyClicks(field.edit, keys)


def test_typing_over_the_day_applies_nothing_until_enter_then_once(window, qtbot):
    s, field = window.session, window.inspector.start
    window.select_item("shell")
    assert field.text() == "Mon 9 Nov"
    type_over(qtbot, field, 4, 1, "2")  # over the "9"
    assert field.text() == "Mon 2 Nov"
    assert s.plan.item("shell").start == date(2026, 11, 9)
    qtbot.keyClicks(field.edit, "5")
    assert field.text() == "Mon 25 Nov"
    assert s.plan.item("shell").start == date(2026, 11, 9)
    assert window.undo_history.count() == 0

    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert s.plan.item("shell").start == date(2026, 11, 25)
    assert field.text() == "Wed 25 Nov"  # the weekday typed over is corrected
    assert window.undo_history.count() == 1
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)  # again: nothing new
    window.inspector.title.setFocus()  # leaving the field: nothing new either
    assert window.undo_history.count() == 1
    window.undo_history.undo()
    assert s.plan.item("shell").start == date(2026, 11, 9)
    assert field.text() == "Mon 9 Nov"


def test_leaving_the_field_applies_what_was_typed(window, qtbot):
    s, ins = window.session, window.inspector
    window.select_item("shell")
    type_over(qtbot, ins.start, 0, len(ins.start.text()), "12 nov")
    assert s.plan.item("shell").start == date(2026, 11, 9)
    ins.title.setFocus()
    assert s.plan.item("shell").start == date(2026, 11, 12)
    assert ins.start.text() == "Thu 12 Nov"
    assert window.undo_history.count() == 1


def test_a_weekend_start_moves_to_monday_and_the_field_says_so(window, qtbot):
    s, field = window.session, window.inspector.start
    window.select_item("shell")
    type_over(qtbot, field, 4, 1, "21")  # Sat 21 Nov
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert s.plan.item("shell").start == date(2026, 11, 23)
    assert field.text() == "Mon 23 Nov"
    assert field.note.isVisible()
    assert field.note.text() == "Sat 21 Nov is not a working day: starts Mon 23 Nov"
    assert window.undo_history.count() == 1
    type_over(qtbot, field, 0, len(field.text()), "1")  # typing again clears the note
    assert not field.note.isVisible()


def test_a_holiday_deadline_or_milestone_is_the_working_day_before(window, qtbot):
    s, ins = window.session, window.inspector
    window.select_item("invoices")  # deadline Wed 9 Dec
    assert ins.deadline.text() == "Wed 9 Dec"
    type_over(qtbot, ins.deadline, 0, len(ins.deadline.text()), "14 Dec")  # a holiday
    qtbot.keyClick(ins.deadline.edit, Qt.Key.Key_Return)
    assert s.plan.item("invoices").deadline == date(2026, 12, 11)
    assert ins.deadline.note.text() == (
        "Mon 14 Dec is not a working day: due Fri 11 Dec, the working day before"
    )
    window.select_item("docs")  # a milestone
    assert not ins.deadline.note.isVisible()  # another item: the note is gone
    type_over(qtbot, ins.start, 0, len(ins.start.text()), "Sun 6 Dec")
    qtbot.keyClick(ins.start.edit, Qt.Key.Key_Return)
    assert s.plan.item("docs").start == date(2026, 12, 4)
    assert ins.start.note.text() == (
        "Sun 6 Dec is not a working day: on Fri 4 Dec, the working day before"
    )


def test_no_deadline_reads_as_none_and_ticking_it_starts_from_the_finish(window, qtbot):
    s, ins = window.session, window.inspector
    window.select_item("api")  # no deadline; scheduled Mon 9 Nov -> Mon 23 Nov
    assert s.plan.item("api").deadline is None
    assert not ins.has_deadline.isChecked() and not ins.deadline.isEnabled()
    assert ins.deadline.text() == "" and ins.deadline.edit.placeholderText() == "None"
    ins.has_deadline.click()
    assert s.plan.item("api").deadline == date(2026, 11, 23)  # met, with no room
    assert ins.deadline.isEnabled() and ins.deadline.text() == "Mon 23 Nov"
    ins.has_deadline.click()
    assert s.plan.item("api").deadline is None
    assert ins.deadline.text() == "" and not ins.deadline.isEnabled()
    window.select_item("invoices")  # another item's deadline shows as a day again
    assert ins.deadline.text() == "Wed 9 Dec"
    window.select_item("api")
    assert ins.deadline.text() == ""


def test_a_field_with_no_day_commits_a_day_typed_and_nothing_when_left_empty(window, qtbot):
    field = window.inspector.deadline
    seen = []
    field.date_committed.connect(seen.append)
    field.set_none(date(2026, 11, 23))
    field.setEnabled(True)
    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert seen == [] and field.is_none() and field.text() == ""
    qtbot.keyClicks(field.edit, "not a day")
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert seen == [] and field.is_none() and field.text() == ""
    assert "is not a day" in field.note.text()
    qtbot.keyClicks(field.edit, "23 Nov")  # the day offered, typed: committed
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert seen == [date(2026, 11, 23)] and not field.is_none()


def test_text_that_is_no_day_is_refused_with_why(window, qtbot, errors):
    s, field = window.session, window.inspector.start
    window.select_item("shell")
    type_over(qtbot, field, 4, 1, "31")  # 31 Nov
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert s.plan.item("shell").start == date(2026, 11, 9)
    assert field.text() == "Mon 9 Nov"
    assert field.note.text() == "'Mon 31 Nov' is not a day of the calendar. It stays Mon 9 Nov."
    type_over(qtbot, field, 0, len(field.text()), "next week")
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert "'next week' is not a day: type e.g. '21', '21 Dec'" in field.note.text()
    assert window.undo_history.count() == 0 and errors == []


GREY = QColor("#8C959F")


def calendar_cell(calendar, day: int):
    """The view of a QCalendarWidget and the rect of ``day`` of the month it shows."""
    view = calendar.findChild(QTableView)
    model = view.model()
    rows = range(1, model.rowCount())  # row 0: the weekday names
    for r in rows:
        for c in range(model.columnCount()):
            index = model.index(r, c)
            text = str(model.data(index))
            # the first week may show the end of the month before, the last the next one's
            if text == str(day) and not (day > 20 and r < 3) and not (day < 15 and r > 4):
                return view, view.visualRect(index)
    raise AssertionError(f"no cell for day {day}")


def test_a_calendar_pick_applies_at_once(window, qtbot):
    s, field = window.session, window.inspector.start
    window.select_item("shell")
    qtbot.mouseClick(field.button, Qt.MouseButton.LeftButton)
    assert field.popup.isVisible()
    assert field.calendar.selectedDate().toPython() == date(2026, 11, 9)
    view, rect = calendar_cell(field.calendar, 11)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert not field.popup.isVisible()
    assert s.plan.item("shell").start == date(2026, 11, 11)
    assert field.text() == "Wed 11 Nov"
    assert window.undo_history.count() == 1


def test_the_calendar_greys_the_plans_holidays(window, qtbot):
    field = window.inspector.start
    window.select_item("shell")
    qtbot.mouseClick(field.button, Qt.MouseButton.LeftButton)
    formats = field.calendar.dateTextFormat()
    greyed = {d.toPython() for d, f in formats.items() if f.foreground().color() == GREY}
    assert date(2026, 11, 16) in greyed  # the holiday
    assert date(2026, 11, 21) in greyed  # a Saturday
    assert date(2026, 11, 17) not in greyed
    field.popup.close()


def answer_reason(qtbot, text: str | None, asked: list) -> None:
    """When the reason dialog opens, type ``text`` and press OK (None: Cancel)."""

    def answer() -> None:
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, QInputDialog):
            QTimer.singleShot(20, answer)
            return
        asked.append(dlg.labelText())
        if text is None:
            dlg.reject()
            return
        dlg.setTextValue(text)
        dlg.accept()

    QTimer.singleShot(0, answer)


def test_a_start_that_moves_other_teams_asks_the_reason_like_a_drop(window, qtbot):
    s, field = window.session, window.inspector.start
    window.reason_provider = window.notices_feature.reason_for_drag  # as the app has it
    window.select_item("shell")  # Web; 4 weeks later it pushes Backend's and Design's items
    asked: list[str] = []
    answer_reason(qtbot, "design review ran long", asked)
    type_over(qtbot, field, 0, len(field.text()), "7 Dec")
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert len(asked) == 1
    assert "moves items of Design and Backend, who" in asked[0]
    assert s.plan.item("shell").start == date(2026, 12, 7)
    assert window.undo_history.count() == 1
    reasons = {n.reason for n in s.notices()}
    assert reasons == {"design review ran long"}


def test_cancelling_the_reason_leaves_the_plan_unchanged(window, qtbot):
    s, ins = window.session, window.inspector
    window.reason_provider = window.notices_feature.reason_for_drag
    window.select_item("shell")
    before = s.schedule.dates("ga")
    asked: list[str] = []
    answer_reason(qtbot, None, asked)
    type_over(qtbot, ins.start, 0, len(ins.start.text()), "7 Dec")
    qtbot.keyClick(ins.start.edit, Qt.Key.Key_Return)
    assert len(asked) == 1
    assert s.plan.item("shell").start == date(2026, 11, 9)
    assert s.schedule.dates("ga") == before
    assert ins.start.text() == "Mon 9 Nov"  # the stored day again
    assert window.undo_history.count() == 0
    # a duration that moves them asks too
    answer_reason(qtbot, None, asked)
    ins.duration.setFocus()
    ins.duration.selectAll()
    qtbot.keyClicks(ins.duration, "15")
    qtbot.keyClick(ins.duration, Qt.Key.Key_Return)
    assert len(asked) == 2
    assert s.plan.item("shell").duration == 4 and ins.duration.value() == 4


def test_a_change_inside_its_own_team_asks_nothing(window, qtbot):
    s, field = window.session, window.inspector.start
    window.reason_provider = window.notices_feature.reason_for_drag
    window.select_item("legal")  # Design; nothing comes after it
    type_over(qtbot, field, 0, len(field.text()), "17 Nov")
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert s.plan.item("legal").start == date(2026, 11, 17)


# -- the format and the parser ------------------------------------------------------------
TODAY = date(2026, 11, 22)


def test_one_day_format_with_the_year_only_outside_this_one():
    assert day_text(date(2026, 12, 23), TODAY) == "Wed 23 Dec"
    assert day_text(date(2027, 12, 23), TODAY) == "Thu 23 Dec 2027"
    assert span_text(date(2026, 11, 9), date(2026, 11, 13), TODAY) == "Mon 9 Nov → Fri 13 Nov"
    assert span_text(date(2026, 12, 28), date(2027, 1, 8), TODAY) == ("Mon 28 Dec → Fri 8 Jan 2027")
    assert span_text(date(2026, 11, 9), date(2026, 11, 9), TODAY) == "Mon 9 Nov"


def test_the_parser_reads_what_people_type():
    near = date(2026, 12, 23)
    cases = {
        "21": date(2026, 12, 21),
        "Wed 21 Dec": date(2026, 12, 21),
        "dec 21": date(2026, 12, 21),
        "21 December 2027": date(2027, 12, 21),
        "5 Jan": date(2027, 1, 5),  # nearest the day shown: next January
        "21/12": date(2026, 12, 21),
        "3.1.2027": date(2027, 1, 3),
        "2027-02-28": date(2027, 2, 28),
        "  Sept 3 ": date(2026, 9, 3),
    }
    for text, day in cases.items():
        assert parse_day(text, near) == day, text
    for text in ("", "31 Feb", "32", "21 Dez", "21 Dec 27", "13/13", "tomorrow"):
        try:
            parse_day(text, near)
        except DayParseError:
            continue
        raise AssertionError(f"{text!r} was read as a day")


def _gui_strings():
    """Every string literal in planner/gui that is not a docstring, with its place."""
    import ast
    from pathlib import Path

    import planner.gui

    for path in sorted(Path(planner.gui.__file__).parent.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            text = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if text and id(node) not in docs:
                yield f"{path.name}:{node.lineno}", node.value


def test_the_gui_writes_days_and_arrows_one_way():
    """Days are written by planner/gui/day_format.py only; arrows are '→'."""
    own = [
        (where, text)
        for where, text in _gui_strings()
        if not where.startswith("day_format.py")
        and any(code in text for code in ("%a", "%b", "%d", "%Y"))
    ]
    assert own == []
    arrows = [
        (w, t)
        for w, t in _gui_strings()
        if ("->" in t or "=>" in t or "<-" in t) and "\\s" not in t  # not ldd's regex
    ]
    assert arrows == []


def click_on_char(qtbot, edit, index: int) -> None:
    """Click the middle of the character at ``index`` of a line edit, as a user does."""
    y = edit.height() // 2
    xs = [x for x in range(edit.width()) if edit.cursorPositionAt(QPoint(x, y)) == index]
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(max(xs), y))


def test_a_click_on_the_day_selects_it_so_typing_replaces_it(window, qtbot):
    s, field = window.session, window.inspector.start
    window.select_item("shell")
    assert field.text() == "Mon 9 Nov"
    click_on_char(qtbot, field.edit, 4)  # on the "9"
    assert field.edit.selectedText() == "9"
    qtbot.keyClicks(field.edit, "25")
    assert field.text() == "Mon 25 Nov"
    click_on_char(qtbot, field.edit, 8)  # on the "o" of "Nov"
    assert field.edit.selectedText() == "Nov"
    qtbot.keyClicks(field.edit, "Dec")
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert s.plan.item("shell").start == date(2026, 12, 25)
    assert field.text() == "Fri 25 Dec"
    # Shift+click extends the selection as in any text field
    click_on_char(qtbot, field.edit, 1)
    assert field.edit.selectedText() == "Fri"
    qtbot.mouseClick(field.edit, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
                     QPoint(field.edit.width() - 2, field.edit.height() // 2))  # fmt: skip
    assert field.edit.selectedText() == field.text()


def test_the_refusal_under_the_field_shows_every_line_in_a_scrolling_form(qtbot):
    """As in the inspector: a form taller than its scroll area is laid out at its size
    hint, which counted the wrapped note's lines at another width (they were cut)."""
    box = QWidget()
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    field = DateField(date(2026, 11, 22))
    form.addRow("Planned start", field)
    for k in range(30):
        form.addRow(f"Row {k}", QLineEdit())
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(box)
    scroll.resize(320, 400)
    qtbot.addWidget(scroll)
    scroll.show()
    qtbot.waitExposed(scroll)
    field.set_date(date(2027, 1, 4))
    field.edit.setFocus()
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, "Mon 420 Jan 2027")
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    note = field.note
    QApplication.processEvents()
    assert (
        note.text() == "'Mon 420 Jan 2027' is not a day of the calendar. It stays Mon 4 Jan 2027."
    )
    assert note.heightForWidth(note.width()) >= 3 * note.fontMetrics().lineSpacing()  # wrapped
    assert note.height() >= note.heightForWidth(note.width())  # and every line shown
