"""The roadmap preview's worker process: it draws previews so that the window's process
never runs matplotlib for them (matplotlib holds the GIL for hundreds of milliseconds
at a time, which a worker thread would take from the GUI thread). No Qt here.

The window's side (``planner.gui.preview_process``) starts ``serve`` in a process of
its own and talks to it through a ``multiprocessing`` connection, in messages:

- ``("plan", shell)``, ``("items", chunk)``, ``("links", chunk)``, ``("schedule",
  sched)``: the plan to draw (its items and links sent in chunks, so that no single
  pickling holds the sender's GIL long) and its schedule, once for each plan;
- ``("render", gen, options, fmt, width)``: draw the preview numbered ``gen``
  (``render_preview``); only the newest of the requests waiting is drawn;
- ``("stop",)``: end.

It answers each render with ``(gen, "ok", png, pages, hidden)``, ``(gen, "error",
one-line message)`` or ``(gen, "stale")``. ``latest`` (a shared integer) is the number
of the request the window wants now: a drawing whose number it no longer is stops at
its next step (laying out, drawing, rendering) and answers "stale".
"""

from __future__ import annotations

import dataclasses
from typing import Any

from planner.domain.errors import PlannerError
from planner.domain.model import Plan
from planner.domain.text import one_line, printable, shorten

__all__ = ["CHUNK", "Stale", "serve"]

CHUNK = 250  # items or links a message


class Stale(Exception):
    """The drawing's request is no longer the one wanted."""


class _Token:
    """The ``Progress`` of one drawing: raises Stale once ``latest`` moved on."""

    __slots__ = ("gen", "latest")

    def __init__(self, latest: Any, gen: int) -> None:
        self.latest, self.gen = latest, gen

    def step(self, label: str, total: int = 0) -> None:
        if self.latest.value != self.gen:
            raise Stale

    def advance(self, units: int = 1) -> None:
        self.step("")

    def done(self) -> None:
        """Nothing to clear."""


def serve(conn: Any, latest: Any) -> None:
    """The worker's loop (see the module docstring); returns on "stop" or when the
    window's end of ``conn`` is closed."""
    shell: Plan | None = None
    items: list[Any] = []
    links: list[Any] = []
    plan: Plan | None = None
    sched: Any = None
    while True:
        try:
            msgs = [conn.recv()]
            while conn.poll():  # take everything waiting: only the newest render counts
                msgs.append(conn.recv())
        except (EOFError, OSError):
            return
        render = None
        for msg in msgs:
            kind = msg[0]
            if kind == "stop":
                return
            if kind == "plan":
                shell, items, links, plan = msg[1], [], [], None
            elif kind == "items":
                items.extend(msg[1])
            elif kind == "links":
                links.extend(msg[1])
            elif kind == "schedule":
                sched = msg[1]
            elif kind == "render":
                render = msg
        if render is None:
            continue
        if plan is None and shell is not None:
            plan = dataclasses.replace(shell, items=tuple(items), dependencies=tuple(links))
        conn.send(_draw(plan, sched, latest, *render[1:]))


def _draw(
    plan: Plan | None, sched: Any, latest: Any, gen: int, options: Any, fmt: str, width: int
) -> tuple[Any, ...]:
    from planner.export.roadmap import render_preview

    try:
        if plan is None or sched is None:
            raise PlannerError("no plan was sent to draw")
        pv = render_preview(plan, sched, options, fmt, width, _Token(latest, gen))
    except Stale:
        return (gen, "stale")
    except PlannerError as e:
        return (gen, "error", printable(one_line(shorten(str(e), 300))))
    except Exception as e:  # shown in the dialog in one line: a preview is not worth a crash
        text = printable(one_line(shorten(f"{type(e).__name__}: {e}", 300)))
        return (gen, "error", f"The preview could not be drawn: {text}")
    return (gen, "ok", pv.png, pv.pages, pv.hidden)
