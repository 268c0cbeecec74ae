"""The roadmap file: round trips, refusals, migration with backup, one writer."""

import sqlite3
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import plans

from planner.domain.edits import MoveItem
from planner.domain.errors import RoadmapFileError
from planner.storage.repository import PlanRepository
from planner.storage.schema import SCHEMA_VERSION


def test_save_and_reopen_is_the_same_plan(tmp_path, contract_plan):
    path = tmp_path / "r.roadmap"
    repo = PlanRepository.open(path, create=True)
    repo.write_plan(contract_plan)
    repo.close()
    repo = PlanRepository.open(path)
    assert repo.load_plan() == contract_plan
    repo.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_any_plan_survives_the_file(plan):
    repo = PlanRepository.memory()
    repo.write_plan(plan)
    assert repo.load_plan() == plan


def test_commit_edit_writes_only_the_diff_and_history(contract_plan):
    repo = PlanRepository.memory()
    repo.write_plan(contract_plan)
    after = MoveItem("A", date(2027, 1, 6)).apply(contract_plan)
    repo.commit_edit(contract_plan, after, "Move", "because")
    assert repo.load_plan() == after
    h = repo.history()
    assert h[0].label == "Move" and h[0].reason == "because"


def test_failed_commit_leaves_nothing_behind(contract_plan):
    repo = PlanRepository.memory()
    repo.write_plan(contract_plan)
    after = MoveItem("A", date(2027, 1, 6)).apply(contract_plan)
    bad_notice = [("be", "r", "A", {"not json": object()})]
    with pytest.raises(TypeError):
        repo.commit_edit(contract_plan, after, "Move", notices=bad_notice)
    assert repo.load_plan() == contract_plan
    assert len(repo.history()) == 1  # only the import
    assert repo.notices(include_withdrawn=True) == []


def test_text_file_is_not_a_roadmap(tmp_path):
    p = tmp_path / "notes.roadmap"
    p.write_text("hello, this is not a database\n" * 10)
    with pytest.raises(RoadmapFileError, match="not a roadmap file"):
        PlanRepository.open(p)
    assert p.read_text().startswith("hello")


def test_other_sqlite_file_is_refused(tmp_path):
    p = tmp_path / "other.db"
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(RoadmapFileError, match="not a roadmap"):
        PlanRepository.open(p)


def test_newer_file_is_refused(tmp_path, contract_plan):
    p = tmp_path / "new.roadmap"
    repo = PlanRepository.open(p, create=True)
    repo.write_plan(contract_plan)
    repo.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    repo.close()
    with pytest.raises(RoadmapFileError, match="newer version"):
        PlanRepository.open(p)


def test_older_file_is_migrated_after_a_backup(tmp_path):
    from sqlite_utils import Database

    from planner.storage.schema import APPLICATION_ID, migrations

    p = tmp_path / "old.roadmap"
    db = Database(p)
    migrations.apply(db, stop_before="m002_history_baselines")
    db["meta"].insert({"key": "name", "value": "Old plan"})
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")
    db.conn.commit()
    db.close()
    repo = PlanRepository.open(p)
    assert repo.backup_path is not None and repo.backup_path.exists()
    assert repo.load_plan().name == "Old plan"
    assert "notices" in repo.db.table_names()
    repo.close()
    backup = sqlite3.connect(repo.backup_path)
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 1
    backup.close()


def test_truncated_file_is_reported_damaged(tmp_path, contract_plan):
    p = tmp_path / "t.roadmap"
    repo = PlanRepository.open(p, create=True)
    repo.write_plan(contract_plan)
    repo.close()
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 3])
    with pytest.raises(RoadmapFileError):
        PlanRepository.open(p).load_plan()


def test_second_opener_is_read_only(tmp_path, contract_plan):
    p = tmp_path / "shared.roadmap"
    first = PlanRepository.open(p, create=True)
    first.write_plan(contract_plan)
    second = PlanRepository.open(p)
    assert not first.read_only and second.read_only
    with pytest.raises(RoadmapFileError, match="read-only"):
        second.write_plan(contract_plan)
    second.close()
    first.close()
    third = PlanRepository.open(p)
    assert not third.read_only
    third.close()


def test_baselines(contract_plan):
    repo = PlanRepository.memory()
    repo.write_plan(contract_plan)
    repo.save_baseline("kickoff", "{}", [("A", date(2027, 1, 4), date(2027, 1, 8))])
    assert [b.name for b in repo.baselines()] == ["kickoff"]
    assert repo.baseline_dates("kickoff") == {"A": (date(2027, 1, 4), date(2027, 1, 8))}
    with pytest.raises(RoadmapFileError, match="no baseline"):
        repo.baseline_dates("nope")


def test_uid_is_stable_and_a_save_as_copy_gets_its_own(tmp_path, contract_plan):
    p = tmp_path / "a.roadmap"
    repo = PlanRepository.open(p, create=True)
    repo.write_plan(contract_plan)
    uid = repo.uid
    assert len(uid) == 32
    repo.backup_to(tmp_path / "backup.roadmap")
    repo.backup_to(tmp_path / "copy.roadmap", new_identity=True)
    repo.close()
    p.rename(tmp_path / "renamed.roadmap")
    for name, same in (("renamed", True), ("backup", True), ("copy", False)):
        other = PlanRepository.open(tmp_path / f"{name}.roadmap")
        assert (other.uid == uid) is same, name
        assert other.load_plan() == contract_plan
        other.close()
