import dataclasses
from datetime import date, timedelta

import pytest

from planner.domain.errors import PlanError
from planner.domain.model import (
    FIRST_DAY,
    LAST_DAY,
    MAX_DURATION,
    CalendarSpec,
    Dependency,
    Item,
    Plan,
)
from planner.scheduling.calendar import WorkCalendar
from planner.scheduling.propagate import ScheduleEngine, schedule_plan

CAL = WorkCalendar(CalendarSpec(holidays=(date(2027, 1, 13),)))
B = CAL.start_index(date(2027, 1, 4))  # Monday


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (date(2027, 1, 4), 0, 1),  # Mon
        (date(2027, 1, 8), 4, 5),  # Fri
        (date(2027, 1, 9), 5, 5),  # Sat: a start moves to Monday, an end is Friday's
        (date(2027, 1, 10), 5, 5),  # Sun
        (date(2027, 1, 13), 7, 7),  # holiday (Wed)
        (date(2027, 1, 14), 7, 8),
    ],
)
def test_dates_to_points(day, start, end):
    assert CAL.start_index(day) - B == start
    assert CAL.end_point(day) - B == end


def test_round_trip_over_years():
    for offset in range(-2000, 6000, 7):
        i = B + offset
        assert CAL.start_index(CAL.date_of(i)) == i


def test_far_dates_extend_tables():
    assert CAL.date_of(CAL.start_index(date(2950, 6, 2))) == date(2950, 6, 2)
    assert CAL.date_of(CAL.start_index(date(1901, 3, 4))) == date(1901, 3, 4)


def test_out_of_range_is_refused():
    with pytest.raises(PlanError, match="outside"):
        CAL.start_index(date(3500, 1, 1))


def test_ordinals_of_many_indexes_are_date_of_each():
    cal = WorkCalendar(CalendarSpec(holidays=(date(2027, 1, 13),)))
    b = cal.start_index(date(2027, 1, 4))
    indexes = [b + k for k in (-30000, -3, 0, 7, 12, 200000, 5)]  # far ones grow the range
    assert cal.ordinals_of(indexes) == [cal.date_of(i).toordinal() for i in indexes]
    assert cal.ordinals_of([]) == []
    with pytest.raises(PlanError, match="outside"):
        cal.ordinals_of([b, b + 10**7])


def test_country_holidays_from_the_holidays_package():
    cal = WorkCalendar(CalendarSpec(country="US"))
    assert not cal.is_working(date(2027, 11, 25))  # Thanksgiving
    assert cal.is_working(date(2027, 11, 24))


def test_unknown_country_is_refused():
    with pytest.raises(PlanError, match="unknown country"):
        WorkCalendar(CalendarSpec(country="XX"))


def test_no_working_day_is_refused():
    with pytest.raises(PlanError, match="every day"):
        WorkCalendar(CalendarSpec(weekend=frozenset(range(7))))


# -- the calendar's edges: bounded table builds, and every date there exists ------------


@pytest.fixture
def builds(monkeypatch):
    """Counts table builds of every WorkCalendar made while the test runs."""
    count = [0]
    build = WorkCalendar._build

    def counting(self, lo, hi):
        count[0] += 1
        build(self, lo, hi)

    monkeypatch.setattr(WorkCalendar, "_build", counting)
    return count


def test_lookups_at_the_edges_do_not_rebuild(builds):
    cal = WorkCalendar()
    edges = [FIRST_DAY + timedelta(days=k) for k in range(10)]
    edges += [LAST_DAY - timedelta(days=k) for k in range(10)]
    for d in edges:
        cal.start_index(d), cal.last_index(d), cal.is_working(d)
    settled = builds[0]
    for _ in range(50):
        for d in edges:
            i = cal.start_index(d)
            cal.last_index(d), cal.end_point(d), cal.is_working(d)
            if cal.has_index(i):
                cal.date_of(i)
    assert builds[0] == settled <= 12  # doubling from ~15 years to 1,100: a few builds
    assert not cal.has_index(cal.start_index(LAST_DAY) + 1)
    with pytest.raises(PlanError, match="outside the calendar"):
        cal.date_of(cal.start_index(FIRST_DAY) - 1)
    assert builds[0] == settled  # asking past the ends rebuilds nothing either


def test_edges_map_both_ways():
    cal = WorkCalendar(CalendarSpec(weekend=frozenset()))  # every day worked
    first, last = cal.start_index(FIRST_DAY), cal.last_index(LAST_DAY)
    assert cal.date_of(first) == FIRST_DAY and cal.date_of(last) == LAST_DAY
    # no calendar has more working days than MAX_DURATION, the longest duration allowed
    assert last - first + 1 == MAX_DURATION
    cal = WorkCalendar()
    assert cal.date_of(cal.last_index(LAST_DAY)) == date(2999, 12, 31)  # a Tuesday
    assert cal.date_of(cal.start_index(date(2999, 12, 28))) == date(2999, 12, 30)  # Sat -> Mon


def _edge_plan(n: int) -> Plan:
    items = []
    for k in range(n):
        items.append(Item(f"end{k}", start=LAST_DAY - timedelta(days=k % 7), duration=1))
        items.append(Item(f"first{k}", start=FIRST_DAY + timedelta(days=k % 7), duration=1))
        items.append(Item(f"m{k}", kind="milestone", start=LAST_DAY - timedelta(days=k % 5),
                          duration=0))  # fmt: skip
    deps = tuple(Dependency(f"first{k}", f"first{k + 1}", "SS") for k in range(n - 1))
    return Plan(items=tuple(items), dependencies=deps)


def test_a_plan_at_both_edges_schedules_with_few_builds(builds):
    # The last week of 2999 once rebuilt the whole 1900-2999 table on every lookup.
    plan = _edge_plan(700)
    sched = schedule_plan(plan)
    out = sched.to_dict()["items"]
    assert builds[0] <= 12
    by_id = {row["id"]: row for row in out}
    assert by_id["first0"]["start"] == "1900-01-01"
    assert by_id["end0"]["finish"] == "2999-12-31"
    assert all("1900-01-01" <= row["start"] <= row["finish"] <= "2999-12-31" for row in out)


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (Item("long", start=date(2027, 1, 4), duration=300_000),
         "item 'long': its finish would fall after 2999-12-31"),
        (Item("sat", start=date(2999, 12, 28), duration=3),  # Sat: starts Mon 30, needs Wed
         "item 'sat': its finish would fall after 2999-12-31"),
        (Item("fri", kind="milestone", start=FIRST_DAY, duration=0),  # on a holiday below
         "item 'fri': its date would fall before 1900-01-01"),
    ],
)  # fmt: skip
def test_items_pushed_outside_the_calendar_are_named(item, message):
    cal = CalendarSpec(holidays=(FIRST_DAY,))
    with pytest.raises(PlanError) as err:
        ScheduleEngine(Plan(calendar=cal, items=(Item("ok", start=date(2027, 1, 4)), item)))
    assert message in str(err.value)


def test_a_chain_pushed_past_the_end_names_the_item_that_falls_out():
    a = Item("a", start=date(2900, 1, 1), duration=20_000)
    b = Item("b", start=date(2900, 1, 1), duration=10)
    plan = Plan(items=(a, b), dependencies=(Dependency("a", "b", "FS", 10_000),))
    with pytest.raises(PlanError, match="item 'b': its finish would fall after 2999-12-31"):
        schedule_plan(plan)


def test_an_update_that_would_push_past_the_end_is_refused_and_undone():
    a = Item("a", start=date(2027, 1, 4), duration=5)
    b = Item("b", start=date(2027, 1, 4), duration=5)
    plan = Plan(items=(a, b), dependencies=(Dependency("a", "b"),))
    eng = ScheduleEngine(plan)
    before = eng.schedule().to_dict()
    longer = plan.replace_item(dataclasses.replace(a, duration=MAX_DURATION - 10))
    eng.update_items(longer, ["a"])
    with pytest.raises(PlanError, match="item 'a': its finish would fall after"):
        eng.schedule()
    eng.update_items(plan, ["a"])
    assert eng.schedule().to_dict() == before
