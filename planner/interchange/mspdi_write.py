"""``write_mspdi``: a plan as an MS Project XML (MSPDI) file that MS Project and
ProjectLibre open, and that ``read_mspdi`` reads back as the same plan.

The file holds, in the order of the MSPDI schema: the project (``Name``, ``Title``, an
8-hour day), our three custom fields declared (``planner.interchange.mspdi_format``),
one base calendar (``planner.interchange.mspdi_calendar``), and the tasks: MS Project's
project summary task (UID 0), then per team a summary task at outline level 1 with the
team's items below it at level 2, in plan order, and last the items without a team at
level 1. Each item's UID is its place in the plan (1, 2, ...), so that reading the file
back gives the plan's order; the summary tasks come after them.

An item's planned start is a "start no earlier than" constraint, which MS Project
honours as our scheduler does (a locked item "must start on" its date), on the working
day it means (a task planned on a day off starts on the next working day, a milestone
is at the end of the one before: read back, that is its date); ``Start`` and
``Finish`` are its scheduled dates (08:00 and 17:00; a milestone sits at 17:00 of its
day). Links are written into each successor in the plan's order of dependencies, so
that ties between drivers fall the same way. A country's public holidays, which MS
Project can't look up, are written as exceptions for the years the schedule spans.
Sprints have no place in MSPDI and are not written.

The project, its fields and its calendar are written by ``xml.etree.ElementTree``; the
tasks, tens of thousands of the same few elements, are written as text (ElementTree
would take seconds over them), every value a number or a date we make but names, notes
and ids, which are escaped as ElementTree escapes them, the characters XML 1.0 can't
hold replaced (``xml_safe``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from xml.sax.saxutils import escape

from planner.domain.model import Dependency, Plan
from planner.domain.progress import NO_PROGRESS, Progress
from planner.domain.text import xml_safe
from planner.interchange.mspdi_calendar import calendar_element
from planner.interchange.mspdi_format import (
    COLOR_FIELD,
    ESTIMATE_FIELD,
    FIELDS,
    ID_FIELD,
    LAG_DAYS_FORMAT,
    LINK_CODES,
    MINUTES_PER_DAY,
    NAMESPACE,
    duration_text,
    finish_text,
    start_text,
)
from planner.scheduling.schedule import Schedule

__all__ = ["mspdi_chunks", "write_mspdi"]

_CHUNK = 2000  # tasks to a piece
_LAG_UNIT = 10 * MINUTES_PER_DAY  # LinkLag of one working day: 4800 tenths of a minute
_SNET, _MSO = "4", "2"  # ConstraintType: start no earlier than, must start on
_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def write_mspdi(plan: Plan, schedule: Schedule) -> bytes:
    """The MSPDI document of ``plan`` scheduled as ``schedule`` (UTF-8)."""
    return b"".join(mspdi_chunks(plan, schedule))


def mspdi_chunks(
    plan: Plan, schedule: Schedule, progress: Progress = NO_PROGRESS
) -> Iterator[bytes]:
    """``write_mspdi``, a piece at a time: the project, its fields and calendar, then the
    tasks ``_CHUNK`` at a time."""
    span = _span(plan, schedule)
    root = _project(plan, schedule, span)
    ET.indent(root, space=" ")
    head = ET.tostring(root, encoding="unicode")
    at = head.rindex("</Project>")
    yield _DECLARATION + head[:at].encode("utf-8") + b" <Tasks>\n"
    tasks = _Tasks(plan, schedule)
    progress.step(f"writing {len(plan.items):,} tasks", len(plan.items) + len(plan.teams) + 1)
    written = 0
    for piece in tasks.pieces(span):
        yield piece.encode("utf-8")
        progress.advance(tasks.row - written)
        written = tasks.row
    yield b" </Tasks>\n</Project>\n"


def _project(plan: Plan, schedule: Schedule, span: tuple[date, date] | None) -> ET.Element:
    """The ``Project`` element without its tasks."""
    root = ET.Element("Project", xmlns=NAMESPACE)
    name = xml_safe(plan.name)
    _add(root, "SaveVersion", "14")
    _add(root, "Name", name)
    _add(root, "Title", name)
    _add(root, "ScheduleFromStart", "1")
    if span:
        _add(root, "StartDate", start_text(span[0]))
        _add(root, "FinishDate", finish_text(span[1]))
    _add(root, "CalendarUID", "1")
    _add(root, "DefaultStartTime", "08:00:00")
    _add(root, "DefaultFinishTime", "17:00:00")
    _add(root, "MinutesPerDay", str(MINUTES_PER_DAY))
    _add(root, "MinutesPerWeek", str(MINUTES_PER_DAY * (7 - len(plan.calendar.weekend))))
    _add(root, "DaysPerMonth", "20")
    _add(root, "DurationFormat", "7")
    fields = ET.SubElement(root, "ExtendedAttributes")
    for field_id, (field_name, alias) in FIELDS.items():
        ea = ET.SubElement(fields, "ExtendedAttribute")
        _add(ea, "FieldID", field_id)
        _add(ea, "FieldName", field_name)
        _add(ea, "Alias", alias)
    root.append(calendar_element(plan.calendar, _holidays(plan, schedule, span)))
    return root


def _span(plan: Plan, schedule: Schedule) -> tuple[date, date] | None:
    """The first and last scheduled day of the plan; None for a plan without items."""
    if not len(schedule):
        return None
    cal = schedule.calendar
    first = int(schedule.start.min())
    last = int(schedule.finish.max())
    return cal.date_of(first if first < last else first - 1), cal.date_of(last - 1)


def _holidays(plan: Plan, schedule: Schedule, span: tuple[date, date] | None) -> list[date]:
    """The plan's holidays and, with a country, its public holidays on usual working days
    from the first year of the schedule to the year after its last."""
    days = set(plan.calendar.holidays)
    if plan.calendar.country and span:
        cal, weekend = schedule.calendar, plan.calendar.weekend
        d, end = date(span[0].year, 1, 1), date(min(span[1].year + 1, 2999), 12, 31)
        while d <= end:
            if d.weekday() not in weekend and not cal.is_working(d):
                days.add(d)
            d += timedelta(days=1)
    return sorted(days)


class _Tasks:
    """The tasks' text in outline order, numbered as they come, one task to a line.
    Every value is a number or a date we make, but names, notes and ids, which are
    escaped (``_text``)."""

    def __init__(self, plan: Plan, schedule: Schedule) -> None:
        self.plan, self.schedule = plan, schedule
        self.row = 0
        self.preds: dict[str, list[Dependency]] = defaultdict(list)
        for d in plan.dependencies:
            self.preds[d.succ].append(d)
        self.uid = {it.id: k + 1 for k, it in enumerate(plan.items)}

    def pieces(self, span: tuple[date, date] | None) -> Iterator[str]:
        """The ``Task`` elements, ``_CHUNK`` to a piece."""
        plan = self.plan
        out: list[str] = []
        self._summary(out, 0, plan.name, "0", 0, span, [])
        by_team: dict[str | None, list[int]] = defaultdict(list)
        for i, it in enumerate(plan.items):
            by_team[it.team].append(i)
        rows: list[tuple[int, str, int]] = []  # (item position or -1 - team's, number, level)
        for k, team in enumerate(plan.teams):
            rows.append((-1 - k, str(k + 1), 1))
            rows += [(i, f"{k + 1}.{j + 1}", 2) for j, i in enumerate(by_team.get(team.id, []))]
        rows += [(i, str(len(plan.teams) + j + 1), 1) for j, i in enumerate(by_team.get(None, []))]
        for n, (i, number, level) in enumerate(rows, 1):
            if i >= 0:
                self._item(out, i, number, level)
            else:
                k = -1 - i
                team = plan.teams[k]
                fields = [(ID_FIELD, team.id)] + ([(COLOR_FIELD, team.color)] if team.color else [])
                dates = self._dates(by_team.get(team.id, [])) or span
                self._summary(out, len(plan.items) + 1 + k, team.name, number, 1, dates, fields)
            if n % _CHUNK == 0:
                yield "".join(out)
                out.clear()
        yield "".join(out)

    def _dates(self, positions: list[int]) -> tuple[date, date] | None:
        if not positions:
            return None
        firsts, lasts = zip(*(self.schedule.dates_at(i) for i in positions), strict=True)
        return min(firsts), max(lasts)

    def _head(self, out: list[str], uid: int, name: str, number: str, level: int) -> None:
        out.append(
            f"  <Task><UID>{uid}</UID><ID>{self.row}</ID><Name>{_text(name)}</Name>"
            f"<Manual>0</Manual><WBS>{number}</WBS><OutlineNumber>{number}</OutlineNumber>"
            f"<OutlineLevel>{level}</OutlineLevel>"
        )
        self.row += 1

    def _summary(
        self,
        out: list[str],
        uid: int,
        name: str,
        number: str,
        level: int,
        span: tuple[date, date] | None,
        fields: list[tuple[str, str]],
    ) -> None:
        self._head(out, uid, name, number, level)
        if span:
            cal = self.schedule.calendar
            days = max(1, cal.end_point(span[1]) - cal.start_index(span[0]))
            out.append(
                f"<Start>{start_text(span[0])}</Start><Finish>{finish_text(span[1])}</Finish>"
                f"<Duration>{duration_text(days)}</Duration><DurationFormat>7</DurationFormat>"
            )
        out.append("<Summary>1</Summary>")
        _attributes(out, fields)
        out.append("</Task>\n")

    def _item(self, out: list[str], i: int, number: str, level: int) -> None:
        it = self.plan.items[i]
        self._head(out, i + 1, it.title, number, level)
        first, last = self.schedule.dates_at(i)
        milestone = it.is_milestone
        out.append(
            f"<Start>{_when(first, milestone)}</Start><Finish>{finish_text(last)}</Finish>"
            f"<Duration>{duration_text(it.duration)}</Duration><DurationFormat>7</DurationFormat>"
        )
        if milestone:
            out.append("<Milestone>1</Milestone>")
        percent = 100 if it.done else it.progress
        if percent:
            out.append(f"<PercentComplete>{percent}</PercentComplete>")
        if it.actual_start:
            out.append(f"<ActualStart>{_when(it.actual_start, milestone)}</ActualStart>")
        if it.actual_finish:
            out.append(f"<ActualFinish>{finish_text(it.actual_finish)}</ActualFinish>")
        planned = _when(self._planned(it.start, milestone), milestone)
        out.append(
            f"<ConstraintType>{_MSO if it.locked else _SNET}</ConstraintType>"
            f"<ConstraintDate>{planned}</ConstraintDate>"
        )
        if it.deadline:
            out.append(f"<Deadline>{finish_text(it.deadline)}</Deadline>")
        if it.notes:
            out.append(f"<Notes>{_text(it.notes)}</Notes>")
        for d in self.preds.get(it.id, ()):
            lag = (
                f"<LinkLag>{d.lag * _LAG_UNIT}</LinkLag><LagFormat>{LAG_DAYS_FORMAT}</LagFormat>"
                if d.lag
                else ""
            )
            out.append(
                f"<PredecessorLink><PredecessorUID>{self.uid[d.pred]}</PredecessorUID>"
                f"<Type>{LINK_CODES[d.type]}</Type>{lag}</PredecessorLink>"
            )
        fields = [(ID_FIELD, it.id)]
        if it.estimate is not None:
            fields.append((ESTIMATE_FIELD, str(it.estimate)))
        _attributes(out, fields)
        out.append("</Task>\n")

    def _planned(self, day: date, milestone: bool) -> date:
        """The working day a planned date means (DESIGN.md, 'Dates <-> points'): a task
        starting on a day off starts on the next working day, a milestone on a day off
        is at the end of the working day before. MS Project would put a constraint on a
        day off where it says."""
        cal = self.schedule.calendar
        if cal.is_working(day):
            return day
        return cal.date_of(cal.last_index(day) if milestone else cal.start_index(day))


def _attributes(out: list[str], fields: list[tuple[str, str]]) -> None:
    for field_id, value in fields:
        out.append(
            f"<ExtendedAttribute><FieldID>{field_id}</FieldID>"
            f"<Value>{_text(value)}</Value></ExtendedAttribute>"
        )


def _text(value: str) -> str:
    """Untrusted text as element content: what XML 1.0 can't hold replaced, and ``&``,
    ``<`` and ``>`` escaped as ElementTree escapes them."""
    return escape(xml_safe(value))


def _when(day: date, milestone: bool) -> str:
    """A planned or actual start: the day's start, or a milestone's end of day."""
    return finish_text(day) if milestone else start_text(day)


def _add(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = text
