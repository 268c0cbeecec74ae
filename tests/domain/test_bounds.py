"""Every number and date a plan holds is bounded, in one place (``validate_plan``), by
what the calendar can hold: so every path that makes a plan (JSON, CSV, an edit) is."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from planner.domain.edits import AddDependency, AddItem, SetSprints, UpdateDependency, UpdateItem
from planner.domain.errors import PlanError
from planner.domain.model import (
    FIRST_DAY,
    LAST_DAY,
    MAX_DURATION,
    MAX_LAG,
    CalendarSpec,
    Dependency,
    Item,
    Plan,
    Sprint,
    validate_plan,
)

A = Item("a", start=date(2027, 1, 4), duration=2)
B = Item("b", start=date(2027, 1, 4), duration=2)
PLAN = Plan(items=(A, B), dependencies=(Dependency("a", "b"),))


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        (PLAN.with_items([dataclasses.replace(A, duration=MAX_DURATION + 1), B]),
         f"item 'a': duration must be at most {MAX_DURATION}"),
        (PLAN.with_items([dataclasses.replace(A, duration=2**64), B]),
         "item 'a': duration must be at most"),
        (PLAN.with_items([dataclasses.replace(A, duration=10**5000), B]),
         "not a huge number"),
        (dataclasses.replace(PLAN, dependencies=(Dependency("a", "b", "FS", MAX_LAG + 1),)),
         "dependency 'a' -> 'b': lag must be between"),
        (dataclasses.replace(PLAN, dependencies=(Dependency("a", "b", "SS", -(2**70)),)),
         "dependency 'a' -> 'b': lag must be between"),
        (PLAN.with_items([dataclasses.replace(A, start=date(1899, 12, 31)), B]),
         "item 'a': start 1899-12-31 is outside the calendar"),
        (PLAN.with_items([dataclasses.replace(A, deadline=date(3000, 1, 1)), B]),
         "item 'a': deadline 3000-01-01 is outside the calendar"),
        (PLAN.with_items([dataclasses.replace(A, actual_start=date(1, 1, 1)), B]),
         "item 'a': actual start 0001-01-01 is outside the calendar"),
        (PLAN.with_items([dataclasses.replace(A, done=True, actual_finish=date(9999, 1, 1)), B]),
         "item 'a': actual finish 9999-01-01 is outside the calendar"),
        (dataclasses.replace(PLAN, sprints=(Sprint("S", date(2027, 1, 4), date(3001, 1, 1)),)),
         "sprint 'S': finish 3001-01-01 is outside the calendar"),
        (dataclasses.replace(PLAN, calendar=CalendarSpec(holidays=(date(1800, 1, 1),))),
         "calendar: holiday 1800-01-01 is outside the calendar"),
        (PLAN.with_items([dataclasses.replace(A, id="x" * 100_000), B]),
         "unknown item 'a'"),
    ],
)  # fmt: skip
def test_out_of_bounds_is_refused_by_name(plan, message):
    with pytest.raises(PlanError) as err:
        validate_plan(plan)
    assert message in str(err.value)
    assert len(str(err.value)) < 200


def test_the_edges_themselves_are_accepted():
    edge = PLAN.with_items(
        [
            dataclasses.replace(A, start=FIRST_DAY, duration=MAX_DURATION, deadline=LAST_DAY),
            dataclasses.replace(B, start=LAST_DAY),
        ]
    )
    validate_plan(dataclasses.replace(edge, dependencies=(Dependency("a", "b", "SS", -MAX_LAG),)))


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (UpdateItem.of("a", duration=MAX_DURATION + 1), "duration must be at most"),
        (UpdateItem.of("a", start=date(3000, 1, 1)), "start 3000-01-01 is outside"),
        (AddItem(Item("c", start=date(2027, 1, 4), duration=2**64)), "duration must be at most"),
        (UpdateDependency("a", "b", "FS", 2**63), "lag must be between"),
        (AddDependency(Dependency("b", "a", "FS", -(2**63))), "lag must be between"),
    ],
)
def test_edits_are_bounded_too(edit, message):
    with pytest.raises(PlanError, match=message):
        edit.apply(PLAN)


def test_a_sprint_edit_out_of_bounds_is_refused_when_the_plan_is_validated():
    after = SetSprints((Sprint("S", date(1850, 1, 1), date(2027, 1, 1)),)).apply(PLAN)
    with pytest.raises(PlanError, match="sprint 'S': start 1850-01-01 is outside"):
        validate_plan(after)


def test_long_values_in_messages_are_shortened():
    plan = PLAN.with_items([dataclasses.replace(A, team="t" * 100_000), B])
    with pytest.raises(PlanError) as err:
        validate_plan(plan)
    assert "unknown team 'ttt" in str(err.value) and len(str(err.value)) < 120
    with pytest.raises(PlanError) as err:
        PLAN.item("\x1b]0;pwned\x07" + "y" * 10_000)
    assert "\x1b" not in str(err.value) and len(str(err.value)) < 120


def test_quoted_fast_path_says_the_same_as_the_careful_one():
    from hypothesis import given
    from hypothesis import strategies as st

    from planner.domain.text import printable, quoted, shorten

    @given(st.text(max_size=80))
    def check(value):
        careful = "'" + printable(shorten(value, 60), keep_newlines=False).replace("'", "\\'") + "'"
        assert quoted(value) == careful

    check()


def test_name_list_names_a_few_and_counts_the_rest():
    from planner.domain.text import name_list

    assert name_list([], "team") == ""
    assert name_list(["Web"], "team") == "Web"
    assert name_list(["Web", "Mobile"], "team") == "Web and Mobile"
    assert name_list(["Web", "Mobile", "Data"], "team") == "Web, Mobile and Data"
    assert name_list(["Web", "Mobile", "Data", "BE"], "team") == "Web, Mobile, Data and 1 more team"
    many = ["Web", "Mobile", "Data", *(f"T{k}" for k in range(41))]
    assert name_list(many, "team") == "Web, Mobile, Data and 41 more teams"
    assert name_list(["a\nb" + "x" * 100], "item") == "a b" + "x" * 36 + "…"
