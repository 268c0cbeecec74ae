"""The working-day axis: dates <-> integer working-day indexes, both ways in O(1).

Each working day has an index; weekends and holidays have none. Index 0 is the first
working day on or after ``origin``. Lookup tables cover a window of dates and grow
(doubling) when a date or index outside it is asked for, up to the whole range the
calendar can hold (``FIRST_DAY``..``LAST_DAY``); a lookup never rebuilds a table that
already covers it, so lookups stay O(1) up to the very first and last day.

Points on the axis (DESIGN.md): a task occupies ``[S, F)``; a task starting on date D
has ``S = start_index(D)``; a milestone dated D, or a deadline D, is the point
``end_point(D) = idx(D) + 1`` (end of day D; on a non-working day, the end of the
previous working day).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from planner.domain.errors import PlanError
from planner.domain.model import FIRST_DAY, LAST_DAY, CalendarSpec, validate_calendar
from planner.domain.text import quoted

__all__ = ["WorkCalendar"]

_MIN_ORD = FIRST_DAY.toordinal()
_MAX_ORD = LAST_DAY.toordinal()


class WorkCalendar:
    """Working-day calendar of a plan. Raises PlanError if no day of the week is worked."""

    __slots__ = (
        "_country_days",
        "_hi",
        "_holidays",
        "_ihi",
        "_ilo",
        "_lo",
        "_next",
        "_ords",
        "_origin",
        "_spec",
        "_weekend",
        "_work",
    )  # fmt: skip

    def __init__(self, spec: CalendarSpec | None = None, origin: date = date(2020, 1, 6)) -> None:
        spec = spec or CalendarSpec()
        validate_calendar(spec)
        self._spec = spec
        self._weekend = frozenset(spec.weekend)
        self._holidays = {h.toordinal() for h in spec.holidays}
        self._country_days: set[int] = set()
        self._origin = origin.toordinal()
        self._lo = self._hi = self._origin
        self._next: list[int] = []  # per ordinal in [lo, hi): index of first working day >= it
        self._work = bytearray()  # per ordinal in [lo, hi): 1 if worked
        self._ords: list[int] = []  # per index in [ilo, ihi): its ordinal
        self._ilo = self._ihi = 0
        self._build(self._origin - 3 * 366, self._origin + 12 * 366)

    @property
    def spec(self) -> CalendarSpec:
        return self._spec

    # -- tables -----------------------------------------------------------------------
    def _country_holidays(self, lo: int, hi: int) -> set[int]:
        if not self._spec.country:
            return set()
        import holidays  # a pure-Python table of public holidays, no network

        years = range(date.fromordinal(lo).year, date.fromordinal(hi - 1).year + 1)
        try:
            table = holidays.country_holidays(
                self._spec.country, subdiv=self._spec.subdivision, years=years
            )
        except NotImplementedError:
            raise PlanError(
                f"calendar: unknown country {quoted(self._spec.country)} for public holidays"
            ) from None
        return {d.toordinal() for d in table}

    def _build(self, lo: int, hi: int) -> None:
        lo, hi = max(lo, _MIN_ORD), min(hi, _MAX_ORD + 1)
        self._country_days = self._country_holidays(lo, hi)
        off = self._holidays | self._country_days
        weekend = self._weekend
        first_wd = date.fromordinal(lo).weekday()
        work = bytearray(
            0 if ((first_wd + k) % 7 in weekend or lo + k in off) else 1 for k in range(hi - lo)
        )
        # number of working days in [lo, origin) so that the origin's next working day is 0
        before = sum(work[: self._origin - lo])
        nxt = [0] * (hi - lo)
        ords: list[int] = []
        count = -before
        for k in range(hi - lo):
            nxt[k] = count
            if work[k]:
                ords.append(lo + k)
                count += 1
        self._lo, self._hi, self._work, self._next = lo, hi, work, nxt
        self._ords, self._ilo, self._ihi = ords, -before, count

    def _cover(self, ordinal: int) -> None:
        """Grow the tables until they hold ``ordinal``. Raises PlanError outside the range."""
        if not _MIN_ORD <= ordinal <= _MAX_ORD:
            raise PlanError(
                f"date {date.fromordinal(max(ordinal, 1))} is outside the calendar"
                f" ({FIRST_DAY} to {LAST_DAY})"
            )
        span = self._hi - self._lo
        lo, hi = self._lo, self._hi
        while not lo <= ordinal < hi:
            lo, hi = lo - span, hi + span
            span *= 2
        self._build(lo, hi)

    # -- dates -> points --------------------------------------------------------------
    # An index is a count of working days, so it is right whatever lies past the table's
    # ends: a day needs only its own entry.
    def is_working(self, d: date) -> bool:
        o = d.toordinal()
        if not self._lo <= o < self._hi:
            self._cover(o)
        return bool(self._work[o - self._lo])

    def start_index(self, d: date) -> int:
        """Index of ``d``, or of the next working day when ``d`` is not worked."""
        o = d.toordinal()
        if not self._lo <= o < self._hi:
            self._cover(o)
        return self._next[o - self._lo]

    def last_index(self, d: date) -> int:
        """Index of ``d``, or of the previous working day when ``d`` is not worked."""
        o = d.toordinal()
        if not self._lo <= o < self._hi:
            self._cover(o)
        k = o - self._lo
        return self._next[k] if self._work[k] else self._next[k] - 1

    def end_point(self, d: date) -> int:
        """The point at the end of working day ``d`` (milestones, deadlines, finishes)."""
        return self.last_index(d) + 1

    # -- points -> dates --------------------------------------------------------------
    def has_index(self, index: int) -> bool:
        """Whether a working day with this index lies inside the calendar's range."""
        while not self._ilo <= index < self._ihi:
            if self._lo <= _MIN_ORD and self._hi > _MAX_ORD:
                return False
            span = self._hi - self._lo
            self._build(self._lo - span, self._hi + span)
        return True

    def ordinals_of(self, indexes: Sequence[int]) -> list[int]:
        """``date_of(i).toordinal()`` of each index, in one pass (for views placing many
        items). Raises PlanError for an index outside the range."""
        if len(indexes):
            for bound in (min(indexes), max(indexes)):
                self.date_of(bound)  # covers the range, or says which is outside
        ords, ilo = self._ords, self._ilo
        return [ords[i - ilo] for i in indexes]

    def date_of(self, index: int) -> date:
        """The working day with this index. Raises PlanError outside the range."""
        if not self.has_index(index):
            raise PlanError(
                f"working day {index} is outside the calendar ({FIRST_DAY} to {LAST_DAY})"
            )
        return date.fromordinal(self._ords[index - self._ilo])
