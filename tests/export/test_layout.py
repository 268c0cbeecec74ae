"""Lane packing and label fitting: labels never overlap, stay on the page, and a large
roadmap shrinks, shortens, caps or paginates instead of smearing."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from planner.export.fonts import TextMeasure
from planner.export.layout import ELLIPSIS, fit
from planner.export.presets import page_spec
from planner.export.roadmap import RoadmapOptions, build_scene

TODAY = date(2026, 11, 22)


def _mono(text: str, size: float, bold: bool = False) -> float:
    return len(text) * size * 0.6


def test_fit_keeps_short_text_and_shortens_long_text_with_an_ellipsis():
    assert fit("Payments API", 200, 10, _mono) == "Payments API"
    short = fit("Payments API integration", 60, 10, _mono)
    assert short.endswith(ELLIPSIS) and _mono(short, 10) <= 60
    assert fit("Payments", 5, 10, _mono) == ""


def _scene(plan, sched, paginate=False, **kw):
    opts = RoadmapOptions(today=TODAY, **kw)
    return build_scene(plan, sched, opts, TextMeasure(opts.page.dpi), paginate)


def _check_no_overlap(scene):
    layout = scene.layout
    g = layout.geometry
    m = TextMeasure(100)
    for lane in layout.lanes:
        rows: dict[int, list] = {}
        for p in lane.placements:
            rows.setdefault(p.row, []).append(p)
            if p.text:
                bold = p.where == "inside"
                w = m(p.text, layout.fs, bold)
                x0 = p.text_x - w if p.where == "left" else p.text_x
                assert g.plot_x0 - 0.5 <= x0 and x0 + w <= g.plot_x1 + 0.5, p.text
                if p.where == "inside":
                    assert x0 + w <= p.entry.x1 + 0.5, p.text
                else:
                    assert p.lo - 0.5 <= x0 and x0 + w <= p.hi + 0.5, p.text
        for row in rows.values():
            row.sort(key=lambda p: p.lo)
            for a, b in itertools.pairwise(row):
                assert a.hi <= b.lo, (a.entry.id, b.entry.id)


def test_sample_labels_fit_in_full_without_overlap(sample):
    scene = _scene(*sample)
    _check_no_overlap(scene)
    placed = [p for lane in scene.layout.lanes for p in lane.placements]
    assert len(placed) == len(sample[0].items)
    assert all(ELLIPSIS not in p.text for p in placed)
    assert scene.layout.fs == scene.layout.geometry.fs  # no shrinking needed


@pytest.mark.parametrize("preset", ["slide-16:9", "slide-4:3", "a4-landscape"])
def test_large_roadmap_on_one_page_stays_legible(big, preset):
    plan, sched = big
    scene = _scene(plan, sched, page=page_spec(preset))
    layout = scene.layout
    _check_no_overlap(scene)
    assert len(layout.pages) == 1
    assert layout.fs >= 0.8 * layout.geometry.fs - 1e-9  # fonts shrink only so far
    assert layout.row_h >= 1.8 * layout.fs - 1e-9
    bottom = max(s.y + s.height for s in layout.pages[0].slices)
    assert bottom <= layout.geometry.body_y1 + 0.5
    shown = sum(len(lane.placements) for lane in layout.lanes)
    assert shown + layout.hidden == len(plan.items)
    assert shown >= len(plan.items) // 2


def test_large_roadmap_paginates_every_item_in_a_pdf(big):
    plan, sched = big
    scene = _scene(plan, sched, paginate=True, page=page_spec("a4-landscape"))
    layout = scene.layout
    _check_no_overlap(scene)
    assert len(layout.pages) > 1 and layout.hidden == 0
    seen = []
    for page in layout.pages:
        for sl in page.slices:
            seen += [p.entry.id for p in sl.lane.placements if sl.row0 <= p.row < sl.row1]
            assert sl.y + sl.height <= layout.geometry.body_y1 + 0.5
    assert sorted(seen) == sorted(it.id for it in plan.items)


def test_important_items_are_kept_when_rows_run_out(big):
    plan, sched = big
    scene = _scene(plan, sched, page=page_spec(width=900, height=500, preset="custom"))
    assert scene.layout.hidden > 0
    shown = {p.entry.id for lane in scene.layout.lanes for p in lane.placements}
    milestones = {it.id for it in plan.items if it.is_milestone}
    hidden_tasks = {it.id for it in plan.items if not it.is_milestone} - shown
    assert hidden_tasks, "tasks give way first"
    assert milestones <= shown


def test_date_range_and_teams_filter(sample):
    plan, sched = sample

    scene = _scene(plan, sched, teams=("web",), date_from=date(2026, 11, 30),
                   date_to=date(2026, 12, 13))  # fmt: skip
    lanes = scene.layout.lanes
    assert [lane.team for lane in lanes] == ["web"]
    ids = {p.entry.id for p in lanes[0].placements}
    assert "cart" in ids and "shell" not in ids and "webqa" not in ids
    _check_no_overlap(scene)
