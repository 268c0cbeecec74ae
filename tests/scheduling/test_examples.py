"""Hand-worked cases from DESIGN.md, as tables."""

from datetime import date

import pytest

from planner.domain.errors import CycleError
from planner.domain.model import Dependency, Item, Plan
from planner.scheduling.explain import explain
from planner.scheduling.propagate import ScheduleEngine

MON = date(2027, 1, 4)


def task(i, start=MON, dur=5, **kw):
    return Item(i, i, None, "task", start, dur, **kw)


def ms(i, day=MON, **kw):
    return Item(i, i, None, "milestone", day, 0, **kw)


def sched(items, deps, mode="python"):
    return ScheduleEngine(Plan(items=tuple(items), dependencies=tuple(deps)), mode=mode).schedule()


@pytest.mark.parametrize(
    ("succ", "dep_type", "lag", "first", "last"),
    [
        (ms("M"), "FS", 0, date(2027, 1, 8), date(2027, 1, 8)),  # shown Friday
        (task("B", dur=1), "FS", 0, date(2027, 1, 11), date(2027, 1, 11)),  # Monday
        (task("B", dur=1), "FS", 2, date(2027, 1, 13), date(2027, 1, 13)),  # Wednesday
        (task("B", dur=2), "SS", 1, date(2027, 1, 5), date(2027, 1, 6)),
        (task("B", dur=2), "FF", 0, date(2027, 1, 7), date(2027, 1, 8)),
        (task("B", dur=2), "SF", 2, date(2027, 1, 4), date(2027, 1, 5)),  # planned binds
        (task("B", dur=2), "SF", 4, date(2027, 1, 6), date(2027, 1, 7)),  # F_B >= 0 + 4
        (task("B", dur=2), "FS", -2, date(2027, 1, 7), date(2027, 1, 8)),  # lead
    ],
)
@pytest.mark.parametrize("mode", ["python", "numpy"])
def test_dependency_types(succ, dep_type, lag, first, last, mode):
    s = sched([task("A"), succ], [Dependency("A", succ.id, dep_type, lag)], mode)
    assert s.dates("A") == (MON, date(2027, 1, 8))
    assert s.dates(succ.id) == (first, last)


def test_milestone_to_milestone_same_day():
    s = sched([task("A"), ms("M1"), ms("M2")], [Dependency("A", "M1"), Dependency("M1", "M2")])
    assert s.dates("M2") == (date(2027, 1, 8), date(2027, 1, 8))


def test_slack_absorbs_and_planned_date_holds():
    # B planned a week after A's finish: a 3-day slip of A does not move it.
    a = task("A")
    b = task("B", start=date(2027, 1, 18), dur=1)
    s = sched([a, b], [Dependency("A", "B")])
    assert s.driver("B").kind == "planned"
    assert int(s.free_slack[s.pos("A")]) == 5


def test_locked_item_never_moves_and_reports_conflict():
    s = sched([task("A", dur=10), ms("L", date(2027, 1, 8), locked=True)], [Dependency("A", "L")])
    assert s.dates("L") == (date(2027, 1, 8), date(2027, 1, 8))
    (v,) = s.violations
    assert (v.kind, v.item, v.pred, v.days) == ("conflict", "L", "A", 5)


def test_done_item_sits_on_actual_dates():
    a = task("A", done=True, actual_start=date(2027, 1, 5), actual_finish=date(2027, 1, 12))
    s = sched([task("P", dur=20), a], [Dependency("P", "A")])
    assert s.dates("A") == (date(2027, 1, 5), date(2027, 1, 12))
    assert s.driver("A").kind == "done"


def test_deadline_on_weekend_means_previous_friday():
    s = sched([task("A", deadline=date(2027, 1, 9))], [])
    assert s.violations == ()
    s = sched([task("A", dur=6, deadline=date(2027, 1, 10))], [])
    assert [(v.kind, v.days) for v in s.violations] == [("deadline", 1)]


def test_task_starting_on_saturday_moves_to_monday():
    s = sched([task("A", start=date(2027, 1, 9), dur=1)], [])
    assert s.dates("A") == (date(2027, 1, 11), date(2027, 1, 11))


def test_cycle_is_refused_naming_the_cycle():
    items = [task("A"), task("B"), task("C"), task("D")]
    deps = [Dependency("D", "A"), Dependency("A", "B"), Dependency("B", "C"), Dependency("C", "A")]
    with pytest.raises(CycleError) as err:
        sched(items, deps)
    cyc = err.value.cycle
    assert cyc[0] == cyc[-1] and set(cyc) == {"A", "B", "C"}
    assert "dependency cycle: " in str(err.value)


def test_self_dependency_is_a_cycle():
    with pytest.raises(CycleError, match="A -> A"):
        sched([task("A")], [Dependency("A", "A")])


def test_explain_tells_the_driver_chain(contract_plan):
    s = ScheduleEngine(contract_plan).schedule()
    text = " ".join(explain(contract_plan, s, "G"))
    assert "Invoices starts Mon 18 Jan 2027 because it needs Billing settings finished (FS)" in text
    assert "Payments API finished + 2 days (FS, lag 2)" in text
    assert "misses its deadline" in text
