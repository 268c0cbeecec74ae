"""GanttProject's ``.gan`` files as plans, with their fidelity report.

The XML is read through ``defusedxml`` with DTDs, entities and external references
forbidden: a billion-laughs, an external entity or a DTD is refused in one line before
anything is expanded or fetched, and so is XML that is cut short or damaged.

How a file becomes a plan (read from GanttProject's own loader and its sample file):

- ``<project name>`` -> the plan's name (else the file's).
- A top-level ``<task>`` with child tasks is a summary: a team named after it (its id the
  task's id, its colour the summary's), and the tasks below it are that team's items. A
  summary nested deeper is flattened (noted): its tasks are items of the top-level team.
  A top-level task without children is an item without a team.
- ``id`` -> the item's id, ``name`` -> title, ``start`` -> planned start, ``duration`` ->
  working days (GanttProject counts them on the project calendar too), ``complete`` ->
  progress (100 = done, on its planned dates), ``<notes>`` -> notes. ``meeting="true"``
  (or a duration of 0) -> a milestone. GanttProject puts a milestone at the *start* of its
  day, the planner at the *end* of one: it is dated the working day before, the same point
  in the schedule (noted once).
- ``<depend id type difference hardness>`` inside a task: that task -> task ``id``, type
  1 SS, 2 FS, 3 FF, 4 SF, ``difference`` the lag. GanttProject shifts a lag on the project
  calendar (its ``shiftDate`` counts working time only), so it is working days, as here.
  "Strong" links (which also pull a successor back) are read as the planner's "no
  earlier than" (noted once). A link to or from a summary is given to or from each of its
  tasks (noted).
- ``<calendars>``: ``<default-week sun="1" mon="0" …>`` (1 = weekend) -> the weekend;
  ``<date year month date type="HOLIDAY">`` -> holidays; one without a year recurs, and is
  repeated over the years of the plan's tasks (noted); a working weekend day cannot be
  said here (noted).
- Resources, allocations, vacations, roles, custom columns, baselines, priorities, costs,
  links, colours of tasks and view settings are counted and dropped.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as DET
from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden

from planner.domain.errors import PlanError
from planner.domain.model import (
    MAX_DURATION,
    MAX_LAG,
    TEAM_COLORS,
    CalendarSpec,
    Dependency,
    DepType,
    Item,
    Plan,
    Team,
)
from planner.domain.progress import NO_PROGRESS, Progress
from planner.domain.text import quoted
from planner.interchange.csvtools import clean_id, in_calendar, plural, unique_id
from planner.interchange.fidelity import Fidelity, ImportResult
from planner.interchange.ganttproject_calendar import read_calendar
from planner.scheduling.calendar import WorkCalendar

__all__ = ["read_gan"]

SOURCE = "GanttProject"
_DEP_TYPES: dict[str, DepType] = {"1": "SS", "2": "FS", "3": "FF", "4": "SF"}
_COLOR_CHARS = set("0123456789abcdefABCDEF")
_MAX_PAIRS = 10_000  # dependencies one link to or from summaries may become
_BATCH = 1000


@dataclass(eq=False)
class _Task:
    """One ``<task>``: ``index`` is its place in the file's order, ``size`` how many
    tasks its subtree holds (itself included), so its subtree is ``[index, index+size)``."""

    el: Element
    parent: _Task | None
    id: str
    name: str
    index: int
    top: _Task | None = None  # its top-level ancestor (itself at the top)
    children: list[_Task] = field(default_factory=list)
    size: int = 1
    item: str | None = None  # the id of the item it became

    @property
    def what(self) -> str:
        return f"task {quoted(self.name, 50)} (id {quoted(self.id)})"


def read_gan(data: bytes, name: str, progress: Progress = NO_PROGRESS) -> ImportResult:
    """The plan in a GanttProject file (the module docstring says how), named after its
    project or else ``name``. Raises PlanError (one line, naming the file) for XML that
    is malformed, cut short, declares a DTD or entities, or is not a GanttProject file."""
    return _GanReader(_parse(data, name), name, progress).read()


def _parse(data: bytes, name: str) -> Element:
    where = f"{name}.gan"
    try:
        root = DET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DTDForbidden:
        raise PlanError(
            f"{where}: refused: it declares a DTD (<!DOCTYPE …>), which a GanttProject file"
            " never has and which can hide entity attacks"
        ) from None
    except EntitiesForbidden:
        raise PlanError(f"{where}: refused: it declares XML entities") from None
    except DefusedXmlException:
        raise PlanError(f"{where}: refused: it refers to external XML resources") from None
    except DET.ParseError as e:
        line, column = e.position
        raise PlanError(
            f"{where}: not well-formed XML at line {line}, column {column} (cut short or damaged)"
        ) from None
    except (LookupError, ValueError) as e:  # an encoding expat cannot read
        raise PlanError(f"{where}: cannot be read as XML ({e})") from None
    if not isinstance(root, Element) or root.tag != "project":
        tag = root.tag if isinstance(root, Element) else "?"
        raise PlanError(
            f"{where}: not a GanttProject file (its root element is {quoted(tag)}, not 'project')"
        )
    return root


def _int(text: str | None) -> int | None:
    try:
        return int((text or "").strip())
    except ValueError:
        return None


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip()[:10])
    except ValueError:
        return None


class _GanReader:
    def __init__(self, root: Element, name: str, progress: Progress) -> None:
        self.root = root
        self.name = (root.get("name") or "").strip() or name
        self.progress = progress
        self.f = Fidelity(SOURCE)
        self.taken: set[str] = set()
        self.by_raw: dict[str, _Task] = {}
        self.order: list[str] = []  # see _index_items
        self.before: list[int] = [0]

    def read(self) -> ImportResult:
        tasks = list(self._tasks())
        self.progress.step(f"reading {len(tasks):,} GanttProject tasks", len(tasks))
        teams = self._teams(tasks)
        items: list[Item] = []
        for n, t in enumerate(tasks, start=1):
            if not t.children:
                team = teams.get(t.top.id) if t.parent and t.top else None
                item = self._item(t, team)
                if item is not None:
                    items.append(item)
                    t.item = item.id
            if n % _BATCH == 0:
                self.progress.advance(_BATCH)
        self.progress.advance(len(tasks) % _BATCH)
        self._index_items(tasks)
        calendar = read_calendar(self.root, items, self.f)
        items = self._milestones_on_their_point(items, calendar)
        deps = self._dependencies(tasks)
        self._dropped_parts()
        plan = Plan(
            name=self.name,
            calendar=calendar,
            teams=tuple(Team(tid, t.name, color) for tid, (t, color) in teams.items()),
            items=tuple(items),
            dependencies=tuple(deps),
        )
        self.f.convert("teams", len(plan.teams))
        self.f.convert("tasks", sum(not it.is_milestone for it in items))
        self.f.convert("milestones", sum(it.is_milestone for it in items))
        self.f.convert("dependencies", len(deps))
        self.f.convert("holidays", len(calendar.holidays))
        return ImportResult.checked(plan, self.f, f"{self.name}.gan")

    # -- tasks -----------------------------------------------------------------------
    def _tasks(self) -> Iterator[_Task]:
        """Every task, parents before their children, in the file's order (without
        recursion: a file may nest deeper than Python's stack)."""
        tasks_el = self.root.find("tasks")
        top = tasks_el.findall("task") if tasks_el is not None else []
        stack: list[tuple[Element, _Task | None]] = [(el, None) for el in reversed(top)]
        n = 0
        while stack:
            el, parent = stack.pop()
            n += 1
            raw = (el.get("id") or "").strip()
            base = clean_id(raw) or f"task-{n}"
            t = _Task(
                el, parent, unique_id(base, self.taken), (el.get("name") or "").strip(), n - 1
            )
            t.top = parent.top if parent is not None else t
            if not raw:
                self.f.approximate(t.what, "no id in the file: one was made up")
            elif t.id != base:
                self.f.approximate(t.what, f"its id is used twice in the file; here it is {t.id}")
            if raw:
                self.by_raw.setdefault(raw, t)
            if parent is not None:
                parent.children.append(t)
            stack.extend((c, t) for c in reversed(el.findall("task")))
            yield t

    def _index_items(self, tasks: list[_Task]) -> None:
        """Subtree sizes, and the items in the file's order with the count before each
        task, so that a summary's items are one slice (``_items_of``)."""
        for t in reversed(tasks):
            t.size = 1 + sum(c.size for c in t.children)
        self.order = [t.item for t in tasks if t.item is not None]
        self.before = [0]
        for t in tasks:
            self.before.append(self.before[-1] + (t.item is not None))

    def _items_of(self, t: _Task) -> list[str]:
        """The ids of the items ``t`` stands for: its own, or a summary's tasks'."""
        return self.order[self.before[t.index] : self.before[t.index + t.size]]

    def _teams(self, tasks: list[_Task]) -> dict[str, tuple[_Task, str]]:
        """The top-level summaries as teams (id -> the task and its colour); nested
        summaries are noted as flattened."""
        teams: dict[str, tuple[_Task, str]] = {}
        for t in tasks:
            if not t.children:
                continue
            if t.parent is None:
                color = (t.el.get("color") or "").strip()
                ok = len(color) == 7 and color[0] == "#" and set(color[1:]) <= _COLOR_CHARS
                teams[t.id] = (t, color if ok else TEAM_COLORS[len(teams) % len(TEAM_COLORS)])
            elif (top := t.top) is not None:
                self.f.approximate(
                    f"summary {t.what}",
                    f"nested: flattened, its tasks are items of team {quoted(top.name)}",
                )
        return teams

    def _item(self, t: _Task, team: tuple[_Task, str] | None) -> Item | None:
        el, how = t.el, []
        start = _day(el.get("start"))
        if start is None:
            self.f.drop(t.what, f"no start date it can read ({quoted(el.get('start') or '')})")
            return None
        if in_calendar(start) != start:
            how.append(f"start {start} is outside the calendar: {in_calendar(start)}")
            start = in_calendar(start)
        duration = _int(el.get("duration"))
        milestone = el.get("meeting") == "true" or duration == 0
        if duration is None and not milestone:
            how.append(f"duration {quoted(el.get('duration') or '')} unreadable: 1 working day")
            duration = 1
        elif not milestone and not 1 <= (duration or 0) <= MAX_DURATION:
            fixed = min(max(duration or 1, 1), MAX_DURATION)
            how.append(f"duration {duration} is out of range: {fixed} working days")
            duration = fixed
        if el.get("meeting") != "true" and duration == 0:
            how.append("duration 0: a milestone")
        complete = _int(el.get("complete")) or 0
        if not 0 <= complete <= 100:
            how.append(f"complete {complete}% is out of range: {min(max(complete, 0), 100)}%")
            complete = min(max(complete, 0), 100)
        if how:
            self.f.approximate(t.what, "; ".join(how))
        return Item(
            id=t.id,
            title=t.name,
            team=team[0].id if team else None,
            kind="milestone" if milestone else "task",
            start=start,
            duration=0 if milestone else duration or 1,
            done=complete == 100,
            progress=complete,
            notes=(el.findtext("notes") or "").strip(),
        )

    def _milestones_on_their_point(self, items: list[Item], spec: CalendarSpec) -> list[Item]:
        """Each milestone dated the working day before GanttProject's date: the end of
        that day is the start of GanttProject's (see the module docstring)."""
        cal = WorkCalendar(spec)
        out, moved = [], 0
        for it in items:
            if it.is_milestone:
                point = cal.start_index(it.start)
                if cal.has_index(point - 1):
                    day = cal.date_of(point - 1)
                    moved += day != it.start
                    it = dataclasses.replace(it, start=day)
            out.append(it)
        if moved:
            self.f.approximate(
                plural(moved, "milestone"),
                "dated the working day before GanttProject's date: GanttProject puts a"
                " milestone at the start of its day, the planner at the end of one (the"
                " same point in the schedule)",
            )
        return out

    # -- dependencies ----------------------------------------------------------------
    def _dependencies(self, tasks: list[_Task]) -> list[Dependency]:
        deps: dict[tuple[str, str], Dependency] = {}
        strong = 0
        for t in tasks:
            for el in t.el.findall("depend"):
                kept = self._dependency(t, el, deps)
                strong += kept and (el.get("hardness") or "Strong").strip() != "Rubber"
        if strong:
            self.f.approximate(
                f"{plural(strong, 'link')} marked 'Strong'",
                "read as 'no earlier than': the planner never pulls a task before its own"
                " planned start",
            )
        return list(deps.values())

    def _dependency(
        self, pred: _Task, el: Element, deps: dict[tuple[str, str], Dependency]
    ) -> bool:
        """Add the dependencies of one ``<depend>`` of ``pred`` to ``deps``; False if it
        was dropped (noted)."""
        raw = (el.get("id") or "").strip()
        succ = self.by_raw.get(raw)
        what = f"dependency {quoted(pred.name, 40)} -> " + (
            quoted(succ.name, 40) if succ else f"task {quoted(raw)}"
        )
        kind = _DEP_TYPES.get((el.get("type") or "").strip())
        lag = _int(el.get("difference") or "0")
        if succ is None:
            self.f.drop(what, "no such task in the file")
            return False
        if kind is None:
            self.f.drop(what, f"unknown type {quoted(el.get('type') or '')} (1 to 4)")
            return False
        if lag is None:
            self.f.approximate(what, f"lag {quoted(el.get('difference') or '')} unreadable: 0")
            lag = 0
        elif not -MAX_LAG <= lag <= MAX_LAG:
            self.f.approximate(what, f"lag {lag} out of range: {min(max(lag, -MAX_LAG), MAX_LAG)}")
            lag = min(max(lag, -MAX_LAG), MAX_LAG)
        preds, succs = self._items_of(pred), self._items_of(succ)
        if len(preds) * len(succs) > _MAX_PAIRS:
            self.f.drop(what, f"between summaries it would make {len(preds) * len(succs):,} links")
            return False
        pairs = [(a, b) for a in preds for b in succs if a != b]
        if not pairs:
            self.f.drop(what, "self-dependency" if pred is succ else "its task was not imported")
            return False
        if pred.children or succ.children:
            ends = [f"from each task of {quoted(pred.name, 40)}"] * bool(pred.children)
            ends += [f"to each task of {quoted(succ.name, 40)}"] * bool(succ.children)
            self.f.approximate(what, f"a summary is a team here: given {' and '.join(ends)}")
        for a, b in pairs:
            dep = Dependency(a, b, kind, lag)
            old = deps.setdefault((a, b), dep)
            if old != dep:
                self.f.drop(
                    f"dependency {quoted(a)} -> {quoted(b)} {kind}{lag:+d}",
                    f"the two tasks are already linked ({old.type}{old.lag:+d}): the first kept",
                )
        return True

    # -- what is not a plan's --------------------------------------------------------
    def _dropped_parts(self) -> None:
        """One counted note per kind of thing the plan has no place for."""
        r = self.root
        for path, what, why in _NOT_A_PLANS:
            n = len(r.findall(path))
            if n:
                self.f.drop(plural(n, what), why)
        tasks = r.findall(".//task")
        for test, what, why in _NOT_A_TASKS:
            n = sum(test(t) for t in tasks)
            if n:
                self.f.drop(plural(n, what), why)
        earliest = sum(t.get("thirdDate-constraint") == "1" for t in tasks)
        if earliest:
            self.f.approximate(
                plural(earliest, "earliest-start constraint"),
                "its task's start is its planned start, which the scheduler never moves it before",
            )
        if (r.findtext("description") or "").strip():
            self.f.drop("the project description", "the plan has no description")


_PEOPLE = "people are not part of a roadmap plan"
_CUSTOM = "the plan has no custom columns"
# What a GanttProject file holds that a plan has no place for: (path, what, why).
_NOT_A_PLANS = (
    ("resources/resource", "resource", _PEOPLE),
    ("resources/custom-property-definition", "custom resource column", _PEOPLE),
    ("allocations/allocation", "resource allocation", _PEOPLE),
    ("vacations/vacation", "vacation", _PEOPLE),
    ("roles/role", "role", _PEOPLE),
    ("tasks/taskproperties/taskproperty[@type='custom']", "custom task column", _CUSTOM),
    (".//task/customproperty", "custom column value", _CUSTOM),
    ("previous/previous-tasks", "baseline", "not read: save one with 'planner baseline'"),
    ("view", "view setting", "columns, zoom and filters are GanttProject's, not the plan's"),
)


def _has(attr: str) -> Callable[[Element], bool]:
    return lambda t: bool((t.get(attr) or "").strip())


def _summary_notes(t: Element) -> bool:
    return t.find("task") is not None and bool((t.findtext("notes") or "").strip())


def _leaf_colour(t: Element) -> bool:
    return t.find("task") is None and bool(t.get("color") or t.get("shape"))


# What a task may say that an item has no place for: (test, what, why).
_NOT_A_TASKS: tuple[tuple[Callable[[Element], bool], str, str], ...] = (
    (lambda t: t.get("priority", "1") != "1", "task priority", "the plan has no priorities"),
    (_has("webLink"), "task web link", "the plan has no links to pages"),
    (lambda t: _cost(t), "task cost", "the plan has no costs"),
    (_leaf_colour, "task colour", "bars take their team's colour"),
    (_summary_notes, "summary note", "a summary is a team here, and teams have no notes"),
)


def _cost(el: Element) -> bool:
    try:
        return float(el.get("cost-manual-value") or "0") != 0
    except ValueError:
        return True
