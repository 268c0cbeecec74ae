"""Invariants of the scheduler on random plans (hypothesis)."""

import dataclasses
import itertools
from datetime import timedelta

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import plans

from planner.scheduling.calendar import WorkCalendar
from planner.scheduling.propagate import ScheduleEngine, item_timing, item_timings

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def bound(dep_type, ps, pf, lag, dur_s):
    """Lowest allowed start of the successor."""
    return {
        "FS": pf + lag,
        "SS": ps + lag,
        "FF": pf + lag - dur_s,
        "SF": ps + lag - dur_s,
    }[dep_type]


@SETTINGS
@given(plans())
def test_bounds_hold_and_nothing_starts_before_its_plan(plan):
    eng = ScheduleEngine(plan)
    s = eng.schedule()
    for it in plan.items:
        if it.locked or it.done or it.in_progress:
            continue
        st_, fi = s.points(it.id)
        planned = item_timing(it, eng.calendar).planned
        assert st_ >= planned
        lows = [planned]
        for d in plan.dependencies:
            if d.succ == it.id:
                ps, pf = s.points(d.pred)
                lows.append(bound(d.type, ps, pf, d.lag, fi - st_))
                assert st_ >= lows[-1]
        assert st_ == max(lows)  # as early as allowed: no item is pushed further than needed


@SETTINGS
@given(plans())
def test_numpy_and_python_passes_agree(plan):
    a = ScheduleEngine(plan, mode="python").schedule()
    b = ScheduleEngine(plan, mode="numpy").schedule()
    for name in ("start", "finish", "driver_edge", "total_slack", "free_slack"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert a.violations == b.violations


@SETTINGS
@given(plans(), st.data())
def test_incremental_equals_full_after_any_edits(plan, data):
    eng = ScheduleEngine(plan, mode=data.draw(st.sampled_from(["python", "numpy"])))
    snapshots = [eng.schedule()] if data.draw(st.booleans()) else []
    for _ in range(data.draw(st.integers(1, 6))):
        it = data.draw(st.sampled_from(plan.items))
        change = data.draw(
            st.sampled_from(["start", "duration", "locked", "done", "deadline", "started"])
        )
        if change == "start":
            new = dataclasses.replace(
                it, start=it.start + timedelta(days=data.draw(st.integers(-9, 9)))
            )
        elif change == "duration" and it.kind == "task":
            new = dataclasses.replace(it, duration=data.draw(st.integers(1, 12)))
        elif change == "locked":
            new = dataclasses.replace(it, locked=not it.locked)
        elif change == "done":
            new = dataclasses.replace(it, done=not it.done)
        elif change == "started":
            began = (
                None
                if it.actual_start
                else it.start + timedelta(days=data.draw(st.integers(-3, 3)))
            )
            new = dataclasses.replace(it, actual_start=began)
        else:
            new = dataclasses.replace(it, deadline=it.start + timedelta(days=3))
        plan = plan.replace_item(new)
        eng.update_items(plan, [it.id])
        if data.draw(st.booleans()):  # slack and violations brought up to date midway
            snapshots.append(eng.schedule())
            _same_as_full(snapshots[-1], plan, eng.mode)
        if data.draw(st.booleans()):  # a drag preview in between changes nothing
            v = data.draw(st.integers(0, len(plan.items) - 1))
            t = eng.timing_of_pos(v)
            eng.preview([(v, dataclasses.replace(t, planned=t.planned + 3))])
    snapshots.append(eng.schedule())
    _same_as_full(snapshots[-1], plan, eng.mode)
    # each snapshot knows which violations appeared and went away since the one before,
    # and says the same as comparing the two in full
    for a, b in itertools.pairwise(snapshots):
        was, now = set(a.violations), set(b.violations)
        added, resolved = b.violations_since(a)
        assert set(added) == now - was and set(resolved) == was - now


def _same_as_full(inc, plan, mode):
    full = ScheduleEngine(plan, mode=mode).schedule()
    for name in ("start", "finish", "driver_edge", "total_slack", "free_slack"):
        assert np.array_equal(getattr(inc, name), getattr(full, name)), name
    assert inc.violations == full.violations


@SETTINGS
@given(plans(), st.data())
def test_preview_leaves_the_engine_unchanged(plan, data):
    eng = ScheduleEngine(plan)
    before = eng.schedule()
    v = data.draw(st.integers(0, len(plan.items) - 1))
    t = eng.timing_of_pos(v)
    _moved, _ = eng.preview(
        [(v, dataclasses.replace(t, planned=t.planned + data.draw(st.integers(-5, 9))))]
    )
    after = eng.schedule()
    assert np.array_equal(before.start, after.start)
    assert np.array_equal(before.driver_edge, after.driver_edge)
    assert np.array_equal(before.total_slack, after.total_slack)


@SETTINGS
@given(plans())
def test_timings_made_a_column_at_a_time_are_each_items_timing(plan):
    cal = WorkCalendar(plan.calendar)
    one_by_one = [item_timing(it, cal) for it in plan.items]
    assert item_timings(plan.items, cal) == (
        [t.planned for t in one_by_one], [t.duration for t in one_by_one],
        [t.fixed for t in one_by_one], [t.deadline for t in one_by_one],
    )  # fmt: skip
