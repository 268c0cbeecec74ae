"""Items: task bars (faded when done, a progress strip while in progress, a red edge
when critical or late, hatched past a missed deadline), milestone diamonds, deadline
marks (a line and a head, with a dashed whisker from a finish well before it), baseline
ghosts under the items that moved, and the labels where the layout placed them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from matplotlib.collections import LineCollection, PatchCollection, PolyCollection
from matplotlib.patches import FancyBboxPatch, Patch, Polygon, Rectangle

from planner.export.draw_canvas import Canvas, blend, darker
from planner.export.labels import Entry, Placement
from planner.export.page_geometry import Page
from planner.export.themes import readable_on

__all__ = ["ItemMark", "draw_items"]

Point = tuple[float, float]
ItemMark = tuple[Placement, float, float]  # placement, centre y, half height


@dataclass
class _Marks:
    """What the items of a page add up to, drawn as a few collections at the end."""

    bars: list[Patch] = field(default_factory=list)
    crit_edges: list[Patch] = field(default_factory=list)
    progress: list[Patch] = field(default_factory=list)
    hatches: list[Rectangle] = field(default_factory=list)
    diamonds: list[Patch] = field(default_factory=list)
    ghosts: list[Patch] = field(default_factory=list)
    dl_lines: list[list[Point]] = field(default_factory=list)
    dl_heads: list[list[Point]] = field(default_factory=list)
    dl_colors: list[str] = field(default_factory=list)
    whiskers: list[list[Point]] = field(default_factory=list)


def draw_items(canvas: Canvas, page: Page) -> dict[str, ItemMark]:
    """Draw bars, milestones, labels, deadlines and ghosts; return id -> (placement,
    centre y, half height) for the arrows."""
    t, fs, layout = canvas.theme, canvas.layout.fs, canvas.layout
    ghosts = canvas.scene.baseline_name != ""
    bar_h = min(1.3 * fs, 0.6 * layout.row_h)
    shift = -0.16 * fs if ghosts else 0.0
    marks = _Marks()
    where: dict[str, ItemMark] = {}
    for sl in page.slices:
        color = sl.lane.color
        for p in sl.lane.placements:
            if not sl.row0 <= p.row < sl.row1:
                continue
            e = p.entry
            yc = canvas.row_y(sl, p.row) + shift
            fill = blend(color, t.background, t.done_alpha) if e.done else color
            where[e.id] = (p, yc, bar_h / 2)
            if e.milestone:
                _diamond(canvas, marks, e, yc, fill)
                text_color = t.text
            else:
                _bar(canvas, marks, e, yc, bar_h, fill)
                text_color = readable_on(fill) if p.where == "inside" else t.text
            if e.deadline_x is not None:
                _deadline(canvas, marks, e, e.deadline_x, yc, bar_h)
            if e.ghost is not None:
                _ghost(canvas, marks, e, e.ghost, yc + bar_h / 2 + 0.2 * fs, color)
            if p.text:
                ha = "right" if p.where == "left" else "left"
                canvas.text(p.text_x, yc, p.text, fs, text_color, ha=ha, zorder=6,
                            fontweight="bold" if p.where == "inside" else "normal",
                            **_halo(canvas, p))  # fmt: skip
    axes = canvas.axes
    axes.add_collection(PatchCollection(marks.ghosts, match_original=True, zorder=3))
    axes.add_collection(PatchCollection(marks.bars, match_original=True, zorder=4))
    axes.add_collection(PatchCollection(marks.progress, match_original=True, zorder=4.2))
    for h in marks.hatches:
        h.set(facecolor="none", edgecolor=t.critical, hatch="////", linewidth=0, zorder=4.3)
        axes.add_patch(h)
    axes.add_collection(PatchCollection(marks.crit_edges, match_original=True, zorder=4.5))
    axes.add_collection(PatchCollection(marks.diamonds, match_original=True, zorder=5))
    axes.add_collection(LineCollection(marks.whiskers, colors=t.deadline,
                                       linewidths=canvas.pt(1.2), linestyles=(0, (2, 2)),
                                       zorder=3.9))  # fmt: skip
    axes.add_collection(LineCollection(marks.dl_lines, colors=marks.dl_colors,
                                       linewidths=canvas.pt(1.6), zorder=5.5))  # fmt: skip
    axes.add_collection(PolyCollection(marks.dl_heads, facecolors=marks.dl_colors,
                                       edgecolors="none", zorder=5.6))  # fmt: skip
    return where


def _diamond(canvas: Canvas, marks: _Marks, e: Entry, yc: float, fill: str) -> None:
    t, fs = canvas.theme, canvas.layout.fs
    r = 0.62 * fs
    pts = [(e.x0, yc - r), (e.x0 + r, yc), (e.x0, yc + r), (e.x0 - r, yc)]
    edge = t.critical if e.critical or e.late else darker(fill)
    lw = 2.0 if e.critical or e.late else 1.0
    marks.diamonds.append(Polygon(pts, closed=True, facecolor=fill, edgecolor=edge,
                                  linewidth=canvas.pt(lw)))  # fmt: skip


def _bar(canvas: Canvas, marks: _Marks, e: Entry, yc: float, bar_h: float, fill: str) -> None:
    t = canvas.theme
    rr = 0.22 * bar_h
    w = max(e.x1 - e.x0, 1.5)
    box = FancyBboxPatch((e.x0, yc - bar_h / 2), w, bar_h,
                         boxstyle=f"round,pad=0,rounding_size={min(rr, w / 2)}",
                         facecolor=fill, edgecolor="none")  # fmt: skip
    marks.bars.append(box)
    if e.critical or e.late:
        marks.crit_edges.append(
            FancyBboxPatch(
                (e.x0, yc - bar_h / 2),
                w,
                bar_h,
                boxstyle=f"round,pad=0,rounding_size={min(rr, w / 2)}",
                facecolor="none",
                edgecolor=t.critical,
                linewidth=canvas.pt(2.2),
            )
        )
    if e.late and e.deadline_x is not None and e.deadline_x < e.x1:
        hx = max(e.deadline_x, e.x0)
        marks.hatches.append(Rectangle((hx, yc - bar_h / 2), e.x1 - hx, bar_h))
    if e.started:  # in progress: a small flag at its actual start
        h = 0.55 * bar_h
        top = yc - bar_h / 2 - 0.05 * bar_h
        marks.progress.append(
            Polygon(
                [(e.x0, top), (e.x0 + 0.45 * h, top - 0.5 * h), (e.x0, top - h)],
                facecolor=darker(fill, 0.55),
                edgecolor="none",
            )
        )
    if 0 < e.progress < 100 and not e.done:
        marks.progress.append(
            Rectangle(
                (e.x0 + rr / 2, yc + bar_h / 2 - 0.22 * bar_h),
                (w - rr) * e.progress / 100,
                0.14 * bar_h,
                facecolor=darker(fill, 0.55),
                edgecolor="none",
            )
        )


def _deadline(canvas: Canvas, marks: _Marks, e: Entry, dx: float, yc: float, bar_h: float) -> None:
    t, fs = canvas.theme, canvas.layout.fs
    top, bot = yc - bar_h / 2 - 0.32 * fs, yc + bar_h / 2 + 0.12 * fs
    marks.dl_lines.append([(dx, top), (dx, bot)])
    hw = 0.32 * fs
    marks.dl_heads.append([(dx - hw, top - 0.05 * fs), (dx + hw, top - 0.05 * fs),
                           (dx, top + 0.5 * fs)])  # fmt: skip
    marks.dl_colors.append(t.critical if e.late else t.deadline)
    end = e.x0 + 0.62 * fs if e.milestone else e.x1
    if dx > end + 0.3 * fs:
        marks.whiskers.append([(end, yc), (dx, yc)])


def _ghost(
    canvas: Canvas, marks: _Marks, e: Entry, span: tuple[float, float], gy: float, color: str
) -> None:
    """Where ``e`` was in the baseline: a thin bar, or a small diamond for a milestone."""
    t, fs = canvas.theme, canvas.layout.fs
    gx0, gx1 = span
    ghost_fill = blend(color, t.background, t.ghost_alpha)
    if e.milestone:  # a small diamond where the milestone was
        cx, cy, r = (gx0 + gx1) / 2, gy + 0.15 * fs, 0.3 * fs
        marks.ghosts.append(Polygon([(cx, cy - r), (cx + r, cy), (cx, cy + r),
                                     (cx - r, cy)], facecolor=ghost_fill,
                                    edgecolor="none"))  # fmt: skip
    else:
        marks.ghosts.append(FancyBboxPatch(
            (gx0, gy), max(gx1 - gx0, 2.0), 0.3 * fs,
            boxstyle=f"round,pad=0,rounding_size={0.12 * fs}",
            facecolor=ghost_fill, edgecolor="none"))  # fmt: skip


def _halo(canvas: Canvas, p: Placement) -> dict[str, Any]:
    """A label beside its bar sits on a patch of the background, so lines behind it
    don't cut through its letters."""
    if p.where == "inside":
        return {}
    pad = 0.08 * canvas.layout.fs
    return {
        "bbox": {
            "boxstyle": f"square,pad={canvas.pt(pad) / canvas.pt(canvas.layout.fs):.2f}",
            "facecolor": canvas.theme.background,
            "edgecolor": "none",
            "alpha": 0.85,
        }
    }
