"""CSV export and import: documented columns, round trips, formula escaping, and errors
that name the row and column."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.cli import main
from planner.domain import csvplan
from planner.domain.csvplan import CSV_COLUMNS, escape_cell, plan_from_csv
from planner.domain.csvplan import unescape_cell as unescape
from planner.domain.errors import PlanError
from planner.domain.jsonio import plan_to_json
from planner.domain.model import CalendarSpec, Dependency, Item, Plan, Team
from planner.export.csvio import plan_to_csv
from planner.scheduling.propagate import schedule_plan
from planner.storage.repository import PlanRepository


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_round_trip_of_the_sample(sample):
    plan, sched = sample
    text = plan_to_csv(plan, sched)
    back = plan_from_csv(text, name=plan.name)
    assert back.items == plan.items
    assert set(back.dependencies) == set(plan.dependencies)
    assert back.teams == plan.teams
    # the CSV carries no calendar: the import schedules on Monday to Friday
    plain = dataclasses.replace(plan, calendar=CalendarSpec())
    assert schedule_plan(back).to_dict() == schedule_plan(plain).to_dict()


def test_columns_and_scheduled_values(sample):
    plan, sched = sample
    rows = _rows(plan_to_csv(plan, sched))
    assert list(rows[0]) == list(CSV_COLUMNS)
    api = next(r for r in rows if r["id"] == "api")
    first, last = sched.dates("api")
    assert (
        api["scheduled_start"] == first.isoformat() and api["scheduled_finish"] == last.isoformat()
    )
    assert api["critical"] == "true" and api["team_name"] == "Backend"
    flows = next(r for r in rows if r["id"] == "flows")
    assert flows["depends_on"] == "disc SS+2"


def test_cells_that_look_like_formulas_are_escaped_and_come_back():
    titles = ['=HYPERLINK("http://x")', "+1+2", "-cmd", "@SUM(A1)", "'=quoted", "'plain", "ok"]
    items = tuple(Item(f"i{k}", t, None, "task", date(2027, 1, 4), 1) for k, t in enumerate(titles))
    plan = Plan("p", items=items)
    text = plan_to_csv(plan, schedule_plan(plan))
    rows = _rows(text)
    for r in rows:
        assert r["title"][:1] not in "=+-@", r["title"]
    assert [r["title"] for r in rows][:5] == ["'" + t for t in titles[:4]] + ["''=quoted"]
    assert rows[5]["title"] == "'plain" and rows[6]["title"] == "ok"
    assert [it.title for it in plan_from_csv(text, "p").items] == titles


def test_negative_numbers_stay_numbers():
    for number in ("-3", "+2", "17", "-0.25", "1.5"):
        assert escape_cell(number) == number
    assert escape_cell("-3 days") == "'-3 days"


@pytest.mark.parametrize(
    "cell", [" =1+1", "   +A1", " \t-cmd", "\n=1+1", "\nplain", "\r", "\r\nx", "\t@x", " @SUM(A1)",
             "'  =x", "\u00a0=1"],
)  # fmt: skip
def test_formulas_behind_white_space_or_a_line_break_are_escaped(cell):
    assert escape_cell(cell) == "'" + cell
    assert unescape(escape_cell(cell)) == cell


_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_SPACE_AND_SIGNS = st.sampled_from([" ", "\t", "\r", "\n", "'", "=", "+", "-", "@", "1", "a", '"'])


def _spreadsheet_may_run(cell: str) -> bool:
    """What a spreadsheet could take as a formula: a line break or tab first, or one of
    = + - @ as the first character that is not white space."""
    return cell.startswith(("\t", "\r", "\n")) or cell.lstrip().startswith(("=", "+", "-", "@"))


@given(st.text(max_size=20) | st.text(_SPACE_AND_SIGNS, max_size=8))
def test_escape_then_unescape_is_identity_and_nothing_runs(s):
    cell = escape_cell(s)
    assert unescape(cell) == s
    assert not _spreadsheet_may_run(cell) or _PLAIN_NUMBER.fullmatch(cell)


_CELL_TEXT = st.lists(
    st.characters(exclude_categories=("Cs",)) | _SPACE_AND_SIGNS | st.just("\r\n"), max_size=12
).map("".join)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(titles=st.lists(_CELL_TEXT, min_size=1, max_size=4), notes=_CELL_TEXT)
def test_export_then_import_through_files_gives_the_same_texts(tmp_path, titles, notes):
    """What `planner export ... .csv` writes, `planner import` reads back as it was: line
    breaks inside cells (\\r, \\n, \\r\\n), leading spaces, quotes and formula signs."""
    items = tuple(
        Item(f"i{k}", t, "be", "task", date(2027, 1, 4), 2, notes=notes)
        for k, t in enumerate(titles)
    )
    plan = Plan("p", teams=(Team("be", " =Backend\r\n"),), items=items)
    src, out, back = tmp_path / "in.json", tmp_path / "out.csv", tmp_path / "back.roadmap"
    src.write_text(plan_to_json(plan), encoding="utf-8")
    back.unlink(missing_ok=True)
    assert main(["export", str(src), str(out), "--today", "2027-01-04"]) == 0
    assert main(["import", str(out), str(back)]) == 0
    repo = PlanRepository.open(back, read_only=True)
    try:
        again = repo.load_plan()
    finally:
        repo.close()
    assert [(it.title, it.notes) for it in again.items] == [(it.title, it.notes) for it in items]
    assert again.teams[0].name == plan.teams[0].name.strip()  # import trims a team name


def test_import_creates_teams_and_dependencies():
    text = (
        "ID,Title,Team,Team_Name,Kind,Start,Duration,Depends_On\n"
        "schema,Data model,be,Backend,,2027-01-04,3,\n"
        "api,Payments API,be,,task,2027-01-04,5,schema\n"
        'my task,Odd id,web,Web,,2027-01-04,2,"api FS+2; schema SS-1"\n'
        'launch,Launch,web,,milestone,2027-01-29,,"""my task"" FF"\n'
        ",,,,,,,\n"
    )
    plan = plan_from_csv(text, "imported")
    assert plan.name == "imported"
    assert [(t.id, t.name) for t in plan.teams] == [("be", "Backend"), ("web", "Web")]
    assert plan.item("launch").is_milestone and plan.item("launch").duration == 0
    assert set(plan.dependencies) == {
        Dependency("schema", "api"),
        Dependency("api", "my task", "FS", 2),
        Dependency("schema", "my task", "SS", -1),
        Dependency("my task", "launch", "FF", 0),
    }
    again = plan_from_csv(plan_to_csv(plan), "imported")
    assert set(again.dependencies) == set(plan.dependencies)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("id,title\nx,y\n", "missing column 'start'"),
        ("id,start,colour\nx,2027-01-04,red\n", "unknown column 'colour'"),
        (
            "id,start,duration\nx,2027-13-01,2\n",
            "row 2, column 'start': '2027-13-01' is not a valid",
        ),
        ("id,start,duration\nx,2027-01-04,two\n", "row 2, column 'duration'"),
        ("id,start\nx,2027-01-04\n", "row 2, column 'duration': a task needs a duration"),
        ("id,start,duration,locked\nx,2027-01-04,2,maybe\n", "row 2, column 'locked'"),
        ("id,start,duration\nx,2027-01-04,2\nx,2027-01-05,2\n", "row 3, column 'id'"),
        (
            "id,start,duration,depends_on\nx,2027-01-04,2,ghost\n",
            "row 2, column 'depends_on': unknown item 'ghost'",
        ),
        (
            "id,start,duration,depends_on\nx,2027-01-04,2,\ny,2027-01-04,2,x XY\n",
            "row 3, column 'depends_on': unknown type",
        ),
        ("id,start,duration,depends_on\nx,2027-01-04,2,x\n", "cannot depend on itself"),
        (
            "id,start,duration,team,team_color\nx,2027-01-04,2,be,blue\n",
            "row 2, column 'team_color'",
        ),
        ("id,start,duration,progress\nx,2027-01-04,2,150\n", "row 2: item 'x': progress"),
        ("id,start,kind,duration\nm,2027-01-04,milestone,3\n", "row 2: item 'm': a milestone"),
    ],
)
def test_bad_input_names_row_and_column(text, message):
    with pytest.raises(PlanError, match=message.replace("(", r"\(")):
        plan_from_csv(text, "x")


def test_teams_keep_colors_from_the_file():
    text = "id,start,duration,team,team_color\na,2027-01-04,1,be,#123456\n"
    assert plan_from_csv(text, "x").teams == (Team("be", "be", "#123456"),)


# -- what fuzzing the import found: one line naming the row, never a traceback ----------

_HEAD = "id,start,duration,depends_on,progress,deadline\n"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("x,2027-01-04," + "9" * 5000 + ",,,", "row 2, column 'duration': '999"),
        ("x,2027-01-04,18446744073709551617,,,", "row 2, column 'duration': '1844"),
        ("x,2027-01-04,99999999999,,,", "row 2: item 'x': duration must be at most"),
        ("x,2027-01-04,1000000000,,,", "row 2: item 'x': duration must be at most 401767"),
        ("x,2027-01-04,300000,,,", "item 'x': its finish would fall after 2999-12-31"),
        ("x,2027-01-04,2,,nan,", "row 2, column 'progress': 'nan' is not a number"),
        ("x,2027-01-04,2,,1e999,", "row 2, column 'progress': '1e999' is not a number"),
        ("x,2027-01-04,2,,,3000-01-01", "row 2: item 'x': deadline 3000-01-01 is outside"),
        ("x,1899-12-29,2,,,", "row 2: item 'x': start 1899-12-29 is outside the calendar"),
        ("x,2027-01-04,2,,,\ny,2027-01-04,2,x FS+" + "1" * 4400 + ",,",
         "row 3, column 'depends_on': '+1111"),
        ("x,2027-01-04,2,,,\ny,2027-01-04,2,x SS-18446744073709551617,,",
         "row 3, column 'depends_on': '-18446744073709551617' is far too large for a lag"),
        ("x,2027-01-04,2,,,\ny,2027-01-04,2,x SS-500000,,",
         "dependency 'x' -> 'y': lag must be between -401767 and 401767"),
        ("x" * 100_000 + ",2027-01-04,2,,,\n" + "x" * 100_000 + ",2027-01-04,2,,,",
         "row 3, column 'id': id 'xxx"),
    ],
)  # fmt: skip
def test_numbers_past_the_bounds_are_refused_in_one_short_line(row, message):
    with pytest.raises(PlanError) as err:
        plan = plan_from_csv(_HEAD + row + "\n", "x")
        schedule_plan(plan)  # what every importer runs before accepting a plan
    assert message in str(err.value)
    assert len(str(err.value)) < 250 and "\n" not in str(err.value)


def test_our_export_of_a_long_title_imports_again():
    # over the csv module's default limit of 131,072 characters per cell
    plan = Plan("p", items=(Item("a", "T" * 300_000, start=date(2027, 1, 4), duration=2),))
    text = plan_to_csv(plan, schedule_plan(plan))
    limit = csv.field_size_limit()
    assert plan_from_csv(text, "p").items == plan.items
    assert csv.field_size_limit() == limit  # the process-wide limit is left as it was


def test_a_cell_past_the_import_bound_is_one_line(monkeypatch):
    monkeypatch.setattr(csvplan, "MAX_CELL", 1000)
    text = f"id,start,duration,title\na,2027-01-04,2,ok\nb,2027-01-04,2,{'t' * 1001}\n"
    with pytest.raises(PlanError, match=r"^CSV line 3: a cell is longer than 1,000 characters$"):
        plan_from_csv(text, "p")
