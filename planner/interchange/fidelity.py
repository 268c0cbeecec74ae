"""The fidelity report of an import: what was converted, what was approximated (and
how), and what was dropped (and why) — each counted and named, so nothing is lost
silently.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from planner.domain.errors import PlanError
from planner.domain.model import Plan, validate_plan
from planner.domain.text import one_line, shorten

__all__ = ["Fidelity", "ImportResult", "Note"]


@dataclass(frozen=True)
class Note:
    """One thing approximated or dropped: ``what`` (e.g. "task 'Design review' (UID 7)")
    and ``how`` (how it was approximated, or why it was dropped)."""

    what: str
    how: str

    def text(self) -> str:
        return f"{one_line(shorten(self.what, 120))}: {one_line(shorten(self.how, 200))}"


@dataclass
class Fidelity:
    """Built by a reader as it goes: ``convert("tasks")`` per thing read as it was,
    ``approximate(what, how)``, ``drop(what, why)``."""

    source: str  # the format's name, e.g. "MS Project XML"
    converted: Counter[str] = field(default_factory=Counter)
    approximated: list[Note] = field(default_factory=list)
    dropped: list[Note] = field(default_factory=list)

    def convert(self, kind: str, n: int = 1) -> None:
        self.converted[kind] += n

    def approximate(self, what: str, how: str) -> None:
        self.approximated.append(Note(what, how))

    def drop(self, what: str, why: str) -> None:
        self.dropped.append(Note(what, why))

    @property
    def exact(self) -> bool:
        return not self.approximated and not self.dropped

    def summary(self) -> str:
        """One line: "converted 120 tasks, 14 milestones, 200 dependencies; approximated
        3; dropped 2"."""
        parts = ", ".join(f"{n:,} {_noun(kind, n)}" for kind, n in self.converted.items() if n)
        line = f"converted {parts or 'nothing'}"
        line += f"; approximated {len(self.approximated):,}; dropped {len(self.dropped):,}"
        return line

    def lines(self, limit: int = 20) -> list[str]:
        """The report for a terminal: the summary, then the approximated and dropped
        things, ``limit`` of each at most (with how many more)."""
        out = [f"{self.source}: {self.summary()}"]
        for title, notes in (("Approximated", self.approximated), ("Dropped", self.dropped)):
            if not notes:
                continue
            out.append(f"{title}:")
            out += [f"  - {n.text()}" for n in notes[:limit]]
            if len(notes) > limit:
                out.append(f"  … and {len(notes) - limit:,} more")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "converted": dict(self.converted),
            "approximated": [{"what": n.what, "how": n.how} for n in self.approximated],
            "dropped": [{"what": n.what, "why": n.how} for n in self.dropped],
        }


def _noun(kind: str, n: int) -> str:
    """``kind`` (a plural: "tasks", "dependencies") for ``n`` of them."""
    if n != 1:
        return kind
    if kind.endswith("ies"):
        return kind[:-3] + "y"
    return kind.removesuffix("s")


@dataclass(frozen=True)
class ImportResult:
    """A plan read from another tool's file, and how faithfully."""

    plan: Plan
    fidelity: Fidelity

    @classmethod
    def checked(cls, plan: Plan, fidelity: Fidelity, where: str) -> ImportResult:
        """The result of a reader, its plan checked as every plan is. Raises PlanError
        naming ``where`` (the file) and the offending entry."""
        try:
            validate_plan(plan)
        except PlanError as e:
            raise PlanError(f"{where}: {e}") from None
        return cls(plan, fidelity)
