"""Fixtures for export tests: the sample roadmap and a large generated one."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from planner.app.sample import sample_plan
from planner.domain.model import Dependency, Item, Plan, Sprint, Team
from planner.scheduling.propagate import schedule_plan

TODAY = date(2026, 11, 22)


@pytest.fixture
def sample():
    plan = sample_plan(TODAY)
    return plan, schedule_plan(plan)


def big_plan(n: int = 300, teams: int = 8, seed: int = 3) -> Plan:
    """``n`` items in chained workstreams per team, a few deadlines, sprints."""
    rnd = random.Random(seed)
    first = date(2026, 10, 26)
    ts = tuple(Team(f"t{k}", f"Team {k}") for k in range(teams))
    items, deps = [], []
    for _k, t in enumerate(ts):
        cursor = [first + timedelta(days=rnd.randint(0, 14)) for _ in range(4)]
        prev = [None] * 4
        for j in range(n // teams):
            tr = j % 4
            ms = j % 8 == 7
            start = cursor[tr] + timedelta(days=rnd.randint(0, 4))
            dur = 0 if ms else rnd.randint(3, 10)
            iid = f"{t.id}-{j}"
            dl = start + timedelta(days=20) if j % 10 == 3 else None
            title = f"{'Launch' if ms else 'Build'} {rnd.choice(['billing', 'search', 'SSO'])} {j}"
            items.append(Item(iid, title, t.id, "milestone" if ms else "task", start, dur, dl))
            if prev[tr]:
                deps.append(Dependency(prev[tr], iid))
            prev[tr] = iid
            cursor[tr] = start + timedelta(days=round(dur * 1.4) + 1)
    sprints = tuple(
        Sprint(
            f"Sprint {n}", first + timedelta(weeks=2 * n), first + timedelta(weeks=2 * n, days=11)
        )
        for n in range(12)
    )
    return Plan("Big", teams=ts, sprints=sprints, items=tuple(items), dependencies=tuple(deps))


@pytest.fixture
def big():
    plan = big_plan()
    return plan, schedule_plan(plan)
