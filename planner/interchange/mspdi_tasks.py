"""One task of an MS Project XML file as a roadmap item: its kind, dates, duration,
constraint, progress and actual dates, each as ``planner.interchange.mspdi`` says, and
notes for what it changes or leaves out. Also the rows the reader keeps per task, the
notes many tasks share, and the ids it makes unique.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from planner.domain.errors import PlanError
from planner.domain.model import FIRST_DAY, LAST_DAY, MAX_DURATION, Item
from planner.domain.text import one_line, quoted
from planner.interchange.fidelity import Fidelity
from planner.interchange.mspdi_format import (
    ELAPSED_FORMATS,
    ESTIMATE_FIELD,
    ID_FIELD,
    parse_bool,
    parse_duration,
    parse_int,
    parse_moment,
)
from planner.scheduling.calendar import WorkCalendar

__all__ = ["Groups", "Row", "TaskReader", "Timing", "days_text", "number_text", "unique_id"]

_ONE_DAY = timedelta(days=1)


@dataclass(eq=False, slots=True)
class Row:
    """One ``Task`` element: its UID, outline level, and children's texts by tag."""

    uid: int
    level: int
    f: dict[str, str | None]
    el: ET.Element
    parent: Row | None = None
    top: Row | None = None  # its level-1 ancestor (itself at level 1)
    has_children: bool = False
    role: str = "item"  # "item", "team", "group" (a deeper summary) or "dropped"
    item: Item | None = None
    team: str | None = None  # a team row's team id

    @property
    def name(self) -> str:
        return self.f.get("Name") or ""

    def what(self) -> str:
        return f"task {quoted(self.name)} (UID {self.uid})"


@dataclass
class Groups:
    """Notes many tasks share, told once each: how many, and the first few names."""

    seen: dict[tuple[bool, str, str, str], list[str]] = field(default_factory=dict)

    def add(self, dropped: bool, kind: tuple[str, str], how: str, name: str) -> None:
        self.seen.setdefault((dropped, *kind, how), []).append(name)

    def tell(self, fidelity: Fidelity) -> None:
        for (dropped, one, many, how), names in self.seen.items():
            n = len(names)
            shown = ", ".join(quoted(x, 40) for x in names[:3]) + (", …" if n > 3 else "")
            what = f"{n:,} {one if n == 1 else many} ({shown})"
            (fidelity.drop if dropped else fidelity.approximate)(what, how)


@dataclass(frozen=True)
class Timing:
    """What the project says of time: minutes per working day, when a working day
    begins and ends (minutes after midnight), working days per week, and the UID of the
    project's calendar."""

    minutes_per_day: int
    day_start: int
    day_end: int
    workdays: int
    calendar_uid: str | None


class TaskReader:
    """Tasks to items on ``cal``, the notes going to ``fidelity`` (one by one) and
    ``groups`` (those many tasks share)."""

    def __init__(
        self, timing: Timing, cal: WorkCalendar, fidelity: Fidelity, groups: Groups
    ) -> None:
        self.cal, self.fidelity, self.groups = cal, fidelity, groups
        self.minutes_per_day, self.workdays = timing.minutes_per_day, timing.workdays
        self.day_start, self.day_end = timing.day_start, timing.day_end
        self.calendar_uid = timing.calendar_uid

    def item(self, row: Row, own: dict[str, str], taken: set[str]) -> Item | None:
        """The item of ``row`` (a task, not a summary), with the values of our fields
        ``own`` and an id unique among ``taken`` (which it joins); None (noted) when it
        can't be one."""
        f = row.f
        what = row.what()
        days = self._duration(row)
        milestone = parse_bool(f.get("Milestone")) or days == 0
        if milestone and days:
            self.fidelity.approximate(
                what, f"a milestone of {days_text(days)}: a milestone on its finish"
            )
        if milestone:  # a point: the end of a day (see _day)
            start = self._day(row, "Finish" if days else "Start", point=True)
            start = start or self._day(row, "Start" if days else "Finish", point=True)
        else:
            start = self._day(row, "Start")
        if start is None:
            start = self._day(row, "ConstraintDate", point=milestone)
        if start is None:
            self.fidelity.drop(what, "it has no Start that can be read")
            return None
        duration = 0 if milestone else max(1, days if days is not None else self._span(row))
        if duration > MAX_DURATION:
            self.fidelity.approximate(what, f"{days_text(duration)}: {MAX_DURATION:,}")
            duration = MAX_DURATION
        deadline = self._day(row, "Deadline", point=True)
        start, locked, deadline = self._constraint(row, milestone, duration, start, deadline)
        if not FIRST_DAY <= start <= LAST_DAY:
            self.fidelity.drop(
                what, f"its start {start} is outside the calendar ({FIRST_DAY} to {LAST_DAY})"
            )
            return None
        progress = self._percent(row)
        actual_start = self._day(row, "ActualStart", point=milestone)
        actual_finish = self._day(row, "ActualFinish", point=True)
        if actual_start and actual_finish and actual_finish < actual_start:
            self.fidelity.approximate(
                what, f"actual finish {actual_finish} before its actual start: {actual_start}"
            )
            actual_finish = actual_start
        self._task_extras(row)
        item_id = unique_id(
            own.get(ID_FIELD) or str(row.uid), str(row.uid), taken, what, self.fidelity
        )
        top = row.top
        return Item(
            id=item_id,
            title=row.name,
            team=top.team if top is not None and top is not row else None,
            kind="milestone" if milestone else "task",
            start=start,
            duration=duration,
            deadline=deadline,
            locked=locked,
            done=actual_finish is not None or progress == 100,
            actual_start=actual_start,
            actual_finish=actual_finish,
            progress=progress,
            notes=f.get("Notes") or "",
            estimate=self._estimate(row, own),
        )

    def _day(self, row: Row, tag: str, point: bool = False) -> date | None:
        """The day of a date field, None when it is not there. A start at or after the
        end of the working day (``DefaultFinishTime``) is the next working day; a
        ``point`` (a finish, a milestone, a deadline) at or before its beginning
        (``DefaultStartTime``) is the end of the working day before, as MS Project
        schedules it. One that can't be read,
        or lies outside the calendar (but for a start, checked by the caller), is noted."""
        text = row.f.get(tag)
        if not text or text.isspace():
            return None
        try:
            day, minutes = parse_moment(text)
        except ValueError:
            self.fidelity.drop(f"{row.what()}: {tag} {quoted(text)}", "not a date")
            return None
        if minutes is not None and FIRST_DAY < day < LAST_DAY:
            cal = self.cal
            if point and minutes <= self.day_start:  # the previous working day's end
                day = cal.date_of(cal.last_index(day - _ONE_DAY))
            elif not point and minutes >= self.day_end:  # the next working day
                day = cal.date_of(cal.start_index(day + _ONE_DAY))
        if tag not in ("Start", "Finish", "ConstraintDate") and not FIRST_DAY <= day <= LAST_DAY:
            self.fidelity.drop(
                f"{row.what()}: {tag} {day}", f"outside the calendar ({FIRST_DAY} to {LAST_DAY})"
            )
            return None
        return day

    def _duration(self, row: Row) -> int | None:
        """``Duration`` in whole working days (a part day rounded up, noted); None when
        there is none that can be read."""
        text = row.f.get("Duration")
        if text is None:
            return None
        try:
            minutes = parse_duration(text)
        except ValueError:
            minutes = -1
        if minutes < 0:
            self.fidelity.drop(f"{row.what()}: Duration {quoted(text)}", "not a duration")
            return None
        fmt = parse_int(row.f.get("DurationFormat"))
        mpd = self.minutes_per_day
        if fmt in ELAPSED_FORMATS:
            elapsed = Fraction(minutes) / 1440
            days = math.ceil(elapsed * self.workdays / 7)
            self.fidelity.approximate(
                row.what(), f"{number_text(elapsed)} elapsed days: {days_text(days)}"
            )
        elif isinstance(minutes, int) and minutes % mpd == 0:
            days = minutes // mpd  # the usual case: whole working days
        else:
            exact = Fraction(minutes) / mpd
            days = math.ceil(exact)
            if days != exact:
                self.fidelity.approximate(
                    row.what(), f"{number_text(exact)} working days rounded up to {days}"
                )
        return days

    def _span(self, row: Row) -> int:
        """The working days from ``Start`` to ``Finish`` of a task without a duration
        that can be read (noted), at least one; one without a finish either."""
        first, last = self._day(row, "Start"), self._day(row, "Finish", point=True)
        if first and last and FIRST_DAY <= first <= last <= LAST_DAY:
            days = max(1, self.cal.end_point(last) - self.cal.start_index(first))
            how = f"no Duration: {days_text(days)} from its Start to its Finish"
        else:
            days, how = 1, "no Duration and no Finish: 1 working day"
        self.fidelity.approximate(row.what(), how)
        return days

    def _constraint(
        self, row: Row, milestone: bool, duration: int, start: date, deadline: date | None
    ) -> tuple[date, bool, date | None]:
        """(planned start, locked, deadline) under the task's constraint."""
        kind = parse_int(row.f.get("ConstraintType")) or 0
        on = (
            self._day(row, "ConstraintDate", point=milestone or kind in (3, 6, 7)) if kind else None
        )
        if kind == 4 and on:  # start no earlier than: exactly our planned start
            return on, False, deadline
        if kind == 2:  # must start on
            return on or start, True, deadline
        if kind == 3:  # must finish on
            if on is None or milestone:
                return on or start, True, deadline
            try:
                first = self.cal.date_of(self.cal.end_point(on) - duration)
            except PlanError:
                first = start
            self.groups.add(
                False,
                ("must-finish-on task", "must-finish-on tasks"),
                "locked to start so that it finishes on its date",
                row.name,
            )
            return first, True, deadline
        if kind == 7 and on:  # finish no later than
            self.groups.add(
                False,
                ("finish-no-later-than task", "finish-no-later-than tasks"),
                "the date is a deadline",
                row.name,
            )
            return start, False, min(deadline, on) if deadline else on
        words = {1: "as late as possible", 5: "start no later than", 6: "finish no earlier than"}
        if kind in words:
            self.groups.add(
                False,
                (f"{words[kind]} task", f"{words[kind]} tasks"),
                "a roadmap has no such constraint: planned from its Start",
                row.name,
            )
        elif kind not in (0, 4):
            self.fidelity.drop(
                f"{row.what()}: ConstraintType {quoted(row.f.get('ConstraintType'))}",
                "not a constraint MS Project knows",
            )
        return start, False, deadline

    def _percent(self, row: Row) -> int:
        text = row.f.get("PercentComplete")
        if text is None:
            return 0
        pct = parse_int(text)
        if pct is None:
            self.fidelity.drop(f"{row.what()}: PercentComplete {quoted(text)}", "not a number")
            return 0
        if not 0 <= pct <= 100:
            clamped = min(max(pct, 0), 100)
            self.fidelity.approximate(row.what(), f"{pct}% complete: {clamped}%")
            return clamped
        return pct

    def _estimate(self, row: Row, own: dict[str, str]) -> int | None:
        """Our estimate field (Number1, which MS Project may write as "5.00")."""
        text = own.get(ESTIMATE_FIELD)
        if not text:
            return None
        whole, _, decimals = text.strip().partition(".")
        value = parse_int(whole) if decimals.strip("0") == "" else None
        if value is None or not 0 <= value <= MAX_DURATION:
            self.fidelity.drop(f"{row.what()}: estimate {quoted(text)}", "not a number of days")
            return None
        return value

    def _task_extras(self, row: Row) -> None:
        """What a task carries that a roadmap doesn't hold, grouped by kind."""
        f, add = row.f, self.groups.add
        if parse_bool(f.get("Manual")):
            add(
                False,
                ("manually scheduled task", "manually scheduled tasks"),
                "scheduled automatically from their Start",
                row.name,
            )
        if _nonzero(f.get("Cost")) or _nonzero(f.get("FixedCost")) or _nonzero(f.get("ActualCost")):
            add(True, ("task cost", "task costs"), "costs are not part of a roadmap", row.name)
        if "Baseline" in f:
            add(
                True,
                ("task baseline", "task baselines"),
                "MS Project baselines are not read (save baselines in the roadmap)",
                row.name,
            )
        if (f.get("HyperlinkAddress") or "").strip():
            add(True, ("hyperlink", "hyperlinks"), "a roadmap item has no link", row.name)
        cal = (f.get("CalendarUID") or "-1").strip()
        if cal not in ("-1", self.calendar_uid):
            add(
                True,
                ("task calendar", "task calendars"),
                "every item follows the project's calendar",
                row.name,
            )


def unique_id(wanted: str, fallback: str, taken: set[str], what: str, fidelity: Fidelity) -> str:
    """``wanted`` with control characters stripped (``fallback`` when nothing is
    left), or with a suffix when it is taken (noted)."""
    if wanted not in taken and wanted.isprintable() and wanted.strip():
        taken.add(wanted)  # the usual case
        return wanted
    base = one_line(wanted).strip() or fallback
    got, n = base, 1
    while got in taken:
        n += 1
        got = f"{base}-{n}"
    if base != wanted:
        fidelity.approximate(what, f"its id {quoted(wanted)} can't be an id: {quoted(got)}")
    elif got != base:
        fidelity.approximate(what, f"its id {quoted(base)} is taken; it is {quoted(got)}")
    taken.add(got)
    return got


def days_text(n: int) -> str:
    """``n`` working days in words: "1 working day", "3 working days"."""
    return f"{n:,} working day{'' if n == 1 else 's'}"


def _nonzero(text: str | None) -> bool:
    if text is None or text == "0":
        return False
    try:
        return float(text) != 0
    except ValueError:
        return bool(text.strip())


def number_text(x: Fraction) -> str:
    """A fraction for a note: up to two decimals."""
    return f"{float(x):.2f}".rstrip("0").rstrip(".")
