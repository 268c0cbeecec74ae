"""Drawing a laid-out roadmap on matplotlib Figures (no pyplot, no global state).

Each page is a ``Canvas`` (``draw_canvas``) that one painter per kind of thing draws
on, in this order (later ones on top where their z-orders tie): the header, the
plan-wide sprint bands, the time axis, the teams' own sprints, the lanes, the items,
the forecast ranges and on-time chances, the dependency arrows, the today line and the
legend. Imported only when exporting.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from planner.export.draw_arrows import draw_arrows
from planner.export.draw_axis import draw_time_axis, draw_today
from planner.export.draw_canvas import Canvas
from planner.export.draw_forecast import draw_forecast
from planner.export.draw_header import draw_header
from planner.export.draw_items import draw_items
from planner.export.draw_lanes import draw_lanes
from planner.export.draw_legend import draw_legend
from planner.export.draw_sprints import draw_sprint_bands, draw_team_sprints
from planner.export.presets import PageSpec
from planner.export.roadmap import Scene

__all__ = ["draw_pages"]


def draw_pages(scene: Scene, page: PageSpec, first_only: bool = False) -> list[Figure]:
    """One Figure per page of ``scene``'s layout, ``page`` sized (only the first page's
    with ``first_only``)."""
    pages = scene.layout.pages
    out = []
    for n, pg in enumerate(pages[:1] if first_only else pages, start=1):
        canvas = Canvas(scene, page, n, len(pages))
        g = canvas.geometry
        bottom = max((sl.y + sl.height for sl in pg.slices), default=g.body_y0)
        bottom = max(bottom, g.body_y1 if len(pages) > 1 else bottom)
        draw_header(canvas)
        draw_sprint_bands(canvas, pg, bottom)
        draw_time_axis(canvas)
        draw_team_sprints(canvas, pg)
        draw_lanes(canvas, pg)
        where = draw_items(canvas, pg)
        if scene.forecast:
            draw_forecast(canvas, where)
        if scene.dependencies:
            draw_arrows(canvas, where)
        draw_today(canvas)
        draw_legend(canvas)
        out.append(canvas.figure)
    return out
