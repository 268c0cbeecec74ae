"""The project calendar of an MS Project XML file, both ways.

Reading: the project's calendar (``CalendarUID``, else its first base calendar), with
the calendars it derives from, becomes the roadmap calendar. Its ``WeekDays`` say which
weekdays are worked; ``WorkWeeks`` (work weeks for a span of dates) give holidays where
they leave a usual working day off; its ``Exceptions`` (one day, a range, or a
recurrence: daily, weekly, monthly or yearly) and the older ``WeekDay`` entries of
``DayType`` 0 give holidays where they are not worked and take holidays away where they
are. The hours of a day are not kept (a roadmap counts whole working days), and a day
worked on a weekend day can't be held: it stays off, with a note.

Writing: one base calendar, UID 1, with all seven ``WeekDays`` (08:00-12:00 and
13:00-17:00 on working days) and one ``Exception`` per run of consecutive holidays.
"""

from __future__ import annotations

import calendar as _months
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from planner.domain.model import FIRST_DAY, LAST_DAY, CalendarSpec
from planner.domain.text import quoted
from planner.interchange.fidelity import Fidelity
from planner.interchange.mspdi_format import (
    child,
    children,
    parse_bool,
    parse_day,
    parse_int,
    text_of,
)

__all__ = ["STEP_BUDGET", "calendar_element", "read_calendar"]

# How many days the recurrences of one file may expand to in all: a hostile calendar of
# thousands of centuries-long daily exceptions costs at most this many steps.
STEP_BUDGET = 500_000
_MAX_PERIOD = 10_000  # every 10,000th day, week or month at the most
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass
class _Reading:
    """The state of reading one calendar chain: the notes go to ``fidelity``."""

    ns: str
    fidelity: Fidelity
    budget: int = STEP_BUDGET
    out_of_budget: bool = False
    working: dict[int, bool] = field(default_factory=dict)  # weekday (0 = Monday) -> worked
    off: set[date] = field(default_factory=set)

    def child(self, el: ET.Element, name: str) -> ET.Element | None:
        return child(el, self.ns + name)

    def text(self, el: ET.Element, name: str) -> str | None:
        return text_of(el, self.ns + name)

    def children(self, el: ET.Element | None, name: str) -> list[ET.Element]:
        return children(el, self.ns + name)


def read_calendar(project: ET.Element, ns: str, fidelity: Fidelity) -> CalendarSpec:
    """The roadmap calendar of the ``Project`` element; what can't be held is noted in
    ``fidelity``. A file without a calendar has MS Project's standard one (Monday to
    Friday, no holidays)."""
    r = _Reading(ns, fidelity)
    calendars = {}
    for cal in r.children(r.child(project, "Calendars"), "Calendar"):
        uid = parse_int(r.text(cal, "UID"))
        if uid is not None and uid not in calendars:
            calendars[uid] = cal
    chosen = _project_calendar(r, project, calendars)
    if chosen is None:
        return CalendarSpec()
    chain = _chain(r, chosen, calendars)
    others = len(calendars) - len(chain)
    if others:
        fidelity.drop(
            f"{others:,} other calendar{'s' if others != 1 else ''}",
            "calendars of resources and tasks are not part of a roadmap; the project's"
            " calendar is read",
        )
    for cal in reversed(chain):  # the base first; a derived calendar overrides it
        _read_weekdays(r, cal)
    weekend = frozenset(d for d in range(7) if not r.working.get(d, d < 5))
    if len(weekend) == 7:
        fidelity.approximate(
            "calendar: no weekday is worked", "read as Monday to Friday, as MS Project's standard"
        )
        weekend = frozenset({5, 6})
    for cal in reversed(chain):
        _read_work_weeks(r, cal, weekend)
        _read_exceptions(r, cal, weekend)
    if r.out_of_budget:
        fidelity.drop(
            f"calendar exceptions past the first {STEP_BUDGET:,} days they cover",
            "too many to read",
        )
    holidays = tuple(sorted(r.off))
    return CalendarSpec(weekend=weekend, holidays=holidays)


def _project_calendar(
    r: _Reading, project: ET.Element, calendars: dict[int, ET.Element]
) -> ET.Element | None:
    uid = parse_int(r.text(project, "CalendarUID"))
    if uid is not None and uid in calendars:
        return calendars[uid]
    bases = [c for c in calendars.values() if parse_bool(r.text(c, "IsBaseCalendar"))]
    first = bases or list(calendars.values())
    return first[0] if first else None


def _chain(r: _Reading, cal: ET.Element, calendars: dict[int, ET.Element]) -> list[ET.Element]:
    """The calendar and those it derives from, nearest first (a loop is cut)."""
    chain = [cal]
    while len(chain) < 16 and not parse_bool(r.text(chain[-1], "IsBaseCalendar")):
        base = calendars.get(parse_int(r.text(chain[-1], "BaseCalendarUID")) or -1)
        if base is None or any(base is c for c in chain):
            break
        chain.append(base)
    return chain


def _read_weekdays(r: _Reading, cal: ET.Element) -> None:
    for wd in r.children(r.child(cal, "WeekDays"), "WeekDay"):
        kind = parse_int(r.text(wd, "DayType"))
        if kind is not None and 1 <= kind <= 7:  # DayType 1 = Sunday, 2 = Monday, ...
            r.working[(kind + 5) % 7] = parse_bool(r.text(wd, "DayWorking"))


def _span(r: _Reading, el: ET.Element, what: str) -> tuple[date, date] | None:
    """The ``TimePeriod`` of an exception or work week, inside the calendar's range; None
    (noted) when it has none that can be read."""
    period = r.child(el, "TimePeriod")
    texts = (
        (None, None) if period is None else (r.text(period, "FromDate"), r.text(period, "ToDate"))
    )
    name = r.text(el, "Name") or ""
    where = f"calendar {what} {quoted(name)}" if name else f"a calendar {what}"
    try:
        first, last = (parse_day(t) for t in texts)  # type: ignore[arg-type]
    except (ValueError, AttributeError):
        r.fidelity.drop(where, "its dates can't be read")
        return None
    if last < first:
        r.fidelity.drop(where, f"it ends ({last}) before it begins ({first})")
        return None
    if last < FIRST_DAY or first > LAST_DAY:
        r.fidelity.drop(where, f"outside the calendar ({FIRST_DAY} to {LAST_DAY})")
        return None
    return max(first, FIRST_DAY), min(last, LAST_DAY)


def _apply(
    r: _Reading,
    days: Iterable[date],
    working: bool,
    span: tuple[date, date],
    name: str,
    weekend: frozenset[int],
) -> None:
    """Mark ``days`` worked or off, within the step budget; a worked weekend day is
    noted once for the exception."""
    weekend_worked = 0
    for d in days:
        if r.budget <= 0:
            r.out_of_budget = True
            return
        r.budget -= 1
        if working:
            r.off.discard(d)
            if d.weekday() in weekend:
                weekend_worked += 1
        else:
            r.off.add(d)
    if weekend_worked:
        r.fidelity.approximate(
            f"calendar {name} {span[0]} to {span[1]}",
            f"{weekend_worked:,} working day{'s' if weekend_worked != 1 else ''} on a"
            " weekend day can't be held by a roadmap calendar; left non-working",
        )


def _read_work_weeks(r: _Reading, cal: ET.Element, weekend: frozenset[int]) -> None:
    """A work week leaves some usual working days off (holidays) or works weekend days
    (which can't be held: noted)."""
    for ww in r.children(r.child(cal, "WorkWeeks"), "WorkWeek"):
        span = _span(r, ww, "work week")
        if not span:
            continue
        week = {d: d not in weekend for d in range(7)}
        for wd in r.children(ww, "WeekDay"):
            kind = parse_int(r.text(wd, "DayType"))
            if kind is not None and 1 <= kind <= 7:
                week[(kind + 5) % 7] = parse_bool(r.text(wd, "DayWorking"))
        off = {d for d, w in week.items() if not w and d not in weekend}
        extra = sorted(d for d, w in week.items() if w and d in weekend)
        name = quoted(r.text(ww, "Name") or "")
        if extra:
            r.fidelity.approximate(
                f"calendar work week {name} {span[0]} to {span[1]}",
                f"work on {', '.join(_DAY_NAMES[d] for d in extra)} can't be held by a"
                " roadmap calendar; left non-working",
            )
        if off:
            days = (d for d in _every_day(*span) if d.weekday() in off)
            _apply(r, days, False, span, f"work week {name}", weekend)


def _read_exceptions(r: _Reading, cal: ET.Element, weekend: frozenset[int]) -> None:
    """The exceptions as MS Project 2003 wrote them (a ``WeekDay`` of ``DayType`` 0 and
    its dates), then those of MS Project 2007 and later."""
    for wd in r.children(r.child(cal, "WeekDays"), "WeekDay"):
        if parse_int(r.text(wd, "DayType")) == 0:
            span = _span(r, wd, "exception")
            if span:
                working = parse_bool(r.text(wd, "DayWorking"))
                _apply(r, _every_day(*span), working, span, "exception", weekend)
    for ex in r.children(r.child(cal, "Exceptions"), "Exception"):
        span = _span(r, ex, "exception")
        if not span:
            continue
        name = r.text(ex, "Name") or ""
        label = f"exception {quoted(name)}" if name else "exception"
        days = _occurrences(r, ex, span, label)
        if days is not None:
            _apply(r, days, parse_bool(r.text(ex, "DayWorking")), span, label, weekend)


def _occurrences(
    r: _Reading, ex: ET.Element, span: tuple[date, date], label: str
) -> Iterator[date] | None:
    """The days of an exception: its recurrence (``Type`` 1 daily, 2 and 3 yearly, 4 and
    5 monthly, 6 weekly) between its dates, at most ``Occurrences`` of them when it is
    entered by occurrences; any other type is every day of its range. None (noted) when
    the recurrence can't be read."""
    kind = parse_int(r.text(ex, "Type"))
    period = min(max(1, parse_int(r.text(ex, "Period")) or 1), _MAX_PERIOD)
    month = parse_int(r.text(ex, "Month"))
    mday = parse_int(r.text(ex, "MonthDay"))
    position = parse_int(r.text(ex, "MonthPosition"))
    item = parse_int(r.text(ex, "MonthItem"))
    mask = parse_int(r.text(ex, "DaysOfWeek"))
    count = None
    if parse_bool(r.text(ex, "EnteredByOccurrences")):
        count = parse_int(r.text(ex, "Occurrences"))
    first, last = span
    days: Iterator[date]
    bad = None
    if kind == 1:
        days = _every_day(first, last, period)
    elif kind == 6:
        if mask is None or not 0 < mask < 128:
            bad = "its days of the week can't be read"
        days = _weekly(first, last, period, mask or 0)
    elif kind in (2, 3):
        if month is None or not 0 <= month <= 11:
            bad = "its month can't be read"
        elif kind == 2 and (mday is None or not 1 <= mday <= 31):
            bad = "its day of the month can't be read"
        elif kind == 3 and not _position_ok(position, item):
            bad = "its day in the month can't be read"
        pick = _day_of_month(mday) if kind == 2 else _nth_day(position, item)
        days = _monthly(first, last, 12, pick, only_month=(month or 0) + 1)
    elif kind in (4, 5):
        if kind == 4 and (mday is None or not 1 <= mday <= 31):
            bad = "its day of the month can't be read"
        elif kind == 5 and not _position_ok(position, item):
            bad = "its day in the month can't be read"
        pick = _day_of_month(mday) if kind == 4 else _nth_day(position, item)
        days = _monthly(first, last, period, pick)
    else:
        days = _every_day(first, last)
    if bad:
        r.fidelity.drop(f"calendar {label} {first} to {last}", bad)
        return None
    if count is not None:
        days = _first(days, max(count, 0))
    return days


def _first(days: Iterator[date], n: int) -> Iterator[date]:
    for k, d in enumerate(days):
        if k >= n:
            return
        yield d


def _every_day(first: date, last: date, step: int = 1) -> Iterator[date]:
    d = first
    delta = timedelta(days=step)
    while d <= last:
        yield d
        if d > LAST_DAY - delta:
            return
        d += delta


def _weekly(first: date, last: date, period: int, mask: int) -> Iterator[date]:
    """The days in ``mask`` (1 = Sunday, 2 = Monday, ..., 64 = Saturday) of every
    ``period``-th week, weeks beginning on the Sunday on or before ``first``."""
    sunday = first - timedelta(days=(first.weekday() + 1) % 7)
    wanted = [k for k in range(7) if mask & (1 << k)]  # k days after Sunday
    week = sunday
    while week <= last:
        for k in wanted:
            d = week + timedelta(days=k)
            if first <= d <= last:
                yield d
        if week > LAST_DAY - timedelta(days=7 * period):
            return
        week += timedelta(days=7 * period)


def _monthly(
    first: date,
    last: date,
    period: int,
    pick: Callable[[int, int], date],
    only_month: int | None = None,
) -> Iterator[date]:
    """``pick(year, month)`` for every ``period``-th month from ``first``'s (or, yearly,
    each year's ``only_month``), within ``first``..``last``."""
    y, m = first.year, only_month or first.month
    while (y, m) <= (last.year, last.month):
        d = pick(y, m)
        if first <= d <= last:
            yield d
        m += period
        y, m = y + (m - 1) // 12, (m - 1) % 12 + 1


def _day_of_month(mday: int | None) -> Callable[[int, int], date]:
    def pick(y: int, m: int) -> date:
        return date(y, m, min(mday or 1, _months.monthrange(y, m)[1]))

    return pick


def _position_ok(position: int | None, item: int | None) -> bool:
    return position is not None and 0 <= position <= 4 and item is not None and 0 <= item <= 9


def _nth_day(position: int | None, item: int | None) -> Callable[[int, int], date]:
    """The first..fourth (``position`` 0-3) or last (4) day of a month that is a
    ``MonthItem``: 0 any day, 1 a weekday, 2 a weekend day, 3-9 Sunday-Saturday."""

    def matches(d: date) -> bool:
        wd = d.weekday()
        if item == 0:
            return True
        if item == 1:
            return wd < 5
        if item == 2:
            return wd >= 5
        return wd == ((item or 3) - 4) % 7

    def pick(y: int, m: int) -> date:
        days = [date(y, m, k) for k in range(1, _months.monthrange(y, m)[1] + 1)]
        found = [d for d in days if matches(d)]
        return found[-1] if position == 4 else found[min(position or 0, len(found) - 1)]

    return pick


def calendar_element(spec: CalendarSpec, holidays: Sequence[date]) -> ET.Element:
    """The ``Calendars`` element for ``spec``: one base calendar, UID 1, its seven
    weekdays, and one exception per run of consecutive ``holidays``."""
    calendars = ET.Element("Calendars")
    cal = ET.SubElement(calendars, "Calendar")
    _add(cal, "UID", "1")
    _add(cal, "Name", "Standard")
    _add(cal, "IsBaseCalendar", "1")
    _add(cal, "BaseCalendarUID", "-1")
    weekdays = ET.SubElement(cal, "WeekDays")
    for day_type in range(1, 8):  # Sunday first, as MS Project writes them
        weekday = (day_type + 5) % 7
        wd = ET.SubElement(weekdays, "WeekDay")
        _add(wd, "DayType", str(day_type))
        works = weekday not in spec.weekend
        _add(wd, "DayWorking", "1" if works else "0")
        if works:
            times = ET.SubElement(wd, "WorkingTimes")
            for begin, end in (("08:00:00", "12:00:00"), ("13:00:00", "17:00:00")):
                t = ET.SubElement(times, "WorkingTime")
                _add(t, "FromTime", begin)
                _add(t, "ToTime", end)
    runs = _runs(holidays)
    if runs:
        exceptions = ET.SubElement(cal, "Exceptions")
        for first, last in runs:
            ex = ET.SubElement(exceptions, "Exception")
            _add(ex, "EnteredByOccurrences", "0")
            period = ET.SubElement(ex, "TimePeriod")
            _add(period, "FromDate", f"{first.isoformat()}T00:00:00")
            _add(period, "ToDate", f"{last.isoformat()}T23:59:00")
            _add(ex, "Occurrences", "1")
            _add(ex, "Name", "Holiday" if first == last else "Holidays")
            _add(ex, "Type", "1")
            _add(ex, "DayWorking", "0")
    return calendars


def _runs(days: Sequence[date]) -> list[tuple[date, date]]:
    """Sorted distinct ``days`` as runs of consecutive days."""
    runs: list[tuple[date, date]] = []
    for d in sorted(set(days)):
        if runs and (d - runs[-1][1]).days == 1:
            runs[-1] = (runs[-1][0], d)
        else:
            runs.append((d, d))
    return runs


def _add(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = text
