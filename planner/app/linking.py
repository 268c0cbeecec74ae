"""Whether a new link fits the plan, told in titles before anyone drops it.

A link ``pred -> succ`` closes a cycle when ``succ`` already reaches ``pred`` along the
dependencies, that is when ``pred`` already waits for ``succ``. ``LinkChecker`` builds
the successor lists of a plan once (a link drag asks about every item it passes over)
and says why a link would be refused: the cycle it would close, as the chain of items
that makes it, or the link that already exists. Messages name items by their titles,
quoted and shortened, never by their ids; ``link_title`` and ``link_summary`` name an
existing link the same way for the timeline's tooltips, menus and inspector.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from planner.domain.model import Dependency, Plan
from planner.domain.text import printable, quoted, shorten

__all__ = ["TYPE_WORDS", "LinkChecker", "LinkRefusal", "chain_text", "link_summary", "link_title"]

CHAIN_MAX = 6  # a longer chain is shown by its first and last items


@dataclass(frozen=True)
class LinkRefusal:
    """Why a link can't be added: ``message`` in words; ``cycle`` the item ids of the
    chain ``succ -> ... -> pred`` it would close (empty when the link exists already)."""

    message: str
    cycle: tuple[str, ...] = ()


class LinkChecker:
    """Answers "may I link these two?" over one plan (build a new one after an edit)."""

    __slots__ = ("_plan", "_succs")

    def __init__(self, plan: Plan) -> None:
        self._plan = plan
        self._succs: dict[str, list[str]] = {}
        for d in plan.dependencies:
            self._succs.setdefault(d.pred, []).append(d.succ)

    def path(self, start: str, goal: str) -> list[str] | None:
        """The shortest chain of item ids ``start -> ... -> goal`` along the links, or
        None if ``goal`` does not wait for ``start``."""
        came: dict[str, str] = {start: start}
        todo = deque([start])
        succs = self._succs
        while todo:
            at = todo.popleft()
            for nxt in succs.get(at, ()):
                if nxt in came:
                    continue
                came[nxt] = at
                if nxt == goal:
                    chain = [goal]
                    while chain[-1] != start:
                        chain.append(came[chain[-1]])
                    return chain[::-1]
                todo.append(nxt)
        return None

    def refusal(self, pred: str, succ: str) -> LinkRefusal | None:
        """Why ``pred -> succ`` can't be linked (a cycle, an item linked to itself, a
        link that exists), or None if it can. Raises KeyError for an unknown item."""
        plan = self._plan
        a, b = plan.item(pred).label, plan.item(succ).label
        if pred == succ:
            return LinkRefusal(f"Can't link: {quoted(a)} can't wait for itself", (pred, pred))
        if succ in self._succs.get(pred, ()):
            return LinkRefusal(f"Can't link: {quoted(b)} already waits for {quoted(a)}")
        chain = self.path(succ, pred)
        if chain is None:
            return None
        text = chain_text([plan.item(i).label for i in chain])
        return LinkRefusal(
            f"Can't link: {quoted(a)} already waits for {quoted(b)} ({text})", tuple(chain)
        )


def chain_text(labels: list[str]) -> str:
    """Titles joined by arrows, each quoted; a chain longer than CHAIN_MAX keeps its
    first three and last two with '…' between."""
    shown = [quoted(t, 40) for t in labels]
    if len(shown) > CHAIN_MAX:
        shown = [*shown[:3], "…", *shown[-2:]]
    return " → ".join(shown)


def link_title(plan: Plan, pred: str, succ: str) -> str:
    """'Design → Build': the two items' titles, shortened, controls escaped (plain text:
    escape it for rich text)."""
    a, b = (printable(shorten(plan.item(i).label, 60), keep_newlines=False) for i in (pred, succ))
    return f"{a} → {b}"


def link_summary(plan: Plan, dep: Dependency) -> str:
    """One line for a tooltip: 'Design → Build · FS (finish → start) · lag 2 working days'."""
    lag = abs(dep.lag)
    days = f"{lag} working day{'s' * (lag != 1)}"
    lag_text = "no lag" if not dep.lag else (f"lag {days}" if dep.lag > 0 else f"lead {days}")
    return (
        f"{link_title(plan, dep.pred, dep.succ)} · {dep.type} ({TYPE_WORDS[dep.type]}) · {lag_text}"
    )


TYPE_WORDS = {
    "FS": "finish → start",
    "SS": "start → start",
    "FF": "finish → finish",
    "SF": "start → finish",
}
