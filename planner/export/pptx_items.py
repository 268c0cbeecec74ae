"""The body of a roadmap slide, as the PNG draws it (``draw_lanes``, ``draw_items``,
``draw_forecast``, ``draw_arrows``) but as native shapes: each team's lane (its stripe,
name and count), each item as one group (its bar or diamond with the label where the
layout placed it, its deadline mark, baseline ghost, progress strip and forecast range),
and each dependency as a curve with a head. Sizes, places and colours are the PNG
painters'. Imported only when exporting."""

from __future__ import annotations

from planner.domain.text import shorten
from planner.export.arrow_shape import arrow_shape
from planner.export.draw_canvas import blend, darker
from planner.export.labels import DIAMOND, Entry, Placement, fit
from planner.export.page_geometry import LaneSlice, Page, lane_pad
from planner.export.pptx_canvas import Caption, Shapes, SlideCanvas, Stroke
from planner.export.themes import readable_on

__all__ = ["ItemMark", "draw_arrows", "draw_items", "draw_lanes", "forecast_range"]

Point = tuple[float, float]
ItemMark = tuple[Placement, float, float]  # placement, centre y, half height
CURVE_STEPS = 16  # straight pieces of each dependency curve
ARROW_ALPHA, HEAD_ALPHA = 0.7, 0.85  # the PNG's, made opaque over the background


def draw_lanes(c: SlideCanvas, page: Page) -> None:
    """Per lane slice: a rounded stripe of the team's colour, the team's name and how
    many items it has ("+K more" in the critical colour), "No items in this period" for
    an empty lane, and a faint separator under it."""
    g, t, fs = c.geometry, c.theme, c.layout.fs
    for sl in page.slices:
        lane = sl.lane
        grp = c.group(f"Lane: {shorten(lane.name)}", 2)
        bottom = sl.y + sl.height
        grp.line((g.team_x0, bottom), (g.plot_x1, bottom), Stroke(t.faint, 1.0),
                 name="Lane separator", z=1)  # fmt: skip
        grp.box(g.team_x0, sl.y + 0.3 * fs, 0.3 * fs, sl.height - 0.6 * fs, fill=lane.color,
                radius=0.15 * fs, name="Lane stripe", z=2)  # fmt: skip
        x = g.team_x0 + 0.85 * fs
        room = g.team_x1 - x - 0.3 * fs
        size = 1.05 * g.fs if fs >= 0.95 * g.fs else 1.05 * fs
        y = c.row_y(sl, sl.row0)
        name = fit(lane.name, room, size, c.measure, True) or lane.name[:1]
        grp.text(x, y, name, size, t.text, bold=True, name="Team name")
        n = len(lane.placements) + lane.hidden
        info = f"{n} item{'s' * (n != 1)}" + (" (continued)" if sl.cont else "")
        if lane.hidden:
            info = f"+{lane.hidden} more"
        if sl.height - sl.header >= 2.3 * fs + lane_pad(fs):
            grp.text(x, y + 1.25 * fs, fit(info, room, 0.85 * fs, c.measure), 0.85 * fs,
                     t.critical if lane.hidden else t.muted, name="Team count")  # fmt: skip
        if not lane.placements and not lane.hidden:
            grp.text(g.plot_x0 + 0.6 * fs, y, "No items in this period", 0.9 * fs, t.muted,
                     italic=True, name="No items")  # fmt: skip


def draw_items(c: SlideCanvas, page: Page) -> dict[str, ItemMark]:
    """Each item placed on this page as a group of shapes; returns id -> (placement,
    centre y, half height) for the arrows."""
    fs, layout = c.layout.fs, c.layout
    bar_h = min(1.3 * fs, 0.6 * layout.row_h)
    shift = -0.16 * fs if c.scene.baseline_name != "" else 0.0
    where: dict[str, ItemMark] = {}
    for sl in page.slices:
        for p in sl.lane.placements:
            if sl.row0 <= p.row < sl.row1:
                yc = c.row_y(sl, p.row) + shift
                where[p.entry.id] = (p, yc, bar_h / 2)
                _item(c, sl, p, yc, bar_h)
    return where


def _item(c: SlideCanvas, sl: LaneSlice, p: Placement, yc: float, bar_h: float) -> None:
    t, fs = c.theme, c.layout.fs
    e = p.entry
    color = sl.lane.color
    fill = blend(color, t.background, t.done_alpha) if e.done else color
    kind = "Milestone" if e.milestone else "Task"
    grp = c.group(f"{kind}: {shorten(e.label)}", 4)
    edge = e.critical or e.late
    caption = None
    hatched = e.late and not e.milestone and e.deadline_x is not None and e.deadline_x < e.x1
    if e.milestone:
        r = DIAMOND * fs
        outline = Stroke(t.critical, 2.0) if edge else Stroke(darker(fill), 1.0)
        grp.diamond(e.x0, yc, r, fill=fill, stroke=outline, name="Diamond", z=5)
    else:
        if p.where == "inside" and p.text and not hatched:
            caption = Caption(p.text, fs, readable_on(fill), bold=True, inset=p.text_x - e.x0)
        _bar(c, grp, e, yc, bar_h, fill, caption, hatched)
    if e.deadline_x is not None:
        _deadline(c, grp, e, e.deadline_x, yc, bar_h)
    if e.ghost is not None:
        _ghost(c, grp, e, e.ghost, yc + bar_h / 2 + 0.2 * fs, color)
    if e.forecast is not None:
        _forecast(c, grp, e, e.forecast, yc, color)
    if p.text and caption is None:
        inside = p.where == "inside"
        grp.text(p.text_x, yc, p.text, fs, readable_on(fill) if inside else t.text,
                 align="right" if p.where == "left" else "left", bold=inside,
                 halo=None if inside else t.background, name="Label", z=6)  # fmt: skip


def _bar(
    c: SlideCanvas,
    grp: Shapes,
    e: Entry,
    yc: float,
    bar_h: float,
    fill: str,
    caption: Caption | None,
    hatched: bool,
) -> None:
    """A rounded bar (a red edge when critical or late, hatched past a missed deadline),
    a flag at an actual start, a progress strip along its foot."""
    t = c.theme
    rr = 0.22 * bar_h
    w = max(e.x1 - e.x0, 1.5)
    radius = min(rr, w / 2)
    edge = Stroke(t.critical, 2.2) if e.critical or e.late else None
    top = yc - bar_h / 2
    grp.box(e.x0, top, w, bar_h, fill=fill, radius=radius, caption=caption, name="Bar", z=4,
            stroke=None if hatched else edge)  # fmt: skip
    if hatched and e.deadline_x is not None:
        hx = max(e.deadline_x, e.x0)
        grp.hatch(hx, top, e.x1 - hx, bar_h, c.hatch_spacing, c.hatch_stroke, name="Late part",
                  z=4.3)  # fmt: skip
        grp.box(e.x0, top, w, bar_h, fill=None, radius=radius, stroke=edge, name="Late edge",
                z=4.5)  # fmt: skip
    if e.started:
        h = 0.55 * bar_h
        y = top - 0.05 * bar_h
        grp.polygon([(e.x0, y), (e.x0 + 0.45 * h, y - 0.5 * h), (e.x0, y - h)],
                    fill=darker(fill, 0.55), name="Started", z=4.2)  # fmt: skip
    if 0 < e.progress < 100 and not e.done:
        grp.box(e.x0 + rr / 2, yc + bar_h / 2 - 0.22 * bar_h, (w - rr) * e.progress / 100,
                0.14 * bar_h, fill=darker(fill, 0.55), name=f"Progress {e.progress}%",
                z=4.2)  # fmt: skip


def _deadline(c: SlideCanvas, grp: Shapes, e: Entry, dx: float, yc: float, bar_h: float) -> None:
    """A line with a head at the deadline, and a dashed whisker to it from a finish well
    before it."""
    t, fs = c.theme, c.layout.fs
    color = t.critical if e.late else t.deadline
    top, bot = yc - bar_h / 2 - 0.32 * fs, yc + bar_h / 2 + 0.12 * fs
    grp.line((dx, top), (dx, bot), Stroke(color, 1.6), name="Deadline", z=5.5)
    hw = 0.32 * fs
    grp.polygon([(dx - hw, top - 0.05 * fs), (dx + hw, top - 0.05 * fs), (dx, top + 0.5 * fs)],
                fill=color, name="Deadline head", z=5.6)  # fmt: skip
    end = e.x0 + DIAMOND * fs if e.milestone else e.x1
    if dx > end + 0.3 * fs:
        grp.line((end, yc), (dx, yc), Stroke(t.deadline, 1.2, (2.0, 2.0)), name="Deadline whisker",
                 z=3.9)  # fmt: skip


def _ghost(
    c: SlideCanvas, grp: Shapes, e: Entry, span: tuple[float, float], gy: float, color: str
) -> None:
    """Where ``e`` was in the baseline: a thin bar, or a small diamond for a milestone."""
    t, fs = c.theme, c.layout.fs
    gx0, gx1 = span
    ghost = blend(color, t.background, t.ghost_alpha)
    if e.milestone:
        cx, cy, r = (gx0 + gx1) / 2, gy + 0.15 * fs, 0.3 * fs
        grp.diamond(cx, cy, r, fill=ghost, name="Baseline", z=3)
    else:
        grp.box(gx0, gy, max(gx1 - gx0, 2.0), 0.3 * fs, fill=ghost, radius=0.12 * fs,
                name="Baseline", z=3)  # fmt: skip


# The forecast range (``draw_forecast``): its sizes in units of the font size.
BAR, DROP, TICK, FILL = 0.26, 0.8, 0.22, 0.7


def forecast_range(
    grp: Shapes, x0: float, x1: float, y: float, fs: float, color: str, bg: str, name: str
) -> None:
    """A thin rounded bar from ``x0`` to ``x1`` on ``y`` with a tick at each end."""
    h = BAR * fs
    grp.box(x0, y - h / 2, max(x1 - x0, 0.1 * fs), h, fill=blend(color, bg, FILL), radius=h / 2,
            name=name, z=3.5)  # fmt: skip
    for x in (x0, x1):
        grp.line((x, y - TICK * fs), (x, y + TICK * fs), Stroke(darker(color), 1.4),
                 name=f"{name} end", z=3.6)  # fmt: skip


def _forecast(
    c: SlideCanvas, grp: Shapes, e: Entry, span: tuple[float, float], yc: float, color: str
) -> None:
    """A milestone's P50-P80 range (``span``) below its row line, with a dotted lead
    from the diamond when the range starts later."""
    t, fs = c.theme, c.layout.fs
    x0, x1 = span
    y = yc + DROP * fs
    forecast_range(grp, x0, x1, y, fs, color, t.background, "Forecast P50–P80")
    if x0 > e.x0 + DIAMOND * fs:
        lead = Stroke(blend(color, t.background, FILL), 1.0, (1.5, 2.0))
        grp.polygon([(e.x0, yc + DIAMOND * fs), (e.x0, y), (x0, y)], fill=None, stroke=lead,
                    closed=False, name="Forecast lead", z=3.4)  # fmt: skip


def draw_arrows(c: SlideCanvas, where: dict[str, ItemMark]) -> None:
    """A curve from each predecessor's end (FS, FF) or start (SS, SF) to its successor's
    start (FS, SS) or end (FF, SF), with a head; critical links in the critical colour.
    Only links between items on this page."""
    t, fs = c.theme, c.layout.fs
    for pred, succ, typ, crit in c.scene.dependencies:
        if pred not in where or succ not in where:
            continue
        (pp, py, ph), (sp, sy, _sh) = where[pred], where[succ]
        shape = arrow_shape(pp.entry, py, ph, sp.entry, sy, typ, fs)
        color = t.critical if crit else t.dependency
        grp = c.group(f"Dependency: {shorten(pred, 30)} → {shorten(succ, 30)}", 3.5)
        grp.polygon(_bezier(*shape.controls), fill=None, name="Link", z=0, closed=False,
                    stroke=Stroke(blend(color, t.background, ARROW_ALPHA), 1.1))  # fmt: skip
        grp.polygon(list(shape.head), fill=blend(color, t.background, HEAD_ALPHA), name="Head",
                    z=0.1)  # fmt: skip


def _bezier(p0: Point, p1: Point, p2: Point, p3: Point) -> list[Point]:
    out = []
    for k in range(CURVE_STEPS + 1):
        s = k / CURVE_STEPS
        u = 1 - s
        a, b, c, d = u * u * u, 3 * u * u * s, 3 * u * s * s, s * s * s
        out.append((a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                    a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]))  # fmt: skip
    return out
