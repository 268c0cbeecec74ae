"""The roadmap as a PowerPoint deck (.pptx) of native, editable shapes.

``roadmap_pptx(plan, schedule, options)`` lays the roadmap out with the PNG's layout
engine (``build_scene``: the same lanes, rows, labels, fonts and "+K more"), then
draws each page of it as one slide with the PNG painters' sizes, colours and stacking
(``pptx_frame``, ``pptx_items``), mapping the layout's pixels onto the slide by one
scale: a 16:9 page (1920x1080) becomes a 13.333 x 7.5 in slide, a 4:3 page a 10 x 7.5
in slide; any page keeps its proportions at 7.5 in high. With a baseline, "What moved
since <baseline>" slides follow (``pptx_moved``).

Labels are fitted with the DejaVu Sans metrics the PNG uses and the slides name that
font; where it is missing, the usual substitutes are narrower, so labels still fit.
Every text comes from the scene, which has made it safe (``shown``). Imported only when
exporting.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import TYPE_CHECKING

from planner.domain.model import Plan
from planner.domain.progress import NO_PROGRESS, Progress
from planner.domain.text import shorten
from planner.export.pptx_canvas import SlideCanvas, rgb
from planner.export.pptx_frame import draw_axis, draw_header, draw_legend, draw_sprints, draw_today
from planner.export.pptx_items import draw_arrows, draw_items, draw_lanes
from planner.export.pptx_moved import add_moved_slides
from planner.export.presets import PageSpec
from planner.export.roadmap import RoadmapOptions, Scene, build_scene
from planner.scheduling.schedule import Schedule

if TYPE_CHECKING:
    from pptx.presentation import Presentation as Deck
    from pptx.slide import Slide

__all__ = ["SLIDE_HEIGHT", "roadmap_pptx", "slide_size"]

SLIDE_HEIGHT = 6858000  # 7.5 in, in EMUs: PowerPoint's own slide height
BLANK = 6  # the default template's "Blank" layout


def slide_size(page: PageSpec) -> tuple[int, int]:
    """The slide (width, height) in EMUs for ``page``: 7.5 in high, its proportions kept
    (16:9 -> 13.333 in wide, 4:3 -> 10 in)."""
    return round(SLIDE_HEIGHT * page.width_in / page.height_in), SLIDE_HEIGHT


def roadmap_pptx(
    plan: Plan,
    sched: Schedule,
    options: RoadmapOptions,
    *,
    reasons: Mapping[str, str] | None = None,
    paginate: bool = False,
    progress: Progress = NO_PROGRESS,
) -> bytes:
    """The roadmap as .pptx bytes: one slide, like the PNG (what does not fit is counted
    as "+K more"), or with ``paginate`` one slide per page, like the PDF; then, when
    ``options`` has a baseline, the slides of what moved since it, with the reason of
    each move from ``reasons`` (item id -> reason; None: the reasons are not known).

    Raises PlanError for bad options."""
    from pptx import Presentation
    from pptx.util import Emu

    from planner.export.fonts import TextMeasure

    measure = TextMeasure(options.page.dpi)
    progress.step(f"laying out {len(plan.items):,} items")
    scene = build_scene(plan, sched, options, measure, paginate)
    prs = Presentation()
    width, height = slide_size(options.page)
    prs.slide_width, prs.slide_height = Emu(width), Emu(height)
    pages = scene.layout.pages
    progress.step(f"drawing {len(pages)} slide{'s' * (len(pages) != 1)}", len(pages))
    for number in range(1, len(pages) + 1):
        canvas = SlideCanvas(scene, measure, options.page.dpi, width, number, len(pages))
        _draw_page(canvas, number - 1)
        slide = _blank_slide(prs, scene)
        canvas.flush_to_slide(slide.shapes)
        progress.advance(1)
    if options.baseline is not None:
        progress.step("listing what moved")
        add_moved_slides(prs, plan, sched, options, measure, reasons)
    props = prs.core_properties
    props.title = shorten(scene.title, 200)
    props.author = props.last_modified_by = "Roadmap Planner"
    props.subject, props.keywords, props.comments = "Roadmap", "", ""
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _blank_slide(prs: Deck, scene: Scene) -> Slide:
    """A new slide of the blank layout on the theme's background."""
    slide: Slide = prs.slides.add_slide(prs.slide_layouts[BLANK])
    slide.background.fill.solid()
    slide.background.fill.fore_color.rgb = rgb(scene.theme.background)
    return slide


def _draw_page(c: SlideCanvas, index: int) -> None:
    """Queue everything on page ``index`` of the scene, as ``draw.draw_pages`` draws it."""
    pg = c.layout.pages[index]
    g = c.geometry
    bottom = max((sl.y + sl.height for sl in pg.slices), default=g.body_y0)
    bottom = max(bottom, g.body_y1 if c.pages > 1 else bottom)
    draw_header(c)
    draw_sprints(c, pg, bottom)
    draw_axis(c)
    draw_lanes(c, pg)
    where = draw_items(c, pg)
    if c.scene.dependencies:
        draw_arrows(c, where)
    draw_today(c)
    draw_legend(c)
