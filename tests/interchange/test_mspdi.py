"""MS Project XML (MSPDI): a realistic file as MS Project saves it (the exact plan, a
schedule that puts every task where MS Project did, the exact fidelity report); our
export read back is the same plan, for the worked example through the command line and
for any plan (hypothesis); the export keeps the schema's order; what each MSPDI field
becomes; and hostile or broken files refused in one line, nothing written, within a
second."""

from __future__ import annotations

import dataclasses
import gc
import json
import time
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from clitools import run
from conftest import DATA
from filecheck import folder_state
from hypothesis import HealthCheck, given, settings
from strategies import plans

from planner.domain.errors import PlanError
from planner.domain.jsonio import plan_from_json, plan_to_dict
from planner.domain.model import MAX_DURATION, MAX_LAG, CalendarSpec, Dependency, Item, Plan, Team
from planner.interchange.mspdi import read_mspdi, write_mspdi
from planner.interchange.reading import read_import
from planner.scheduling.calendar import WorkCalendar
from planner.scheduling.propagate import schedule_plan

XML = DATA / "interchange" / "mspdi-payments.xml"
NS = "{http://schemas.microsoft.com/project}"


def doc(tasks: str = "", project: str = "", ns: bool = True) -> bytes:
    """A small MSPDI document: ``project`` elements, then ``tasks`` inside <Tasks>."""
    xmlns = ' xmlns="http://schemas.microsoft.com/project"' if ns else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Project{xmlns}><Name>p.xml</Name>'
        f"{project}<Tasks>{tasks}</Tasks></Project>"
    ).encode()


def task(uid: int, name: str, level: int = 1, **fields: str) -> str:
    """A <Task> with its UID, name, outline level and ``fields`` in the order given."""
    inner = "".join(f"<{k}>{v}</{k}>" for k, v in fields.items())
    return (
        f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>{name}</Name>"
        f"<OutlineLevel>{level}</OutlineLevel>{inner}</Task>"
    )


def link(uid: int, kind: int = 1, lag: int = 0, fmt: int = 7) -> str:
    return (
        f"<PredecessorLink><PredecessorUID>{uid}</PredecessorUID><Type>{kind}</Type>"
        f"<LinkLag>{lag}</LinkLag><LagFormat>{fmt}</LagFormat></PredecessorLink>"
    )


MON = "2027-01-04T08:00:00"
DAY = "PT8H0M0S"


def read(data: bytes):
    return read_mspdi(data, "p.xml")


def notes(result) -> list[tuple[str, str]]:
    f = result.fidelity
    return [(n.what, n.how) for n in f.approximated] + [(n.what, n.how) for n in f.dropped]


# -- the realistic file -------------------------------------------------------------------


def test_the_file_is_read_exactly():
    plan = plan_to_dict(read_import(XML).plan)
    assert plan["name"] == "Payments launch"
    # Standard: Mon-Fri; Christmas as a range; New Year's Day yearly, three times.
    assert plan["calendar"] == {
        "weekend": ["sat", "sun"],
        "holidays": ["2026-12-24", "2026-12-25", "2027-01-01", "2028-01-01", "2029-01-01"],
    }
    assert plan["teams"] == [{"id": "1", "name": "Backend"}, {"id": "7", "name": "Web"}]
    assert plan["items"] == [
        {"id": "2", "title": "Payments API", "team": "1", "kind": "task",
         "start": "2027-01-04", "duration": 10, "done": True, "actual_start": "2027-01-04",
         "actual_finish": "2027-01-15", "progress": 100, "notes": "Card and SEPA endpoints"},
        {"id": "3", "title": "API ready", "team": "1", "kind": "milestone",
         "start": "2027-01-15", "duration": 0},
        # 'Vendor sandbox' (a summary inside Backend) is flattened into Backend's lane;
        # a "start no earlier than" constraint is the planned start.
        {"id": "5", "title": "Vendor SDK", "team": "1", "kind": "task", "start": "2027-01-18",
         "duration": 3, "actual_start": "2027-01-18", "progress": 50},
        {"id": "6", "title": "Sandbox tests", "team": "1", "kind": "task",
         "start": "2027-01-20", "duration": 2},
        {"id": "8", "title": "Checkout page", "team": "7", "kind": "task",
         "start": "2027-01-06", "duration": 5, "deadline": "2027-01-29"},
        {"id": "9", "title": "Billing settings", "team": "7", "kind": "task",
         "start": "2027-01-15", "duration": 3},  # 2.5 days, rounded up
        {"id": "10", "title": "Invoices", "team": "7", "kind": "task", "start": "2027-02-01",
         "duration": 3, "locked": True},  # must start on
        {"id": "11", "title": "Launch", "team": None, "kind": "milestone",
         "start": "2027-02-03", "duration": 0, "deadline": "2027-02-05"},
        {"id": "12", "title": "Marketing push", "team": None, "kind": "task",
         "start": "2027-02-04", "duration": 5},
    ]  # fmt: skip
    assert [(d["from"], d["to"], d["type"], d["lag"]) for d in plan["dependencies"]] == [
        ("2", "3", "FS", 0),
        ("5", "6", "FF", 1),  # 4800 tenths of a minute = one 8-hour day
        ("2", "8", "SS", 2),
        ("3", "9", "FS", -1),
        ("8", "10", "SF", 0),
        ("10", "11", "FS", 0),
        ("6", "11", "FS", 0),
        ("11", "12", "FS", 0),
    ]


def test_the_schedule_puts_every_task_where_ms_project_did():
    """MS Project's own Start and Finish (what its links and constraints gave) are the
    planner's schedule of the imported plan, every item to the day (Billing settings'
    half day rounds up within its last day)."""
    root = ET.parse(XML).getroot()
    ms = {
        t.findtext(NS + "UID"): (t.findtext(NS + "Start")[:10], t.findtext(NS + "Finish")[:10])
        for t in root.iter(NS + "Task")
    }
    plan = read_import(XML).plan
    schedule = schedule_plan(plan)
    assert schedule.violations == ()
    for it in plan.items:
        first, last = schedule.dates(it.id)
        assert (first.isoformat(), last.isoformat()) == ms[it.id], it.id


def test_the_fidelity_report_counts_and_names_everything():
    f = read_import(XML).fidelity
    assert f.summary() == (
        "converted 2 teams, 7 tasks, 2 milestones, 8 dependencies, 5 holidays;"
        " approximated 4; dropped 7"
    )
    assert [(n.what, n.how) for n in f.approximated] == [
        ("calendar exception 'Release weekend' 2027-01-23 to 2027-01-23",
         "1 working day on a weekend day can't be held by a roadmap calendar; left non-working"),
        ("summary task 'Vendor sandbox' (UID 4)",
         "its tasks are items of team 'Backend' (the outline below level 1 is not kept)"),
        ("task 'Billing settings' (UID 9)", "2.5 working days rounded up to 3"),
        ("1 start no later than task ('Marketing push')",
         "a roadmap has no such constraint: planned from its Start"),
    ]  # fmt: skip
    assert [(n.what, n.how) for n in f.dropped] == [
        ("1 other calendar",
         "calendars of resources and tasks are not part of a roadmap; the project's calendar"
         " is read"),
        ("link from UID '99' to 'Marketing push' (UID 12)", "no task has the UID '99'"),
        # UID 0 (MS Project's blank resource) and the assignment to no one are not counted
        ("2 resources and 4 assignments", "resources are not part of a roadmap"),
        ("1 custom field ('Area') and their values on 2 tasks",
         "custom fields are not part of a roadmap"),
        ("1 inactive task ('Old kickoff')", "MS Project does not schedule them"),
        ("1 task cost ('Payments API')", "costs are not part of a roadmap"),
        ("1 task baseline ('Payments API')",
         "MS Project baselines are not read (save baselines in the roadmap)"),
    ]  # fmt: skip


def test_the_file_imports_through_the_cli_with_its_report(capsys, tmp_path):
    code, out, err = run(capsys, "import", XML, tmp_path / "r.roadmap")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].endswith(": 9 items, 8 dependencies")
    assert lines[1] == "MS Project XML: " + read_import(XML).fidelity.summary()
    assert "  - link from UID '99' to 'Marketing push' (UID 12): no task has the UID '99'" in lines


def test_a_file_without_the_namespace_reads_the_same():
    data = XML.read_bytes().replace(b' xmlns="http://schemas.microsoft.com/project"', b"")
    assert b"xmlns" not in data
    bare, full = read_mspdi(data, "x.xml"), read_import(XML)
    assert bare.plan == dataclasses.replace(full.plan)
    assert notes(bare) == notes(full)


# -- our export, read back --------------------------------------------------------------


def full_plan() -> Plan:
    """Every field an MSPDI file carries back: teams (one with a colour, one empty), tasks
    and milestones, deadlines, locked, done (with and without actual dates), in
    progress, notes, an estimate, items without a team, every link type, leads and lags,
    a Friday-Saturday weekend and holidays (one on the weekend)."""
    items = (
        Item("api v2", "Payments <API> & \"co\"", "be", "task", date(2027, 1, 3), 5,
             done=True, actual_start=date(2027, 1, 3), actual_finish=date(2027, 1, 11),
             progress=100, notes="line one\nline <two> & three", estimate=4),
        Item("m1", "API ready", "be", "milestone", date(2027, 1, 11), 0, done=True,
             actual_finish=date(2027, 1, 12), progress=100),
        Item("Zahlungs-Prüfung", "Fraud rules", "web", "task", date(2027, 1, 4), 3,
             deadline=date(2027, 1, 20), actual_start=date(2027, 1, 5), progress=40),
        Item("web1", "Checkout page", "web", "task", date(2027, 1, 3), 4, locked=True),
        Item("done-plain", "Old work", "web", "task", date(2026, 12, 20), 2, done=True,
             progress=100),
        Item("launch", "Launch", None, "milestone", date(2027, 2, 1), 0, locked=True,
             deadline=date(2027, 2, 3)),
        Item("ads", "Ads", None, "task", date(2027, 1, 17), 6, deadline=date(2027, 1, 24)),
    )  # fmt: skip
    deps = (
        Dependency("api v2", "m1", "FS", 0),
        Dependency("m1", "Zahlungs-Prüfung", "SS", -2),
        Dependency("api v2", "web1", "FF", 3),
        Dependency("web1", "launch", "FS", 1),
        Dependency("Zahlungs-Prüfung", "launch", "SF", -1),
        Dependency("m1", "ads", "FS", 2),
    )
    teams = (Team("be", "Backend & Ops", "#4C72B0"), Team("web", "Web"), Team("x", "Nobody yet"))
    calendar = CalendarSpec(
        weekend=frozenset({4, 5}),
        holidays=(date(2026, 12, 25), date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 7)),
    )
    return Plan("Q1 <roadmap> & more", calendar, teams, (), items, deps)


def test_our_export_read_back_is_the_same_plan():
    plan = full_plan()
    result = read(write_mspdi(plan, schedule_plan(plan)))
    assert result.fidelity.exact, notes(result)
    assert result.plan == plan
    assert schedule_plan(result.plan).to_dict() == schedule_plan(plan).to_dict()


def test_links_come_back_grouped_by_successor_in_the_plans_order():
    """MSPDI keeps the links in their successor task, so the plan's order of them comes
    back grouped by successor; within one successor (where it decides ties between
    drivers) it is kept."""
    base = full_plan()
    plan = dataclasses.replace(base, dependencies=base.dependencies[::-1])
    back = read(write_mspdi(plan, schedule_plan(plan))).plan
    assert set(back.dependencies) == set(plan.dependencies)
    for item in plan.items:
        mine = [d for d in plan.dependencies if d.succ == item.id]
        assert [d for d in back.dependencies if d.succ == item.id] == mine


def test_the_worked_example_survives_json_to_mspdi_to_json(capsys, tmp_path):
    """DESIGN.md's worked example through the command line: imported from JSON, exported
    as MSPDI, that imported again, exported as JSON: the same schedule field for field
    (and the expected one), the same plan but for its sprints, which MSPDI has no place
    for."""
    source = DATA / "contract-example.json"
    first, second = tmp_path / "a.roadmap", tmp_path / "b.roadmap"
    xml, back = tmp_path / "plan.xml", tmp_path / "back.json"
    assert run(capsys, "import", source, first)[0] == 0
    code, out, err = run(capsys, "export", first, xml)
    assert (code, out, err) == (0, f"wrote {xml}\n", "")
    assert run(capsys, "import", xml, second)[0] == 0
    assert run(capsys, "export", second, back)[0] == 0
    schedules = []
    for plan_file in (source, back):
        code, out, err = run(capsys, "schedule", plan_file, "--json")
        assert (code, err) == (0, "")
        schedules.append(json.loads(out))
    assert schedules[0] == schedules[1]
    assert schedules[1] == json.loads((DATA / "contract-example.expected.json").read_text())
    original = plan_to_dict(plan_from_json(source.read_text()))
    assert plan_to_dict(plan_from_json(back.read_text())) == {**original, "sprints": []}


def as_written(plan: Plan) -> Plan:
    """``plan`` as MSPDI holds it: every done item at 100% (PercentComplete 100 is done),
    and a planned date on a day off on the working day it means (a task's next, a
    milestone's previous), which MS Project would otherwise take as it stands."""
    cal = WorkCalendar(plan.calendar)

    def written(it: Item) -> Item:
        day = it.start
        if not cal.is_working(day):
            day = cal.date_of(cal.last_index(day) if it.is_milestone else cal.start_index(day))
        return dataclasses.replace(it, start=day, progress=100 if it.done else it.progress)

    return plan.with_items(written(it) for it in plan.items)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_any_plan_comes_back_with_the_same_schedule(plan):
    schedule = schedule_plan(plan)
    result = read(write_mspdi(plan, schedule))
    assert result.fidelity.exact, notes(result)
    assert result.plan.items == as_written(plan).items
    assert set(result.plan.dependencies) == set(plan.dependencies)
    assert (result.plan.teams, result.plan.calendar) == (plan.teams, plan.calendar)
    assert schedule_plan(result.plan).to_dict() == schedule.to_dict()


def test_an_empty_plan_is_a_valid_document():
    plan = Plan("Nothing yet")
    data = write_mspdi(plan, schedule_plan(plan))
    result = read(data)
    assert (result.plan.name, result.plan.items, result.plan.teams) == ("Nothing yet", (), ())


def test_characters_xml_cannot_hold_are_replaced_and_the_rest_kept():
    title = "Fix <b>bold</b> & \x1b[31mred\x00 ]]> \u202e"
    plan = Plan("P", items=(Item("a\x07b", title, start=date(2027, 1, 4)),))
    data = write_mspdi(plan, schedule_plan(plan))
    ET.fromstring(data)  # well-formed
    assert b"<b>" not in data and b"&lt;b&gt;" in data
    (item,) = read(data).plan.items
    assert item.title == "Fix <b>bold</b> & \ufffd[31mred\ufffd ]]> \u202e"
    assert item.id == "a\ufffdb"


def test_a_countrys_public_holidays_are_written_as_exceptions():
    plan = Plan(
        "FR",
        CalendarSpec(country="FR"),
        items=(Item("a", "A", start=date(2027, 4, 26), duration=10),),
    )
    schedule = schedule_plan(plan)
    back = read(write_mspdi(plan, schedule)).plan
    # 1 and 8 May 2027 fall on a Saturday; Ascension (6 May) is a Thursday.
    assert date(2027, 5, 6) in back.calendar.holidays
    assert date(2027, 7, 14) in back.calendar.holidays
    assert back.calendar.country is None
    assert schedule_plan(back).to_dict() == schedule.to_dict()


# -- what the export looks like -----------------------------------------------------------


def sequence(names: str) -> list[str]:
    """An xsd:sequence's element names, as the schema documentation lists them."""
    return names.split()


# The element order of mspdi_pj12.xsd (Project 2007; Project 2010 added Active and Manual
# after Name), as the schema's xsd:sequence requires it.
PROJECT_ORDER = sequence(
    "SaveVersion UID Name Title Subject Category Company Manager Author CreationDate"
    " Revision LastSaved ScheduleFromStart StartDate FinishDate FYStartDate"
    " CriticalSlackLimit CurrencyDigits CurrencySymbol CurrencyCode CurrencySymbolPosition"
    " CalendarUID DefaultStartTime DefaultFinishTime MinutesPerDay MinutesPerWeek"
    " DaysPerMonth DefaultTaskType DefaultFixedCostAccrual DefaultStandardRate"
    " DefaultOvertimeRate DurationFormat WorkFormat OutlineCodes WBSMasks ExtendedAttributes"
    " Calendars Tasks Resources Assignments"
)
TASK_ORDER = sequence(
    "UID ID Name Active Manual Type IsNull CreateDate Contact WBS WBSLevel OutlineNumber"
    " OutlineLevel Priority Start Finish Duration DurationFormat Work Stop Resume"
    " ResumeValid EffortDriven Recurring OverAllocated Estimated Milestone Summary Critical"
    " IsSubproject IsSubprojectReadOnly SubprojectName ExternalTask ExternalTaskProject"
    " EarlyStart EarlyFinish LateStart LateFinish StartVariance FinishVariance WorkVariance"
    " FreeSlack TotalSlack FixedCost FixedCostAccrual PercentComplete PercentWorkComplete"
    " Cost OvertimeCost OvertimeWork ActualStart ActualFinish ActualDuration ActualCost"
    " ActualOvertimeCost ActualWork ActualOvertimeWork RegularWork RemainingDuration"
    " RemainingCost RemainingWork RemainingOvertimeCost RemainingOvertimeWork ACWP CV"
    " ConstraintType CalendarUID ConstraintDate Deadline LevelAssignments LevelingCanSplit"
    " LevelingDelay LevelingDelayFormat PreLeveledStart PreLeveledFinish Hyperlink"
    " HyperlinkAddress HyperlinkSubAddress IgnoreResourceCalendar Notes HideBar Rollup BCWS"
    " BCWP PhysicalPercentComplete EarnedValueMethod PredecessorLink ActualWorkProtected"
    " ActualOvertimeWorkProtected ExtendedAttribute Baseline"
)
ORDERS = {
    "Project": PROJECT_ORDER,
    "Task": TASK_ORDER,
    "Calendar": sequence("UID Name IsBaseCalendar BaseCalendarUID WeekDays Exceptions WorkWeeks"),
    "WeekDay": sequence("DayType DayWorking TimePeriod WorkingTimes"),
    "Exception": sequence(
        "EnteredByOccurrences TimePeriod Occurrences Name Type Period DaysOfWeek MonthItem"
        " MonthPosition Month MonthDay DayWorking WorkingTimes"
    ),
    "PredecessorLink": sequence(
        "PredecessorUID Type CrossProject CrossProjectName LinkLag LagFormat"
    ),
    "ExtendedAttribute": sequence("FieldID FieldName Alias Value"),
    "TimePeriod": sequence("FromDate ToDate"),
    "WorkingTime": sequence("FromTime ToTime"),
}


def test_the_export_follows_the_schemas_order():
    plan = full_plan()
    root = ET.fromstring(write_mspdi(plan, schedule_plan(plan)))
    assert root.tag == NS + "Project"
    checked = 0
    for el in root.iter():
        order = ORDERS.get(el.tag.removeprefix(NS))
        if order is None or not len(el):
            continue
        tags = [c.tag.removeprefix(NS) for c in el]
        assert all(t in order for t in tags), (el.tag, tags)
        positions = [order.index(t) for t in tags]
        assert positions == sorted(positions), (el.tag, tags)
        checked += 1
    assert checked > 20


def test_the_export_has_what_ms_project_needs():
    plan = full_plan()
    root = ET.fromstring(write_mspdi(plan, schedule_plan(plan)))
    (cal,) = root.find(NS + "Calendars")
    assert [cal.findtext(NS + k) for k in ("UID", "IsBaseCalendar")] == ["1", "1"]
    days = {
        wd.findtext(NS + "DayType"): (
            wd.findtext(NS + "DayWorking"),
            [(t.findtext(NS + "FromTime"), t.findtext(NS + "ToTime"))
             for t in wd.iter(NS + "WorkingTime")],
        )
        for wd in cal.find(NS + "WeekDays")
    }  # fmt: skip
    worked = [("08:00:00", "12:00:00"), ("13:00:00", "17:00:00")]
    # DayType 1 = Sunday ... 7 = Saturday; this plan rests on Friday and Saturday.
    assert days == {
        "1": ("1", worked), "2": ("1", worked), "3": ("1", worked), "4": ("1", worked),
        "5": ("1", worked), "6": ("0", []), "7": ("0", []),
    }  # fmt: skip
    ranges = [
        (e.findtext(f"{NS}TimePeriod/{NS}FromDate"), e.findtext(f"{NS}TimePeriod/{NS}ToDate"))
        for e in cal.iter(NS + "Exception")
    ]
    assert ranges == [
        ("2026-12-25T00:00:00", "2026-12-25T23:59:00"),
        ("2027-01-01T00:00:00", "2027-01-02T23:59:00"),  # consecutive days: one exception
        ("2027-01-07T00:00:00", "2027-01-07T23:59:00"),
    ]
    tasks = {t.findtext(NS + "UID"): t for t in root.iter(NS + "Task")}
    assert tasks["0"].findtext(NS + "OutlineLevel") == "0"
    team = tasks["8"]  # the summary tasks come after the items' UIDs
    assert [team.findtext(NS + k) for k in ("Name", "OutlineLevel", "WBS", "Summary")] == [
        "Backend & Ops", "1", "1", "1"]  # fmt: skip
    fraud = tasks["3"]
    keys = sequence(
        "ID WBS OutlineNumber OutlineLevel Start Finish Duration PercentComplete ActualStart"
        " ConstraintType ConstraintDate Deadline"
    )
    fields = {k: fraud.findtext(NS + k) for k in keys}
    assert fields == {
        "ID": "5", "WBS": "2.1", "OutlineNumber": "2.1", "OutlineLevel": "2",
        "Start": "2027-01-05T08:00:00", "Finish": "2027-01-10T17:00:00",  # 7-9 off
        "Duration": "PT24H0M0S", "PercentComplete": "40", "ActualStart": "2027-01-05T08:00:00",
        "ConstraintType": "4", "ConstraintDate": "2027-01-04T08:00:00",
        "Deadline": "2027-01-20T17:00:00",
    }  # fmt: skip
    (pl,) = fraud.findall(NS + "PredecessorLink")
    assert [pl.findtext(NS + k) for k in ("PredecessorUID", "Type", "LinkLag", "LagFormat")] == [
        "2", "3", "-9600", "7"]  # fmt: skip
    (ea,) = fraud.findall(NS + "ExtendedAttribute")
    assert [ea.findtext(NS + "FieldID"), ea.findtext(NS + "Value")] == [
        "188743731", "Zahlungs-Prüfung"]  # fmt: skip
    launch = tasks["6"]
    assert [launch.findtext(NS + k) for k in
            ("Milestone", "Start", "ConstraintType", "ConstraintDate", "OutlineLevel")] == [
        "1", "2027-02-01T17:00:00", "2", "2027-02-01T17:00:00", "1"]  # fmt: skip


def test_a_planned_date_on_a_day_off_is_written_on_the_working_day_it_means():
    """MS Project would take a constraint on a Saturday as it stands; the planner reads a
    task planned then as starting on Monday and a milestone as at the end of Friday."""
    saturday = date(2027, 1, 9)
    items = (
        Item("t", "T", start=saturday),
        Item("m", "M", kind="milestone", start=saturday, duration=0),
    )
    plan = Plan("P", items=items)
    root = ET.fromstring(write_mspdi(plan, schedule_plan(plan)))
    dates = {
        t.findtext(NS + "Name"): t.findtext(NS + "ConstraintDate") for t in root.iter(NS + "Task")
    }
    assert (dates["T"], dates["M"]) == ("2027-01-11T08:00:00", "2027-01-08T17:00:00")
    back = read(write_mspdi(plan, schedule_plan(plan))).plan
    assert [it.start for it in back.items] == [date(2027, 1, 11), date(2027, 1, 8)]


def test_planner_export_writes_mspdi_and_refuses_a_forecast(capsys, tmp_path):
    roadmap = tmp_path / "r.roadmap"
    assert run(capsys, "import", DATA / "contract-example.json", roadmap)[0] == 0
    out = tmp_path / "Plan.XML"
    code, _, err = run(capsys, "export", roadmap, out)
    assert (code, err) == (0, "")
    assert read_mspdi(out.read_bytes(), out.name).plan.name == "Contract example"
    code, _, err = run(capsys, "export", roadmap, tmp_path / "f.xml", "--forecast")
    assert code == 1 and err.count("\n") == 1 and "--forecast" in err
    assert not (tmp_path / "f.xml").exists()
    code, _, err = run(capsys, "export", roadmap, tmp_path / "no" / "such" / "f.xml")
    assert code == 1 and err.count("\n") == 1 and "cannot write" in err


# -- what each field becomes ----------------------------------------------------------------


def test_durations_in_days_hours_and_elapsed_time():
    result = read(
        doc(
            task(1, "Hours", Start=MON, Duration="PT12H0M0S")
            + task(2, "Elapsed", Start=MON, Duration="PT72H0M0S", DurationFormat="8")
            + task(3, "Days", Start=MON, Duration="P2DT0H0M0S")
            + task(4, "No duration", Start=MON, Finish="2027-01-06T17:00:00")
            + task(5, "Unreadable", Start=MON, Duration="P1Y")
            + task(6, "Huge", Start=MON, Duration="PT9999996H0M0S"),
            "<MinutesPerDay>360</MinutesPerDay>",
        )
    )
    assert [it.duration for it in result.plan.items] == [2, 3, 8, 3, 1, MAX_DURATION]
    assert notes(result) == [
        # 12 hours of 6-hour days and 2 days (of 24 hours, xsd's) of 6 hours: exact
        ("task 'Elapsed' (UID 2)", "3 elapsed days: 3 working days"),  # 3 x 5/7, rounded up
        ("task 'No duration' (UID 4)", "no Duration: 3 working days from its Start to its Finish"),
        ("task 'Unreadable' (UID 5)", "no Duration and no Finish: 1 working day"),
        ("task 'Huge' (UID 6)", f"1,666,666 working days: {MAX_DURATION:,}"),
        ("task 'Unreadable' (UID 5): Duration 'P1Y'", "not a duration"),
    ]


def test_milestones_are_points_at_the_end_of_a_day():
    """A milestone at the start of a day (MS Project's 08:00) is the end of the working
    day before, so that what follows it starts that day, as in MS Project; at 17:00 it is
    its own day. A task starting at 17:00 starts the next working day."""
    result = read(
        doc(
            task(1, "Typed", Start=MON, Finish=MON, Duration="PT0H0M0S", Milestone="1")
            + task(2, "After", Start="2027-01-08T17:00:00", Duration="PT0H0M0S")
            + task(3, "Flagged", Start=MON, Finish="2027-01-06T17:00:00", Duration="PT24H0M0S",
                   Milestone="1")
            + task(4, "Late start", Start="2027-01-05T17:00:00", Duration=DAY,
                   Deadline="2027-01-08T08:00:00")
            + task(5, "Next", Start=MON, Duration=DAY) .replace("</Task>", link(1) + "</Task>")
        )
    )  # fmt: skip
    items = {it.title: it for it in result.plan.items}
    assert (items["Typed"].kind, items["Typed"].start) == ("milestone", date(2027, 1, 1))
    assert items["After"].start == date(2027, 1, 8)
    assert (items["Flagged"].kind, items["Flagged"].start) == ("milestone", date(2027, 1, 6))
    assert (items["Late start"].start, items["Late start"].deadline) == (
        date(2027, 1, 6), date(2027, 1, 7))  # fmt: skip
    schedule = schedule_plan(result.plan)
    assert schedule.dates(items["Typed"].id) == (date(2027, 1, 1), date(2027, 1, 1))  # Friday
    assert schedule.dates(items["Next"].id)[0] == date(2027, 1, 4)  # Monday, as MS Project
    assert notes(result) == [
        ("task 'Flagged' (UID 3)", "a milestone of 3 working days: a milestone on its finish")
    ]


def test_constraints():
    cons = "<ConstraintType>{}</ConstraintType><ConstraintDate>{}</ConstraintDate>"
    tasks = [
        (1, "ASAP", 0, MON), (2, "ALAP", 1, MON), (3, "MSO", 2, "2027-01-11T08:00:00"),
        (4, "MFO", 3, "2027-01-15T17:00:00"), (5, "SNET", 4, "2027-01-06T08:00:00"),
        (6, "SNLT", 5, MON), (7, "FNET", 6, MON), (8, "FNLT", 7, "2027-01-20T17:00:00"),
        (9, "Odd", 9, MON),
    ]  # fmt: skip
    data = doc("".join(
        task(uid, name, Start=MON, Duration="PT16H0M0S", Deadline="2027-01-22T17:00:00")
        .replace("</Task>", cons.format(kind, on) + "</Task>")
        for uid, name, kind, on in tasks))  # fmt: skip
    result = read(data)
    got = {it.title: (it.start, it.locked, it.deadline) for it in result.plan.items}
    jan = lambda d: date(2027, 1, d)  # noqa: E731
    assert got == {
        "ASAP": (jan(4), False, jan(22)),
        "ALAP": (jan(4), False, jan(22)),
        "MSO": (jan(11), True, jan(22)),
        "MFO": (jan(14), True, jan(22)),  # locked so that its 2 days end on Fri 15
        "SNET": (jan(6), False, jan(22)),
        "SNLT": (jan(4), False, jan(22)),
        "FNET": (jan(4), False, jan(22)),
        "FNLT": (jan(4), False, jan(20)),  # the earlier of its deadline and the constraint
        "Odd": (jan(4), False, jan(22)),
    }
    assert notes(result) == [
        ("1 as late as possible task ('ALAP')",
         "a roadmap has no such constraint: planned from its Start"),
        ("1 must-finish-on task ('MFO')", "locked to start so that it finishes on its date"),
        ("1 start no later than task ('SNLT')",
         "a roadmap has no such constraint: planned from its Start"),
        ("1 finish no earlier than task ('FNET')",
         "a roadmap has no such constraint: planned from its Start"),
        ("1 finish-no-later-than task ('FNLT')", "the date is a deadline"),
        ("task 'Odd' (UID 9): ConstraintType '9'", "not a constraint MS Project knows"),
    ]  # fmt: skip


def test_lags_in_every_format():
    a = task(1, "A", Start=MON, Duration="PT80H0M0S")
    successors = [
        (2, link(1, 1, 2400)),  # half a day: rounded to 1
        (3, link(1, 1, 14400, 8)),  # 1 elapsed day: 1 calendar day of 5/7 working
        (4, link(1, 1, 50, 19)),  # 50% of A's 10 days
        (5, link(1, 3, -9600, 5)),  # -2 days written in hours: exact
        (6, link(1, 1, 10**15)),  # longer than the calendar
        (7, link(1, 7)),  # no such type
    ]
    data = doc(a + "".join(task(u, f"T{u}", Start=MON, Duration=DAY).replace(
        "</Task>", lk + "</Task>") for u, lk in successors))  # fmt: skip
    result = read(data)
    assert [(d.succ, d.type, d.lag) for d in result.plan.dependencies] == [
        ("2", "FS", 1), ("3", "FS", 1), ("4", "FS", 5), ("5", "SS", -2),
        ("6", "FS", MAX_LAG), ("7", "FS", 0)]  # fmt: skip
    where = "link from 'A' (UID 1) to 'T{}' (UID {})"
    assert notes(result) == [
        (where.format(2, 2), "a lag of 0.5 working days rounded to 1"),
        (where.format(3, 3), "a lag of 1 elapsed days: 1 working day"),
        (where.format(4, 4), "a lag of 50% of its predecessor's duration: 5 working days"),
        (where.format(6, 6), f"a lag longer than the calendar: {MAX_LAG:,} working days"),
        (where.format(7, 7), "link type '7' is none MS Project knows (0 to 3): read as FS"),
    ]


def test_links_that_cant_be_kept_are_noted():
    data = doc(
        task(1, "Team", Summary="1")
        + task(2, "A", 2, Start=MON, Duration=DAY)
        + task(3, "B", 2, Start=MON, Duration=DAY).replace(
            "</Task>", link(1) + link(3) + link(2) + link(2, 3) + link(4) + "</Task>")
        + task(4, "Gone", Start=MON, Duration=DAY, Active="0")
        + task(5, "C", Start=MON, Duration=DAY).replace(
            "</Task>", "<PredecessorLink><PredecessorUID>2</PredecessorUID><CrossProject>1"
            "</CrossProject></PredecessorLink></Task>")
    )  # fmt: skip
    result = read(data)
    assert [(d.pred, d.succ, d.type) for d in result.plan.dependencies] == [("2", "3", "FS")]
    assert notes(result) == [
        ("link from 'Team' (UID 1) to 'B' (UID 3)",
         "a summary task is a team or a group, not an item"),
        ("link from 'B' (UID 3) to 'B' (UID 3)", "a task can't depend on itself"),
        ("link '2' -> '3'", "given twice: the first is kept"),
        ("1 inactive task ('Gone')", "MS Project does not schedule them"),
        ("1 link to or from a task dropped above ('B')", "their tasks are not in the roadmap"),
        ("1 link ('C')", "links to other projects are not kept"),
    ]  # fmt: skip


def test_progress_actual_dates_and_what_is_out_of_range():
    data = doc(
        task(1, "Over", Start=MON, Duration=DAY, PercentComplete="130")
        + task(2, "Backwards", Start=MON, Duration=DAY, ActualStart="2027-01-06T08:00:00",
               ActualFinish="2027-01-05T17:00:00")
        + task(3, "Ancient", Start="1850-01-04T08:00:00", Duration=DAY)
        + task(4, "Bad date", Start="soon", Duration=DAY)
        + task(5, "Far deadline", Start=MON, Duration=DAY, Deadline="3100-01-01T17:00:00")
        + task(6, "Started", Start=MON, Duration=DAY, ActualStart=MON, PercentComplete="20")
    )  # fmt: skip
    result = read(data)
    items = {it.title: it for it in result.plan.items}
    assert (items["Over"].progress, items["Over"].done) == (100, True)
    assert (items["Backwards"].actual_finish, items["Backwards"].done) == (date(2027, 1, 6), True)
    assert items["Far deadline"].deadline is None
    assert items["Started"].in_progress and items["Started"].progress == 20
    assert "Ancient" not in items and "Bad date" not in items
    assert notes(result) == [
        ("task 'Over' (UID 1)", "130% complete: 100%"),
        ("task 'Backwards' (UID 2)",
         "actual finish 2027-01-05 before its actual start: 2027-01-06"),
        ("task 'Ancient' (UID 3)",
         "its start 1850-01-04 is outside the calendar (1900-01-01 to 2999-12-31)"),
        ("task 'Bad date' (UID 4): Start 'soon'", "not a date"),
        ("task 'Bad date' (UID 4)", "it has no Start that can be read"),
        ("task 'Far deadline' (UID 5): Deadline 3100-01-01",
         "outside the calendar (1900-01-01 to 2999-12-31)"),
    ]  # fmt: skip


def test_uids_outline_and_ids():
    data = doc(
        "<Task><Name>No UID</Name></Task>"
        + task(1, "A", Start=MON, Duration=DAY)
        + task(1, "Again", Start=MON, Duration=DAY)
        + task(2, "Team", Summary="1")
        + task(3, "Group", 2)
        + task(4, "Deep", 4, Start=MON, Duration=DAY)  # a jump from level 2 to 4
        + task(5, "Empty team", Summary="1")
        + task(6, "Blank", IsNull="1")
    )
    result = read(data)
    plan = result.plan
    assert [(t.id, t.name) for t in plan.teams] == [("2", "Team"), ("5", "Empty team")]
    assert [(it.id, it.team) for it in plan.items] == [("1", None), ("4", "2")]
    assert notes(result) == [
        ("summary task 'Group' (UID 3)",
         "its tasks are items of team 'Team' (the outline below level 1 is not kept)"),
        ("task 'No UID'", "it has no UID"),
        ("task 'Again'", "its UID 1 is another task's"),
        ("1 blank row ('Blank')", "empty rows of the task list"),
    ]  # fmt: skip


def test_our_ids_and_estimates_come_back_and_a_taken_id_gets_a_suffix():
    fields = (
        "<ExtendedAttributes><ExtendedAttribute><FieldID>188743731</FieldID>"
        "<FieldName>Text1</FieldName><Alias>Roadmap id</Alias></ExtendedAttribute>"
        "<ExtendedAttribute><FieldID>188743767</FieldID><FieldName>Number1</FieldName>"
        "<Alias>Roadmap estimate</Alias></ExtendedAttribute></ExtendedAttributes>"
    )

    def ours(uid: int, name: str, **values: str) -> str:
        """A task with values of our fields: ``id`` (Text1) and ``estimate`` (Number1)."""
        ids = {"id": "188743731", "estimate": "188743767"}
        attributes = "".join(
            f"<ExtendedAttribute><FieldID>{ids[k]}</FieldID><Value>{v}</Value></ExtendedAttribute>"
            for k, v in values.items()
        )
        return task(uid, name, Start=MON, Duration=DAY).replace("</Task>", attributes + "</Task>")

    data = doc(
        ours(2, "B", id="api")
        + ours(1, "A", id="api")
        + ours(3, "Added in MS Project")
        + ours(4, "Tab", id="\t")
        + ours(5, "Estimated", id="e", estimate="5.00")
        + ours(6, "Odd estimate", id="o", estimate="2.5"),
        fields,
    )
    result = read(data)
    # Our file: the items in the order of their UIDs (the plan's order when we wrote it).
    got = [(it.id, it.title, it.estimate) for it in result.plan.items]
    assert got == [
        ("api", "A", None),
        ("api-2", "B", None),
        ("3", "Added in MS Project", None),
        ("4", "Tab", None),
        ("e", "Estimated", 5),
        ("o", "Odd estimate", None),
    ]
    assert notes(result) == [
        ("task 'B' (UID 2)", "its id 'api' is taken; it is 'api-2'"),
        ("task 'Tab' (UID 4)", "its id '\\x09' can't be an id: '4'"),
        ("task 'Odd estimate' (UID 6): estimate '2.5'", "not a number of days"),
    ]


def test_recurring_exceptions_work_weeks_and_derived_calendars():
    week = "".join(
        f"<WeekDay><DayType>{d}</DayType><DayWorking>{int(d not in (1, 7))}</DayWorking></WeekDay>"
        for d in range(1, 8))  # fmt: skip

    def exception(name: str, first: str, last: str, **fields: str) -> str:
        inner = "".join(f"<{k}>{v}</{k}>" for k, v in fields.items())
        return (
            f"<Exception><TimePeriod><FromDate>{first}T00:00:00</FromDate><ToDate>{last}"
            f"T23:59:00</ToDate></TimePeriod><Name>{name}</Name>{inner}</Exception>"
        )

    exceptions = "".join([
        exception("Fridays off", "2027-03-01", "2027-03-14", Type="6", Period="1",
                  DaysOfWeek="32", DayWorking="0"),  # Fri 5 and 12 March
        exception("Every other day", "2027-04-05", "2027-04-09", Type="1", Period="2",
                  DayWorking="0"),  # Mon 5, Wed 7, Fri 9 April
        exception("Last Monday", "2027-05-01", "2027-06-30", Type="5", Period="1",
                  MonthPosition="4", MonthItem="4", DayWorking="0"),  # 31 May, 28 June
        exception("Third of the month", "2027-07-01", "2027-09-30", Type="4", Period="2",
                  MonthDay="3", DayWorking="0"),  # 3 July (Sat), 3 September
        exception("Thanksgiving", "2027-01-01", "2028-12-31", Type="3", MonthPosition="3",
                  MonthItem="7", Month="10", DayWorking="0"),  # 25 Nov 2027, 23 Nov 2028
        exception("Bad", "2027-01-01", "2027-12-31", Type="2", Month="13", MonthDay="1",
                  DayWorking="0"),
        exception("Backwards", "2027-02-02", "2027-02-01", DayWorking="0"),
    ])  # fmt: skip
    base = (
        f"<Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>"
        f"<WeekDays>{week}<WeekDay><DayType>0</DayType><DayWorking>0</DayWorking>"
        "<TimePeriod><FromDate>2027-02-15T00:00:00</FromDate><ToDate>2027-02-16T23:59:00"
        f"</ToDate></TimePeriod></WeekDay></WeekDays><Exceptions>{exceptions}</Exceptions>"
        "<WorkWeeks><WorkWeek><TimePeriod><FromDate>2027-08-02T00:00:00</FromDate>"
        "<ToDate>2027-08-08T23:59:00</ToDate></TimePeriod><Name>Summer</Name>"
        "<WeekDay><DayType>2</DayType><DayWorking>0</DayWorking></WeekDay>"
        "<WeekDay><DayType>7</DayType><DayWorking>1</DayWorking></WeekDay>"
        "</WorkWeek></WorkWeeks></Calendar>"
    )
    derived = (
        "<Calendar><UID>5</UID><Name>Team</Name><IsBaseCalendar>0</IsBaseCalendar>"
        "<BaseCalendarUID>1</BaseCalendarUID><WeekDays><WeekDay><DayType>6</DayType>"
        "<DayWorking>0</DayWorking></WeekDay></WeekDays><Exceptions>"
        + exception("Worked", "2027-04-07", "2027-04-07", DayWorking="1")
        + "</Exceptions></Calendar>"
    )
    result = read(
        doc(project=f"<CalendarUID>5</CalendarUID><Calendars>{base}{derived}</Calendars>")
    )
    spec = result.plan.calendar
    assert spec.weekend == frozenset({4, 5, 6})  # the derived calendar rests on Fridays too
    assert [d.isoformat() for d in spec.holidays] == [
        "2027-02-15", "2027-02-16",  # MS Project 2003's exceptions
        "2027-03-05", "2027-03-12",  # Fridays: off anyway in the derived calendar
        "2027-04-05", "2027-04-09",  # 7 April is worked in the derived calendar
        "2027-05-31", "2027-06-28", "2027-07-03",
        "2027-08-02",  # the work week's Monday off
        "2027-09-03", "2027-11-25", "2028-11-23",
    ]  # fmt: skip
    assert notes(result) == [
        ("calendar work week 'Summer' 2027-08-02 to 2027-08-08",
         "work on Saturday can't be held by a roadmap calendar; left non-working"),
        ("calendar exception 'Bad' 2027-01-01 to 2027-12-31", "its month can't be read"),
        ("calendar exception 'Backwards'",
         "it ends (2027-02-01) before it begins (2027-02-02)"),
    ]  # fmt: skip


def test_a_calendar_without_a_working_day_and_a_huge_recurrence():
    week = "".join(
        f"<WeekDay><DayType>{d}</DayType><DayWorking>0</DayWorking></WeekDay>" for d in range(1, 8)
    )
    huge = "".join(
        "<Exception><TimePeriod><FromDate>1900-01-01T00:00:00</FromDate><ToDate>"
        "2999-12-31T23:59:00</ToDate></TimePeriod><Type>1</Type><DayWorking>0</DayWorking>"
        "</Exception>"
        for _ in range(3)
    )
    cal = (
        f"<Calendars><Calendar><UID>1</UID><IsBaseCalendar>1</IsBaseCalendar>"
        f"<WeekDays>{week}</WeekDays><Exceptions>{huge}</Exceptions></Calendar></Calendars>"
    )
    started = time.perf_counter()
    result = read(doc(project=cal))
    assert time.perf_counter() - started < 5
    assert result.plan.calendar.weekend == frozenset({5, 6})
    assert len(result.plan.calendar.holidays) == MAX_DURATION  # every day, once
    assert notes(result) == [
        ("calendar: no weekday is worked", "read as Monday to Friday, as MS Project's standard"),
        ("calendar exceptions past the first 500,000 days they cover", "too many to read"),
    ]


def test_resources_and_custom_fields_are_counted_not_named_one_by_one():
    resources = "".join(
        f"<Resource><UID>{k}</UID><Name>R{k}</Name></Resource>" for k in range(1, 1201)
    )
    assignments = "".join(
        f"<Assignment><UID>{k}</UID><TaskUID>1</TaskUID><ResourceUID>{k}</ResourceUID></Assignment>"
        for k in range(1, 4001)
    )
    fields = "".join(
        f"<ExtendedAttribute><FieldID>{188743731 + 3 * k}</FieldID><FieldName>Text{k + 1}"
        f"</FieldName><Alias>Field {k}</Alias></ExtendedAttribute>"
        for k in range(5)
    )
    declared = f"<ExtendedAttributes>{fields}</ExtendedAttributes>"
    data = doc(task(1, "A", Start=MON, Duration=DAY), declared)
    people = f"</Tasks><Resources>{resources}</Resources><Assignments>{assignments}</Assignments>"
    result = read(data.replace(b"</Tasks>", people.encode()))
    assert notes(result) == [
        ("1,200 resources and 4,000 assignments", "resources are not part of a roadmap"),
        ("5 custom fields ('Field 0', 'Field 1', 'Field 2', …)",
         "custom fields are not part of a roadmap"),
    ]  # fmt: skip


def test_the_plan_name_falls_back_to_the_files():
    assert read_mspdi(doc(), "Q3.xml").plan.name == "p"  # <Name>p.xml</Name>
    bare = b'<Project xmlns="http://schemas.microsoft.com/project"/>'
    assert read_mspdi(bare, "Q3 plan.mspdi").plan.name == "Q3 plan"


# -- files it must refuse -------------------------------------------------------------------

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    + ']><Project xmlns="http://schemas.microsoft.com/project"><Name>&lol9;</Name></Project>'
).replace("&lol0;", "&lol;")
DTD = "refused: the XML has a document type declaration (DTD), which MS Project XML never has"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (BILLION_LAUGHS, DTD),
        ('<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY x SYSTEM "file://{secret}">]>'
         '<Project xmlns="http://schemas.microsoft.com/project"><Name>&x;</Name></Project>', DTD),
        ('<?xml version="1.0"?><!DOCTYPE Project SYSTEM "file://{secret}"><Project/>', DTD),
        ('<?xml version="1.0"?><!DOCTYPE Project><Project/>', DTD),
        (XML.read_text()[:9000], "not well-formed XML (no element found: line"),
        ("", "not well-formed XML (no element found: line 1, column 0)"),
        ("\x00\x01 not xml", "not well-formed XML (not well-formed (invalid token): line 1"),
        ('<?xml version="1.0"?><project name="p"><tasks/></project>',
         "not an MS Project XML file (its root is '<project>', not MS Project's <Project>)"),
        ('<Project xmlns="urn:someone-else"/>',
         "not an MS Project XML file (its root is '<Project> of urn:someone-else',"
         " not MS Project's <Project>)"),
        ('<?xml version="1.0" encoding="x-unknown"?><Project/>',
         "the XML can't be read (unknown encoding: x-unknown)"),
        ('<?xml version="1.0" encoding="shift_jis"?><Project/>',
         "the XML can't be read (multi-byte encodings are not supported)"),
        ('<Project xmlns="http://schemas.microsoft.com/project"><Name>&amp;&bogus;</Name>'
         "</Project>", "not well-formed XML (undefined entity: line 1, column 65)"),
    ],
)  # fmt: skip
def test_hostile_and_broken_files_are_refused_in_one_line(capsys, tmp_path, content, expected):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    source = tmp_path / "in" / "bad.xml"
    source.parent.mkdir()
    source.write_bytes(content.replace("{secret}", str(secret)).encode("utf-8"))
    before = folder_state(tmp_path)
    started = time.perf_counter()
    code, out, err = run(capsys, "import", source, tmp_path / "in" / "r.roadmap")
    elapsed = time.perf_counter() - started
    assert (code, out) == (1, "")
    assert err.startswith("planner: bad.xml: ") and expected in err, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "TOP-SECRET" not in err
    assert folder_state(tmp_path) == before
    assert elapsed < 1.0


def test_read_mspdi_names_the_file_in_its_errors_and_gives_the_collector_back():
    with pytest.raises(PlanError, match=r"^plan\.mspdi: not well-formed XML"):
        read_mspdi(b"<Project>", "plan.mspdi")
    assert gc.isenabled()  # paused while reading, the error notwithstanding
    read_mspdi(doc(), "p.xml")
    assert gc.isenabled()


def test_a_cycle_in_the_file_is_refused_by_the_import(capsys, tmp_path):
    source = tmp_path / "cycle.xml"
    source.write_bytes(
        doc(
            task(1, "A", Start=MON, Duration=DAY).replace("</Task>", link(2) + "</Task>")
            + task(2, "B", Start=MON, Duration=DAY).replace("</Task>", link(1) + "</Task>")
        )
    )
    code, out, err = run(capsys, "import", source, tmp_path / "r.roadmap")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "dependency cycle" in err
    assert not (tmp_path / "r.roadmap").exists()
