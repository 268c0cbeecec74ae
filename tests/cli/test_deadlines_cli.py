"""planner propose / commit / agree / watch / deadlines (DESIGN.md, 'Team-driven
deadlines') on a small worked plan: every command's output, the status going proposed
-> committed -> agreed -> at risk -> missed, the gap in working days, the negotiation
log, the undo of each step, and the refusals in one line."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from clitools import run

from planner.app.session import PlanSession

TODAY = "2027-02-01"
# Mon-Fri. Web's three done tasks each took 4 working days for an estimate of 2: the
# forecast doubles every web task left, the same in every run (no spread). Build (web)
# Mon 1 - Fri 5 Mar, FS to the Launch milestone (Fri 5 Mar). Forecast as of 1 Feb:
# Build takes 10 days, Mon 1 - Fri 12 Mar, so the launch's P80 is Fri 12 Mar.
PLAN = {
    "name": "Launch plan",
    "teams": [{"id": "web", "name": "Web", "contact": "web@example.com"}],
    "stakeholders": [{"id": "mkt", "name": "Marketing", "contact": "ann@example.com"},
                     {"id": "sales", "name": "Sales"}],
    "items": [
        *({"id": f"d{k}", "title": f"Done {k}", "team": "web", "kind": "task",
           "start": "2027-01-04", "duration": 2, "done": True, "actual_start": "2027-01-04",
           "actual_finish": "2027-01-07"} for k in (1, 2, 3)),
        {"id": "build", "title": "Build", "team": "web", "kind": "task",
         "start": "2027-03-01", "duration": 5},
        {"id": "launch", "title": "Launch", "team": "web", "kind": "milestone",
         "start": "2027-03-05", "duration": 0},
    ],
    "dependencies": [{"from": "build", "to": "launch"}],
}  # fmt: skip


@pytest.fixture
def plan_json(tmp_path: Path) -> Path:
    path = tmp_path / "launch.json"
    path.write_text(json.dumps(PLAN))
    return path


@pytest.fixture
def roadmap(tmp_path: Path, capsys, plan_json: Path) -> Path:
    path = tmp_path / "launch.roadmap"
    assert run(capsys, "import", plan_json, path)[0] == 0
    return path


def deadlines(capsys, roadmap, today=TODAY) -> list[dict]:
    code, out, err = run(capsys, "deadlines", roadmap, "--json", "--today", today)
    assert (code, err) == (0, "")
    return json.loads(out)["items"]


def step(capsys, *args) -> str:
    code, out, err = run(capsys, *args, "--today", TODAY)
    assert (code, err) == (0, ""), err
    return out


def test_the_status_goes_proposed_committed_agreed_at_risk_missed(capsys, roadmap):
    assert deadlines(capsys, roadmap) == []
    out = step(capsys, "propose", roadmap, "launch", "--date", "2027-03-03", "--by", "mkt",
               "--note", "campaign")  # fmt: skip
    assert out == (
        "Propose a date for Launch: target Wed 3 Mar 2027 (Marketing); scheduled to finish"
        " Fri 5 Mar 2027, 2 working days later than asked\n"
    )
    target = {"date": "2027-03-03", "by": "mkt", "note": "campaign"}
    assert deadlines(capsys, roadmap) == [
        {"id": "launch", "target": target, "commitment": None, "agreed": None,
         "finish": "2027-03-05", "p80": "2027-03-12", "status": "proposed", "gap": 2},
    ]  # fmt: skip

    out = step(capsys, "commit", roadmap, "launch", "--date", "2027-03-12", "--note", "x2")
    assert out == (
        "Commit to a date for Launch: target Wed 3 Mar 2027 (Marketing); commitment Fri 12"
        " Mar 2027; scheduled to finish Fri 5 Mar 2027, 2 working days later than asked\n"
    )
    [row] = deadlines(capsys, roadmap)
    assert row["status"] == "committed" and row["agreed"] is None
    assert row["commitment"] == {"date": "2027-03-12", "note": "x2"}

    out = step(capsys, "agree", roadmap, "launch")  # the commitment
    assert out == (
        "Agree the date of Launch: target Wed 3 Mar 2027 (Marketing); commitment Fri 12 Mar"
        " 2027; agreed Fri 12 Mar 2027 (its deadline); scheduled to finish Fri 5 Mar 2027,"
        " 2 working days later than asked\n"
    )
    [row] = deadlines(capsys, roadmap)
    assert (row["status"], row["agreed"], row["p80"], row["gap"]) == (
        "agreed", "2027-03-12", "2027-03-12", 2,
    )  # fmt: skip

    # a day's slip: scheduled Mon 8, on time; the forecast's 10 days end Mon 15: at risk
    step(capsys, "slip", roadmap, "build", "--days", "1", "--reason", "late specs")
    [row] = deadlines(capsys, roadmap)
    assert (row["finish"], row["p80"], row["status"], row["gap"]) == (
        "2027-03-08", "2027-03-15", "at risk", 3,
    )  # fmt: skip

    # five more: scheduled Mon 15, after the agreed Fri 12: missed
    step(capsys, "slip", roadmap, "build", "--days", "5", "--reason", "vendor sandbox down")
    [row] = deadlines(capsys, roadmap)
    assert (row["finish"], row["status"], row["gap"]) == ("2027-03-15", "missed", 8)


def test_an_agreed_date_that_passed_with_the_item_not_done_is_missed(capsys, roadmap):
    step(capsys, "commit", roadmap, "launch", "--date", "2027-03-12")
    step(capsys, "agree", roadmap, "launch")
    assert deadlines(capsys, roadmap, "2027-03-12")[0]["status"] == "agreed"
    assert deadlines(capsys, roadmap, "2027-03-15")[0]["status"] == "missed"


def test_agree_with_a_date_and_a_commitment_without_a_target(capsys, roadmap):
    step(capsys, "commit", roadmap, "build", "--date", "2027-03-05")
    [row] = deadlines(capsys, roadmap)
    assert (row["status"], row["target"], row["gap"], row["p80"]) == ("committed", None, None, None)
    out = step(capsys, "agree", roadmap, "build", "--date", "2027-03-19")
    assert out == (
        "Agree the date of Build: commitment Fri 5 Mar 2027; agreed Fri 19 Mar 2027 (its"
        " deadline); scheduled to finish Fri 5 Mar 2027\n"
    )
    [row] = deadlines(capsys, roadmap)  # with a deadline it is forecast: Fri 12, on time
    assert (row["agreed"], row["p80"], row["status"]) == ("2027-03-19", "2027-03-12", "agreed")
    session = PlanSession.open(roadmap, read_only=True)
    assert session.plan.item("build").deadline.isoformat() == "2027-03-19"
    session.close()


def test_the_table_for_a_person(capsys, roadmap, plan_json):
    step(capsys, "propose", roadmap, "launch", "--date", "2027-03-08", "--by", "sales")
    step(capsys, "commit", roadmap, "build", "--date", "2027-03-05")
    code, out, _ = run(capsys, "deadlines", roadmap, "--today", TODAY)
    assert code == 0
    assert out.splitlines() == [
        "id      status     target      by     commitment  agreed  finish      P80"
        "         gap  title",
        "build   committed                     2027-03-05          2027-03-05"
        "                   Build",
        "launch  proposed   2027-03-08  Sales                      2027-03-05  2027-03-12"
        "  -1   Launch",
    ]
    code, out, _ = run(capsys, "deadlines", plan_json, "--today", TODAY)
    assert (code, out) == (0, "No targets, commitments or agreed dates.\n")


def test_propose_makes_the_stakeholder_a_watcher_and_each_step_is_logged(capsys, roadmap):
    step(capsys, "propose", roadmap, "launch", "--date", "2027-03-03", "--by", "mkt")
    step(capsys, "propose", roadmap, "launch", "--date", "2027-03-04", "--by", "sales",
         "--note", "fair")  # fmt: skip
    assert run(capsys, "commit", roadmap, "launch", "--date", "2027-03-05")[0] == 0
    session = PlanSession.open(roadmap, read_only=True)
    launch = session.plan.item("launch")
    session.close()
    assert launch.watchers == ("mkt", "sales")
    assert launch.target.by == "sales" and launch.target.note == "fair"
    log = [(s.kind, s.date.isoformat(), s.by, s.note, s.when) for s in launch.negotiation]
    assert log[:2] == [
        ("target", "2027-03-03", "mkt", "", TODAY),
        ("target", "2027-03-04", "sales", "fair", TODAY),
    ]
    assert log[2][:4] == ("commitment", "2027-03-05", "web", "")
    assert datetime.fromisoformat(log[2][4]).tzinfo is not None  # no --today: the clock's time


def test_watch_and_stop_watching(capsys, roadmap):
    out = step(capsys, "watch", roadmap, "build", "--by", "mkt")
    assert out == "Add a watcher to Build: Marketing now watches it\n"
    code, _, err = run(capsys, "watch", roadmap, "build", "--by", "mkt")
    assert (code, err) == (1, "planner: 'Marketing' already watches 'Build'\n")
    out = step(capsys, "watch", roadmap, "build", "--by", "mkt", "--stop")
    assert out == "Remove a watcher from Build: Marketing no longer watches it\n"
    code, _, err = run(capsys, "watch", roadmap, "build", "--by", "mkt", "--stop")
    assert (code, err) == (1, "planner: 'Marketing' does not watch 'Build'\n")


def test_every_step_is_one_undo_and_the_history_names_it(capsys, roadmap):
    stages = [deadlines(capsys, roadmap)]
    steps = [
        ("propose", roadmap, "launch", "--date", "2027-03-03", "--by", "mkt", "--note", "gala"),
        ("commit", roadmap, "launch", "--date", "2027-03-12"),
        ("agree", roadmap, "launch"),
        ("watch", roadmap, "launch", "--by", "sales"),
    ]
    for args in steps:
        step(capsys, *args)
        stages.append(deadlines(capsys, roadmap))
    _, out, _ = run(capsys, "history", roadmap, "--json")
    labels = [e["label"] for e in json.loads(out)["edits"]][:4]
    assert labels == [
        "Add a watcher to Launch", "Agree the date of Launch", "Commit to a date for Launch",
        "Propose a date for Launch",
    ]  # fmt: skip
    session = PlanSession.open(roadmap, read_only=True)
    watched = session.plan.item("launch").watchers
    session.close()
    assert watched == ("mkt", "sales")
    for before in reversed(stages[:-1]):
        assert run(capsys, "undo", roadmap)[0] == 0
        assert deadlines(capsys, roadmap) == before
    session = PlanSession.open(roadmap, read_only=True)
    launch = session.plan.item("launch")
    session.close()
    assert (launch.watchers, launch.negotiation, launch.deadline) == ((), (), None)
    assert run(capsys, "redo", roadmap)[0] == 0
    assert deadlines(capsys, roadmap) == stages[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("propose", "launch", "--date", "2027-03-03", "--by", "ceo"),
         "planner: no stakeholder with id 'ceo'"),
        (("propose", "launch", "--date", "2027-03-03", "--by", "web"),
         "planner: no stakeholder with id 'web'"),
        (("propose", "nope", "--date", "2027-03-03", "--by", "mkt"),
         "planner: no item with id 'nope'"),
        (("commit", "launch", "--date", "2027-02-30"),
         "planner: --date: '2027-02-30' is not a valid date (YYYY-MM-DD)"),
        (("commit", "launch", "--date", "3000-01-01"),
         "planner: item 'launch': commitment 3000-01-01 is outside the calendar"),
        (("agree", "launch"),
         "planner: item 'launch': no commitment to agree on; give the date agreed"),
        (("watch", "launch", "--by", "\x1b[2J"),
         "planner: no stakeholder with id '\\x1b[2J'"),
        (("propose", "launch", "--date", "2027-03-03", "--by", "mkt", "--note", "x" * 2001),
         "planner: item 'launch': the target note is longer than 2000 characters"),
    ],
)  # fmt: skip
def test_a_refused_step_says_why_in_one_line_and_changes_nothing(capsys, roadmap, args, message):
    before = deadlines(capsys, roadmap)
    code, out, err = run(capsys, args[0], roadmap, *args[1:], "--today", TODAY)
    assert (code, out) == (1, "")
    assert err.startswith(message) and err.count("\n") == 1
    assert deadlines(capsys, roadmap) == before
    code, out, _ = run(capsys, "history", roadmap, "--json")
    assert len(json.loads(out)["edits"]) == 1  # the import only


def test_bad_usage_is_exit_2(capsys, roadmap):
    with pytest.raises(SystemExit) as e:
        run(capsys, "propose", roadmap, "launch", "--by", "mkt")  # no --date
    assert e.value.code == 2


def test_watchers_notices_reach_planner_notices(capsys, roadmap):
    step(capsys, "propose", roadmap, "launch", "--date", "2027-03-03", "--by", "mkt")
    step(capsys, "slip", roadmap, "build", "--days", "2", "--reason", "vendor sandbox down")
    code, out, _ = run(capsys, "notices", roadmap, "--format", "json")
    assert code == 0
    got = [(n["team"], n["recipient"], [it["id"] for it in n["items"]]) for n in json.loads(out)]
    assert got == [("web", "team", ["build", "launch"]), ("mkt", "stakeholder", ["launch"])]
    code, out, _ = run(capsys, "notices", roadmap, "--team", "mkt")
    assert out.splitlines()[:3] == [
        "Marketing: 1 change",
        out.splitlines()[1],
        "  Why: vendor sandbox down (Slip: Build)",
    ]
    assert out.splitlines()[1].startswith("Launch moves to Tue 9 Mar (+2 working days) (recorded")
    code, out, _ = run(capsys, "notices", roadmap, "--team", "mkt", "--format", "eml")
    assert "Subject: Launch moves to Tue 9 Mar (+2 working days)\n" in out
    code, _, err = run(capsys, "notices", roadmap, "--team", "nope")
    assert (code, err) == (1, "planner: no team or stakeholder with id 'nope'\n")
