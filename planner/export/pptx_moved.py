"""The "What moved since <baseline>" slides of a PowerPoint roadmap: a native table of
the items whose dates differ from the baseline (title, team, baseline finish, finish,
shift in working days, and the reason when the caller knows it), largest slips first,
over as many slides as it takes (at most ``MAX_SLIDES``).

The reason of a move is not in the plan: it is in the roadmap's notices, which name the
reason of the edit and every item it moved. ``notice_reasons`` reads it from them (the
newest notice that lists an item wins); ``moved_reasons`` does so for the notices made
since a baseline was saved, from the session (or anything with its ``baselines`` and
``notices``). An edit that moved only its own team's items made no notice (DESIGN.md:
notices are for slips, progress, reviews and edits that move other teams), so the
reason of such a move is not known here.
Imported only when exporting.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu

from planner.domain.model import Plan
from planner.domain.notices import NoticeRow
from planner.export.fonts import FAMILY
from planner.export.labels import Measure, fit
from planner.export.page_geometry import Geometry, geometry
from planner.export.pptx_canvas import Shapes, rgb
from planner.export.roadmap import RoadmapOptions, shown
from planner.export.themes import Theme, get_theme
from planner.scheduling.schedule import Schedule

__all__ = [
    "MAX_SLIDES",
    "MovedItem",
    "NoticeSource",
    "add_moved_slides",
    "moved_items",
    "moved_reasons",
    "notice_reasons",
]

MAX_SLIDES = 10
NO_STYLE = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"  # PowerPoint's "No Style, No Grid"
ROW = 1.9  # row height, in units of the font size
PAD = 0.5  # cell padding, ditto


@dataclass(frozen=True)
class MovedItem:
    """An item whose dates differ from the baseline; ``shift`` = how many working days
    its finish moved (the finish is what others wait for)."""

    id: str
    title: str
    team: str
    baseline_finish: date
    finish: date
    shift: int
    reason: str | None  # None: no reason known


def notice_reasons(rows: Iterable[NoticeRow]) -> dict[str, str]:
    """Item id -> the reason of the newest notice (of ``rows``, oldest first, as the
    session gives them) that lists the item with a reason."""
    out: dict[str, str] = {}
    for row in rows:
        if row.withdrawn or not row.reason.strip():
            continue
        for it in row.body.get("items", []):
            if isinstance(it, dict) and isinstance(it.get("id"), str):
                out[it["id"]] = row.reason
    return out


class _Saved(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def created(self) -> str: ...


class NoticeSource(Protocol):
    """What ``moved_reasons`` reads of a roadmap (``PlanSession`` has it)."""

    def baselines(self) -> Sequence[_Saved]: ...

    def notices(
        self,
        team: str | None = None,
        *,
        include_acknowledged: bool = False,
        include_withdrawn: bool = False,
        since: str | None = None,
    ) -> list[NoticeRow]: ...


def moved_reasons(source: NoticeSource, baseline: str) -> dict[str, str]:
    """Item id -> the reason of the newest edit since ``baseline`` was saved that moved
    it, from the notices (read or not; withdrawn ones, of undone edits, left out)."""
    saved = next((b.created for b in source.baselines() if b.name == baseline), None)
    return notice_reasons(source.notices(include_acknowledged=True, since=saved))


def moved_items(
    plan: Plan, sched: Schedule, options: RoadmapOptions, reasons: Mapping[str, str] | None
) -> list[MovedItem]:
    """The items of the teams shown whose dates differ from ``options.baseline``, the
    largest slips first; ``reasons`` (item id -> reason) None when none are known."""
    base = options.baseline or {}
    wanted = set(options.teams) if options.teams is not None else None
    cal = sched.calendar
    out = []
    for it in plan.items:
        was = base.get(it.id)
        if (
            was is None
            or it.id not in sched.index
            or (wanted is not None and it.team not in wanted)
        ):
            continue
        now = sched.dates(it.id)
        if now == was:
            continue
        k = plan.team_index.get(it.team) if it.team is not None else None
        team = shown(plan.teams[k].name or plan.teams[k].id) if k is not None else "—"
        reason = None if reasons is None else shown(reasons.get(it.id, "")).strip() or "—"
        shift = cal.end_point(now[1]) - cal.end_point(was[1])
        out.append(MovedItem(it.id, shown(it.label), team, was[1], now[1], shift, reason))
    out.sort(key=lambda m: (-m.shift, m.finish, m.title))
    return out


def _day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b %Y}"


def _shift(days: int) -> str:
    return f"{days:+d} working day{'s' * (abs(days) != 1)}"


def _columns(with_reason: bool) -> list[tuple[str, float]]:
    """(heading, share of the width) of each column."""
    if with_reason:
        return [("Item", 0.25), ("Team", 0.11), ("Baseline finish", 0.14), ("Finish", 0.14),
                ("Shift", 0.12), ("Reason", 0.24)]  # fmt: skip
    return [("Item", 0.34), ("Team", 0.16), ("Baseline finish", 0.17), ("Finish", 0.17),
            ("Shift", 0.16)]  # fmt: skip


def add_moved_slides(
    prs: Any,
    plan: Plan,
    sched: Schedule,
    options: RoadmapOptions,
    measure: Measure,
    reasons: Mapping[str, str] | None,
) -> int:
    """Add the "What moved since <baseline>" slides to ``prs`` (a python-pptx
    Presentation whose slides are the page's size). Returns how many were added."""
    page, theme = options.page, get_theme(options.theme)
    g = geometry(page.width_px, page.height_px, [], measure)
    moved = moved_items(plan, sched, options, reasons)
    fs = g.fs
    top = g.month_y0
    per_slide = max(1, int((g.footer_y + 0.5 * fs - top) // (ROW * fs)) - 1)
    chunks = [moved[k : k + per_slide] for k in range(0, len(moved), per_slide)][:MAX_SLIDES]
    name = shown(options.baseline_name)
    shown_n = sum(len(ch) for ch in chunks)
    for n, chunk in enumerate(chunks or [[]], start=1):
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        slide.background.fill.solid()
        slide.background.fill.fore_color.rgb = rgb(theme.background)
        texts = Shapes(prs.slide_width / g.width, measure)
        title = fit(f"What moved since “{name}”", g.width - 2 * g.margin_x, 2 * fs, measure, True)
        texts.text(g.margin_x, g.title_y, title, 2 * fs, theme.text, bold=True, name="Title")
        day = options.today
        sub = f"{len(moved)} item{'s' * (len(moved) != 1)} moved"
        sub += f" · as of {day:%A} {day.day} {day:%B %Y}"
        if shown_n < len(moved):
            sub += f" · the {shown_n} largest shifts shown"
        if len(chunks) > 1:
            sub += f"  ·  {n} of {len(chunks)}"
        if reasons is None:
            sub += " · reasons not available here"
        texts.text(g.margin_x, g.subtitle_y, fit(sub, g.width - 2 * g.margin_x, 1.05 * fs, measure),
                   1.05 * fs, theme.muted, name="Subtitle")  # fmt: skip
        if not moved:
            texts.text(g.margin_x, top + fs, f"Nothing moved since “{name}”.", 1.2 * fs,
                       theme.text, name="Nothing moved")  # fmt: skip
        texts.flush(slide.shapes)
        if chunk:
            _table(slide.shapes, texts, g, theme, top, chunk, reasons is not None)
    return len(chunks or [[]])


def _table(
    tree: Any,
    px: Shapes,
    g: Geometry,
    theme: Theme,
    top: float,
    rows: Sequence[MovedItem],
    with_reason: bool,
) -> None:
    """The moved items as a native table at ``top`` (pixels), one line a row: every text
    fitted to its column with an ellipsis, so no row grows."""
    fs = g.fs
    cols = _columns(with_reason)
    width = g.width - 2 * g.margin_x
    frame = tree.add_table(len(rows) + 1, len(cols), px.emu(g.margin_x), px.emu(top),
                           px.emu(width), px.emu(ROW * fs * (len(rows) + 1)))  # fmt: skip
    frame.name = "What moved"
    table = frame.table
    table._tbl.tblPr.find("{*}tableStyleId").text = NO_STYLE
    for k, (_heading, share) in enumerate(cols):
        table.columns[k].width = px.emu(width * share)
    for r in range(len(rows) + 1):
        table.rows[r].height = px.emu(ROW * fs)
    for k, (heading, share) in enumerate(cols):
        _cell(px, table.cell(0, k), heading, width * share, fs, theme.text, theme.band, True,
              align="right" if k == 4 else "left")  # fmt: skip
    for r, m in enumerate(rows, start=1):
        bg = theme.band if r % 2 == 0 else theme.background
        shift_color = theme.critical if m.shift > 0 else theme.muted
        values = [(m.title, theme.text), (m.team, theme.text),
                  (_day(m.baseline_finish), theme.muted), (_day(m.finish), theme.text),
                  (_shift(m.shift), shift_color)]  # fmt: skip
        if with_reason:
            values.append((m.reason or "—", theme.text))
        for k, (text, color) in enumerate(values):
            _cell(px, table.cell(r, k), text, width * cols[k][1], fs, color, bg, False,
                  align="right" if k == 4 else "left")  # fmt: skip


def _cell(
    px: Shapes,
    cell: Any,
    text: str,
    width: float,
    size: float,
    color: str,
    bg: str,
    bold: bool,
    align: str = "left",
) -> None:
    """Fill ``cell`` with one line of ``text`` at ``size`` px, fitted to ``width`` px."""
    cell.fill.solid()
    cell.fill.fore_color.rgb = rgb(bg)
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    pad = PAD * size
    cell.margin_left = cell.margin_right = px.emu(pad)
    cell.margin_top = cell.margin_bottom = Emu(0)
    para = cell.text_frame.paragraphs[0]
    para.alignment = PP_ALIGN.RIGHT if align == "right" else PP_ALIGN.LEFT
    run = para.add_run()
    run.text = fit(text, width - 2 * pad, size, px.measure, bold) or text[:1]
    font = run.font
    font.name = FAMILY
    font.size = px.emu(size)
    font.bold = bold
    font.color.rgb = rgb(color)
