"""A team's own sprints: drawn in a strip at the top of that team's lane (plan-wide
sprints stay in the header), with room reserved so that nothing overlaps."""

from __future__ import annotations

import dataclasses
import io
import itertools
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from PIL import Image

from planner.export.fonts import TextMeasure
from planner.export.layout import lane_header, sprint_cells
from planner.export.presets import page_spec
from planner.export.roadmap import RoadmapOptions, build_scene, render_roadmap
from planner.scheduling.propagate import schedule_plan
from planner.scheduling.sprints import generate_sprints

TODAY = date(2026, 11, 22)
WEB = generate_sprints(date(2026, 11, 9), 1, 8, pattern="Web {n}", first_number=40, team="web")
MOBILE = generate_sprints(date(2026, 10, 28), 3, 4, pattern="Mobile it. {n}", team="mobile")


def _svg_texts(data: bytes) -> list[str]:
    root = ET.fromstring(data)
    return ["".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text")]


def _with(plan, sprints):
    plan = dataclasses.replace(plan, sprints=sprints)
    return plan, schedule_plan(plan)


def _scene(plan, sched, paginate=False, **kw):
    opts = RoadmapOptions(today=TODAY, **kw)
    return build_scene(plan, sched, opts, TextMeasure(opts.page.dpi), paginate)


def _check_no_overlap(scene):
    """Labels stay on the plot and items in one row never share room."""
    layout = scene.layout
    g, m = layout.geometry, TextMeasure(100)
    for lane in layout.lanes:
        rows: dict[int, list] = {}
        for p in lane.placements:
            rows.setdefault(p.row, []).append(p)
            if p.text:
                w = m(p.text, layout.fs, p.where == "inside")
                x0 = p.text_x - w if p.where == "left" else p.text_x
                assert g.plot_x0 - 0.5 <= x0 and x0 + w <= g.plot_x1 + 0.5, p.text
        for row in rows.values():
            row.sort(key=lambda p: p.lo)
            for a, b in itertools.pairwise(row):
                assert a.hi <= b.lo, (a.entry.id, b.entry.id)


def _check_strips(scene):
    """Every slice of a lane with sprints reserves its strip above the rows, and the
    lanes stack without overlapping inside the body."""
    layout = scene.layout
    for page in layout.pages:
        bottom = layout.geometry.body_y0
        for sl in page.slices:
            assert sl.y >= bottom - 0.5
            assert sl.header == lane_header(sl.lane, layout.fs)
            assert (sl.header > 0) == bool(sl.lane.sprints)
            rows = sl.row1 - sl.row0
            assert sl.height >= sl.header + rows * layout.row_h - 1e-6
            bottom = sl.y + sl.height
        assert bottom <= layout.geometry.body_y1 + 0.5


def test_svg_shows_team_sprints_and_plan_wide_sprints(sample):
    plan, _ = sample
    plan, sched = _with(plan, plan.sprints + WEB + MOBILE)
    texts = _svg_texts(render_roadmap(plan, sched, RoadmapOptions(today=TODAY), "svg"))
    assert "Sprint 14" in texts and "Sprint 15" in texts  # header, as before
    for name in ("Web 40", "Web 41", "Web 47", "Mobile it. 2", "Mobile it. 3"):
        assert name in texts, name
    for it in plan.items:  # every item label still drawn
        assert any(it.label in t for t in texts), it.label


def test_a_plan_with_only_team_sprints_renders(sample):
    plan, _ = sample
    plan, sched = _with(plan, WEB)
    png = render_roadmap(plan, sched, RoadmapOptions(today=TODAY, theme="dark"), "png")
    assert Image.open(io.BytesIO(png)).size == (1920, 1080)
    texts = _svg_texts(render_roadmap(plan, sched, RoadmapOptions(today=TODAY), "svg"))
    assert "Web 41" in texts and not any(t.startswith("Sprint ") for t in texts)


def test_only_the_team_lane_gets_a_strip_and_labels_still_fit(sample):
    plan, _ = sample
    plan, sched = _with(plan, plan.sprints + WEB)
    scene = _scene(plan, sched)
    lanes = {lane.team: lane for lane in scene.layout.lanes}
    assert [s[0] for s in lanes["web"].sprints] == [f"Web {n}" for n in range(40, 48)]
    assert all(not lanes[t].sprints for t in ("design", "be", "mobile"))
    assert [s[0] for s in scene.sprints][:2] == ["Sprint 13", "Sprint 14"]  # header only
    _check_strips(scene)
    _check_no_overlap(scene)
    placed = [p for lane in scene.layout.lanes for p in lane.placements]
    assert len(placed) == len(plan.items) and scene.layout.hidden == 0


def test_sprints_outside_the_period_or_of_hidden_teams_take_no_room(sample):
    plan, _ = sample
    plan, sched = _with(plan, WEB + MOBILE)
    scene = _scene(plan, sched, teams=("web",), date_from=date(2027, 1, 11),
                   date_to=date(2027, 1, 22))  # fmt: skip
    [web] = scene.layout.lanes
    assert web.sprints == [] and scene.layout.pages[0].slices[0].header == 0
    scene = _scene(plan, sched, teams=("web", "be"))
    assert [lane.team for lane in scene.layout.lanes if lane.sprints] == ["web"]


def test_one_team_export_names_its_current_sprint(sample):
    plan, _ = sample
    plan, sched = _with(plan, WEB)
    assert "Web 41 (16 Nov – 22 Nov)" in _scene(plan, sched, teams=("web",)).subtitle
    assert "Web 41" not in _scene(plan, sched).subtitle  # several teams: no single sprint


@pytest.mark.parametrize("paginate", [False, True])
def test_large_roadmap_with_team_sprints_still_fits(big, paginate):
    plan, _ = big
    own: tuple = ()
    for k, t in enumerate(plan.teams):  # two-week sprints, staggered by a week
        first = date(2026, 10, 26) + timedelta(weeks=k % 2)
        own += generate_sprints(first, 2, 12, pattern=f"{t.name} {{n}}", team=t.id)
    plan, sched = _with(plan, plan.sprints + own)
    scene = _scene(plan, sched, paginate=paginate, page=page_spec("a4-landscape"))
    assert all(lane.sprints for lane in scene.layout.lanes)
    _check_strips(scene)
    _check_no_overlap(scene)
    shown = sum(len(lane.placements) for lane in scene.layout.lanes)
    assert shown + scene.layout.hidden == len(plan.items)
    if paginate:
        assert scene.layout.hidden == 0 and len(scene.layout.pages) > 1


def test_sprint_cells_join_weekends_and_clip_to_the_period():
    spans = [(s.name, s.start, s.finish) for s in WEB[:3]]  # Mon–Sun weeks from 9 Nov
    cells, bounds = sprint_cells(spans, date(2026, 11, 12), date(2026, 11, 30))
    assert [(c[1], c[4], c[5]) for c in cells] == [
        ("Web 40", date(2026, 11, 12), date(2026, 11, 16)),
        ("Web 41", date(2026, 11, 16), date(2026, 11, 23)),
        ("Web 42", date(2026, 11, 23), date(2026, 11, 30)),
    ]
    assert bounds == [date(2026, 11, 16), date(2026, 11, 23)]
    workweeks = [("A", date(2026, 11, 2), date(2026, 11, 13)),
                 ("B", date(2026, 11, 16), date(2026, 11, 20))]  # fmt: skip
    cells, bounds = sprint_cells(workweeks, date(2026, 11, 2), date(2026, 12, 7))
    assert cells[0][5] == date(2026, 11, 16)  # the weekend before B belongs to A
    assert bounds == [date(2026, 11, 16), date(2026, 11, 21)]  # B ends on its Friday
