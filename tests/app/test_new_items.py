"""New items on a clicked day in a lane (planner/app/new_items.py) and the items a new
link may join (planner/app/link_choices.py), without Qt."""

from datetime import date

import pytest
from conftest import memory_session

from planner.app.link_choices import link_candidates
from planner.app.new_items import new_item_at
from planner.domain.errors import PlanError
from planner.domain.model import Dependency, Item, Plan, Team

MON = date(2027, 1, 4)
PLAN = Plan(
    "P",
    teams=(Team("a", "A"), Team("b", "B"), Team("c", "C")),
    items=(
        Item("t", "Task", "a", start=MON, duration=5),
        Item("u", "Later", "b", start=MON, duration=2),
        Item("v", "Last of A", "a", start=MON, duration=2),
        Item("w", "Free", None, start=MON, duration=1),
        Item("x", "After u", "b", start=MON, duration=1),
    ),
    # t -> u -> x, and v -> u: x waits for u, u for t and v
    dependencies=(Dependency("t", "u"), Dependency("u", "x"), Dependency("v", "u")),
)


@pytest.fixture
def session():
    s = memory_session(PLAN)
    yield s
    s.close()


def test_a_new_item_goes_into_its_lane_on_the_next_working_day(session):
    edit = new_item_at(session, "task", "a", date(2027, 1, 9))  # a Saturday
    assert (edit.item.team, edit.item.start, edit.item.duration) == ("a", date(2027, 1, 11), 5)
    assert edit.position == 3  # after v, the lane's last item
    assert edit.item.title == "New task" and not session.plan.has_item(edit.item.id)
    ms = new_item_at(session, "milestone", "b", date(2027, 1, 6))
    assert (ms.item.kind, ms.item.start, ms.item.duration, ms.position) == (
        "milestone", date(2027, 1, 6), 0, 5
    )  # fmt: skip
    assert new_item_at(session, "task", "c", MON).position is None  # an empty lane: the end
    assert new_item_at(session, "task", None, MON).position == 4  # "No team", after w
    session.apply(edit)
    assert [it.id for it in session.plan.items if it.team == "a"] == ["t", "v", edit.item.id]


def test_a_day_outside_the_calendar_is_refused(session):
    with pytest.raises(PlanError, match="outside the calendar"):
        new_item_at(session, "task", "a", date(3000, 1, 1))


def test_link_candidates_close_no_cycle_and_repeat_no_link():
    # u waits for t and v; x waits for u: u can't wait for x (a cycle) nor again for t, v
    assert link_candidates(PLAN, "u", waits_for=True) == ["w"]
    # what may wait for u: not t or v (they come before it), not x (it already does)
    assert link_candidates(PLAN, "u", waits_for=False) == ["w"]
    assert link_candidates(PLAN, "t", waits_for=True) == ["v", "w"]  # not u, x: after t
    assert link_candidates(PLAN, "x", waits_for=False) == ["w"]  # all others come first
    assert link_candidates(PLAN, "w", waits_for=True) == ["t", "u", "v", "x"]
    with pytest.raises(PlanError, match="'nope'"):
        link_candidates(PLAN, "nope", waits_for=True)
