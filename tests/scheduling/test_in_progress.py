"""Items in progress (an actual start, not done), as DESIGN.md's contract says: they
start on their actual start and keep their duration; start bounds (FS, SS) no longer
apply, and a finish bound (FF, SF) they would break is a conflict."""

import dataclasses
from datetime import date

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import plans

from planner.domain.model import CalendarSpec, Dependency, Item, Plan
from planner.scheduling.propagate import ScheduleEngine, schedule_plan

MON = date(2027, 1, 4)


def _plan(items, deps=()):
    return Plan("P", CalendarSpec(), (), (), tuple(items), tuple(deps))


def _row(sched, item_id):
    return next(r for r in sched.to_dict()["items"] if r["id"] == item_id)


def test_an_item_in_progress_starts_on_its_actual_start_despite_a_start_bound():
    # A (Mon-Fri) FS-> B; B was started on Wednesday, before A finished: it stays there.
    plan = _plan(
        [
            Item("a", start=MON, duration=5),
            Item("b", start=date(2027, 1, 11), duration=3, actual_start=date(2027, 1, 6)),
        ],
        [Dependency("a", "b", "FS", 0)],
    )
    sched = schedule_plan(plan)
    b = _row(sched, "b")
    assert (b["start"], b["finish"]) == ("2027-01-06", "2027-01-08")
    assert b["driver"] == {"kind": "started"}
    assert sched.violations == ()  # a start bound it no longer meets is no conflict


def test_a_planned_start_bound_is_ignored_too():
    # its own planned start (next week) no longer applies either
    plan = _plan([Item("b", start=date(2027, 1, 18), duration=2, actual_start=MON)])
    assert _row(schedule_plan(plan), "b")["start"] == "2027-01-04"


def test_a_broken_finish_bound_is_a_conflict_and_the_item_does_not_move():
    # A Mon-Fri FF-> B (3 days from Mon, finishing Wed): B's finish would have to be Fri.
    plan = _plan(
        [Item("a", start=MON, duration=5), Item("b", start=MON, duration=3, actual_start=MON)],
        [Dependency("a", "b", "FF", 0)],
    )
    sched = schedule_plan(plan)
    assert (_row(sched, "b")["start"], _row(sched, "b")["finish"]) == ("2027-01-04", "2027-01-06")
    (v,) = sched.violations
    assert v.to_dict() == {"kind": "conflict", "item": "b", "pred": "a", "days": 2}
    assert v.describe() == "b is in progress but a pushes its finish 2 working days later"


def test_a_finish_bound_it_meets_is_no_conflict():
    plan = _plan(
        [Item("a", start=MON, duration=2), Item("b", start=MON, duration=3, actual_start=MON)],
        [Dependency("a", "b", "SF", 2)],
    )
    assert schedule_plan(plan).violations == ()


def test_a_milestone_is_never_in_progress():
    m = Item("m", kind="milestone", start=date(2027, 1, 8), duration=0, actual_start=MON)
    assert not m.in_progress
    assert _row(schedule_plan(_plan([m])), "m")["driver"] == {"kind": "planned"}


def test_its_slack_is_how_much_longer_it_can_take():
    # B in progress Mon-Wed, deadline Fri: it can take 2 more days
    b = Item("b", start=MON, duration=3, actual_start=MON, deadline=date(2027, 1, 8))
    sched = schedule_plan(_plan([b, Item("c", start=MON, duration=10)]))
    assert _row(sched, "b")["total_slack"] == 2


SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _worse(before, after):
    """Did ``after`` miss a deadline or conflict more than ``before``, or end later?"""
    was = {(v.kind, v.item, v.pred): v.days for v in before.violations}
    for v in after.violations:
        if v.days > was.get((v.kind, v.item, v.pred), 0):
            return True
    return int(after.finish.max()) > int(before.finish.max())


@SETTINGS
@given(plans(max_items=9), st.data())
def test_total_slack_is_the_longest_slip_that_harms_nothing(plan, data):
    """Brute force: slip one item k days (a free item starts later, one in progress takes
    longer); its total slack is the largest k that misses no deadline, breaks no fixed
    item and does not move the plan's end."""
    it = data.draw(st.sampled_from(plan.items))
    assume(not it.done and not it.locked)
    base = schedule_plan(plan)
    assume(base.violations == ())
    slack = int(base.total_slack[base.index[it.id]])
    s, _f = base.points(it.id)

    def slipped(k):
        if it.in_progress:
            new = dataclasses.replace(it, duration=it.duration + k)
        else:  # pin its scheduled start, then move it k days
            cal = ScheduleEngine(plan).calendar
            day = cal.date_of(s + k - (1 if it.is_milestone else 0))
            new = dataclasses.replace(it, start=day)
        return schedule_plan(plan.replace_item(new))

    assert not _worse(base, slipped(slack))
    assert _worse(base, slipped(slack + 1))
