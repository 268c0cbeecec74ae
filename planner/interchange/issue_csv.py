"""What the readers of issue trackers' CSV exports (Jira, Linear) share.

The table read with the columns a tracker's export must have, the fidelity report, each
row read into an issue (counted on the progress), a date cell read into the calendar,
an issue's notes, and the plan put together with its counts. Each reader says how one
row becomes an issue and how issues become items, links and sprints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar, Generic, TypeVar

from planner.domain.model import Dependency, Item, Plan, Sprint
from planner.domain.progress import Progress
from planner.domain.text import quoted
from planner.interchange.csvtools import CsvTable, in_calendar, parse_day, plan_teams, read_table
from planner.interchange.fidelity import Fidelity, ImportResult
from planner.interchange.reading import ImportOptions

__all__ = ["IssueReader", "TrackedIssue"]

_BATCH = 1000  # rows between two progress updates


@dataclass
class TrackedIssue:
    """One row, read: its id (unique in the plan), its key as in the file (what links
    name) and title; ``how`` and ``lost`` collect what was approximated and dropped."""

    id: str
    key: str
    title: str
    how: list[str] = field(default_factory=list, kw_only=True)
    lost: list[str] = field(default_factory=list, kw_only=True)

    @property
    def what(self) -> str:
        return f"issue {quoted(self.id)} ({quoted(self.title, 50)})"


IssueT = TypeVar("IssueT", bound=TrackedIssue)


class IssueReader(Generic[IssueT]):
    """The reader of one tracker's export: ``TOOL`` names it in messages, ``SOURCE`` in
    the fidelity report, ``REQUIRED`` are the columns its export always has. Raises
    PlanError (one line, naming the file) when one is missing."""

    TOOL: ClassVar[str]
    SOURCE: ClassVar[str]
    REQUIRED: ClassVar[tuple[str, ...]]

    def __init__(self, text: str, name: str, options: ImportOptions, progress: Progress) -> None:
        self.name = name
        self.options = options
        self.progress = progress
        self.table: CsvTable = read_table(text, self.TOOL, name, self.REQUIRED)
        self.f = Fidelity(self.SOURCE)
        self.team_names: dict[str, str] = {}  # id -> name
        self.taken: set[str] = set()  # the item ids given so far

    def issue(self, row: list[str], line: int) -> IssueT | None:
        """The issue of one row (``line`` in the file), or None when it is dropped."""
        raise NotImplementedError

    def issues(self) -> list[IssueT]:
        """Every row's issue, in the file's order, counted on the progress."""
        rows = self.table.rows
        self.progress.step(f"reading {len(rows):,} {self.TOOL} issues", len(rows))
        out = []
        for n, (row, line) in enumerate(zip(rows, self.table.numbers, strict=True), start=1):
            issue = self.issue(row, line)
            if issue is not None:
                out.append(issue)
            if n % _BATCH == 0:
                self.progress.advance(_BATCH)
        self.progress.advance(len(rows) % _BATCH)
        return out

    def day(self, row: list[str], column: str, how: list[str], lost: list[str]) -> date | None:
        """The date in a row's cell (None when empty), moved into the calendar (noted in
        ``how``); a cell that is not a date is noted in ``lost``."""
        text = self.table.first(row, column)
        if not text:
            return None
        day = parse_day(text)
        if day is None:
            lost.append(f"{column} {quoted(text)} is not a date")
        elif in_calendar(day) != day:
            how.append(f"{column} {day} is outside the calendar: {in_calendar(day)}")
            day = in_calendar(day)
        return day

    def note(self, issue: IssueT) -> None:
        """Put what was approximated and dropped of ``issue`` in the report."""
        if issue.how:
            self.f.approximate(issue.what, "; ".join(issue.how))
        if issue.lost:
            self.f.drop(issue.what, "; ".join(issue.lost))

    def result(
        self,
        items: list[Item],
        deps: list[Dependency],
        sprints: tuple[Sprint, ...],
        *,
        milestones: bool,
    ) -> ImportResult:
        """The plan of ``items``, ``deps`` and ``sprints`` (its teams from the items),
        checked, with the report counting what was converted (``milestones``: the
        tracker can give some)."""
        plan = Plan(
            name=self.name,
            teams=plan_teams(items, self.team_names),
            sprints=sprints,
            items=tuple(items),
            dependencies=tuple(deps),
        )
        self.f.convert("teams", len(plan.teams))
        self.f.convert("tasks", sum(not it.is_milestone for it in items))
        if milestones:
            self.f.convert("milestones", sum(it.is_milestone for it in items))
        self.f.convert("dependencies", len(deps))
        self.f.convert("sprints", len(plan.sprints))
        return ImportResult.checked(plan, self.f, self.name)
