"""A sprint review as text for the terminal and as Markdown for the meeting notes.

The review itself is made in ``planner.app.review``; this layer sits below it, so it
reads the review through the ``ReviewView`` protocol (what it needs of it, read-only).
Per team: the counts, say/do as a percentage, and each reviewed item with what became
of it ("late — not done, now finishes Tue 17 Mar (Sprint 15)"). The Markdown also says
what the review's decisions moved, when they were applied.

Titles, team and sprint names come from the plan: text lines have their control
characters escaped (nothing from a title can start a line of its own), Markdown has its
markup characters escaped too (a title cannot make a heading, a link or a table cell).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Protocol

from planner.domain.model import Plan
from planner.domain.text import printable
from planner.export.digest import item_parts
from planner.scheduling.impact import Impact, MovedItem
from planner.scheduling.sprints import sprint_at

__all__ = [
    "ReviewView",
    "TeamReviewView",
    "baseline_note",
    "item_outcome",
    "moved_line",
    "percent",
    "review_markdown",
    "review_text",
]


class TeamReviewView(Protocol):
    """One team's part of a review (``planner.app.review.TeamReview``)."""

    @property
    def team(self) -> str | None: ...
    @property
    def start(self) -> date: ...
    @property
    def finish(self) -> date: ...
    @property
    def planned(self) -> tuple[str, ...]: ...
    @property
    def done(self) -> tuple[str, ...]: ...
    @property
    def late(self) -> tuple[str, ...]: ...
    @property
    def added(self) -> tuple[str, ...]: ...
    @property
    def say_do(self) -> float | None: ...


class ReviewView(Protocol):
    """A sprint review (``planner.app.review.Review``)."""

    @property
    def sprint(self) -> str: ...
    @property
    def start(self) -> date: ...
    @property
    def finish(self) -> date: ...
    @property
    def baseline(self) -> str | None: ...
    @property
    def teams(self) -> Sequence[TeamReviewView]: ...
    @property
    def finish_now(self) -> Mapping[str, date]: ...


def _day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b}"


def _span(first: date, last: date) -> str:
    return f"{_day(first)} – {_day(last)} {last.year}"


def _line(text: str) -> str:
    return printable(text, keep_newlines=False)


def percent(say_do: float | None) -> str:
    """say/do as a person reads it: '75 %', '—' when nothing was planned."""
    return "—" if say_do is None else f"{round(say_do * 100)} %"


def baseline_note(review: ReviewView) -> str:
    """What the review was compared with, in words."""
    if review.baseline is None:
        return f'no baseline "{review.sprint} start": the current schedule stands in'
    return f'compared with the baseline "{review.baseline}"'


def item_outcome(plan: Plan, review: ReviewView, team: TeamReviewView, item_id: str) -> str:
    """What became of a reviewed item: 'done Fri 6 Mar', 'done Tue 17 Mar, after the
    sprint', 'not done, now finishes Tue 17 Mar (Sprint 15)' (the sprint named when it
    is another one), 'finishes Wed 11 Mar'."""
    item = plan.item(item_id) if plan.has_item(item_id) else None
    when = review.finish_now.get(item_id)
    if item is None or when is None:
        return ""
    if item.done:
        return f"done {_day(when)}" + (", after the sprint" if when > team.finish else "")
    sprint = sprint_at(plan.sprints, when, item.team)
    where = f" ({sprint.name})" if sprint is not None and sprint.name != review.sprint else ""
    return ("not done, now finishes " if item_id in team.late else "finishes ") + (
        _day(when) + where
    )


def _rows(team: TeamReviewView) -> list[tuple[str, str]]:
    """(what, item id) for every reviewed item of the team: done, late, then added."""
    return [
        *(("done", i) for i in team.done),
        *(("late", i) for i in team.late),
        *(("added", i) for i in team.added),
    ]


def _counts(team: TeamReviewView) -> str:
    return (
        f"{len(team.planned)} planned, {len(team.done)} done, {len(team.late)} late,"
        f" {len(team.added)} added"
    )


def _title(plan: Plan, item_id: str) -> str:
    return plan.item(item_id).label if plan.has_item(item_id) else item_id


def _team_heading(plan: Plan, review: ReviewView, team: TeamReviewView) -> str:
    name = plan.team_name(team.team)
    if (team.start, team.finish) != (review.start, review.finish):
        name += f" ({_span(team.start, team.finish)})"
    return name


def review_text(plan: Plan, review: ReviewView) -> str:
    """The review for the terminal: a heading, then per team its counts, say/do and each
    item with what became of it."""
    out = [
        _line(f"{review.sprint} review: {_span(review.start, review.finish)}"),
        _line(baseline_note(review)),
    ]
    if not review.teams:
        out.append("Nothing was planned for it, and nothing was added.")
    for team in review.teams:
        out.append("")
        head = f"{_team_heading(plan, review, team)}: {_counts(team)}"
        out.append(_line(f"{head} — say/do {percent(team.say_do)}"))
        for what, item_id in _rows(team):
            outcome = item_outcome(plan, review, team, item_id)
            title = _title(plan, item_id)
            out.append(_line(f"  {what:<7}{title}" + (f" — {outcome}" if outcome else "")))
    return "\n".join(out) + "\n"


# What can make markup anywhere in a line (a line's start is always ours: "| ", "- ",
# "## " or a date), so a title can't open a link, emphasis, code, HTML or a table cell.
_MARKUP = re.compile(r"([\\`*_\[\]<>#|~])")


def _md(text: str) -> str:
    """Untrusted text inside Markdown: one line, its markup characters escaped."""
    return _MARKUP.sub(r"\\\1", _line(text))


def moved_line(plan: Plan, m: MovedItem, *, md: bool = False) -> str:
    """One item the review moved, as the digests word it: 'Checkout: 5 working days
    later, now Mon 16 Mar – Fri 20 Mar (was ...); lands in Sprint 15 instead of Sprint
    14; pushed by API (the review)'. Escaped for Markdown with ``md``."""
    parts = item_parts(plan, m.to_dict(), root_label="the review")
    text = f"{m.title}: {parts['shift']}, now {parts['dates']} (was {parts['was']})"
    extra = [parts["sprint"], parts["deadline"], parts["chain"] if m.role != "slip" else ""]
    text += "".join(f"; {p}" for p in extra if p)
    return _md(text) if md else _line(text)


def review_markdown(
    plan: Plan, review: ReviewView, impact: Impact | None = None, label: str = ""
) -> str:
    """The review as Markdown: a section per team with its counts and say/do and a table
    of its items; with ``impact`` (the review's decisions applied, ``label`` naming the
    edit), a last section with what they moved, per team."""
    out = [
        f"# {_md(review.sprint)} review",
        "",
        f"{_span(review.start, review.finish)} · {_md(baseline_note(review))}",
        "",
    ]
    if not review.teams:
        out += ["_Nothing was planned for it, and nothing was added._", ""]
    for team in review.teams:
        out += [f"## {_md(_team_heading(plan, review, team))}", ""]
        out += [f"{_counts(team)} · **say/do {percent(team.say_do)}**", ""]
        rows = _rows(team)
        if rows:
            out += ["| Item | Review | What became of it |", "|---|---|---|"]
            for what, item_id in rows:
                outcome = item_outcome(plan, review, team, item_id)
                out.append(f"| {_md(_title(plan, item_id))} | {what} | {_md(outcome)} |")
            out.append("")
    if impact is not None:
        out += [f"## What the review moved: {_md(label)}" if label else "## What the review moved"]
        out.append("")
        if not impact.moved:
            out += ["Nothing else moved.", ""]
        for team_id, moved in impact.by_team(plan):
            out += [f"### {_md(plan.team_name(team_id))}", ""]
            out += [f"- {moved_line(plan, m, md=True)}" for m in moved]
            out.append("")
    return "\n".join(out)
