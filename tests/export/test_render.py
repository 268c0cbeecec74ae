"""PNG, SVG and PDF roadmaps open with the expected size and content."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from PIL import Image

from planner.domain.errors import PlanError
from planner.export.presets import page_spec
from planner.export.roadmap import RoadmapOptions, render_roadmap
from planner.export.themes import DARK

TODAY = date(2026, 11, 22)


def _svg_texts(data: bytes) -> list[str]:
    root = ET.fromstring(data)
    return ["".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text")]


def _pdf_pages(data: bytes) -> list[tuple[float, float]]:
    boxes = re.findall(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    return [(float(w), float(h)) for w, h in boxes]


def test_default_png_is_a_1920x1080_slide(sample):
    data = render_roadmap(*sample, RoadmapOptions(today=TODAY), "png")
    img = Image.open(io.BytesIO(data))
    assert img.format == "PNG" and img.size == (1920, 1080)
    assert len(img.convert("RGB").getcolors(1 << 20)) > 50  # not a blank page


def test_svg_holds_every_label_title_and_date_as_text(sample):
    plan, sched = sample
    data = render_roadmap(plan, sched, RoadmapOptions(today=TODAY, title="Q1 for the board"), "svg")
    root = ET.fromstring(data)
    assert (root.get("width"), root.get("height")) == ("1382.4pt", "777.6pt")  # 19.2 x 10.8 in
    texts = _svg_texts(data)
    joined = "\n".join(texts)
    for it in plan.items:
        assert any(it.label in t for t in texts), it.label
    assert "Q1 for the board" in texts
    assert "As of Sunday 22 November 2026" in joined
    assert "Sprint 14" in texts and "Today · 22 Nov" in texts


def test_pdf_a4_page_and_letter_page(sample):
    plan, sched = sample
    a4 = render_roadmap(
        plan, sched, RoadmapOptions(today=TODAY, page=page_spec("a4-landscape")), "pdf"
    )
    assert a4.startswith(b"%PDF")
    [(w, h)] = _pdf_pages(a4)
    assert (round(w), round(h)) == (842, 595)
    letter = render_roadmap(
        plan, sched, RoadmapOptions(today=TODAY, page=page_spec("letter-landscape")), "pdf"
    )
    assert [(round(w), round(h)) for w, h in _pdf_pages(letter)] == [(792, 612)]


def test_large_pdf_runs_over_several_pages(big):
    data = render_roadmap(*big, RoadmapOptions(today=TODAY, page=page_spec("a4-landscape")), "pdf")
    pages = _pdf_pages(data)
    assert len(pages) > 1 and len(set(pages)) == 1


def test_custom_size_and_dpi():
    from planner.app.sample import sample_plan
    from planner.scheduling.propagate import schedule_plan

    plan = sample_plan(TODAY)
    sched = schedule_plan(plan)
    opts = RoadmapOptions(today=TODAY, page=page_spec(width=1280, height=720))
    assert Image.open(io.BytesIO(render_roadmap(plan, sched, opts, "png"))).size == (1280, 720)
    hi = RoadmapOptions(today=TODAY, page=page_spec("slide-4:3", dpi=150))
    assert Image.open(io.BytesIO(render_roadmap(plan, sched, hi, "png"))).size == (2160, 1620)


def test_dark_theme_paints_a_dark_page(sample):
    data = render_roadmap(*sample, RoadmapOptions(today=TODAY, theme="dark"), "png")
    corner = Image.open(io.BytesIO(data)).convert("RGB").getpixel((3, 3))
    assert "#{:02X}{:02X}{:02X}".format(*corner) == DARK.background


def test_baseline_ghosts_and_legend(sample):
    plan, sched = sample
    base = {i: sched.dates(i) for i in sched.ids}
    first, last = base["api"]
    base["api"] = (first - timedelta(days=3), last)  # it moved since
    opts = RoadmapOptions(today=TODAY, baseline=base, baseline_name="Kick-off")
    texts = _svg_texts(render_roadmap(plan, sched, opts, "svg"))
    assert "Baseline “Kick-off”" in texts
    assert any("1 moved" in t for t in texts)


def test_labels_with_dollars_and_ampersands_are_plain_text(sample):
    import dataclasses

    plan, sched = sample
    it = dataclasses.replace(plan.item("api"), title="Pay $5 & <save> $x$")
    plan2 = plan.replace_item(it)
    texts = _svg_texts(render_roadmap(plan2, sched, RoadmapOptions(today=TODAY), "svg"))
    assert "Pay $5 & <save> $x$" in texts


def test_bad_options_are_refused(sample):
    plan, sched = sample
    with pytest.raises(PlanError, match="no team with id 'nope'"):
        render_roadmap(plan, sched, RoadmapOptions(today=TODAY, teams=("nope",)), "png")
    with pytest.raises(PlanError, match="theme"):
        render_roadmap(plan, sched, RoadmapOptions(today=TODAY, theme="neon"), "png")
    with pytest.raises(PlanError, match="dpi"):
        page_spec(dpi=0)
    with pytest.raises(PlanError, match="unknown image format"):
        render_roadmap(plan, sched, RoadmapOptions(today=TODAY), "gif")


def test_export_modules_import_without_matplotlib_and_render_without_pyplot(tmp_path):
    code = (
        "import sys\n"
        "import planner.export.roadmap, planner.export.options, planner.export.files,"
        " planner.export.csvio, planner.export.ics,"
        " planner.export.layout, planner.export.presets, planner.export.themes\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib at import'\n"
        "from datetime import date\n"
        "from planner.app.sample import sample_plan\n"
        "from planner.scheduling.propagate import schedule_plan\n"
        "p = sample_plan(date(2026, 11, 22))\n"
        "planner.export.roadmap.render_roadmap(p, schedule_plan(p),"
        " planner.export.roadmap.RoadmapOptions(today=date(2026, 11, 22)), 'png')\n"
        "assert 'matplotlib' in sys.modules\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot'\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
