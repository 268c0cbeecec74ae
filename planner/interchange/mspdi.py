"""MS Project XML (MSPDI) to a roadmap and back: ``read_mspdi`` and ``write_mspdi``.

Reading (DESIGN.md, 'Interchange with the tools teams already use'):

- summary tasks at outline level 1 are teams; the tasks below them are its items (a
  summary deeper down only groups: its tasks are items of the level-1 team, noted);
  a task at level 1 that is no summary is an item without a team;
- ``Milestone`` 1, or a ``Duration`` of 0, is a milestone; ``Duration`` (PT8H0M0S) is
  counted in working days of the project's ``MinutesPerDay`` (a part day rounded up);
- ``Start`` is the planned start the PM gave, and a "start no earlier than" constraint
  says it exactly (``ConstraintDate``); "must start on" (``ConstraintType`` 2) is a locked
  item at its ``ConstraintDate``; the other constraints are approximated, each saying
  how; ``Deadline`` is the deadline; ``PercentComplete`` the progress; ``ActualStart``
  and ``ActualFinish`` the actual dates, and an actual finish or 100% makes it done;
- ``PredecessorLink`` ``Type`` 0 FF, 1 FS, 2 SF, 3 SS; ``LinkLag`` is in tenths of a
  minute of working time (4800 = one 8-hour day), and lags in elapsed time or in percent
  of the predecessor's duration become working days, noted;
- the project's calendar is the roadmap calendar (``planner.interchange.mspdi_calendar``);
- resources, assignments, custom fields, costs, baselines and the like are not part of
  a roadmap: dropped, counted in one note per kind.

The item and team ids are the task UIDs (as text), or a file we wrote gives back ours
from its Text1 field (see ``planner.interchange.mspdi_format``); such a file also gives
back the plan's order of items, which our writer keeps in the task UIDs. The file is
untrusted: it is parsed by ``defusedxml`` (no DTD, no entities, no external references),
every number and date is bounded, and whatever is changed or left out is noted in the
fidelity report.
"""

from __future__ import annotations

import gc
import math
import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

import defusedxml.ElementTree as DET
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from planner.domain.errors import PlanError
from planner.domain.model import (
    FIRST_DAY,
    LAST_DAY,
    MAX_DURATION,
    MAX_LAG,
    Dependency,
    DepType,
    Item,
    Plan,
    Team,
)
from planner.domain.progress import NO_PROGRESS, Progress
from planner.domain.text import one_line, quoted
from planner.interchange.fidelity import Fidelity, ImportResult
from planner.interchange.mspdi_calendar import read_calendar
from planner.interchange.mspdi_format import (
    COLOR_FIELD,
    ELAPSED_FORMATS,
    ESTIMATE_FIELD,
    FIELDS,
    ID_FIELD,
    LINK_TYPES,
    MINUTES_PER_DAY,
    NAMESPACE,
    PERCENT_FORMATS,
    SOURCE,
    child,
    children,
    parse_bool,
    parse_duration,
    parse_int,
    parse_moment,
    parse_time,
    text_of,
)
from planner.interchange.mspdi_write import write_mspdi
from planner.scheduling.calendar import WorkCalendar

__all__ = ["read_mspdi", "write_mspdi"]

_DAY_START, _DAY_END = 8 * 60, 17 * 60  # MS Project's default working day
_ONE_DAY = timedelta(days=1)
_UNASSIGNED = -65535  # the ResourceUID of an assignment to no resource
_SUFFIX = re.compile(r"\.(xml|mpp|mspdi)$", re.IGNORECASE)
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
_CHUNK = 1000  # tasks per progress step


def read_mspdi(data: bytes, name: str, progress: Progress = NO_PROGRESS) -> ImportResult:
    """The plan in an MS Project XML file and its fidelity report. ``name`` is the file's
    name, which messages give; without its suffix (.xml, .mspdi) it names the plan when
    the file does not. Raises PlanError, one line, for a file that is not well-formed
    XML, holds a DTD or entities, or is not an MS Project XML document."""
    with _collector_paused():
        return _read(data, name, progress)


def _read(data: bytes, name: str, progress: Progress) -> ImportResult:
    root = _parse(data, name)
    ns = root.tag[: root.tag.index("}") + 1] if "}" in root.tag else ""
    if root.tag[len(ns) :] != "Project" or ns.strip("{}") not in ("", NAMESPACE):
        what = f"<{root.tag[len(ns) :]}>" + (f" of {ns.strip('{}')}" if ns else "")
        raise PlanError(
            f"{name}: not an MS Project XML file (its root is {quoted(what)},"
            " not MS Project's <Project>)"
        )
    r = _Reader(root, ns, Fidelity(SOURCE), progress)
    return ImportResult(r.plan(_SUFFIX.sub("", name) or name), r.fidelity)


_gc_lock = threading.Lock()
_gc_paused = 0  # readings running with the collector held
_gc_was_on = False


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the block runs: a large file's hundreds of
    thousands of elements (which make no cycles; they go when the reading ends) would
    set it off again and again, a quarter of the parse. Nested and across threads, the
    collector comes back as it was when the last block ends."""
    global _gc_paused, _gc_was_on
    with _gc_lock:
        if _gc_paused == 0:
            _gc_was_on = gc.isenabled()
            gc.disable()
        _gc_paused += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_paused -= 1
            if _gc_paused == 0 and _gc_was_on:
                gc.enable()


def _parse(data: bytes, name: str) -> ET.Element:
    """The document's root, its tags "namespace}Name" (see ``_parser``). Raises
    PlanError naming the file and the problem."""
    try:
        parser = _parser()
        parser.feed(data)
        root: ET.Element = parser.close()
    except DTDForbidden:
        raise PlanError(
            f"{name}: refused: the XML has a document type declaration (DTD), which"
            " MS Project XML never has"
        ) from None
    except EntitiesForbidden:
        raise PlanError(f"{name}: refused: the XML declares entities") from None
    except ExternalReferenceForbidden:
        raise PlanError(f"{name}: refused: the XML refers to an external entity") from None
    except ET.ParseError as e:
        raise PlanError(f"{name}: not well-formed XML ({e})") from None
    except (ValueError, LookupError) as e:  # e.g. an encoding Python does not know
        raise PlanError(f"{name}: the XML can't be read ({one_line(str(e))[:80]})") from None
    return root


def _parser() -> DET.XMLParser:
    """defusedxml's parser (no DTD, no entities, no external references) building the
    tree with ElementTree's own builder. That parser hands every start and end tag to
    the builder through a Python method, the better part of reading a large file; here
    its expat parser hands them to the builder's C methods directly (a 10,000-task file
    parses in two thirds of the time). The guards are expat handlers of their own, left
    as they are; tags then come as "namespace}Name", without the "{" (and as
    "{namespace}Name" should the parser have no expat parser to reach)."""
    builder = ET.TreeBuilder()
    parser = DET.XMLParser(
        target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    expat = getattr(parser, "parser", None)
    if expat is not None and hasattr(expat, "StartElementHandler"):
        expat.ordered_attributes = False  # attributes as the dict the builder takes
        expat.StartElementHandler = builder.start
        expat.EndElementHandler = builder.end
    return parser


@dataclass(eq=False, slots=True)
class _Row:
    """One ``Task`` element: its UID, outline level, and children's texts by tag."""

    uid: int
    level: int
    f: dict[str, str | None]
    el: ET.Element
    parent: _Row | None = None
    top: _Row | None = None  # its level-1 ancestor (itself at level 1)
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
class _Groups:
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


_TYPE_TEXTS: dict[str, DepType] = {str(code): t for code, t in LINK_TYPES.items()}
_LINKS = ("link", "links")


class _Reader:
    """One file's reading: the project's settings, then its tasks, then its links."""

    def __init__(self, root: ET.Element, ns: str, fidelity: Fidelity, progress: Progress):
        self.root, self.ns, self.fidelity, self.progress = root, ns, fidelity, progress
        self.groups = _Groups()
        self.custom: list[str] = []  # custom fields declared that are not ours
        self.custom_values = 0  # tasks that carry values of such fields
        self.project = {c.tag[len(ns) :]: c.text for c in root}
        self.own = self._own_fields()
        self.minutes_per_day = self._minutes_per_day()
        self.day_start = self._time("DefaultStartTime", _DAY_START)
        self.day_end = self._time("DefaultFinishTime", _DAY_END)
        self.spec = read_calendar(root, ns, fidelity)
        self.cal = WorkCalendar(self.spec)
        self.workdays = 7 - len(self.spec.weekend)
        self.calendar_uid = self.project.get("CalendarUID")

    # -- the project ----------------------------------------------------------------
    def _own_fields(self) -> set[str]:
        """The FieldIDs declared with our aliases (the file is one we wrote); the other
        custom fields are noted as dropped."""
        own: set[str] = set()
        others: list[str] = []
        for ea in self._all("ExtendedAttributes", "ExtendedAttribute"):
            fid = (self._text(ea, "FieldID") or "").strip()
            alias = (self._text(ea, "Alias") or "").strip()
            if fid in FIELDS and alias.casefold() == FIELDS[fid][1].casefold():
                own.add(fid)
            else:
                others.append(alias or self._text(ea, "FieldName") or fid)
        codes = [
            self._text(oc, "Alias") or self._text(oc, "FieldName") or "outline code"
            for oc in self._all("OutlineCodes", "OutlineCode")
        ]
        self.custom = others + codes
        return own

    def _minutes_per_day(self) -> int:
        given = self.project.get("MinutesPerDay")
        minutes = parse_int(given)
        if given is None:
            return MINUTES_PER_DAY
        if minutes is None or not 1 <= minutes <= 1440:
            self.fidelity.approximate(
                f"MinutesPerDay {quoted(given)}", f"not a length of day; read as {MINUTES_PER_DAY}"
            )
            return MINUTES_PER_DAY
        return minutes

    def _time(self, key: str, default: int) -> int:
        given = self.project.get(key)
        minutes = parse_time(given)
        if given is not None and minutes is None:
            self.fidelity.approximate(
                f"{key} {quoted(given)}", f"not a time of day; read as {default // 60:02}:00"
            )
        return default if minutes is None else minutes

    def _all(self, outer: str, inner: str) -> list[ET.Element]:
        return children(child(self.root, self.ns + outer), self.ns + inner)

    def _text(self, el: ET.Element, tag: str) -> str | None:
        return text_of(el, self.ns + tag)

    def _plan_name(self, name: str) -> str:
        for key in ("Title", "Name"):
            text = one_line(self.project.get(key) or "").strip()
            if key == "Name":
                text = _SUFFIX.sub("", text)
            if text:
                return text
        return name

    # -- the plan -------------------------------------------------------------------
    def plan(self, name: str) -> Plan:
        rows = self._rows()
        self._outline(rows)
        teams = self._teams(rows)
        self._items(rows)
        items_rows = [r for r in rows if r.item is not None]
        if ID_FIELD in self.own:  # our file: the plan's order, kept in the UIDs
            items_rows.sort(key=lambda r: r.uid)
        deps = self._links(rows, items_rows)
        self._extras()
        self.groups.tell(self.fidelity)
        items = tuple(r.item for r in items_rows if r.item is not None)
        f = self.fidelity
        f.convert("teams", len(teams))
        f.convert("tasks", sum(not it.is_milestone for it in items))
        f.convert("milestones", sum(it.is_milestone for it in items))
        f.convert("dependencies", len(deps))
        f.convert("holidays", len(self.spec.holidays))
        return Plan(self._plan_name(name), self.spec, tuple(teams), (), items, tuple(deps))

    def _rows(self) -> list[_Row]:
        """The tasks in outline order (by ID, when every task has one), the project's
        summary task (UID 0) and tasks without a usable UID left out (noted)."""
        ns, nl = self.ns, len(self.ns)
        elements = children(child(self.root, ns + "Tasks"), ns + "Task")
        self.progress.step(f"reading {len(elements):,} tasks", len(elements))
        rows: list[_Row] = []
        seen: set[int] = set()
        for el in elements:
            f = {c.tag[nl:]: c.text for c in el}
            uid = parse_int(f.get("UID"))
            if uid is None or uid in seen:
                why = "it has no UID" if uid is None else f"its UID {uid} is another task's"
                self.fidelity.drop(f"task {quoted(f.get('Name') or '')}", why)
                continue
            seen.add(uid)
            level = parse_int(f.get("OutlineLevel"))
            if level is None:
                number = (f.get("OutlineNumber") or "").strip()
                level = number.count(".") + 1 if number and number != "0" else 1
            if uid == 0 or level <= 0:
                continue  # the project's summary task: the plan itself
            rows.append(_Row(uid, level, f, el))
        ids = [parse_int(r.f.get("ID")) for r in rows]
        if all(i is not None for i in ids):
            order = sorted(range(len(rows)), key=lambda k: ids[k])  # type: ignore[arg-type, return-value]
            rows = [rows[k] for k in order]
        return rows

    def _outline(self, rows: list[_Row]) -> None:
        """Parents, level-1 ancestors and each row's role."""
        stack: list[_Row] = []
        for row in rows:
            while stack and stack[-1].level >= row.level:
                stack.pop()
            if stack:
                row.parent = stack[-1]
                stack[-1].has_children = True
            row.top = row.parent.top if row.parent else row
            stack.append(row)
        for row in rows:
            f = row.f
            skip = None
            if parse_bool(f.get("IsNull")):
                skip = ("blank row", "blank rows"), "empty rows of the task list"
            elif parse_bool(f.get("ExternalTask")):
                skip = ("external task", "external tasks"), "tasks of other projects"
            elif parse_bool(f.get("IsSubproject")):
                skip = ("inserted project", "inserted projects"), "other projects' files"
            elif f.get("Active") is not None and not parse_bool(f.get("Active")):
                skip = ("inactive task", "inactive tasks"), "MS Project does not schedule them"
            if skip:
                row.role = "dropped"
                self.groups.add(True, skip[0], skip[1], row.name)
            elif row.has_children or (row.level == 1 and parse_bool(f.get("Summary"))):
                row.role = "team" if row.parent is None else "group"

    def _teams(self, rows: list[_Row]) -> list[Team]:
        teams: list[Team] = []
        taken: set[str] = set()
        for row in rows:
            if row.role == "group":
                top = row.top
                team = quoted(top.name) if top and top.role == "team" else "no team"
                self.fidelity.approximate(
                    f"summary task {quoted(row.name)} (UID {row.uid})",
                    f"its tasks are items of {'team ' if team != 'no team' else ''}{team}"
                    " (the outline below level 1 is not kept)",
                )
                self._summary_extras(row)
            if row.role != "team":
                continue
            own = self._own(row)
            what = f"summary task {quoted(row.name)} (UID {row.uid})"
            tid = self._unique(own.get(ID_FIELD) or str(row.uid), str(row.uid), taken, what)
            color = (own.get(COLOR_FIELD) or "").strip()
            if color and not _COLOR.fullmatch(color):
                self.fidelity.drop(
                    f"team {quoted(row.name)}: colour {quoted(color)}", "not a colour (#RRGGBB)"
                )
                color = ""
            teams.append(Team(tid, row.name.strip() or tid, color))
            row.team = tid
            self._summary_extras(row)
        return teams

    def _summary_extras(self, row: _Row) -> None:
        if row.f.get("Deadline"):
            self.groups.add(
                True,
                ("summary task deadline", "summary task deadlines"),
                "a team or group has no deadline",
                row.name,
            )
        if (row.f.get("Notes") or "").strip():
            self.groups.add(
                True,
                ("summary task note", "summary task notes"),
                "a team or group has no notes",
                row.name,
            )

    def _own(self, row: _Row) -> dict[str, str]:
        """The values of our custom fields on this task (others counted as dropped)."""
        if "ExtendedAttribute" not in row.f:
            return {}
        out: dict[str, str] = {}
        custom = False
        for ea in children(row.el, self.ns + "ExtendedAttribute"):
            fid = (self._text(ea, "FieldID") or "").strip()
            if fid in self.own:
                out[fid] = self._text(ea, "Value") or ""
            else:
                custom = True
        if custom:
            self.custom_values += 1
        return out

    def _unique(self, wanted: str, fallback: str, taken: set[str], what: str) -> str:
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
            self.fidelity.approximate(
                what, f"its id {quoted(wanted)} can't be an id: {quoted(got)}"
            )
        elif got != base:
            self.fidelity.approximate(what, f"its id {quoted(base)} is taken; it is {quoted(got)}")
        taken.add(got)
        return got

    # -- items ----------------------------------------------------------------------
    def _items(self, rows: list[_Row]) -> None:
        taken: set[str] = set()
        done = 0
        for row in rows:
            done += 1
            if done % _CHUNK == 0:
                self.progress.advance(_CHUNK)
            if row.role != "item":
                continue
            own = self._own(row)
            row.item = self._item(row, own, taken)
        self.progress.advance(done % _CHUNK)

    def _item(self, row: _Row, own: dict[str, str], taken: set[str]) -> Item | None:
        f = row.f
        what = row.what()
        days = self._duration(row)
        milestone = parse_bool(f.get("Milestone")) or days == 0
        if milestone and days:
            self.fidelity.approximate(
                what, f"a milestone of {_days(days)}: a milestone on its finish"
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
            self.fidelity.approximate(what, f"{_days(duration)}: {MAX_DURATION:,}")
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
        item_id = self._unique(own.get(ID_FIELD) or str(row.uid), str(row.uid), taken, what)
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

    def _day(self, row: _Row, tag: str, point: bool = False) -> date | None:
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

    def _duration(self, row: _Row) -> int | None:
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
            self.fidelity.approximate(row.what(), f"{_number(elapsed)} elapsed days: {_days(days)}")
        elif isinstance(minutes, int) and minutes % mpd == 0:
            days = minutes // mpd  # the usual case: whole working days
        else:
            exact = Fraction(minutes) / mpd
            days = math.ceil(exact)
            if days != exact:
                self.fidelity.approximate(
                    row.what(), f"{_number(exact)} working days rounded up to {days}"
                )
        return days

    def _span(self, row: _Row) -> int:
        """The working days from ``Start`` to ``Finish`` of a task without a duration
        that can be read (noted), at least one; one without a finish either."""
        first, last = self._day(row, "Start"), self._day(row, "Finish", point=True)
        if first and last and FIRST_DAY <= first <= last <= LAST_DAY:
            days = max(1, self.cal.end_point(last) - self.cal.start_index(first))
            how = f"no Duration: {_days(days)} from its Start to its Finish"
        else:
            days, how = 1, "no Duration and no Finish: 1 working day"
        self.fidelity.approximate(row.what(), how)
        return days

    def _constraint(
        self, row: _Row, milestone: bool, duration: int, start: date, deadline: date | None
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

    def _percent(self, row: _Row) -> int:
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

    def _estimate(self, row: _Row, own: dict[str, str]) -> int | None:
        text = own.get(ESTIMATE_FIELD)
        if not text:
            return None
        value = parse_int(text.split(".")[0] if text.strip().endswith(".0") else text)
        if value is None or not 0 <= value <= MAX_DURATION:
            self.fidelity.drop(f"{row.what()}: estimate {quoted(text)}", "not a number of days")
            return None
        return value

    def _task_extras(self, row: _Row) -> None:
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

    # -- links ----------------------------------------------------------------------
    def _links(self, rows: list[_Row], items_rows: list[_Row]) -> list[Dependency]:
        """The links into every item, in the items' order (then those into rows that are
        no items, to note them); a link given twice is kept once (noted)."""
        by_uid = {r.uid: r for r in rows}
        by_text = {str(r.uid): r for r in rows if r.item is not None and r.role == "item"}
        deps: list[Dependency] = []
        pairs: set[tuple[str, str]] = set()
        tag, nl = self.ns + "PredecessorLink", len(self.ns)
        later = [r for r in rows if r.item is None and "PredecessorLink" in r.f]
        for succ in [*items_rows, *later]:
            if "PredecessorLink" not in succ.f:
                continue
            for link in children(succ.el, tag):
                lf = {c.tag[nl:]: c.text for c in link}
                pred = by_text.get(lf.get("PredecessorUID") or "")
                kind = _TYPE_TEXTS.get(lf.get("Type") or "1")
                plain = lf.get("LinkLag") in (None, "0") and lf.get("CrossProject") in (None, "0")
                dep: Dependency | None
                if pred is not None and pred is not succ and succ.item and kind and plain:
                    dep = Dependency(pred.item.id, succ.item.id, kind)  # type: ignore[union-attr]
                else:  # a lag, or anything to look at closer
                    dep = self._link(lf, succ, by_uid)
                if dep is None:
                    continue
                key = (dep.pred, dep.succ)
                if key in pairs:
                    self.fidelity.drop(
                        f"link {quoted(dep.pred)} -> {quoted(dep.succ)}",
                        "given twice: the first is kept",
                    )
                    continue
                pairs.add(key)
                deps.append(dep)
        return deps

    def _link(
        self, lf: dict[str, str | None], succ: _Row, by_uid: dict[int, _Row]
    ) -> Dependency | None:
        """One ``PredecessorLink`` (its children's texts) into ``succ``; None (noted)
        when it can't be kept."""
        text = lf.get("PredecessorUID")
        uid = parse_int(text)
        pred = by_uid.get(uid) if uid is not None else None
        if lf.get("CrossProject") is not None and parse_bool(lf.get("CrossProject")):
            self.groups.add(True, _LINKS, "links to other projects are not kept", succ.name)
            return None
        why = None
        if pred is None:
            why = f"no task has the UID {quoted(text)}"
        elif pred.role in ("team", "group") or succ.role in ("team", "group"):
            why = "a summary task is a team or a group, not an item"
        elif pred.item is None or succ.item is None:
            self.groups.add(
                True,
                ("link to or from a task dropped above", "links to or from tasks dropped above"),
                "their tasks are not in the roadmap",
                succ.name,
            )
            return None
        elif pred is succ:
            why = "a task can't depend on itself"
        if why or pred is None or pred.item is None or succ.item is None:
            self.fidelity.drop(_link_where(pred, succ, text), why or "")
            return None
        type_text = lf.get("Type")
        code = 1 if type_text is None else parse_int(type_text)
        kind: DepType = LINK_TYPES.get(code, "FS") if code is not None else "FS"
        if code not in LINK_TYPES:
            self.fidelity.approximate(
                _link_where(pred, succ, text),
                f"link type {quoted(type_text)} is none MS Project knows (0 to 3): read as FS",
            )
        lag = self._lag(lf, pred, succ) if lf.get("LinkLag") else 0
        return Dependency(pred.item.id, succ.item.id, kind, lag)

    def _lag(self, lf: dict[str, str | None], pred: _Row, succ: _Row) -> int:
        """``LinkLag`` (tenths of a minute) in whole working days; an elapsed or
        percentage lag, or a part day, is approximated (noted)."""
        text = lf.get("LinkLag") or ""
        tenths = parse_int(text)
        if tenths is None:
            self.fidelity.drop(
                f"{_link_where(pred, succ)}: LinkLag {quoted(text)}", "not a number: lag 0"
            )
            return 0
        fmt = parse_int(lf.get("LagFormat"))
        unit = 10 * self.minutes_per_day
        if fmt not in PERCENT_FORMATS and fmt not in ELAPSED_FORMATS and tenths % unit == 0:
            days, how = tenths // unit, ""  # the usual case: whole working days
        elif fmt in PERCENT_FORMATS:  # LinkLag holds the percentage itself
            days = _round(Fraction(tenths, 100) * (pred.item.duration if pred.item else 0))
            how = f"a lag of {tenths}% of its predecessor's duration: {_days(days)}"
        elif fmt in ELAPSED_FORMATS:
            elapsed = Fraction(tenths, 10 * 1440)
            days = _round(elapsed * self.workdays / 7)
            how = f"a lag of {_number(elapsed)} elapsed days: {_days(days)}"
        else:
            exact = Fraction(tenths, unit)
            days = _round(exact)
            how = f"a lag of {_number(exact)} working days rounded to {days}"
        if abs(days) > MAX_LAG:
            days = MAX_LAG if days > 0 else -MAX_LAG
            how = f"a lag longer than the calendar: {_days(days)}"
        if how:
            self.fidelity.approximate(_link_where(pred, succ), how)
        return days

    # -- what a roadmap doesn't hold ------------------------------------------------
    def _extras(self) -> None:
        resources = [
            r
            for r in self._all("Resources", "Resource")
            if parse_int(self._text(r, "UID")) != 0 or (self._text(r, "Name") or "")
        ]
        assignments = [
            a
            for a in self._all("Assignments", "Assignment")
            if parse_int(self._text(a, "ResourceUID")) != _UNASSIGNED
        ]
        parts = [
            f"{n:,} {word}{'s' if n != 1 else ''}"
            for n, word in ((len(resources), "resource"), (len(assignments), "assignment"))
            if n
        ]
        if parts:
            self.fidelity.drop(" and ".join(parts), "resources are not part of a roadmap")
        if self.custom or self.custom_values:
            n = len(self.custom)
            names = ", ".join(quoted(c, 30) for c in self.custom[:3]) + (", …" if n > 3 else "")
            what = f"{n:,} custom field{'s' if n != 1 else ''}" + (f" ({names})" if n else "")
            if self.custom_values:
                what += f" and their values on {self.custom_values:,} tasks"
            self.fidelity.drop(what, "custom fields are not part of a roadmap")


def _link_where(pred: _Row | None, succ: _Row, uid_text: str | None = None) -> str:
    frm = f"{quoted(pred.name)} (UID {pred.uid})" if pred else f"UID {quoted(uid_text)}"
    return f"link from {frm} to {quoted(succ.name)} (UID {succ.uid})"


def _days(n: int) -> str:
    return f"{n:,} working day{'' if n == 1 else 's'}"


def _nonzero(text: str | None) -> bool:
    if text is None or text == "0":
        return False
    try:
        return float(text) != 0
    except ValueError:
        return bool(text.strip())


def _round(x: Fraction) -> int:
    """To the nearest whole number, halves away from zero."""
    n = math.floor(abs(x) + Fraction(1, 2))
    return n if x >= 0 else -n


def _number(x: Fraction) -> str:
    """A fraction for a note: up to two decimals."""
    return f"{float(x):.2f}".rstrip("0").rstrip(".")
