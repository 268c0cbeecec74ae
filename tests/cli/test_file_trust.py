"""The roadmap file as the commands see it (issue 8): the file named is the file opened,
a crash mid-save or an older format doesn't stop a reader, damage and odd paths are
refused in one line, and every refused command leaves the folder exactly as it was."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import contextmanager
from datetime import date

import pytest
from conftest import DATA
from filecheck import folder_state

from planner.cli import main
from planner.domain.jsonio import plan_from_json
from planner.storage import plan_tables
from planner.storage.lock import WriterLock
from planner.storage.repository import PlanRepository

posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX signals, pipes and modes")
EXAMPLE = DATA / "contract-example.json"
TODAY = "2026-11-22"


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys, folder, *args, match):
    """Run a command that must be refused: exit 1, one line naming the problem, no
    traceback, and every file in ``folder`` as it was, none added."""
    before = folder_state(folder)
    code, _out, err = run(capsys, *args)
    assert code == 1, err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert match in err, err
    assert folder_state(folder) == before
    return err


def reads(capsys, path, out_dir):
    """The read-only commands on ``path`` all work; returns the plan exported as JSON."""
    code, out, err = run(capsys, "schedule", "--json", "--", path)
    assert code == 0, err
    assert {i["id"] for i in json.loads(out)["items"]} >= {"A", "L"}
    code, out, err = run(capsys, "notices", "--all", "--format", "json", "--", path)
    assert code == 0, err
    json.loads(out)
    code, _, err = run(capsys, "export", "--", path, out_dir / "out.json")
    assert code == 0, err
    return plan_from_json((out_dir / "out.json").read_text())


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "plans"
    d.mkdir()
    yield d
    for root, dirs, _ in os.walk(d):  # undo any chmod so the folder can be removed
        for name in [*dirs, "."]:
            os.chmod(os.path.join(root, name), 0o755)


@pytest.fixture
def roadmap(folder, capsys):
    """The contract example with one slip recorded (so it has notices)."""
    path = folder / "r.roadmap"
    assert main(["import", str(EXAMPLE), str(path)]) == 0
    slip = ["slip", str(path), "A", "--days", "3", "--reason", "sandbox down", "--today", TODAY]
    assert main(slip) == 0
    capsys.readouterr()
    return path


def stored_plan(path):
    repo = PlanRepository.open(path, read_only=True)
    try:
        return repo.load_plan()
    finally:
        repo.close()


# -- 1. the file named is the file opened ---------------------------------------------
AWKWARD_NAMES = [
    "Q1 #2.roadmap",
    "Q1.roadmap#draft.roadmap",
    "why?.roadmap",
    "what?mode=ro.roadmap",
    "50%20off.roadmap",
    "100%.roadmap",
    "%2e%2e.roadmap",
    "sp  ace .roadmap",
    "ünïcødé 路线图 🚀.roadmap",
    "-leading-dash.roadmap",
    "semi;colon&amp.roadmap",
]


@pytest.mark.parametrize("name", AWKWARD_NAMES)
def test_every_command_opens_the_file_it_is_given(capsys, folder, monkeypatch, tmp_path, name):
    from planner.app.session import PlanSession

    monkeypatch.chdir(folder)  # a relative name, as a user types it
    assert run(capsys, "new", "--", name)[0] == 0
    assert os.listdir(folder) == [name]
    assert run(capsys, "import", "--", EXAMPLE, name)[0] == 0  # replaces the new one
    slip = ["--days", "2", "--reason", "r", "--today", TODAY, "--", name, "A"]
    assert run(capsys, "slip", *slip)[0] == 0
    slipped = reads(capsys, name, tmp_path)
    assert slipped.item("A").start == date(2027, 1, 6)  # two working days later
    code, out, _ = run(capsys, "notices", "--format", "json", "--", name)
    assert code == 0 and len(json.loads(out)) == 3
    session = PlanSession.open(folder / name)  # the app's way in
    assert not session.read_only and session.plan == slipped
    session.close()
    assert os.listdir(folder) == [name]  # no other file appeared


def test_import_into_a_name_with_a_hash_leaves_the_file_before_the_hash_alone(
    capsys, folder, roadmap
):
    q1 = folder / "Q1.roadmap"
    roadmap.rename(q1)
    before = q1.read_bytes()
    draft = folder / "Q1.roadmap#draft.roadmap"
    assert run(capsys, "import", EXAMPLE, draft)[0] == 0
    assert q1.read_bytes() == before
    assert stored_plan(draft) == plan_from_json(EXAMPLE.read_text())
    assert sorted(os.listdir(folder)) == ["Q1.roadmap", "Q1.roadmap#draft.roadmap"]


# -- 4. a save cut short by a crash ---------------------------------------------------
KILLED_MID_SAVE = textwrap.dedent(
    """
    import sqlite3, sys, time
    con = sqlite3.connect(sys.argv[1], isolation_level=None)
    con.execute("PRAGMA cache_size = 1")  # changed pages spill into the file before commit
    con.execute("BEGIN IMMEDIATE")
    for _ in range(10):
        con.execute("UPDATE items SET title = ?, duration = 99", ["half-saved " * 300])
    con.execute("DELETE FROM dependencies")
    print("mid-save", flush=True)
    time.sleep(600)
    """
)


def crash_mid_save(path):
    """A writer killed (SIGKILL) in the middle of a transaction: the file holds part of
    an edit that was never committed, and its journal is 'hot'."""
    before = path.read_bytes()
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_MID_SAVE, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "mid-save"
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
    journal = path.with_name(path.name + "-journal")
    assert journal.exists() and journal.stat().st_size > 0
    assert path.read_bytes() != before  # the half-written edit reached the file itself
    return journal


@posix_only
def test_read_only_commands_read_a_file_whose_save_was_cut_short(capsys, roadmap, tmp_path):
    committed = stored_plan(roadmap)
    journal = crash_mid_save(roadmap)
    assert reads(capsys, roadmap, tmp_path).items == committed.items
    assert not journal.exists()  # rolled back: the half-saved edit is gone
    assert stored_plan(roadmap) == committed
    assert sorted(os.listdir(roadmap.parent)) == ["r.roadmap"]


@posix_only
def test_cut_short_save_while_a_planner_has_it_open_says_that_one_recovers_it(capsys, roadmap):
    crash_mid_save(roadmap)
    other = WriterLock(roadmap)  # another planner holds the file (and will roll it back)
    try:
        err = refused(capsys, roadmap.parent, "schedule", roadmap, match="cut short")
        assert "the planner that has it open will roll it back" in err
    finally:
        other.release()
    assert run(capsys, "schedule", roadmap)[0] == 0


@posix_only
def test_cut_short_save_in_a_read_only_folder_says_so(capsys, roadmap):
    crash_mid_save(roadmap)
    roadmap.parent.chmod(0o555)
    err = refused(capsys, roadmap.parent, "notices", roadmap, match="cut short")
    assert "its folder is read-only" in err and "damaged" not in err


# -- 5. an older file is read, and left as it is --------------------------------------
def make_older(path, version=2):
    """Turn a current roadmap into one written before the notices (format 2)."""
    con = sqlite3.connect(path)
    con.execute("DROP TABLE notices")
    con.execute("DELETE FROM meta WHERE key = 'uid'")
    # m008 changed the notices table: a file without it has not had m008 either
    con.execute(
        "DELETE FROM _sqlite_migrations WHERE name IN ('m003_notices', 'm004_uid', 'm008_outbox')"
    )
    con.execute(f"PRAGMA user_version = {version}")
    con.commit()
    con.close()


def test_read_only_commands_read_an_older_file_without_changing_it(capsys, roadmap, tmp_path):
    committed = stored_plan(roadmap)
    make_older(roadmap)
    before = folder_state(roadmap.parent)
    assert reads(capsys, roadmap, tmp_path) == committed
    code, out, _ = run(capsys, "notices", roadmap)
    assert code == 0 and "No notices." in out
    assert folder_state(roadmap.parent) == before  # not upgraded, no backup written


def test_an_older_file_another_planner_has_open_is_read_and_the_reason_is_true(capsys, roadmap):
    from planner.app.session import PlanSession

    committed = stored_plan(roadmap)
    make_older(roadmap)
    other = WriterLock(roadmap)
    try:
        before = folder_state(roadmap.parent)
        session = PlanSession.open(roadmap)
        assert session.read_only and session.read_only_reason == "another planner has it open"
        assert session.plan == committed
        session.close()
        err = refused(capsys, roadmap.parent, "slip", roadmap, "A", "--days", "1",
                      "--reason", "r", match="another planner has it open")  # fmt: skip
        assert "upgrade" not in err
        assert folder_state(roadmap.parent) == before
    finally:
        other.release()


# -- 6. damaged contents --------------------------------------------------------------
PLAN_DAMAGE = [
    ("UPDATE items SET duration = 'abc' WHERE id = 'A'", "item 'A': duration is 'abc'"),
    ("UPDATE items SET duration = -3 WHERE id = 'A'", "item 'A': duration must be"),
    ("UPDATE items SET duration = 1e30 WHERE id = 'A'", "item 'A': duration is 1e+30"),
    ("UPDATE items SET deadline = 20270114 WHERE id = 'G'", "item 'G': deadline: '2027"),
    ("UPDATE items SET start = '2027-02-30' WHERE id = 'B'", "item 'B': start: '2027-02-30'"),
    ("UPDATE items SET locked = 'yes' WHERE id = 'L'", "item 'L': locked is 'yes'"),
    ("UPDATE items SET kind = 'epic' WHERE id = 'M'", "item 'M': unknown kind 'epic'"),
    ("UPDATE items SET duration = 2 WHERE id = 'M'", "item 'M': a milestone has duration 0"),
    ("UPDATE items SET progress = 101 WHERE id = 'A'", "item 'A': progress must be 0 to 100"),
    ("INSERT INTO dependencies VALUES (9, 'A', 'A', 'FS', 0)", "dependency cycle: A -> A"),
    ("UPDATE items SET title = x'00ff' WHERE id = 'C'", "item 'C': title is b'"),
    ("UPDATE items SET id = NULL WHERE id = 'E'", "an item id is empty"),
    ("UPDATE items SET team = 'nobody' WHERE id = 'E'", "item 'E': unknown team 'nobody'"),
    ("UPDATE teams SET name = NULL WHERE id = 'web'", "team 'web': name is empty"),
    ("UPDATE dependencies SET lag = 'x' WHERE pred = 'A'", "dependency 'A' -> "),
    ("UPDATE dependencies SET succ = 'gone' WHERE succ = 'G'", "unknown item 'gone'"),
    ("UPDATE sprints SET finish = 'soon'", "sprint 'Sprint 1': finish"),
    ("UPDATE sprints SET team = 'b'", "sprint 'Sprint 1': unknown team 'b'"),
    ("UPDATE meta SET value = '{' WHERE key = 'calendar'", "the calendar is not valid JSON"),
    ("UPDATE meta SET value = '[1]' WHERE key = 'calendar'", "the calendar is not a JSON object"),
    ("UPDATE meta SET value = '{\"weekend\": [\"fun\"]}' WHERE key = 'calendar'", "weekend"),
    ("UPDATE meta SET value = NULL WHERE key = 'name'", "the roadmap's name is empty"),
    ("DROP TABLE dependencies", "the table 'dependencies' is missing"),
    ("DROP TABLE notices", "the table 'notices' is missing"),
    ("ALTER TABLE items DROP COLUMN notes", "the table 'items' has no column 'notes'"),
    ("ALTER TABLE sprints RENAME COLUMN team TO squad", "the table 'sprints' has no column"),
]  # fmt: skip
NOTICE_DAMAGE = [
    ("UPDATE notices SET body = 'not json'", "its body is not valid JSON"),
    ("UPDATE notices SET body = '[]'", "its body is not a JSON object"),
    ("UPDATE notices SET body = '{\"items\": [{\"id\": 1}]}'", "item 1: 'id' is 1"),
    ("UPDATE notices SET body = '{\"items\": 5}'", "'items' is 5"),
    ("UPDATE notices SET body = '" + "[" * 5000 + "'", "its body is not valid JSON"),
    ("UPDATE notices SET acknowledged = 'no'", "acknowledged is 'no'"),
    ("UPDATE notices SET created = NULL", "time is empty"),
]  # fmt: skip


def damage(path, sql):
    con = sqlite3.connect(path)
    con.execute(sql)
    con.commit()
    con.close()


@pytest.mark.parametrize(("sql", "named"), PLAN_DAMAGE)
def test_a_damaged_plan_is_refused_by_every_command_naming_what(
    capsys, tmp_path, roadmap, sql, named
):
    from planner.app.session import PlanSession
    from planner.domain.errors import RoadmapFileError

    damage(roadmap, sql)
    folder = roadmap.parent
    out = tmp_path / "out.json"
    for args in (
        ("schedule", roadmap),
        ("notices", roadmap),
        ("export", roadmap, out),
        ("export", roadmap, tmp_path / "out.svg"),
        ("slip", roadmap, "A", "--days", "1", "--reason", "r", "--today", TODAY),
        ("import", EXAMPLE, roadmap) if "missing" in named or "column" in named else (),
    ):
        if args:
            err = refused(capsys, folder, *args, match=named)
            assert "the file is damaged: " in err
    assert not out.exists()
    with pytest.raises(RoadmapFileError, match="the file is damaged"):
        PlanSession.open(roadmap)  # the app shows this in its "could not open" box


@pytest.mark.parametrize(("sql", "named"), NOTICE_DAMAGE)
def test_a_damaged_notice_is_refused_naming_it(capsys, roadmap, sql, named):
    damage(roadmap, sql)
    for fmt in ("text", "json", "md", "eml"):
        err = refused(
            capsys, roadmap.parent, "notices", roadmap, "--all", "--format", fmt, match=named
        )
        assert "the file is damaged: notice 1" in err


# -- 6. what is at the path: pipes, empty files, other files --------------------------
def run_with_timeout(*args):
    """The command in a child process, so a hang fails the test instead of stalling it."""
    proc = subprocess.run(
        [sys.executable, "-m", "planner.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return proc.returncode, proc.stdout, proc.stderr


@posix_only
def test_a_named_pipe_at_the_path_is_refused_without_waiting(tmp_path, folder):
    pipe = folder / "pipe.roadmap"
    os.mkfifo(pipe)
    before = folder_state(folder)
    for args in (
        ("schedule", pipe),
        ("notices", pipe),
        ("export", pipe, tmp_path / "o.json"),
        ("slip", pipe, "A", "--days", "1", "--reason", "r"),
        ("import", EXAMPLE, pipe),
        ("new", pipe),
    ):
        code, _, err = run_with_timeout(*args)
        assert code == 1, err
        assert err.count("\n") == 1 and "Traceback" not in err, err
        assert "named pipe" in err or "already exists" in err, err
    assert folder_state(folder) == before


@posix_only
def test_a_named_pipe_as_the_lock_file_is_refused_by_writers_only(capsys, roadmap):
    os.mkfifo(roadmap.with_name("r.roadmap.lock"))
    code, _, err = run_with_timeout("slip", roadmap, "A", "--days", "1", "--reason", "r")
    assert code == 1 and "the lock file is not a regular file" in err, err
    assert run(capsys, "schedule", roadmap)[0] == 0  # reading never touches the lock


def test_a_failed_slip_on_an_empty_file_leaves_it_empty(capsys, folder):
    empty = folder / "empty.roadmap"
    empty.touch()
    refused(capsys, folder, "slip", empty, "A", "--days", "1", "--reason", "r",
            match="not a roadmap file (it is empty)")  # fmt: skip
    refused(capsys, folder, "schedule", empty, match="it is empty")
    assert empty.stat().st_size == 0


def test_a_sqlite_file_without_tables_is_never_written_to(capsys, folder):
    bare = folder / "bare.roadmap"
    con = sqlite3.connect(bare)
    con.execute("CREATE TABLE t (x)")
    con.execute("DROP TABLE t")
    con.commit()
    con.close()
    for args in (("slip", bare, "A", "--days", "1", "--reason", "r"), ("import", EXAMPLE, bare)):
        refused(capsys, folder, *args, match="a SQLite file, but not a roadmap")


def test_import_into_an_empty_file_makes_it_a_roadmap(capsys, folder):
    target = folder / "new.roadmap"
    target.touch()
    assert run(capsys, "import", EXAMPLE, target)[0] == 0
    assert stored_plan(target) == plan_from_json(EXAMPLE.read_text())


# -- 7. permissions: say what is really wrong -----------------------------------------
@posix_only
def test_a_read_only_file_is_read_and_a_write_says_the_file_is_read_only(capsys, roadmap, tmp_path):
    from planner.app.session import PlanSession

    roadmap.chmod(0o444)  # (root may write anything; the planner honours the mode)
    session = PlanSession.open(roadmap)
    assert session.read_only
    assert session.read_only_reason == "the file is read-only (no write permission)"
    session.close()
    reads(capsys, roadmap, tmp_path)
    err = refused(capsys, roadmap.parent, "slip", roadmap, "A", "--days", "1", "--reason",
                  "r", match="the file is read-only")  # fmt: skip
    assert "another planner" not in err
    refused(capsys, roadmap.parent, "import", EXAMPLE, roadmap, match="the file is read-only")


@posix_only
def test_a_read_only_folder_is_named_as_the_reason(capsys, roadmap, tmp_path):
    from planner.app.session import PlanSession

    roadmap.parent.chmod(0o555)
    session = PlanSession.open(roadmap)
    assert session.read_only_reason is not None
    assert session.read_only_reason.startswith("its folder is read-only")
    session.close()
    reads(capsys, roadmap, tmp_path)
    refused(capsys, roadmap.parent, "slip", roadmap, "A", "--days", "1", "--reason", "r",
            match="its folder is read-only")  # fmt: skip
    refused(capsys, roadmap.parent, "new", roadmap.parent / "more.roadmap",
            match="cannot create it: its folder is read-only")  # fmt: skip


@pytest.mark.skipif(not hasattr(os, "statvfs"), reason="statvfs tells a read-only mount")
def test_a_read_only_disk_is_named_as_the_reason(capsys, roadmap, monkeypatch):
    from planner.app.session import PlanSession

    class ReadOnlyMount:
        f_flag = os.ST_RDONLY

    monkeypatch.setattr(os, "statvfs", lambda _path: ReadOnlyMount())
    session = PlanSession.open(roadmap)
    assert session.read_only_reason == "it is on a read-only disk"
    session.close()
    refused(capsys, roadmap.parent, "slip", roadmap, "A", "--days", "1", "--reason", "r",
            match="it is on a read-only disk")  # fmt: skip


def test_a_write_while_another_planner_has_it_open_says_so(capsys, roadmap):
    other = WriterLock(roadmap)
    try:
        refused(capsys, roadmap.parent, "slip", roadmap, "A", "--days", "1", "--reason", "r",
                match="another planner has it open")  # fmt: skip
        refused(capsys, roadmap.parent, "import", EXAMPLE, roadmap,
                match="another planner has it open")  # fmt: skip
    finally:
        other.release()


# -- 11. a failed import or new leaves nothing behind ---------------------------------
@contextmanager
def disk_fails_mid_save(monkeypatch):
    """The disk fails after part of the plan is written (teams and items, not links)."""

    def fail(db, deps):
        raise sqlite3.OperationalError("disk I/O error")

    with monkeypatch.context() as m:
        m.setattr(plan_tables, "_write_deps", fail)
        yield


def test_a_failed_import_into_a_new_path_leaves_nothing(capsys, monkeypatch, folder):
    with disk_fails_mid_save(monkeypatch):
        refused(capsys, folder, "import", EXAMPLE, folder / "new.roadmap",
                match="disk I/O error")  # fmt: skip
        refused(capsys, folder, "new", "--sample", folder / "new.roadmap",
                match="disk I/O error")  # fmt: skip
    assert os.listdir(folder) == []


def test_a_failed_import_over_a_roadmap_leaves_it_byte_identical(
    capsys, monkeypatch, roadmap, tmp_path
):
    other = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    other["dependencies"] = other["dependencies"][1:]  # links differ: they are written
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(other), encoding="utf-8")
    with disk_fails_mid_save(monkeypatch):
        refused(capsys, roadmap.parent, "import", changed, roadmap, match="nothing was changed")


def test_a_refused_import_input_creates_no_roadmap(capsys, tmp_path, folder):
    bad = tmp_path / "bad.json"
    bad.write_text('{"items": [{"id": "a", "start": "2027-01-04", "duration": 1}],'
                   ' "dependencies": [{"from": "a", "to": "b"}]}')  # fmt: skip
    refused(capsys, folder, "import", bad, folder / "new.roadmap", match="unknown item 'b'")
    assert os.listdir(folder) == []
