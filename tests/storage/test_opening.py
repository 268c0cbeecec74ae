"""Opening a roadmap file (issue 8): the path named is the file opened, whatever is in
it is either read or refused with a RoadmapFileError (never another exception), a
refused or read-only open changes nothing, and a new file appears only when complete."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from filecheck import folder_state
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from planner.app.files import read_schedule
from planner.app.session import PlanSession
from planner.domain.errors import PlannerError, RoadmapFileError
from planner.domain.model import Plan
from planner.storage import plan_tables
from planner.storage.lock import HELD_ELSEWHERE, WriterLock
from planner.storage.repository import ASKED_READ_ONLY, PlanRepository
from planner.storage.schema import SCHEMA_VERSION

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def file_names():
    """Names a user might give a file: any characters a folder entry may hold."""
    chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="/\\\x00")
    return (
        st.text(chars, min_size=1, max_size=30)
        .map(lambda s: s + ".roadmap")
        .filter(lambda s: len(os.fsencode(s)) < 200)
    )


@settings(FUZZ, max_examples=25)
@given(name=file_names())
def test_any_file_name_is_the_file_created_and_opened(name):
    plan = Plan(name="named")
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        PlanRepository.create(path, plan)
        assert os.listdir(d) == [name]
        repo = PlanRepository.open(path)
        assert repo.load_plan() == plan and not repo.read_only
        repo.close()
        session = PlanSession.open(path, read_only=True)
        assert session.plan == plan
        session.close()
        assert os.listdir(d) == [name]


def test_a_name_near_the_longest_a_folder_allows_is_created_and_opened(tmp_path):
    name = "q" * 232 + ".roadmap"  # 240 bytes: its lock and journal names still fit
    PlanRepository.create(tmp_path / name, Plan(name="long"))
    repo = PlanRepository.open(tmp_path / name)
    assert repo.load_plan().name == "long"
    repo.close()
    assert os.listdir(tmp_path) == [name]


@cache
def roadmap_bytes() -> bytes:
    """The bytes of a real roadmap: the contract example with a slip, its notices and a
    baseline (a plain function, not a fixture: hypothesis would print it)."""
    from conftest import DATA

    from planner.app.slips import RecordSlip
    from planner.domain.jsonio import plan_from_json

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "good.roadmap"
        plan = plan_from_json((DATA / "contract-example.json").read_text())
        PlanRepository.create(path, plan, "Import")
        session = PlanSession.open(path)
        session.apply(RecordSlip("A", 3, "outage", date(2026, 11, 22)))
        session.save_baseline("kickoff")
        session.close()
        return path.read_bytes()


@pytest.fixture
def good_bytes() -> bytes:
    return roadmap_bytes()


def read_everything(path: Path, *, read_only: bool) -> None:
    """Open and read all there is, as the commands and the app do."""
    session = PlanSession.open(path, read_only=read_only)
    try:
        session.schedule  # noqa: B018 - scheduling is part of reading
    finally:
        session.close()
    repo = PlanRepository.open(path, read_only=True)
    try:
        repo.notices(include_acknowledged=True, include_withdrawn=True)
        repo.history()
        for b in repo.baselines():
            repo.baseline_dates(b.name)
        assert isinstance(repo.uid, str)
    finally:
        repo.close()


def check_read_or_refused(data: bytes, *, read_only: bool) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "fuzzed.roadmap"
        path.write_bytes(data)
        before = folder_state(Path(d))
        try:
            read_everything(path, read_only=read_only)
        except PlannerError:
            # Refused: nothing written (a read-write open that got as far as reading may
            # only have rolled nothing back, and it leaves no lock file behind).
            assert folder_state(Path(d)) == before
        else:
            if read_only:
                assert folder_state(Path(d)) == before


@FUZZ
@given(data=st.binary(max_size=3000))
def test_random_bytes_are_refused_and_left_alone(data):
    check_read_or_refused(data, read_only=False)


@FUZZ
@given(tail=st.binary(max_size=3000))
def test_random_bytes_after_a_sqlite_header_are_refused_and_left_alone(tail):
    check_read_or_refused(b"SQLite format 3\x00" + tail, read_only=True)


@FUZZ
@given(patches=st.lists(st.tuples(st.integers(0, 2**31), st.binary(min_size=1, max_size=8)),
                        min_size=1, max_size=6),
       read_only=st.booleans())  # fmt: skip
def test_a_roadmap_with_bytes_overwritten_is_read_or_refused(patches, read_only):
    data = bytearray(roadmap_bytes())
    for offset, chunk in patches:
        at = offset % len(data)
        data[at : at + len(chunk)] = chunk
    check_read_or_refused(bytes(data), read_only=read_only)


SQL_VALUES = st.one_of(
    st.none(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.binary(max_size=8),
    st.sampled_from(["2027-01-04", "2999-12-31", "1900-01-01", "task", "milestone", "FS", "{}"]),
)
COLUMNS = [
    ("items", c) for c in ("id", "title", "team", "kind", "start", "duration", "deadline",
                           "locked", "done", "actual_start", "actual_finish", "progress", "notes")
] + [("teams", "id"), ("teams", "name"), ("teams", "color"), ("sprints", "name"),
     ("sprints", "start"), ("sprints", "finish"), ("sprints", "team"), ("dependencies", "pred"),
     ("dependencies", "succ"), ("dependencies", "type"), ("dependencies", "lag"),
     ("meta", "value"), ("notices", "body"), ("notices", "team"), ("notices", "acknowledged"),
     ("history", "label"), ("history", "undone"), ("baseline_items", "start")]  # fmt: skip


def _stored(folder: str, column: tuple[str, str], value: object, where: str = "") -> Path:
    """A real roadmap in ``folder`` with ``value`` stored in ``column`` (of the rows
    ``where`` picks: all of them by default)."""
    table, col = column
    path = Path(folder) / "r.roadmap"
    path.write_bytes(roadmap_bytes())
    con = sqlite3.connect(path)
    try:
        con.execute(f"UPDATE [{table}] SET [{col}] = ?{where}", [value])
        con.commit()
    except sqlite3.IntegrityError:
        assume(False)  # the schema itself refuses it (NOT NULL, a duplicate key)
    finally:
        con.close()
    return path


@FUZZ
@given(column=st.sampled_from(COLUMNS), value=SQL_VALUES)
def test_any_stored_value_is_read_or_refused_as_damage(column, value):
    with tempfile.TemporaryDirectory() as d:
        path = _stored(d, column, value)
        before = path.read_bytes()
        try:
            read_everything(path, read_only=True)
        except RoadmapFileError as e:
            assert "the file is damaged: " in str(e)
        except PlannerError:
            pass  # a plan that reads but can't be scheduled (past the calendar's end)
        assert path.read_bytes() == before


def _scheduled_or_refused(read) -> object:
    try:
        return read().to_dict()
    except PlannerError as e:
        return f"{type(e).__name__}: {e}"


def _session_schedule(path: Path):
    session = PlanSession.open(path, read_only=True)
    try:
        return session.schedule
    finally:
        session.close()


@FUZZ
@given(
    column=st.sampled_from([c for c in COLUMNS if c[0] in ("items", "dependencies")]),
    value=SQL_VALUES,
    row=st.sampled_from(["", " WHERE rowid = 2"]),
)
def test_the_schedule_reader_says_what_a_session_says(column, value, row):
    """``read_schedule`` reads a roadmap's columns at once (``planner schedule``); a
    session reads them as a plan. Any stored value: the same schedule, or the same
    refusal."""
    with tempfile.TemporaryDirectory() as d:
        path = _stored(d, column, value, row)
        by_session = _scheduled_or_refused(lambda: _session_schedule(path))
        assert _scheduled_or_refused(lambda: read_schedule(path)[1]) == by_session


# -- what an open may write ---------------------------------------------------------------
def test_a_read_only_open_of_an_older_file_upgrades_a_copy_in_memory(tmp_path, good_bytes):
    path = tmp_path / "old.roadmap"
    path.write_bytes(good_bytes)
    con = sqlite3.connect(path)
    con.execute("DROP TABLE notices")
    con.execute(
        "DELETE FROM _sqlite_migrations WHERE name IN ('m003_notices', 'm004_uid', 'm008_outbox')"
    )
    con.execute("PRAGMA user_version = 2")
    con.commit()
    con.close()
    before = folder_state(tmp_path)
    repo = PlanRepository.open(path, read_only=True)
    assert repo.read_only and repo.read_only_reason == ASKED_READ_ONLY
    assert repo.notices() == [] and repo.load_plan().name == "Contract example"
    assert repo.db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    with pytest.raises(RoadmapFileError, match="read-only"):
        repo.acknowledge_notices([1])
    repo.close()
    assert folder_state(tmp_path) == before and repo.backup_path is None


def test_create_refuses_a_file_that_is_there_and_leaves_it(tmp_path):
    path = tmp_path / "r.roadmap"
    path.write_text("precious")
    with pytest.raises(RoadmapFileError, match="already exists"):
        PlanRepository.create(path, Plan())
    assert path.read_text() == "precious" and os.listdir(tmp_path) == ["r.roadmap"]


def test_a_failed_replace_keeps_the_old_roadmap(tmp_path, good_bytes, monkeypatch):
    from planner.app import documents

    path = tmp_path / "r.roadmap"
    path.write_bytes(good_bytes)

    def fail(db, plan):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(plan_tables, "_write_meta", fail)
    with pytest.raises(RoadmapFileError, match="nothing was changed"):
        documents.new_roadmap(path, date_today())
    assert path.read_bytes() == good_bytes and os.listdir(tmp_path) == ["r.roadmap"]
    monkeypatch.undo()
    documents.new_roadmap(path, date_today())  # the save dialog asked: it is replaced
    assert PlanRepository.open(path, read_only=True).load_plan().name == "r"


def test_create_refuses_to_replace_a_roadmap_another_planner_has_open(tmp_path, good_bytes):
    path = tmp_path / "r.roadmap"
    path.write_bytes(good_bytes)
    other = WriterLock(path)
    try:
        with pytest.raises(RoadmapFileError, match=HELD_ELSEWHERE):
            PlanRepository.create(path, Plan(), replace=True)
    finally:
        other.release()
    assert path.read_bytes() == good_bytes


def test_open_with_create_makes_a_roadmap_of_a_missing_or_empty_file(tmp_path):
    for path in (tmp_path / "missing.roadmap", tmp_path / "empty.roadmap"):
        if path.name.startswith("empty"):
            path.touch()
        repo = PlanRepository.open(path, create=True)
        assert repo.load_plan() == Plan() and not repo.read_only
        repo.close()


def date_today():
    return date(2027, 1, 4)


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_a_file_of_every_older_format_is_read_as_it_is(tmp_path, version):
    """A file made by only the first ``version`` migrations, as an older planner left
    it: read-only opens read it (the app too, when another planner holds it) and
    change nothing; a writer upgrades it after a backup."""
    from sqlite_utils import Database

    from planner.storage.schema import APPLICATION_ID, migrations

    path = tmp_path / "old.roadmap"
    db = Database(path)
    names = [m.name for m in migrations._migrations]
    migrations.apply(db, stop_before=names[version])
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
    before = folder_state(tmp_path)
    other = WriterLock(path)  # another planner has it open: the app opens it read-only
    try:
        session = PlanSession.open(path)
        assert session.read_only_reason == HELD_ELSEWHERE
        assert session.plan.item("a").duration == 3 and session.plan.name == "Old plan"
        session.close()
    finally:
        other.release()
    repo = PlanRepository.open(path, read_only=True)
    assert repo.notices() == [] and repo.history() is not None
    repo.close()
    assert folder_state(tmp_path) == before
    repo = PlanRepository.open(path)  # a writer upgrades it, after a backup
    assert repo.backup_path is not None and repo.backup_path.exists()
    assert repo.load_plan().item("a").title == "API"
    repo.close()
