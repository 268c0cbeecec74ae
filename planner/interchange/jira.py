"""Jira's "Export Excel CSV (all fields)" as a plan, with its fidelity report.

How an issue becomes an item (columns matched ignoring case; repeated columns all read):

- ``Issue key`` -> its id (control characters stripped; a key used twice gets a suffix,
  noted), ``Summary`` -> its title, ``Description`` -> its notes.
- Team: the column ``options.team_field`` names; by default ``Project name`` (the team's
  id is then the ``Project key``), else ``Project key``. Of a repeated column
  (``Component/s``) the first value is taken, noted when there are more.
- Done: ``Status Category`` is Done, or without that column ``Status`` is Done, Closed or
  Resolved; ``Resolved`` is then its actual finish.
- Duration: story points (``Custom field (Story Points)``, ``Custom field (Story point
  estimate)``) -> ``ceil(points / points_per_day)`` working days, at least 1; else a time
  estimate in seconds (``Original Estimate``, ``Σ Original Estimate``) -> working days of
  8 hours, rounded up; else 1 day (noted).
- Start: ``Custom field (Start date)``; else the start of its sprint when that sprint's
  dates are known (an open issue's latest sprint, a done one's earliest); else
  ``Created`` (noted). ``Due date`` -> deadline.
- ``Outward issue link (Blocks)`` (this issue blocks X) -> FS this -> X; ``Inward issue
  link (Blocks)`` (X blocks this) -> FS X -> this. A link seen from both ends is one
  dependency; a link to an issue not in the file is dropped, noted. Other link types are
  counted and dropped. A cycle is refused by the scheduler.
- Epics: with ``epics_as_milestones`` an epic with a due date becomes a milestone on it
  (also its deadline), and its issues (``Parent``, ``Parent id``, ``Parent key`` or
  ``Custom field (Epic Link)`` naming its key or id) become FS predecessors of it.
  Otherwise, and for an epic without a due date, the epic is dropped (noted) and its
  issues are kept. The plan is flat: other parent links (sub-tasks) are counted, dropped.
- Sprints: Jira's CSV gives a sprint's name only, so each is dropped with a note; only
  the old Jira Server form ``com.atlassian.greenhopper.service.sprint.Sprint@…[…,name=…,
  startDate=…,endDate=…]`` carries dates, and such a sprint becomes a plan sprint.
- Every other column that holds data is named in one note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from planner.domain.errors import PlanError
from planner.domain.model import Dependency, Item, Sprint
from planner.domain.progress import NO_PROGRESS, Progress
from planner.domain.text import quoted
from planner.interchange.csvtools import (
    clean_id,
    days_from_points,
    days_from_seconds,
    drop_leftovers,
    in_calendar,
    parse_day,
    parse_number,
    plural,
    split_keys,
    unique_id,
)
from planner.interchange.fidelity import ImportResult
from planner.interchange.issue_csv import IssueReader, TrackedIssue
from planner.interchange.reading import ImportOptions

__all__ = ["read_jira_csv"]

_DONE_STATUSES = {"done", "closed", "resolved"}
_POINTS = ("Custom field (Story Points)", "Custom field (Story point estimate)")
_SECONDS = ("Original Estimate", "Σ Original Estimate")
_START = ("Custom field (Start date)",)
_PARENT = ("Parent", "Parent id", "Parent key", "Custom field (Epic Link)")
_OUTWARD, _INWARD = "Outward issue link (Blocks)", "Inward issue link (Blocks)"
_READ = (
    "Issue key", "Issue id", "Summary", "Description", "Issue Type", "Status",
    "Status Category", "Created", "Resolved", "Due date", "Sprint", "Parent summary",
    *_POINTS, *_SECONDS, *_START, *_PARENT, _OUTWARD, _INWARD,
)  # fmt: skip
_LINK_COLUMN = re.compile(r"(?:inward|outward) issue link \(.*\)", re.IGNORECASE)
_GREENHOPPER = re.compile(r"com\.atlassian\.greenhopper\.service\.sprint\.Sprint@\w*\[(.*)\]")
_BLOCKS = {_OUTWARD.casefold(), _INWARD.casefold()}


@dataclass
class _Sprint:
    name: str
    start: date | None = None
    finish: date | None = None
    issues: int = 0


@dataclass
class _Issue(TrackedIssue):
    issue_id: str
    notes: str
    epic: bool
    done: bool
    team: str | None
    duration: int
    estimate: str | None  # "points", "time" or None: where the duration came from
    created: date | None
    resolved: date | None
    due: date | None
    start: date | None
    sprints: list[str]
    parents: list[str]
    blocks: list[str]
    blocked_by: list[str]


def read_jira_csv(
    text: str, name: str, options: ImportOptions, progress: Progress = NO_PROGRESS
) -> ImportResult:
    """The plan in a Jira CSV export (the module docstring says how), named ``name``.
    Raises PlanError (one line, naming the file) for a file that is not a readable Jira
    export (naming the missing columns) or a ``--team-field`` that is not a column
    (naming the nearest ones)."""
    return _JiraReader(text, name, options, progress).read()


class _JiraReader(IssueReader[_Issue]):
    TOOL, SOURCE = "Jira", "Jira CSV"
    REQUIRED = ("Issue key", "Summary")  # the columns every export has

    def __init__(self, text: str, name: str, options: ImportOptions, progress: Progress) -> None:
        super().__init__(text, name, options, progress)
        self.sprints: dict[str, _Sprint] = {}
        self.estimates = {"points": 0, "time": 0}
        self.id_col, self.name_col = self._team_columns()

    def _team_columns(self) -> tuple[str | None, str | None]:
        """The columns of a team's id and name. Raises PlanError for an unknown
        --team-field, naming the nearest columns."""
        t, wanted = self.table, self.options.team_field
        if wanted:
            if not t.has(wanted):
                near = t.nearest(wanted) or t.names[:5]
                raise PlanError(
                    f"{self.name}: --team-field {quoted(wanted)} is not a column of this Jira"
                    f" export; nearest: {', '.join(quoted(c) for c in near)}"
                )
            return wanted, wanted
        if t.has("Project name"):
            return ("Project key" if t.has("Project key") else "Project name"), "Project name"
        if t.has("Project key"):
            return "Project key", "Project key"
        return None, None

    def read(self) -> ImportResult:
        items, deps = self._items(self.issues())
        self._finish_notes()
        return self.result(items, deps, self._plan_sprints(), milestones=True)

    # -- one row ---------------------------------------------------------------------
    def issue(self, row: list[str], line: int) -> _Issue | None:
        t = self.table
        key = clean_id(t.first(row, "Issue key"))
        if not key:
            self.f.drop(f"row {line}", "no Issue key")
            return None
        how: list[str] = []
        lost: list[str] = []
        item_id = unique_id(key, self.taken)
        if item_id != key:
            how.append(f"its key is used twice in the file; here it is {quoted(item_id)}")
        duration, estimate = self._duration(row, lost)
        category = t.first(row, "Status Category").casefold()
        status = t.first(row, "Status").casefold()
        return _Issue(
            id=item_id,
            key=key,
            issue_id=clean_id(t.first(row, "Issue id")),
            title=t.first(row, "Summary"),
            notes=t.first(row, "Description"),
            epic=t.first(row, "Issue Type").casefold() == "epic",
            done=category == "done" if category else status in _DONE_STATUSES,
            team=self._team(row, how),
            duration=duration,
            estimate=estimate,
            created=self.day(row, "Created", how, lost),
            resolved=self.day(row, "Resolved", how, lost),
            due=self.day(row, "Due date", how, lost),
            start=self.day(row, _START[0], how, lost),
            sprints=[self._sprint(raw) for raw in t.values(row, "Sprint")],
            parents=[p for c in _PARENT for p in split_keys(" ".join(t.values(row, c)))],
            blocks=split_keys(" ".join(t.values(row, _OUTWARD))),
            blocked_by=split_keys(" ".join(t.values(row, _INWARD))),
            how=how,
            lost=lost,
        )

    def _duration(self, row: list[str], lost: list[str]) -> tuple[int, str | None]:
        """Working days from the row's estimate, and which kind it was (None: none)."""
        t = self.table
        for columns, kind in ((_POINTS, "points"), (_SECONDS, "time")):
            for column in columns:
                text = t.first(row, column)
                if not text:
                    continue
                value = parse_number(text)
                if value is None:
                    lost.append(f"{column} {quoted(text)} is not a number")
                    continue
                if kind == "points":
                    return days_from_points(value, self.options.points_per_day), kind
                return days_from_seconds(value), kind
        return 1, None

    def _team(self, row: list[str], how: list[str]) -> str | None:
        if self.id_col is None or self.name_col is None:
            return None
        names = self.table.values(row, self.name_col)
        team_id = clean_id(self.table.first(row, self.id_col))
        if not names or not team_id:
            return None
        if len(names) > 1:
            others = ", ".join(quoted(n) for n in names[1:])
            how.append(f"team: the first of its {self.name_col} values ({others} left out)")
        self.team_names.setdefault(team_id, names[0])
        return team_id

    def _sprint(self, raw: str) -> str:
        """The sprint's name, recorded with its dates when the cell carries them."""
        m = _GREENHOPPER.fullmatch(raw)
        fields = dict(
            f.split("=", 1) for f in re.split(r",(?=\w+=)", m.group(1)) if "=" in f
        ) if m else {}  # fmt: skip
        name = fields.get("name", raw).strip() or raw
        s = self.sprints.setdefault(name, _Sprint(name))
        s.issues += 1
        if m and s.start is None:
            s.start = parse_day(fields.get("startDate", ""))
            s.finish = parse_day(fields.get("endDate", ""))
        return name

    # -- the plan --------------------------------------------------------------------
    def _items(self, issues: list[_Issue]) -> tuple[list[Item], list[Dependency]]:
        by_key: dict[str, _Issue] = {}
        for issue in issues:  # a key used twice: links name its first issue
            by_key.setdefault(issue.key, issue)
        by_ref = dict(by_key)
        for issue in issues:
            if issue.issue_id:
                by_ref.setdefault(issue.issue_id, issue)
        as_milestone = self.options.epics_as_milestones
        milestones = {i.id for i in issues if i.epic and as_milestone and i.due}
        deps: dict[tuple[str, str], Dependency] = {}
        children = self._epic_links(issues, by_ref, milestones, deps)
        items: list[Item] = []
        dropped: set[str] = set()
        for issue in issues:
            if issue.epic and issue.id not in milestones:
                self._drop_epic(issue, children.get(issue.id, 0))
                dropped.add(issue.id)
            else:
                due = issue.due if issue.epic else None
                items.append(self._milestone(issue, due) if due else self._task(issue))
        for issue in issues:
            if issue.id in dropped:
                continue
            for ref in issue.blocks:
                self._link(issue, by_key.get(ref), ref, dropped, deps, outward=True)
            for ref in issue.blocked_by:
                self._link(issue, by_key.get(ref), ref, dropped, deps, outward=False)
        return items, list(deps.values())

    def _epic_links(
        self,
        issues: list[_Issue],
        by_ref: dict[str, _Issue],
        milestones: set[str],
        deps: dict[tuple[str, str], Dependency],
    ) -> dict[str, int]:
        """FS from each issue of an epic made a milestone to it; returns how many issues
        each epic has. Other parent links are counted in one note."""
        children: dict[str, int] = {}
        loose = 0
        for issue in issues:
            parent = next((by_ref[p] for p in issue.parents if p in by_ref), None)
            if parent is None or not parent.epic or parent is issue or issue.epic:
                loose += bool(issue.parents)
                continue
            children[parent.id] = children.get(parent.id, 0) + 1
            if parent.id in milestones:
                deps.setdefault((issue.id, parent.id), Dependency(issue.id, parent.id))
        if loose:
            self.f.drop(
                plural(loose, "parent link"),
                "the plan is flat: a sub-task, or an issue whose epic is not in the file, is"
                " an item of its own",
            )
        return children

    def _drop_epic(self, epic: _Issue, children: int) -> None:
        kept = f"its {plural(children, 'issue')} kept" if children else "it has no issues here"
        if not self.options.epics_as_milestones:
            why = f"epics are not imported (--epics-as-milestones makes one a milestone); {kept}"
        else:
            why = f"no due date to put its milestone on; {kept}"
        self.f.drop(f"epic {quoted(epic.id)} ({quoted(epic.title, 50)})", why)

    def _milestone(self, epic: _Issue, due: date) -> Item:
        self.note(epic)
        return Item(
            id=epic.id,
            title=epic.title,
            team=epic.team,
            kind="milestone",
            start=due,
            duration=0,
            deadline=due,
            done=epic.done,
            actual_finish=epic.resolved if epic.done else None,
            notes=epic.notes,
        )

    def _task(self, issue: _Issue) -> Item:
        if issue.estimate is None:
            issue.how.append("no estimate: 1 working day")
        else:
            self.estimates[issue.estimate] += 1
        start = issue.start or self._sprint_start(issue)
        if start is None and issue.created is not None:
            start = issue.created
            issue.how.append("start: its Created date (no start date, no dated sprint)")
        if start is None:
            start = issue.due or issue.resolved or date(2000, 1, 3)
            issue.how.append(f"start: {start} (no start date, dated sprint or Created date)")
        finish = issue.resolved if issue.done else None
        if issue.done and finish is None:
            issue.how.append("done without a Resolved date: it sits on its planned dates")
        if finish is not None and finish < start:
            issue.how.append(f"resolved {finish}, before its start {start}: starts that day")
            start = finish
        self.note(issue)
        return Item(
            id=issue.id,
            title=issue.title,
            team=issue.team,
            start=start,
            duration=issue.duration,
            deadline=issue.due,
            done=issue.done,
            actual_finish=finish,
            notes=issue.notes,
        )

    def _sprint_start(self, issue: _Issue) -> date | None:
        dated = [self.sprints[s] for s in issue.sprints if self.sprints[s].start is not None]
        if not dated:
            return None
        pick = (min if issue.done else max)(dated, key=lambda s: s.start or date.min)
        issue.how.append(f"start: the start of its sprint {quoted(pick.name)}")
        return pick.start

    def _link(
        self,
        issue: _Issue,
        other: _Issue | None,
        ref: str,
        dropped: set[str],
        deps: dict[tuple[str, str], Dependency],
        *,
        outward: bool,
    ) -> None:
        """The FS dependency of one Blocks link of ``issue``, or a note saying why not."""
        pred, succ = (issue.key, ref) if outward else (ref, issue.key)
        what = f"link {quoted(pred)} blocks {quoted(succ)}"
        if other is None:
            self.f.drop(what, f"{quoted(ref)} is not in this file")
        elif other.id in dropped:
            self.f.drop(what, f"epic {quoted(ref)} is not imported")
        elif other is issue:
            self.f.drop(what, "an issue cannot block itself")
        else:
            a, b = (issue.id, other.id) if outward else (other.id, issue.id)
            deps.setdefault((a, b), Dependency(a, b))

    def _plan_sprints(self) -> tuple[Sprint, ...]:
        out = []
        for s in self.sprints.values():
            what = f"sprint {quoted(s.name)} ({plural(s.issues, 'issue')})"
            if s.start is None or s.finish is None:
                self.f.drop(what, "Jira's CSV export gives no sprint dates")
            elif s.finish < s.start:
                self.f.drop(what, f"it ends ({s.finish}) before it starts ({s.start})")
            else:
                out.append(Sprint(s.name, in_calendar(s.start), in_calendar(s.finish)))
        return tuple(out)

    def _finish_notes(self) -> None:
        """The notes of the whole file: how estimates became days, the other link types,
        and every other column left behind."""
        per_day = self.options.points_per_day
        if self.estimates["points"]:
            self.f.approximate(
                plural(self.estimates["points"], "story-point estimate"),
                f"made working days: points / {per_day:g} per day, rounded up, at least 1",
            )
        if self.estimates["time"]:
            self.f.approximate(
                plural(self.estimates["time"], "time estimate"),
                "made working days of 8 hours, rounded up, at least 1",
            )
        t = self.table
        links = [n for n in dict.fromkeys(t.names) if _LINK_COLUMN.fullmatch(n)]
        others = [n for n in links if " ".join(n.split()).casefold() not in _BLOCKS]
        for column in others:
            count = sum(len(split_keys(" ".join(t.values(r, column)))) for r in t.rows)
            if count:
                self.f.drop(f"{plural(count, 'link')} in {column}", "only Blocks links order work")
        used = [*_READ, *links, *(c for c in (self.id_col, self.name_col) if c)]
        drop_leftovers(self.f, t, used)
