"""How far a long job has got, told to whoever listens (not an item's ``progress``).

Long jobs — reading, scheduling, importing or exporting a plan of 100,000 items — say
which step they are on and, where they can count it, how much of it is done. The
command line draws a bar on a terminal (``planner.progress``); everything else passes
``NO_PROGRESS``. Reporting never changes what a job does or what it returns.
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["NO_PROGRESS", "Progress"]


class Progress(Protocol):
    def step(self, label: str, total: int = 0) -> None:
        """A new step begins ("scheduling 200,000 items"); ``total`` units of work in it,
        0 if they are not counted."""

    def advance(self, units: int = 1) -> None:
        """``units`` more of the current step are done."""

    def done(self) -> None:
        """Every step is over: leave no trace (what follows is the job's result)."""


class _Silent:
    def step(self, label: str, total: int = 0) -> None:
        pass

    def advance(self, units: int = 1) -> None:
        pass

    def done(self) -> None:
        pass


NO_PROGRESS: Progress = _Silent()
