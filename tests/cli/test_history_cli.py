"""planner history / undo / redo: the stored history, shared with the app."""

import json

import pytest
from clitools import contract_roadmap, run

from planner.cli import main


@pytest.fixture
def roadmap(tmp_path, capsys):
    return contract_roadmap(tmp_path, capsys)


def _history(capsys, roadmap):
    code, out, err = run(capsys, "history", roadmap, "--json")
    assert code == 0, err
    return json.loads(out)["edits"]


def _schedule(capsys, roadmap):
    code, out, _ = run(capsys, "schedule", roadmap, "--json")
    assert code == 0
    return json.loads(out)


def _notices(capsys, roadmap):
    code, out, _ = run(capsys, "notices", roadmap, "--all", "--format", "json")
    assert code == 0
    return json.loads(out)


def test_history_lists_edits_newest_first_with_the_import_oldest(capsys, roadmap):
    edits = _history(capsys, roadmap)
    assert len(edits) == 1 and edits[0]["label"] == "Import" and not edits[0]["undone"]
    assert set(edits[0]) == {"id", "time", "label", "reason", "undone"}
    run(capsys, "slip", roadmap, "A", "--days", "3", "--reason", "sandbox down", "--today",
        "2026-11-22")  # fmt: skip
    edits = _history(capsys, roadmap)
    assert [e["label"] for e in edits] == ["Slip Payments API", "Import"]
    assert edits[0]["reason"] == "sandbox down"
    code, out, _ = run(capsys, "history", roadmap)
    assert code == 0 and "Slip Payments API — sandbox down" in out.splitlines()[0]


def test_undo_withdraws_notices_and_redo_brings_them_back(capsys, roadmap):
    before = _schedule(capsys, roadmap)
    run(capsys, "slip", roadmap, "A", "--days", "3", "--reason", "outage", "--today",
        "2026-11-22")  # fmt: skip
    slipped = _schedule(capsys, roadmap)
    assert len(_notices(capsys, roadmap)) == 3
    code, out, _ = run(capsys, "undo", roadmap)
    assert code == 0 and out.startswith("Undo Slip Payments API")
    assert _schedule(capsys, roadmap) == before
    assert _notices(capsys, roadmap) == []
    assert _history(capsys, roadmap)[0]["undone"] is True
    code, out, _ = run(capsys, "redo", roadmap)
    assert code == 0 and out.startswith("Redo Slip Payments API")
    assert _schedule(capsys, roadmap) == slipped
    assert len(_notices(capsys, roadmap)) == 3
    assert _history(capsys, roadmap)[0]["undone"] is False


def test_a_new_edit_clears_what_could_be_redone(capsys, roadmap):
    run(capsys, "slip", roadmap, "A", "--days", "3", "--reason", "one", "--today", "2026-11-22")
    run(capsys, "undo", roadmap)
    run(capsys, "slip", roadmap, "B", "--days", "1", "--reason", "two", "--today", "2026-11-22")
    code, _, err = run(capsys, "redo", roadmap)
    assert code == 1 and err.strip() == "planner: nothing to redo"


def test_nothing_to_undo_is_one_line_and_changes_nothing(capsys, roadmap):
    data = roadmap.read_bytes()
    code, out, err = run(capsys, "undo", roadmap)
    assert (code, out) == (1, "") and err.strip() == "planner: nothing to undo"
    assert roadmap.read_bytes() == data


def test_history_of_a_missing_file_is_refused(capsys, tmp_path):
    code, _, err = run(capsys, "history", tmp_path / "nope.roadmap")
    assert code == 1 and len(err.strip().splitlines()) == 1


def test_undo_usage(capsys):
    with pytest.raises(SystemExit) as e:
        main(["undo"])
    assert e.value.code == 2


def test_an_import_over_a_roadmap_is_one_step_undone_like_any_other(capsys, roadmap, tmp_path):
    run(capsys, "slip", roadmap, "A", "--days", "3", "--reason", "one", "--today", "2026-11-22")
    slipped = _schedule(capsys, roadmap)
    small = tmp_path / "small.json"
    small.write_text('{"name": "Small", "items": [{"id": "x", "start": "2027-01-04", '
                     '"duration": 2}]}')  # fmt: skip
    assert run(capsys, "import", small, roadmap)[0] == 0
    assert [i["id"] for i in _schedule(capsys, roadmap)["items"]] == ["x"]
    assert _history(capsys, roadmap)[0]["label"] == "Import"
    code, _out, err = run(capsys, "undo", roadmap)
    assert code == 0, err
    assert _schedule(capsys, roadmap) == slipped  # the plan it replaced, slip and all
    assert run(capsys, "undo", roadmap)[0] == 0  # and the slip before it
    code, _, err = run(capsys, "undo", roadmap)
    assert code == 1 and err.strip() == "planner: nothing to undo"  # the first import


def test_undo_never_steps_over_a_roadmap_s_creation(tmp_path):
    """The oldest entry is a barrier: undo stops there even if older live entries exist
    (an old file, or a history written by another version)."""
    from planner.app.session import PlanSession
    from planner.domain.edits import RenamePlan
    from planner.domain.errors import PlanError
    from planner.domain.model import Plan
    from planner.storage.repository import PlanRepository

    path = tmp_path / "b.roadmap"
    PlanRepository.create(path, Plan("A"), "New roadmap")
    s = PlanSession.open(path)
    try:
        s.apply(RenamePlan("B"))
        s._repo.write_plan(Plan("C"), "Import")  # a second barrier, as old versions wrote
        assert s.undo_status().undo is None and s.undo_counts() == (0, 0)
        with pytest.raises(PlanError, match="nothing to undo"):
            s.undo()
    finally:
        s.close()
