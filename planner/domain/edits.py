"""Edits: every change to a plan is a value with an inverse.

``edit.apply(plan)`` returns the new plan (raising PlanError if the edit does not fit
the plan); ``edit.inverse(plan)`` — called with the plan *before* the edit — returns
the edit that undoes it. ``timing_of(plan)`` tells the scheduler what it must redo:
the ids of items whose timing changed (an incremental update), or None when the
structure changed (a full reschedule).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from planner.domain.errors import PlanError
from planner.domain.jsonio import (
    commitment_from_dict,
    plan_from_dict,
    plan_to_dict,
    step_from_dict,
    target_from_dict,
)
from planner.domain.model import (
    CalendarSpec,
    Dependency,
    Item,
    Plan,
    Sprint,
    Stakeholder,
    Team,
    validate_dependency,
    validate_item,
    validate_stakeholders,
)
from planner.domain.text import quoted, shorten

__all__ = [
    "AddDependency",
    "AddItem",
    "Batch",
    "Edit",
    "MoveItem",
    "RemoveDependency",
    "RemoveItem",
    "RenamePlan",
    "ReplacePlan",
    "SetCalendar",
    "SetDuration",
    "SetSprints",
    "SetStakeholders",
    "SetTeams",
    "UpdateDependency",
    "UpdateItem",
    "edit_from_dict",
    "edit_to_dict",
]

TIMING_FIELDS = frozenset(
    {"start", "duration", "deadline", "locked", "done", "actual_start", "actual_finish", "kind"}
)
ITEM_FIELDS = frozenset(f.name for f in dataclasses.fields(Item)) - {"id"}


@dataclass(frozen=True)
class Edit:
    """Base of all edits. ``reason`` is kept in the history with the edit."""

    reason: str = field(default="", kw_only=True)

    label = "Edit"

    def apply(self, plan: Plan) -> Plan:
        raise NotImplementedError

    def inverse(self, plan: Plan) -> Edit:
        raise NotImplementedError

    def timing_of(self, plan: Plan) -> tuple[str, ...] | None:
        return None

    def describe(self, plan: Plan) -> str:
        return self.label

    def with_reason(self, reason: str) -> Edit:
        return dataclasses.replace(self, reason=reason)

    @property
    def news(self) -> str | None:
        """What kind of news this edit is for every team it moves ("slip", "progress",
        "review"), or None for a plain edit (which tells only the other teams)."""
        return None


@dataclass(frozen=True)
class UpdateItem(Edit):
    """Set some fields of one item: ``changes`` is a tuple of (field, value)."""

    item_id: str
    changes: tuple[tuple[str, Any], ...]
    verb: str = ""  # how the history names it ("Move", "Slip"); default "Edit <fields> of"

    @property
    def label(self) -> str:  # type: ignore[override]
        return self.verb.removesuffix(" of") or "Edit item"

    @classmethod
    def of(cls, item_id: str, reason: str = "", **changes: Any) -> UpdateItem:
        return cls(item_id, tuple(sorted(changes.items())), reason=reason)

    def apply(self, plan: Plan) -> Plan:
        item = plan.item(self.item_id)
        for name, _ in self.changes:
            if name not in ITEM_FIELDS:
                raise PlanError(f"item {quoted(self.item_id)}: no field {quoted(name)}")
        new = dataclasses.replace(item, **dict(self.changes))
        if new.kind == "milestone" and item.kind != "milestone":
            new = dataclasses.replace(new, duration=0)
        elif new.kind == "task" and new.duration < 1 and "duration" not in dict(self.changes):
            new = dataclasses.replace(new, duration=1)
        if new.team is not None and new.team not in plan.team_index:
            raise PlanError(f"item {quoted(self.item_id)}: unknown team {quoted(new.team)}")
        validate_item(new, None, plan.stakeholder_index)
        return plan.replace_item(new)

    def inverse(self, plan: Plan) -> Edit:
        item = plan.item(self.item_id)
        names = {n for n, _ in self.changes}
        if "kind" in names:
            names.add("duration")
        return UpdateItem(
            self.item_id,
            tuple(sorted((n, getattr(item, n)) for n in names)),
            self.verb,
            reason=self.reason,
        )

    def timing_of(self, plan: Plan) -> tuple[str, ...] | None:
        return (self.item_id,) if any(n in TIMING_FIELDS for n, _ in self.changes) else ()

    def describe(self, plan: Plan) -> str:
        label = plan.item(self.item_id).label if plan.has_item(self.item_id) else self.item_id
        if self.verb:
            return f"{self.verb} {label}"
        return f"Edit {', '.join(n for n, _ in self.changes)} of {label}"

    @property
    def is_slip(self) -> bool:
        return self.verb == "Slip"

    @property
    def news(self) -> str | None:
        return _NEWS_VERBS.get(self.verb)


# UpdateItem verbs whose edits are news for every team they move (see Edit.news)
_NEWS_VERBS = {"Slip": "slip", "Update progress of": "progress"}


def MoveItem(item_id: str, start: date, *, reason: str = "") -> UpdateItem:
    """Give an item a new planned start (a milestone: a new date)."""
    return UpdateItem(item_id, (("start", start),), "Move", reason=reason)


def SetDuration(item_id: str, duration: int, *, reason: str = "") -> UpdateItem:
    """Give a task a new duration in working days."""
    return UpdateItem(item_id, (("duration", duration),), "Change duration of", reason=reason)


@dataclass(frozen=True)
class AddItem(Edit):
    """Add an item (at ``position``, default the end) with dependencies touching it."""

    item: Item
    dependencies: tuple[Dependency, ...] = ()
    position: int | None = None

    label = "Add item"

    def apply(self, plan: Plan) -> Plan:
        if plan.has_item(self.item.id):
            raise PlanError(f"item {quoted(self.item.id)}: duplicate id")
        if self.item.team is not None and self.item.team not in plan.team_index:
            raise PlanError(f"item {quoted(self.item.id)}: unknown team {quoted(self.item.team)}")
        validate_item(self.item, None, plan.stakeholder_index)
        items = list(plan.items)
        items.insert(len(items) if self.position is None else self.position, self.item)
        new = dataclasses.replace(plan, items=tuple(items))
        for d in self.dependencies:
            validate_dependency(d, new.item_index)
        return dataclasses.replace(new, dependencies=plan.dependencies + self.dependencies)

    def inverse(self, plan: Plan) -> Edit:
        return RemoveItem(self.item.id, reason=self.reason)

    def describe(self, plan: Plan) -> str:
        return f"Add {self.item.label}"


@dataclass(frozen=True)
class RemoveItem(Edit):
    """Remove an item and every dependency touching it."""

    item_id: str

    label = "Delete item"

    def apply(self, plan: Plan) -> Plan:
        plan.item(self.item_id)
        return dataclasses.replace(
            plan,
            items=tuple(it for it in plan.items if it.id != self.item_id),
            dependencies=tuple(
                d for d in plan.dependencies if self.item_id not in (d.pred, d.succ)
            ),
        )

    def inverse(self, plan: Plan) -> Edit:
        item = plan.item(self.item_id)
        deps = tuple(plan.dependencies_of(self.item_id))
        return Batch(
            (
                AddItem(item, (), plan.item_index[self.item_id]),
                *(_restore_dependency(plan, d) for d in deps),
            ),
            "Restore item",
            reason=self.reason,
        )

    def describe(self, plan: Plan) -> str:
        label = plan.item(self.item_id).label if plan.has_item(self.item_id) else self.item_id
        return f"Delete {label}"


def _link_names(plan: Plan, pred: str, succ: str) -> str:
    names = [plan.item(i).label if plan.has_item(i) else i for i in (pred, succ)]
    return f"{names[0]} → {names[1]}"


def _restore_dependency(plan: Plan, d: Dependency) -> AddDependency:
    return AddDependency(d, plan.dependencies.index(d))


@dataclass(frozen=True)
class AddDependency(Edit):
    dependency: Dependency
    position: int | None = None

    label = "Link"

    def apply(self, plan: Plan) -> Plan:
        d = self.dependency
        validate_dependency(d, plan.item_index)
        if any(x.key == d.key for x in plan.dependencies):
            raise PlanError(f"dependency {quoted(d.pred)} -> {quoted(d.succ)}: already exists")
        deps = list(plan.dependencies)
        deps.insert(len(deps) if self.position is None else self.position, d)
        return dataclasses.replace(plan, dependencies=tuple(deps))

    def inverse(self, plan: Plan) -> Edit:
        return RemoveDependency(self.dependency.pred, self.dependency.succ, reason=self.reason)

    def describe(self, plan: Plan) -> str:
        d = self.dependency
        return f"Link {_link_names(plan, d.pred, d.succ)} ({d.type})"


@dataclass(frozen=True)
class RemoveDependency(Edit):
    pred: str
    succ: str

    label = "Unlink"

    def _find(self, plan: Plan) -> Dependency:
        for d in plan.dependencies:
            if d.key == (self.pred, self.succ):
                return d
        raise PlanError(f"no dependency {quoted(self.pred)} -> {quoted(self.succ)}")

    def apply(self, plan: Plan) -> Plan:
        d = self._find(plan)
        return dataclasses.replace(
            plan, dependencies=tuple(x for x in plan.dependencies if x is not d)
        )

    def inverse(self, plan: Plan) -> Edit:
        return _restore_dependency(plan, self._find(plan)).with_reason(self.reason)

    def describe(self, plan: Plan) -> str:
        return f"Unlink {_link_names(plan, self.pred, self.succ)}"


@dataclass(frozen=True)
class UpdateDependency(Edit):
    """Change the type and lag of the dependency ``pred -> succ``."""

    pred: str
    succ: str
    type: str
    lag: int

    label = "Edit link"

    def apply(self, plan: Plan) -> Plan:
        new = Dependency(self.pred, self.succ, self.type, self.lag)  # type: ignore[arg-type]
        validate_dependency(new, plan.item_index)
        deps = list(plan.dependencies)
        for i, d in enumerate(deps):
            if d.key == new.key:
                deps[i] = new
                return dataclasses.replace(plan, dependencies=tuple(deps))
        raise PlanError(f"no dependency {quoted(self.pred)} -> {quoted(self.succ)}")

    def inverse(self, plan: Plan) -> Edit:
        for d in plan.dependencies:
            if d.key == (self.pred, self.succ):
                return UpdateDependency(d.pred, d.succ, d.type, d.lag, reason=self.reason)
        raise PlanError(f"no dependency {quoted(self.pred)} -> {quoted(self.succ)}")

    def describe(self, plan: Plan) -> str:
        return f"Edit link {_link_names(plan, self.pred, self.succ)}"


@dataclass(frozen=True)
class SetTeams(Edit):
    """Replace the list of teams (add, rename, recolour, reorder, remove)."""

    teams: tuple[Team, ...]

    label = "Edit teams"

    def apply(self, plan: Plan) -> Plan:
        # Duplicate ids, sprints of a removed team: the session validates the result.
        # Items of a removed team are said here, in the words of this edit.
        ids = {t.id for t in self.teams}
        for it in plan.items:
            if it.team is not None and it.team not in ids:
                raise PlanError(f"team {quoted(it.team)} still has items (e.g. {quoted(it.label)})")
        return dataclasses.replace(plan, teams=self.teams)

    def inverse(self, plan: Plan) -> Edit:
        return SetTeams(plan.teams, reason=self.reason)

    def timing_of(self, plan: Plan) -> tuple[str, ...] | None:
        return ()


@dataclass(frozen=True)
class SetStakeholders(Edit):
    """Replace the list of stakeholders (add, rename, change a contact, reorder,
    remove). A stakeholder removed stops watching every item, and a target it asked
    for is withdrawn, in the same edit (the items' negotiation logs keep what it
    asked), so one undo brings the stakeholder and all of that back."""

    stakeholders: tuple[Stakeholder, ...]

    label = "Edit stakeholders"

    def apply(self, plan: Plan) -> Plan:
        ids = validate_stakeholders(self.stakeholders, plan.team_index)
        for it in plan.items:
            if not (it.watchers or it.target):
                continue
            changes = _dropped_references(it, ids)
            if changes:
                plan = plan.replace_item(dataclasses.replace(it, **changes))
        return dataclasses.replace(plan, stakeholders=self.stakeholders)

    def inverse(self, plan: Plan) -> Edit:
        ids = {s.id for s in self.stakeholders}
        restore = tuple(
            UpdateItem(it.id, tuple((n, getattr(it, n)) for n in sorted(changes)))
            for it in plan.items
            if (it.watchers or it.target) and (changes := _dropped_references(it, ids))
        )
        back = SetStakeholders(plan.stakeholders, reason=self.reason)
        if not restore:
            return back
        return Batch((back, *restore), self.label, reason=self.reason)

    def timing_of(self, plan: Plan) -> tuple[str, ...] | None:
        return ()


def _dropped_references(it: Item, kept: set[str]) -> dict[str, Any]:
    """The fields of ``it`` that change when only the stakeholders ``kept`` remain: its
    watchers without the others, its target withdrawn if another asked it."""
    out: dict[str, Any] = {}
    watchers = tuple(w for w in it.watchers if w in kept)
    if watchers != it.watchers:
        out["watchers"] = watchers
    if it.target is not None and it.target.by not in kept:
        out["target"] = None
    return out


@dataclass(frozen=True)
class SetSprints(Edit):
    sprints: tuple[Sprint, ...]

    label = "Edit sprints"

    def apply(self, plan: Plan) -> Plan:
        return dataclasses.replace(plan, sprints=self.sprints)  # the session validates

    def inverse(self, plan: Plan) -> Edit:
        return SetSprints(plan.sprints, reason=self.reason)

    def timing_of(self, plan: Plan) -> tuple[str, ...] | None:
        return ()


@dataclass(frozen=True)
class SetCalendar(Edit):
    calendar: CalendarSpec

    label = "Edit calendar"

    def apply(self, plan: Plan) -> Plan:
        return dataclasses.replace(plan, calendar=self.calendar)  # the session validates

    def inverse(self, plan: Plan) -> Edit:
        return SetCalendar(plan.calendar, reason=self.reason)


@dataclass(frozen=True)
class RenamePlan(Edit):
    name: str

    label = "Rename roadmap"

    def apply(self, plan: Plan) -> Plan:
        return dataclasses.replace(plan, name=self.name)

    def inverse(self, plan: Plan) -> Edit:
        return RenamePlan(plan.name, reason=self.reason)

    def timing_of(self, plan: Plan) -> tuple[str, ...] | None:
        return ()


@dataclass(frozen=True)
class Batch(Edit):
    """Several edits applied in order as one step."""

    edits: tuple[Edit, ...]
    title: str = "Edit"
    kind: str | None = None  # its news (Edit.news), e.g. "review" for a sprint review

    def apply(self, plan: Plan) -> Plan:
        for e in self.edits:
            plan = e.apply(plan)
        return plan

    def inverse(self, plan: Plan) -> Edit:
        inverses = []
        for e in self.edits:
            inverses.append(e.inverse(plan))
            plan = e.apply(plan)
        return Batch(tuple(reversed(inverses)), self.title, self.kind, reason=self.reason)

    def timing_of(self, plan: Plan) -> tuple[str, ...] | None:
        ids: list[str] = []
        for e in self.edits:
            t = e.timing_of(plan)
            if t is None:
                return None
            ids.extend(t)
            plan = e.apply(plan)
        return tuple(dict.fromkeys(ids))

    def describe(self, plan: Plan) -> str:
        return self.title

    @property
    def news(self) -> str | None:
        return self.kind


def _plain(value: Any) -> Any:
    if isinstance(value, Edit):
        return edit_to_dict(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (frozenset, set)):
        return sorted(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def edit_to_dict(edit: Edit) -> dict[str, Any]:
    """A JSON-ready record of an edit, kept in the history table (``edit_from_dict``
    reads it back)."""
    if isinstance(edit, ReplacePlan):
        plan = plan_to_dict(edit.plan)
        return {"edit": "ReplacePlan", "reason": edit.reason, "title": edit.title, "plan": plan}
    fields = {f.name: _plain(getattr(edit, f.name)) for f in dataclasses.fields(edit)}
    return {"edit": type(edit).__name__, **fields}


@dataclass(frozen=True)
class ReplacePlan(Edit):
    """Replace the whole plan (an import over an existing roadmap, or its creation)."""

    plan: Plan
    title: str = "Import"

    def apply(self, plan: Plan) -> Plan:
        return self.plan

    def inverse(self, plan: Plan) -> Edit:
        return ReplacePlan(plan, f"Undo {self.title.lower()}", reason=self.reason)

    def describe(self, plan: Plan) -> str:
        return self.title


# -- reading the history back -----------------------------------------------------------
_DATE_FIELDS = frozenset({"start", "finish", "deadline", "actual_start", "actual_finish", "agreed"})
# old history rows name the subclasses these factories replaced
_VERBS = {"MoveItem": "Move", "SetDuration": "Change duration of", "Slip": "Slip"}
_STORED = "a stored edit"


def _field_value(name: str, value: Any) -> Any:
    if name in _DATE_FIELDS and isinstance(value, str):
        return date.fromisoformat(value)
    if value is not None and name == "target":
        return target_from_dict(value, f"{_STORED}'s target")
    if value is not None and name == "commitment":
        return commitment_from_dict(value, f"{_STORED}'s commitment")
    if name == "negotiation":
        return tuple(step_from_dict(v, f"{_STORED}'s negotiation step") for v in value)
    if name == "watchers":
        return tuple(str(v) for v in value)
    if name == "holidays":
        return tuple(date.fromisoformat(v) for v in value)
    if name == "weekend":
        return frozenset(value)
    return value


def _value(cls: type[Any], raw: Any) -> Any:
    if not isinstance(raw, dict):
        raise TypeError(f"{cls.__name__} is not an object")
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: _field_value(k, v) for k, v in raw.items() if k in names})


def _edit(raw: Any) -> Edit:
    if not isinstance(raw, dict):
        raise TypeError("an edit is not an object")
    kind = raw.get("edit")
    reason = str(raw.get("reason") or "")
    if kind in ("UpdateItem", *_VERBS):
        changes = tuple((str(n), _field_value(str(n), v)) for n, v in raw["changes"])
        verb = _VERBS.get(str(kind), str(raw.get("verb") or ""))
        return UpdateItem(str(raw["item_id"]), changes, verb, reason=reason)
    if kind == "AddItem":
        deps = tuple(_value(Dependency, d) for d in raw.get("dependencies", ()))
        return AddItem(_value(Item, raw["item"]), deps, raw.get("position"), reason=reason)
    if kind == "RemoveItem":
        return RemoveItem(str(raw["item_id"]), reason=reason)
    if kind == "AddDependency":
        return AddDependency(
            _value(Dependency, raw["dependency"]), raw.get("position"), reason=reason
        )
    if kind == "RemoveDependency":
        return RemoveDependency(str(raw["pred"]), str(raw["succ"]), reason=reason)
    if kind == "UpdateDependency":
        return UpdateDependency(
            str(raw["pred"]), str(raw["succ"]), str(raw["type"]), int(raw["lag"]), reason=reason
        )
    if kind == "SetTeams":
        return SetTeams(tuple(_value(Team, t) for t in raw["teams"]), reason=reason)
    if kind == "SetStakeholders":
        return SetStakeholders(
            tuple(_value(Stakeholder, t) for t in raw["stakeholders"]), reason=reason
        )
    if kind == "SetSprints":
        return SetSprints(tuple(_value(Sprint, t) for t in raw["sprints"]), reason=reason)
    if kind == "SetCalendar":
        return SetCalendar(_value(CalendarSpec, raw["calendar"]), reason=reason)
    if kind == "RenamePlan":
        return RenamePlan(str(raw["name"]), reason=reason)
    if kind == "Batch":
        edits = tuple(_edit(e) for e in raw["edits"])
        kind = raw.get("kind")
        title = str(raw.get("title") or "Edit")
        return Batch(edits, title, str(kind) if kind else None, reason=reason)
    if kind == "ReplacePlan":
        return ReplacePlan(plan_from_dict(raw["plan"]), str(raw.get("title") or "Import"),
                           reason=reason)  # fmt: skip
    raise ValueError(f"unknown edit {kind!r}")


def edit_from_dict(raw: Any) -> Edit:
    """The edit ``edit_to_dict`` wrote. Raises PlanError if the record is not one."""
    try:
        return _edit(raw)
    except PlanError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise PlanError(f"a stored edit cannot be read ({shorten(str(e), 80)})") from None
