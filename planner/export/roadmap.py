"""The roadmap picture: options, what to show, and PNG/SVG/PDF output.

``render_roadmap(plan, schedule, options, fmt)`` returns the file's bytes. matplotlib
is imported inside the functions that draw, never when this module is imported.

Every text the picture shows from the plan or the options (titles, ids, team and sprint
names, the plan's name, the baseline's name) enters the scene through ``shown``: on one
line, without the characters XML 1.0 forbids, so an SVG always parses and a label is
measured as it is drawn.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from planner.domain.errors import PlanError
from planner.domain.model import TEAM_COLORS, Plan
from planner.domain.progress import NO_PROGRESS, Progress
from planner.domain.text import one_line, quoted, shorten, xml_safe
from planner.export.layout import (
    Entry,
    Lane,
    Measure,
    RoadmapLayout,
    arrange,
    date_range,
    geometry,
)
from planner.export.options import OptionError
from planner.export.presets import PageSpec, page_spec
from planner.export.themes import Theme, get_theme
from planner.scheduling.schedule import Schedule

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

__all__ = [
    "IMAGE_FORMATS",
    "PreviewImage",
    "RoadmapOptions",
    "Scene",
    "render_figures",
    "render_preview",
    "render_roadmap",
    "shown",
]

IMAGE_FORMATS = ("png", "svg", "pdf")


@dataclass(frozen=True)
class RoadmapOptions:
    """What to draw. ``teams`` None = every team (and items without a team);
    ``baseline`` maps item id -> (first day, last day) in the chosen baseline;
    ``forecast`` maps item id -> (P50 day, P80 day, on-time share or None), drawn as a
    range after each milestone and a percentage beside each deadline."""

    today: date
    date_from: date | None = None
    date_to: date | None = None
    teams: tuple[str, ...] | None = None
    title: str | None = None
    page: PageSpec = field(default_factory=page_spec)
    theme: str = "light"
    show_dependencies: bool = True
    baseline: Mapping[str, tuple[date, date]] | None = None
    baseline_name: str = ""
    forecast: Mapping[str, tuple[date, date, float | None]] | None = None

    def check(self, plan: Plan) -> None:
        """Raises OptionError (a PlanError) for an unknown team, theme or an empty date
        range."""
        get_theme(self.theme)
        for t in self.teams or ():
            if t not in plan.team_index:
                raise OptionError("{teams}: no team with id {0}", quoted(t))
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise OptionError(
                "{date_to} {0} is before {date_from} {1}", self.date_to, self.date_from
            )


@dataclass
class Scene:
    """Everything the drawing needs besides the layout."""

    title: str
    subtitle: str
    stats: list[tuple[str, str]]  # (text, "text" | "critical")
    theme: Theme
    today: date
    sprints: list[tuple[str, date, date]]  # name, first day, last day (plan-wide sprints;
    # a team's own sprints travel with its lane: Lane.sprints)
    dependencies: list[tuple[str, str, str, bool]]  # pred, succ, type, critical link
    baseline_name: str
    layout: RoadmapLayout
    colors: dict[str | None, str]
    forecast: bool = False  # a forecast is drawn (its legend entry shows)


def shown(text: str) -> str:
    """``text`` as a label in the picture: one line, nothing XML 1.0 forbids."""
    return text if text.isprintable() else xml_safe(one_line(text))


def _team_colors(plan: Plan) -> dict[str | None, str]:
    out: dict[str | None, str] = {}
    for i, t in enumerate(plan.teams):
        out[t.id] = (
            t.color
            if t.color.startswith("#") and len(t.color) == 7
            else (TEAM_COLORS[i % len(TEAM_COLORS)])
        )
    out[None] = "#8C8C8C"
    return out


def _day(d: date) -> str:
    return f"{d.day} {d:%b}"


def _lanes(plan: Plan, options: RoadmapOptions, colors: dict[str | None, str]) -> list[Lane]:
    wanted = options.teams
    lanes = [
        Lane(t.id, shown(t.name or t.id), colors[t.id], 0)
        for t in plan.teams
        if wanted is None or t.id in wanted
    ]
    if wanted is None and any(
        it.team is None or it.team not in plan.team_index for it in plan.items
    ):
        lanes.append(Lane(None, "No team", colors[None], 0))
    return lanes


def build_scene(
    plan: Plan, sched: Schedule, options: RoadmapOptions, measure: Measure, paginate: bool
) -> Scene:
    """Decide what goes where. Raises PlanError for bad options."""
    options.check(plan)
    m = measure
    theme = get_theme(options.theme)
    colors = _team_colors(plan)
    lanes = _lanes(plan, options, colors)
    shown_teams = {lane.team for lane in lanes}
    base = options.baseline or {}
    fc = options.forecast or {}

    def team_of(t: str | None) -> str | None:
        return t if t in plan.team_index else None

    items = [it for it in plan.items if team_of(it.team) in shown_teams]
    dates = [sched.dates(it.id) for it in items]
    spans: list[tuple[date, date]] = []
    for it, (first, last) in zip(items, dates, strict=True):
        spans.append((first, last))
        if it.deadline:
            spans.append((it.deadline, it.deadline))
        if it.id in base:
            spans.append(base[it.id])
        if it.id in fc and it.is_milestone:
            spans.append(fc[it.id][:2])
    d0, d1 = date_range(spans, options.today, options.date_from, options.date_to)
    page = options.page
    g = geometry(page.width_px, page.height_px, [lane.name for lane in lanes], m)
    for lane in lanes:  # a team's own sprints show in its lane
        lane.sprints = [
            (shown(s.name), s.start, s.finish)
            for s in plan.sprints
            if lane.team is not None and s.team == lane.team and s.finish >= d0 and s.start < d1
        ]
    span_days = (d1 - d0).days
    ppd = (g.plot_x1 - g.plot_x0) / span_days

    def x(d: date) -> float:
        return g.plot_x0 + (d - d0).days * ppd

    def clamp(d: date) -> date:
        return min(max(d, d0), d1)

    late: dict[str, str] = {}
    for v in sched.violations:
        late[v.item] = f"⚠ {v.days}d late" if v.kind == "deadline" else "⚠ date conflict"
    entries: list[Entry] = []
    for it, (first, last) in zip(items, dates, strict=True):
        ms = it.is_milestone
        if ms and not d0 <= first < d1:
            continue
        if not ms and (last < d0 or first >= d1):
            continue
        if ms:
            x0 = x1 = x(first) + ppd / 2
        else:
            x0, x1 = x(clamp(first)), x(clamp(last + timedelta(days=1)))
        dl = None
        if it.deadline and d0 <= it.deadline < d1:
            dl = x(it.deadline + timedelta(days=1))
        ghost = None
        if it.id in base and base[it.id] != (first, last):
            b0, b1 = base[it.id]
            if ms and d0 <= b0 < d1:
                ghost = (x(b0) + ppd / 2 - 0.4 * g.fs, x(b0) + ppd / 2 + 0.4 * g.fs)
            elif not ms and b1 >= d0 and b0 < d1:
                ghost = (x(clamp(b0)), x(clamp(b1 + timedelta(days=1))))
        forecast_x, on_time = _forecast_marks(it.id, ms, first, dl, fc, x, d0, d1)
        clip_left = not ms and first < d0
        status = " · ".join(part for part in (late.get(it.id, ""), on_time) if part)
        entries.append(
            Entry(
                id=it.id,
                label=("✓ " if it.done else "") + shown(it.label),
                status=status,
                team=team_of(it.team),
                milestone=ms,
                first=first,
                last=last,
                x0=x0,
                x1=x1,
                critical=sched.critical(it.id) and not it.done,
                late=it.id in late,
                done=it.done,
                progress=it.progress,
                started=it.in_progress and not clip_left,
                deadline_x=dl,
                ghost=ghost,
                clip_left=clip_left,
                clip_right=not ms and last >= d1,
                forecast=forecast_x,
            )
        )
    layout = arrange(g, lanes, entries, d0, d1, m, paginate)
    return Scene(
        title=shown(options.title or plan.name).strip() or "Roadmap",
        subtitle=_subtitle(plan, options, lanes),
        stats=_stats(entries, len(base) > 0),
        theme=theme,
        today=options.today,
        sprints=[(shown(s.name), s.start, s.finish) for s in plan.sprints if s.team is None],
        dependencies=_dependencies(plan, sched) if options.show_dependencies else [],
        baseline_name=shown(options.baseline_name) if options.baseline is not None else "",
        layout=layout,
        colors=colors,
        forecast=options.forecast is not None,
    )


def _forecast_marks(
    item_id: str,
    milestone: bool,
    first: date,
    deadline_x: float | None,
    fc: Mapping[str, tuple[date, date, float | None]],
    x: Callable[[date], float],
    d0: date,
    d1: date,
) -> tuple[tuple[float, float] | None, str]:
    """A milestone's forecast range (from the middle of its P50 day to the middle of its
    P80 day, cut to the days shown; None when the forecast is its scheduled day) and, for
    an item whose deadline is shown, its on-time chance ("62% on time"): part of its
    label, which sits beside the deadline mark, so the layout makes room for it."""
    got = fc.get(item_id)
    if got is None:
        return None, ""
    p50, p80, chance = got
    span = None
    if milestone and (p50, p80) != (first, first) and p80 >= d0 and p50 < d1:
        half = (x(d0 + timedelta(days=1)) - x(d0)) / 2
        lo, hi = max(p50, d0), min(p80, d1 - timedelta(days=1))
        span = (x(lo) + half, x(hi) + half)
    shown_chance = ""
    if chance is not None and deadline_x is not None:
        shown_chance = f"{round(chance * 100)}% on time"
    return span, shown_chance


def _subtitle(plan: Plan, options: RoadmapOptions, lanes: list[Lane]) -> str:
    t = options.today
    parts = [f"As of {t:%A} {t.day} {t:%B %Y}"]
    # the plan-wide sprint today is in, else (one team shown) that team's own
    team = lanes[0].team if len(lanes) == 1 else None
    for wanted in (None, team) if team is not None else (None,):
        current = [s for s in plan.sprints if s.team == wanted and s.start <= t <= s.finish]
        if current:
            s = current[0]
            parts.append(f"{shown(s.name)} ({_day(s.start)} – {_day(s.finish)})")
            break
    if options.teams is not None:
        parts.append(", ".join(lane.name for lane in lanes))
    if options.baseline is not None:
        parts.append(f"compared with baseline “{shown(options.baseline_name)}”")
    return "  ·  ".join(parts)


def _stats(entries: list[Entry], with_baseline: bool) -> list[tuple[str, str]]:
    n_ms = sum(e.milestone for e in entries)
    n_tasks = len(entries) - n_ms
    out = [(f"{n_tasks} task{'s' * (n_tasks != 1)}", "text"),
           (f"{n_ms} milestone{'s' * (n_ms != 1)}", "text")]  # fmt: skip
    late = sum(e.late for e in entries)
    if late:
        out.append((f"{late} late", "critical"))
    if with_baseline:
        moved = sum(e.ghost is not None for e in entries)
        out.append((f"{moved} moved", "text"))
    return out


def _dependencies(plan: Plan, sched: Schedule) -> list[tuple[str, str, str, bool]]:
    out: list[tuple[str, str, str, bool]] = []
    for k, d in enumerate(plan.dependencies):
        i = sched.index.get(d.succ)
        crit = (
            i is not None
            and int(sched.driver_edge[i]) == k
            and sched.critical(d.pred)
            and sched.critical(d.succ)
        )
        out.append((d.pred, d.succ, d.type, bool(crit)))
    return out


def render_figures(
    plan: Plan, sched: Schedule, options: RoadmapOptions, paginate: bool = False
) -> list[Figure]:
    """One matplotlib Figure per page (a single page unless ``paginate``)."""
    from planner.export.draw import draw_pages
    from planner.export.fonts import TextMeasure

    scene = build_scene(plan, sched, options, TextMeasure(options.page.dpi), paginate)
    return draw_pages(scene, options.page)


def render_roadmap(plan: Plan, sched: Schedule, options: RoadmapOptions, fmt: str) -> bytes:
    """The roadmap as PNG, SVG or PDF bytes (a PDF may have several pages).

    Raises PlanError for bad options or an unknown format.
    """
    fmt = fmt.lower()
    if fmt not in IMAGE_FORMATS:
        raise PlanError(f"unknown image format {fmt!r} (png, svg or pdf)")
    import matplotlib

    figures = render_figures(plan, sched, options, paginate=fmt == "pdf")
    buf = io.BytesIO()
    rc: dict[RcKeyType, Any] = {
        "svg.fonttype": "none",
        "pdf.fonttype": 42,
        "svg.hashsalt": "roadmap-planner",
    }
    with matplotlib.rc_context(rc):
        if fmt == "pdf":
            from matplotlib.backends.backend_pdf import PdfPages

            title = shorten(str(figures[0].get_label() or "Roadmap"), 200)  # a label, not a book
            with PdfPages(buf, metadata={"Title": title,
                                         "Creator": "Roadmap Planner"}) as pdf:  # fmt: skip
                for fig in figures:
                    pdf.savefig(fig)
        else:
            meta = {"Software": "Roadmap Planner"} if fmt == "png" else {"Date": None}
            figures[0].savefig(buf, format=fmt, dpi=options.page.dpi, metadata=meta)
    return buf.getvalue()


@dataclass(frozen=True)
class PreviewImage:
    """A small PNG of the first page, and what the full export will hold."""

    png: bytes
    pages: int
    hidden: int


def render_preview(
    plan: Plan,
    sched: Schedule,
    options: RoadmapOptions,
    fmt: str,
    max_width: int,
    progress: Progress = NO_PROGRESS,
) -> PreviewImage:
    """The export's first page scaled to at most ``max_width`` pixels (same layout: every
    size scales with the page). ``progress`` is told each step (laying out, drawing,
    rendering): a worker's progress stops a preview no longer wanted there by raising.
    Raises PlanError for bad options."""
    progress.step("importing matplotlib")
    from planner.export.draw import draw_pages
    from planner.export.fonts import TextMeasure

    page = options.page
    dpi = max(8.0, page.dpi * min(1.0, max_width / page.width_px))
    small = page.scaled(dpi)
    progress.step("laying out the roadmap")
    scene = build_scene(
        plan, sched, dataclasses.replace(options, page=small), TextMeasure(dpi), fmt == "pdf"
    )
    progress.step("drawing the first page")
    [figure] = draw_pages(scene, small, first_only=True)
    progress.step("rendering the preview")
    buf = io.BytesIO()
    figure.savefig(buf, format="png", dpi=dpi)
    return PreviewImage(buf.getvalue(), len(scene.layout.pages), scene.layout.hidden)
