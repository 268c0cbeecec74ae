"""The planner command: shapes, exit codes, and bad input that leaves files untouched."""

import json

import pytest
from conftest import DATA

from planner.cli import main


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_schedule_json_matches_the_contract(capsys, contract_expected):
    code, out, _ = run(capsys, "schedule", DATA / "contract-example.json", "--json")
    assert code == 0
    got = json.loads(out)
    assert [i["id"] for i in got["items"]] == [i["id"] for i in contract_expected["items"]]
    assert got["items"] == contract_expected["items"]


def test_schedule_text(capsys):
    code, out, _ = run(capsys, "schedule", DATA / "contract-example.json")
    assert code == 0
    assert "C   2027-01-14  2027-01-15  -4" in out
    assert "Invoices misses its deadline Thu 14 Jan 2027 by 4 working days" in out


@pytest.fixture
def roadmap(tmp_path, capsys):
    path = tmp_path / "r.roadmap"
    assert main(["import", str(DATA / "contract-example.json"), str(path)]) == 0
    capsys.readouterr()
    return path


def test_slip_prints_impact_per_team(capsys, roadmap):
    code, out, _ = run(capsys, "slip", roadmap, "A", "--days", "3", "--reason", "sandbox down",
                       "--today", "2026-11-22")  # fmt: skip
    assert code == 0
    assert "Backend:" in out and "Web:" in out and "Mobile:" in out
    assert "In-app purchase" not in out
    code, out, _ = run(capsys, "notices", roadmap, "--format", "json")
    notices = json.loads(out)
    assert {n["team"] for n in notices} == {"be", "web", "mobile"}
    for n in notices:
        assert set(n) >= {"team", "created", "reason", "root", "items"}
        for it in n["items"]:
            assert set(it) >= {"id", "title", "old_start", "old_finish", "new_start",
                               "new_finish", "shift", "chain", "sprint", "deadline"}  # fmt: skip


BAD_PLANS = [
    ("{not json", "malformed JSON"),
    ('{"items": [{"id": "a", "start": "2027-13-01", "duration": 1}]}', "item 'a' start"),
    ('{"items": [{"id": "a", "start": "2027-01-04", "duration": -1}]}', "item 'a': duration"),
    ('{"items": [{"id": "a", "start": "2027-01-04", "duration": 1},'
     ' {"id": "a", "start": "2027-01-04", "duration": 1}]}', "item 'a': duplicate id"),
    ('{"items": [{"id": "a", "start": "2027-01-04", "duration": 1}],'
     ' "dependencies": [{"from": "a", "to": "b"}]}', "unknown item 'b'"),
    ('{"items": [{"id": "a", "start": "2027-01-04", "duration": 1},'
     ' {"id": "b", "start": "2027-01-04", "duration": 1}],'
     ' "dependencies": [{"from": "a", "to": "b", "type": "XY"}]}', "unknown type 'XY'"),
    ('{"items": [{"id": "a", "start": "2027-01-04", "duration": 1},'
     ' {"id": "b", "start": "2027-01-04", "duration": 1}],'
     ' "dependencies": [{"from": "a", "to": "b"}, {"from": "b", "to": "a"}]}',
     "dependency cycle: "),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message"), BAD_PLANS)
def test_bad_input_exits_1_with_one_line_and_roadmap_untouched(
    capsys, tmp_path, roadmap, text, message
):
    bad = tmp_path / "bad.json"
    bad.write_text(text)
    before = roadmap.read_bytes()
    for args in (("schedule", bad), ("import", bad, roadmap)):
        code, _out, err = run(capsys, *args)
        assert code == 1
        assert message in err
        assert err.count("\n") == 1 and "Traceback" not in err
    assert roadmap.read_bytes() == before


def test_slip_unknown_item_and_not_a_roadmap(capsys, tmp_path, roadmap):
    code, _, err = run(capsys, "slip", roadmap, "nope", "--days", "2", "--reason", "x")
    assert code == 1 and "no item with id 'nope'" in err
    text = tmp_path / "notes.roadmap"
    text.write_text("just text")
    code, _, err = run(capsys, "schedule", text)
    assert code == 1 and "not a roadmap" in err
    assert text.read_text() == "just text"


def test_import_refuses_to_overwrite_a_non_roadmap(capsys, tmp_path):
    target = tmp_path / "thesis.roadmap"
    target.write_text("precious")
    code, _, _err = run(capsys, "import", DATA / "contract-example.json", target)
    assert code == 1 and target.read_text() == "precious"


def test_bad_usage_exits_2(capsys):
    with pytest.raises(SystemExit) as e:
        main(["schedule"])
    assert e.value.code == 2
    with pytest.raises(SystemExit) as e:
        main(["slip", "x.roadmap", "A", "--days", "three", "--reason", "r"])
    assert e.value.code == 2


def test_new_with_sample_and_export_json(capsys, tmp_path):
    path = tmp_path / "s.roadmap"
    assert run(capsys, "new", path, "--sample")[0] == 0
    code, _, err = run(capsys, "new", path)
    assert code == 1 and "already exists" in err
    out = tmp_path / "s.json"
    assert run(capsys, "export", path, out)[0] == 0
    data = json.loads(out.read_text())
    assert len(data["items"]) == 40 and len(data["teams"]) == 4


def test_copy_of_shared_example_is_current():
    shared = DATA.parents[2] / "shared" / "examples" / "contract-example.json"
    if not shared.exists():
        pytest.skip("shared/ is not beside this checkout")
    assert json.loads(shared.read_text()) == json.loads(
        (DATA / "contract-example.json").read_text()
    )


def test_mistyped_command_is_bad_usage(capsys):
    with pytest.raises(SystemExit) as e:
        main(["shedule"])
    assert e.value.code == 2
    assert "unknown command 'shedule'" in capsys.readouterr().err


def test_new_in_a_missing_folder_says_so(capsys, tmp_path):
    code, _, err = run(capsys, "new", tmp_path / "nope" / "x.roadmap")
    assert code == 1 and "the folder" in err and "does not exist" in err
