"""The forecast of an open roadmap, as the app's views show it (DESIGN.md, 'The iteration
loop: sprint review and forecast').

A ``ForecastJob`` is what to forecast: a plan value as of a day, with the runs and the
seed. Plans never change once made, so a job may run on any thread while the session
goes on editing (the session's own ``ScheduleEngine`` changes in place, so a job makes
its own). ``ForecastJob.run`` returns a ``PlanForecast``: the core's ``Forecast`` with
a lookup by item, the one line that says where each item's spread comes from, the
tooltip text of each range ("P50 Thu 18 Mar – P80 Tue 23 Mar; 62 % on time;" and below
it "Backend's 7 done tasks took 1.4× their estimate at the median (0.9×–2.1×)") and the
marks an export draws (``RoadmapOptions.forecast``). ``ItemForecast`` is the core's,
named here so that the views need not reach into scheduling.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from planner.app.session import PlanSession
from planner.domain.model import Plan
from planner.scheduling.forecast import Forecast, ItemForecast, forecast_plan, team_evidence
from planner.scheduling.propagate import ScheduleEngine

__all__ = [
    "DEFAULT_RUNS",
    "DEFAULT_SEED",
    "ChanceLevel",
    "ForecastJob",
    "ItemForecast",
    "PlanForecast",
    "chance_level",
    "chance_text",
    "forecast_job",
    "forecast_session",
]

DEFAULT_RUNS = 1000
DEFAULT_SEED = 1
FAIR, GOOD = 0.5, 0.8  # an on-time chance below FAIR is low, below GOOD fair

ChanceLevel = Literal["low", "fair", "good"]


def chance_text(on_time: float) -> str:
    """An on-time share as the views write it: 0.62 -> "62 %"."""
    return f"{round(on_time * 100)} %"


def chance_level(on_time: float) -> ChanceLevel:
    """How an on-time share is coloured: "low" below 50 %, "fair" below 80 %, else
    "good"."""
    if on_time < FAIR:
        return "low"
    return "fair" if on_time < GOOD else "good"


@dataclass(frozen=True, eq=False)  # a job is itself: comparing plans item by item costs
class ForecastJob:
    """``runs`` runs of ``plan`` as of ``today`` with ``seed``."""

    plan: Plan
    today: date
    runs: int = DEFAULT_RUNS
    seed: int = DEFAULT_SEED

    def same_as(self, other: ForecastJob | None) -> bool:
        """True when ``other`` forecasts the very same plan value, day, runs and seed."""
        return (
            other is not None
            and other.plan is self.plan
            and (other.today, other.runs, other.seed) == (self.today, self.runs, self.seed)
        )

    def run(self) -> PlanForecast:
        """The forecast (on whatever thread calls it: it reads only the job). Raises
        PlanError for runs or a seed out of range, or a forecast finish past the
        calendar's last day."""
        engine = ScheduleEngine(self.plan, validate=False)  # a session's plan is checked
        fc = forecast_plan(self.plan, self.today, self.runs, self.seed, engine)
        evidence = team_evidence(self.plan, engine.calendar)
        reasons = {team: ev.describe(self.plan) for team, ev in evidence.items()}
        return PlanForecast(self, fc, {f.id: f for f in fc.items}, reasons)


def forecast_job(
    session: PlanSession, today: date, runs: int = DEFAULT_RUNS, seed: int = DEFAULT_SEED
) -> ForecastJob:
    """The job that forecasts the session's plan as it is now."""
    return ForecastJob(session.plan, today, runs, seed)


def forecast_session(
    session: PlanSession, today: date, runs: int = DEFAULT_RUNS, seed: int = DEFAULT_SEED
) -> PlanForecast:
    """The forecast of the session's plan as it is now, computed here and now. Raises
    PlanError as ``ForecastJob.run`` does."""
    return forecast_job(session, today, runs, seed).run()


@dataclass(frozen=True, eq=False)
class PlanForecast:
    """What ``job`` found: ``forecast``, each item's by id (``items``), and per team (None:
    items without one) the line that says where its spread comes from."""

    job: ForecastJob
    forecast: Forecast
    items: Mapping[str, ItemForecast]
    reasons: Mapping[str | None, str]

    @property
    def plan(self) -> Plan:
        return self.job.plan

    def is_for(self, plan: Plan, today: date) -> bool:
        """True when this is the forecast of that very plan value as of ``today``."""
        return self.job.plan is plan and self.job.today == today

    def get(self, item_id: str) -> ItemForecast | None:
        """The item's forecast; None for a done item or a task without a deadline."""
        return self.items.get(item_id)

    def why(self, item_id: str) -> str:
        """Where the item's spread comes from, in one line: its team's history, or, when
        no team has a spread to draw from, why the forecast is the schedule."""
        evidence = self.forecast.evidence
        if not evidence or all(ev.source == "none" for ev in evidence):
            return self.forecast.explain(self.plan)[0]
        plan = self.plan
        team = plan.item(item_id).team if plan.has_item(item_id) else None
        return self.reasons.get(team, "")

    def tip(self, item_id: str) -> str:
        """The text of the item's range tooltip: "P50 Thu 18 Mar – P80 Tue 23 Mar; 62 % on
        time;" and on a second line where its spread comes from ("" for an item without
        a forecast). P80 carries its year when it is not the year of the forecast's day,
        P50 when it is not P80's."""
        f = self.items.get(item_id)
        if f is None:
            return ""
        p80 = _day(f.p80, f.p80.year != self.job.today.year)
        if f.p50 == f.p80:
            parts = [f"P50 and P80 {p80}"]
        else:
            parts = [f"P50 {_day(f.p50, f.p50.year != f.p80.year)} – P80 {p80}"]
        if f.on_time is not None:
            parts.append(f"{chance_text(f.on_time)} on time")
        why = self.why(item_id)
        return "; ".join(parts) + (f";\n{why}" if why else "")

    def marks(self) -> dict[str, tuple[date, date, float | None]]:
        """The forecast as ``RoadmapOptions.forecast`` takes it: id -> (P50, P80, on-time
        share or None)."""
        return {f.id: (f.p50, f.p80, f.on_time) for f in self.forecast.items}


def _day(d: date, with_year: bool) -> str:
    text = f"{d:%a} {d.day} {d:%b}"
    return f"{text} {d.year}" if with_year else text
