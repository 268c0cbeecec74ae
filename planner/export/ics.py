"""Milestones and deadlines as an iCalendar (.ics) file, written with ``icalendar``.

One all-day VEVENT per milestone (on its scheduled day) and one per deadline (on the
deadline's date). UIDs are stable so that importing a newer export into a calendar
updates the events instead of duplicating them:

    <item id>-milestone@<plan identity>.roadmap-planner
    <item id>-deadline@<plan identity>.roadmap-planner

The plan identity is the roadmap file's own uid (kept in the file, so renaming or moving
it changes nothing; a Save As copy gets a new one). For a .json plan, which has no uid,
it is a slug of the file's name (``Checkout Q1.json`` -> ``checkout-q1``). SEQUENCE is
the number of minutes since 2024-01-01 at export time, so every later export supersedes
the earlier one for calendars that compare it.

Every text from the plan (its name, titles, team names) goes into a property through
``one_line``: a line break or control character in a title can neither break the file
nor start a property of its own.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from planner.domain.model import Plan
from planner.domain.text import one_line
from planner.scheduling.schedule import Schedule

__all__ = ["plan_identity", "plan_to_ics"]

_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


def plan_identity(name: str) -> str:
    """A slug for UIDs: lower-case ASCII letters, digits and dashes ("roadmap" if empty)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "roadmap"


def _uid_part(item_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", lambda m: f"%{ord(m.group()):02X}", item_id)


def plan_to_ics(
    plan: Plan,
    sched: Schedule,
    identity: str,
    stamp: datetime,
    teams: tuple[str, ...] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> bytes:
    """The calendar as bytes. ``stamp`` (an aware datetime) is DTSTAMP; ``teams`` and the
    date range, when given, keep only those events."""
    stamp = stamp.astimezone(UTC).replace(microsecond=0)
    seq = max(0, int((stamp - _EPOCH).total_seconds() // 60))
    cal = Calendar()
    cal.add("prodid", "-//Roadmap Planner//roadmap export//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", one_line(f"{plan.name} — milestones and deadlines"))
    late = {v.item: v.days for v in sched.violations if v.kind == "deadline"}

    def wanted(item_team: str | None, day: date) -> bool:
        if teams is not None and item_team not in teams:
            return False
        if date_from is not None and day < date_from:
            return False
        return date_to is None or day <= date_to

    for it in plan.items:
        team = plan.team_name(it.team)
        first, last = sched.dates(it.id)
        uid_item = _uid_part(it.id)
        if it.is_milestone and wanted(it.team, first):
            desc = [f"Milestone of {team}, scheduled on {first:%a %d %b %Y}."]
            if it.deadline:
                desc.append(f"Deadline {it.deadline:%a %d %b %Y}.")
            if it.id in late:
                desc.append(f"Misses its deadline by {_days(late[it.id])}.")
            if it.done:
                desc.append("Done.")
            cal.add_component(
                _event(
                    f"{uid_item}-milestone@{identity}.roadmap-planner",
                    f"◆ {it.label} ({team})",
                    first,
                    " ".join(desc),
                    team,
                    stamp,
                    seq,
                )
            )
        if it.deadline and wanted(it.team, it.deadline):
            status = (
                f"Now scheduled to finish {last:%a %d %b %Y}: late by {_days(late[it.id])}."
                if it.id in late
                else f"Scheduled to finish {last:%a %d %b %Y}."
            )
            cal.add_component(
                _event(
                    f"{uid_item}-deadline@{identity}.roadmap-planner",
                    f"Deadline: {it.label} ({team})",
                    it.deadline,
                    f"Deadline of {it.label} ({team}). {status}",
                    team,
                    stamp,
                    seq,
                )
            )
    data: bytes = cal.to_ical()
    return data


def _event(
    uid: str, summary: str, day: date, description: str, team: str, stamp: datetime, seq: int
) -> Event:
    ev = Event()
    ev.add("uid", uid)
    ev.add("dtstamp", stamp)
    ev.add("last-modified", stamp)
    ev.add("sequence", seq)
    ev.add("summary", one_line(summary))
    ev.add("dtstart", day)
    ev.add("dtend", day + timedelta(days=1))
    ev.add("description", one_line(description))
    ev.add("categories", [one_line(team)])
    ev.add("transp", "TRANSPARENT")
    return ev


def _days(n: int) -> str:
    return f"{n} working day{'' if n == 1 else 's'}"
