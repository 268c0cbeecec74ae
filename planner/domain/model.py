"""The plan as immutable values: teams, stakeholders, items, dependencies, sprints and
the calendar.

An item's deadline may be negotiated (DESIGN.md, 'Team-driven deadlines'): a
stakeholder asks for a ``Target`` date, the item's team gives a ``Commitment``, and the
date both agree on becomes ``agreed`` (and its deadline); each step is kept in the
item's ``negotiation`` log, and the stakeholders in ``watchers`` are told when it moves.

Everything here is a frozen dataclass; an edit makes a new ``Plan`` with
``dataclasses.replace``. Scheduling, storage and the GUI read these values and never
mutate them.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any, Literal, TypeVar, overload

from planner.domain.errors import CycleError, PlanError
from planner.domain.text import quoted

__all__ = [
    "DEP_TYPES",
    "FIRST_DAY",
    "ITEM_KINDS",
    "LAST_DAY",
    "MAX_DURATION",
    "MAX_LAG",
    "MAX_NOTE",
    "NEGOTIATION_KINDS",
    "WEEKDAY_NAMES",
    "CalendarSpec",
    "Commitment",
    "DepType",
    "Dependency",
    "Item",
    "ItemKind",
    "Links",
    "NegotiationKind",
    "NegotiationStep",
    "Plan",
    "Sprint",
    "Stakeholder",
    "Target",
    "Team",
    "make_dependency",
    "make_item",
    "negotiation_problem",
    "validate_plan",
    "validate_stakeholders",
]

DepType = Literal["FS", "SS", "FF", "SF"]
ItemKind = Literal["task", "milestone"]
NegotiationKind = Literal["target", "commitment", "agreed"]
DEP_TYPES: tuple[DepType, ...] = ("FS", "SS", "FF", "SF")
ITEM_KINDS: tuple[ItemKind, ...] = ("task", "milestone")
NEGOTIATION_KINDS: tuple[NegotiationKind, ...] = ("target", "commitment", "agreed")
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# What the working-day calendar can hold, and so every bound on what a plan may say: no
# date outside FIRST_DAY..LAST_DAY, and no duration or lag longer than the days between
# them (401,768, every one a working day in a calendar without a weekend). Checked once,
# in ``validate_plan``, so every path that makes a plan (JSON, CSV, edits) is bounded.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)
MAX_DURATION = (LAST_DAY - FIRST_DAY).days + 1
MAX_LAG = MAX_DURATION
# The longest note a negotiation step, a target or a commitment may carry: a paragraph
# or two, never a document (they are shown in tables and mailed to people).
MAX_NOTE = 2000
# The longest timestamp a negotiation step may hold ("2027-01-04T09:30:00.123456+05:30")
_MAX_WHEN = 40

# A palette for teams created without a colour: distinct, print-safe, colour-blind aware.
TEAM_COLORS = (
    "#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3",
    "#937860", "#DA8BC3", "#8C8C8C", "#CCB974", "#64B5CD",
)  # fmt: skip


@dataclass(frozen=True)
class CalendarSpec:
    """Which days are worked: weekend weekdays (0 = Monday), explicit holidays, and
    optionally a country's public holidays (an ISO code the ``holidays`` package knows)."""

    weekend: frozenset[int] = frozenset({5, 6})
    holidays: tuple[date, ...] = ()
    country: str | None = None
    subdivision: str | None = None


@dataclass(frozen=True)
class Team:
    """A lane of the roadmap. ``contact`` is where its notices are sent (e-mail
    addresses, separated by commas; '' for none)."""

    id: str
    name: str
    color: str = ""
    contact: str = ""


@dataclass(frozen=True)
class Stakeholder:
    """A department that depends on the roadmap without a lane on it (Sales, Support):
    it asks for target dates and watches items. Its id never equals a team's, so a
    notice's recipient id says whom it is for."""

    id: str
    name: str
    contact: str = ""


@dataclass(frozen=True)
class Target:
    """The date a stakeholder (``by``, its id) asks an item to be ready by."""

    date: date
    by: str
    note: str = ""


@dataclass(frozen=True)
class Commitment:
    """The date the item's team commits to."""

    date: date
    note: str = ""


@dataclass(frozen=True)
class NegotiationStep:
    """One step of an item's deadline negotiation, as the log keeps it: a target asked
    (``by`` the stakeholder), a commitment given (``by`` the team, '' for none) or a
    date agreed (``by`` the stakeholder that asked, '' when none did). ``when`` is the
    ISO time it was recorded, given by the caller (the core reads no clock)."""

    kind: NegotiationKind
    date: date
    by: str = ""
    note: str = ""
    when: str = ""


@dataclass(frozen=True)
class Item:
    """A task or a milestone.

    ``start`` is the planned start the PM gave (for a milestone: its date). ``duration``
    is in working days; a milestone has 0. A done item sits on ``actual_start`` /
    ``actual_finish`` (falling back to its planned dates when they are not given); a
    task with an ``actual_start`` that is not done is in progress (it starts there).
    """

    @property
    def in_progress(self) -> bool:
        """Started and not done (a task only: a milestone is a point, done or not)."""
        return self.actual_start is not None and not self.done and self.kind == "task"

    id: str
    title: str = ""
    team: str | None = None
    kind: ItemKind = "task"
    start: date = date(2000, 1, 3)
    duration: int = 1
    deadline: date | None = None
    locked: bool = False
    done: bool = False
    actual_start: date | None = None
    actual_finish: date | None = None
    progress: int = 0
    notes: str = ""
    # The duration it had when its start was recorded (planner update --started keeps
    # it): what the forecast measures the actual working days against.
    estimate: int | None = None
    # The negotiated deadline (see the module's text): what a stakeholder asked, what
    # the team committed to, the date agreed (also set as ``deadline``), who watches it
    # (stakeholder ids) and every step so far, oldest first.
    target: Target | None = None
    commitment: Commitment | None = None
    agreed: date | None = None
    watchers: tuple[str, ...] = ()
    negotiation: tuple[NegotiationStep, ...] = ()

    @property
    def is_milestone(self) -> bool:
        return self.kind == "milestone"

    @property
    def label(self) -> str:
        return self.title or self.id


@dataclass(frozen=True)
class Dependency:
    """``pred -> succ`` with a type (FS, SS, FF, SF) and a lag in working days."""

    pred: str
    succ: str
    type: DepType = "FS"
    lag: int = 0

    @property
    def key(self) -> tuple[str, str]:
        return (self.pred, self.succ)


@dataclass(frozen=True)
class Sprint:
    name: str
    start: date
    finish: date
    team: str | None = None


@dataclass(frozen=True)
class Plan:
    name: str = "Untitled roadmap"
    calendar: CalendarSpec = field(default_factory=CalendarSpec)
    teams: tuple[Team, ...] = ()
    sprints: tuple[Sprint, ...] = ()
    items: tuple[Item, ...] = ()
    dependencies: tuple[Dependency, ...] = ()
    stakeholders: tuple[Stakeholder, ...] = ()

    # Lookups are built once per Plan value; a Plan never changes after creation.
    @cached_property
    def item_index(self) -> Mapping[str, int]:
        return {it.id: i for i, it in enumerate(self.items)}

    @cached_property
    def team_index(self) -> Mapping[str, int]:
        return {t.id: i for i, t in enumerate(self.teams)}

    @cached_property
    def stakeholder_index(self) -> Mapping[str, int]:
        return {s.id: i for i, s in enumerate(self.stakeholders)}

    @cached_property
    def links_index(self) -> Mapping[str, tuple[Dependency, ...]]:
        """Item id -> its dependencies (either end), in the plan's order."""
        out: dict[str, list[Dependency]] = {}
        for d in self.dependencies:
            out.setdefault(d.pred, []).append(d)
            if d.succ != d.pred:
                out.setdefault(d.succ, []).append(d)
        return {k: tuple(v) for k, v in out.items()}

    def item(self, item_id: str) -> Item:
        """The item with this id. Raises PlanError if there is none."""
        try:
            return self.items[self.item_index[item_id]]
        except KeyError:
            raise PlanError(f"no item with id {quoted(item_id)}") from None

    def has_item(self, item_id: str) -> bool:
        return item_id in self.item_index

    def team(self, team_id: str) -> Team:
        """The team with this id. Raises PlanError if there is none."""
        try:
            return self.teams[self.team_index[team_id]]
        except KeyError:
            raise PlanError(f"no team with id {quoted(team_id)}") from None

    def team_name(self, team_id: str | None) -> str:
        """The name of a team, or of a stakeholder: notices are grouped by recipient,
        team or stakeholder, and their ids never clash. "No team" for None; an unknown
        id is its own name."""
        if team_id is None:
            return "No team"
        i = self.team_index.get(team_id)
        if i is not None:
            return self.teams[i].name
        k = self.stakeholder_index.get(team_id)
        return self.stakeholders[k].name if k is not None else team_id

    def stakeholder(self, stakeholder_id: str) -> Stakeholder:
        """The stakeholder with this id. Raises PlanError if there is none."""
        try:
            return self.stakeholders[self.stakeholder_index[stakeholder_id]]
        except KeyError:
            raise PlanError(f"no stakeholder with id {quoted(stakeholder_id)}") from None

    def has_stakeholder(self, stakeholder_id: str) -> bool:
        return stakeholder_id in self.stakeholder_index

    def with_items(self, items: Iterable[Item]) -> Plan:
        return dataclasses.replace(self, items=tuple(items))

    def replace_item(self, item: Item) -> Plan:
        """A copy with the item of the same id replaced. Raises PlanError if unknown."""
        i = self.item_index.get(item.id)
        if i is None:
            raise PlanError(f"no item with id {quoted(item.id)}")
        items = list(self.items)
        items[i] = item
        new = dataclasses.replace(self, items=tuple(items))
        # The same ids sit in the same places: the new plan shares the lookups, and
        # remembers which items differ from the plan it came from (see edited_since).
        cached = self.__dict__
        new.__dict__["item_index"] = self.item_index
        for lookup in ("team_index", "stakeholder_index", "links_index"):
            if lookup in cached:
                new.__dict__[lookup] = cached[lookup]
        origin, ids = cached.get("_edited_from", (self, frozenset()))
        new.__dict__["_edited_from"] = (origin, ids | {item.id})
        return new

    def edited_since(self, other: Plan) -> frozenset[str] | None:
        """The ids of the items that differ from ``other`` when this plan was made from
        it by replacing items only (``replace_item``, any number of times); None when
        it was not, and only a comparison can tell."""
        got = self.__dict__.get("_edited_from")
        if got is None or got[0] is not other:
            return None
        return got[1]  # type: ignore[no-any-return]

    def forget_origin(self) -> None:
        """Let go of the plan this one was made from (``edited_since`` then says None):
        a session calls it once an edit is saved, so that the next edit's plans are
        measured from this one and no chain of old plans is kept alive."""
        self.__dict__.pop("_edited_from", None)

    def dependencies_of(self, item_id: str) -> list[Dependency]:
        """The links with ``item_id`` at either end, in the plan's order."""
        return list(self.links_index.get(item_id, ()))


_Value = TypeVar("_Value")


def _maker(cls: type[_Value]) -> Callable[..., _Value]:
    """A constructor of ``cls`` from its first fields' values, in order (the rest take
    their defaults), for readers of large plans: the same value as ``cls(*values)``, made
    without the frozen dataclass ``__init__``, which sets each field through
    ``object.__setattr__`` (reading a 100k-item plan spent a fifth of its time there).
    Only for dataclasses without ``__post_init__`` or default factories; the values
    are the caller's to have checked."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]  # a dataclass type
    assert not hasattr(cls, "__post_init__")
    assert all(f.default_factory is dataclasses.MISSING for f in fields)
    # The function is written out for the class's fields, as dataclasses writes its
    # __init__ (each value stored by name is four times faster than a loop over them).
    names = [f.name for f in fields]
    assert all(n.isidentifier() and not n.startswith("_") for n in names)
    params = [
        n if f.default is dataclasses.MISSING else f"{n}=_default_{n}"
        for n, f in zip(names, fields, strict=True)
    ]
    body = "".join(f"    state[{n!r}] = {n}\n" for n in names)
    source = (
        f"def make({', '.join(params)}, /):\n"
        f"    obj = _new(_cls)\n    state = obj.__dict__\n{body}    return obj\n"
    )
    space: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    space.update({f"_default_{f.name}": f.default for f in fields})
    exec(source, space)  # built from the dataclass's own field names
    make: Callable[..., _Value] = space["make"]
    return make


make_item: Callable[..., Item] = _maker(Item)
"""``Item(*values)`` for a reader's fast path (see ``_maker``)."""
make_dependency: Callable[..., Dependency] = _maker(Dependency)
"""``Dependency(*values)`` for a reader's fast path (see ``_maker``)."""


class Links(Sequence[Dependency]):
    """A plan's dependencies as four columns, each ``Dependency`` made only when asked
    for: what a reader that only schedules keeps of 300k links (``validate_plan`` and
    ``ScheduleEngine`` take them beside a plan that holds none). The columns are the
    caller's, not copied; a Links never changes after creation. Raises ValueError for
    columns of different lengths."""

    __slots__ = ("lag", "pred", "succ", "type")

    def __init__(
        self,
        pred: Sequence[str],
        succ: Sequence[str],
        type: Sequence[str],
        lag: Sequence[int],
    ) -> None:
        if not len(pred) == len(succ) == len(type) == len(lag):
            raise ValueError("a Links' columns differ in length")
        self.pred, self.succ, self.type, self.lag = pred, succ, type, lag

    @classmethod
    def of(cls, deps: Sequence[Dependency]) -> Links:
        """The columns of ``deps``."""
        return cls(
            [d.pred for d in deps], [d.succ for d in deps], [d.type for d in deps],
            [d.lag for d in deps],
        )  # fmt: skip

    def __len__(self) -> int:
        return len(self.pred)

    @overload
    def __getitem__(self, k: int) -> Dependency: ...
    @overload
    def __getitem__(self, k: slice) -> tuple[Dependency, ...]: ...
    def __getitem__(self, k: int | slice) -> Dependency | tuple[Dependency, ...]:
        if isinstance(k, slice):
            return tuple(
                map(make_dependency, self.pred[k], self.succ[k], self.type[k], self.lag[k])
            )
        return make_dependency(self.pred[k], self.succ[k], self.type[k], self.lag[k])

    def __iter__(self) -> Iterator[Dependency]:
        return map(make_dependency, self.pred, self.succ, self.type, self.lag)

    def __eq__(self, other: object) -> bool:
        """Equal to Links or a tuple of the same dependencies (what a plan holds)."""
        if not isinstance(other, Links | tuple):
            return NotImplemented
        return len(self) == len(other) and all(map(operator.eq, self, other))

    __hash__ = None  # type: ignore[assignment]  # equal to a tuple, like a list

    def to_tuple(self) -> tuple[Dependency, ...]:
        """Every dependency, made now."""
        return tuple(self)


def validate_plan(plan: Plan, links: Links | None = None) -> None:
    """Check ids, references and values, each within the calendar's bounds (FIRST_DAY,
    LAST_DAY, MAX_DURATION, MAX_LAG); cycles, and finishes pushed past LAST_DAY by
    dependencies, are checked by the scheduler. ``links`` are the plan's dependencies
    when a reader kept them apart (the plan then holds none).

    Raises PlanError naming the first offending entry (CycleError for an item that
    depends on itself), and ValueError for ``links`` beside a plan that has
    dependencies of its own (a caller's mistake).
    """
    if links is not None and plan.dependencies:
        raise ValueError("a plan with dependencies given links beside them")
    validate_calendar(plan.calendar)
    team_ids: set[str] = set()
    for t in plan.teams:
        if not t.id:
            raise PlanError("team with an empty id")
        if t.id in team_ids:
            raise PlanError(f"team {quoted(t.id)}: duplicate id")
        _check_contact(t.contact, f"team {quoted(t.id)}")
        team_ids.add(t.id)
    stakeholder_ids = validate_stakeholders(plan.stakeholders, team_ids)
    seen: set[str] = set()
    for it in plan.items:
        validate_item(it, team_ids, stakeholder_ids)
        if it.id in seen:
            raise PlanError(f"item {quoted(it.id)}: duplicate id")
        seen.add(it.id)
    _validate_links(Links.of(plan.dependencies) if links is None else links, seen)
    for s in plan.sprints:
        validate_sprint(s, team_ids)


def _validate_links(links: Links, item_ids: set[str]) -> None:
    """Every dependency valid (``validate_dependency``) and no pair given twice. They are
    checked column by column first (set operations run in C); only when one of them
    fails does the loop below find the first offending entry and say which."""
    preds, succs, lags = links.pred, links.succ, links.lag
    if (
        set(links.type).issubset(DEP_TYPES)
        and item_ids.issuperset(preds)
        and item_ids.issuperset(succs)
        and all(map(operator.ne, preds, succs))
        and set(map(type, lags)) <= {int}
        and (not lags or (min(lags) >= -MAX_LAG and max(lags) <= MAX_LAG))
        and len(set(zip(preds, succs, strict=True))) == len(links)
    ):
        return
    pairs: set[tuple[str, str]] = set()
    for d in links:
        validate_dependency(d, item_ids)
        key = (d.pred, d.succ)
        if key in pairs:
            raise PlanError(f"{_dep_where(d)}: given twice")
        pairs.add(key)


def validate_stakeholders(
    stakeholders: Iterable[Stakeholder], team_ids: Iterable[str] = ()
) -> set[str]:
    """Check the stakeholders' ids (given, unique, none a team's id: a notice's
    recipient id must say whom it is for) and contacts; returns their ids. Raises
    PlanError naming the first offending stakeholder."""
    teams = set(team_ids)
    ids: set[str] = set()
    for s in stakeholders:
        if not s.id or not s.id.strip():
            raise PlanError("stakeholder with an empty id")
        where = f"stakeholder {quoted(s.id)}"
        if s.id in ids:
            raise PlanError(f"{where}: duplicate id")
        if s.id in teams:
            raise PlanError(f"{where}: a team has this id (give the stakeholder another)")
        _check_contact(s.contact, where)
        ids.add(s.id)
    return ids


def _check_contact(contact: str, where: str) -> None:
    """A contact is one line of addresses, not a document."""
    if len(contact) > MAX_NOTE:
        raise PlanError(f"{where}: the contact is longer than {MAX_NOTE} characters")


def validate_calendar(spec: CalendarSpec) -> None:
    """Raises PlanError if no day of the week is worked or a holiday is out of range."""
    if len(spec.weekend) >= 7:
        raise PlanError("calendar: every day of the week is a weekend day")
    for h in spec.holidays:
        _check_day(h, "calendar: holiday")


def sprint_problem(s: Sprint) -> str | None:
    """What is wrong with a sprint's own dates, in words, or None."""
    if s.finish < s.start:
        return f"finishes ({s.finish:%a %d %b %Y}) before it starts ({s.start:%a %d %b %Y})"
    return None


def validate_sprint(s: Sprint, team_ids: set[str] | None = None) -> None:
    """Raises PlanError if the sprint's dates are impossible or its team unknown."""
    where = f"sprint {quoted(s.name)}"
    _check_day(s.start, f"{where}: start")
    _check_day(s.finish, f"{where}: finish")
    problem = sprint_problem(s)
    if problem:
        raise PlanError(f"{where}: {problem}")
    if team_ids is not None and s.team is not None and s.team not in team_ids:
        raise PlanError(f"{where}: unknown team {quoted(s.team)}")


def check_kind(kind: str, where: str) -> ItemKind:
    """``kind`` as an item kind. Raises PlanError naming ``where`` if it is none."""
    if kind not in ITEM_KINDS:
        raise PlanError(f"{where}: unknown kind {quoted(kind)} (task or milestone)")
    return kind


def check_dep_type(name: str, where: str) -> DepType:
    """``name`` (any case) as a dependency type. Raises PlanError naming ``where``."""
    upper = name.upper() if name.isascii() else name
    if upper not in DEP_TYPES:
        raise PlanError(f"{where}: unknown type {quoted(name)} (FS, SS, FF or SF)")
    return upper


def _check_day(day: date, what: str) -> None:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise PlanError(f"{what} {day} is outside the calendar ({FIRST_DAY} to {LAST_DAY})")


def _day_problem(it: Item) -> str | None:
    lo, hi = FIRST_DAY, LAST_DAY
    if (
        lo <= it.start <= hi
        and (it.deadline is None or lo <= it.deadline <= hi)
        and (it.actual_start is None or lo <= it.actual_start <= hi)
        and (it.actual_finish is None or lo <= it.actual_finish <= hi)
    ):
        return None  # the usual case, without a loop: plans may hold 200,000 items
    for name in ("start", "deadline", "actual_start", "actual_finish"):
        day = getattr(it, name)
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            what = name.replace("_", " ")
            return f"{what} {day} is outside the calendar ({FIRST_DAY} to {LAST_DAY})"
    return None


def validate_item(
    it: Item, team_ids: set[str] | None = None, stakeholder_ids: Container[str] | None = None
) -> None:
    """Raises PlanError if the item's own values are impossible or out of bounds, or
    (when the ids are given) name an unknown team or stakeholder."""
    if not it.id or not it.id.strip():
        raise PlanError("item with an empty id")
    problem = None
    if it.kind not in ITEM_KINDS:
        problem = f"unknown kind {quoted(it.kind)} (task or milestone)"
    elif it.kind == "milestone" and it.duration != 0:
        problem = f"a milestone has duration 0, not {quoted(it.duration)}"
    elif it.kind == "task" and it.duration < 1:
        problem = f"duration must be at least 1 working day, not {quoted(it.duration)}"
    elif it.duration > MAX_DURATION:
        problem = (
            f"duration must be at most {MAX_DURATION} working days (the calendar ends"
            f" {LAST_DAY}), not {quoted(it.duration)}"
        )
    elif it.estimate is not None and not 0 <= it.estimate <= MAX_DURATION:
        problem = f"estimate must be 0 to {MAX_DURATION} working days, not {quoted(it.estimate)}"
    elif not 0 <= it.progress <= 100:
        problem = f"progress must be 0 to 100, not {quoted(it.progress)}"
    elif it.actual_start and it.actual_finish and it.actual_finish < it.actual_start:
        problem = "actual finish is before actual start"
    elif team_ids is not None and it.team is not None and it.team not in team_ids:
        problem = f"unknown team {quoted(it.team)}"
    else:
        problem = _day_problem(it)
        if problem is None and (
            it.target or it.commitment or it.agreed or it.watchers or it.negotiation
        ):
            problem = negotiation_problem(it, stakeholder_ids)
    if problem:
        raise PlanError(f"item {quoted(it.id)}: {problem}")


def _note_problem(note: str, what: str) -> str | None:
    if len(note) > MAX_NOTE:
        return f"the {what} note is longer than {MAX_NOTE} characters"
    return None


def _when_problem(when: str) -> str | None:
    if not when:
        return None
    try:
        if len(when) > _MAX_WHEN:
            raise ValueError
        datetime.fromisoformat(when)
    except ValueError:
        return f"negotiation time {quoted(when)} is not an ISO date and time"
    return None


def _step_problem(step: NegotiationStep) -> str | None:
    if step.kind not in NEGOTIATION_KINDS:
        return f"unknown negotiation step {quoted(step.kind)} (target, commitment or agreed)"
    if not FIRST_DAY <= step.date <= LAST_DAY:
        return f"negotiation date {step.date} is outside the calendar ({FIRST_DAY} to {LAST_DAY})"
    if len(step.by) > MAX_NOTE:
        return f"a negotiation step's 'by' is longer than {MAX_NOTE} characters"
    return _note_problem(step.note, "negotiation") or _when_problem(step.when)


def negotiation_problem(it: Item, stakeholder_ids: Container[str] | None = None) -> str | None:
    """What is wrong with an item's target, commitment, agreed date, watchers or
    negotiation log, in words, or None. With ``stakeholder_ids``, a target asked by or
    a watcher that is no stakeholder is refused by name (the log keeps whoever spoke,
    even a stakeholder removed since)."""
    for name, day in (
        ("target", it.target.date if it.target else None),
        ("commitment", it.commitment.date if it.commitment else None),
        ("agreed date", it.agreed),
    ):
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            return f"{name} {day} is outside the calendar ({FIRST_DAY} to {LAST_DAY})"
    if it.target is not None:
        if not it.target.by:
            return "a target needs the stakeholder who asked for it"
        if stakeholder_ids is not None and it.target.by not in stakeholder_ids:
            return f"target asked by unknown stakeholder {quoted(it.target.by)}"
    problem = (_note_problem(it.target.note, "target") if it.target else None) or (
        _note_problem(it.commitment.note, "commitment") if it.commitment else None
    )
    if problem:
        return problem
    if len(set(it.watchers)) != len(it.watchers):
        return "a stakeholder watches it twice"
    for w in it.watchers:
        if not w:
            return "a watcher with an empty id"
        if stakeholder_ids is not None and w not in stakeholder_ids:
            return f"watched by unknown stakeholder {quoted(w)}"
    for step in it.negotiation:
        problem = _step_problem(step)
        if problem:
            return problem
    return None


def _dep_where(d: Dependency) -> str:
    return f"dependency {quoted(d.pred)} -> {quoted(d.succ)}"


def validate_dependency(d: Dependency, item_ids: Mapping[str, int] | set[str]) -> None:
    """Raises PlanError for an unknown type, an unknown id or a lag out of bounds, and
    CycleError for a self-dependency."""
    if (
        d.type in DEP_TYPES
        and d.pred in item_ids
        and d.succ in item_ids
        and d.pred != d.succ
        and -MAX_LAG <= d.lag <= MAX_LAG
    ):
        return
    where = _dep_where(d)
    if d.type not in DEP_TYPES:
        raise PlanError(f"{where}: unknown type {quoted(d.type)} (FS, SS, FF or SF)")
    for end in (d.pred, d.succ):
        if end not in item_ids:
            raise PlanError(f"{where}: unknown item {quoted(end)}")
    if d.pred == d.succ:
        raise CycleError([d.pred, d.succ])
    raise PlanError(
        f"{where}: lag must be between -{MAX_LAG} and {MAX_LAG} working days, not {quoted(d.lag)}"
    )
