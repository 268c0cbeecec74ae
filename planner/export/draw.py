"""Drawing a laid-out roadmap on matplotlib Figures (no pyplot, no global state).

One Axes covers the whole page in pixel coordinates (y downwards), so the layout's
numbers are used as they are; font sizes are converted from pixels to points.
Imported only when exporting.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PatchCollection, PathCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Polygon, Rectangle
from matplotlib.path import Path

from planner.export.fonts import FAMILY, TextMeasure
from planner.export.layout import (
    LaneSlice,
    Page,
    Placement,
    fit,
    lane_pad,
    most_chars,
    sprint_cells,
)
from planner.export.presets import PageSpec
from planner.export.roadmap import Scene
from planner.export.themes import Theme, readable_on

__all__ = ["draw_pages"]


def _rgb(c: str) -> tuple[float, float, float]:
    h = c.lstrip("#")
    return (int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255)


def blend(c: str, bg: str, t: float) -> str:
    """``c`` at opacity ``t`` over ``bg``, as an opaque colour."""
    a, b = _rgb(c), _rgb(bg)
    return "#" + "".join(
        f"{round(255 * (t * x + (1 - t) * y)):02X}" for x, y in zip(a, b, strict=True)
    )


def darker(c: str, f: float = 0.72) -> str:
    return "#" + "".join(f"{round(255 * x * f):02X}" for x in _rgb(c))


class _Painter:
    """Draws one page of a scene."""

    def __init__(self, scene: Scene, page: PageSpec, number: int, pages: int) -> None:
        self.s, self.L = scene, scene.layout
        self.g = scene.layout.geometry
        self.t: Theme = scene.theme
        self.dpi = page.dpi
        self.measure = TextMeasure(page.dpi)
        self.number, self.pages = number, pages
        fig = Figure(
            figsize=(page.width_in, page.height_in), dpi=page.dpi, facecolor=self.t.background
        )
        FigureCanvasAgg(fig)
        fig.set_label(scene.title)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, self.g.width)
        ax.set_ylim(self.g.height, 0)
        ax.set_axis_off()
        ax.set_facecolor(self.t.background)
        self.fig, self.ax = fig, ax

    # -- helpers --------------------------------------------------------------------
    def pt(self, px: float) -> float:
        return px * 72.0 / self.dpi

    def text(self, x: float, y: float, s: str, size: float, color: str, **kw: Any) -> None:
        kw.setdefault("va", "center")
        kw.setdefault("ha", "left")
        self.ax.text(x, y, s, fontsize=self.pt(size), color=color, family=FAMILY,
                     parse_math=False, **kw)  # fmt: skip

    def x(self, d: date) -> float:
        return self.L.x(d)

    # -- page parts -----------------------------------------------------------------
    def header(self) -> None:
        g, t, fs = self.g, self.t, self.g.fs
        x = g.width - g.margin_x
        size = 1.0 * fs
        for text, role in reversed(self.s.stats):
            w = self.measure(text, size, True)
            self.text(x, g.title_y, text, size, t.critical if role == "critical" else t.text,
                      ha="right", fontweight="bold")  # fmt: skip
            x -= w
            if text != self.s.stats[0][0]:
                self.text(x - 0.55 * fs, g.title_y, "·", size, t.muted, ha="center")
                x -= 1.1 * fs
        stats_w = g.width - g.margin_x - x
        room = g.width - 2 * g.margin_x - stats_w - 2 * fs
        title = fit(self.s.title, room, 2.0 * fs, self.measure, True) or self.s.title[:1]
        self.text(g.margin_x, g.title_y, title, 2.0 * fs, t.text, fontweight="bold")
        sub = self.s.subtitle
        if self.pages > 1:
            sub += f"  ·  page {self.number} of {self.pages}"
        sub = fit(sub, g.width - 2 * g.margin_x, 1.05 * fs, self.measure)
        self.text(g.margin_x, g.subtitle_y, sub, 1.05 * fs, t.muted)

    def timeline(self, page: Page, body_bottom: float) -> None:
        g, t, fs, L = self.g, self.t, self.g.fs, self.L
        ax = self.ax
        # plan-wide sprints: shaded cells in the header row, faint boundaries through the
        # body except across lanes that run on their own sprints (see team_sprints)
        bands, bounds = [], []
        cells, days = sprint_cells(self.s.sprints, L.d0, L.d1)
        for k, name, s0, s1, a, b in cells:
            xa, xb = self.x(a), self.x(b)
            if k % 2 == 0:
                bands.append(Rectangle((xa, g.sprint_y0), xb - xa, g.body_y0 - g.sprint_y0))
            current = s0 <= self.s.today <= s1
            label = self._sprint_label(name, xb - xa - 0.6 * fs, 0.92 * fs, current)
            if label:
                self.text((xa + xb) / 2, (g.sprint_y0 + g.body_y0) / 2, label, 0.92 * fs,
                          t.text if current else t.muted, ha="center",
                          fontweight="bold" if current else "normal")  # fmt: skip
        own = self._own_sprint_spans(page)
        for d in days:
            xe = self.x(d)
            holes = sorted((y0, y1) for y0, y1, xa, xb in own if xa <= xe <= xb)
            y = g.sprint_y0
            for y0, y1 in holes:
                if y0 > y:
                    bounds.append([(xe, y), (xe, y0)])
                y = max(y, y1)
            if y < body_bottom:
                bounds.append([(xe, y), (xe, body_bottom)])
        ax.add_collection(PatchCollection(bands, facecolor=t.band, edgecolor="none", zorder=0))
        ax.add_collection(LineCollection(bounds, colors=t.faint, linewidths=self.pt(1.0),
                                         linestyles=(0, (4, 3)), zorder=0.6))  # fmt: skip
        # months and weeks
        lines: list[list[tuple[float, float]]] = []
        d = date(L.d0.year, L.d0.month, 1)
        while d < L.d1:
            nxt = date(d.year + d.month // 12, d.month % 12 + 1, 1)
            a, b = max(d, L.d0), min(nxt, L.d1)
            xa, xb = self.x(a), self.x(b)
            if d >= L.d0:
                lines.append([(xa, g.month_y0 - 0.2 * fs), (xa, g.sprint_y0)])
            for cand in (f"{d:%B %Y}", f"{d:%b %Y}", f"{d:%b}", f"{d:%b}"[:1]):
                if self.measure(cand, 0.95 * fs, True) <= xb - xa - 0.7 * fs:
                    self.text(xa + 0.45 * fs, g.month_y0 + 0.6 * fs, cand, 0.95 * fs, t.text,
                              fontweight="bold")  # fmt: skip
                    break
            d = nxt
        ppw = 7 * (g.plot_x1 - g.plot_x0) / (L.d1 - L.d0).days
        step = 1
        while ppw * step < 2.4 * fs:
            step *= 2
        monday = L.d0 + timedelta(days=(7 - L.d0.weekday()) % 7)
        k = 0
        while monday < L.d1:
            xm = self.x(monday)
            ticks = [(xm, g.week_y0 + 0.05 * fs), (xm, g.week_y0 + 0.35 * fs)]
            lines.append(ticks)
            if k % step == 0 and xm + self.measure("30", 0.82 * fs, False) < g.plot_x1:
                self.text(xm + 0.25 * fs, g.week_y0 + 0.6 * fs, str(monday.day), 0.82 * fs, t.muted)
            monday += timedelta(days=7)
            k += 1
        lines.append([(g.plot_x0, g.body_y0), (g.plot_x1, g.body_y0)])
        ax.add_collection(LineCollection(lines, colors=t.faint, linewidths=self.pt(1.0), zorder=1))

    def _own_sprint_spans(self, page: Page) -> list[tuple[float, float, float, float]]:
        """(top, bottom, x from, x to) of each lane slice's stretch of team sprints."""
        out = []
        for sl in page.slices:
            cells, _days = sprint_cells(sl.lane.sprints, self.L.d0, self.L.d1)
            if cells:
                out.append((sl.y, sl.y + sl.height, self.x(cells[0][4]), self.x(cells[-1][5])))
        return out

    def team_sprints(self, page: Page) -> None:
        """A team's own sprints: a thin strip of tinted cells at the top of its lane, with
        faint boundaries down through the lane."""
        t, L = self.t, self.L
        fs = L.fs
        size = 0.74 * fs
        cells_p, bounds = [], []
        for sl in page.slices:
            if not sl.header:
                continue
            color = sl.lane.color
            cells, days = sprint_cells(sl.lane.sprints, L.d0, L.d1)
            y0, h = sl.y + 0.32 * fs, sl.header - 0.5 * fs
            for k, name, s0, s1, a, b in cells:
                xa, xb = self.x(a), self.x(b)
                tint = blend(color, t.background, t.strip_alpha[k % 2])
                cells_p.append(Rectangle((xa + 0.5, y0), max(xb - xa - 1.0, 0.5), h,
                                         facecolor=tint, edgecolor="none"))  # fmt: skip
                current = s0 <= self.s.today <= s1
                label = self._sprint_label(name, xb - xa - 0.6 * fs, size, current)
                if label:
                    self.text((xa + xb) / 2, y0 + h / 2, label, size,
                              t.text if current else t.muted, ha="center", zorder=3.7,
                              fontweight="bold" if current else "normal")  # fmt: skip
            for d in days:
                xe = self.x(d)
                bounds.append([(xe, y0 + h), (xe, sl.y + sl.height)])
        # above the dependency arrows (3.5), which pass under the strip; below today (3.8)
        self.ax.add_collection(PatchCollection(cells_p, match_original=True, zorder=3.65))
        self.ax.add_collection(LineCollection(bounds, colors=t.faint, linewidths=self.pt(1.0),
                                              linestyles=(0, (4, 3)), zorder=0.6))  # fmt: skip

    def _sprint_label(self, name: str, room: float, size: float, bold: bool) -> str:
        most = most_chars(room, size)  # longer text is too wide: never measured
        if len(name) <= most and self.measure(name, size, bold) <= room:
            return name
        digits = "".join(ch for ch in name[: 4 * most] if ch.isdigit())
        if digits and len(digits) <= most and self.measure(digits, size, bold) <= room:
            return digits
        return fit(name, room, size, self.measure, bold)

    def lanes(self, page: Page) -> None:
        g, t, L = self.g, self.t, self.L
        fs = L.fs
        stripes, seps = [], []
        for sl in page.slices:
            seps.append([(g.team_x0, sl.y + sl.height), (g.plot_x1, sl.y + sl.height)])
            stripes.append(FancyBboxPatch((g.team_x0, sl.y + 0.3 * fs), 0.3 * fs,
                           sl.height - 0.6 * fs, boxstyle=f"round,pad=0,rounding_size={0.15 * fs}",
                           facecolor=sl.lane.color, edgecolor="none"))  # fmt: skip
            self._team_label(sl)
        ax = self.ax
        ax.add_collection(PatchCollection(stripes, match_original=True, zorder=2))
        ax.add_collection(LineCollection(seps, colors=t.faint, linewidths=self.pt(1.0), zorder=1))

    def _team_label(self, sl: LaneSlice) -> None:
        g, t, fs = self.g, self.t, self.L.fs
        lane = sl.lane
        x = g.team_x0 + 0.85 * fs
        room = g.team_x1 - x - 0.3 * fs
        name = lane.name
        size = 1.05 * self.g.fs if fs >= 0.95 * self.g.fs else 1.05 * fs
        y = self.row_y(sl, sl.row0)
        self.text(x, y, fit(name, room, size, self.measure, True) or name[:1], size, t.text,
                  fontweight="bold")  # fmt: skip
        n = len(lane.placements) + lane.hidden
        info = f"{n} item{'s' * (n != 1)}" + (" (continued)" if sl.cont else "")
        if lane.hidden:
            info = f"+{lane.hidden} more"
        if sl.height - sl.header >= 2.3 * fs + lane_pad(fs):
            self.text(x, y + 1.25 * fs, fit(info, room, 0.85 * fs, self.measure), 0.85 * fs,
                      t.critical if lane.hidden else t.muted)  # fmt: skip
        if not lane.placements and not lane.hidden:
            self.text(g.plot_x0 + 0.6 * fs, y, "No items in this period", 0.9 * fs, t.muted,
                      style="italic")  # fmt: skip

    # -- items ----------------------------------------------------------------------
    def row_y(self, sl: LaneSlice, row: int) -> float:
        used = (sl.row1 - sl.row0) * self.L.row_h
        top = sl.y + sl.header
        return top + (sl.height - sl.header - used) / 2 + (row - sl.row0 + 0.5) * self.L.row_h

    def items(self, page: Page) -> dict[str, tuple[Placement, float, float]]:
        """Draw bars, milestones, labels, deadlines and ghosts; return id -> (placement,
        centre y, half height) for the arrows."""
        t, fs, L = self.t, self.L.fs, self.L
        ghosts = self.s.baseline_name != ""
        bar_h = min(1.3 * fs, 0.6 * L.row_h)
        shift = -0.16 * fs if ghosts else 0.0
        bars, crit_edges, progress, hatches, diamonds, ghost_p = [], [], [], [], [], []
        dl_lines, dl_heads, dl_colors, whiskers = [], [], [], []
        where: dict[str, tuple[Placement, float, float]] = {}
        rr = 0.22 * bar_h
        for sl in page.slices:
            color = sl.lane.color
            for p in sl.lane.placements:
                if not sl.row0 <= p.row < sl.row1:
                    continue
                e = p.entry
                yc = self.row_y(sl, p.row) + shift
                fill = blend(color, t.background, t.done_alpha) if e.done else color
                where[e.id] = (p, yc, bar_h / 2)
                if e.milestone:
                    r = 0.62 * fs
                    pts = [(e.x0, yc - r), (e.x0 + r, yc), (e.x0, yc + r), (e.x0 - r, yc)]
                    edge = t.critical if e.critical or e.late else darker(fill)
                    lw = 2.0 if e.critical or e.late else 1.0
                    diamonds.append(Polygon(pts, closed=True, facecolor=fill, edgecolor=edge,
                                            linewidth=self.pt(lw)))  # fmt: skip
                    text_color = t.text
                else:
                    w = max(e.x1 - e.x0, 1.5)
                    box = FancyBboxPatch((e.x0, yc - bar_h / 2), w, bar_h,
                                         boxstyle=f"round,pad=0,rounding_size={min(rr, w / 2)}",
                                         facecolor=fill, edgecolor="none")  # fmt: skip
                    bars.append(box)
                    if e.critical or e.late:
                        crit_edges.append(
                            FancyBboxPatch(
                                (e.x0, yc - bar_h / 2),
                                w,
                                bar_h,
                                boxstyle=f"round,pad=0,rounding_size={min(rr, w / 2)}",
                                facecolor="none",
                                edgecolor=t.critical,
                                linewidth=self.pt(2.2),
                            )
                        )
                    if e.late and e.deadline_x is not None and e.deadline_x < e.x1:
                        hx = max(e.deadline_x, e.x0)
                        hatches.append(Rectangle((hx, yc - bar_h / 2), e.x1 - hx, bar_h))
                    if 0 < e.progress < 100 and not e.done:
                        progress.append(
                            Rectangle(
                                (e.x0 + rr / 2, yc + bar_h / 2 - 0.22 * bar_h),
                                (w - rr) * e.progress / 100,
                                0.14 * bar_h,
                                facecolor=darker(fill, 0.55),
                                edgecolor="none",
                            )
                        )
                    text_color = readable_on(fill) if p.where == "inside" else t.text
                if e.deadline_x is not None:
                    dx = e.deadline_x
                    top, bot = yc - bar_h / 2 - 0.32 * fs, yc + bar_h / 2 + 0.12 * fs
                    dl_lines.append([(dx, top), (dx, bot)])
                    hw = 0.32 * fs
                    dl_heads.append([(dx - hw, top - 0.05 * fs), (dx + hw, top - 0.05 * fs),
                                     (dx, top + 0.5 * fs)])  # fmt: skip
                    dl_colors.append(t.critical if e.late else t.deadline)
                    end = e.x0 + 0.62 * fs if e.milestone else e.x1
                    if dx > end + 0.3 * fs:
                        whiskers.append([(end, yc), (dx, yc)])
                if e.ghost is not None:
                    gx0, gx1 = e.ghost
                    gy = yc + bar_h / 2 + 0.2 * fs
                    ghost_fill = blend(color, t.background, t.ghost_alpha)
                    if e.milestone:  # a small diamond where the milestone was
                        cx, cy, r = (gx0 + gx1) / 2, gy + 0.15 * fs, 0.3 * fs
                        ghost_p.append(Polygon([(cx, cy - r), (cx + r, cy), (cx, cy + r),
                                                (cx - r, cy)], facecolor=ghost_fill,
                                               edgecolor="none"))  # fmt: skip
                    else:
                        ghost_p.append(FancyBboxPatch(
                            (gx0, gy), max(gx1 - gx0, 2.0), 0.3 * fs,
                            boxstyle=f"round,pad=0,rounding_size={0.12 * fs}",
                            facecolor=ghost_fill, edgecolor="none"))  # fmt: skip
                if p.text:
                    ha = "right" if p.where == "left" else "left"
                    self.text(p.text_x, yc, p.text, fs, text_color, ha=ha, zorder=6,
                              fontweight="bold" if p.where == "inside" else "normal",
                              **self._halo(p))  # fmt: skip
        ax = self.ax
        ax.add_collection(PatchCollection(ghost_p, match_original=True, zorder=3))
        ax.add_collection(PatchCollection(bars, match_original=True, zorder=4))
        ax.add_collection(PatchCollection(progress, match_original=True, zorder=4.2))
        for h in hatches:
            h.set(facecolor="none", edgecolor=t.critical, hatch="////", linewidth=0, zorder=4.3)
            ax.add_patch(h)
        ax.add_collection(PatchCollection(crit_edges, match_original=True, zorder=4.5))
        ax.add_collection(PatchCollection(diamonds, match_original=True, zorder=5))
        ax.add_collection(LineCollection(whiskers, colors=t.deadline, linewidths=self.pt(1.2),
                                         linestyles=(0, (2, 2)), zorder=3.9))  # fmt: skip
        ax.add_collection(LineCollection(dl_lines, colors=dl_colors, linewidths=self.pt(1.6),
                                         zorder=5.5))  # fmt: skip
        ax.add_collection(PolyCollection(dl_heads, facecolors=dl_colors, edgecolors="none",
                                         zorder=5.6))  # fmt: skip
        return where

    def _halo(self, p: Placement) -> dict[str, Any]:
        if p.where == "inside":
            return {}
        pad = 0.08 * self.L.fs
        return {
            "bbox": {
                "boxstyle": f"square,pad={self.pt(pad) / self.pt(self.L.fs):.2f}",
                "facecolor": self.t.background,
                "edgecolor": "none",
                "alpha": 0.85,
            }
        }

    def arrows(self, where: dict[str, tuple[Placement, float, float]]) -> None:
        t, fs = self.t, self.L.fs
        paths, colors, heads, head_colors = [], [], [], []
        for pred, succ, typ, crit in self.s.dependencies:
            if pred not in where or succ not in where:
                continue
            pp, py, ph = where[pred]
            sp, sy, _sh = where[succ]
            a, b = pp.entry, sp.entry
            from_end = typ in ("FS", "FF")
            into_start = typ in ("FS", "SS")
            r = 0.62 * fs
            ax0 = (a.x1 if from_end else a.x0) + ((r if from_end else -r) if a.milestone else 0)
            bx = (
                (b.x0 - (r if b.milestone else 0))
                if into_start
                else (b.x1 + (r if b.milestone else 0))
            )
            if a.milestone:
                p0, p1 = (ax0, py), (ax0 + (1 if from_end else -1) * 0.9 * fs, py)
            else:
                inset = min(0.5 * fs, (a.x1 - a.x0) / 3)
                px0 = ax0 - inset if from_end else ax0 + inset
                down = sy >= py
                p0 = (px0, py + (ph if down else -ph))
                p1 = (px0, p0[1] + (1 if down else -1) * 0.9 * fs)
            dx = max(1.2 * fs, abs(bx - p0[0]) / 2)
            p2 = (bx - dx if into_start else bx + dx, sy)
            p3 = (bx - (0.55 * fs if into_start else -0.55 * fs), sy)
            paths.append(
                Path([p0, p1, p2, p3], [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4])
            )
            c = t.critical if crit else t.dependency
            colors.append(c)
            hw, hl = 0.32 * fs, 0.6 * fs
            sgn = 1 if into_start else -1
            tip = (bx, sy)
            heads.append([(tip[0] - sgn * hl, sy - hw), tip, (tip[0] - sgn * hl, sy + hw)])
            head_colors.append(c)
        self.ax.add_collection(PathCollection(paths, facecolors="none", edgecolors=colors,
                               linewidths=self.pt(1.1), alpha=0.7, zorder=3.5))  # fmt: skip
        self.ax.add_collection(PolyCollection(heads, facecolors=head_colors, edgecolors="none",
                                              alpha=0.85, zorder=3.6))  # fmt: skip

    def today_line(self) -> None:
        g, t, L, fs = self.g, self.t, self.L, self.g.fs
        day = self.s.today
        if not L.d0 <= day < L.d1:
            return
        x = self.x(day) + (self.x(day + timedelta(days=1)) - self.x(day)) / 2
        self.ax.add_collection(LineCollection([[(x, g.body_y0), (x, g.today_y - 0.5 * fs)]],
                               colors=t.today, linewidths=self.pt(2.0), zorder=3.8))  # fmt: skip
        label = f"Today · {day.day} {day:%b}"
        w = self.measure(label, 0.85 * fs, True)
        xc = min(max(x, g.plot_x0 + w / 2 + 0.5 * fs), g.plot_x1 - w / 2 - 0.5 * fs)
        self.text(xc, g.today_y, label, 0.85 * fs, readable_on(t.today), ha="center",
                  fontweight="bold", zorder=8,
                  bbox={"boxstyle": "round,pad=0.35,rounding_size=0.8", "facecolor": t.today,
                        "edgecolor": "none"})  # fmt: skip

    def legend(self) -> None:
        g, t, fs = self.g, self.t, self.g.fs
        ax, m = self.ax, self.measure
        y, size = g.footer_y, 0.88 * fs
        x = g.margin_x
        sw = 1.7 * fs
        sample = self.s.colors.get(self.L.lanes[0].team if self.L.lanes else None, "#4C72B0")

        def label(text: str) -> None:
            nonlocal x
            self.text(x + sw + 0.45 * fs, y, text, size, t.muted)
            x += sw + 0.45 * fs + m(text, size, False) + 1.5 * fs

        def box(**kw: Any) -> FancyBboxPatch:
            return FancyBboxPatch(
                (x, y - 0.4 * fs),
                sw,
                0.8 * fs,
                boxstyle=f"round,pad=0,rounding_size={0.18 * fs}",
                **kw,
            )

        ax.add_patch(box(facecolor=sample, edgecolor="none"))
        label("Task")
        r = 0.5 * fs
        cx = x + sw / 2
        ax.add_patch(
            Polygon(
                [(cx, y - r), (cx + r, y), (cx, y + r), (cx - r, y)],
                facecolor=sample,
                edgecolor=darker(sample),
                linewidth=self.pt(1),
            )
        )
        label("Milestone")
        ax.add_patch(box(facecolor=sample, edgecolor=t.critical, linewidth=self.pt(2.2)))
        label("Critical path")
        dx = x + sw / 2
        ax.add_collection(
            LineCollection(
                [[(dx, y - 0.45 * fs), (dx, y + 0.5 * fs)]],
                colors=t.deadline,
                linewidths=self.pt(1.6),
            )
        )
        ax.add_patch(Polygon([(dx - 0.32 * fs, y - 0.5 * fs), (dx + 0.32 * fs, y - 0.5 * fs),
                              (dx, y)], facecolor=t.deadline, edgecolor="none"))  # fmt: skip
        label("Deadline")
        ax.add_patch(box(facecolor="none", edgecolor=t.critical, hatch="////", linewidth=0))
        ax.add_patch(box(facecolor="none", edgecolor=t.critical, linewidth=self.pt(2.2)))
        label("Late")
        if self.s.dependencies:
            ax.add_patch(Polygon([(x + sw, y), (x + sw - 0.6 * fs, y - 0.32 * fs),
                                  (x + sw - 0.6 * fs, y + 0.32 * fs)],
                                 facecolor=t.dependency, edgecolor="none"))  # fmt: skip
            ax.add_collection(
                LineCollection(
                    [[(x, y), (x + sw - 0.5 * fs, y)]], colors=t.dependency, linewidths=self.pt(1.1)
                )
            )
            label("Dependency")
        if self.s.baseline_name:
            ax.add_patch(
                FancyBboxPatch(
                    (x, y - 0.15 * fs),
                    sw,
                    0.3 * fs,
                    boxstyle=f"round,pad=0,rounding_size={0.12 * fs}",
                    facecolor=blend(sample, t.background, t.ghost_alpha),
                    edgecolor="none",
                )
            )
            label(fit(f"Baseline “{self.s.baseline_name}”", 14 * fs, size, m))
        notes = []
        if self.L.hidden:
            notes.append(f"{self.L.hidden} more items not shown (export a PDF to see all)")
        if self.L.hidden_lanes:
            notes.append(f"{self.L.hidden_lanes} more teams not shown")
        if notes:
            room = g.width - g.margin_x - x
            self.text(g.width - g.margin_x, y, fit(" · ".join(notes), room, size, m), size,
                      t.critical, ha="right")  # fmt: skip


def draw_pages(scene: Scene, page: PageSpec) -> list[Figure]:
    pages = scene.layout.pages
    out = []
    for n, pg in enumerate(pages, start=1):
        p = _Painter(scene, page, n, len(pages))
        bottom = max((sl.y + sl.height for sl in pg.slices), default=p.g.body_y0)
        bottom = max(bottom, p.g.body_y1 if len(pages) > 1 else bottom)
        p.header()
        p.timeline(pg, bottom)
        p.team_sprints(pg)
        p.lanes(pg)
        where = p.items(pg)
        if scene.dependencies:
            p.arrows(where)
        p.today_line()
        p.legend()
        out.append(p.fig)
    return out
