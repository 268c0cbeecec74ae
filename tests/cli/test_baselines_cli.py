"""planner baseline / baselines / compare (DESIGN.md shapes): saved dates, not edits."""

import json

import pytest
from clitools import contract_roadmap, run


@pytest.fixture
def roadmap(tmp_path, capsys):
    return contract_roadmap(tmp_path, capsys)


def test_a_baseline_then_a_slip_compares_by_the_finish(capsys, roadmap):
    assert run(capsys, "baseline", roadmap, "plan")[0] == 0
    _, out, _ = run(capsys, "history", roadmap, "--json")
    assert len(json.loads(out)["edits"]) == 1  # saving a baseline is not an edit
    _, out, _ = run(capsys, "baselines", roadmap, "--json")
    rows = json.loads(out)["baselines"]
    assert [(b["name"], b["items"]) for b in rows] == [("plan", 9)]
    assert set(rows[0]) == {"name", "created", "items"}
    _, out, _ = run(capsys, "compare", roadmap, "plan", "--json")
    assert json.loads(out) == {"items": []}
    run(capsys, "slip", roadmap, "A", "--days", "3", "--reason", "outage", "--today",
        "2026-11-22")  # fmt: skip
    _, out, _ = run(capsys, "compare", roadmap, "plan", "--json")
    items = {i["id"]: i for i in json.loads(out)["items"]}
    assert set(items) == {"A", "M", "M2", "B", "C", "G", "E"}  # D's slack absorbed it
    assert all(i["shift"] == 3 for i in items.values())
    a = items["A"]
    assert set(a) == {"id", "baseline_start", "baseline_finish", "start", "finish", "shift"}
    assert (a["baseline_start"], a["start"]) < (a["baseline_finish"], a["finish"])


def test_saving_under_an_existing_name_replaces_it(capsys, roadmap):
    run(capsys, "baseline", roadmap, "plan")
    run(capsys, "slip", roadmap, "A", "--days", "3", "--reason", "outage", "--today",
        "2026-11-22")  # fmt: skip
    run(capsys, "baseline", roadmap, "plan")
    _, out, _ = run(capsys, "baselines", roadmap, "--json")
    assert [b["name"] for b in json.loads(out)["baselines"]] == ["plan"]
    _, out, _ = run(capsys, "compare", roadmap, "plan", "--json")
    assert json.loads(out) == {"items": []}


def test_an_unknown_baseline_is_one_line_and_changes_nothing(capsys, roadmap):
    data = roadmap.read_bytes()
    code, out, err = run(capsys, "compare", roadmap, "nope")
    assert (code, out) == (1, "") and err.strip() == "planner: no baseline named 'nope'"
    code, _, err = run(capsys, "baseline", roadmap, "  ")
    assert code == 1 and err.strip() == "planner: a baseline needs a name"
    assert roadmap.read_bytes() == data
