"""PlanSession: apply -> Changes, undo by inverse, slips and their notices."""

from datetime import date, timedelta

import numpy as np
import pytest
from conftest import memory_session
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import plans

from planner.app.session import PlanSession
from planner.app.slips import RecordSlip
from planner.domain.edits import AddDependency, MoveItem, RemoveItem, SetDuration, UpdateItem
from planner.domain.errors import CycleError, PlanError
from planner.domain.model import Dependency
from planner.storage.repository import PlanRepository

TODAY = date(2026, 11, 22)


@pytest.fixture
def session(contract_plan):
    return memory_session(contract_plan)


def snapshot(s):
    sc = s.schedule
    return (
        sc.start.copy(),
        sc.finish.copy(),
        sc.driver_edge.copy(),
        sc.total_slack.copy(),
        sc.violations,
    )


def same(a, b):
    return all(np.array_equal(x, y) for x, y in zip(a[:4], b[:4], strict=True)) and a[4] == b[4]


def test_slip_contract_example_notices(session):
    changes = session.apply(RecordSlip("A", 3, "vendor sandbox down", TODAY))
    got = {n.team: [i["id"] for i in n.body["items"]] for n in changes.notices}
    assert got == {"be": ["A", "M", "M2"], "web": ["B", "C", "G"], "mobile": ["E"]}
    items = {i["id"]: i for n in changes.notices for i in n.body["items"]}
    assert all(i["shift"] == 3 for i in items.values())
    assert items["E"]["chain"] == ["A", "C", "E"]
    assert items["A"]["role"] == "slip" and items["M"]["role"] == "pushed"
    assert all(n.reason == "vendor sandbox down" for n in changes.notices)
    stored = session.notices()
    assert sorted(r.team for r in stored) == ["be", "mobile", "web"]
    assert all(r.history_id == changes.history_id for r in stored)


def test_notice_content_sprint_and_deadline(session):
    changes = session.apply(RecordSlip("A", 3, "outage", TODAY))
    items = {i["id"]: i for n in changes.notices for i in n.body["items"]}
    b = items["B"]
    assert (b["old_start"], b["old_finish"]) == ("2027-01-11", "2027-01-12")
    assert (b["new_start"], b["new_finish"]) == ("2027-01-15", "2027-01-18")
    assert (b["old_sprint"], b["sprint"]) == ("Sprint 1", "Sprint 2")
    assert b["calendar_shift"] == 6
    g = items["G"]["deadline"]
    assert g["date"] == "2027-01-14" and g["late_by"] == 7 and g["status"] == "still missed"


def test_undo_restores_every_date_and_withdraws_notices(session):
    before = snapshot(session)
    session.apply(RecordSlip("A", 3, "outage", TODAY))
    session.undo()
    assert same(before, snapshot(session))
    assert session.notices() == []
    assert len(session.notices(include_withdrawn=True)) == 3
    assert session.history()[0].undone


def test_slip_in_progress_takes_longer(session):
    changes = session.apply(RecordSlip("A", 2, "scope", date(2027, 1, 6)))
    assert session.plan.item("A").duration == 7
    assert session.schedule.dates("A") == (date(2027, 1, 4), date(2027, 1, 12))
    assert changes.impact.moved[0].id == "A"


def test_slip_needs_a_reason_and_an_open_item(session):
    with pytest.raises(PlanError, match="reason is required"):
        session.apply(RecordSlip("A", 2, "  ", TODAY))
    with pytest.raises(PlanError, match="at least 1"):
        session.apply(RecordSlip("A", 0, "x", TODAY))
    session.apply(UpdateItem.of("A", done=True))
    with pytest.raises(PlanError, match="is done"):
        session.apply(RecordSlip("A", 2, "x", TODAY))


def test_slip_to_a_new_finish_date(session):
    session.apply(RecordSlip("C", None, "x", TODAY, new_finish=date(2027, 1, 19)))
    assert session.schedule.dates("C")[1] == date(2027, 1, 19)


def test_absorbed_move_produces_no_notice(session):
    # B has free slack 3 before D: moving B one day later moves nothing of another team
    changes = session.apply(MoveItem("B", date(2027, 1, 12)))
    assert changes.notices == ()
    assert changes.moved_ids == ["B"]


def test_cycle_is_refused_and_nothing_changes(session):
    before = session.plan
    with pytest.raises(CycleError) as err:
        session.apply(AddDependency(Dependency("G", "A")))
    assert err.value.cycle[0] == err.value.cycle[-1]
    assert session.plan is before
    assert session._repo.load_plan() == before


def test_structural_edit_and_its_inverse(session):
    before = session.plan
    ch = session.apply(RemoveItem("C"))
    assert ch.structural and not session.plan.has_item("C")
    session.undo()
    assert session.plan == before
    assert session._repo.load_plan() == before


def test_preview_matches_apply(session):
    edit = SetDuration("A", 9)
    preview = session.preview(edit)
    changes = session.apply(edit)
    assert set(preview.moved) == set(changes.moved_ids)
    for i, pts in preview.moved.items():
        assert session.schedule.points(i) == pts


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(), st.data())
def test_undo_restores_the_exact_schedule(plan, data):
    repo = PlanRepository.memory()
    repo.write_plan(plan)
    s = PlanSession(repo)
    before = snapshot(s)
    it = data.draw(st.sampled_from(plan.items))
    edit = MoveItem(it.id, data.draw(st.dates(date(2026, 12, 1), date(2027, 3, 1))))
    if it.kind == "task" and data.draw(st.booleans()):
        edit = SetDuration(it.id, data.draw(st.integers(1, 15)))
    s.apply(edit)
    s.undo()
    assert same(before, snapshot(s))
    assert repo.load_plan() == plan


def test_baseline_saved_and_compared(session):
    session.save_baseline("kickoff")
    session.apply(RecordSlip("A", 3, "outage", TODAY))
    diff = {row[0]: row for row in session.compare_baseline("kickoff")}
    assert set(diff) == {"A", "M", "M2", "B", "C", "G", "E"}
    assert diff["A"][1:] == (
        date(2027, 1, 4),
        date(2027, 1, 8),
        date(2027, 1, 7),
        date(2027, 1, 14),
    )
    with pytest.raises(PlanError, match="needs a name"):
        session.save_baseline(" ")


def test_a_reason_can_be_added_to_any_edit(session):
    for edit in (
        MoveItem("A", date(2027, 1, 11)),
        SetDuration("A", 4),
        UpdateItem.of("A", title="X"),
    ):
        again = edit.with_reason("team offsite")
        assert again.reason == "team offsite" and again.apply(session.plan) == edit.apply(
            session.plan
        )


def test_busy_file_refuses_the_edit_and_changes_nothing(tmp_path, contract_plan):
    import sqlite3

    from planner.domain.errors import RoadmapFileError

    path = tmp_path / "busy.roadmap"
    repo = PlanRepository.open(path, create=True)
    repo.write_plan(contract_plan)
    s = PlanSession(repo)
    repo.db.conn.execute("PRAGMA busy_timeout = 50")
    before = snapshot(s)
    other = sqlite3.connect(path)
    other.execute("BEGIN IMMEDIATE")  # another program is writing
    try:
        with pytest.raises(RoadmapFileError, match="busy"):
            s.apply(RecordSlip("A", 3, "outage", TODAY))
    finally:
        other.rollback()
        other.close()
    assert s.plan == contract_plan and same(before, snapshot(s))
    assert repo.load_plan() == contract_plan and repo.notices() == []
    s.apply(RecordSlip("A", 3, "outage", TODAY))  # and it works once the file is free
    assert s.schedule.dates("A")[0] == date(2027, 1, 7)
    s.close()


def test_drag_preview_reports_a_locked_conflict_and_restores(session):
    before = snapshot(session)
    # D (In-app purchase) already pushes the locked L by 1 day; two days later makes it 3
    start = session.schedule.dates("D")[0]
    preview = session.preview(MoveItem("D", start + timedelta(days=2)))
    assert set(preview.moved) == {"D"}
    conflict = [v for v in preview.violations if v.kind == "conflict"]
    assert [(v.item, v.pred, v.days) for v in conflict] == [("L", "D", 3)]
    assert preview.conflicts == {"L": 3}  # worse than the 1 day it is already
    assert same(before, snapshot(session))
