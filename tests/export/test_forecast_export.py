"""The forecast on an exported roadmap: a P50-P80 range after each milestone, the on-time
chance in the label beside a deadline, a legend entry; ``planner export --forecast``."""

from __future__ import annotations

import dataclasses
import io
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from PIL import Image

from planner.app.sample import sample_plan
from planner.cli import main
from planner.domain.jsonio import plan_to_json
from planner.domain.model import Plan
from planner.export.fonts import TextMeasure
from planner.export.labels import reach
from planner.export.roadmap import RoadmapOptions, build_scene, render_roadmap
from planner.scheduling.forecast import forecast_plan
from planner.scheduling.propagate import schedule_plan

TODAY = date(2026, 11, 22)
# how much longer than planned each team's finished tasks took, in turn
PACE = {"design": (1.0, 1.2, 1.5), "be": (1.2, 1.6, 2.0, 1.4), "web": (0.8, 1.0), "mobile": (1.0,)}


def history_plan() -> Plan:
    """The sample roadmap on TODAY with every task that should have finished done, on
    actual dates its team's pace gives, and deadlines on two milestones."""
    plan = sample_plan(TODAY)
    sched = schedule_plan(plan)
    cal = sched.calendar
    turn: dict[str, int] = {}
    items = []
    for it in plan.items:
        first, last = sched.dates(it.id)
        if it.kind == "task" and last < TODAY and it.team in PACE:
            pace = PACE[it.team]
            k = turn[it.team] = turn.get(it.team, -1) + 1
            took = max(1, round(it.duration * pace[k % len(pace)]))
            end = cal.date_of(cal.start_index(first) + took - 1)
            it = dataclasses.replace(it, done=True, actual_start=first, actual_finish=end)
        if it.id in ("beta", "freeze"):
            it = dataclasses.replace(it, deadline=it.start + timedelta(days=7))
        items.append(it)
    return plan.with_items(items)


def _marks(plan: Plan) -> dict[str, tuple[date, date, float | None]]:
    return {f.id: (f.p50, f.p80, f.on_time) for f in forecast_plan(plan, TODAY).items}


def _svg_texts(data: bytes) -> list[str]:
    root = ET.fromstring(data)
    return ["".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text")]


def _scene(plan: Plan, **kw):
    opts = RoadmapOptions(today=TODAY, **kw)
    return build_scene(plan, schedule_plan(plan), opts, TextMeasure(opts.page.dpi), False)


def test_milestones_get_a_range_and_deadlines_their_on_time_chance():
    plan = history_plan()
    marks = _marks(plan)
    scene = _scene(plan, forecast=marks)
    entries = {p.entry.id: p.entry for lane in scene.layout.lanes for p in lane.placements}
    sched = schedule_plan(plan)
    ranged = {e.id for e in entries.values() if e.forecast is not None}
    moved = {i for i, (p50, p80, _) in marks.items()
             if plan.item(i).is_milestone and (p50, p80) != sched.dates(i)}  # fmt: skip
    assert ranged == moved and "beta" in ranged
    for i in ranged:
        x0, x1 = entries[i].forecast
        assert x0 <= x1
        lo, hi = reach(entries[i], scene.layout.fs)
        assert lo <= x0 and x1 <= hi  # the layout keeps the row free under the range
    chance = round(marks["beta"][2] * 100)
    assert entries["beta"].status == f"{chance}% on time"
    assert entries["invoices"].status.startswith("⚠ ") and "% on time" in entries["invoices"].status
    assert entries["handoff"].status == ""  # no deadline: no chance to show
    assert scene.forecast


def test_without_a_forecast_nothing_changes():
    plan = history_plan()
    scene = _scene(plan)
    entries = [p.entry for lane in scene.layout.lanes for p in lane.placements]
    assert not scene.forecast
    assert all(e.forecast is None and "on time" not in e.status for e in entries)
    assert "Forecast P50–P80" not in _svg_texts(
        render_roadmap(plan, schedule_plan(plan), RoadmapOptions(today=TODAY), "svg")
    )


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_svg_shows_the_chances_and_the_legend(theme):
    plan = history_plan()
    marks = _marks(plan)
    opts = RoadmapOptions(today=TODAY, forecast=marks, theme=theme)
    data = render_roadmap(plan, schedule_plan(plan), opts, "svg")
    texts = _svg_texts(data)
    assert "Forecast P50–P80" in texts
    chance = f"{round(marks['beta'][2] * 100)}% on time"
    assert any(t.endswith(chance) and t.startswith("Backend beta") for t in texts)


def test_png_and_pdf_render_with_a_forecast():
    plan = history_plan()
    opts = RoadmapOptions(today=TODAY, forecast=_marks(plan))
    png = render_roadmap(plan, schedule_plan(plan), opts, "png")
    assert Image.open(io.BytesIO(png)).size == (1920, 1080)
    assert render_roadmap(plan, schedule_plan(plan), opts, "pdf").startswith(b"%PDF")


def test_a_range_past_the_last_day_shown_is_cut_at_the_plot():
    plan = history_plan()
    marks = _marks(plan)
    p50, _, chance = marks["beta"]
    marks["beta"] = (p50, date(2027, 6, 1), chance)
    scene = _scene(plan, forecast=marks, date_to=date(2027, 1, 15))
    [beta] = [p.entry for lane in scene.layout.lanes for p in lane.placements
              if p.entry.id == "beta"]  # fmt: skip
    assert beta.forecast[1] <= scene.layout.geometry.plot_x1


# -- planner export --forecast ------------------------------------------------------------
@pytest.fixture
def plan_file(tmp_path):
    path = tmp_path / "history.json"
    path.write_text(plan_to_json(history_plan()))
    return path


def _export(capsys, *args):
    code = main(["export", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_forecast_draws_the_cores_forecast(capsys, tmp_path, plan_file):
    out = tmp_path / "out.svg"
    code, stdout, err = _export(capsys, plan_file, out, "--forecast", "--today", TODAY,
                                "--runs", "500", "--seed", "3")  # fmt: skip
    assert (code, err) == (0, "") and stdout.startswith("wrote")
    texts = _svg_texts(out.read_bytes())
    f = forecast_plan(history_plan(), TODAY, 500, 3).get("beta")
    assert f is not None and f.on_time is not None
    assert any(t.endswith(f"{round(f.on_time * 100)}% on time") for t in texts)
    assert "Forecast P50–P80" in texts
    png = tmp_path / "out.png"
    assert _export(capsys, plan_file, png, "--forecast", "--today", TODAY)[0] == 0
    assert Image.open(png).size == (1920, 1080)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["out.csv", "--forecast"], "planner: --forecast: only a .png, .svg or .pdf export"),
        (["out.png", "--runs", "5"], "planner: --runs and --seed go with --forecast"),
        (["out.png", "--forecast", "--runs", "0"], "planner: --runs: must be 1 to 100000"),
        (["out.png", "--forecast", "--seed", "x"], "planner: --seed: 'x' is not a whole number"),
    ],
)
def test_export_forecast_flags_refused_in_one_line(capsys, tmp_path, plan_file, args, message):
    target, *flags = args
    code, out, err = _export(capsys, plan_file, tmp_path / target, *flags, "--today", TODAY)
    assert (code, out) == (1, "")
    assert err.startswith(message) and err.count("\n") == 1
    assert not (tmp_path / target).exists()
