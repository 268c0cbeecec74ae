"""The Linear CSV reader on both of Linear's published export shapes (with the link
columns and without): the exact plan and fidelity report, the options, and files it must
refuse in one line."""

from __future__ import annotations

import time
from datetime import date

import pytest
from clitools import run
from conftest import DATA
from filecheck import folder_state

from planner.domain.jsonio import plan_to_dict
from planner.interchange.linear import read_linear_csv
from planner.interchange.reading import ImportOptions, read_import

WITH_LINKS = DATA / "interchange" / "linear-with-links.csv"
PLAIN = DATA / "interchange" / "linear-plain.csv"
JIRA = DATA / "interchange" / "jira-payments.csv"
HEADER = "ID,Team,Title,Status,Estimate,Created,Started,Completed,Canceled"


def read(path=WITH_LINKS, **options):
    return read_import(path, ImportOptions(source="linear", **options))


def read_text(text: str, **options):
    return read_linear_csv(text, "issues", ImportOptions(source="linear", **options))


def test_the_export_with_links_is_read_exactly():
    plan = plan_to_dict(read().plan)
    assert plan["teams"] == [
        {"id": "ENG", "name": "Engineering", "color": "#4C72B0"},
        {"id": "DES", "name": "Design", "color": "#DD8452"},
    ]
    # Each team numbers its own cycles: a name two teams use gets the team's name.
    assert plan["sprints"] == [
        {"name": "Cycle 12 (Engineering)", "start": "2026-04-06", "finish": "2026-04-17",
         "team": "ENG"},
        {"name": "Cycle 13 (Engineering)", "start": "2026-04-20", "finish": "2026-05-01",
         "team": "ENG"},
        {"name": "Cycle 12 (Design)", "start": "2026-04-06", "finish": "2026-04-17",
         "team": "DES"},
    ]  # fmt: skip
    assert plan["items"] == [
        {"id": "ENG-1", "title": "Auth service", "team": "ENG", "kind": "task",
         "start": "2026-04-06", "duration": 3, "done": True, "actual_start": "2026-04-06",
         "actual_finish": "2026-04-09", "notes": "OAuth2 + PKCE"},
        {"id": "ENG-2", "title": "Session tokens", "team": "ENG", "kind": "task",
         "start": "2026-04-10", "duration": 5, "deadline": "2026-04-24",
         "actual_start": "2026-04-10"},
        {"id": "ENG-3", "title": "Rate limiting", "team": "ENG", "kind": "task",
         "start": "2026-04-20", "duration": 2},
        {"id": "ENG-5", "title": "Audit log", "team": "ENG", "kind": "task",
         "start": "2026-04-02", "duration": 1},
        {"id": "DES-1", "title": "Login screens", "team": "DES", "kind": "task",
         "start": "2026-04-06", "duration": 8, "done": True, "actual_start": "2026-04-06",
         "actual_finish": "2026-04-15"},
        {"id": "DES-2", "title": "Design system tokens", "team": "DES", "kind": "task",
         "start": "2026-04-03", "duration": 1, "deadline": "2026-05-08"},
    ]  # fmt: skip
    assert [(d["from"], d["to"], d["type"], d["lag"]) for d in plan["dependencies"]] == [
        ("ENG-1", "ENG-2", "FS", 0),
        ("ENG-2", "ENG-3", "FS", 0),
        ("DES-1", "DES-2", "FS", 0),
    ]


def test_the_fidelity_report_of_the_export_with_links():
    f = read().fidelity
    assert f.summary() == (
        "converted 2 teams, 6 tasks, 3 dependencies, 3 sprints; approximated 4; dropped 7"
    )
    assert [(n.what, n.how) for n in f.approximated] == [
        ("issue 'ENG-3' ('Rate limiting')", "start: the start of its cycle 'Cycle 13'"),
        (
            "issue 'ENG-5' ('Audit log')",
            "no estimate: 1 working day; start: its Created date (not started, no dated cycle)",
        ),
        (
            "issue 'DES-2' ('Design system tokens')",
            "start: its Created date (not started, no dated cycle)",
        ),
        ("5 estimates", "made working days: estimate / 1 per day, rounded up, at least 1"),
    ]
    assert [(n.what, n.how) for n in f.dropped] == [
        ("issue 'ENG-4' ('Legacy login page')", "canceled (its 1 link with it)"),
        ("link 'ENG-9' blocks 'ENG-3'", "'ENG-9' is not in this file"),
        ("link 'ENG-4' blocks 'ENG-5'", "'ENG-4' was canceled"),
        ("1 parent link", "the plan is flat: a sub-issue is an item of its own"),
        ("1 link in Related to", "only blocking links order work"),
        (
            "9 other columns",
            "not part of a roadmap plan: Priority, Project ID, Project, Creator, Assignee,"
            " Labels, Updated, UUID, Time in status (minutes)",
        ),
        ("cycle 'Cycle 13' of 'Design' (1 issue)", "the export gives no dates for it"),
    ]


def test_the_export_without_links_is_read_exactly():
    result = read(PLAIN)
    plan = plan_to_dict(result.plan)
    assert plan["teams"] == [{"id": "WEB", "name": "Web", "color": "#4C72B0"}]
    assert plan["sprints"] == [
        {"name": "Cycle 3", "start": "2026-05-04", "finish": "2026-05-15", "team": "WEB"},
        {"name": "Cycle 4", "start": "2026-05-18", "finish": "2026-05-29", "team": "WEB"},
    ]
    assert plan["items"] == [
        {"id": "WEB-7", "title": "Pricing page", "team": "WEB", "kind": "task",
         "start": "2026-05-04", "duration": 2, "done": True, "actual_start": "2026-05-04",
         "actual_finish": "2026-05-07"},
        {"id": "WEB-8", "title": "Checkout copy", "team": "WEB", "kind": "task",
         "start": "2026-05-11", "duration": 3, "deadline": "2026-05-15",
         "actual_start": "2026-05-11"},
        {"id": "WEB-9", "title": "Launch blog post", "team": "WEB", "kind": "task",
         "start": "2026-05-18", "duration": 1, "deadline": "2026-05-22"},
    ]  # fmt: skip
    assert plan["dependencies"] == []
    f = result.fidelity
    assert f.summary() == "converted 1 team, 3 tasks, 2 sprints; approximated 2; dropped 1"
    assert [n.what for n in f.dropped] == ["6 other columns"]


def test_points_per_day():
    durations = {it.id: it.duration for it in read(points_per_day=2).plan.items}
    assert durations == {"ENG-1": 2, "ENG-2": 3, "ENG-3": 1, "ENG-5": 1, "DES-1": 4, "DES-2": 1}


def test_a_blocks_column_and_blocked_by_say_one_dependency():
    text = (
        f"{HEADER},Blocked by,Blocks\n"
        "A-1,Core,One,Todo,1,2026-04-01T09:00:00Z,,,,,A-2\n"
        "A-2,Core,Two,Todo,1,2026-04-01T09:00:00Z,,,,A-1,A-2\n"
    )
    result = read_text(text)
    assert [(d.pred, d.succ) for d in result.plan.dependencies] == [("A-1", "A-2")]
    assert [(n.what, n.how) for n in result.fidelity.dropped] == [
        ("link 'A-2' blocks 'A-2'", "an issue cannot block itself")
    ]


def test_odd_dates_and_ids_are_approximated_and_noted():
    text = (
        f"{HEADER},Due Date\n"
        "A-1,Core,Done without a date,Done,2,2026-04-01T09:00:00Z,,,,\n"
        "A-2,Core,Completed before started,Done,2,2026-04-01T09:00:00Z,"
        "2026-04-09T09:00:00Z,2026-04-08T17:00:00Z,,\n"
        "A-2,Core,Same id,Todo,,2026-04-02T09:00:00Z,,,,not a day\n"
        ",Core,No id,Todo,,,,,,\n"
    )
    result = read_text(text)
    items = {it.id: it for it in result.plan.items}
    assert (items["A-1"].done, items["A-1"].actual_finish) == (True, None)
    a2 = items["A-2"]
    assert (a2.start, a2.actual_start, a2.actual_finish) == (date(2026, 4, 8),) * 3
    assert items["A-2_2"].title == "Same id" and items["A-2_2"].deadline is None
    approximated = {n.what: n.how for n in result.fidelity.approximated}
    assert approximated["issue 'A-1' ('Done without a date')"] == (
        "start: its Created date (not started, no dated cycle); done without a Completed"
        " date: it sits on its planned dates"
    )
    assert approximated["issue 'A-2' ('Completed before started')"] == (
        "completed 2026-04-08, before it started 2026-04-09: starts that day"
    )
    dropped = {n.what: n.how for n in result.fidelity.dropped}
    assert dropped["issue 'A-2_2' ('Same id')"] == "Due Date 'not a day' is not a date"
    assert dropped["row 5"] == "no ID"


def test_teams_get_distinct_ids():
    text = (
        f"{HEADER}\nX-1,Core,One,Todo,,,,,\nX-2,Platform,Two,Todo,,,,,\nAB,QA,Three,Todo,,,,,\n"
        "X-3,,Four,Todo,,,,,\n"
    )
    plan = read_text(text).plan
    assert {t.id: t.name for t in plan.teams} == {"X": "Core", "X_2": "Platform", "QA": "QA"}
    assert [it.team for it in plan.items] == ["X", "X_2", "QA", None]


def test_import_through_the_cli_prints_the_report(capsys, tmp_path):
    roadmap = tmp_path / "r.roadmap"
    code, out, err = run(capsys, "import", WITH_LINKS, roadmap, "--from", "linear")
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == [
        f"{roadmap}: 6 items, 3 dependencies",
        "Linear CSV: " + read().fidelity.summary(),
    ]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda tmp: JIRA, "jira-payments: not a Linear CSV export: missing the columns 'ID',"
         " 'Team', 'Title'"),
        (lambda tmp: _ours(tmp), "ours: not a Linear CSV export: missing the column 'Status'"),
    ],
)  # fmt: skip
def test_another_tools_csv_is_refused_naming_the_missing_columns(capsys, tmp_path, make, expected):
    source = make(tmp_path)
    (tmp_path / "out").mkdir()
    before = folder_state(tmp_path)
    started = time.perf_counter()
    code, out, err = run(
        capsys, "import", source, tmp_path / "out" / "r.roadmap", "--from", "linear"
    )
    elapsed = time.perf_counter() - started
    assert (code, out, err) == (1, "", f"planner: {expected}\n")
    assert folder_state(tmp_path) == before
    assert elapsed < 1.0


def _ours(tmp_path):
    path = tmp_path / "ours.csv"
    path.write_text("id,title,team,start,duration\napi,Payments API,be,2027-01-04,10\n")
    return path
