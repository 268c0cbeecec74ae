"""The result of scheduling a plan: an immutable ``Schedule`` value.

Arrays are indexed by item position (its order in ``Plan.items``). Points are on the
working-day axis; the date accessors convert them as DESIGN.md says.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from planner.domain.model import Dependency
from planner.scheduling.calendar import WorkCalendar

__all__ = [
    "DRIVER_DONE",
    "DRIVER_LOCKED",
    "DRIVER_PLANNED",
    "DRIVER_STARTED",
    "Driver",
    "Schedule",
    "Violation",
]

DRIVER_PLANNED, DRIVER_LOCKED, DRIVER_DONE, DRIVER_STARTED = -1, -2, -3, -4
_DRIVER_KINDS = {
    DRIVER_PLANNED: "planned",
    DRIVER_LOCKED: "locked",
    DRIVER_DONE: "done",
    DRIVER_STARTED: "started",
}


@dataclass(frozen=True)
class Driver:
    """The bound that fixed an item's start: its planned date, a fixed date (locked, done,
    or its actual start when in progress), or a dependency (``pred``, ``type``, ``lag``)."""

    kind: Literal["planned", "locked", "done", "started", "dependency"]
    pred: str | None = None
    type: str | None = None
    lag: int = 0

    def to_dict(self) -> dict[str, Any]:
        if self.kind != "dependency":
            return {"kind": self.kind}
        return {"kind": "dependency", "from": self.pred, "type": self.type, "lag": self.lag}


@dataclass(frozen=True)
class Violation:
    """A deadline missed by ``days`` working days, or a conflict: a locked ``item`` that
    its predecessor ``pred`` would push ``days`` working days past its fixed date, or an
    item in progress (``started``) whose finish ``pred`` would push ``days`` later."""

    kind: Literal["deadline", "conflict"]
    item: str
    days: int
    deadline: date | None = None
    pred: str | None = None
    started: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "item": self.item}
        if self.kind == "deadline":
            out["deadline"] = self.deadline.isoformat() if self.deadline else None
        else:
            out["pred"] = self.pred
        out["days"] = self.days
        return out

    def describe(self, title_of: dict[str, str] | None = None) -> str:
        t = (title_of or {}).get(self.item, self.item)
        if self.kind == "deadline":
            when = (
                f"{self.deadline:%a} {self.deadline.day} {self.deadline:%b %Y}"
                if self.deadline
                else "?"
            )
            return f"{t} misses its deadline {when} by {_days(self.days)}"
        p = (title_of or {}).get(self.pred or "", self.pred)
        if self.started:
            return f"{t} is in progress but {p} pushes its finish {_days(self.days)} later"
        return f"{t} is locked but {p} pushes it {_days(self.days)} later"


def _days(n: int) -> str:
    return f"{n} working day{'' if n == 1 else 's'}"


IntArray = npt.NDArray[np.int64]
_SERIALS = itertools.count(1)


class Schedule:
    """Scheduled points, drivers, slack and violations of one plan state."""

    __slots__ = (
        "_base",
        "_by_item",
        "_violation_change",
        "calendar",
        "dependencies",
        "driver_edge",
        "finish",
        "free_slack",
        "ids",
        "index",
        "serial",
        "start",
        "total_slack",
        "violations",
    )  # fmt: skip

    def __init__(
        self,
        ids: list[str],
        index: Mapping[str, int],
        calendar: WorkCalendar,
        start: IntArray,
        finish: IntArray,
        driver_edge: IntArray,
        total_slack: IntArray,
        free_slack: IntArray,
        violations: tuple[Violation, ...],
        dependencies: Sequence[Dependency],
        *,
        base: int | None = None,
        violation_change: tuple[tuple[Violation, ...], tuple[Violation, ...]] | None = None,
    ) -> None:
        self.ids, self.index, self.calendar = ids, index, calendar
        self.start, self.finish, self.driver_edge = start, finish, driver_edge
        self.total_slack, self.free_slack = total_slack, free_slack
        self.violations, self.dependencies = violations, dependencies
        self.serial = next(_SERIALS)
        # the snapshot this one was made from incrementally, and the violations that
        # appeared and went away since it (so comparing the two needs no full scan)
        self._base, self._violation_change = base, violation_change
        self._by_item: dict[str, list[Violation]] | None = None

    def violations_since(
        self, before: Schedule
    ) -> tuple[tuple[Violation, ...], tuple[Violation, ...]]:
        """(violations added, violations resolved) going from ``before`` to this."""
        if self._violation_change is not None and self._base == before.serial:
            return self._violation_change
        was, now = set(before.violations), set(self.violations)
        return (
            tuple(v for v in self.violations if v not in was),
            tuple(v for v in before.violations if v not in now),
        )

    def __len__(self) -> int:
        return len(self.ids)

    def pos(self, item_id: str) -> int:
        return self.index[item_id]

    def points(self, item_id: str) -> tuple[int, int]:
        i = self.index[item_id]
        return int(self.start[i]), int(self.finish[i])

    def dates(self, item_id: str) -> tuple[date, date]:
        """First and last working day; a point (milestone) gives its day twice."""
        return self.dates_at(self.index[item_id])

    def dates_at(self, i: int) -> tuple[date, date]:
        s, f = int(self.start[i]), int(self.finish[i])
        if s == f:
            d = self.calendar.date_of(s - 1)
            return d, d
        return self.calendar.date_of(s), self.calendar.date_of(f - 1)

    def driver(self, item_id: str) -> Driver:
        return self.driver_at(self.index[item_id])

    def driver_at(self, i: int) -> Driver:
        e = int(self.driver_edge[i])
        if e < 0:
            return Driver(_DRIVER_KINDS[e])  # type: ignore[arg-type]
        d = self.dependencies[e]
        return Driver("dependency", d.pred, d.type, d.lag)

    def critical(self, item_id: str) -> bool:
        return bool(self.total_slack[self.index[item_id]] <= 0)

    def chain(self, item_id: str) -> list[str]:
        """Item ids from the root of this item's driver chain to the item itself."""
        out = [item_id]
        i = self.index[item_id]
        while (e := int(self.driver_edge[i])) >= 0:
            pred = self.dependencies[e].pred
            out.append(pred)
            i = self.index[pred]
        return out[::-1]

    def violations_of(self, item_id: str) -> list[Violation]:
        by_item = self._by_item
        if by_item is None:
            by_item = {}
            for v in self.violations:
                by_item.setdefault(v.item, []).append(v)
            self._by_item = by_item
        return list(by_item.get(item_id, ()))

    def to_dict(self) -> dict[str, Any]:
        """The ``planner schedule --json`` structure of DESIGN.md."""
        items = []
        for i, item_id in enumerate(self.ids):
            first, last = self.dates_at(i)
            ts = int(self.total_slack[i])
            items.append(
                {
                    "id": item_id,
                    "start": first.isoformat(),
                    "finish": last.isoformat(),
                    "total_slack": ts,
                    "free_slack": int(self.free_slack[i]),
                    "critical": ts <= 0,
                    "driver": self.driver_at(i).to_dict(),
                }
            )
        return {"items": items, "violations": [v.to_dict() for v in self.violations]}
