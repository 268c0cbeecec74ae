"""The GanttProject reader on a file shaped like GanttProject's own public sample
(HouseBuildingSample.gan): the exact plan, a schedule that puts every task where
GanttProject did, the exact fidelity report; and hostile or broken files refused in one
line, nothing written, within a second."""

from __future__ import annotations

import time
from datetime import date

import pytest
from clitools import run
from conftest import DATA
from filecheck import folder_state

from planner.domain.errors import PlanError
from planner.domain.jsonio import plan_to_dict
from planner.interchange.ganttproject import read_gan
from planner.interchange.reading import read_import
from planner.scheduling.propagate import schedule_plan

GAN = DATA / "interchange" / "ganttproject-launch.gan"
PROLOG = '<?xml version="1.0" encoding="UTF-8"?>'


def gan(tasks: str, calendars: str = "", extra: str = "") -> bytes:
    """A small .gan file around ``tasks`` (the inside of ``<tasks>``)."""
    return (
        f'{PROLOG}<project name="p" version="3.3.3309">{calendars}'
        f"<tasks>{tasks}</tasks>{extra}</project>"
    ).encode()


WEEK = (
    '<calendars><day-types><default-week sun="1" mon="0" tue="0" wed="0" thu="0" fri="0"'
    ' sat="1"/></day-types>{}</calendars>'
)


def test_the_file_is_read_exactly():
    plan = plan_to_dict(read_import(GAN).plan)
    assert plan["name"] == "Website launch"
    assert plan["calendar"] == {"weekend": ["sat", "sun"], "holidays": ["2026-05-25", "2026-12-25"]}
    # Top-level summaries are teams, with their colour; their id is the summary's.
    assert plan["teams"] == [
        {"id": "0", "name": "Design", "color": "#99ccff"},
        {"id": "4", "name": "Build", "color": "#ff9900"},
    ]
    assert plan["items"] == [
        {"id": "1", "title": "Wireframes", "team": "0", "kind": "task", "start": "2026-05-04",
         "duration": 5, "done": True, "progress": 100},
        {"id": "2", "title": "Visual design", "team": "0", "kind": "task",
         "start": "2026-05-11", "duration": 8, "progress": 40,
         "notes": "Brand colours from the style guide"},
        # GanttProject's milestone at the start of Thu 21 May = the end of Wed 20 May.
        {"id": "3", "title": "Design sign-off", "team": "0", "kind": "milestone",
         "start": "2026-05-20", "duration": 0},
        {"id": "5", "title": "Front end", "team": "4", "kind": "task", "start": "2026-05-14",
         "duration": 10},
        # 'Back end' (a summary inside 'Build') is flattened into Build's lane.
        {"id": "8", "title": "API", "team": "4", "kind": "task", "start": "2026-05-11",
         "duration": 6},
        {"id": "9", "title": "Database migration", "team": "4", "kind": "task",
         "start": "2026-05-19", "duration": 3},
        {"id": "7", "title": "Integration", "team": "4", "kind": "task", "start": "2026-05-26",
         "duration": 8},
        {"id": "10", "title": "Launch", "team": None, "kind": "milestone",
         "start": "2026-06-05", "duration": 0},
        {"id": "11", "title": "Marketing push", "team": None, "kind": "task",
         "start": "2026-06-01", "duration": 5},
    ]  # fmt: skip
    assert [(d["from"], d["to"], d["type"], d["lag"]) for d in plan["dependencies"]] == [
        ("1", "2", "FS", 0),
        ("2", "3", "FS", 0),
        ("2", "5", "SS", 3),
        ("5", "10", "FS", 0),  # Build -> Launch, from each of Build's tasks
        ("8", "10", "FS", 0),
        ("9", "10", "FS", 0),
        ("7", "10", "FS", 0),
        ("5", "7", "FF", 2),
        ("8", "7", "FS", 0),  # Back end -> Integration, from each of its tasks
        ("9", "7", "FS", 0),
        ("8", "9", "FS", 0),
        ("11", "10", "SF", -1),
    ]


def test_the_schedule_puts_every_task_where_ganttproject_did():
    """GanttProject's own dates (its start attributes) are what its links give: the
    planner's schedule of the imported plan starts every item on the same working-day
    point (a milestone's point being the start of GanttProject's day)."""
    from xml.etree.ElementTree import fromstring

    gp_start = {
        t.get("id"): date.fromisoformat(t.get("start"))
        for t in fromstring(GAN.read_bytes()).iter("task")
    }
    plan = read_import(GAN).plan
    schedule = schedule_plan(plan)
    cal = schedule.calendar
    for it in plan.items:
        assert schedule.start[schedule.index[it.id]] == cal.start_index(gp_start[it.id]), it.id


def test_the_fidelity_report_counts_and_names_everything():
    f = read_import(GAN).fidelity
    assert f.summary() == (
        "converted 2 teams, 7 tasks, 2 milestones, 12 dependencies, 2 holidays;"
        " approximated 7; dropped 15"
    )
    assert [n.what for n in f.approximated] == [
        "summary task 'Back end' (id '6')",
        "holiday every 25 Dec",
        "2 milestones",
        "dependency 'Build' -> 'Launch'",
        "dependency 'Back end' -> 'Integration'",
        "3 links marked 'Strong'",  # the one to a task not in the file is dropped
        "1 earliest-start constraint",
    ]
    notes = {n.what: n.how for n in f.approximated}
    assert (
        notes["holiday every 25 Dec"] == "repeated in each year of the plan's tasks, 2026 to 2026"
    )
    assert notes["dependency 'Build' -> 'Launch'"] == (
        "a summary is a team here: given from each task of 'Build'"
    )
    assert [(n.what, n.how) for n in f.dropped] == [
        (
            "calendar day 2026-05-30",
            "a working day on a weekend: the planner's weekends are every week",
        ),
        ("dependency 'Visual design' -> task '99'", "no such task in the file"),
        ("2 resources", "people are not part of a roadmap plan"),
        ("3 resource allocations", "people are not part of a roadmap plan"),
        ("1 vacation", "people are not part of a roadmap plan"),
        ("2 roles", "people are not part of a roadmap plan"),
        ("1 custom task column", "the plan has no custom columns"),
        ("12 custom column values", "the plan has no custom columns"),
        ("1 baseline", "not read: save one with 'planner baseline'"),
        ("2 view settings", "columns, zoom and filters are GanttProject's, not the plan's"),
        ("1 task priority", "the plan has no priorities"),
        ("1 task web link", "the plan has no links to pages"),
        ("1 task cost", "the plan has no costs"),
        ("9 task colours", "bars take their team's colour"),
        ("the project description", "the plan has no description"),
    ]


def test_the_public_sample_shape_reads_without_notes_for_plain_tasks():
    data = gan(
        '<task id="1" name="A" meeting="false" start="2026-01-05" duration="3"/>', WEEK.format("")
    )
    result = read_gan(data, "p")
    assert result.fidelity.exact
    (item,) = result.plan.items
    assert (item.id, item.team, item.start, item.duration) == ("1", None, date(2026, 1, 5), 3)


def test_lags_types_and_what_cannot_be_read():
    data = gan(
        '<task id="1" name="A" start="2026-01-05" duration="3">'
        '<depend id="2" type="3" difference="-2" hardness="Rubber"/>'
        '<depend id="3" type="7" difference="0" hardness="Rubber"/>'
        '<depend id="1" type="2" difference="0" hardness="Rubber"/></task>'
        '<task id="2" name="B" start="2026-01-05" duration="2">'
        '<depend id="3" type="2" difference="9999999" hardness="Rubber"/></task>'
        '<task id="3" name="C" start="someday" duration="2"/>'
        '<task id="4" name="D" start="2026-01-05" duration="x" complete="140"/>',
        WEEK.format(""),
    )
    result = read_gan(data, "p")
    assert [(d.pred, d.succ, d.type, d.lag) for d in result.plan.dependencies] == [
        ("1", "2", "FF", -2)
    ]
    assert [(n.what, n.how) for n in result.fidelity.dropped] == [
        ("task 'C' (id '3')", "no start date it can read ('someday')"),
        ("dependency 'A' -> 'C'", "unknown type '7' (1 to 4)"),
        ("dependency 'A' -> 'A'", "self-dependency"),
        ("dependency 'B' -> 'C'", "its task was not imported"),
    ]
    d = result.plan.item("4")
    assert (d.duration, d.progress, d.done) == (1, 100, True)
    assert result.fidelity.approximated[0].how == (
        "duration 'x' unreadable: 1 working day; complete 140% is out of range: 100%"
    )


def test_a_second_link_between_the_same_tasks_keeps_the_first():
    data = gan(
        '<task id="1" name="S" start="2026-01-05" duration="3">'
        '<depend id="3" type="1" difference="1" hardness="Rubber"/>'
        '<task id="2" name="A" start="2026-01-05" duration="2">'
        '<depend id="3" type="2" difference="0" hardness="Rubber"/></task></task>'
        '<task id="3" name="B" start="2026-01-08" duration="2"/>'
        '<task id="9" name="T" start="2026-01-05" duration="1">'
        '<depend id="1" type="1" difference="0" hardness="Rubber"/></task>'
    )
    result = read_gan(data, "p")
    assert result.plan.item("2").team == "1"
    assert [(d.pred, d.succ, d.type, d.lag) for d in result.plan.dependencies] == [
        ("2", "3", "SS", 1),  # S -> B, from each of S's tasks: the file's first link
        ("9", "2", "SS", 0),  # T -> S, to each of its tasks
    ]
    assert [(n.what, n.how) for n in result.fidelity.dropped] == [
        ("dependency '2' -> '3' FS+0", "the two tasks are already linked (SS+1): the first kept")
    ]


def test_recurring_holidays_and_the_week():
    calendars = WEEK.format(
        '<date year="" month="2" date="29" type="HOLIDAY"/>'
        '<date year="" month="1" date="1" type=""/>'
        '<date year="2027" month="13" date="1" type="HOLIDAY"/>'
        '<date year="2027" month="3" date="1" type="NEUTRAL"/>'
    ).replace('sun="1"', 'sun="0"')
    data = gan(
        '<task id="1" name="A" start="2027-12-20" duration="20"/>'
        '<task id="2" name="B" start="2028-02-21" duration="10"/>',
        calendars,
    )
    result = read_gan(data, "p")
    spec = result.plan.calendar
    assert spec.weekend == frozenset({5})  # only Saturday
    assert spec.holidays == (date(2027, 1, 1), date(2028, 1, 1), date(2028, 2, 29))
    notes = {n.what: n.how for n in result.fidelity.approximated}
    assert notes["holiday every 29 Feb"] == (
        "repeated in each year of the plan's tasks, 2027 to 2028"
    )
    dropped = {n.what: n.how for n in result.fidelity.dropped}
    assert dropped["calendar day '2027'-'13'-'1'"] == "not a date"
    assert dropped["calendar day 2027-03-01"] == "type 'NEUTRAL': only holidays are read"


def test_a_file_without_a_calendar_or_a_worked_week():
    no_calendar = read_gan(gan('<task id="1" name="A" start="2026-01-05" duration="1"/>'), "p")
    assert no_calendar.plan.calendar.weekend == frozenset({5, 6})
    assert no_calendar.fidelity.approximated[0].what == "the calendar"
    all_weekend = WEEK.format("").replace('="0"', '="1"')
    result = read_gan(
        gan('<task id="1" name="A" start="2026-01-05" duration="1"/>', all_weekend), "p"
    )
    assert result.plan.calendar.weekend == frozenset({5, 6})
    assert result.fidelity.approximated[0].how == "every day is a weekend day: Monday to Friday"


def test_ids_and_names_from_the_file_are_kept_as_data():
    data = gan(
        '<task id="7\u202e" name="Evil \u202eeman&#10;on two lines" start="2026-01-05"'
        ' duration="1"/>'
        '<task id="7" name="Twin" start="2026-01-05" duration="1"/>'
        '<task name="No id" start="2026-01-05" duration="1"/>',
        WEEK.format(""),
    )
    result = read_gan(data, "p")
    assert [it.id for it in result.plan.items] == ["7", "7_2", "task-3"]
    assert result.plan.items[0].title == "Evil \u202eeman\non two lines"
    assert [n.how for n in result.fidelity.approximated] == [
        "its id is used twice in the file; here it is 7_2",
        "no id in the file: one was made up",
    ]


def test_deep_nesting_is_read_without_recursion():
    depth = 3000
    opening = "".join(
        f'<task id="{i}" name="L{i}" start="2026-01-05" duration="1">' for i in range(depth)
    )
    data = gan(opening + "</task>" * depth)
    result = read_gan(data, "p")
    assert [it.id for it in result.plan.items] == [str(depth - 1)]
    assert result.plan.items[0].team == "0"
    summaries = [n for n in result.fidelity.approximated if n.what.startswith("summary")]
    assert len(summaries) == depth - 2  # all but the top one and the task


def test_a_link_between_huge_summaries_is_dropped_not_multiplied():
    tasks = "".join(
        f'<task id="a{i}" name="A" start="2026-01-05" duration="1"/>' for i in range(101)
    )
    more = "".join(
        f'<task id="b{i}" name="B" start="2026-01-05" duration="1"/>' for i in range(101)
    )
    data = gan(
        f'<task id="A" name="SA" start="2026-01-05" duration="1">{tasks}'
        '<depend id="B" type="2" difference="0"/></task>'
        f'<task id="B" name="SB" start="2026-01-05" duration="1">{more}</task>'
    )
    result = read_gan(data, "p")
    assert result.plan.dependencies == ()
    assert result.fidelity.dropped[0].how == "between summaries it would make 10,201 links"


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    + ']><project name="&lol9;"><tasks/></project>'
).replace("&lol0;", "&lol;")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (BILLION_LAUGHS, "refused: it declares a DTD"),
        (
            '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<project name="&x;"><tasks/></project>',
            "refused: it declares a DTD",
        ),
        ('<?xml version="1.0"?><!DOCTYPE project SYSTEM "http://example.com/gan.dtd"><project/>',
         "refused: it declares a DTD"),
        (GAN.read_text()[:2500], "not well-formed XML at line"),
        ("", "not well-formed XML at line 1, column 0"),
        ('<?xml version="1.0"?><Project xmlns="http://schemas.microsoft.com/project"/>',
         "not a GanttProject file (its root element is"
         " '{http://schemas.microsoft.com/project}Project', not 'project')"),
        ("\x00\x01\x02 not xml at all", "not well-formed XML at line 1, column 0"),
        ('<?xml version="1.0" encoding="x-unknown"?><project/>',
         "cannot be read as XML (unknown encoding: x-unknown)"),
        ('<?xml version="1.0" encoding="shift_jis"?><project/>',
         "cannot be read as XML (multi-byte encodings are not supported)"),
    ],
)  # fmt: skip
def test_hostile_and_broken_files_are_refused_in_one_line(capsys, tmp_path, content, expected):
    source = tmp_path / "in" / "bad.gan"
    source.parent.mkdir()
    source.write_bytes(content.encode("utf-8"))
    before = folder_state(tmp_path)
    started = time.perf_counter()
    code, out, err = run(capsys, "import", source, tmp_path / "in" / "r.roadmap")
    elapsed = time.perf_counter() - started
    assert (code, out) == (1, "")
    assert err.startswith("planner: bad.gan: ") and expected in err, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "root:" not in err  # nothing of /etc/passwd
    assert folder_state(tmp_path) == before
    assert elapsed < 1.0


def test_a_gan_file_reads_through_the_cli(capsys, tmp_path):
    roadmap = tmp_path / "r.roadmap"
    code, out, err = run(capsys, "import", GAN, roadmap)
    assert (code, err) == (0, "")
    assert out.splitlines()[1] == "GanttProject: " + read_import(GAN).fidelity.summary()


def test_read_gan_names_the_file_in_its_errors():
    with pytest.raises(PlanError, match=r"^plan\.gan: not well-formed XML"):
        read_gan(b"<project>", "plan")
