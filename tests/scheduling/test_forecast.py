"""The evidence-based forecast (DESIGN.md, 'The iteration loop: sprint review and
forecast'): evidence per team, the degenerate cases exactly, in-progress tasks, and the
invariants on random plans."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import BASE, plans

from planner.domain.errors import PlanError
from planner.domain.model import CalendarSpec, Dependency, Item, Plan, Team
from planner.scheduling import forecast as fc_mod
from planner.scheduling.calendar import WorkCalendar
from planner.scheduling.forecast import (
    Forecast,
    forecast_plan,
    task_ratio,
    team_evidence,
)
from planner.scheduling.propagate import ScheduleEngine, schedule_plan

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MON = date(2027, 1, 4)  # a Monday; the calendar is Mon-Fri
CAL = WorkCalendar(CalendarSpec())
TEAMS = (Team("be", "Backend"), Team("web", "Web"))


def day(k: int) -> date:
    """The k-th working day from MON (0 = MON)."""
    return CAL.date_of(CAL.start_index(MON) + k)


def done_task(item_id: str, team: str | None, estimate: int, took: int, at: int = -40) -> Item:
    """A done task of ``estimate`` days that took ``took`` working days, long before MON."""
    return Item(item_id, team=team, start=day(at), duration=estimate, done=True,
                actual_start=day(at), actual_finish=day(at + took - 1))  # fmt: skip


def history(team: str | None, pairs: list[tuple[int, int]], prefix: str = "h") -> list[Item]:
    return [done_task(f"{prefix}{team}{k}", team, e, t) for k, (e, t) in enumerate(pairs)]


def plan_of(items: list[Item], deps: list[Dependency] = ()) -> Plan:  # type: ignore[assignment]
    return Plan("P", CalendarSpec(), TEAMS, (), tuple(items), tuple(deps))


def doubled(plan: Plan) -> Plan:
    """Every task not done takes twice as long."""
    return plan.with_items(
        dataclasses.replace(it, duration=2 * it.duration)
        if it.kind == "task" and not it.done
        else it
        for it in plan.items
    )


def future_work() -> tuple[list[Item], list[Dependency]]:
    """Work not started yet, every dependency type, milestones and deadlines."""
    items = [
        Item("a", team="be", start=day(0), duration=3),
        Item("b", team="be", start=day(0), duration=5, deadline=day(12)),
        Item("c", team="web", start=day(2), duration=2),
        Item("m1", team="be", kind="milestone", start=day(0), duration=0),
        Item("d", team="web", start=day(1), duration=4, deadline=day(30)),
        Item("m2", team=None, kind="milestone", start=day(0), duration=0, deadline=day(20)),
        Item("e", team=None, start=day(0), duration=1),
    ]
    deps = [
        Dependency("a", "b", "FS", 1),
        Dependency("a", "c", "SS", 2),
        Dependency("b", "m1", "FS"),
        Dependency("c", "d", "FF", 1),
        Dependency("m1", "m2", "FS", 0),
        Dependency("d", "m2", "FS", -1),
        Dependency("e", "d", "SF", 3),
    ]
    return items, deps


def finish_days(plan: Plan, ids: list[str]) -> dict[str, date]:
    s = schedule_plan(plan)
    return {i: s.dates(i)[1] for i in ids}


# -- evidence ----------------------------------------------------------------------------
def test_a_ratio_is_actual_working_days_over_the_estimate_else_the_duration():
    # Mon to the next Tue: 7 working days over an estimate of 5
    t = done_task("t", "be", 5, 7, at=0)
    assert task_ratio(t, CAL) == pytest.approx(1.4)
    assert task_ratio(dataclasses.replace(t, duration=9, estimate=5), CAL) == pytest.approx(1.4)
    assert task_ratio(dataclasses.replace(t, estimate=0), CAL) is None
    assert task_ratio(dataclasses.replace(t, actual_finish=None), CAL) is None
    assert task_ratio(dataclasses.replace(t, done=False), CAL) is None
    weekend = dataclasses.replace(t, actual_start=date(2027, 1, 9), actual_finish=date(2027, 1, 10))
    assert task_ratio(weekend, CAL) is None  # a Saturday to a Sunday: no working day


def test_a_team_with_fewer_than_3_uses_the_plans_ratios_and_a_plan_with_fewer_ratio_1():
    items = history("be", [(2, 4), (2, 2), (4, 6)]) + history("web", [(1, 3)])
    ev = team_evidence(plan_of(items), CAL)
    assert ev["be"].source == "team" and ev["be"].ratios == (2.0, 1.0, 1.5)
    assert ev["web"].source == "plan" and sorted(ev["web"].ratios) == [1.0, 1.5, 2.0, 3.0]
    assert ev[None].source == "plan" and ev[None].own == 0
    few = team_evidence(plan_of(history("be", [(2, 4), (2, 2)])), CAL)
    assert {e.source for e in few.values()} == {"none"} and few["be"].ratios == (1.0,)


def test_the_explanation_says_where_the_spread_comes_from():
    items = history("be", [(2, 4), (2, 2), (4, 6), (1, 1)]) + history("web", [(1, 3)])
    items.append(Item("w", team="web", start=day(0), duration=2))
    items.append(Item("x", team="be", start=day(0), duration=2))
    plan = plan_of(items)
    lines = forecast_plan(plan, MON).explain(plan)
    assert lines == (
        "Backend's 4 done tasks took 1.2× their estimate at the median (1.0×–2.0×)",
        "Web has fewer than 3 done tasks (1): using the whole plan's 5",
    )
    bare = plan_of([Item("x", team="be", start=day(0), duration=2)])
    assert forecast_plan(bare, MON).explain(bare) == (
        "No done tasks with actual dates yet: the forecast is the schedule",
    )
    two = plan_of([*history("be", [(2, 4), (2, 2)]), Item("x", team="be", duration=2)])
    assert forecast_plan(two, MON).explain(two) == (
        "Only 2 done tasks with actual dates (fewer than 3): the forecast is the schedule",
    )
    finished = plan_of([*history("be", [(2, 4)] * 3), Item("m", kind="milestone", duration=0)])
    assert forecast_plan(finished, MON).explain(finished) == (
        "No tasks left to do: the forecast is the schedule",
    )


# -- the degenerate cases, exactly -------------------------------------------------------
def test_every_ratio_2_gives_the_schedule_of_the_plan_with_durations_doubled():
    items, deps = future_work()
    plan = plan_of(history("be", [(2, 4)] * 3) + history("web", [(3, 6)] * 4) + items, deps)
    fc = forecast_plan(plan, MON, runs=200)
    want = finish_days(doubled(plan), [f.id for f in fc.items])
    assert {f.id for f in fc.items} == {"b", "m1", "d", "m2"}
    for f in fc.items:
        assert f.p50 == f.p80 == want[f.id], f.id
    assert want != finish_days(plan, list(want))  # doubling moved them


def test_fewer_than_3_done_tasks_in_the_plan_is_the_current_schedule():
    items, deps = future_work()
    plan = plan_of(history("be", [(2, 7), (2, 1)]) + items, deps)
    fc = forecast_plan(plan, MON, runs=50)
    want = finish_days(plan, [f.id for f in fc.items])
    sched = schedule_plan(plan)
    for f in fc.items:
        assert f.p50 == f.p80 == want[f.id]
        it = plan.item(f.id)
        finish = int(sched.finish[sched.pos(f.id)])
        late = it.deadline is not None and finish > CAL.end_point(it.deadline)
        assert f.on_time == (None if it.deadline is None else (0.0 if late else 1.0))


def test_a_team_with_too_few_done_tasks_draws_from_the_whole_plan():
    # Web has one done task (ratio 1); the plan's ratios are all 3: Web's work triples.
    items = history("be", [(1, 3)] * 3) + history("web", [(1, 1)])
    items += [Item("w", team="web", start=day(0), duration=2),
              Item("wm", team="web", kind="milestone", start=day(0), duration=0)]  # fmt: skip
    plan = plan_of(items, [Dependency("w", "wm")])
    ratios = sorted(team_evidence(plan, CAL)["web"].ratios)
    assert ratios == [1.0, 3.0, 3.0, 3.0]
    fc = forecast_plan(plan, MON, runs=400, seed=7)
    [f] = fc.items
    # w takes 2 days (ratio 1, a quarter of runs) or 6: P50 and P80 are 6 days
    assert f.p50 == f.p80 == day(5)


def test_ratios_are_rounded_up_exactly():
    # 29/7 in floating point times 7 is 29.000000000000004: still 29 days, not 30
    items = [
        *history("be", [(7, 29)] * 3),
        Item("t", team="be", start=day(0), duration=7),
        Item("m", team="be", kind="milestone", start=day(0), duration=0),
    ]
    plan = plan_of(items, [Dependency("t", "m")])
    assert forecast_plan(plan, MON).items[0].p50 == day(28)
    items[-2] = dataclasses.replace(items[-2], duration=2)  # 8.29 -> 9
    assert forecast_plan(plan_of(items, [Dependency("t", "m")]), MON).items[0].p50 == day(8)
    # the same when drawn among other ratios (t takes 7 days in a quarter of the runs)
    spread = [*items[:3], done_task("h4", "be", 1, 1), *items[3:]]
    spread[-2] = dataclasses.replace(spread[-2], duration=7)
    f = forecast_plan(plan_of(spread, [Dependency("t", "m")]), MON, runs=400).items[0]
    assert f.p80 == day(28)


# -- spread, percentiles, on time --------------------------------------------------------
def spread_plan() -> Plan:
    """Backend took as long as estimated twice and three times as long twice."""
    items = [
        *history("be", [(2, 2), (2, 2), (2, 6), (2, 6)]),
        Item("t", team="be", start=day(0), duration=2),
        Item("m", team="be", kind="milestone", start=day(0), duration=0, deadline=day(3)),
    ]
    return plan_of(items, [Dependency("t", "m")])


def test_percentiles_by_nearest_rank_and_the_share_of_runs_on_time():
    fc = forecast_plan(spread_plan(), MON, runs=1000, seed=3)
    [f] = fc.items
    # t takes 2 days (m on day 1) or 6 (m on day 5), each in about half the runs
    assert f.p50 in (day(1), day(5)) and f.p80 == day(5)
    assert 0.45 <= f.on_time <= 0.55
    one = forecast_plan(spread_plan(), MON, runs=1, seed=3).items[0]
    assert one.p50 == one.p80 and one.on_time in (0.0, 1.0)


@pytest.mark.parametrize(("p", "runs", "index"), [(50, 1, 0), (80, 1, 0), (50, 5, 2),
                                                  (80, 5, 3), (50, 1000, 499), (80, 1000, 799),
                                                  (50, 999, 499), (80, 999, 799)])  # fmt: skip
def test_nearest_rank(p, runs, index):
    assert fc_mod._nearest_rank(p, runs) == index


def test_the_same_seed_gives_the_same_forecast_and_another_seed_may_not():
    plan = spread_plan()
    assert forecast_plan(plan, MON, 101, seed=5) == forecast_plan(plan, MON, 101, seed=5)
    results = {forecast_plan(plan, MON, 5, seed=s).items[0] for s in range(12)}
    assert len(results) > 1


def test_chunks_of_runs_do_not_change_the_result(monkeypatch):
    items, deps = future_work()
    plan = plan_of(history("be", [(2, 1), (2, 5), (3, 4)]) + history("web", [(1, 2)] * 2 + [(4, 3)])
                   + items, deps)  # fmt: skip
    whole = forecast_plan(plan, MON, runs=300, seed=11)
    monkeypatch.setattr(fc_mod, "MEMORY_BUDGET", 1)  # one run at a time
    assert forecast_plan(plan, MON, runs=300, seed=11) == whole


def test_json_shape():
    fc = forecast_plan(spread_plan(), MON, runs=20, seed=2)
    d = fc.to_dict()
    assert list(d) == ["runs", "seed", "items"] and (d["runs"], d["seed"]) == (20, 2)
    [row] = d["items"]
    assert list(row) == ["id", "p50", "p80", "on_time"] and row["id"] == "m"
    date.fromisoformat(row["p50"])
    assert isinstance(fc, Forecast) and fc.get("m") == fc.items[0] and fc.get("t") is None


def test_done_items_are_not_reported_and_keep_their_dates():
    x = done_task("x", "be", 2, 2, at=0)
    items = [
        *history("be", [(2, 6)] * 3),
        Item("m0", team="be", kind="milestone", start=day(0), duration=0, done=True),
        dataclasses.replace(x, deadline=day(9)),
        Item("m", team="be", kind="milestone", start=day(0), duration=0),
    ]
    plan = plan_of(items, [Dependency("x", "m")])
    fc = forecast_plan(plan, MON)
    assert [f.id for f in fc.items] == ["m"]
    assert fc.items[0].p50 == day(1)  # x is done: its 3x evidence does not stretch it


# -- tasks in progress -------------------------------------------------------------------
def test_a_task_in_progress_stretches_only_what_is_left_from_today():
    hist = history("be", [(2, 4)] * 3)  # ratio 2
    started = Item("s", team="be", start=day(0), duration=10, actual_start=day(0))
    m = Item("m", team="be", kind="milestone", start=day(0), duration=0)
    plan = plan_of([*hist, started, m], [Dependency("s", "m")])
    today = day(6)  # 6 days worked, 4 left: 8 with ratio 2 -> finishes on day 13
    assert forecast_plan(plan, today).items[0].p50 == day(13)
    # scheduled to start on or before today without an actual start: in progress too
    begun = dataclasses.replace(started, actual_start=None)
    plan2 = plan_of([*hist, begun, m], [Dependency("s", "m")])
    assert forecast_plan(plan2, today).items[0].p50 == day(13)
    # today past its scheduled finish: nothing left to stretch
    assert forecast_plan(plan, day(20)).items[0].p50 == day(9)
    # not started yet: the whole duration doubles
    assert forecast_plan(plan2, day(-5)).items[0].p50 == day(19)


# -- refusals ----------------------------------------------------------------------------
@pytest.mark.parametrize("runs", [0, -1, 100_001])
def test_runs_out_of_range_are_refused(runs):
    with pytest.raises(PlanError, match="runs must be 1 to 100,000"):
        forecast_plan(spread_plan(), MON, runs=runs)


def test_a_negative_seed_is_refused():
    with pytest.raises(PlanError, match="seed"):
        forecast_plan(spread_plan(), MON, seed=-1)


def test_a_forecast_past_the_calendar_is_one_line_naming_the_item():
    hist = [done_task(f"h{k}", "be", 1, 25_000, at=-30_000) for k in range(3)]
    items = [*hist, Item("t", team="be", start=day(0), duration=50),
             Item("m", team="be", kind="milestone", start=day(0), duration=0)]  # fmt: skip
    with pytest.raises(PlanError, match="item 'm': its forecast finish would fall after 2999"):
        forecast_plan(plan_of(items, [Dependency("t", "m")]), MON)


def test_progress_is_told_in_runs():
    class Recorder:
        def __init__(self) -> None:
            self.total = 0
            self.units = 0

        def step(self, label: str, total: int = 0) -> None:
            self.total = total or self.total

        def advance(self, units: int = 1) -> None:
            self.units += units

        def done(self) -> None:
            pass

    rec = Recorder()
    forecast_plan(spread_plan(), MON, runs=250, progress=rec)
    assert rec.total == rec.units == 250


def test_an_engine_given_is_used_and_left_as_it_was():
    plan = spread_plan()
    eng = ScheduleEngine(plan)
    before = eng.start_a.copy(), eng.dur_a.copy()
    assert forecast_plan(plan, MON, 99, 4, engine=eng) == forecast_plan(plan, MON, 99, 4)
    assert np.array_equal(eng.start_a, before[0]) and np.array_equal(eng.dur_a, before[1])


# -- the vectorised pass is the scheduler's forward rule ---------------------------------
@SETTINGS
@given(plans(), st.lists(st.integers(1, 3), min_size=1, max_size=4), st.integers(0, 2**32))
def test_every_run_is_the_schedule_of_its_durations(plan, factors, seed):
    """Run the vectorised pass on random durations and compare each run with the
    scheduler on a plan holding that run's durations."""
    eng = ScheduleEngine(plan)
    rng = np.random.default_rng(seed)
    runs = len(factors)
    tasks = [v for v, it in enumerate(plan.items) if it.kind == "task" and not it.done]
    dur = np.repeat(eng.dur_a.astype(np.int32)[:, None], runs, axis=1)
    for r, f in enumerate(factors):
        for v in tasks:
            dur[v, r] = int(eng.dur_a[v]) * f + int(rng.integers(0, 2))
    levels = fc_mod._levels(eng)
    every = np.arange(len(plan.items))
    got = fc_mod._forward(len(plan.items), eng.planned_a.astype(np.int32)[:, None], dur,
                          levels, every)  # fmt: skip
    for r in range(runs):
        items = [
            dataclasses.replace(it, duration=int(dur[v, r])) if v in tasks else it
            for v, it in enumerate(plan.items)
        ]
        want = schedule_plan(plan.with_items(items)).finish
        assert np.array_equal(got[:, r], want), r


# -- invariants on random plans with history ---------------------------------------------
@st.composite
def plans_with_history(draw):
    plan = draw(plans())
    hist = []
    for k in range(draw(st.integers(0, 9))):
        estimate, took = draw(st.integers(1, 6)), draw(st.integers(1, 12))
        team = draw(st.sampled_from([None, "a", "b", "c"]))
        at = -draw(st.integers(20, 60))
        first = BASE + timedelta(days=at)
        last = first + timedelta(days=took)
        hist.append(
            Item(f"h{k}", team=team, start=first, duration=estimate, done=True,
                 actual_start=first, actual_finish=last)
        )  # fmt: skip
    return plan.with_items(hist + list(plan.items))


@SETTINGS
@given(plans_with_history(), st.integers(1, 60), st.integers(0, 1000), st.integers(-5, 40))
def test_p50_never_after_p80_on_time_a_share_and_the_same_seed_the_same(plan, runs, seed, k):
    today = BASE + timedelta(days=k)
    fc = forecast_plan(plan, today, runs, seed)
    for f in fc.items:
        assert f.p50 <= f.p80
        assert f.on_time is None or 0.0 <= f.on_time <= 1.0
        assert (f.on_time is None) == (plan.item(f.id).deadline is None)
    assert forecast_plan(plan, today, runs, seed) == fc
    wanted = {it.id for it in plan.items if not it.done and (it.is_milestone or it.deadline)}
    assert {f.id for f in fc.items} == wanted
