"""Linear's CSV export as a plan, with its fidelity report.

Linear publishes two shapes: without link columns (``… SLA Status, Roadmaps``) and with
them (``… UUID, Time in status (minutes), Related to, Blocked by, Duplicate of``). Both
are read; columns are matched ignoring case. How an issue becomes an item:

- ``ID`` -> its id (control characters stripped; an id used twice gets a suffix, noted),
  ``Title`` -> title, ``Description`` -> notes.
- ``Team`` -> its team; the team's id is the prefix of its issues' ids (``ENG`` of
  ``ENG-12``), its name the column's value.
- ``Estimate`` -> ``ceil(estimate / points_per_day)`` working days, at least 1; none ->
  1 day (noted).
- ``Started`` -> its actual start (it is in progress), ``Completed`` -> done, with that
  actual finish; ``Canceled`` -> the issue is dropped (noted, as is every link to it).
- Start: ``Started``; else the start of its cycle when the cycle's dates are known; else
  ``Created`` (noted). ``Due Date`` -> deadline.
- ``Blocked by`` (ids separated by commas) -> FS from each blocker; ``Blocks`` (when the
  export has it) -> FS to each. A link seen from both ends is one dependency; a link to
  an issue not in the file is dropped (noted). ``Related to`` and ``Duplicate of`` are
  counted and dropped. A cycle is refused by the scheduler.
- Cycles (``Cycle Number``, ``Cycle Name``, ``Cycle Start``, ``Cycle End``) -> sprints
  of their team, when both dates are known (a name used by two teams gets the team's
  name after it); a cycle known only by its number is noted.
- The plan is flat: ``Parent issue`` links are counted and dropped; every other column
  that holds data is named in one note. Dates are read as the day written (Linear writes
  UTC timestamps, so a late-evening date west of Greenwich reads as the next day).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from planner.domain.model import Dependency, Item, Sprint
from planner.domain.progress import NO_PROGRESS, Progress
from planner.domain.text import quoted
from planner.interchange.csvtools import (
    clean_id,
    days_from_points,
    drop_leftovers,
    parse_number,
    plural,
    split_keys,
    unique_id,
)
from planner.interchange.fidelity import ImportResult
from planner.interchange.issue_csv import IssueReader, TrackedIssue
from planner.interchange.reading import ImportOptions

__all__ = ["read_linear_csv"]

_OTHER_LINKS = ("Related to", "Duplicate of")
_READ = (
    "ID", "Team", "Title", "Description", "Status", "Estimate", "Cycle Number", "Cycle Name",
    "Cycle Start", "Cycle End", "Created", "Started", "Completed", "Canceled", "Due Date",
    "Blocked by", "Blocks", "Parent issue", *_OTHER_LINKS,
)  # fmt: skip
_DONE = {"done", "completed"}
_CANCELED = {"canceled", "cancelled", "duplicate"}
_TEAM_KEY = re.compile(r"(.+)-\d+")


@dataclass
class _Cycle:
    label: str
    team: str | None
    start: date | None
    finish: date | None
    issues: int = 0


@dataclass
class _Issue(TrackedIssue):
    notes: str
    team: str | None
    estimate: float | None
    created: date | None
    started: date | None
    completed: date | None
    due: date | None
    done: bool
    cycle: _Cycle | None
    blocked_by: list[str]
    blocks: list[str]


def read_linear_csv(
    text: str, name: str, options: ImportOptions, progress: Progress = NO_PROGRESS
) -> ImportResult:
    """The plan in a Linear CSV export (the module docstring says how), named ``name``.
    Raises PlanError (one line, naming the file) for a file that is not a readable Linear
    export, naming the columns it misses."""
    return _LinearReader(text, name, options, progress).read()


class _LinearReader(IssueReader[_Issue]):
    TOOL, SOURCE = "Linear", "Linear CSV"
    REQUIRED = ("ID", "Team", "Title", "Status")  # the columns every export has

    def __init__(self, text: str, name: str, options: ImportOptions, progress: Progress) -> None:
        super().__init__(text, name, options, progress)
        self.team_ids: dict[str, str] = {}  # team name -> id
        self.cycles: dict[tuple[str | None, str], _Cycle] = {}
        self.canceled: set[str] = set()
        self.points = 0
        self.parents = 0

    def read(self) -> ImportResult:
        issues = self.issues()
        items = [self._item(i) for i in issues]
        deps = self._dependencies(issues)
        self._finish_notes()
        return self.result(items, deps, self._sprints(), milestones=False)

    # -- one row ---------------------------------------------------------------------
    def issue(self, row: list[str], line: int) -> _Issue | None:
        t = self.table
        key = clean_id(t.first(row, "ID"))
        title = t.first(row, "Title")
        if not key:
            self.f.drop(f"row {line}", "no ID")
            return None
        status = t.first(row, "Status").casefold()
        how: list[str] = []
        lost: list[str] = []
        if t.first(row, "Canceled") or status in _CANCELED:
            self._drop_canceled(row, key, title)
            return None
        item_id = unique_id(key, self.taken)
        if item_id != key:
            how.append(f"its ID is used twice in the file; here it is {quoted(item_id)}")
        team = self._team(t.first(row, "Team"), key)
        completed = self.day(row, "Completed", how, lost)
        self.parents += bool(t.first(row, "Parent issue"))
        return _Issue(
            id=item_id,
            key=key,
            title=title,
            notes=t.first(row, "Description"),
            team=team,
            estimate=self._estimate(row, lost),
            created=self.day(row, "Created", how, lost),
            started=self.day(row, "Started", how, lost),
            completed=completed,
            due=self.day(row, "Due Date", how, lost),
            done=completed is not None or status in _DONE,
            cycle=self._cycle(row, team, how, lost),
            blocked_by=split_keys(t.first(row, "Blocked by")),
            blocks=split_keys(t.first(row, "Blocks")),
            how=how,
            lost=lost,
        )

    def _drop_canceled(self, row: list[str], key: str, title: str) -> None:
        self.canceled.add(key)
        t = self.table
        links = sum(len(split_keys(t.first(row, c))) for c in ("Blocked by", "Blocks"))
        gone = f" (its {plural(links, 'link')} with it)" if links else ""
        self.f.drop(f"issue {quoted(key)} ({quoted(title, 50)})", f"canceled{gone}")

    def _estimate(self, row: list[str], lost: list[str]) -> float | None:
        text = self.table.first(row, "Estimate")
        value = parse_number(text) if text else None
        if text and value is None:
            lost.append(f"Estimate {quoted(text)} is not a number")
        return value

    def _team(self, team_name: str, key: str) -> str | None:
        """The id of the team named ``team_name``: the prefix of its first issue's id
        (``ENG`` of ``ENG-12``) unless another team has it, else its name; None for none."""
        if not clean_id(team_name):
            return None
        got = self.team_ids.get(team_name)
        if got is None:
            m = _TEAM_KEY.fullmatch(key)
            base = clean_id(m.group(1)) if m else ""
            taken = set(self.team_names)
            got = unique_id(base or clean_id(team_name), taken)
            self.team_ids[team_name] = got
            self.team_names[got] = team_name
        return got

    def _cycle(
        self, row: list[str], team: str | None, how: list[str], lost: list[str]
    ) -> _Cycle | None:
        t = self.table
        number, label = t.first(row, "Cycle Number"), t.first(row, "Cycle Name")
        if not number and not label:
            return None
        key = (team, number or label)
        cycle = self.cycles.setdefault(key, _Cycle(label or f"Cycle {number}", team, None, None))
        if cycle.start is None or cycle.finish is None:  # the first row that dates it
            cycle.start = self.day(row, "Cycle Start", how, lost)
            cycle.finish = self.day(row, "Cycle End", how, lost)
        cycle.issues += 1
        return cycle

    # -- the plan --------------------------------------------------------------------
    def _item(self, issue: _Issue) -> Item:
        if issue.estimate is None:
            issue.how.append("no estimate: 1 working day")
            duration = 1
        else:
            self.points += 1
            duration = days_from_points(issue.estimate, self.options.points_per_day)
        start = issue.started or self._start(issue)
        actual_start = issue.started
        finish = issue.completed if issue.done else None
        if issue.done and finish is None:
            issue.how.append("done without a Completed date: it sits on its planned dates")
        if finish is not None and finish < start:
            issue.how.append(f"completed {finish}, before it started {start}: starts that day")
            start = finish
            actual_start = finish if actual_start is not None else None
        self.note(issue)
        return Item(
            id=issue.id,
            title=issue.title,
            team=issue.team,
            start=start,
            duration=duration,
            deadline=issue.due,
            done=issue.done,
            actual_start=actual_start,
            actual_finish=finish,
            notes=issue.notes,
        )

    def _start(self, issue: _Issue) -> date:
        """The planned start of an issue not started: its cycle's, else its Created date
        (noted either way)."""
        c = issue.cycle
        if c is not None and c.start is not None and c.finish is not None and c.start <= c.finish:
            issue.how.append(f"start: the start of its cycle {quoted(c.label)}")
            return c.start
        if issue.created is not None:
            issue.how.append("start: its Created date (not started, no dated cycle)")
            return issue.created
        start = issue.completed or issue.due or date(2000, 1, 3)
        issue.how.append(f"start: {start} (no Started, dated cycle or Created date)")
        return start

    def _dependencies(self, issues: list[_Issue]) -> list[Dependency]:
        by_key: dict[str, _Issue] = {}
        for issue in issues:  # an id used twice: links name its first issue
            by_key.setdefault(issue.key, issue)
        deps: dict[tuple[str, str], Dependency] = {}
        for issue in issues:
            for ref in issue.blocked_by:
                self._link(by_key.get(ref), ref, issue, issue.key, deps)
            for ref in issue.blocks:
                self._link(issue, issue.key, by_key.get(ref), ref, deps)
        return list(deps.values())

    def _link(
        self,
        pred: _Issue | None,
        pred_key: str,
        succ: _Issue | None,
        succ_key: str,
        deps: dict[tuple[str, str], Dependency],
    ) -> None:
        """The FS dependency of one blocking link, or a note saying why not."""
        what = f"link {quoted(pred_key)} blocks {quoted(succ_key)}"
        if pred is None or succ is None:
            other = pred_key if pred is None else succ_key
            gone = "was canceled" if other in self.canceled else "is not in this file"
            self.f.drop(what, f"{quoted(other)} {gone}")
        elif pred is succ:
            self.f.drop(what, "an issue cannot block itself")
        else:
            deps.setdefault((pred.id, succ.id), Dependency(pred.id, succ.id))

    def _sprints(self) -> tuple[Sprint, ...]:
        labels: dict[str, set[str | None]] = {}
        for c in self.cycles.values():
            labels.setdefault(c.label, set()).add(c.team)
        out = []
        for c in self.cycles.values():
            team = self.team_names[c.team] if c.team else "no team"
            what = f"cycle {quoted(c.label)} of {quoted(team)} ({plural(c.issues, 'issue')})"
            if c.start is None or c.finish is None:
                self.f.drop(what, "the export gives no dates for it")
            elif c.finish < c.start:
                self.f.drop(what, f"it ends ({c.finish}) before it starts ({c.start})")
            else:
                name = c.label if len(labels[c.label]) == 1 else f"{c.label} ({team})"
                out.append(Sprint(name, c.start, c.finish, c.team))
        return tuple(out)

    def _finish_notes(self) -> None:
        """The notes of the whole file: how estimates became days, parent links and the
        other link kinds, and every other column left behind."""
        if self.points:
            self.f.approximate(
                plural(self.points, "estimate"),
                f"made working days: estimate / {self.options.points_per_day:g} per day,"
                " rounded up, at least 1",
            )
        if self.parents:
            self.f.drop(
                plural(self.parents, "parent link"),
                "the plan is flat: a sub-issue is an item of its own",
            )
        t = self.table
        for column in _OTHER_LINKS:
            count = sum(len(split_keys(t.first(r, column))) for r in t.rows)
            if count:
                self.f.drop(
                    f"{plural(count, 'link')} in {t.spelling(column)}",
                    "only blocking links order work",
                )
        drop_leftovers(self.f, t, _READ)
