"""Every edit the session accepts leaves a file that opens again as the same plan.

Random sequences of every edit type (some of them meant to be refused) are applied to a
session on a real roadmap file; after each one the file is reopened and must hold
exactly the session's plan. A refused edit must change nothing, in memory or on disk.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import BASE, plans

from planner.app.session import PlanSession
from planner.app.slips import RecordSlip
from planner.domain.edits import (
    AddDependency,
    AddItem,
    Batch,
    MoveItem,
    RemoveDependency,
    RemoveItem,
    RenamePlan,
    SetCalendar,
    SetDuration,
    SetSprints,
    SetTeams,
    UpdateDependency,
    UpdateItem,
)
from planner.domain.errors import PlanError
from planner.domain.model import CalendarSpec, Dependency, Item, Plan, Sprint, Team
from planner.storage.repository import PlanRepository

TODAY = date(2027, 1, 20)
TEAM_IDS = ["a", "b", "c", "d", "zz"]  # "zz" never exists: edits that use it are refused
TEXT = st.text(st.characters(codec="utf-8"), max_size=12)


def _day(draw):
    return BASE + timedelta(days=draw(st.integers(-10, 80)))


def _item_id(draw, plan: Plan) -> str:
    ids = [it.id for it in plan.items] + ["nope"]
    return draw(st.sampled_from(ids))


def _dependency(draw, plan: Plan) -> Dependency:
    return Dependency(
        _item_id(draw, plan),
        _item_id(draw, plan),
        draw(st.sampled_from(["FS", "SS", "FF", "SF"])),
        draw(st.integers(-3, 5)),
    )


def _update(draw, plan: Plan):
    field = draw(
        st.sampled_from(
            ["title", "team", "kind", "start", "duration", "deadline", "locked", "done",
             "actual_start", "actual_finish", "progress", "notes"]
        )
    )  # fmt: skip
    value = {
        "title": lambda: draw(TEXT),
        "notes": lambda: draw(TEXT),
        "team": lambda: draw(st.sampled_from([None, *TEAM_IDS])),
        "kind": lambda: draw(st.sampled_from(["task", "milestone"])),
        "start": lambda: _day(draw),
        "duration": lambda: draw(st.integers(-1, 30)),
        "deadline": lambda: draw(st.none() | st.just(_day(draw))),
        "locked": lambda: draw(st.booleans()),
        "done": lambda: draw(st.booleans()),
        "actual_start": lambda: draw(st.none() | st.just(_day(draw))),
        "actual_finish": lambda: draw(st.none() | st.just(_day(draw))),
        "progress": lambda: draw(st.integers(-5, 120)),
    }[field]()
    return UpdateItem.of(_item_id(draw, plan), **{field: value})


def _teams(draw, plan: Plan) -> SetTeams:
    ids = draw(st.lists(st.sampled_from(TEAM_IDS[:4]), max_size=4))
    return SetTeams(tuple(Team(i, draw(TEXT) or i) for i in ids))


def _sprints(draw, plan: Plan) -> SetSprints:
    out = []
    for n in range(draw(st.integers(0, 3))):
        start = _day(draw)
        out.append(
            Sprint(
                f"S{n}",
                start,
                start + timedelta(days=draw(st.integers(-2, 14))),
                draw(st.sampled_from([None, *TEAM_IDS])),
            )
        )
    return SetSprints(tuple(out))


def _add_item(draw, plan: Plan) -> AddItem:
    kind = draw(st.sampled_from(["task", "milestone"]))
    new_id = draw(st.sampled_from(["n1", "n2", "n3", *[it.id for it in plan.items[:1]]]))
    item = Item(
        new_id,
        draw(TEXT),
        draw(st.sampled_from([None, *TEAM_IDS])),
        kind,
        _day(draw),
        0 if kind == "milestone" else draw(st.integers(1, 9)),
    )
    deps = []
    for _ in range(draw(st.integers(0, 3))):
        other = _item_id(draw, plan)
        deps.append(Dependency(other, new_id) if draw(st.booleans()) else Dependency(new_id, other))
    return AddItem(item, tuple(deps))


KINDS = [
    "update", "move", "duration", "add", "remove", "link", "unlink", "relink", "teams",
    "sprints", "calendar", "rename", "batch", "slip",
]  # fmt: skip


def _edit(draw, plan: Plan, kinds=KINDS):
    kind = draw(st.sampled_from(kinds))
    if kind == "update":
        return _update(draw, plan)
    if kind == "move":
        return MoveItem(_item_id(draw, plan), _day(draw))
    if kind == "duration":
        return SetDuration(_item_id(draw, plan), draw(st.integers(-1, 30)))
    if kind == "add":
        return _add_item(draw, plan)
    if kind == "remove":
        return RemoveItem(_item_id(draw, plan))
    if kind == "link":
        return AddDependency(_dependency(draw, plan))
    if kind in ("unlink", "relink"):
        d = draw(st.sampled_from(plan.dependencies)) if plan.dependencies else None
        d = d or _dependency(draw, plan)
        if kind == "unlink":
            return RemoveDependency(d.pred, d.succ)
        return UpdateDependency(
            d.pred, d.succ, draw(st.sampled_from(["FS", "SS", "FF", "SF", "XX"])),
            draw(st.integers(-3, 5)),
        )  # fmt: skip
    if kind == "teams":
        return _teams(draw, plan)
    if kind == "sprints":
        return _sprints(draw, plan)
    if kind == "calendar":
        weekend = frozenset(draw(st.lists(st.integers(0, 6), max_size=7)))
        return SetCalendar(CalendarSpec(weekend=weekend, holidays=(_day(draw),)))
    if kind == "rename":
        return RenamePlan(draw(TEXT))
    if kind == "batch":
        return Batch((_update(draw, plan), _edit(draw, plan, KINDS[:-2])), "Several")
    return RecordSlip(_item_id(draw, plan), draw(st.integers(0, 5)), draw(TEXT), TODAY)


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _stored(path) -> Plan:
    repo = PlanRepository.open(path, read_only=True)
    try:
        return repo.load_plan()
    finally:
        repo.close()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(plan=plans(max_items=8), data=st.data())
def test_every_accepted_edit_reopens_as_the_same_plan(tmp_path_factory, plan, data):
    path = tmp_path_factory.mktemp("reopen") / "p.roadmap"
    repo = PlanRepository.open(path, create=True)
    repo.write_plan(plan)
    session = PlanSession(repo)
    try:
        for _ in range(data.draw(st.integers(1, 12))):
            edit = _edit(data.draw, session.plan)
            before_plan, before_file = session.plan, _digest(path)
            try:
                session.apply(edit)
            except PlanError:
                assert session.plan is before_plan
                assert _digest(path) == before_file, f"refused {edit!r} changed the file"
                continue
            assert _stored(path) == session.plan, f"after {edit!r}"
        # and the file reopens as a session of its own (schedules, validates)
        PlanSession.open(path, read_only=True).close()
    finally:
        session.close()


def _session_on_file(tmp_path, plan: Plan) -> PlanSession:
    path = tmp_path / "p.roadmap"
    repo = PlanRepository.open(path, create=True)
    repo.write_plan(plan)
    return PlanSession(repo)


TWO_TEAMS = Plan(
    "P",
    teams=(Team("a", "A"), Team("b", "B")),
    sprints=(Sprint("S1", BASE, BASE + timedelta(days=13), "b"),),
    items=(Item("x", "X", "a", start=BASE, duration=2), Item("y", "Y", "a", start=BASE)),
)


def _refused(session: PlanSession, edit, message: str) -> None:
    path = session.path
    before = _digest(path)
    try:
        session.apply(edit)
    except PlanError as e:
        assert message in str(e)
    else:
        raise AssertionError(f"{edit!r} was accepted")
    assert _digest(path) == before
    assert _stored(path) == session.plan


def test_removing_a_team_that_still_has_sprints_is_refused(tmp_path):
    session = _session_on_file(tmp_path, TWO_TEAMS)
    try:
        _refused(session, SetTeams((Team("a", "A"),)), "unknown team")
    finally:
        session.close()


def test_a_sprint_for_an_unknown_team_is_refused(tmp_path):
    session = _session_on_file(tmp_path, TWO_TEAMS)
    try:
        bad = Sprint("S2", BASE, BASE + timedelta(days=4), "nobody")
        _refused(session, SetSprints((bad,)), "unknown team")
    finally:
        session.close()


def test_an_item_added_with_the_same_dependency_twice_is_refused(tmp_path):
    session = _session_on_file(tmp_path, TWO_TEAMS)
    try:
        dep = Dependency("x", "n")
        edit = AddItem(Item("n", "N", "a", start=BASE), (dep, dep))
        _refused(session, edit, "given twice")
    finally:
        session.close()


def _replay(path) -> Plan:
    """The plan the stored history gives when replayed from nothing: every live step,
    oldest first."""
    from planner.domain.edits import edit_from_dict

    repo = PlanRepository.open(path, read_only=True)
    try:
        rows = repo.db.execute("SELECT edit FROM history WHERE undone = 0 ORDER BY id").fetchall()
    finally:
        repo.close()
    plan = Plan()
    for (record,) in rows:
        import json

        plan = edit_from_dict(json.loads(record)).apply(plan)
    return plan


def _state(path) -> tuple[str, str]:
    """The stored plan as JSON text and its schedule as JSON text."""
    import json

    from planner.domain.jsonio import plan_to_json

    session = PlanSession.open(path, read_only=True)
    try:
        return plan_to_json(session.plan), json.dumps(session.schedule.to_dict())
    finally:
        session.close()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(plan=plans(max_items=8), data=st.data())
def test_undo_all_restores_redo_all_replays_and_history_replays(tmp_path_factory, plan, data):
    path = tmp_path_factory.mktemp("undo") / "p.roadmap"
    repo = PlanRepository.open(path, create=True)
    repo.write_plan(plan)
    repo.close()
    original = _state(path)
    session = PlanSession.open(path)
    applied = 0
    try:
        for _ in range(data.draw(st.integers(1, 10))):
            try:
                session.apply(_edit(data.draw, session.plan), merge_key=data.draw(
                    st.sampled_from([None, None, "nudge:i0"])))  # fmt: skip
                applied += 1
            except PlanError:
                pass
        final = _state(path)
        assert _replay(path) == session.plan
        while session.undo_status().undo is not None:
            session.undo()
        assert _state(path) == original
        assert _replay(path) == session.plan
        # undo survives closing: reopen, redo everything
        session.close()
        session = PlanSession.open(path)
        while session.undo_status().redo is not None:
            session.redo()
        assert _state(path) == final
        assert _replay(path) == session.plan
    finally:
        session.close()


def test_undo_and_redo_go_through_the_stored_history(tmp_path):
    session = _session_on_file(tmp_path, TWO_TEAMS)
    try:
        first = session.apply(MoveItem("x", BASE + timedelta(days=7)))
        session.apply(SetDuration("x", 4))
        assert session.undo_status().undo == "Change duration of X"
        ch = session.undo()
        assert ch.edit == SetDuration("x", 2) and session.plan.item("x").duration == 2
        assert session.undo_status().redo == "Change duration of X"
        # a new edit clears what could be redone
        session.apply(RenamePlan("Q2"))
        assert session.undo_status().redo is None
        assert [e.label for e in session.history()][:3] == [
            "Rename roadmap",
            "Change duration of X",
            "Move X",
        ]
        assert [e.undone for e in session.history()][:3] == [False, True, False]
        session.undo()
        session.undo()
        assert session.plan.item("x").start == BASE
        assert first.history_id == session.history()[2].id
        with pytest.raises(PlanError, match="nothing to undo"):
            session.undo()
        # the creation is the oldest entry, and not a step to undo
        assert session.history()[-1].label == "Import"
    finally:
        session.close()


def test_nudges_merge_into_one_step_in_the_core(tmp_path):
    session = _session_on_file(tmp_path, TWO_TEAMS)
    try:
        for k in range(1, 4):
            session.apply(MoveItem("x", BASE + timedelta(days=k)), merge_key="nudge:x")
        assert session.undo_counts()[0] == 1
        session.apply(MoveItem("y", BASE + timedelta(days=1)), merge_key="nudge:y")
        assert session.undo_counts()[0] == 2
        session.undo()
        session.undo()
        assert session.plan == TWO_TEAMS
    finally:
        session.close()


def test_merged_nudges_tell_each_team_once_what_the_whole_step_moved(tmp_path):
    plan = Plan(
        "P",
        teams=(Team("a", "A"), Team("b", "B")),
        items=(Item("x", "X", "a", start=BASE, duration=2), Item("y", "Y", "b", start=BASE)),
        dependencies=(Dependency("x", "y"),),
    )
    session = _session_on_file(tmp_path, plan)
    try:
        for k in (1, 2):
            session.apply(MoveItem("x", BASE + timedelta(days=k)), merge_key="nudge:x")
        rows = session.notices()
        assert [r.team for r in rows] == ["a", "b"]  # one notice per team, not one per nudge
        assert [i["shift"] for r in rows for i in r.body["items"]] == [2, 2]  # the whole step
        for k in (1, 0):  # and back to where it began: nothing moved, nobody is told
            session.apply(MoveItem("x", BASE + timedelta(days=k)), merge_key="nudge:x")
        assert session.notices() == []
        assert session.undo_counts()[0] == 1
    finally:
        session.close()


def test_a_new_roadmap_plan_written_whole_clears_what_could_be_redone(tmp_path):
    session = _session_on_file(tmp_path, TWO_TEAMS)
    try:
        session.apply(MoveItem("x", BASE + timedelta(days=3)))
        session.undo()
        assert session.undo_status().redo is not None
        session._repo.write_plan(session.plan, "Import")
        assert session.undo_status().redo is None
    finally:
        session.close()


def test_old_files_undo_entries_are_not_offered_for_redo(tmp_path):
    """Before the history was a stack, an undo added an entry and marked the original
    undone = 1; migration 5 makes those originals undone for good."""
    import sqlite3

    from planner.storage.schema import SCHEMA_VERSION

    path = tmp_path / "old.roadmap"
    PlanRepository.create(path, TWO_TEAMS, "New roadmap")
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO history (at, label, reason, edit, inverse, undone) VALUES "
            "('2026-11-01T10:00:00', 'Move X', '', '{}', '{\"edit\": \"RenamePlan\", "
            '"name": "x"}\', 1)'
        )
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm005_history_stack'")
    conn.close()
    session = PlanSession.open(path)
    try:
        assert session.undo_status().redo is None
    finally:
        session.close()


def test_a_deadline_moved_within_its_working_day_is_named_right_in_violations(tmp_path):
    late = Plan("P", items=(Item("x", "X", start=BASE, duration=10, deadline=BASE),))
    session = _session_on_file(tmp_path, late)
    try:
        sunday = BASE - timedelta(days=1)  # the end of Fri 1 Jan again, as a point
        session.apply(UpdateItem.of("x", deadline=BASE - timedelta(days=3)))  # Fri
        session.apply(UpdateItem.of("x", deadline=sunday))
        fresh = PlanSession.open(session.path, read_only=True)
        try:
            assert session.schedule.violations == fresh.schedule.violations
            assert session.schedule.violations[0].deadline == sunday
        finally:
            fresh.close()
    finally:
        session.close()


def test_changes_name_the_items_whose_slack_changed(tmp_path):
    plan = Plan(
        "P",
        items=(
            Item("a", "A", start=BASE, duration=1),
            Item("b", "B", start=BASE, duration=1),
            Item("c", "C", start=BASE, duration=30),
        ),
        dependencies=(Dependency("a", "b"),),
    )
    session = _session_on_file(tmp_path, plan)
    try:
        changes = session.apply(SetDuration("b", 6))
        assert {"a", "b"} <= changes.slack_changed  # a's slack shrinks though a did not move
        assert "a" not in changes.moved_ids and "a" not in changes.items_edited
    finally:
        session.close()


def test_nudges_merge_only_into_a_step_this_session_just_made(tmp_path):
    session = _session_on_file(tmp_path, TWO_TEAMS)
    path = session.path
    session.apply(MoveItem("x", BASE + timedelta(days=1)), merge_key="nudge:x")
    session.close()
    again = PlanSession.open(path)  # another day, another session
    try:
        again.apply(MoveItem("x", BASE + timedelta(days=2)), merge_key="nudge:x")
        assert again.undo_counts()[0] == 2
        again.undo()
        again.apply(MoveItem("x", BASE + timedelta(days=3)), merge_key="nudge:x")
        assert again.undo_counts()[0] == 2  # not into the step before the undo either
    finally:
        again.close()
