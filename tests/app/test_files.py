"""planner.app.files: what the command reads and writes through the app (plans, imports,
new roadmaps, notices, an export's input), each refusal naming the file."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import DATA

from planner.app.files import (
    import_plan,
    new_roadmap_file,
    open_for_writing,
    read_export_source,
    read_import_file,
    read_notices,
    read_plan,
    read_schedule,
    read_scheduled,
)
from planner.app.session import PlanSession
from planner.app.slips import RecordSlip
from planner.domain.errors import PlanError, PlannerError, RoadmapFileError
from planner.domain.progress import NO_PROGRESS
from planner.export.ics import plan_identity
from planner.storage.lock import WriterLock

EXAMPLE = DATA / "contract-example.json"
TODAY = date(2026, 11, 22)


class Steps:
    def __init__(self) -> None:
        self.labels: list[str] = []

    def step(self, label: str, total: int = 0) -> None:
        self.labels.append(label)

    def advance(self, units: int = 1) -> None:
        pass

    def done(self) -> None:
        pass


@pytest.fixture
def roadmap(tmp_path):
    path = tmp_path / "r.roadmap"
    import_plan(EXAMPLE, path)
    return path


def test_a_json_plan_and_a_roadmap_read_the_same(roadmap, contract_plan):
    assert read_plan(EXAMPLE) == contract_plan
    assert read_plan(roadmap) == contract_plan
    steps = Steps()
    plan, sched = read_scheduled(EXAMPLE, steps)
    assert plan == contract_plan and list(sched.ids) == [it.id for it in plan.items]
    assert steps.labels == ["reading contract-example.json", f"scheduling {len(plan.items)} items"]
    assert read_scheduled(roadmap)[1].to_dict() == sched.to_dict()


def test_the_schedule_reader_schedules_as_a_plan_does(roadmap, contract_plan):
    expected = read_scheduled(EXAMPLE)[1].to_dict()
    for path in (EXAMPLE, roadmap):
        steps = Steps()
        items, sched = read_schedule(path, steps)
        assert items == contract_plan.items and sched.to_dict() == expected
        assert steps.labels[0] == f"reading {path.name}"
        assert steps.labels[-1] == f"scheduling {len(items)} items"
        assert [sched.driver_at(i) for i in range(len(items))] == [
            read_scheduled(path)[1].driver_at(i) for i in range(len(items))
        ]


def test_import_creates_then_replaces_keeping_the_history(tmp_path, roadmap):
    steps = Steps()
    plan = import_plan(EXAMPLE, roadmap, steps).plan
    assert steps.labels == [
        "reading contract-example.json", f"checking {len(plan.items)} items", "writing r.roadmap"
    ]  # fmt: skip
    session = PlanSession.open(roadmap, read_only=True)
    try:
        labels = [(e.label, e.reason) for e in session.history()]
    finally:
        session.close()
    assert labels == [("Import", "imported from contract-example.json")] * 2


def test_refused_inputs_name_the_file(tmp_path):
    (tmp_path / "plan.txt").write_text("{}")
    with pytest.raises(PlanError, match=r"plan.txt: unknown input format '.txt'"):
        read_import_file(tmp_path / "plan.txt")
    (tmp_path / "latin.json").write_bytes(b"\xff\xfe{")
    with pytest.raises(PlanError, match=r"latin\.json: not a UTF-8 text file"):
        read_plan(tmp_path / "latin.json")
    with pytest.raises(PlanError, match=r"missing\.csv: cannot read"):
        read_import_file(tmp_path / "missing.csv")
    (tmp_path / "cycle.csv").write_text(
        "id,start,duration,depends_on\nA,2027-01-04,1,B\nB,2027-01-04,1,A\n"
    )
    with pytest.raises(PlanError, match="cycle"):
        import_plan(tmp_path / "cycle.csv", tmp_path / "c.roadmap", NO_PROGRESS)
    assert not (tmp_path / "c.roadmap").exists()  # refused before the roadmap is touched


def test_a_new_roadmap_never_replaces_a_file_nor_makes_a_folder(tmp_path):
    path = tmp_path / "n.roadmap"
    new_roadmap_file(path)
    assert read_plan(path).name == "n" and read_plan(path).items == ()
    with pytest.raises(PlanError, match="already exists"):
        new_roadmap_file(path, sample=True)
    with pytest.raises(RoadmapFileError, match="does not exist"):
        new_roadmap_file(tmp_path / "nope" / "x.roadmap")
    new_roadmap_file(tmp_path / "s.roadmap", sample=True)
    assert len(read_plan(tmp_path / "s.roadmap").items) == 40


def test_notices_of_a_team_and_an_unknown_team(roadmap):
    session = open_for_writing(roadmap)
    try:
        session.apply(RecordSlip("A", 3, "sandbox down", TODAY))
    finally:
        session.close()
    _plan, rows = read_notices(roadmap)
    assert rows and {r.reason for r in rows} == {"sandbox down"}
    team = rows[0].team
    assert {r.team for r in read_notices(roadmap, team)[1]} == {team}
    assert read_notices(roadmap, since=date(2999, 1, 1))[1] == []
    with pytest.raises(PlanError, match="no team with id 'nope'"):
        read_notices(roadmap, "nope")


def test_an_export_source_and_its_identity(tmp_path, roadmap):
    source = read_export_source(EXAMPLE)
    assert source.baseline is None and source.identity == plan_identity("contract-example")
    with pytest.raises(PlanError, match=r"a \.json plan has no baselines"):
        read_export_source(EXAMPLE, "Kick-off")
    session = open_for_writing(roadmap)
    uid = session.uid
    session.save_baseline("Kick-off")
    session.close()
    source = read_export_source(roadmap, "Kick-off")
    assert source.identity == uid and source.baseline
    assert source.schedule().to_dict() == read_scheduled(roadmap)[1].to_dict()
    with pytest.raises(RoadmapFileError, match="no baseline named 'nope'"):
        read_export_source(roadmap, "nope")


def test_open_for_writing_says_why_it_cannot(roadmap):
    other = WriterLock(roadmap)
    try:
        with pytest.raises(PlannerError, match="opened read-only because another planner"):
            open_for_writing(str(roadmap))
    finally:
        other.release()


def test_a_json_plan_with_a_byte_order_mark_reads(tmp_path):
    from planner.app.files import read_plan

    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + b'{"name": "BOM", "items": []}')
    assert read_plan(path).name == "BOM"


def test_a_pipe_given_as_a_plan_is_refused_not_waited_on(tmp_path):
    import os

    import pytest

    from planner.app.files import read_import_file, read_plan
    from planner.domain.errors import PlanError

    fifo = tmp_path / "plan.json"
    os.mkfifo(fifo)
    for read in (read_plan, read_import_file):
        with pytest.raises(PlanError, match="not a regular file"):
            read(fifo)
