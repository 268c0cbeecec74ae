"""Where things go on the timeline: the time scale (dates <-> x) and the lanes (rows <-> y).

Plain Python, no Qt: the scene, the view and the drag controller all ask this module
for coordinates, so the geometry lives in one place. x is in scene pixels from the
scale's origin day; every calendar day is ``ppd`` pixels wide. Each team has a lane: a
header row with its name, then its items in as few rows as their bars and labels allow
(or, collapsed, one thin row). An item row is ``RowMetrics.h`` pixels tall (the
density: ROW_H by default, down to MIN_ROW_H when View > Fit all or Shorter rows
asks for more rows on screen); ``RowMetrics`` says where a bar, a diamond, a label
and the marks under them sit in a row of that height, for every item that draws in
one. Which rows items take does not depend on it (only on the day width), so a new
height only moves rows (``restack``), it never packs them again. Dependency arrows are
routed here too: one arrow's polyline from its two anchors, and the bounding boxes of
many arrows at once (numpy), which the arrow layer filters against what is exposed;
their polylines at once, and a point's distance to each, find the arrow under the mouse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from planner.domain.rows import pack_rows, repack_rows

HEADER_H = 46.0  # the sticky time header drawn by the view
LANE_HEAD_H = 24.0  # the row that carries the team name
ROW_H = 24.0  # an item row at the default density (the tallest there is)
MIN_ROW_H = 18.0  # the shortest: labels, diamonds and marks still read unclipped
ROW_STEP = 2.0  # row heights go in even pixels, MIN_ROW_H to ROW_H
LANE_GAP = 6.0
BAR_H = 15.0  # a task's bar at ROW_H (RowMetrics scales it)
DIAMOND = 8.0  # a milestone's diamond at ROW_H, centre to tip; labels are placed after it
ROW_GAP = 8.0  # the least room between two items sharing a row (label to next bar)
COLLAPSED_H = 12.0  # a collapsed lane's one row of thin ticks

ZOOM_PRESETS = {"weeks": 18.0, "months": 9.0, "quarters": 3.2}
MIN_PPD, MAX_PPD = 0.6, 80.0


class RowMetrics:
    """Where things sit in an item row ``h`` pixels tall (offsets from the row's top).
    At ROW_H: a 15 px bar, a diamond 8 px from centre to tip, as the app always drew
    them; shorter rows scale the bar and the diamond (kept on whole and half pixels,
    so their edges stay crisp), the label's backing stays 16 px (the text never
    shrinks) and the baseline strip and the forecast range keep their places under
    the bar."""

    __slots__ = ("bar_h", "bar_top", "baseline_h", "baseline_top", "diamond", "h", "label_h",
                 "mid", "range_y")  # fmt: skip

    def __init__(self, h: float = ROW_H) -> None:
        self.h = h
        self.mid = h / 2
        scale = h / ROW_H
        self.bar_h = 2 * round((BAR_H * scale - 1) / 2) + 1  # odd: its edges on half pixels
        self.bar_top = (h - self.bar_h) / 2
        self.diamond = round(DIAMOND * scale * 2) / 2  # centre to tip
        self.label_h = min(16.0, h - 2)
        self.baseline_top = self.bar_top + self.bar_h - 1.0  # a strip just below the bar
        self.baseline_h = h - 0.5 - self.baseline_top
        self.range_y = h - 3.0  # a forecast range's centre line: under bar, diamond, label


def snap_row_height(h: float) -> float:
    """``h`` as a row height there is: even pixels from MIN_ROW_H to ROW_H (rounded
    down: a height chosen to fit still fits)."""
    h = min(ROW_H, max(MIN_ROW_H, float(h)))
    return MIN_ROW_H + ROW_STEP * ((h - MIN_ROW_H) // ROW_STEP)


class TimeScale:
    """Calendar days <-> scene x. ``origin`` is day 0; each day is ``ppd`` pixels."""

    __slots__ = ("origin", "origin_ord", "ppd")

    def __init__(self, origin: date, ppd: float) -> None:
        self.origin = origin
        self.origin_ord = origin.toordinal()
        self.ppd = ppd

    def x_of(self, d: date) -> float:
        """The left edge of day ``d``."""
        return (d.toordinal() - self.origin_ord) * self.ppd

    def x_of_ord(self, ordinal: int) -> float:
        return (ordinal - self.origin_ord) * self.ppd

    def day_at(self, x: float) -> date:
        """The day whose column contains ``x``."""
        return date.fromordinal(self.origin_ord + int(x // self.ppd))

    def days_between(self, x0: float, x1: float) -> int:
        """Whole days from x0 to x1, rounded to the nearest day."""
        return round((x1 - x0) / self.ppd)


@dataclass
class Lane:
    team: str | None
    name: str
    color: str
    top: float
    bottom: float
    item_ids: list[str] = field(default_factory=list)
    rows: int = 0  # item rows below the name row (a collapsed lane: its one thin row)
    collapsed: bool = False
    row_of: dict[str, int] = field(default_factory=dict)  # item id -> its row in the lane


@dataclass
class LaneLayout:
    """Lanes top to bottom and the y of each item's row, ``row_h`` tall."""

    lanes: list[Lane]
    row_y: dict[str, float]  # top of each item's row
    height: float
    row_h: float = ROW_H

    def lane_at(self, y: float) -> Lane | None:
        for lane in self.lanes:
            if lane.top <= y < lane.bottom:
                return lane
        return None

    def lane_near(self, y: float) -> Lane | None:
        """The lane at ``y``, else the nearest one (the last below them all, the first
        above them); None when there is none."""

        def gap(lane: Lane) -> float:
            return max(lane.top - y, y - lane.bottom, 0.0)

        return min(self.lanes, key=gap, default=None)

    def lane_of(self, team: str | None) -> Lane | None:
        return next((lane for lane in self.lanes if lane.team == team), None)


class RowMemory:
    """How each lane's rows were packed for the spans its items had, so that rows hold
    still: a lane whose items come back to spans it had before (an undo, a redo) gets
    those very rows again, and otherwise its items keep the rows they had where they
    still fit (planner/domain/rows.repack_rows: only what an edit moved into another's
    way changes row). The newest ``size`` packings are kept."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._seen: dict[tuple, tuple[dict[str, int], int]] = {}

    def pack(
        self, ids: list[str], spans: list[tuple[float, float]], previous: dict[str, int] | None
    ) -> tuple[dict[str, int], int]:
        """(item id -> row, rows) for a lane's ``ids`` at ``spans``; ``previous``: the
        rows they had (None: pack afresh)."""
        key = (tuple(ids), tuple(spans))
        found = self._seen.pop(key, None)
        if found is None:
            if previous:
                packed, rows = repack_rows(spans, [previous.get(i) for i in ids], ROW_GAP)
            else:
                packed, rows = pack_rows(spans, ROW_GAP)
            found = (dict(zip(ids, packed, strict=True)), rows)
        self._seen[key] = found  # the newest last
        while len(self._seen) > self.size:
            del self._seen[next(iter(self._seen))]
        return found


def build_lanes(
    teams, items, spans=None, collapsed=frozenset(), previous: LaneLayout | None = None,
    dirty=None, fallback_color: str = "#8C8C8C", memory: RowMemory | None = None,
    row_h: float = ROW_H,
) -> LaneLayout:  # fmt: skip
    """One lane per team in order (plus "No team" if needed). A lane's items share rows
    where their ``spans`` (per item in plan order: the scene x from a bar's left to its
    label's right end) leave ROW_GAP between them, packed by planner/domain/rows.py as
    the exported roadmap packs them; without spans each item has a row of its own. A
    lane whose team is in ``collapsed`` is one thin row (COLLAPSED_H) that all its items
    sit on. With ``previous``, only the lanes of the teams in ``dirty`` are packed again
    (the others keep their rows, moved up or down as the lanes above them grew). With
    ``memory`` the lanes packed again keep their items' rows where it can (RowMemory).
    Item rows are ``row_h`` tall (``restack``).

    ``teams``: Team values; ``items``: Item values in plan order.
    """
    members: dict[str | None, list[int]] = {t.id: [] for t in teams}
    for k, it in enumerate(items):
        members.setdefault(it.team if it.team in members else None, []).append(k)
    specs = [(t.id, t.name, t.color) for t in teams]
    if members.get(None):
        specs.append((None, "No team", fallback_color))
    kept = {lane.team: lane for lane in previous.lanes} if previous is not None else {}
    lanes = []
    for k, (team, name, color) in enumerate(specs):
        ks = members.get(team, [])
        ids = [items[i].id for i in ks]
        shut = team_key(team) in collapsed
        old = kept.get(team)
        if shut:
            row_of, rows = dict.fromkeys(ids, 0), 1
        elif old and not old.collapsed and team not in (dirty or ()) and old.item_ids == ids:
            row_of, rows = old.row_of, old.rows
        elif spans is None:
            row_of, rows = {item_id: r for r, item_id in enumerate(ids)}, len(ids)
        elif memory is not None:
            had = old.row_of if old is not None and not old.collapsed else None
            row_of, rows = memory.pack(ids, [spans[i] for i in ks], had)
        else:
            packed, rows = pack_rows([spans[i] for i in ks], ROW_GAP)
            row_of = dict(zip(ids, packed, strict=True))
        lanes.append(Lane(team, name, color or _palette(k), 0.0, 0.0, ids, rows, shut, row_of))
    return restack(lanes, row_h)


def restack(lanes: list[Lane], row_h: float) -> LaneLayout:
    """Lay ``lanes`` (their rows as packed) top to bottom with item rows ``row_h`` tall:
    their tops and bottoms are set in place, and every item's row y is new."""
    row_y: dict[str, float] = {}
    y = HEADER_H
    for lane in lanes:
        lane.top = y
        y += LANE_HEAD_H
        if lane.collapsed:  # the items' rows are centred on the thin row (their anchors meet it)
            for item_id in lane.item_ids:
                row_y[item_id] = y + COLLAPSED_H / 2 - row_h / 2
            y += COLLAPSED_H
        else:
            for item_id, r in lane.row_of.items():
                row_y[item_id] = y + r * row_h
            y += lane.rows * row_h
        y += LANE_GAP if lane.item_ids else row_h * 0.5
        lane.bottom = y
    return LaneLayout(lanes, row_y, y + row_h, row_h)


def height_at(lanes: list[Lane], row_h: float) -> float:
    """How tall ``restack(lanes, row_h)`` would be (without laying anything out)."""
    fixed, rows = HEADER_H, 1.0  # the header; a row's room below the last lane
    for lane in lanes:
        fixed += LANE_HEAD_H
        if lane.collapsed:
            fixed += COLLAPSED_H
        else:
            rows += lane.rows
        if lane.item_ids:
            fixed += LANE_GAP
        else:
            rows += 0.5
    return fixed + rows * row_h


def fit_row_height(lanes: list[Lane], height: float) -> float:
    """The tallest row height there is (``snap_row_height``) at which ``lanes`` take no
    more than ``height`` pixels; MIN_ROW_H when even that is too tall."""
    h = ROW_H
    while h > MIN_ROW_H and height_at(lanes, h) > height:
        h -= ROW_STEP
    return h


def repack_lane(layout: LaneLayout, lane: Lane, spans, memory: RowMemory) -> bool:
    """Pack ``lane``'s items again from ``spans`` (theirs, in the lane's order; through
    ``memory``, so rows hold still), in place when that keeps its number of rows
    (nothing else moves). False, with nothing changed, when it would grow or shrink:
    then ``build_lanes`` lays out every lane."""
    if lane.collapsed:
        return True
    row_of, rows = memory.pack(lane.item_ids, spans, lane.row_of)
    if rows != lane.rows:
        return False
    lane.row_of = row_of
    y, row_y, row_h = lane.top + LANE_HEAD_H, layout.row_y, layout.row_h
    for item_id, r in lane.row_of.items():
        row_y[item_id] = y + r * row_h
    return True


def team_key(team: str | None) -> str:
    """How a lane is named in saved view state: its team id ("" for "No team")."""
    return team or ""


def _palette(k: int) -> str:
    from planner.domain.model import TEAM_COLORS

    return TEAM_COLORS[k % len(TEAM_COLORS)]


def plan_span(plan, schedule, today: date, deadlines=None) -> tuple[date, date]:
    """First and last day worth showing: items, deadlines and sprints (and today).
    ``deadlines``: the items' deadlines when the caller keeps them (else read here)."""
    days: list[date] = []
    if len(schedule):
        cal = schedule.calendar
        s, f = int(schedule.start.min()), int(schedule.finish.max())
        days += [cal.date_of(s), cal.date_of(max(f - 1, s))]
    if deadlines is None:
        deadlines = [d for it in plan.items if (d := it.deadline) is not None]
    days += deadlines
    for sp in plan.sprints:
        days += [sp.start, sp.finish]
    if not days:
        return today - timedelta(days=7), today + timedelta(days=60)
    return min(*days, today), max(*days, today)


def origin_for(first: date) -> date:
    """A Monday a week or so before ``first``, so the plan does not touch the edge."""
    d = first - timedelta(days=7)
    return d - timedelta(days=d.weekday())


# -- dependency arrows ------------------------------------------------------------------
ARROW_OUT = 6.0  # how far an arrow runs straight out of / into an anchor
ARROW_PAD = 6.0  # room around a route for the pen and the head


def arrow_route(
    ax: float, ay: float, bx: float, by: float, to_end: bool, row_h: float = ROW_H
) -> tuple[tuple[tuple[float, float], ...], int]:
    """The polyline of an arrow from a predecessor's anchor (ax, ay) to a successor's
    (bx, by), and its head's direction (+1 points right, -1 left). ``to_end``: it
    arrives at the successor's finish (FF, SF), from the right; otherwise at its start
    from the left, going round through the gap between rows (``row_h`` tall) when the
    start lies behind."""
    out = ARROW_OUT
    if to_end:
        x = max(ax, bx) + out
        return ((ax, ay), (x, ay), (x, by), (bx, by)), -1
    if bx - out >= ax + out:
        x = bx - out
        return ((ax, ay), (x, ay), (x, by), (bx, by)), 1
    ymid = by - row_h / 2 if by > ay else by + row_h / 2
    x1, x2 = ax + out, bx - 2 * out
    return ((ax, ay), (x1, ay), (x1, ymid), (x2, ymid), (x2, by), (bx, by)), 1


def arrow_boxes(ax, ay, bx, by, to_end, row_h: float = ROW_H):
    """``arrow_route``'s bounding boxes for arrays of arrows, padded by ARROW_PAD:
    (left, top, right, bottom) arrays."""
    out = ARROW_OUT
    fwd = ~to_end & (bx - out >= ax + out)
    around = ~to_end & ~fwd
    left = np.where(to_end, np.minimum(ax, bx), np.where(fwd, ax, np.minimum(ax, bx - 2 * out)))
    right = np.where(to_end, np.maximum(ax, bx) + out, np.where(fwd, bx, np.maximum(ax + out, bx)))
    ymid = np.where(by > ay, by - row_h / 2, by + row_h / 2)
    top = np.where(around, np.minimum(np.minimum(ay, by), ymid), np.minimum(ay, by))
    bottom = np.where(around, np.maximum(np.maximum(ay, by), ymid), np.maximum(ay, by))
    pad = ARROW_PAD
    return left - pad, top - pad, right + pad, bottom + pad


def arrow_points(ax, ay, bx, by, to_end, row_h: float = ROW_H):
    """``arrow_route``'s polylines for arrays of arrows, as (xs, ys) arrays of shape
    (n, 6): a route of four points repeats its last point to fill the six."""
    out = ARROW_OUT
    fwd = ~to_end & (bx - out >= ax + out)
    around = ~to_end & ~fwd
    mid = np.where(to_end, np.maximum(ax, bx) + out, np.where(fwd, bx - out, ax + out))
    ymid = np.where(by > ay, by - row_h / 2, by + row_h / 2)
    back = np.where(around, bx - 2 * out, bx)
    low = np.where(around, ymid, by)
    return np.stack([ax, mid, mid, back, back, bx], 1), np.stack([ay, ay, low, low, by, by], 1)


def nearest_route(xs, ys, x: float, y: float):
    """For polylines (xs, ys) of shape (n, k): the distance from (x, y) to each one."""
    x0, y0, dx, dy = xs[:, :-1], ys[:, :-1], np.diff(xs, axis=1), np.diff(ys, axis=1)
    length2 = dx * dx + dy * dy
    safe = np.where(length2 > 0, length2, 1.0)
    t = np.clip(((x - x0) * dx + (y - y0) * dy) / safe, 0.0, 1.0)
    px, py = x0 + t * dx - x, y0 + t * dy - y
    return np.sqrt(px * px + py * py).min(axis=1)
