"""Errors the core raises. Every one carries a message fit to show a user as it is."""

from __future__ import annotations

__all__ = [
    "CycleError",
    "PlanError",
    "PlannerError",
    "RoadmapFileError",
]


class PlannerError(Exception):
    """Base of every error the planner shows to a user instead of a traceback."""


class PlanError(PlannerError, ValueError):
    """A plan, an edit or an input file was refused; the message names the offending entry."""


class CycleError(PlanError):
    """Dependencies form a cycle. ``cycle`` lists the item ids, first repeated at the end."""

    def __init__(self, cycle: list[str]) -> None:
        self.cycle = list(cycle)
        super().__init__("dependency cycle: " + " -> ".join(self.cycle))


class RoadmapFileError(PlannerError):
    """A roadmap file cannot be opened or written: not a roadmap, too new, locked, damaged."""
