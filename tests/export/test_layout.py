"""Lane packing and label fitting: labels never overlap, stay on the page, and a large
roadmap shrinks, shortens, caps or paginates instead of smearing."""

from __future__ import annotations

import dataclasses
import itertools
import random
import string
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.domain.model import Item, Plan, Sprint, Team
from planner.export.fonts import TextMeasure
from planner.export.labels import (
    ELLIPSIS,
    NARROWEST,
    Entry,
    Labeller,
    Placement,
    fit,
    most_chars,
    reach,
)
from planner.export.layout import FULL, TIGHT
from planner.export.packing import least_rows, pack_capped, pack_rows
from planner.export.page_geometry import row_gap
from planner.export.presets import page_spec
from planner.export.roadmap import RoadmapOptions, build_scene, render_roadmap
from planner.scheduling.propagate import schedule_plan

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


# -- bounded work: what is measured depends on the page, never on the plan's size ------


def _recording(measure):
    seen: list[str] = []

    def m(text, size, bold=False):
        seen.append(text)
        return measure(text, size, bold)

    return m, seen


ORDINARY = st.text(
    st.sampled_from(string.ascii_letters + string.digits + string.punctuation + " éüßøçñ–—…“”"),
    min_size=1,
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(ORDINARY, st.floats(5, 40), st.booleans())
def test_no_ordinary_text_is_narrower_than_the_bound_most_chars_relies_on(text, size, bold):
    """n characters are at least (n - 1) * NARROWEST * size wide, so text longer than
    most_chars(width, size) never fits ``width`` and need not be measured."""
    w = TextMeasure(100)(text, size, bold)
    assert w >= (len(text) - 1) * NARROWEST * size
    assert len(text) <= most_chars(w, size)


@settings(max_examples=60, deadline=None)
@given(ORDINARY, st.floats(0, 400), st.floats(5, 30))
def test_fit_gives_the_same_label_whatever_follows_what_could_show(text, width, size):
    m = TextMeasure(100)
    short = fit(text, width, size, m)
    assert short == "" or m(short, size) <= width
    long_text = text + "x" * 100_000
    rec, seen = _recording(m)
    assert fit(long_text, width, size, rec) == fit(long_text[: most_chars(width, size)], width,
                                                     size, m)  # fmt: skip
    assert max(len(t) for t in seen) <= most_chars(width, size) + 1


def _with_huge_text(plan, text):
    items = list(plan.items)
    items[0] = dataclasses.replace(items[0], title=text)
    teams = list(plan.teams)
    teams[0] = dataclasses.replace(teams[0], name=text)
    sprints = (*plan.sprints, Sprint(text, date(2026, 12, 14), date(2026, 12, 25)))
    return dataclasses.replace(plan, name=text, items=tuple(items), teams=tuple(teams),
                               sprints=sprints)  # fmt: skip


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_a_megabyte_title_is_cut_before_it_is_measured(sample, monkeypatch, fmt):
    huge = "Payments API " * 80_000  # 1 MB in the title, the plan's, a team's and a sprint's name
    plan = _with_huge_text(sample[0], huge)
    sched = schedule_plan(plan)
    seen: list[int] = []
    original = TextMeasure.__call__

    def recording(self, text, size, bold=False):
        seen.append(len(text))
        return original(self, text, size, bold)

    monkeypatch.setattr(TextMeasure, "__call__", recording)
    data = render_roadmap(plan, sched, RoadmapOptions(today=TODAY), fmt)
    assert seen and max(seen) <= 1_000  # the widest text a 1920 px slide could show
    if fmt == "svg":
        assert len(data) < 200_000  # what is drawn is what fits
    scene = _scene(plan, sched)
    (first,) = (p for lane in scene.layout.lanes for p in lane.placements
                if p.entry.id == plan.items[0].id)  # fmt: skip
    assert first.text.startswith("Payments") and first.text.endswith(ELLIPSIS)
    _check_no_overlap(scene)


def _entry(k, x0, width, milestone=False, late=False, deadline=None):
    return Entry(id=f"e{k}", label=f"Item {k}", status="", team="t", milestone=milestone,
                 first=TODAY, last=TODAY, x0=x0, x1=x0 if milestone else x0 + width,
                 late=late, deadline_x=deadline)  # fmt: skip


ENTRIES = st.lists(
    st.tuples(
        st.floats(200, 1700),
        st.floats(0, 300),
        st.booleans(),
        st.booleans(),
        st.none() | st.floats(200, 1800),
    ),
    max_size=60,
).map(lambda rows: [_entry(k, *row) for k, row in enumerate(rows)])


@settings(max_examples=100, deadline=None)
@given(ENTRIES, st.sampled_from([9.0, 13.4, 16.7]))
def test_least_rows_is_what_the_bars_alone_need_and_never_more_than_the_labels_need(entries, fs):
    bars = [Placement(e, -1, "", e.x0, "inside", *reach(e, fs)) for e in entries]
    assert least_rows(entries, fs) == pack_rows(bars, row_gap(fs))
    f = Labeller(fs, 150.0, 1850.0, FULL, _mono)
    placed = [f.place(e) for e in entries]
    assert all(p.lo <= b.lo and b.hi <= p.hi for p, b in zip(placed, bars, strict=True))
    assert least_rows(entries, fs) <= pack_rows(placed, row_gap(fs))


@settings(max_examples=100, deadline=None)
@given(ENTRIES, st.integers(1, 6), st.sampled_from([FULL, TIGHT]))
def test_capped_packing_lays_out_only_items_that_can_still_show(entries, cap, labels):
    """The same rows as placing every item first and packing afterwards (important items
    first, each into the first row where it has room), without measuring the labels of
    items whose bars have no room left."""
    fs = 13.4
    f = Labeller(fs, 150.0, 1850.0, labels, _mono)
    gap = row_gap(fs)
    placed_all = {e.id: f.place(e) for e in entries}
    order = sorted(entries, key=lambda e: (e.priority, reach(e, fs)[0]))
    rows: list[list[tuple[float, float]]] = [[] for _ in range(cap)]
    expected = {}
    for e in order:
        p = placed_all[e.id]
        for r, spans in enumerate(rows):
            if all(p.hi + gap <= lo or hi + gap <= p.lo for lo, hi in spans):
                spans.append((p.lo, p.hi))
                expected[e.id] = r
                break
    asked: list[str] = []

    def place(e):
        asked.append(e.id)
        return f.place(e)

    kept, hidden = pack_capped(entries, place, fs, cap)
    assert {p.entry.id: p.row for p in kept} == expected
    assert hidden == len(entries) - len(expected)
    assert len(asked) <= len(entries)
    assert set(expected) <= set(asked)


def _crowded_plan(n: int, teams: int) -> Plan:
    """``n`` items in ``teams`` teams, all in the same two months: far more than fits."""
    rnd = random.Random(n)
    ts = tuple(Team(f"t{k}", f"Team {k}") for k in range(teams))
    items = []
    for i in range(n):
        ms = i % 5 == 4
        start = date(2027, 1, 4) + timedelta(days=rnd.randint(0, 60))
        items.append(
            Item(
                f"i{i}",
                f"Item {i}",
                ts[i % teams].id,
                "milestone" if ms else "task",
                start,
                0 if ms else rnd.randint(1, 9),
            )
        )
    return Plan("Crowded", teams=ts, items=tuple(items))  # fmt: skip


@pytest.mark.parametrize("teams", [6, 3_000])
def test_a_huge_plan_measures_only_what_the_slide_can_show(teams):
    """Doubling a plan that is already far too big for a slide does not measure more text:
    a team that can't be shown, or an item whose bar has no room left, is never measured."""
    measured = []
    for n in (6_000, 12_000):
        plan = _crowded_plan(n, teams)
        sched = schedule_plan(plan)
        opts = RoadmapOptions(today=TODAY)
        m, seen = _recording(TextMeasure(opts.page.dpi))
        scene = build_scene(plan, sched, opts, m, False)
        layout = scene.layout
        shown = sum(len(lane.placements) for lane in layout.lanes)
        in_lanes = sum(1 for it in plan.items if it.team in {la.team for la in layout.lanes})
        assert shown + layout.hidden == in_lanes  # the rest is counted: "+K more"
        assert layout.hidden > 0 if teams < 100 else layout.hidden_lanes > 0
        _check_no_overlap(scene)
        labels = {t for t in seen if t.startswith("Item ")}
        measured.append(len(labels))
        assert len(labels) <= 4 * shown + 200
    assert measured[1] <= measured[0] * 1.25 + 50
