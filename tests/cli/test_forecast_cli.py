"""planner forecast ROADMAP [--runs] [--seed] [--today] [--json] (DESIGN.md shape)."""

import json
from datetime import date

import pytest
from clitools import run
from conftest import DATA

from planner.domain.jsonio import plan_from_json
from planner.scheduling.forecast import forecast_plan

TODAY = "2027-01-04"
# Backend's done tasks: 2 estimated days that took 2, 4, 6 and 6 (Mon 2026-11-02 on)
HISTORY = [
    {"id": f"h{k}", "title": f"Done {k}", "team": "be", "kind": "task", "start": "2026-11-02",
     "duration": 2, "done": True, "actual_start": "2026-11-02", "actual_finish": finish}
    for k, finish in enumerate(["2026-11-03", "2026-11-05", "2026-11-09", "2026-11-09"])
]  # fmt: skip


@pytest.fixture
def plan_json(tmp_path):
    data = json.loads((DATA / "contract-example.json").read_text())
    data["items"] = HISTORY + data["items"]
    path = tmp_path / "history.json"
    path.write_text(json.dumps(data))
    return path


@pytest.fixture
def roadmap(tmp_path, capsys, plan_json):
    path = tmp_path / "r.roadmap"
    assert run(capsys, "import", plan_json, path)[0] == 0
    return path


def test_json_is_the_cores_forecast_for_a_roadmap_and_a_json_plan(capsys, roadmap, plan_json):
    code, out, err = run(capsys, "forecast", roadmap, "--today", TODAY, "--runs", "300",
                         "--seed", "9", "--json")  # fmt: skip
    assert (code, err) == (0, "")
    got = json.loads(out)
    plan = plan_from_json(plan_json.read_text())
    assert got == forecast_plan(plan, date(2027, 1, 4), 300, 9).to_dict()
    assert (got["runs"], got["seed"]) == (300, 9)
    assert [i["id"] for i in got["items"]] == ["M", "M2", "L", "G"]
    assert all(set(i) == {"id", "p50", "p80", "on_time"} for i in got["items"])
    assert run(capsys, "forecast", plan_json, "--today", TODAY, "--runs", "300", "--seed", "9",
               "--json")[1] == out  # fmt: skip


def test_defaults_are_1000_runs_and_seed_1(capsys, roadmap):
    _, out, _ = run(capsys, "forecast", roadmap, "--today", TODAY, "--json")
    got = json.loads(out)
    assert (got["runs"], got["seed"]) == (1000, 1)
    assert run(capsys, "forecast", roadmap, "--today", TODAY, "--json")[1] == out


def test_text_says_where_the_spread_comes_from_and_lists_the_dates(capsys, roadmap):
    code, out, _ = run(capsys, "forecast", roadmap, "--today", TODAY, "--runs", "200")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Forecast as of 2027-01-04: 200 runs, seed 1"
    assert "  Backend's 4 done tasks took 2.5× their estimate at the median (1.0×–3.0×)" in lines
    assert "  Web has fewer than 3 done tasks (0): using the whole plan's 4" in lines
    header = next(k for k, line in enumerate(lines) if line.startswith("id "))
    assert lines[header].split() == ["id", "P50", "P80", "on", "time", "deadline", "title"]
    rows = {line.split()[0]: line for line in lines[header + 1 :]}
    assert set(rows) == {"M", "M2", "L", "G"}
    assert "2027-01-14" in rows["G"] and "%" in rows["G"] and "Invoices" in rows["G"]


def test_without_history_it_says_the_forecast_is_the_schedule(capsys):
    code, out, _ = run(capsys, "forecast", DATA / "contract-example.json", "--today", TODAY)
    assert code == 0
    assert "  No done tasks with actual dates yet: the forecast is the schedule" in out


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--runs", "0"], "planner: --runs: must be 1 to 100000, not 0"),
        (["--runs", "100001"], "planner: --runs: must be 1 to 100000, not 100001"),
        (["--runs", "many"], "planner: --runs: 'many' is not a whole number"),
        (["--seed", "-2"], "planner: --seed: must be 0 or more, not -2"),
        (["--today", "2027-02-30"], "--today"),
    ],
)
def test_bad_flags_are_one_line_and_exit_1(capsys, roadmap, flags, message):
    code, out, err = run(capsys, "forecast", roadmap, *flags)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_a_missing_file_is_exit_1_and_bad_usage_exit_2(capsys, tmp_path):
    code, _, err = run(capsys, "forecast", tmp_path / "nope.json")
    assert code == 1 and err.count("\n") == 1
    with pytest.raises(SystemExit) as e:
        run(capsys, "forecast")
    assert e.value.code == 2


def test_hostile_names_and_ids_are_shown_escaped_on_one_line(capsys, tmp_path):
    evil = "\x1b[2J\r\nBcc: x"
    data = json.loads((DATA / "contract-example.json").read_text())
    data["teams"][0]["name"] += evil
    data["items"] = HISTORY + data["items"]
    data["items"] = [dict(i, title=i.get("title", "") + evil) for i in data["items"]]
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(data))
    code, out, _ = run(capsys, "forecast", path, "--today", TODAY, "--runs", "20")
    assert code == 0
    assert "\x1b" not in out and "\r" not in out
    assert "  Backend\\x1b[2J\\x0d\\x0aBcc: x's 4 done tasks took" in out
    assert not any(line.startswith("Bcc: x") for line in out.splitlines())
