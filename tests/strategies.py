"""Hypothesis strategies: small random plans (acyclic by construction)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from planner.domain.model import CalendarSpec, Dependency, Item, Plan, Team

BASE = date(2027, 1, 4)
TEAMS = (Team("a", "A"), Team("b", "B"), Team("c", "C"))


@st.composite
def items(draw, n):
    out = []
    for i in range(n):
        kind = draw(st.sampled_from(["task", "task", "milestone"]))
        start = BASE + timedelta(days=draw(st.integers(0, 40)))
        dur = 0 if kind == "milestone" else draw(st.integers(1, 8))
        deadline = None
        if draw(st.booleans()) and draw(st.booleans()):
            deadline = start + timedelta(days=draw(st.integers(-3, 30)))
        flag = draw(st.integers(0, 9))
        done = flag == 0
        actual_start = start if done and kind == "task" and draw(st.booleans()) else None
        if flag == 2 and kind == "task":  # in progress, started near its planned day
            actual_start = start + timedelta(days=draw(st.integers(-4, 4)))
        out.append(
            Item(
                id=f"i{i}",
                title=f"Item {i}",
                team=draw(st.sampled_from([None, "a", "b", "c"])),
                kind=kind,
                start=start,
                duration=dur,
                deadline=deadline,
                locked=flag == 1,
                done=done,
                actual_start=actual_start,
            )
        )
    return out


@st.composite
def plans(draw, max_items=14):
    n = draw(st.integers(1, max_items))
    its = draw(items(n))
    order = draw(st.permutations(range(n)))
    pairs = set()
    deps = []
    for _ in range(draw(st.integers(0, 2 * n)) if n > 1 else 0):
        a, b = sorted(draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2, unique=True)))
        if (order[a], order[b]) in pairs:
            continue
        pairs.add((order[a], order[b]))
        deps.append(
            Dependency(
                f"i{order[a]}",
                f"i{order[b]}",
                draw(st.sampled_from(["FS", "FS", "SS", "FF", "SF"])),
                draw(st.integers(-3, 5)),
            )
        )
    holidays = tuple(sorted({BASE + timedelta(days=draw(st.integers(0, 60))) for _ in range(2)}))
    return Plan("P", CalendarSpec(holidays=holidays), TEAMS, (), tuple(its), tuple(deps))
