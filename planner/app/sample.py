"""The sample roadmap shipped in ``resources/``, moved to start near a given day."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from planner.domain.jsonio import plan_from_json
from planner.domain.model import CalendarSpec, Plan

__all__ = ["resource_path", "sample_plan"]


def _resources() -> Traversable:
    """``resources/``: installed as the package ``planner.resources``; when running from a
    source checkout (where that name does not exist) the folder beside ``planner/``."""
    try:
        return resources.files("planner.resources")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "resources"


def resource_path(name: str) -> str:
    """Filesystem path of a file in ``resources/``."""
    return str(_resources().joinpath(name))


def sample_plan(today: date | None = None) -> Plan:
    """The sample roadmap; with ``today``, shifted by whole weeks so that today falls in
    its second sprint."""
    text = _resources().joinpath("sample-roadmap.json").read_text("utf-8")
    plan = plan_from_json(text)
    if today is None:
        return plan
    first = min(s.start for s in plan.sprints)
    target = today - timedelta(days=today.weekday()) - timedelta(weeks=2)
    delta = timedelta(weeks=round((target - first).days / 7))
    return shift_plan(plan, delta)


def shift_plan(plan: Plan, delta: timedelta) -> Plan:
    """Every date of the plan moved by ``delta``."""

    def mv(d: date | None) -> date | None:
        return d + delta if d else None

    items = tuple(
        dataclasses.replace(
            it,
            start=it.start + delta,
            deadline=mv(it.deadline),
            actual_start=mv(it.actual_start),
            actual_finish=mv(it.actual_finish),
        )
        for it in plan.items
    )
    sprints = tuple(
        dataclasses.replace(s, start=s.start + delta, finish=s.finish + delta) for s in plan.sprints
    )
    cal = CalendarSpec(
        plan.calendar.weekend,
        tuple(h + delta for h in plan.calendar.holidays),
        plan.calendar.country,
        plan.calendar.subdivision,
    )
    return dataclasses.replace(plan, items=items, sprints=sprints, calendar=cal)
