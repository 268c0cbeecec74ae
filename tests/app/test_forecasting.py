"""The forecast of an open roadmap as the views show it (planner/app/forecasting.py): the
same numbers as the core's, the tooltip's text exactly, the chance's text and colour
level, the marks an export draws, and a job that runs on another thread while the
session edits on."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from planner.app.forecasting import (
    ForecastJob,
    chance_level,
    chance_text,
    forecast_job,
    forecast_session,
)
from planner.domain.edits import UpdateItem
from planner.domain.errors import PlanError
from planner.domain.model import CalendarSpec, Dependency, Item, Plan, Team
from planner.scheduling.calendar import WorkCalendar
from planner.scheduling.forecast import forecast_plan
from planner.storage.repository import PlanRepository

MON = date(2027, 1, 4)  # a Monday; the calendar is Mon-Fri
CAL = WorkCalendar(CalendarSpec())
TEAMS = (Team("be", "Backend"), Team("web", "Web"))


def day(k: int) -> date:
    """The k-th working day from MON (0 = MON)."""
    return CAL.date_of(CAL.start_index(MON) + k)


def done(item_id: str, team: str, estimate: int, took: int) -> Item:
    return Item(item_id, team=team, start=day(-40), duration=estimate, done=True,
                actual_start=day(-40), actual_finish=day(-40 + took - 1))  # fmt: skip


def plan_with(history: list[Item], extra: list[Item] = ()) -> Plan:  # type: ignore[assignment]
    items = [
        *history,
        Item("api", "Payments API", team="be", start=day(0), duration=5, deadline=day(7)),
        Item("launch", "Launch", team="be", kind="milestone", start=day(0), duration=0),
        *extra,
    ]
    return Plan("P", CalendarSpec(), TEAMS, (), tuple(items), (Dependency("api", "launch"),))


@pytest.fixture
def session_of(tmp_path):
    opened = []

    def make(plan: Plan):
        from planner.app.session import PlanSession

        path = tmp_path / f"p{len(opened)}.roadmap"
        repo = PlanRepository.open(path, create=True)
        repo.write_plan(plan)
        repo.close()
        s = PlanSession.open(path)
        opened.append(s)
        return s

    yield make
    for s in opened:
        s.close()


def test_the_numbers_are_the_cores(session_of):
    plan = plan_with([done("h1", "be", 5, 5), done("h2", "be", 5, 7), done("h3", "be", 5, 10)])
    session = session_of(plan)
    got = forecast_session(session, MON, runs=400, seed=7)
    core = forecast_plan(session.plan, MON, 400, 7)
    assert got.forecast.to_dict() == core.to_dict()
    assert set(got.items) == {"api", "launch"}
    assert got.get("api") == core.get("api")
    assert got.get("h1") is None  # done: no forecast
    assert got.is_for(session.plan, MON)
    assert not got.is_for(session.plan, day(1))


def test_tip_says_the_dates_the_chance_and_the_teams_history(session_of):
    # Backend's tasks took exactly 2x: every run doubles api (5 -> 10 days), no spread.
    plan = plan_with([done("h1", "be", 5, 10), done("h2", "be", 3, 6), done("h3", "be", 4, 8)])
    got = forecast_session(session_of(plan), MON)
    f = got.get("api")
    assert (f.p50, f.p80, f.on_time) == (day(9), day(9), 0.0)
    assert got.tip("api") == (
        "P50 and P80 Fri 15 Jan; 0 % on time;\nBackend's 3 done tasks each took 2.0× their estimate"
    )
    assert got.tip("launch").startswith("P50 and P80 Fri 15 Jan;\nBackend's")  # no deadline
    assert got.tip("h1") == ""


def test_tip_with_a_spread_names_both_days_and_the_median(session_of):
    history = [done("h1", "be", 5, 5), done("h2", "be", 5, 5), done("h3", "be", 5, 10)]
    got = forecast_session(session_of(plan_with(history)), MON)
    f = got.get("api")
    assert f.p50 < f.p80
    p50, p80 = f"{f.p50:%a} {f.p50.day} {f.p50:%b}", f"{f.p80:%a} {f.p80.day} {f.p80:%b}"
    assert got.tip("api") == (
        f"P50 {p50} – P80 {p80}; {chance_text(f.on_time)} on time;\nBackend's 3 done tasks"
        " took 1.0× their estimate at the median (1.0×–2.0×)"
    )


def test_tip_gives_p80_its_year_when_it_is_not_todays(session_of):
    history = [done("h1", "be", 5, 5), done("h2", "be", 5, 5), done("h3", "be", 5, 10)]
    got = forecast_session(session_of(plan_with(history)), date(2026, 12, 28))
    f = got.get("api")
    assert f.p50.year == f.p80.year == 2027
    p50, p80 = f"{f.p50:%a} {f.p50.day} {f.p50:%b}", f"{f.p80:%a} {f.p80.day} {f.p80:%b}"
    assert got.tip("api").startswith(f"P50 {p50} – P80 {p80} 2027; ")


def test_without_history_the_tip_says_the_forecast_is_the_schedule(session_of):
    got = forecast_session(session_of(plan_with([done("h1", "be", 5, 9)])), MON)
    assert got.why("api") == (
        "Only 1 done task with actual dates (fewer than 3): the forecast is the schedule"
    )
    f = got.get("launch")
    assert f.p50 == f.p80 == day(4)


def test_a_team_with_too_little_history_says_whose_it_uses(session_of):
    history = [done("h1", "be", 5, 5), done("h2", "be", 5, 6), done("h3", "be", 5, 7)]
    extra = [Item("page", "Page", team="web", start=day(0), duration=3, deadline=day(5))]
    got = forecast_session(session_of(plan_with(history, extra)), MON)
    assert got.why("page") == "Web has fewer than 3 done tasks (0): using the whole plan's 3"


def test_marks_are_what_an_export_takes(session_of):
    plan = plan_with([done("h1", "be", 5, 5), done("h2", "be", 5, 7), done("h3", "be", 5, 10)])
    got = forecast_session(session_of(plan), MON)
    assert got.marks() == {f.id: (f.p50, f.p80, f.on_time) for f in got.forecast.items}


@pytest.mark.parametrize(
    ("share", "text", "level"),
    [(0.0, "0 %", "low"), (0.49, "49 %", "low"), (0.5, "50 %", "fair"), (0.62, "62 %", "fair"),
     (0.79, "79 %", "fair"), (0.8, "80 %", "good"), (1.0, "100 %", "good")],
)  # fmt: skip
def test_chance_text_and_level(share, text, level):
    assert chance_text(share) == text
    assert chance_level(share) == level


def test_a_job_is_the_plan_value_it_was_made_from(session_of):
    plan = plan_with([done("h1", "be", 5, 5), done("h2", "be", 5, 7), done("h3", "be", 5, 10)])
    session = session_of(plan)
    job = forecast_job(session, MON)
    assert job.same_as(ForecastJob(session.plan, MON))
    assert not job.same_as(ForecastJob(session.plan, MON, runs=10))
    assert not job.same_as(None)
    # A job runs on another thread while the session edits: it forecasts the plan it has.
    out = {}
    worker = threading.Thread(target=lambda: out.setdefault("r", job.run()))
    worker.start()
    session.apply(UpdateItem.of("api", duration=15))
    worker.join()
    assert out["r"].job is job and job.plan is not session.plan
    assert out["r"].forecast.to_dict() == forecast_plan(job.plan, MON).to_dict()
    assert not out["r"].is_for(session.plan, MON)
    assert not job.same_as(forecast_job(session, MON))


def test_a_refused_forecast_is_a_plan_error(session_of):
    session = session_of(plan_with([]))
    with pytest.raises(PlanError, match="runs must be 1 to"):
        forecast_session(session, MON, runs=0)
