"""The calendar of a GanttProject file: ``<default-week sun="1" mon="0" …>`` (1 = a
weekend day) and ``<date year month date type>`` (month 1-12, as GanttProject's loader
reads it; no year = every year), as a plan's CalendarSpec.

A recurring holiday is repeated over the years of the plan's tasks (noted); a
``WORKING_DAY`` (a weekend day worked) cannot be said by a weekly weekend, and a
``NEUTRAL`` day only matters with a base calendar, so both are dropped (noted), as is a
base calendar (``base-id``: a country's holidays, not in the file).
"""

from __future__ import annotations

from datetime import date
from xml.etree.ElementTree import Element

from planner.domain.model import FIRST_DAY, LAST_DAY, CalendarSpec, Item
from planner.domain.text import quoted
from planner.interchange.fidelity import Fidelity

__all__ = ["read_calendar"]

_WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # 0 = Monday, as CalendarSpec
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MAX_YEARS = 100  # years a recurring holiday is repeated over, at most


def _int(text: str | None) -> int | None:
    try:
        return int((text or "").strip())
    except ValueError:
        return None


def read_calendar(root: Element, items: list[Item], f: Fidelity) -> CalendarSpec:
    """The calendar of a GanttProject file (``root``): its weekend and holidays, a recurring
    holiday repeated over the years of ``items``; what it cannot say is noted in ``f``."""
    cal_el = root.find("calendars")
    if cal_el is None:
        f.approximate("the calendar", "none in the file: Monday to Friday")
        return CalendarSpec()
    base = (cal_el.get("base-id") or "").strip()
    if base:
        f.drop(
            f"base calendar {quoted(base)}",
            "its public holidays are not in the file; only the holidays listed are read",
        )
    holidays: set[date] = set()
    years = _years(items)
    for el in cal_el.findall("date"):
        holidays.update(_holiday(el, years, f))
    return CalendarSpec(weekend=_weekend(cal_el, f), holidays=tuple(sorted(holidays)))


def _weekend(cal_el: Element, f: Fidelity) -> frozenset[int]:
    week = cal_el.find("day-types/default-week")
    if week is None:
        f.approximate("the working week", "none in the file: Monday to Friday")
        return frozenset({5, 6})
    weekend = frozenset(i for i, d in enumerate(_WEEK) if (week.get(d) or "").strip() == "1")
    if len(weekend) == 7:
        f.approximate("the working week", "every day is a weekend day: Monday to Friday")
        return frozenset({5, 6})
    return weekend


def _years(items: list[Item]) -> range:
    """The years a recurring holiday is repeated over: those of the tasks' dates
    (their starts to a generous guess of their finishes), at most _MAX_YEARS."""
    if not items:
        return range(0)
    lo = min(it.start for it in items).year
    last = LAST_DAY.toordinal()
    hi = date.fromordinal(
        max(min(it.start.toordinal() + 2 * it.duration + 7, last) for it in items)
    )
    return range(lo, min(hi.year, lo + _MAX_YEARS - 1) + 1)


def _holiday(el: Element, years: range, f: Fidelity) -> list[date]:
    """The holidays one ``<date>`` says (several for one without a year)."""
    kind = (el.get("type") or "HOLIDAY").strip()
    year = (el.get("year") or "").strip()
    month, day = _int(el.get("month")), _int(el.get("date"))
    if month is None or day is None or not 1 <= month <= 12 or (year and not year.isdigit()):
        raw = "-".join(quoted(el.get(a) or "") for a in ("year", "month", "date"))
        f.drop(f"calendar day {raw}", "not a date")
        return []
    what = f"calendar day {year or 'every year'}-{month:02d}-{day:02d}"
    if kind == "WORKING_DAY":
        f.drop(what, "a working day on a weekend: the planner's weekends are every week")
        return []
    if kind != "HOLIDAY":
        f.drop(what, f"type {quoted(kind)}: only holidays are read")
        return []
    if year:
        got = _date(int(year), month, day)
        if got is None:
            f.drop(what, "not a date in the calendar")
        return [got] if got else []
    days = [d for y in years if (d := _date(y, month, day)) is not None]
    if not days or _date(2000, month, day) is None:  # 2000: a leap year
        f.drop(what, "no year of the plan's tasks has it")
        return []
    f.approximate(
        f"holiday every {day} {_MONTHS[month - 1]}",
        f"repeated in each year of the plan's tasks, {years[0]} to {years[-1]}",
    )
    return days


def _date(year: int, month: int, day: int) -> date | None:
    try:
        got = date(year, month, day)
    except (ValueError, OverflowError):
        return None
    return got if FIRST_DAY <= got <= LAST_DAY else None
