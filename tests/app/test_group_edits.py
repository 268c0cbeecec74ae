"""Several items as one edit (planner/app/dragging.py's GroupDrag and nudge_all,
planner/app/group_edits.py): one Batch, one preview, one undo step that restores every
date; done items stay and are named."""

import dataclasses
from datetime import date

import pytest
from app.test_dragging import PLAN as NUDGE_PLAN
from conftest import memory_session

from planner.app import group_edits
from planner.app.dragging import GroupDrag, nudge_all
from planner.domain.edits import Batch, MoveItem, RemoveItem, UpdateItem
from planner.domain.errors import PlanError
from planner.domain.model import Item

# the nudge tests' plan, and a free item in team b: Wed 6 - Fri 8
PLAN = dataclasses.replace(
    NUDGE_PLAN,
    items=(*NUDGE_PLAN.items, Item("v", "Free", "b", start=date(2027, 1, 6), duration=3)),
)


@pytest.fixture
def session():
    s = memory_session(PLAN)
    yield s
    s.close()


def dates(session):
    return {i: session.schedule.dates(i) for i in session.schedule.ids}


def test_a_group_drag_moves_every_item_by_the_same_days_each_snapped_as_one_batch(session):
    drag = GroupDrag(session, ["t", "m", "v"], "m")
    assert drag.ids == ("m", "t", "v") and drag.stays == ()
    assert not drag.to(0) and drag.edit is None
    assert drag.to(3)  # Fri 8 + 3 = Mon 11 for m; Mon 4 + 3 = Thu 7 for t; Wed 6 -> Sat: Mon
    assert isinstance(drag.edit, Batch) and drag.edit.title == "Move 3 items"
    assert set(drag.edit.edits) == {
        MoveItem("m", date(2027, 1, 11)),
        MoveItem("t", date(2027, 1, 7)),
        MoveItem("v", date(2027, 1, 11)),
    }
    # one preview for all: the three moved, and u pushed by t (its deadline broken)
    assert {"t", "m", "v", "u"} <= set(drag.preview.moved)
    assert "u" in drag.preview.breaks
    assert drag.points("v") == drag.preview.moved["v"]
    assert drag.points() == drag.preview.moved["m"]
    assert not drag.to(3)
    assert drag.to(0) and drag.edit is None and drag.preview.moved == {}


def test_a_group_drag_where_only_one_item_changes_is_that_edit(session):
    drag = GroupDrag(session, ["m", "v"], "v")
    drag.to(1)  # v Wed 6 -> Thu 7; m Fri 8 -> Sat 9, the end of Fri 8: no change
    assert drag.edit == MoveItem("v", date(2027, 1, 7))


def test_done_items_stay_and_a_done_primary_refuses(session):
    drag = GroupDrag(session, ["t", "d"], "t")
    assert drag.ids == ("t",) and drag.stays == ("d",)
    drag.to(7)
    assert drag.edit == MoveItem("t", date(2027, 1, 11))
    with pytest.raises(PlanError, match="is done"):
        GroupDrag(session, ["t", "d"], "d")


def test_one_drop_is_one_undo_step_that_restores_every_date(session):
    before = dates(session)
    drag = GroupDrag(session, ["t", "m", "v"], "t")
    drag.to(7)
    changes = session.apply(drag.edit)
    assert {"t", "m", "v", "u"} <= set(changes.moved_ids)
    after = dates(session)
    assert after["t"][0] == date(2027, 1, 11) and after["v"][0] == date(2027, 1, 13)
    assert session.undo_counts() == (1, 0)
    assert session.history()[0].label == "Move 3 items"
    session.undo()
    assert dates(session) == before and session.plan == PLAN
    session.redo()
    assert dates(session) == after


def test_nudging_several_moves_each_by_working_days_and_repeats_merge(session):
    before = dates(session)
    edit, stays = nudge_all(session, ["t", "v", "d"], 1)
    assert stays == ("d",)
    assert edit == Batch((MoveItem("t", date(2027, 1, 5)), MoveItem("v", date(2027, 1, 7))),
                         "Move 2 items")  # fmt: skip
    for _ in range(3):
        edit, _ = nudge_all(session, ["t", "v", "d"], 1)
        session.apply(edit, merge_key="nudge:t,v,d")
    assert session.plan.item("t").start == date(2027, 1, 7)  # Mon + 3 working days
    assert session.plan.item("v").start == date(2027, 1, 11)  # Wed + 3: over the weekend
    assert session.undo_counts() == (1, 0)  # three nudges, one step
    session.undo()
    assert dates(session) == before and session.plan == PLAN
    with pytest.raises(PlanError, match="are done"):
        nudge_all(session, ["d"], 1)


def test_merged_nudges_of_another_selection_are_not_one_step(session):
    session.apply(nudge_all(session, ["t", "v"], 1)[0], merge_key="nudge:t,v")
    session.apply(nudge_all(session, ["t", "m"], 1)[0], merge_key="nudge:t,m")
    assert session.undo_counts() == (2, 0)


def test_menu_edits_of_several_are_one_step_each(session):
    today = date(2027, 1, 5)
    done = group_edits.mark_done_all(session, ["t", "m", "d"], today)
    assert isinstance(done, Batch) and done.title == "Mark 2 items done"
    assert done.news == "progress"
    session.apply(done)
    assert session.plan.item("t").done and session.plan.item("m").done
    session.undo()
    assert session.plan == PLAN

    # each is locked on the dates it is scheduled on: u, held by t, on Mon 11 Jan
    lock = group_edits.lock_all(session, ["t", "u"], True)
    verb = group_edits.LOCK_VERB
    assert lock == Batch((UpdateItem("t", (("locked", True),), verb),
                          UpdateItem("u", (("locked", True), ("start", date(2027, 1, 11))), verb)),
                         "Lock 2 items")  # fmt: skip
    dates = {i: session.schedule.dates(i) for i in session.schedule.ids}
    changes = session.apply(lock)
    assert not changes.moved_ids and not session.schedule.violations
    assert {i: session.schedule.dates(i) for i in session.schedule.ids} == dates
    with pytest.raises(PlanError, match="locked already"):
        group_edits.lock_all(session, ["t", "u"], True)
    assert group_edits.lock_all(session, ["t", "m"], False) == UpdateItem.of("t", locked=False)

    team = group_edits.set_team_all(session, ["t", "u", "v"], "b")
    assert team == UpdateItem.of("t", team="b")  # u and v are in B already
    with pytest.raises(PlanError, match="unknown team"):
        group_edits.set_team_all(session, ["t"], "zz")
    both = group_edits.set_team_all(session, ["t", "m"], None)
    assert isinstance(both, Batch) and both.title == "Move 2 items to No team"

    gone = group_edits.delete_all(session, ["t", "u", "nope"])
    assert gone == Batch((RemoveItem("t"), RemoveItem("u")), "Delete 2 items")
    plan = session.plan
    session.apply(gone)
    assert not session.plan.has_item("t") and not session.plan.dependencies
    session.undo()
    assert session.plan == plan  # items back in their places, the link too
