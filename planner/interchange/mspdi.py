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

A roadmap counts whole working days, so a time of day only says which day a date
means, as MS Project schedules it: a milestone, finish or deadline at the start of a day
is the end of the working day before, a start at the end of a day the next working day
(``planner.interchange.mspdi_tasks``). The item and team ids are the task UIDs (as
text), or a file we wrote gives back ours from its Text1 field (see
``planner.interchange.mspdi_format``); such a file also gives back the plan's order of
items, which our writer keeps in the task UIDs. The file is untrusted: it is parsed by
``defusedxml`` (``planner.interchange.mspdi_parse``: no DTD, no entities, no external
references), every number and date is bounded, and whatever is changed or left out is
noted in the fidelity report.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from fractions import Fraction

from planner.domain.collector import collector_paused
from planner.domain.model import MAX_LAG, Dependency, DepType, Plan, Team
from planner.domain.progress import NO_PROGRESS, Progress
from planner.domain.text import one_line, quoted
from planner.interchange.fidelity import Fidelity, ImportResult
from planner.interchange.mspdi_calendar import read_calendar
from planner.interchange.mspdi_format import (
    COLOR_FIELD,
    ELAPSED_FORMATS,
    FIELDS,
    ID_FIELD,
    LINK_TYPES,
    MINUTES_PER_DAY,
    PERCENT_FORMATS,
    SOURCE,
    child,
    children,
    parse_bool,
    parse_int,
    parse_time,
    text_of,
)
from planner.interchange.mspdi_parse import parse_project
from planner.interchange.mspdi_tasks import (
    Groups,
    Row,
    TaskReader,
    Timing,
    days_text,
    number_text,
    unique_id,
)
from planner.interchange.mspdi_write import write_mspdi
from planner.scheduling.calendar import WorkCalendar

__all__ = ["read_mspdi", "write_mspdi"]

_DAY_START, _DAY_END = 8 * 60, 17 * 60  # MS Project's default working day
_UNASSIGNED = -65535  # the ResourceUID of an assignment to no resource
_SUFFIX = re.compile(r"\.(xml|mpp|mspdi)$", re.IGNORECASE)
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
_CHUNK = 1000  # tasks per progress step


def read_mspdi(data: bytes, name: str, progress: Progress = NO_PROGRESS) -> ImportResult:
    """The plan in an MS Project XML file and its fidelity report. ``name`` is the file's
    name, which messages give; without its suffix (.xml, .mspdi) it names the plan when
    the file does not. Raises PlanError, one line, for a file that is not well-formed
    XML, holds a DTD or entities, or is not an MS Project XML document."""
    with collector_paused():
        return _read(data, name, progress)  # the tree goes before the collector is back


def _read(data: bytes, name: str, progress: Progress) -> ImportResult:
    root, ns = parse_project(data, name)
    r = _Reader(root, ns, Fidelity(SOURCE), progress)
    return ImportResult(r.plan(_SUFFIX.sub("", name) or name), r.fidelity)


class _LocalNames(dict[str, str]):
    """A tag ("namespace}Name") -> its name ("Name"), each worked out once: the names of
    a file's hundreds of thousands of elements are a few dozen."""

    def __init__(self, prefix: int) -> None:
        super().__init__()
        self.prefix = prefix

    def __missing__(self, tag: str) -> str:
        name = self[tag] = tag[self.prefix :]
        return name


_TYPE_TEXTS: dict[str, DepType] = {str(code): t for code, t in LINK_TYPES.items()}
_LINKS = ("link", "links")


class _Reader:
    """One file's reading: the project's settings, then its tasks, then its links."""

    def __init__(self, root: ET.Element, ns: str, fidelity: Fidelity, progress: Progress):
        self.root, self.ns, self.fidelity, self.progress = root, ns, fidelity, progress
        self.groups = Groups()
        self.custom: list[str] = []  # custom fields declared that are not ours
        self.custom_values = 0  # tasks that carry values of such fields
        self.local = _LocalNames(len(ns))
        self.project = {self.local[c.tag]: c.text for c in root}
        self.own = self._own_fields()
        self.minutes_per_day = self._minutes_per_day()
        self.spec = read_calendar(root, ns, fidelity)
        self.workdays = 7 - len(self.spec.weekend)
        timing = Timing(
            self.minutes_per_day,
            self._time("DefaultStartTime", _DAY_START),
            self._time("DefaultFinishTime", _DAY_END),
            self.workdays,
            self.project.get("CalendarUID"),
        )
        self.tasks = TaskReader(timing, WorkCalendar(self.spec), fidelity, self.groups)

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

    def _rows(self) -> list[Row]:
        """The tasks in outline order (by ID, when every task has one), the project's
        summary task (UID 0) and tasks without a usable UID left out (noted)."""
        ns, local = self.ns, self.local
        elements = children(child(self.root, ns + "Tasks"), ns + "Task")
        self.progress.step(f"reading {len(elements):,} tasks", len(elements))
        rows: list[Row] = []
        seen: set[int] = set()
        for el in elements:
            f = {local[c.tag]: c.text for c in el}
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
            rows.append(Row(uid, level, f, el))
        ids = [parse_int(r.f.get("ID")) for r in rows]
        if all(i is not None for i in ids):
            order = sorted(range(len(rows)), key=lambda k: ids[k])  # type: ignore[arg-type, return-value]
            rows = [rows[k] for k in order]
        return rows

    def _outline(self, rows: list[Row]) -> None:
        """Parents, level-1 ancestors and each row's role."""
        stack: list[Row] = []
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

    def _teams(self, rows: list[Row]) -> list[Team]:
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
            tid = unique_id(
                own.get(ID_FIELD) or str(row.uid), str(row.uid), taken, what, self.fidelity
            )
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

    def _summary_extras(self, row: Row) -> None:
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

    def _own(self, row: Row) -> dict[str, str]:
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

    # -- items ----------------------------------------------------------------------
    def _items(self, rows: list[Row]) -> None:
        taken: set[str] = set()
        done = 0
        for row in rows:
            done += 1
            if done % _CHUNK == 0:
                self.progress.advance(_CHUNK)
            if row.role != "item":
                continue
            own = self._own(row)
            row.item = self.tasks.item(row, own, taken)
        self.progress.advance(done % _CHUNK)

    # -- links ----------------------------------------------------------------------
    def _links(self, rows: list[Row], items_rows: list[Row]) -> list[Dependency]:
        """The links into every item, in the items' order (then those into rows that are
        no items, to note them); a link given twice is kept once (noted)."""
        by_uid = {r.uid: r for r in rows}
        by_text = {str(r.uid): r for r in rows if r.item is not None and r.role == "item"}
        deps: list[Dependency] = []
        pairs: set[tuple[str, str]] = set()
        tag, local = self.ns + "PredecessorLink", self.local
        later = [r for r in rows if r.item is None and "PredecessorLink" in r.f]
        for succ in [*items_rows, *later]:
            if "PredecessorLink" not in succ.f:
                continue
            for link in children(succ.el, tag):
                lf = {local[c.tag]: c.text for c in link}
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
        self, lf: dict[str, str | None], succ: Row, by_uid: dict[int, Row]
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

    def _lag(self, lf: dict[str, str | None], pred: Row, succ: Row) -> int:
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
            how = f"a lag of {tenths}% of its predecessor's duration: {days_text(days)}"
        elif fmt in ELAPSED_FORMATS:
            elapsed = Fraction(tenths, 10 * 1440)
            days = _round(elapsed * self.workdays / 7)
            how = f"a lag of {number_text(elapsed)} elapsed days: {days_text(days)}"
        else:
            exact = Fraction(tenths, unit)
            days = _round(exact)
            how = f"a lag of {number_text(exact)} working days rounded to {days}"
        if abs(days) > MAX_LAG:
            days = MAX_LAG if days > 0 else -MAX_LAG
            how = f"a lag longer than the calendar: {days_text(days)}"
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


def _link_where(pred: Row | None, succ: Row, uid_text: str | None = None) -> str:
    frm = f"{quoted(pred.name)} (UID {pred.uid})" if pred else f"UID {quoted(uid_text)}"
    return f"link from {frm} to {quoted(succ.name)} (UID {succ.uid})"


def _round(x: Fraction) -> int:
    """To the nearest whole number, halves away from zero."""
    n = math.floor(abs(x) + Fraction(1, 2))
    return n if x >= 0 else -n
