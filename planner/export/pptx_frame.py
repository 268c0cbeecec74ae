"""The frame of a roadmap slide, as the PNG draws it (``draw_header``, ``draw_sprints``,
``draw_axis``, ``draw_legend``) but as native shapes: the title, counts and subtitle;
the plan-wide sprint bands and the teams' own sprint strips; the month and week axis;
the today line and its badge; the legend along the foot. Sizes, places and z-orders
are the PNG painters'. Imported only when exporting."""

from __future__ import annotations

from datetime import timedelta

from planner.export.axis_marks import AxisLine, axis_marks
from planner.export.draw_canvas import blend, darker
from planner.export.labels import fit, most_chars
from planner.export.page_geometry import Page, SprintSpan, sprint_cells
from planner.export.pptx_canvas import Caption, SlideCanvas, Stroke
from planner.export.pptx_items import forecast_range
from planner.export.themes import readable_on

__all__ = ["draw_axis", "draw_header", "draw_legend", "draw_sprints", "draw_today"]

SPRINT_DASH = (4.0, 3.0)


def draw_header(c: SlideCanvas) -> None:
    """The title on the left, the counts on the right, the subtitle below."""
    scene, g, t, fs = c.scene, c.geometry, c.theme, c.geometry.fs
    x = g.width - g.margin_x
    size = 1.0 * fs
    for text, role in reversed(scene.stats):
        w = c.measure(text, size, True)
        c.text(x, g.title_y, text, size, t.critical if role == "critical" else t.text,
               align="right", bold=True, name=f"Count: {text}")  # fmt: skip
        x -= w
        if text != scene.stats[0][0]:
            c.text(x - 0.55 * fs, g.title_y, "·", size, t.muted, align="center", name="Dot")
            x -= 1.1 * fs
    room = g.width - 2 * g.margin_x - (g.width - g.margin_x - x) - 2 * fs
    title = fit(scene.title, room, 2.0 * fs, c.measure, True) or scene.title[:1]
    c.text(g.margin_x, g.title_y, title, 2.0 * fs, t.text, bold=True, name="Title")
    sub = scene.subtitle
    if c.pages > 1:
        sub += f"  ·  page {c.number} of {c.pages}"
    sub = fit(sub, g.width - 2 * g.margin_x, 1.05 * fs, c.measure)
    c.text(g.margin_x, g.subtitle_y, sub, 1.05 * fs, t.muted, name="Subtitle")


def draw_sprints(c: SlideCanvas, page: Page, body_bottom: float) -> None:
    """Plan-wide sprints: shaded cells in the header row, named (the current one in
    bold), faint dashed boundaries down to ``body_bottom`` except across lanes with
    sprints of their own; then each such lane's strip of tinted cells."""
    g, t, fs, layout = c.geometry, c.theme, c.geometry.fs, c.layout
    cells, days = sprint_cells(c.scene.sprints, layout.d0, layout.d1)
    for k, name, s0, s1, a, b in cells:
        xa, xb = c.day_x(a), c.day_x(b)
        if k % 2 == 0:
            c.box(xa, g.sprint_y0, xb - xa, g.body_y0 - g.sprint_y0, fill=t.band,
                  name=f"Sprint band: {name}", z=0.0)  # fmt: skip
        current = s0 <= c.scene.today <= s1
        label = _sprint_label(c, name, xb - xa - 0.6 * fs, 0.92 * fs, current)
        if label:
            c.text((xa + xb) / 2, (g.sprint_y0 + g.body_y0) / 2, label, 0.92 * fs,
                   t.text if current else t.muted, align="center", bold=current,
                   name=f"Sprint: {name}")  # fmt: skip
    own = []  # (top, bottom, x from, x to) of each lane's stretch of its own sprints
    for sl in page.slices:
        mine, _days = sprint_cells(sl.lane.sprints, layout.d0, layout.d1)
        if mine:
            own.append((sl.y, sl.y + sl.height, c.day_x(mine[0][4]), c.day_x(mine[-1][5])))
    boundary = Stroke(t.faint, 1.0, SPRINT_DASH)
    for d in days:
        xe = c.day_x(d)
        y = g.sprint_y0
        for y0, y1 in sorted((y0, y1) for y0, y1, xa, xb in own if xa <= xe <= xb):
            if y0 > y:
                c.line((xe, y), (xe, y0), boundary, name="Sprint boundary", z=0.6)
            y = max(y, y1)
        if y < body_bottom:
            c.line((xe, y), (xe, body_bottom), boundary, name="Sprint boundary", z=0.6)
    for sl in page.slices:
        if sl.header:
            _team_sprints(c, sl.lane.sprints, sl.lane.color, sl.y, sl.header, sl.y + sl.height)


def _team_sprints(
    c: SlideCanvas, sprints: list[SprintSpan], color: str, top: float, header: float, bottom: float
) -> None:
    t, layout = c.theme, c.layout
    fs = layout.fs
    size = 0.74 * fs
    cells, days = sprint_cells(sprints, layout.d0, layout.d1)
    y0, h = top + 0.32 * fs, header - 0.5 * fs
    for k, name, s0, s1, a, b in cells:
        xa, xb = c.day_x(a), c.day_x(b)
        tint = blend(color, t.background, t.strip_alpha[k % 2])
        c.box(xa + 0.5, y0, max(xb - xa - 1.0, 0.5), h, fill=tint, name=f"Team sprint: {name}",
              z=3.65)  # fmt: skip
        current = s0 <= c.scene.today <= s1
        label = _sprint_label(c, name, xb - xa - 0.6 * fs, size, current)
        if label:
            c.text((xa + xb) / 2, y0 + h / 2, label, size, t.text if current else t.muted,
                   align="center", bold=current, z=3.7, name=f"Team sprint: {name}")  # fmt: skip
    for d in days:
        xe = c.day_x(d)
        c.line((xe, y0 + h), (xe, bottom), Stroke(t.faint, 1.0, SPRINT_DASH),
               name="Team sprint boundary", z=0.6)  # fmt: skip


def _sprint_label(c: SlideCanvas, name: str, room: float, size: float, bold: bool) -> str:
    """``name`` if it fits ``room``, else its digits ("Sprint 14" -> "14"), else
    shortened with an ellipsis (the PNG's rule)."""
    most = most_chars(room, size)  # longer text is too wide: never measured
    if len(name) <= most and c.measure(name, size, bold) <= room:
        return name
    digits = "".join(ch for ch in name[: 4 * most] if ch.isdigit())
    if digits and len(digits) <= most and c.measure(digits, size, bold) <= room:
        return digits
    return fit(name, room, size, c.measure, bold)


def draw_axis(c: SlideCanvas) -> None:
    """The time axis (``axis_marks``): month names and lines, week ticks and days, the
    line above the body."""
    t = c.theme
    grid = Stroke(t.faint, 1.0)
    for mark in axis_marks(c.layout, c.measure):
        if isinstance(mark, AxisLine):
            c.line(mark.a, mark.b, grid, name=mark.name, z=1)
        else:
            month = mark.kind == "month"
            c.text(mark.x, mark.y, mark.text, mark.size, t.text if month else t.muted,
                   bold=month, name=mark.name)  # fmt: skip


def draw_today(c: SlideCanvas) -> None:
    """The today line through the body and its badge below (nothing if today is not
    among the days shown)."""
    g, t, layout, fs = c.geometry, c.theme, c.layout, c.geometry.fs
    day = c.scene.today
    if not layout.d0 <= day < layout.d1:
        return
    x = (c.day_x(day) + c.day_x(day + timedelta(days=1))) / 2
    c.line((x, g.body_y0), (x, g.today_y - 0.5 * fs), Stroke(t.today, 2.0), name="Today line",
           z=3.8)  # fmt: skip
    label = f"Today · {day.day} {day:%b}"
    size = 0.85 * fs
    w = c.measure(label, size, True)
    xc = min(max(x, g.plot_x0 + w / 2 + 0.5 * fs), g.plot_x1 - w / 2 - 0.5 * fs)
    bw, bh = w + 0.7 * size, 1.75 * size  # the PNG's badge: the text padded by 0.35 em
    c.box(xc - bw / 2, g.today_y - bh / 2, bw, bh, fill=t.today, radius=0.8 * size,
          caption=Caption(label, size, readable_on(t.today), bold=True, align="center"),
          name="Today", z=8)  # fmt: skip


def draw_legend(c: SlideCanvas) -> None:
    """A sample of each kind of mark in the first lane's colour, and on the right what
    did not fit ("+K more items", "more teams")."""
    g, t, fs = c.geometry, c.theme, c.geometry.fs
    scene, layout = c.scene, c.layout
    y, size, sw = g.footer_y, 0.88 * fs, 1.7 * fs
    sample = scene.colors.get(layout.lanes[0].team if layout.lanes else None, "#4C72B0")
    legend = c.group("Legend", 9)
    x = g.margin_x

    def label(text: str) -> None:
        nonlocal x
        legend.text(x + sw + 0.45 * fs, y, text, size, t.muted, name=f"Legend: {text}")
        x += sw + 0.45 * fs + c.measure(text, size, False) + 1.5 * fs

    def box(name: str, fill: str | None, stroke: Stroke | None = None) -> None:
        legend.box(x, y - 0.4 * fs, sw, 0.8 * fs, fill=fill, stroke=stroke,
                   radius=0.18 * fs, name=name, z=1)  # fmt: skip

    box("Sample: task", sample)
    label("Task")
    legend.diamond(x + sw / 2, y, 0.5 * fs, fill=sample, stroke=Stroke(darker(sample), 1.0),
                   name="Sample: milestone", z=1)  # fmt: skip
    label("Milestone")
    box("Sample: critical path", sample, Stroke(t.critical, 2.2))
    label("Critical path")
    dx = x + sw / 2
    legend.line((dx, y - 0.45 * fs), (dx, y + 0.5 * fs), Stroke(t.deadline, 1.6),
                name="Sample: deadline", z=1)  # fmt: skip
    legend.polygon([(dx - 0.32 * fs, y - 0.5 * fs), (dx + 0.32 * fs, y - 0.5 * fs), (dx, y)],
                   fill=t.deadline, name="Sample: deadline head", z=1)  # fmt: skip
    label("Deadline")
    legend.hatch(x, y - 0.4 * fs, sw, 0.8 * fs, c.hatch_spacing, c.hatch_stroke,
                 name="Sample: late hatch", z=1)  # fmt: skip
    box("Sample: late", None, Stroke(t.critical, 2.2))
    label("Late")
    if scene.dependencies:
        legend.line((x, y), (x + sw - 0.5 * fs, y), Stroke(t.dependency, 1.1),
                    name="Sample: dependency", z=1)  # fmt: skip
        legend.polygon([(x + sw, y), (x + sw - 0.6 * fs, y - 0.32 * fs),
                        (x + sw - 0.6 * fs, y + 0.32 * fs)], fill=t.dependency,
                       name="Sample: dependency head", z=1)  # fmt: skip
        label("Dependency")
    if scene.baseline_name:
        legend.box(x, y - 0.15 * fs, sw, 0.3 * fs, fill=blend(sample, t.background, t.ghost_alpha),
                   radius=0.12 * fs, name="Sample: baseline", z=1)  # fmt: skip
        label(fit(f"Baseline “{scene.baseline_name}”", 14 * fs, size, c.measure))
    if scene.forecast:
        forecast_range(legend, x, x + sw, y, fs, sample, t.background, "Sample: forecast")
        label("Forecast P50–P80")
    notes = []
    if layout.hidden:
        notes.append(f"{layout.hidden} more items not shown (export a PDF to see all)")
    if layout.hidden_lanes:
        notes.append(f"{layout.hidden_lanes} more teams not shown")
    if notes:
        room = g.width - g.margin_x - x
        c.text(g.width - g.margin_x, y, fit(" · ".join(notes), room, size, c.measure), size,
               t.critical, align="right", name="Not shown", z=9)  # fmt: skip
