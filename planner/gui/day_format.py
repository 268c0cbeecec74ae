"""Days as the GUI writes and reads them: one format everywhere, and a forgiving parser.

A day is written "Wed 23 Dec" when it falls in today's year and "Wed 23 Dec 2027"
otherwise (``day_text``); two days are a span "Mon 9 Nov → Fri 13 Nov" (``span_text``).
``today`` is always given (the window's ``today``), never read from the clock here, so
a text does not change with the date a test runs on.

``parse_day`` reads what a person types into a date field: "21" (that day of the month
shown), "21 Dec", "Dec 21", "21 December 2027", "21/12", "21.12.2027", "2027-12-21",
with or without a weekday name in front ("Mon 21 Dec", ignored: it is what the field
showed before the number was retyped). A day and month without a year take the year
that puts them nearest the date the field showed, so "5 Jan" typed over "Wed 23 Dec
2026" is 5 Jan 2027. This module has no Qt in it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal, Protocol

__all__ = [
    "DayParseError",
    "WorkCalendarLike",
    "day_text",
    "on_working_day",
    "parse_day",
    "span_text",
    "working_days",
    "working_days_suffix",
]

ARROW = "→"

_FULL_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}))?$")
EXAMPLES = "'21', '21 Dec', '21 Dec 2027' or '2027-12-21'"


class DayParseError(ValueError):
    """What was typed is not a day; the message says why, in words for the user."""


def day_text(d: date, today: date) -> str:
    """'Wed 23 Dec' in ``today``'s year, else 'Wed 23 Dec 2027'."""
    text = f"{d:%a} {d.day} {d:%b}"
    return text if d.year == today.year else f"{text} {d.year}"


def span_text(first: date, last: date, today: date) -> str:
    """'Mon 9 Nov → Fri 13 Nov'; one day alone when ``first == last``."""
    if first == last:
        return day_text(first, today)
    return f"{day_text(first, today)} {ARROW} {day_text(last, today)}"


def working_days(n: int) -> str:
    """'1 working day', '-1 working day', '3 working days'."""
    return f"{n} working day{'s' if abs(n) != 1 else ''}"


class DaysSpinLike(Protocol):
    """What ``working_days_suffix`` needs of a spin box (a QSpinBox has it)."""

    valueChanged: Any  # a signal of int

    def value(self) -> int: ...
    def setSuffix(self, suffix: str) -> None: ...


def working_days_suffix(spin: DaysSpinLike) -> None:
    """Make a spin box of working days read "1 working day", "3 working days" as its
    value changes."""

    def follow(value: int) -> None:
        spin.setSuffix(" working day" if abs(value) == 1 else " working days")

    follow(spin.value())
    spin.valueChanged.connect(follow)


def _month(word: str) -> int | None:
    """1-12 for 'Dec', 'dec', 'December', 'Sept'; None for anything else."""
    w = word.lower()
    if w == "sept":
        return 9
    full = next((m for m in _FULL_MONTHS if len(w) >= 3 and m.startswith(w)), None)
    return None if full is None else _FULL_MONTHS.index(full) + 1


def _make(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DayParseError(f"'{text}' is not a day of the calendar") from None


def _nearest(month: int, day: int, near: date, text: str) -> date:
    """The day ``day``/``month`` in the year that puts it nearest ``near``."""
    best: date | None = None
    for year in (near.year - 1, near.year, near.year + 1):
        try:
            d = date(year, month, day)
        except ValueError:  # 29 Feb in a year without one
            continue
        if best is None or abs((d - near).days) < abs((best - near).days):
            best = d
    if best is None:
        raise DayParseError(f"'{text}' is not a day of the calendar")
    return best


def parse_day(text: str, near: date) -> date:
    """The day ``text`` names (see the module's text); ``near`` is the day the field
    showed. Raises DayParseError, with a message for the user, when it names none."""
    raw = " ".join(text.split())
    words = [w for w in re.split(r"[\s,]+", raw.strip(" ,.")) if w]
    if words and words[0].lower().rstrip(".")[:3] in _WEEKDAYS and not words[0][0].isdigit():
        words = words[1:]  # "Mon 21 Dec": the weekday is what the field showed
    if not words:
        raise DayParseError(f"Type a day, e.g. {EXAMPLES}")
    if len(words) == 1:
        w = words[0]
        if m := _ISO.match(w):
            return _make(int(m[1]), int(m[2]), int(m[3]), raw)
        if m := _NUMERIC.match(w):
            day, month = int(m[1]), int(m[2])
            if m[3]:
                return _make(int(m[3]), month, day, raw)
            if not 1 <= month <= 12:
                raise DayParseError(f"'{raw}' is not a day of the calendar")
            return _nearest(month, day, near, raw)
        if w.isdigit() and len(w) <= 2:
            return _make(near.year, near.month, int(w), f"{w} {near:%b %Y}")
        raise DayParseError(f"'{raw}' is not a day: type e.g. {EXAMPLES}")
    numbers = [w for w in words if w.isdigit()]
    names = [w for w in words if not w.isdigit()]
    if len(names) != 1 or len(numbers) not in (1, 2) or len(words) > 3:
        raise DayParseError(f"'{raw}' is not a day: type e.g. {EXAMPLES}")
    named = _month(names[0].rstrip("."))
    if named is None:
        raise DayParseError(f"'{names[0]}' is not a month: type e.g. {EXAMPLES}")
    if len(numbers) == 2:
        if len(numbers[1]) != 4:
            raise DayParseError(f"'{raw}': give the year in full, e.g. {EXAMPLES}")
        return _make(int(numbers[1]), named, int(numbers[0]), raw)
    return _nearest(named, int(numbers[0]), near, raw)


class WorkCalendarLike(Protocol):
    """What ``on_working_day`` uses of the plan's WorkCalendar."""

    def is_working(self, d: date) -> bool: ...
    def start_index(self, d: date) -> int: ...
    def last_index(self, d: date) -> int: ...
    def date_of(self, index: int) -> date: ...


DayRole = Literal["start", "milestone", "deadline"]


def on_working_day(
    calendar: WorkCalendarLike, d: date, role: DayRole, today: date
) -> tuple[date, str]:
    """The working day that ``d`` stands for, and what to tell the user ('' when ``d``
    is a working day). As the scheduler reads a day (DESIGN.md): a task's start on a
    non-working day is the next working day; a milestone's date or a deadline, the end
    of the working day before. Raises the calendar's PlanError outside its range."""
    if calendar.is_working(d):
        return d, ""
    if role == "start":
        day = calendar.date_of(calendar.start_index(d))
        what = f"starts {day_text(day, today)}"
    else:
        day = calendar.date_of(calendar.last_index(d))
        verb = "on" if role == "milestone" else "due"
        what = f"{verb} {day_text(day, today)}, the working day before"
    return day, f"{day_text(d, today)} is not a working day: {what}"
