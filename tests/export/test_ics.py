"""The calendar parses back with icalendar: one all-day event per milestone and per
deadline, with UIDs that stay the same from one export to the next."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar

from planner.export.ics import plan_identity, plan_to_ics
from planner.scheduling.propagate import schedule_plan

STAMP = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)


def _events(data: bytes):
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_one_event_per_milestone_and_deadline(sample):
    plan, sched = sample
    events = _events(plan_to_ics(plan, sched, "checkout", STAMP))
    milestones = [it for it in plan.items if it.is_milestone]
    deadlines = [it for it in plan.items if it.deadline]
    assert len(events) == len(milestones) + len(deadlines)
    by_uid = {str(e["UID"]): e for e in events}
    assert len(by_uid) == len(events)
    for it in milestones:
        ev = by_uid[f"{it.id}-milestone@checkout.roadmap-planner"]
        day = sched.dates(it.id)[0]
        assert ev.decoded("DTSTART") == day and ev.decoded("DTEND") == day + timedelta(days=1)
        assert it.label in str(ev["SUMMARY"]) and plan.team_name(it.team) in str(ev["SUMMARY"])
    for it in deadlines:
        ev = by_uid[f"{it.id}-deadline@checkout.roadmap-planner"]
        assert ev.decoded("DTSTART") == it.deadline
        assert isinstance(ev.decoded("DTSTART"), date) and not isinstance(
            ev.decoded("DTSTART"), datetime
        )
    late = by_uid["invoices-deadline@checkout.roadmap-planner"]
    assert "late by 1 working day" in str(late["DESCRIPTION"])


def test_uids_are_stable_and_sequence_grows_when_dates_move(sample):
    plan, _ = sample
    first = _events(plan_to_ics(plan, schedule_plan(plan), "checkout", STAMP))
    moved = plan.replace_item(
        dataclasses.replace(plan.item("ga"), start=plan.item("ga").start + timedelta(days=7))
    )
    later = STAMP + timedelta(days=2)
    second = _events(plan_to_ics(moved, schedule_plan(moved), "checkout", later))
    assert sorted(str(e["UID"]) for e in first) == sorted(str(e["UID"]) for e in second)
    assert all(int(b["SEQUENCE"]) > int(a["SEQUENCE"]) for a, b in zip(first, second, strict=True))
    ga = {str(e["UID"]): e for e in second}["ga-milestone@checkout.roadmap-planner"]
    assert ga.decoded("DTSTAMP") == later


def test_team_and_date_filters(sample):
    plan, sched = sample
    web = _events(plan_to_ics(plan, sched, "x", STAMP, teams=("web",)))
    assert {str(e["UID"]).split("-")[0] for e in web} == {"weblaunch", "invoices"}
    some = _events(
        plan_to_ics(
            plan, sched, "x", STAMP, date_from=date(2026, 12, 20), date_to=date(2026, 12, 31)
        )
    )
    assert all(date(2026, 12, 20) <= e.decoded("DTSTART") <= date(2026, 12, 31) for e in some)
    assert len(some) >= 3


def test_plan_identity_is_a_slug():
    assert plan_identity("Checkout revamp — Q1") == "checkout-revamp-q1"
    assert plan_identity("Équipe Été 2027") == "equipe-ete-2027"
    assert plan_identity("—") == "roadmap"
