"""Generated roadmaps for the benchmarks: n items, about 3 dependencies each.

Shaped like a real roadmap: one lane per ~100 items (at least 8 teams); each team's
items follow each other about a week apart; each item depends on ~2 recent items of
its own team and ~1 recent item of another team, with mixed types (70% FS, 15% SS,
10% FF, 5% SF), mostly lag 0 and some leads and lags. A fifth are milestones, 5% carry
a deadline, and (optionally) a few milestones are locked.
"""

from __future__ import annotations

import random
from datetime import date

from planner.domain.model import TEAM_COLORS, CalendarSpec, Dependency, Item, Plan, Team
from planner.scheduling.calendar import WorkCalendar

__all__ = ["generate_plan"]

DAY0 = date(2027, 1, 4)


def generate_plan(n: int, seed: int = 1, lags: bool = True, locked: bool = True) -> Plan:
    rng = random.Random(seed)
    cal = WorkCalendar(CalendarSpec())
    base = cal.start_index(DAY0)
    n_teams = max(8, n // 100)
    teams = tuple(
        Team(f"t{k}", f"Team {k + 1}", TEAM_COLORS[k % len(TEAM_COLORS)]) for k in range(n_teams)
    )
    items = []
    for i in range(n):
        milestone = rng.random() < 0.2
        planned = base + (i // n_teams) * 6 + rng.randint(0, 4)
        deadline = cal.date_of(planned + rng.randint(8, 30)) if rng.random() < 0.05 else None
        items.append(
            Item(
                id=f"i{i}",
                title=f"Item {i}",
                team=teams[i % n_teams].id,
                kind="milestone" if milestone else "task",
                start=cal.date_of(planned - 1) if milestone else cal.date_of(planned),
                duration=0 if milestone else rng.randint(1, 8),
                deadline=deadline,
                locked=locked and milestone and rng.random() < 0.05,
            )
        )
    deps = []
    for i in range(n):
        preds = set()
        for k in (1, rng.randint(2, 4)):  # own team, recent
            if i - k * n_teams >= 0:
                preds.add(i - k * n_teams)
        lo = max(0, i - 3 * n_teams)
        if i - lo > 1:  # another team, recent
            p = rng.randrange(lo, i)
            if p % n_teams != i % n_teams:
                preds.add(p)
        for p in sorted(preds):
            r = rng.random()
            kind = "FS" if r < 0.7 else "SS" if r < 0.85 else "FF" if r < 0.95 else "SF"
            lag = rng.randint(-2, 5) if lags and rng.random() < 0.3 else 0
            deps.append(Dependency(f"i{p}", f"i{i}", kind, lag))  # type: ignore[arg-type]
    return Plan(f"Generated {n}", CalendarSpec(), teams, (), tuple(items), tuple(deps))
