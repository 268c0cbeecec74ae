"""Stakeholders, contacts and negotiated deadlines in the roadmap file (m007): a file of
format 6 is upgraded and keeps its plan, everything new is stored and read back, each
edit writes only what it changed, and a damaged value is refused in one line that names
the item or stakeholder."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlite_utils import Database

from planner.app.session import PlanSession
from planner.domain.edits import SetStakeholders, UpdateItem
from planner.domain.errors import RoadmapFileError
from planner.domain.jsonio import plan_from_dict
from planner.domain.model import Commitment, NegotiationStep, Plan, Stakeholder, Target
from planner.storage.repository import PlanRepository
from planner.storage.schema import APPLICATION_ID, SCHEMA_VERSION, migrations

D = date


def plan() -> Plan:
    return plan_from_dict(
        {
            "name": "Launch",
            "teams": [{"id": "web", "name": "Web", "contact": "web@example.com"}],
            "stakeholders": [
                {"id": "mkt", "name": "Marketing", "contact": "ann@example.com"},
                {"id": "sales", "name": "Sales"},
            ],
            "items": [
                {"id": "launch", "title": "Checkout launch", "team": "web",
                 "kind": "milestone", "start": "2027-03-12", "duration": 0,
                 "deadline": "2027-03-15",
                 "target": {"date": "2027-03-10", "by": "mkt", "note": "campaign"},
                 "commitment": {"date": "2027-03-15", "note": "after the freeze"},
                 "agreed": "2027-03-15", "watchers": ["mkt", "sales"],
                 "negotiation": [
                     {"kind": "target", "date": "2027-03-10", "by": "mkt",
                      "note": "campaign", "when": "2027-02-01T09:00:00"},
                 ]},
                {"id": "plain", "title": "Plain", "team": "web", "kind": "task",
                 "start": "2027-03-01", "duration": 2},
            ],
        }
    )  # fmt: skip


def old_file(path: Path, stop_before: str, version: int) -> None:
    """A roadmap made by the migrations before ``stop_before``, as an older planner
    left it: a team, an item."""
    db = Database(path)
    migrations.apply(db, stop_before=stop_before)
    db["meta"].insert_all([{"key": "name", "value": "Old plan"}])
    db["teams"].insert({"id": "be", "position": 0, "name": "Backend", "color": ""})
    db["items"].insert(
        {"id": "a", "position": 0, "title": "API", "team": "be", "kind": "task",
         "start": "2027-01-04", "duration": 3, "locked": 0, "done": 0}
    )  # fmt: skip
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {version}")
    db.conn.commit()
    db.close()


def test_a_format_6_file_is_upgraded_after_a_backup_and_then_keeps_stakeholders(tmp_path):
    path = tmp_path / "old.roadmap"
    old_file(path, "m007_stakeholders", 6)
    session = PlanSession.open(path)
    assert session._repo.backup_path == tmp_path / "old.roadmap.v6.bak"
    assert session.plan.stakeholders == () and session.plan.team("be").contact == ""
    assert session.plan.item("a").watchers == () and session.plan.item("a").target is None
    session.apply(SetStakeholders((Stakeholder("mkt", "Marketing", "ann@example.com"),)))
    session.apply(UpdateItem.of("a", target=Target(D(2027, 1, 8), "mkt"), watchers=("mkt",)))
    session.close()
    again = PlanSession.open(path)
    assert again.plan.stakeholders == (Stakeholder("mkt", "Marketing", "ann@example.com"),)
    assert again.plan.item("a").target == Target(D(2027, 1, 8), "mkt")
    assert again.plan.item("a").watchers == ("mkt",)
    version = again._repo.db.conn.execute("PRAGMA user_version").fetchone()[0]
    assert version == SCHEMA_VERSION
    again.close()


def test_a_file_made_with_the_outbox_but_not_m007_gets_m007_too(tmp_path):
    """A build had m008_outbox before m007 existed: its files say format 7."""
    path = tmp_path / "interim.roadmap"
    db = Database(path)
    for m in migrations._migrations:
        if m.name != "m007_stakeholders":
            with db.atomic():
                m.fn(db)
                migrations._record_applied(db, m.name)
    db["meta"].insert_all([{"key": "name", "value": "Interim"}])
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 7")
    db.conn.commit()
    db.close()
    repo = PlanRepository.open(path)
    assert repo.backup_path is not None
    repo.write_plan(plan())
    assert repo.load_plan() == plan()
    repo.close()


def test_the_whole_plan_is_stored_and_read_back(tmp_path):
    path = tmp_path / "r.roadmap"
    PlanRepository.create(path, plan())
    repo = PlanRepository.open(path, read_only=True)
    assert repo.load_plan() == plan()
    repo.close()
    con = sqlite3.connect(path)
    row = con.execute(
        "SELECT target_date, target_by, target_note, commit_date, commit_note, agreed,"
        " watchers, negotiation FROM items WHERE id = 'launch'"
    ).fetchone()
    plain = con.execute("SELECT watchers, negotiation, target_date FROM items WHERE id = 'plain'")
    assert row[:7] == (
        "2027-03-10", "mkt", "campaign", "2027-03-15", "after the freeze", "2027-03-15",
        '["mkt", "sales"]',
    )  # fmt: skip
    assert plain.fetchone() == (None, None, None)  # nothing set: NULL, not '[]'
    assert con.execute("SELECT contact FROM teams").fetchone() == ("web@example.com",)
    assert con.execute("SELECT id, position, name, contact FROM stakeholders").fetchall() == [
        ("mkt", 0, "Marketing", "ann@example.com"),
        ("sales", 1, "Sales", ""),
    ]
    con.close()


def test_edits_of_the_negotiation_and_of_stakeholders_are_saved_and_undone(tmp_path):
    path = tmp_path / "r.roadmap"
    PlanRepository.create(path, plan())
    session = PlanSession.open(path)
    step = NegotiationStep("commitment", D(2027, 3, 16), "web", "", "2027-02-05T12:00:00")
    launch = session.plan.item("launch")
    session.apply(
        UpdateItem.of(
            "launch", commitment=Commitment(D(2027, 3, 16)),
            negotiation=(*launch.negotiation, step),
        )
    )  # fmt: skip
    session.apply(SetStakeholders((Stakeholder("mkt", "Brand", "brand@example.com"),)))
    edited = session.plan
    session.close()
    session = PlanSession.open(path)
    assert session.plan == edited
    assert session.plan.item("launch").watchers == ("mkt",)  # sales went with its removal
    session.undo()
    session.undo()
    assert session.plan == plan()
    session.close()
    session = PlanSession.open(path)
    assert session.plan == plan()
    session.close()


DAMAGE = [
    ("UPDATE items SET watchers = 'mkt' WHERE id = 'launch'",
     "item 'launch': watchers is not valid JSON"),
    ("UPDATE items SET watchers = '[1, 2]' WHERE id = 'launch'",
     "item 'launch': watchers is not a list of stakeholder ids"),
    ("UPDATE items SET watchers = 7 WHERE id = 'launch'",  # a TEXT column keeps '7'
     "item 'launch': watchers is not a list of stakeholder ids"),
    ("UPDATE items SET watchers = x'5b5d' WHERE id = 'launch'",
     "item 'launch': watchers is b'[]', not JSON text"),
    ("UPDATE items SET watchers = '[\"ceo\"]' WHERE id = 'plain'",
     "item 'plain': watched by unknown stakeholder 'ceo'"),
    ("UPDATE items SET negotiation = '{}' WHERE id = 'launch'",
     "item 'launch': negotiation log is not a list of steps"),
    ("UPDATE items SET negotiation = '[{\"kind\": \"veto\", \"date\": \"2027-01-01\"}]'"
     " WHERE id = 'launch'", "item 'launch': negotiation log, step 1: unknown kind 'veto'"),
    ("UPDATE items SET target_date = '2027-02-30' WHERE id = 'launch'",
     "item 'launch': target date: '2027-02-30' is not a valid date"),
    ("UPDATE items SET target_by = NULL WHERE id = 'launch'",
     "item 'launch': target asked by is empty (NULL), not text"),
    ("UPDATE items SET target_note = x'33' WHERE id = 'launch'",
     "item 'launch': target note is b'3', not text"),
    ("UPDATE items SET commit_date = 20270315 WHERE id = 'launch'",  # kept as '20270315'
     "item 'launch': commitment date: '20270315' is not a valid date"),
    ("UPDATE items SET commit_date = x'00' WHERE id = 'launch'",
     "item 'launch': commitment date is b'\\x00', not a date"),
    ("UPDATE items SET agreed = 'soon' WHERE id = 'launch'",
     "item 'launch': agreed date: 'soon' is not a valid date"),
    ("UPDATE items SET target_date = '2027-03-01', target_by = 'web' WHERE id = 'plain'",
     "item 'plain': target asked by unknown stakeholder 'web'"),
    ("UPDATE stakeholders SET name = NULL WHERE id = 'mkt'",
     "stakeholder 'mkt': name is empty (NULL), not text"),
    ("UPDATE stakeholders SET contact = x'00' WHERE id = 'mkt'",
     "stakeholder 'mkt': contact is"),
    ("UPDATE stakeholders SET id = 'web' WHERE id = 'mkt'",
     "stakeholder 'web': a team has this id"),
    ("UPDATE teams SET contact = x'35'", "team 'web': contact is b'5', not text"),
]  # fmt: skip


@pytest.mark.parametrize(("sql", "message"), DAMAGE)
def test_a_damaged_value_is_refused_in_one_line_naming_it(tmp_path, sql, message):
    path = tmp_path / "r.roadmap"
    PlanRepository.create(path, plan())
    con = sqlite3.connect(path)
    con.execute(sql)
    con.commit()
    con.close()
    before = path.read_bytes()
    repo = PlanRepository.open(path, read_only=True)
    with pytest.raises(RoadmapFileError) as e:
        repo.load_plan()
    repo.close()
    assert f"the file is damaged: {message}" in str(e.value) and "\n" not in str(e.value)
    assert path.read_bytes() == before


def test_a_file_without_the_stakeholders_table_is_refused_by_name(tmp_path):
    path = tmp_path / "r.roadmap"
    PlanRepository.create(path, plan())
    con = sqlite3.connect(path)
    con.execute("DROP TABLE stakeholders")
    con.commit()
    con.close()
    with pytest.raises(RoadmapFileError, match="the table 'stakeholders' is missing"):
        PlanRepository.open(path, read_only=True)
