"""A sprint review as one 1920x1080 PNG slide for the retrospective meeting.

The title ("Sprint 14 review"), the sprint's dates and what it was compared with; then
a row per team: its planned / done / late / added counts, say/do as a horizontal bar,
and the titles of its late and added items. Every text is at least 20 px (14 pt at the
slide's 100 dpi), so it reads at meeting distance; what does not fit is cut with "…" or
summed up ("+3 more"), never drawn over something else. With too many teams for the
slide, the last row says how many more there are.

Titles and names enter through ``shown`` (one line, nothing XML forbids), as in the
roadmap picture. matplotlib is imported only when a slide is drawn.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from planner.domain.model import TEAM_COLORS, Plan
from planner.domain.text import ELLIPSIS
from planner.export.review_text import ReviewView, TeamReviewView, baseline_note, percent
from planner.export.roadmap import shown
from planner.export.themes import LIGHT

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["render_review_slide"]

WIDTH, HEIGHT, DPI = 1920, 1080, 100
MARGIN = 72
TOP = 196  # where the first team row starts, below the title and the column captions
BOTTOM = 1048  # where the last row must end
FULL_ROW, COMPACT_ROW = 132.0, 92.0  # the least height a row needs with two / one lines
MAX_ROW = 170.0
NAME_W = 400  # the team name's column
COUNT_X = (600, 730, 860, 990)  # centres of the planned / done / late / added numbers
BAR_X, BAR_W, BAR_H = 1080, 560, 30
PCT_X = BAR_X + BAR_W + 24
TITLE_PX, SUB_PX, NAME_PX, COUNT_PX, DETAIL_PX, CAPTION_PX = 54, 26, 30, 34, 22, 20
TITLE_CUT = 48  # characters of one item title, at most


def _day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b}"


def _team_color(plan: Plan, team: str | None) -> str:
    if team is None or team not in plan.team_index:
        return "#8C8C8C"
    i = plan.team_index[team]
    color = plan.teams[i].color
    ok = color.startswith("#") and len(color) == 7
    return color if ok else TEAM_COLORS[i % len(TEAM_COLORS)]


Measure = Callable[[str, float, bool], float]


def _fit(text: str, width: float, size: float, measure: Measure, bold: bool = False) -> str:
    """``text`` cut (ending in "…") to what ``width`` pixels hold at ``size`` px."""
    if measure(text, size, bold) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if measure(text[:mid].rstrip() + ELLIPSIS, size, bold) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + ELLIPSIS


def _fit_titles(titles: Sequence[str], width: float, size: float, measure: Measure) -> str:
    """As many of ``titles`` (at least one) as fit ``width``, joined by commas, then
    "+N more" for the rest; the first one cut to fit when even it alone does not."""
    shown_titles = [_cut(shown(t)) for t in titles]
    for n in range(len(shown_titles), 0, -1):
        rest = len(shown_titles) - n
        text = ", ".join(shown_titles[:n]) + (f", +{rest} more" if rest else "")
        if measure(text, size, False) <= width:
            return text
    more = f", +{len(shown_titles) - 1} more" if len(shown_titles) > 1 else ""
    room = width - measure(more, size, False)
    return _fit(shown_titles[0], room, size, measure) + more


def _cut(title: str) -> str:
    return title if len(title) <= TITLE_CUT else title[: TITLE_CUT - 1].rstrip() + ELLIPSIS


@dataclass(frozen=True)
class _Rows:
    """How the team rows share the slide: their height, whether each has a line for
    late and one for added items (else one line for both), and how many are shown."""

    height: float
    two_lines: bool
    shown: int


def _rows(count: int) -> _Rows:
    room = BOTTOM - TOP
    if count == 0:
        return _Rows(MAX_ROW, True, 0)
    height = min(MAX_ROW, room / count)
    if height >= FULL_ROW:
        return _Rows(height, True, count)
    if height >= COMPACT_ROW:
        return _Rows(height, False, count)
    fit = int(room // COMPACT_ROW)
    return _Rows(room / fit, False, fit - 1)  # the last row says how many more teams


class _Slide:
    """The figure, its one Axes in pixels (y downwards) and the text painter."""

    def __init__(self) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        from planner.export.fonts import TextMeasure

        self.figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, facecolor="white")
        FigureCanvasAgg(self.figure)
        axes: Axes = self.figure.add_axes((0, 0, 1, 1))
        axes.set_xlim(0, WIDTH)
        axes.set_ylim(HEIGHT, 0)
        axes.set_axis_off()
        self.axes = axes
        self.measure: Measure = TextMeasure(DPI)

    def text(self, x: float, y: float, s: str, size: float, color: str, **kw: Any) -> None:
        from planner.export.fonts import FAMILY

        kw.setdefault("va", "center")
        kw.setdefault("ha", "left")
        self.axes.text(x, y, s, fontsize=size * 72.0 / DPI, color=color, family=FAMILY,
                       parse_math=False, **kw)  # fmt: skip

    def box(self, x: float, y: float, w: float, h: float, color: str) -> None:
        from matplotlib.patches import Rectangle

        self.axes.add_patch(Rectangle((x, y), w, h, facecolor=color, edgecolor="none"))

    def png(self) -> bytes:
        buf = io.BytesIO()
        self.figure.savefig(buf, format="png", dpi=DPI, metadata={"Software": "Roadmap Planner"})
        return buf.getvalue()


def _header(slide: _Slide, review: ReviewView) -> None:
    theme = LIGHT
    width = WIDTH - 2 * MARGIN
    title = _fit(shown(f"{review.sprint} review"), width, TITLE_PX, slide.measure, True)
    slide.text(MARGIN, 70, title, TITLE_PX, theme.text, weight="bold")
    dates = f"{_day(review.start)} – {_day(review.finish)} {review.finish.year}"
    sub = _fit(shown(f"{dates} · {baseline_note(review)}"), width, SUB_PX, slide.measure)
    slide.text(MARGIN, 128, sub, SUB_PX, theme.muted)
    if not review.teams:
        return
    y = TOP - 18
    slide.text(MARGIN + 28, y, "Team", CAPTION_PX, theme.muted)
    for x, caption in zip(COUNT_X, ("Planned", "Done", "Late", "Added"), strict=True):
        slide.text(x, y, caption, CAPTION_PX, theme.muted, ha="center")
    slide.text(BAR_X, y, "Say/do", CAPTION_PX, theme.muted)
    slide.box(MARGIN, TOP - 2, WIDTH - 2 * MARGIN, 2, theme.faint)


def _team_row(
    slide: _Slide, plan: Plan, review: ReviewView, team: TeamReviewView, top: float, rows: _Rows
) -> None:
    theme = LIGHT
    h = rows.height
    color = _team_color(plan, team.team)
    slide.box(MARGIN, top + 10, 10, h - 20, color)
    name_x = MARGIN + 28
    line = top + (0.27 * h if rows.two_lines else 0.33 * h)
    _name(slide, plan, review, team, name_x, line)
    counts = (len(team.planned), len(team.done), len(team.late), len(team.added))
    for x, n, what in zip(COUNT_X, counts, ("planned", "done", "late", "added"), strict=True):
        late = what == "late" and n > 0
        slide.text(x, line, str(n), COUNT_PX, theme.critical if late else theme.text,
                   ha="center", weight="bold")  # fmt: skip
    slide.box(BAR_X, line - BAR_H / 2, BAR_W, BAR_H, theme.band)
    if team.say_do is None:
        slide.text(BAR_X + 14, line, "nothing planned", DETAIL_PX, theme.muted)
    else:
        slide.box(BAR_X, line - BAR_H / 2, BAR_W * min(1.0, team.say_do), BAR_H, color)
    slide.text(PCT_X, line, percent(team.say_do), NAME_PX, theme.text, weight="bold")
    _details(slide, plan, team, top, rows, name_x)
    slide.box(MARGIN, top + h - 1, WIDTH - 2 * MARGIN, 1, theme.faint)


def _name(
    slide: _Slide, plan: Plan, review: ReviewView, team: TeamReviewView, x: float, y: float
) -> None:
    """The team's name; after it, muted, its own sprint's dates when they are not the
    review's (a team sprint), if there is room for both."""
    m = slide.measure
    name = shown(plan.team_name(team.team))
    dates = ""
    if (team.start, team.finish) != (review.start, review.finish):
        dates = f"{_day(team.start)} – {_day(team.finish)}"
    room = NAME_W - (m(dates, DETAIL_PX, False) + 16 if dates else 0)
    if dates and m(name, NAME_PX, True) > room:
        dates, room = "", NAME_W  # the name first
    name = _fit(name, room, NAME_PX, m, True)
    slide.text(x, y, name, NAME_PX, LIGHT.text, weight="bold")
    if dates:
        slide.text(x + m(name, NAME_PX, True) + 16, y, dates, DETAIL_PX, LIGHT.muted)


def _details(
    slide: _Slide, plan: Plan, team: TeamReviewView, top: float, rows: _Rows, x: float
) -> None:
    """The late and added titles: a line each, or both on one line in a compact row."""
    theme = LIGHT
    h = rows.height
    late = [plan.item(i).label if plan.has_item(i) else i for i in team.late]
    added = [plan.item(i).label if plan.has_item(i) else i for i in team.added]
    right = WIDTH - MARGIN
    m = slide.measure
    if rows.two_lines:
        start = x + m("Added:", DETAIL_PX, True) + 14  # both lists start where "Added:" ends
        lines = [("Late:", late, theme.critical, 0.60), ("Added:", added, theme.muted, 0.84)]
        for label, titles, color, at in lines:
            y = top + at * h
            slide.text(x, y, label, DETAIL_PX, color, weight="bold")
            _titles(slide, start, y, titles, right - start)
        return
    y = top + 0.74 * h
    half = (right - x) / 2
    compact = (("Late:", late, theme.critical), ("Added:", added, theme.muted))
    for k, (label, titles, color) in enumerate(compact):
        left = x + k * half
        slide.text(left, y, label, DETAIL_PX, color, weight="bold")
        start = left + m(label, DETAIL_PX, True) + 12
        _titles(slide, start, y, titles, left + half - 24 - start)


def _titles(slide: _Slide, x: float, y: float, titles: Sequence[str], width: float) -> None:
    """A list of titles from ``x`` in ``width`` pixels, or a muted "none"."""
    if not titles:
        slide.text(x, y, "none", DETAIL_PX, LIGHT.muted)
        return
    slide.text(x, y, _fit_titles(titles, width, DETAIL_PX, slide.measure), DETAIL_PX, LIGHT.text)


def render_review_slide(plan: Plan, review: ReviewView) -> bytes:
    """The review as a 1920x1080 PNG (see the module's docstring)."""
    slide = _Slide()
    _header(slide, review)
    teams = list(review.teams)
    rows = _rows(len(teams))
    if not teams:
        slide.text(WIDTH / 2, (TOP + BOTTOM) / 2,
                   "Nothing was planned for this sprint, and nothing was added.",
                   NAME_PX, LIGHT.muted, ha="center")  # fmt: skip
    for k, team in enumerate(teams[: rows.shown]):
        _team_row(slide, plan, review, team, TOP + k * rows.height, rows)
    hidden = len(teams) - rows.shown
    if hidden > 0:
        y = TOP + rows.shown * rows.height + rows.height / 2
        more = f"+{hidden} more team{'s' if hidden != 1 else ''}: see the Markdown export"
        slide.text(MARGIN + 28, y, more, NAME_PX, LIGHT.muted)
    return slide.png()
