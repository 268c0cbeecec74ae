"""Sprints: generate them from a cadence (dateutil's rrule) and find the one a date is in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from dateutil.rrule import WEEKLY, rrule

from planner.domain.errors import PlanError
from planner.domain.model import Sprint

__all__ = ["generate_sprints", "sprint_at"]


def generate_sprints(
    first_day: date,
    weeks: int,
    count: int,
    pattern: str = "Sprint {n}",
    first_number: int = 1,
    team: str | None = None,
) -> tuple[Sprint, ...]:
    """``count`` back-to-back sprints of ``weeks`` weeks from ``first_day``.

    ``pattern`` may use ``{n}`` (the number), ``{start}`` and ``{finish}``. Raises
    PlanError for a non-positive length or count, or an unknown placeholder.
    """
    if weeks < 1 or count < 1:
        raise PlanError("sprint cadence: length and count must be at least 1")
    if count > 1000:
        raise PlanError("sprint cadence: at most 1000 sprints")
    starts = rrule(
        WEEKLY,
        interval=weeks,
        count=count,
        dtstart=datetime.combine(first_day, datetime.min.time()),
    )
    out = []
    for k, start in enumerate(starts):
        s = start.date()
        f = s + timedelta(weeks=weeks) - timedelta(days=1)
        try:
            name = pattern.format(n=first_number + k, start=s, finish=f)
        except (KeyError, IndexError, ValueError) as e:
            raise PlanError(f"sprint cadence: bad name pattern {pattern!r} ({e})") from None
        out.append(Sprint(name, s, f, team))
    return tuple(out)


def sprint_at(sprints: Sequence[Sprint], day: date, team: str | None = None) -> Sprint | None:
    """The sprint ``day`` falls in: the team's own sprints first, then plan-wide ones."""
    fallback = None
    for s in sprints:
        if s.start <= day <= s.finish:
            if s.team is not None and s.team == team:
                return s
            if s.team is None and fallback is None:
                fallback = s
    return fallback
