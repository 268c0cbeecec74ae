"""planner update (DESIGN.md): started, done, progress and --remaining, recorded like a
slip; and the "<sprint> start" baselines kept when a roadmap is edited in a sprint."""

import json
from datetime import date

import pytest
from clitools import run

from planner.domain.jsonio import plan_from_json, plan_to_json
from planner.domain.model import CalendarSpec, Dependency, Item, Plan, Sprint, Team

# Mon 4 Jan 2027 ... a Mon-Fri calendar
PLAN = Plan(
    "Progress",
    CalendarSpec(),
    (Team("be", "Backend"), Team("fe", "Frontend")),
    (),
    (
        Item("api", "API", "be", start=date(2027, 1, 4), duration=5),
        Item("ui", "UI", "fe", start=date(2027, 1, 11), duration=5),
    ),
    (Dependency("api", "ui"),),
)


def _roadmap(tmp_path, capsys, plan=PLAN):
    src = tmp_path / "p.json"
    src.write_text(plan_to_json(plan))
    path = tmp_path / "p.roadmap"
    assert run(capsys, "import", src, path)[0] == 0
    return path


def _sched(capsys, path):
    code, out, _ = run(capsys, "schedule", path, "--json")
    assert code == 0
    return {r["id"]: r for r in json.loads(out)["items"]}


@pytest.fixture
def roadmap(tmp_path, capsys):
    return _roadmap(tmp_path, capsys)


def test_started_fixes_the_start_and_keeps_the_estimate(capsys, roadmap, tmp_path):
    code, out, err = run(capsys, "update", roadmap, "api", "--started", "2027-01-05",
                         "--reason", "kick-off slipped", "--today", "2027-01-05")  # fmt: skip
    assert code == 0, err
    rows = _sched(capsys, roadmap)
    assert rows["api"]["driver"] == {"kind": "started"}
    assert (rows["api"]["start"], rows["api"]["finish"]) == ("2027-01-05", "2027-01-11")
    assert rows["ui"]["start"] == "2027-01-12"  # pushed one day
    assert "API (the progress update): 1 working day later" in out
    assert "UI: 1 working day later" in out
    run(capsys, "export", roadmap, tmp_path / "back.json")
    item = plan_from_json((tmp_path / "back.json").read_text()).item("api")
    assert (item.actual_start.isoformat(), item.estimate) == ("2027-01-05", 5)
    # notices like a slip: every team moved gets one, its own included
    _, out, _ = run(capsys, "notices", roadmap, "--format", "json")
    assert sorted(n["team"] for n in json.loads(out)) == ["be", "fe"]


def test_remaining_counts_today_as_the_first_day(capsys, roadmap):
    run(capsys, "update", roadmap, "api", "--started", "2027-01-04", "--today", "2027-01-06")
    # Wed 6 Jan, 4 days left: Wed, Thu, Fri, Mon -> finishes Mon 11 Jan
    code, _, err = run(capsys, "update", roadmap, "api", "--remaining", "4",
                       "--today", "2027-01-06")  # fmt: skip
    assert code == 0, err
    rows = _sched(capsys, roadmap)
    assert (rows["api"]["start"], rows["api"]["finish"]) == ("2027-01-04", "2027-01-11")
    assert rows["ui"]["start"] == "2027-01-12"


def test_remaining_on_a_weekend_counts_from_monday(capsys, roadmap):
    run(capsys, "update", roadmap, "api", "--started", "2027-01-04", "--today", "2027-01-09")
    # Sat 9 Jan, 2 left: Mon 11 and Tue 12
    assert (
        run(capsys, "update", roadmap, "api", "--remaining", "2", "--today", "2027-01-09")[0] == 0
    )
    assert _sched(capsys, roadmap)["api"]["finish"] == "2027-01-12"


def test_remaining_is_refused_for_an_item_not_started(capsys, roadmap):
    before = roadmap.read_bytes()
    code, out, err = run(capsys, "update", roadmap, "ui", "--remaining", "3",
                         "--today", "2027-01-05")  # fmt: skip
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "'ui'" in err and "not started" in err
    assert roadmap.read_bytes() == before


def test_a_scheduled_start_before_today_counts_as_started(capsys, roadmap):
    # no actual start recorded, but it was due to start on Monday: today Wed, 5 left
    assert (
        run(capsys, "update", roadmap, "api", "--remaining", "5", "--today", "2027-01-06")[0] == 0
    )
    rows = _sched(capsys, roadmap)
    assert (rows["api"]["start"], rows["api"]["finish"]) == ("2027-01-04", "2027-01-12")


def test_done_takes_its_scheduled_start_when_none_was_recorded(capsys, roadmap, tmp_path):
    code, _, err = run(capsys, "update", roadmap, "api", "--done", "2027-01-07",
                       "--today", "2027-01-07")  # fmt: skip
    assert code == 0, err
    rows = _sched(capsys, roadmap)
    assert rows["api"]["driver"] == {"kind": "done"}
    assert (rows["api"]["start"], rows["api"]["finish"]) == ("2027-01-04", "2027-01-07")
    assert rows["ui"]["start"] == "2027-01-11"  # its own planned date holds it
    run(capsys, "export", roadmap, tmp_path / "back.json")
    item = plan_from_json((tmp_path / "back.json").read_text()).item("api")
    assert (item.done, item.actual_start.isoformat(), item.progress) == (True, "2027-01-04", 100)


def test_progress_is_shown_never_scheduled(capsys, roadmap, tmp_path):
    before = _sched(capsys, roadmap)
    assert run(capsys, "update", roadmap, "api", "--progress", "60")[0] == 0
    assert _sched(capsys, roadmap) == before
    run(capsys, "export", roadmap, tmp_path / "back.json")
    assert plan_from_json((tmp_path / "back.json").read_text()).item("api").progress == 60


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--progress", "101"], "progress must be 0 to 100"),
        (["--done", "2027-01-01", "--started", "2027-01-04"], "before it started"),
        (["--done", "2027-13-01"], "--done"),
        (["--remaining", "0", "--started", "2027-01-04"], "at least 1"),
        ([], "nothing to record"),
        (["--done", "2027-01-08", "--remaining", "2"], "not both"),
    ],
)
def test_bad_updates_say_what_is_wrong_in_one_line(capsys, roadmap, args, words):
    before = roadmap.read_bytes()
    code, out, err = run(capsys, "update", roadmap, "api", *args, "--today", "2027-01-06")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and words in err, err
    assert roadmap.read_bytes() == before


def test_a_milestone_cannot_be_started(capsys, tmp_path):

    plan = Plan("M", items=(Item("m", kind="milestone", start=date(2027, 1, 8), duration=0),))
    path = _roadmap(tmp_path, capsys, plan)
    code, _, err = run(capsys, "update", path, "m", "--started", "2027-01-04")
    assert code == 1 and "mark it done" in err


def test_undo_restores_the_update_and_withdraws_its_notices(capsys, roadmap):
    before = _sched(capsys, roadmap)
    run(capsys, "update", roadmap, "api", "--started", "2027-01-06", "--today", "2027-01-06")
    assert run(capsys, "undo", roadmap)[0] == 0
    assert _sched(capsys, roadmap) == before
    _, out, _ = run(capsys, "notices", roadmap, "--format", "json")
    assert json.loads(out) == []


def test_the_sprint_start_baseline_is_kept_when_edited_in_the_sprint(capsys, tmp_path):

    sprint = Sprint("Sprint 1", date(2027, 1, 4), date(2027, 1, 15))
    plan = Plan("S", sprints=(sprint,), items=PLAN.items, teams=PLAN.teams,
                dependencies=PLAN.dependencies)  # fmt: skip
    path = _roadmap(tmp_path, capsys, plan)
    # an edit before the sprint keeps nothing
    run(capsys, "slip", path, "ui", "--days", "1", "--reason", "r", "--today", "2027-01-01")
    _, out, _ = run(capsys, "baselines", path, "--json")
    assert json.loads(out) == {"baselines": []}
    before = _sched(capsys, path)
    run(capsys, "slip", path, "api", "--days", "2", "--reason", "r", "--today", "2027-01-05")
    _, out, _ = run(capsys, "baselines", path, "--json")
    assert [b["name"] for b in json.loads(out)["baselines"]] == ["Sprint 1 start"]
    # it holds the dates from before the edit, and a later edit does not replace it
    run(capsys, "slip", path, "api", "--days", "2", "--reason", "r", "--today", "2027-01-06")
    _, out, _ = run(capsys, "compare", path, "Sprint 1 start", "--json")
    shifts = {i["id"]: i["shift"] for i in json.loads(out)["items"]}
    assert shifts["api"] == 4
    assert before["api"]["finish"] == "2027-01-08"


def test_a_slip_of_an_item_in_progress_makes_it_longer(capsys, roadmap):
    # started (recorded) on Tue 5 Jan, though "today" is before it: it takes longer
    run(capsys, "update", roadmap, "api", "--started", "2027-01-05", "--today", "2027-01-05")
    assert run(capsys, "slip", roadmap, "api", "--days", "2", "--reason", "r",
               "--today", "2027-01-01")[0] == 0  # fmt: skip
    rows = _sched(capsys, roadmap)
    assert (rows["api"]["start"], rows["api"]["finish"]) == ("2027-01-05", "2027-01-13")
