"""Negotiated deadlines (DESIGN.md, 'Team-driven deadlines'): each step as an edit, and
the rows of ``planner deadlines`` and the app's Deadlines view.

A stakeholder asks for a date (``propose_date``: the item's target; the stakeholder
then watches the item), the item's team commits to one (``commit_date``), and a date is
agreed (``agree_date``, by default the commitment), which becomes the item's deadline.
Each is one ``UpdateItem`` with a verb of its own that appends a step to the item's
negotiation log, so the session gives it an inverse, a history entry and an undo like
any edit; ``watch_item`` adds or removes a watcher. The time a step was recorded
(``when``) is the caller's: the core reads no clock.

``deadline_rows`` says where each negotiated item stands, from its schedule and,
when given, a forecast:

- ``proposed``: a target, no commitment; ``committed``: a commitment not yet agreed;
- ``agreed``: agreed, and the scheduled finish on or before the agreed date;
- ``at risk``: agreed, the scheduled finish on time but the forecast's P80 after the
  agreed date (never without a forecast);
- ``missed``: the scheduled finish after the agreed date, or the agreed date passed
  (before ``today``) with the item not done.

``gap`` is the working days from the target to the scheduled finish (positive: later
than asked; None without a target).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, Protocol

from planner.app.session import PlanSession
from planner.domain.edits import UpdateItem
from planner.domain.errors import PlanError
from planner.domain.jsonio import commitment_to_dict, target_to_dict
from planner.domain.model import Commitment, Item, NegotiationStep, Plan, Target
from planner.domain.text import quoted
from planner.scheduling.forecast import Forecast, ItemForecast
from planner.scheduling.propagate import schedule_plan
from planner.scheduling.schedule import Schedule

__all__ = [
    "AGREE_VERB",
    "COMMIT_VERB",
    "PROPOSE_VERB",
    "UNWATCH_VERB",
    "WATCH_VERB",
    "DeadlineRow",
    "DeadlineStatus",
    "ForecastLookup",
    "agree_date",
    "commit_date",
    "deadline_rows",
    "deadline_status",
    "propose_date",
    "watch_item",
]

PROPOSE_VERB = "Propose a date for"
COMMIT_VERB = "Commit to a date for"
AGREE_VERB = "Agree the date of"
WATCH_VERB = "Add a watcher to"
UNWATCH_VERB = "Remove a watcher from"

DeadlineStatus = Literal["proposed", "committed", "agreed", "at risk", "missed"]


class ForecastLookup(Protocol):
    """What ``deadline_rows`` reads of a forecast (``Forecast``, the app's
    ``PlanForecast``): an item's forecast by id, None for one it does not report."""

    def get(self, item_id: str) -> ItemForecast | None: ...


def _edit(item: Item, changes: dict[str, Any], verb: str, reason: str) -> UpdateItem:
    return UpdateItem(item.id, tuple(sorted(changes.items())), verb, reason=reason)


def propose_date(
    plan: Plan, item_id: str, day: date, by: str, *, note: str = "", when: str = ""
) -> UpdateItem:
    """The edit by which stakeholder ``by`` asks for ``day``: the item's target (the one
    it had is replaced), a step in its log, and ``by`` among its watchers. Raises
    PlanError for an unknown item or stakeholder."""
    item = plan.item(item_id)
    plan.stakeholder(by)
    changes: dict[str, Any] = {
        "target": Target(day, by, note),
        "negotiation": (*item.negotiation, NegotiationStep("target", day, by, note, when)),
    }
    if by not in item.watchers:
        changes["watchers"] = (*item.watchers, by)
    return _edit(item, changes, PROPOSE_VERB, note)


def commit_date(
    plan: Plan, item_id: str, day: date, *, note: str = "", when: str = ""
) -> UpdateItem:
    """The edit by which the item's team commits to ``day`` (the commitment it had is
    replaced; a date agreed stays until another is agreed). Raises PlanError for an
    unknown item."""
    item = plan.item(item_id)
    step = NegotiationStep("commitment", day, item.team or "", note, when)
    changes = {"commitment": Commitment(day, note), "negotiation": (*item.negotiation, step)}
    return _edit(item, changes, COMMIT_VERB, note)


def agree_date(
    plan: Plan, item_id: str, day: date | None = None, *, note: str = "", when: str = ""
) -> UpdateItem:
    """The edit that agrees on ``day`` (None: the item's commitment), which becomes its
    deadline too. Raises PlanError for an unknown item, or when no day is given and the
    item has no commitment."""
    item = plan.item(item_id)
    if day is None:
        if item.commitment is None:
            raise PlanError(
                f"item {quoted(item.id)}: no commitment to agree on; give the date agreed"
            )
        day = item.commitment.date
    by = item.target.by if item.target else ""
    changes = {
        "agreed": day,
        "deadline": day,
        "negotiation": (*item.negotiation, NegotiationStep("agreed", day, by, note, when)),
    }
    return _edit(item, changes, AGREE_VERB, note)


def watch_item(plan: Plan, item_id: str, by: str, *, stop: bool = False) -> UpdateItem:
    """The edit by which stakeholder ``by`` starts (or, with ``stop``, stops) watching
    the item. Raises PlanError for an unknown item or stakeholder, one that already
    watches it, or (``stop``) one that does not."""
    item = plan.item(item_id)
    who = quoted(plan.stakeholder(by).name)
    if stop:
        if by not in item.watchers:
            raise PlanError(f"{who} does not watch {quoted(item.label)}")
        watchers = tuple(w for w in item.watchers if w != by)
        return _edit(item, {"watchers": watchers}, UNWATCH_VERB, "")
    if by in item.watchers:
        raise PlanError(f"{who} already watches {quoted(item.label)}")
    return _edit(item, {"watchers": (*item.watchers, by)}, WATCH_VERB, "")


# -- where each negotiated item stands ----------------------------------------------------
@dataclass(frozen=True)
class DeadlineRow:
    """One negotiated item: its steps, its scheduled finish (last working day), the
    forecast's P80 (None without one), its status and the gap from its target."""

    id: str
    title: str
    team: str | None
    target: Target | None
    commitment: Commitment | None
    agreed: date | None
    finish: date
    p80: date | None
    status: DeadlineStatus
    gap: int | None
    watchers: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """An entry of ``planner deadlines --json`` (DESIGN.md's shape)."""
        return {
            "id": self.id,
            "target": target_to_dict(self.target) if self.target else None,
            "commitment": commitment_to_dict(self.commitment) if self.commitment else None,
            "agreed": self.agreed.isoformat() if self.agreed else None,
            "finish": self.finish.isoformat(),
            "p80": self.p80.isoformat() if self.p80 else None,
            "status": self.status,
            "gap": self.gap,
        }


def deadline_status(
    item: Item, finish: date, p80: date | None, today: date
) -> DeadlineStatus | None:
    """Where a negotiated item stands (see the module's text); None when it has no
    target, commitment or agreed date."""
    if item.agreed is not None:
        if finish > item.agreed or (item.agreed < today and not item.done):
            return "missed"
        if p80 is not None and p80 > item.agreed:
            return "at risk"
        return "agreed"
    if item.commitment is not None:
        return "committed"
    if item.target is not None:
        return "proposed"
    return None


def _lookup(forecast: ForecastLookup | Forecast | None) -> ForecastLookup | None:
    if isinstance(forecast, Forecast):  # its own get() scans: look each item up once
        return {f.id: f for f in forecast.items}
    return forecast


def deadline_rows(
    source: PlanSession | Plan,
    schedule: Schedule | None = None,
    forecast: ForecastLookup | Forecast | None = None,
    today: date | None = None,
) -> list[DeadlineRow]:
    """A row per item with a target, a commitment or an agreed date, in plan order.
    ``source`` is a session (its schedule is used unless one is given) or a plan
    (scheduled here unless ``schedule`` is given); ``today`` (default: the agreed
    dates are not judged against a day) says which agreed dates have passed. Raises
    PlanError / CycleError if a plan given alone can't be scheduled."""
    plan = source.plan if isinstance(source, PlanSession) else source
    if schedule is None:
        schedule = source.schedule if isinstance(source, PlanSession) else schedule_plan(plan)
    lookup = _lookup(forecast)
    cal = schedule.calendar
    rows = []
    for it in plan.items:
        if it.target is None and it.commitment is None and it.agreed is None:
            continue
        finish = schedule.dates(it.id)[1]
        found = lookup.get(it.id) if lookup is not None else None
        p80 = found.p80 if found is not None else None
        status = deadline_status(it, finish, p80, today or date.min)
        assert status is not None
        gap = None
        if it.target is not None:
            gap = schedule.points(it.id)[1] - cal.end_point(it.target.date)
        rows.append(
            DeadlineRow(
                id=it.id,
                title=it.label,
                team=it.team,
                target=it.target,
                commitment=it.commitment,
                agreed=it.agreed,
                finish=finish,
                p80=p80,
                status=status,
                gap=gap,
                watchers=it.watchers,
            )
        )
    return rows
