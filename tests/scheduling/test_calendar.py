from datetime import date

import pytest

from planner.domain.errors import PlanError
from planner.domain.model import CalendarSpec
from planner.scheduling.calendar import WorkCalendar

CAL = WorkCalendar(CalendarSpec(holidays=(date(2027, 1, 13),)))
B = CAL.start_index(date(2027, 1, 4))  # Monday


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (date(2027, 1, 4), 0, 1),  # Mon
        (date(2027, 1, 8), 4, 5),  # Fri
        (date(2027, 1, 9), 5, 5),  # Sat: a start moves to Monday, an end is Friday's
        (date(2027, 1, 10), 5, 5),  # Sun
        (date(2027, 1, 13), 7, 7),  # holiday (Wed)
        (date(2027, 1, 14), 7, 8),
    ],
)
def test_dates_to_points(day, start, end):
    assert CAL.start_index(day) - B == start
    assert CAL.end_point(day) - B == end


def test_round_trip_over_years():
    for offset in range(-2000, 6000, 7):
        i = B + offset
        assert CAL.start_index(CAL.date_of(i)) == i


def test_far_dates_extend_tables():
    assert CAL.date_of(CAL.start_index(date(2950, 6, 2))) == date(2950, 6, 2)
    assert CAL.date_of(CAL.start_index(date(1901, 3, 4))) == date(1901, 3, 4)


def test_out_of_range_is_refused():
    with pytest.raises(PlanError, match="outside"):
        CAL.start_index(date(3500, 1, 1))


def test_country_holidays_from_the_holidays_package():
    cal = WorkCalendar(CalendarSpec(country="US"))
    assert not cal.is_working(date(2027, 11, 25))  # Thanksgiving
    assert cal.is_working(date(2027, 11, 24))


def test_unknown_country_is_refused():
    with pytest.raises(PlanError, match="unknown country"):
        WorkCalendar(CalendarSpec(country="XX"))


def test_no_working_day_is_refused():
    with pytest.raises(PlanError, match="every day"):
        WorkCalendar(CalendarSpec(weekend=frozenset(range(7))))
