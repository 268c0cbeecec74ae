"""Drags and nudges in edits and dates (planner/app/dragging.py), without Qt."""

from datetime import date

import pytest
from conftest import memory_session

from planner.app.dragging import ItemDrag, nudge
from planner.domain.edits import MoveItem, SetDuration
from planner.domain.errors import PlanError
from planner.domain.model import Dependency, Item, Plan, Team

MON = date(2027, 1, 4)
PLAN = Plan(
    "P",
    teams=(Team("a", "A"), Team("b", "B")),
    items=(
        Item("t", "Task", "a", start=MON, duration=5),  # Mon 4 - Fri 8 Jan
        Item("m", "Milestone", "a", "milestone", date(2027, 1, 8), 0),  # Fri 8 Jan
        Item("u", "Later", "b", start=MON, duration=2, deadline=date(2027, 1, 12)),
        Item("d", "Done", "a", start=MON, duration=1, done=True),
    ),
    dependencies=(Dependency("t", "u"),),  # u waits for t: Mon 11 - Tue 12
)


@pytest.fixture
def session():
    s = memory_session(PLAN)
    yield s
    s.close()


def test_nudges_move_by_working_days_over_weekends(session):
    assert nudge(session, "t", 1) == MoveItem("t", date(2027, 1, 5))
    assert nudge(session, "t", 5) == MoveItem("t", date(2027, 1, 11))  # over the weekend
    assert nudge(session, "t", -1) == MoveItem("t", date(2027, 1, 1))  # Fri 1 Jan
    assert nudge(session, "m", 1) == MoveItem("m", date(2027, 1, 11))  # Fri -> Mon
    with pytest.raises(PlanError, match="is done"):
        nudge(session, "d", 1)


def test_a_move_drag_snaps_to_working_days_and_previews_the_push(session):
    drag = ItemDrag(session, "t", "move")
    assert not drag.to(0) and drag.edit is None
    assert drag.to(5)  # Sat 9 Jan: a task starts on the next working day
    assert drag.edit == MoveItem("t", date(2027, 1, 11))
    assert set(drag.preview.moved) == {"t", "u"}
    assert drag.preview.breaks == {"u": 5}  # u would finish Tue 19, its deadline is Tue 12
    assert not drag.to(6)  # Sun: the same edit, nothing new to draw
    assert drag.to(0) and drag.edit is None and drag.preview.moved == {}
    assert drag.points() == session.schedule.points("t")


def test_a_milestone_dragged_onto_a_weekend_lands_on_the_friday_before(session):
    drag = ItemDrag(session, "m", "move")
    drag.to(2)  # Sun 10 Jan -> the end of Fri 8: no change
    assert drag.edit is None
    drag.to(3)
    assert drag.edit == MoveItem("m", date(2027, 1, 11))


def test_a_resize_drag_sets_the_last_day(session):
    drag = ItemDrag(session, "t", "end")
    drag.to(3)  # last day Fri 8 -> Mon 11: six working days
    assert drag.edit == SetDuration("t", 6)
    drag.to(-10)  # never shorter than one day
    assert drag.edit == SetDuration("t", 1)


def test_a_done_item_cannot_be_dragged(session):
    with pytest.raises(PlanError, match="actual dates"):
        ItemDrag(session, "d", "move")


def test_previewing_leaves_the_session_as_it_was(session):
    before = {i: session.schedule.points(i) for i in session.schedule.ids}
    drag = ItemDrag(session, "t", "move")
    for days in (3, 7, -4, 12):
        drag.to(days)
    assert {i: session.schedule.points(i) for i in session.schedule.ids} == before
    assert session.plan == PLAN


def test_a_new_item_goes_after_the_selected_one_in_its_team(session):
    from planner.app.new_items import new_item_edit

    edit = new_item_edit(session, "task", "t", MON)
    assert edit.item.team == "a" and edit.item.start == date(2027, 1, 11)  # after Fri 8
    assert edit.position == 1 and edit.item.id == "task-5"
    first = new_item_edit(session, "milestone", None, date(2027, 1, 9))  # a Saturday
    assert first.item.start == date(2027, 1, 11) and first.item.team == "a"
