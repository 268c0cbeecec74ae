"""The Jira CSV reader on a realistic export (a BOM, repeated Sprint / Labels / Blocks /
Fix Version/s / Component/s columns, Jira's 12/Mar/26 dates): the exact plan and the
exact fidelity report, the options, and files it must refuse in one line."""

from __future__ import annotations

import time
from datetime import date

import pytest
from clitools import run
from conftest import DATA
from filecheck import folder_state

from planner.domain.errors import PlanError
from planner.domain.jsonio import plan_to_dict
from planner.interchange.csvtools import parse_day
from planner.interchange.jira import read_jira_csv
from planner.interchange.reading import ImportOptions, read_import

JIRA = DATA / "interchange" / "jira-payments.csv"
LINEAR = DATA / "interchange" / "linear-with-links.csv"
HEADER = "Issue key,Summary,Issue Type,Status,Created"


def read(options: ImportOptions | None = None):
    return read_import(JIRA, options or ImportOptions(source="jira"))


def read_text(text: str, **options):
    return read_jira_csv(text, "issues", ImportOptions(source="jira", **options))


def test_the_export_is_read_exactly():
    result = read()
    plan = plan_to_dict(result.plan)
    assert plan["teams"] == [
        {"id": "PAY", "name": "Payments", "color": "#4C72B0"},
        {"id": "MOB", "name": "Mobile", "color": "#DD8452"},
    ]
    assert plan["items"] == [
        {"id": "PAY-2", "title": "Payments API", "team": "PAY", "kind": "task",
         "start": "2026-03-02", "duration": 5, "done": True, "actual_finish": "2026-03-13",
         "notes": "REST endpoints for card payments.\nSee the RFC."},
        {"id": "PAY-3", "title": "Checkout UI", "team": "PAY", "kind": "task",
         "start": "2026-02-25", "duration": 8, "deadline": "2026-04-10"},
        {"id": "PAY-4", "title": "Fraud rules", "team": "PAY", "kind": "task",
         "start": "2026-03-03", "duration": 2},
        {"id": "PAY-5", "title": "Card tokenisation tests", "team": "PAY", "kind": "task",
         "start": "2026-03-04", "duration": 1},
        {"id": "MOB-1", "title": "Wallet screen", "team": "MOB", "kind": "task",
         "start": "2026-03-16", "duration": 4, "done": True, "actual_finish": "2026-03-20"},
        {"id": "MOB-2", "title": "Crash on resume", "team": "MOB", "kind": "task",
         "start": "2026-03-18", "duration": 3, "deadline": "2026-04-03"},
        {"id": "PAY-4_2", "title": "Fraud rules (copy)", "team": "PAY", "kind": "task",
         "start": "2026-03-05", "duration": 1},
    ]  # fmt: skip
    # PAY-2 blocks PAY-3 and PAY-4 (two repeated Outward columns), each also said by the
    # other end's Inward column: one dependency each.
    assert [(d["from"], d["to"], d["type"], d["lag"]) for d in plan["dependencies"]] == [
        ("PAY-2", "PAY-3", "FS", 0),
        ("PAY-2", "PAY-4", "FS", 0),
        ("MOB-1", "MOB-2", "FS", 0),
    ]
    assert plan["sprints"] == []
    assert plan["name"] == "jira-payments"


def test_the_fidelity_report_counts_and_names_everything():
    f = read().fidelity
    assert f.summary() == "converted 2 teams, 7 tasks, 3 dependencies; approximated 7; dropped 9"
    approximated = {n.what: n.how for n in f.approximated}
    assert approximated["issue 'PAY-3' ('Checkout UI')"] == (
        "start: its Created date (no start date, no dated sprint)"
    )
    assert approximated["issue 'PAY-5' ('Card tokenisation tests')"].startswith(
        "no estimate: 1 working day;"
    )
    assert (
        "its key is used twice in the file; here it is 'PAY-4_2'"
        in (approximated["issue 'PAY-4_2' ('Fraud rules (copy)')"])
    )
    assert approximated["3 story-point estimates"].startswith("made working days: points / 1")
    assert (
        approximated["2 time estimates"] == "made working days of 8 hours, rounded up, at least 1"
    )
    dropped = {n.what: n.how for n in f.dropped}
    assert dropped["epic 'PAY-1' ('Checkout revamp')"].endswith("its 3 issues kept")
    assert dropped["epic 'PAY-6' ('Refunds')"].endswith("it has no issues here")
    assert dropped["link 'PAY-4' blocks 'MOB-7'"] == "'MOB-7' is not in this file"
    assert dropped["1 link in Inward issue link (Relates)"] == "only Blocks links order work"
    assert dropped["1 parent link"].startswith("the plan is flat")
    assert dropped["sprint 'PAY Sprint 1' (2 issues)"] == "Jira's CSV export gives no sprint dates"
    assert "sprint 'PAY Sprint 2' (1 issue)" in dropped
    assert "sprint 'MOB Sprint 4' (1 issue)" in dropped
    assert dropped["10 other columns"] == (
        "not part of a roadmap plan: Project type, Priority, Resolution, Assignee, Reporter,"
        " Updated, Fix Version/s, Component/s, Labels, Custom field (Team)"
    )


def test_epics_as_milestones_and_a_team_field():
    result = read(
        ImportOptions(source="jira", team_field="custom field (team)", epics_as_milestones=True)
    )
    plan = plan_to_dict(result.plan)
    assert [t["id"] for t in plan["teams"]] == ["Core", "Web", "Apps"]
    assert plan["items"][0] == {
        "id": "PAY-1", "title": "Checkout revamp", "team": "Core", "kind": "milestone",
        "start": "2026-04-24", "duration": 0, "deadline": "2026-04-24",
        "notes": "New checkout, end to end.",
    }  # fmt: skip
    assert {it["id"]: it["team"] for it in plan["items"]}["PAY-3"] == "Web"
    # Its issues (by Parent = its Issue id, or by its key) finish before it.
    assert [(d["from"], d["to"]) for d in plan["dependencies"][:3]] == [
        ("PAY-2", "PAY-1"),
        ("PAY-3", "PAY-1"),
        ("MOB-2", "PAY-1"),
    ]
    assert len(plan["dependencies"]) == 6
    f = result.fidelity
    assert f.summary() == (
        "converted 3 teams, 7 tasks, 1 milestone, 6 dependencies; approximated 7; dropped 8"
    )
    dropped = {n.what: n.how for n in f.dropped}
    assert dropped["epic 'PAY-6' ('Refunds')"] == (
        "no due date to put its milestone on; it has no issues here"
    )
    assert dropped["11 other columns"].startswith("not part of a roadmap plan: Project key,")


def test_points_per_day_divides_and_rounds_up():
    result = read(ImportOptions(source="jira", points_per_day=2))
    durations = {it.id: it.duration for it in result.plan.items}
    assert (durations["PAY-2"], durations["PAY-3"], durations["MOB-2"]) == (3, 4, 2)
    assert durations["PAY-4"] == 2  # seconds are not points


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("12/Mar/26", date(2026, 3, 12)),
        ("12/Mar/26 9:41 AM", date(2026, 3, 12)),
        ("1/jan/2027 11:59 PM", date(2027, 1, 1)),
        ("31/Dec/99", date(1999, 12, 31)),
        ("2026-03-12", date(2026, 3, 12)),
        ("2026-03-12T23:30:00.000-0500", date(2026, 3, 12)),
        ("2024-05-14T08:53:33Z", date(2024, 5, 14)),
        ("31/Feb/26", None),
        ("12/Foo/26", None),
        ("12.03.2026", None),
        ("next Tuesday", None),
    ],
)
def test_dates_jira_writes(text, day):
    assert parse_day(text) == day


def test_a_bom_in_the_text_is_skipped_and_names_match_in_any_case():
    text = "\ufeffissue KEY,summary,Issue Type,STATUS,created\nA-1,One,Task,Done,02/Mar/26\n"
    item = read_text(text).plan.items[0]
    assert (item.id, item.title, item.done, item.start) == ("A-1", "One", True, date(2026, 3, 2))


def test_story_points_and_original_estimates():
    text = (
        f"{HEADER},Custom field (Story Points),Original Estimate\n"
        "A-1,Points,Task,To Do,02/Mar/26,2.5,\n"
        "A-2,Seconds,Task,To Do,02/Mar/26,,28801\n"
        "A-3,Zero,Task,To Do,02/Mar/26,0,\n"
        "A-4,Nonsense,Task,To Do,02/Mar/26,lots,\n"
    )
    result = read_text(text)
    assert [it.duration for it in result.plan.items] == [3, 2, 1, 1]
    dropped = {n.what: n.how for n in result.fidelity.dropped}
    assert dropped["issue 'A-4' ('Nonsense')"] == (
        "Custom field (Story Points) 'lots' is not a number"
    )


def test_status_category_decides_done_when_there_is_one():
    text = (
        f"{HEADER},Status Category,Resolved\n"
        "A-1,Won't do,Task,Won't Do,02/Mar/26,Done,04/Mar/26\n"
        "A-2,Closed but reopened,Task,Closed,02/Mar/26,In Progress,\n"
        "A-3,Resolved without date,Task,Resolved,02/Mar/26,,\n"
    )
    result = read_text(text)
    done = {it.id: (it.done, it.actual_finish) for it in result.plan.items}
    assert done == {"A-1": (True, date(2026, 3, 4)), "A-2": (False, None), "A-3": (True, None)}
    assert (
        "done without a Resolved date"
        in {n.what: n.how for n in result.fidelity.approximated}[
            "issue 'A-3' ('Resolved without date')"
        ]
    )


def test_dated_sprints_of_old_jira_server_become_sprints_and_starts():
    sprint = (
        '"com.atlassian.greenhopper.service.sprint.Sprint@be7f5f[id=82,rapidViewId=52,'
        "state=CLOSED,name=Chambers Sprint 9,goal=<null>,startDate=2016-04-25T10:44:22.273-05:00,"
        'endDate=2016-05-09T10:44:00.000-05:00,completeDate=<null>,sequence=82]"'
    )
    text = f"{HEADER},Sprint\nA-1,In the sprint,Task,To Do,01/Apr/16,{sprint}\n"
    result = read_text(text)
    (s,) = result.plan.sprints
    assert (s.name, s.start, s.finish, s.team) == (
        "Chambers Sprint 9",
        date(2016, 4, 25),
        date(2016, 5, 9),
        None,
    )
    assert result.plan.items[0].start == date(2016, 4, 25)
    assert result.fidelity.approximated[0].how == (
        "no estimate: 1 working day; start: the start of its sprint 'Chambers Sprint 9'"
    )


def test_rows_without_a_key_unreadable_dates_and_odd_links_are_noted():
    text = (
        f"{HEADER},Due date,Outward issue link (Blocks),Inward issue link (Blocks)\n"
        ",,,,,,,\n"  # a blank row, counted as a spreadsheet counts it
        ",No key,Task,To Do,02/Mar/26,,,\n"
        "A-\x1b[31m1,Bad due date,Task,To Do,02/Mar/26,someday,A-1,\n"
        "A-2,Blocked by a stranger,Task,To Do,02/Mar/26,,,Z-9\n"
    )
    result = read_text(text)
    assert [it.id for it in result.plan.items] == ["A-[31m1", "A-2"]  # no escape in an id
    dropped = {n.what: n.how for n in result.fidelity.dropped}
    assert dropped["row 3"] == "no Issue key"
    assert dropped["issue 'A-[31m1' ('Bad due date')"] == "Due date 'someday' is not a date"
    assert dropped["link 'Z-9' blocks 'A-2'"] == "'Z-9' is not in this file"
    assert result.plan.dependencies == ()  # 'A-1' names no issue of the file


def test_a_team_field_that_is_no_column_names_the_nearest():
    with pytest.raises(PlanError) as e:
        read(ImportOptions(source="jira", team_field="Team"))
    assert str(e.value) == (
        "jira-payments: --team-field 'Team' is not a column of this Jira export; nearest:"
        " 'Custom field (Team)', 'Status'"
    )


def test_a_repeated_team_column_takes_the_first_value():
    text = f"{HEADER},Component/s,Component/s\nA-1,Two teams,Task,To Do,02/Mar/26,API,Web\n"
    result = read_text(text, team_field="Component/s")
    assert [t.id for t in result.plan.teams] == ["API"]
    assert "team: the first of its Component/s values ('Web' left out)" in (
        result.fidelity.approximated[0].how
    )


def test_import_through_the_cli_prints_the_report(capsys, tmp_path):
    roadmap = tmp_path / "r.roadmap"
    code, out, err = run(capsys, "import", JIRA, roadmap, "--from", "jira")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"{roadmap}: 7 items, 3 dependencies"
    assert lines[1] == "Jira CSV: " + read().fidelity.summary()
    code, out, _ = run(capsys, "schedule", roadmap, "--json")
    assert code == 0 and '"PAY-3"' in out


def test_a_blocks_cycle_is_refused_in_one_line(capsys, tmp_path):
    path = tmp_path / "cycle.csv"
    path.write_text(
        f"{HEADER},Outward issue link (Blocks)\n"
        "A-1,One,Task,To Do,02/Mar/26,A-2\nA-2,Two,Task,To Do,02/Mar/26,A-1\n"
    )
    code, out, err = run(capsys, "import", path, tmp_path / "r.roadmap", "--from", "jira")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "dependency cycle" in err
    assert not (tmp_path / "r.roadmap").exists()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (LINEAR, "not a Jira CSV export: missing the columns 'Issue key', 'Summary'"),
        (DATA / "interchange" / "linear-plain.csv", "missing the columns 'Issue key', 'Summary'"),
    ],
)
def test_another_tools_csv_is_refused_naming_the_missing_columns(
    capsys, tmp_path, source, expected
):
    (tmp_path / "in").mkdir()
    before = folder_state(tmp_path)
    started = time.perf_counter()
    code, out, err = run(capsys, "import", source, tmp_path / "in" / "r.roadmap", "--from", "jira")
    elapsed = time.perf_counter() - started
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and expected in err and "Traceback" not in err
    assert folder_state(tmp_path) == before
    assert elapsed < 1.0


def test_our_own_csv_as_jira_is_refused(capsys, tmp_path):
    ours = tmp_path / "ours.csv"
    ours.write_text("id,title,start,duration\napi,Payments API,2027-01-04,10\n")
    code, _, err = run(capsys, "import", ours, tmp_path / "r.roadmap", "--from", "jira")
    assert code == 1
    assert err == (
        "planner: ours: not a Jira CSV export: missing the columns 'Issue key', 'Summary'\n"
    )


def test_an_empty_file_is_refused(capsys, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("\ufeff\n\n")
    code, _, err = run(capsys, "import", empty, tmp_path / "r.roadmap", "--from", "jira")
    assert (code, err) == (1, "planner: empty: the file is empty (expected a Jira CSV export)\n")


def test_hostile_titles_stay_data_and_reach_the_terminal_escaped(capsys, tmp_path):
    path = tmp_path / "hostile.csv"
    title = "\x1b[2J\x1b]0;pwned\x07 two\nlines"
    path.write_text(f'{HEADER}\nA-1,"{title}",Task,To Do,02/Mar/26\n')
    roadmap = tmp_path / "r.roadmap"
    code, out, _ = run(capsys, "import", path, roadmap, "--from", "jira")
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out
    assert "  - issue 'A-1' ('\\x1b[2J\\x1b]0;pwned\\x07 two\\x0alines'): no estimate" in out
    assert read_text(path.read_text()).plan.items[0].title == title  # kept as it was


def test_a_csv_whose_rows_all_fall_apart_is_refused_and_nothing_written(tmp_path, capsys):
    from clitools import run

    src = tmp_path / "q.csv"
    src.write_text('Summary,Issue key\n"unterminated,PAY-1\n')
    code, out, err = run(capsys, "import", src, tmp_path / "w.roadmap", "--from", "jira")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "nothing could be imported" in err
    assert not (tmp_path / "w.roadmap").exists()
