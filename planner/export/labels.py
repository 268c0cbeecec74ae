"""Labels on a roadmap page: what an item is on the page (``Entry``), where its label
goes (``Placement``), and the rules that fit text into the room it has. No drawing, no
matplotlib: text is measured by a ``measure(text, size_px, bold) -> width_px`` function
that the renderer hands in.

Measuring text is the expensive part (a quarter of a millisecond for a short label), so
text is cut to the most characters that could be seen in the room it has before it is
measured (``most_chars``). A label goes inside its bar (bold), beside it on the right
or the left, or shortened with an ellipsis (``fit``); ``Labeller.relax`` later gives a
shortened label the room its row left free.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

__all__ = [
    "DIAMOND",
    "ELLIPSIS",
    "NARROWEST",
    "Entry",
    "LabelRules",
    "Labeller",
    "Measure",
    "Placement",
    "fit",
    "most_chars",
    "reach",
]

Measure = Callable[[str, float, bool], float]
ELLIPSIS = "…"
# No character of ordinary text advances less than this, in units of the font size
# (DejaVu Sans, hinted, from 5 px up: "i" is 1 px at 5 px): n characters are at least
# (n - 1) * NARROWEST * size wide.
NARROWEST = 0.15
DIAMOND = 0.62  # half the width of a milestone's diamond, in units of the font size
# (widest label beside a bar, smallest bar that takes a shortened label inside, row
#  height), all in units of the font size
LabelRules = tuple[float, float, float]


@dataclass
class Entry:
    """One item to draw, with its x extent on the timeline."""

    id: str
    label: str
    status: str  # e.g. "⚠ 2d late"; drawn after the label
    team: str | None
    milestone: bool
    first: date
    last: date
    x0: float
    x1: float
    critical: bool = False
    late: bool = False
    done: bool = False
    progress: int = 0
    started: bool = False  # in progress: its actual start is marked
    deadline_x: float | None = None
    ghost: tuple[float, float] | None = None
    clip_left: bool = False
    clip_right: bool = False
    forecast: tuple[float, float] | None = None  # a milestone's P50..P80 range

    @property
    def priority(self) -> int:
        """Lower first when rows are scarce: problems, milestones, critical work."""
        if self.late:
            return 0
        if self.milestone:
            return 1
        return 2 if self.critical else 3


@dataclass
class Placement:
    entry: Entry
    row: int
    text: str  # the label as drawn ("" = no room at all)
    text_x: float
    where: str  # "inside" | "right" | "left"
    lo: float  # horizontal extent reserved in the row
    hi: float


def most_chars(width: float, size: float) -> int:
    """The most characters of ordinary text that can show in ``width`` pixels at ``size``
    px: text longer than this is wider, so only this much of it need ever be measured."""
    return max(0, int(width / (NARROWEST * size))) + 2


def fit(text: str, width: float, size: float, measure: Measure, bold: bool = False) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` pixels ("" if not even
    two characters fit). Only the first ``most_chars`` characters are ever measured."""
    limit = most_chars(width, size)
    if len(text) > limit:
        text = text[:limit]  # the rest can't show: the whole text is too wide
    elif measure(text, size, bold) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if measure(text[:mid].rstrip() + ELLIPSIS, size, bold) <= width:
            lo = mid
        else:
            hi = mid - 1
    if lo < 2:
        return ""
    return text[:lo].rstrip(" ,.;:-–(") + ELLIPSIS


def reach(e: Entry, fs: float) -> tuple[float, float]:
    """The least room ``e`` takes in a row at font size ``fs``, label or not: its bar or
    diamond, its deadline mark, its baseline ghost and its forecast range. Every
    placement covers it."""
    if e.milestone:
        lo, hi = e.x0 - DIAMOND * fs, e.x0 + DIAMOND * fs
    else:
        lo, hi = e.x0, e.x1
    if e.deadline_x is not None:
        lo, hi = min(lo, e.deadline_x - 0.35 * fs), max(hi, e.deadline_x + 0.35 * fs)
    if e.ghost is not None:
        lo, hi = min(lo, e.ghost[0]), max(hi, e.ghost[1])
    if e.forecast is not None:
        lo, hi = min(lo, e.forecast[0]), max(hi, e.forecast[1])
    return lo, hi


@dataclass(frozen=True)
class Labeller:
    """Places labels at font size ``fs`` on the plot [``x0``, ``x1``] by ``labels``."""

    fs: float
    x0: float
    x1: float
    labels: LabelRules
    measure: Measure

    @property
    def pad(self) -> float:
        return 0.45 * self.fs

    @property
    def gap(self) -> float:
        return 0.4 * self.fs

    @property
    def diamond(self) -> float:
        return DIAMOND * self.fs

    def width(self, text: str, room: float, bold: bool = False) -> float:
        """The width of ``text``, measured only if it could be at most ``room`` (else
        infinity: it is wider than ``room``, see ``most_chars``)."""
        if len(text) > most_chars(room, self.fs):
            return math.inf
        return self.measure(text, self.fs, bold)

    def place(self, e: Entry) -> Placement:
        fs, m = self.fs, self.measure
        text = f"{e.label}  {e.status}" if e.status else e.label
        max_w, min_inside = self.labels[0] * fs, self.labels[1] * fs
        w = self.width(text, max_w)
        if e.milestone:
            left_edge, right_edge = e.x0 - self.diamond, e.x0 + self.diamond
        else:
            left_edge, right_edge = e.x0, e.x1
            inner = e.x1 - e.x0 - 2 * self.pad
            if self.width(text, inner, True) <= inner:  # labels inside bars are bold
                return self._placed(e, text, e.x0 + self.pad, "inside", e.x0, e.x1)
            if inner >= min_inside:
                short = fit(text, inner, fs, m, True)
                return self._placed(e, short, e.x0 + self.pad, "inside", e.x0, e.x1)
        anchor = right_edge
        if e.deadline_x is not None and e.deadline_x > right_edge - 0.4 * fs:
            anchor = max(anchor, e.deadline_x + 0.35 * fs)
        room_r = self.x1 - anchor - self.gap
        room_l = left_edge - self.gap - self.x0
        want = min(w, max_w)
        if want <= room_r:
            side, room = "right", want
        elif want <= room_l:
            side, room = "left", want
        elif not e.milestone and (e.x1 - e.x0 - 2 * self.pad) >= max(room_r, room_l):
            inner = e.x1 - e.x0 - 2 * self.pad
            short = fit(text, inner, fs, m, True)
            return self._placed(e, short, e.x0 + self.pad, "inside", e.x0, e.x1)
        elif room_r >= room_l:
            side, room = "right", room_r
        else:
            side, room = "left", room_l
        short = fit(text, room, fs, m)
        tw = m(short, fs, False) if short else 0.0
        if side == "right":
            return self._placed(
                e, short, anchor + self.gap, "right", left_edge, anchor + self.gap + tw
            )
        return self._placed(
            e, short, left_edge - self.gap, "left", left_edge - self.gap - tw, right_edge
        )

    def relax(self, placements: list[Placement]) -> None:
        """Give shortened labels the free room up to the next item in their row."""
        rows: dict[int, list[Placement]] = {}
        for p in placements:
            rows.setdefault(p.row, []).append(p)
        m, fs = self.measure, self.fs
        for row in rows.values():
            row.sort(key=lambda p: p.lo)
            for k, p in enumerate(row):
                e = p.entry
                full = f"{e.label}  {e.status}" if e.status else e.label
                if p.text == full or p.where == "left":
                    continue
                limit = (row[k + 1].lo if k + 1 < len(row) else self.x1 + 0.7 * fs) - 0.7 * fs
                limit = min(limit, self.x1)
                if p.where == "right":
                    text = fit(full, limit - p.text_x, fs, m)
                    if len(text) > len(p.text):
                        p.text, p.hi = text, max(p.hi, p.text_x + m(text, fs, False))
                    continue
                # inside and shortened: beside the bar may show more
                anchor = e.x1
                if e.deadline_x is not None and e.deadline_x > e.x1 - 0.4 * fs:
                    anchor = max(anchor, e.deadline_x + 0.35 * fs)
                text = fit(full, limit - anchor - self.gap, fs, m)
                if len(text) > len(p.text) + 2:
                    p.text, p.text_x, p.where = text, anchor + self.gap, "right"
                    p.hi = max(p.hi, p.text_x + m(text, fs, False))

    def _placed(
        self, e: Entry, text: str, tx: float, where: str, lo: float, hi: float
    ) -> Placement:
        r_lo, r_hi = reach(e, self.fs)
        return Placement(e, -1, text, tx, where, min(lo, r_lo), max(hi, r_hi))
