"""The PowerPoint export: slides of native shapes laid out as the PNG is (the same scene),
16:9 or 4:3, untrusted text kept as text, the "What moved" table, large plans within
the PNG's rules, and ``planner export out.pptx`` with the reasons of the moves."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE, MSO_SHAPE_TYPE

from planner.app.sample import sample_plan
from planner.app.session import PlanSession
from planner.cli import main
from planner.domain.edits import MoveItem
from planner.domain.model import Item, Plan, Team
from planner.domain.notices import NoticeRow
from planner.export.files import export_bytes, format_of
from planner.export.fonts import TextMeasure
from planner.export.pptx_export import roadmap_pptx, slide_size
from planner.export.pptx_moved import MAX_SLIDES, moved_items, notice_reasons
from planner.export.presets import page_spec
from planner.export.roadmap import RoadmapOptions, build_scene, shown
from planner.export.themes import DARK, LIGHT
from planner.scheduling.propagate import schedule_plan
from planner.storage.repository import PlanRepository
from tests.export.conftest import big_plan

TODAY = date(2026, 11, 22)
WIDE, TALL = 12192000, 6858000  # 13.333 x 7.5 in


def _deck(plan, sched, options, **kw):
    return Presentation(io.BytesIO(roadmap_pptx(plan, sched, options, **kw)))


def _scene(plan, sched, options, paginate=False):
    return build_scene(plan, sched, options, TextMeasure(options.page.dpi), paginate)


def _groups(slide, prefix):
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.GROUP
            and s.name.startswith(prefix)]  # fmt: skip


def _texts(shapes):
    """Every text on the slide (inside groups too), in order."""
    out = []
    for s in shapes:
        if s.shape_type == MSO_SHAPE_TYPE.GROUP:
            out += _texts(s.shapes)
        elif s.has_text_frame and s.text_frame.text:
            out.append(s.text_frame.text)
    return out


def _named(shapes, name):
    return [s for s in shapes if s.name == name]


def _rows(slide):
    """The texts of the "What moved" table's rows."""
    table = _named(slide.shapes, "What moved")[0].table
    return [[c.text_frame.text for c in row.cells] for row in table.rows]


def _label_of(group):
    """An item's label: in its bar, or the text box beside it."""
    for s in group.shapes:
        if s.name in ("Bar", "Label") and s.has_text_frame and s.text_frame.text:
            return s.text_frame.text
    return ""


def test_default_slide_is_16_9_and_page_4_3_is_10_by_7_5_inches(sample):
    plan, sched = sample
    wide = _deck(plan, sched, RoadmapOptions(today=TODAY))
    assert (wide.slide_width, wide.slide_height) == (WIDE, TALL)
    narrow = _deck(plan, sched, RoadmapOptions(today=TODAY, page=page_spec("slide-4:3")))
    assert (narrow.slide_width, narrow.slide_height) == (9144000, TALL)
    assert slide_size(page_spec("a4-landscape")) == (round(TALL * 297 / 210), TALL)
    assert len(wide.slides) == 1 and len(narrow.slides) == 1


def test_a_group_per_lane_and_per_item_with_its_label_and_mark(sample):
    plan, sched = sample
    options = RoadmapOptions(today=TODAY)
    slide = _deck(plan, sched, options).slides[0]
    scene = _scene(plan, sched, options)
    lanes = _groups(slide, "Lane: ")
    assert [g.name for g in lanes] == [f"Lane: {lane.name}" for lane in scene.layout.lanes]
    for group, lane in zip(lanes, scene.layout.lanes, strict=True):
        assert _named(group.shapes, "Team name")[0].text_frame.text == lane.name
        n = len(lane.placements)
        assert _named(group.shapes, "Team count")[0].text_frame.text == f"{n} items"
    placements = [p for lane in scene.layout.lanes for p in lane.placements]
    tasks, milestones = _groups(slide, "Task: "), _groups(slide, "Milestone: ")
    assert len(tasks) + len(milestones) == len(placements) == len(plan.items)
    by_label = {g.name.split(": ", 1)[1]: g for g in tasks + milestones}
    for p in placements:
        group = by_label[p.entry.label]
        assert _label_of(group) == p.text
        mark = _named(group.shapes, "Diamond" if p.entry.milestone else "Bar")[0]
        kind = MSO_SHAPE.DIAMOND if p.entry.milestone else MSO_SHAPE.ROUNDED_RECTANGLE
        assert mark.auto_shape_type == kind


def test_bars_sit_where_the_png_scene_puts_them(sample):
    plan, sched = sample
    options = RoadmapOptions(today=TODAY)
    slide = _deck(plan, sched, options).slides[0]
    scene = _scene(plan, sched, options)
    scale = WIDE / scene.layout.geometry.width  # EMUs per pixel of the PNG
    by_label = {g.name.split(": ", 1)[1]: g for g in _groups(slide, "Task: ")}
    lefts = []
    for lane in scene.layout.lanes:
        for p in lane.placements:
            if p.entry.milestone:
                continue
            bar = _named(by_label[p.entry.label].shapes, "Bar")[0]
            e = p.entry
            assert abs(bar.left - e.x0 * scale) <= 1
            assert abs(bar.width - max(e.x1 - e.x0, 1.5) * scale) <= 2
            lefts.append((e.x0, bar.left))
    lefts.sort()
    assert [b for _x, b in lefts] == sorted(b for _x, b in lefts)  # same order as the PNG
    (x_a, l_a), (x_b, l_b) = lefts[0], lefts[-1]
    assert (l_b - l_a) == pytest.approx((x_b - x_a) * scale, abs=2)  # same proportion


def test_today_line_badge_and_legend(sample):
    plan, sched = sample
    today = TODAY + timedelta(days=3)
    options = RoadmapOptions(today=today)
    slide = _deck(plan, sched, options).slides[0]
    scene = _scene(plan, sched, options)
    layout = scene.layout
    [line] = _named(slide.shapes, "Today line")
    x = (layout.day_x(today) + layout.day_x(today + timedelta(days=1))) / 2
    assert abs(line.begin_x - x * WIDE / layout.geometry.width) <= 1
    assert line.begin_x == line.end_x and line.begin_y < line.end_y
    [badge] = _named(slide.shapes, "Today")
    assert badge.text_frame.text == "Today · 25 Nov"
    [legend] = _groups(slide, "Legend")
    texts = _texts(legend.shapes)
    assert texts == ["Task", "Milestone", "Critical path", "Deadline", "Late", "Dependency"]
    assert _named(slide.shapes, "Title")[0].text_frame.text == "Checkout revamp — Q1"
    sub = _named(slide.shapes, "Subtitle")[0].text_frame.text
    assert sub.startswith("As of Wednesday 25 November 2026")


def test_today_outside_the_days_shown_draws_no_line(sample):
    plan, sched = sample
    slide = _deck(plan, sched, RoadmapOptions(today=date(2030, 1, 1))).slides[0]
    assert not _named(slide.shapes, "Today line") and not _named(slide.shapes, "Today")


def test_critical_late_and_done_look_as_in_the_png():
    plan = Plan(
        "Marks",
        teams=(Team("t", "Team", "#4C72B0"),),
        items=(
            Item("late", "Late one", "t", "task", date(2026, 11, 2), 10, date(2026, 11, 6)),
            Item(
                "done",
                "Done one",
                "t",
                "task",
                date(2026, 11, 2),
                3,
                done=True,
                actual_start=date(2026, 11, 2),
                actual_finish=date(2026, 11, 4),
            ),
        ),
    )
    sched = schedule_plan(plan)
    slide = _deck(plan, sched, RoadmapOptions(today=TODAY)).slides[0]
    [late] = _groups(slide, "Task: Late one")
    assert _named(late.shapes, "Late part") and _named(late.shapes, "Deadline head")
    edge = _named(late.shapes, "Late edge")[0]
    assert str(edge.line.color.rgb) == LIGHT.critical[1:]
    [done] = _groups(slide, "Task: ✓ Done one")
    fill = _named(done.shapes, "Bar")[0].fill.fore_color.rgb
    assert str(fill) not in ("4C72B0", "4c72b0")  # faded
    assert "1 late" in _texts(slide.shapes)


def test_untrusted_text_stays_text():
    hostile = "<b>Q1</b> & co\x07\x1b[31m \u202eevil\u202c \u200fשלום"
    plan = Plan(
        hostile,
        teams=(Team("t", "Team <i>&amp;</i>\x00"),),
        items=(Item("a", "</a:t><a:t>x & <y>\x0b", "t", "task", date(2026, 11, 2), 5),),
    )
    sched = schedule_plan(plan)
    data = roadmap_pptx(plan, sched, RoadmapOptions(today=TODAY))
    slide = Presentation(io.BytesIO(data)).slides[0]
    title = _named(slide.shapes, "Title")[0].text_frame.text
    assert title == shown(hostile).strip()
    assert "<b>Q1</b> & co" in title and "\u200f" in title and "\x07" not in title
    texts = _texts(slide.shapes)
    assert shown("Team <i>&amp;</i>\x00") in texts
    assert any("</a:t><a:t>x & <y>" in t for t in texts)
    assert b"<b>" not in data  # escaped in the XML


def _baseline_options(plan, sched, **kw):
    """A baseline where 'api' was a week (5 working days) earlier."""
    base = {i: sched.dates(i) for i in sched.ids}
    a0, a1 = base["api"]
    base["api"] = (a0 - timedelta(days=7), a1 - timedelta(days=7))
    return RoadmapOptions(today=TODAY, baseline=base, baseline_name="Kick-off <1>", **kw)


def test_what_moved_slide_lists_the_moved_items_with_shift_and_reason(sample):
    plan, sched = sample
    options = _baseline_options(plan, sched)
    moved = moved_items(plan, sched, options, {})
    assert [m.id for m in moved] == ["api"]
    deck = _deck(plan, sched, options, reasons={"api": "Vendor sandbox down\x07"})
    assert len(deck.slides) == 2
    slide = deck.slides[1]
    assert _named(slide.shapes, "Title")[0].text_frame.text == "What moved since “Kick-off <1>”"
    [frame] = _named(slide.shapes, "What moved")
    table = frame.table
    rows = [[c.text_frame.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Item", "Team", "Baseline finish", "Finish", "Shift", "Reason"]
    api = plan.item("api")
    (_s, last) = sched.dates("api")
    b_last = options.baseline["api"][1]
    assert len(rows) == 2
    assert rows[1][0] == api.label and rows[1][1] == "Backend"
    assert rows[1][2] == f"{b_last:%a} {b_last.day} {b_last:%b %Y}"
    assert rows[1][3] == f"{last:%a} {last.day} {last:%b %Y}"
    assert rows[1][4] == "+5 working days" and rows[1][5] == "Vendor sandbox down"
    assert "Baseline “Kick-off <1>”" in _texts(deck.slides[0].shapes)


def test_what_moved_without_reasons_and_with_nothing_moved(sample):
    plan, sched = sample
    deck = _deck(plan, sched, _baseline_options(plan, sched))
    rows = _rows(deck.slides[1])
    assert rows[0][-1] == "Shift" and len(rows[0]) == 5
    assert "reasons not available" in _named(deck.slides[1].shapes, "Subtitle")[0].text_frame.text
    same = {i: sched.dates(i) for i in sched.ids}
    options = RoadmapOptions(today=TODAY, baseline=same, baseline_name="Now")
    slide = _deck(plan, sched, options, reasons={}).slides[1]
    assert _named(slide.shapes, "Nothing moved")[0].text_frame.text == "Nothing moved since “Now”."
    assert not _named(slide.shapes, "What moved")


def test_what_moved_runs_over_slides_largest_slips_first():
    plan = big_plan(300)
    sched = schedule_plan(plan)
    week = timedelta(days=7)  # 5 working days
    base = {i: (a - (k % 5 + 1) * week, b - (k % 5 + 1) * week)
            for k, i in enumerate(sched.ids) for a, b in [sched.dates(i)]}  # fmt: skip
    options = RoadmapOptions(today=TODAY, baseline=base, baseline_name="B")
    deck = _deck(plan, sched, options, reasons={})
    tables = [_named(s.shapes, "What moved")[0].table for s in list(deck.slides)[1:]]
    assert len(tables) == MAX_SLIDES  # 296 moved: the largest shifts, on 10 slides
    shifts = [int(r.cells[4].text_frame.text.split()[0]) for t in tables for r in list(t.rows)[1:]]
    assert shifts == sorted(shifts, reverse=True) and shifts[0] == 25
    sub = _named(deck.slides[1].shapes, "Subtitle")[0].text_frame.text
    assert sub.startswith(f"{len(plan.items)} items moved")
    assert f"the {len(shifts)} largest shifts shown" in sub and "1 of 10" in sub


def test_notice_reasons_newest_first_withdrawn_and_blank_skipped():
    def row(n, reason, ids, withdrawn=False):
        body = {"items": [{"id": i} for i in ids]}
        return NoticeRow(n, n, "t", f"2027-01-0{n}T10:00:00", reason, ids[0], body, False,
                         withdrawn)  # fmt: skip

    rows = [row(1, "old", ["a", "b"]), row(2, "", ["a"]), row(3, "new", ["b"]),
            row(4, "undone", ["a"], withdrawn=True)]  # fmt: skip
    assert notice_reasons(rows) == {"a": "old", "b": "new"}


def test_dark_theme_background_and_forecast_marks(sample):
    plan, sched = sample
    ms = next(it for it in plan.items if it.is_milestone)
    day = sched.dates(ms.id)[0]
    forecast = {ms.id: (day + timedelta(days=2), day + timedelta(days=6), 0.5)}
    options = RoadmapOptions(today=TODAY, theme="dark", forecast=forecast)
    slide = _deck(plan, sched, options).slides[0]
    assert str(slide.background.fill.fore_color.rgb) == DARK.background[1:]
    [group] = _groups(slide, f"Milestone: {ms.label}")
    assert _named(group.shapes, "Forecast P50–P80")
    assert "Forecast P50–P80" in _texts(slide.shapes)


def test_a_2000_item_plan_keeps_to_one_slide_as_the_png_does():
    plan = big_plan(2000, teams=8)
    sched = schedule_plan(plan)
    options = RoadmapOptions(today=TODAY)
    scene = _scene(plan, sched, options)
    assert scene.layout.hidden > 0
    slide = _deck(plan, sched, options).slides[0]
    note = _named(slide.shapes, "Not shown")[0].text_frame.text
    assert note.startswith(f"{scene.layout.hidden} more items not shown")
    counts = [_named(g.shapes, "Team count")[0].text_frame.text for g in _groups(slide, "Lane: ")]
    assert counts == [f"+{lane.hidden} more" for lane in scene.layout.lanes]
    shown_items = len(_groups(slide, "Task: ")) + len(_groups(slide, "Milestone: "))
    assert shown_items == sum(len(lane.placements) for lane in scene.layout.lanes)


def test_paginated_a_slide_per_page_as_the_pdf():
    plan = big_plan(600)
    sched = schedule_plan(plan)
    options = RoadmapOptions(today=TODAY, page=page_spec("a4-landscape"))
    pages = len(_scene(plan, sched, options, paginate=True).layout.pages)
    deck = _deck(plan, sched, options, paginate=True)
    assert pages > 1 and len(deck.slides) == pages
    sub = _named(deck.slides[1].shapes, "Subtitle")[0].text_frame.text
    assert sub.endswith(f"page 2 of {pages}")


class _Steps:
    def __init__(self):
        self.labels, self.units = [], 0

    def step(self, label, total=0):
        self.labels.append(label)

    def advance(self, units=1):
        self.units += units

    def done(self):
        pass


def test_progress_is_told_and_files_dispatch(sample):
    plan, sched = sample
    steps = _Steps()
    roadmap_pptx(plan, sched, RoadmapOptions(today=TODAY), progress=steps)
    assert steps.labels[0].startswith("laying out") and steps.units == 1
    assert format_of("deck.PPTX") == "pptx"
    stamp = datetime(2026, 11, 22, tzinfo=UTC)
    data = export_bytes("pptx", plan, sched, RoadmapOptions(today=TODAY), "id", stamp)
    assert data.startswith(b"PK")


@pytest.fixture
def roadmap(tmp_path):
    path = tmp_path / "r.roadmap"
    repo = PlanRepository.open(path, create=True)
    repo.write_plan(sample_plan(TODAY))
    repo.close()
    return path


def test_cli_export_pptx_4_3_with_the_reason_of_each_move(roadmap, tmp_path, capsys):
    s = PlanSession.open(roadmap)
    s.save_baseline("Kick-off")
    api = s.plan.item("api")
    s.apply(MoveItem("api", api.start + timedelta(days=7), reason="Vendor <sandbox> down"))
    s.close()
    out = tmp_path / "deck.pptx"
    code = main(["export", str(roadmap), str(out), "--page", "4:3", "--baseline", "Kick-off",
                 "--today", "2026-11-22"])  # fmt: skip
    _out, err = capsys.readouterr()
    assert code == 0, err
    deck = Presentation(str(out))
    assert (deck.slide_width, deck.slide_height) == (9144000, TALL)
    rows = _rows(deck.slides[1])
    reasons = {r[0]: r[5] for r in rows[1:]}
    assert reasons[api.label] == "Vendor <sandbox> down"
    assert set(reasons.values()) <= {"Vendor <sandbox> down", "—"}


def test_cli_forecast_with_a_pptx_and_a_bad_page(roadmap, tmp_path, capsys):
    out = tmp_path / "f.pptx"
    code = main(["export", str(roadmap), str(out), "--forecast", "--runs", "50",
                 "--today", "2026-11-22"])  # fmt: skip
    capsys.readouterr()
    assert code == 0 and "Forecast P50–P80" in _texts(Presentation(str(out)).slides[0].shapes)
    code = main(["export", str(roadmap), str(tmp_path / "x.pptx"), "--page", "2:1"])
    _out, err = capsys.readouterr()
    assert code == 1 and err.count("\n") == 1 and "unknown preset '2:1'" in err
    assert not (tmp_path / "x.pptx").exists()


def test_the_pptx_scene_is_the_png_scene(sample):
    """The slide is drawn from build_scene with the PNG's measure: the same labels."""
    plan, sched = sample
    options = RoadmapOptions(today=TODAY, page=dataclasses.replace(page_spec(), dpi=100))
    scene = _scene(plan, sched, options)
    slide = _deck(plan, sched, options).slides[0]
    texts = set(_texts(slide.shapes))
    for lane in scene.layout.lanes:
        for p in lane.placements:
            assert p.text in texts
