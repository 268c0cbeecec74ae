"""planner review (DESIGN.md, "The iteration loop"): the review as text and JSON, its
decisions applied as one edit, its Markdown and PNG exports, and what it refuses."""

import io
import json
from datetime import date

import pytest
from clitools import run
from PIL import Image

from planner.domain.jsonio import plan_to_json
from planner.domain.model import CalendarSpec, Dependency, Item, Plan, Sprint, Team

# Mon-Fri calendar; Sprint 1 is Mon 4 - Fri 15 Jan 2027, Sprint 2 Mon 18 - Fri 29 Jan
PLAN = Plan(
    "Review",
    CalendarSpec(),
    (Team("be", "Backend"), Team("fe", "Frontend")),
    (Sprint("Sprint 1", date(2027, 1, 4), date(2027, 1, 15)),
     Sprint("Sprint 2", date(2027, 1, 18), date(2027, 1, 29))),
    (
        Item("api", "API", "be", start=date(2027, 1, 4), duration=5),
        Item("bill", "Billing", "be", start=date(2027, 1, 11), duration=5),
        Item("pay", "Payments", "be", start=date(2027, 1, 11), duration=3),
        Item("ui", "UI", "fe", start=date(2027, 1, 11), duration=2),
        Item("beta", "Beta", "fe", "milestone", start=date(2027, 1, 15), duration=0),
    ),
    (Dependency("pay", "beta"),),
)  # fmt: skip


@pytest.fixture
def roadmap(tmp_path, capsys):
    """Sprint 1 as it went: its baseline kept by the first edit in it (Mon 4 Jan), API
    done on time, Billing done after the sprint; Payments, UI and Beta not done."""
    src = tmp_path / "p.json"
    src.write_text(plan_to_json(PLAN))
    path = tmp_path / "p.roadmap"
    assert run(capsys, "import", src, path)[0] == 0
    for item, done, day in (("api", "2027-01-08", "2027-01-04"),
                            ("bill", "2027-01-19", "2027-01-19")):  # fmt: skip
        code, _, err = run(capsys, "update", path, item, "--done", done, "--today", day)
        assert code == 0, err
    return path


def _json(capsys, *args):
    code, out, err = run(capsys, "review", *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_json_is_the_design_shape_field_for_field(capsys, roadmap):
    got = _json(capsys, roadmap, "Sprint 1")
    assert list(got) == ["sprint", "start", "finish", "baseline", "teams"]
    assert got == {
        "sprint": "Sprint 1",
        "start": "2027-01-04",
        "finish": "2027-01-15",
        "baseline": "Sprint 1 start",
        "teams": [
            {"team": "be", "planned": ["api", "bill", "pay"], "done": ["api"],
             "late": ["bill", "pay"], "added": [], "say_do": 0.33},
            {"team": "fe", "planned": ["ui", "beta"], "done": [], "late": ["ui", "beta"],
             "added": [], "say_do": 0.0},
        ],
    }  # fmt: skip
    assert [list(t) for t in got["teams"]] == [
        ["team", "planned", "done", "late", "added", "say_do"]
    ] * 2


def test_text_lists_counts_titles_and_say_do(capsys, roadmap):
    code, out, err = run(capsys, "review", roadmap, "Sprint 1")
    assert (code, err) == (0, "")
    assert out.startswith("Sprint 1 review: Mon 4 Jan – Fri 15 Jan 2027\n")
    assert 'compared with the baseline "Sprint 1 start"' in out
    assert "Backend: 3 planned, 1 done, 2 late, 0 added — say/do 33 %" in out
    assert "  late   Billing — done Tue 19 Jan, after the sprint" in out
    assert "Frontend: 2 planned, 0 done, 2 late, 0 added — say/do 0 %" in out


def test_without_the_baseline_the_current_schedule_stands_in(capsys, tmp_path):
    src = tmp_path / "p.json"
    src.write_text(plan_to_json(PLAN))
    path = tmp_path / "fresh.roadmap"
    run(capsys, "import", src, path)
    before = path.read_bytes()
    # inside Sprint 1: a command that edits would keep "Sprint 1 start"; a review reads
    got = _json(capsys, path, "Sprint 1", "--today", "2027-01-05")
    assert got["baseline"] is None
    assert got["teams"][0]["planned"] == ["api", "bill", "pay"]
    code, out, _ = run(capsys, "review", path, "Sprint 1", "--today", "2027-01-05")
    assert code == 0
    assert 'no baseline "Sprint 1 start": the current schedule stands in' in out
    assert path.read_bytes() == before
    _, out, _ = run(capsys, "baselines", path, "--json")
    assert json.loads(out)["baselines"] == []


def test_decisions_apply_as_one_edit_and_print_the_impact(capsys, roadmap):
    _, out, _ = run(capsys, "history", roadmap, "--json")
    edits = len(json.loads(out)["edits"])
    code, out, err = run(capsys, "review", roadmap, "Sprint 1", "--carry", "pay",
                         "--done", "ui=2027-01-15", "--reason", "vendor late",
                         "--today", "2027-01-18")  # fmt: skip
    assert code == 0, err
    assert out.startswith("Sprint review: Sprint 1 — Sprint review of Sprint 1: vendor late\n")
    assert "Payments (the review): 5 working days later" in out
    assert "lands in Sprint 2 instead of Sprint 1" in out
    assert "Baseline 'Sprint 1 review' saved." in out
    assert "Backend: 3 planned, 1 done, 2 late, 0 added" in out  # the review after
    _, out, _ = run(capsys, "history", roadmap, "--json")
    history = json.loads(out)["edits"]
    assert len(history) == edits + 1
    assert (history[0]["label"], history[0]["reason"]) == (
        "Sprint review: Sprint 1",
        "Sprint review of Sprint 1: vendor late",
    )
    _, out, _ = run(capsys, "notices", roadmap, "--format", "json")
    review_notices = [n for n in json.loads(out) if n["reason"].startswith("Sprint review")]
    assert sorted(n["team"] for n in review_notices) == ["be", "fe"]
    _, out, _ = run(capsys, "baselines", roadmap, "--json")
    assert "Sprint 1 review" in {b["name"] for b in json.loads(out)["baselines"]}
    # one undo takes the whole review back
    assert run(capsys, "undo", roadmap)[0] == 0
    again = _json(capsys, roadmap, "Sprint 1")
    assert again["teams"][1]["done"] == []


def test_json_with_decisions_is_the_review_after_them_and_what_was_applied(capsys, roadmap):
    got = _json(capsys, roadmap, "Sprint 1", "--done", "ui=2027-01-15",
                "--today", "2027-01-18")  # fmt: skip
    assert list(got) == ["sprint", "start", "finish", "baseline", "teams", "applied"]
    assert got["applied"] == {"label": "Sprint review: Sprint 1", "moved": 1}
    assert got["teams"][1]["done"] == ["ui"] and got["teams"][1]["say_do"] == 0.5


def test_a_review_applied_twice_is_refused_in_one_line(capsys, roadmap):
    args = ("review", roadmap, "Sprint 1", "--carry", "pay", "--today", "2027-01-18")
    assert run(capsys, *args)[0] == 0
    before = roadmap.read_bytes()
    code, out, err = run(capsys, *args)
    assert (code, out) == (1, "")
    assert err == ("planner: the review's decisions are already in the plan (nothing to change)\n")
    assert roadmap.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("Sprint 9",), "planner: no sprint named 'Sprint 9'\n"),
        (("Sprint 1", "--baseline", "kickoff"), "planner: no baseline named 'kickoff'\n"),
        (("Sprint 1", "--done", "api"), "planner: --done: 'api' is not ID=DATE\n"),
        (("Sprint 1", "--done", "=2027-01-08"), "planner: --done: '=2027-01-08' is not ID=DATE\n"),
        (("Sprint 1", "--done", "ui=15/01/2027"), "planner: --done: "),
        (("Sprint 1", "--remaining", "pay=two"),
         "planner: --remaining: 'two' is not a whole number of days\n"),
        (("Sprint 1", "--remaining", "pay=1", "--remaining", "pay=2"),
         "planner: --remaining: 'pay' given twice\n"),
        (("Sprint 1", "--carry", "nope"), "planner: review decision on 'nope': no item"),
        (("Sprint 1", "--carry", "bill"), "planner: carry of 'bill': it is done"),
        (("Sprint 2", "--carry", "pay"), "planner: review decision on 'pay': it is not in"),
        (("Sprint 1", "--export", "r.pdf"), "planner: --export: 'r.pdf' is not a .md or .png"),
        (("Sprint 1", "--today", "tomorrow"), "planner: --today: "),
    ],
)  # fmt: skip
def test_refused_inputs_exit_1_with_one_line(capsys, roadmap, args, message):
    before = roadmap.read_bytes()
    code, out, err = run(capsys, "review", roadmap, *args)
    assert (code, out) == (1, "")
    assert err.startswith(message) and err.count("\n") == 1
    assert roadmap.read_bytes() == before


@pytest.mark.parametrize("args", [(), ("Sprint 1", "--carry"), ("Sprint 1", "--bogus")])
def test_bad_usage_exits_2(capsys, roadmap, args):
    with pytest.raises(SystemExit) as e:
        run(capsys, "review", roadmap, *args)
    assert e.value.code == 2


def test_export_markdown(capsys, roadmap, tmp_path):
    md = tmp_path / "review.md"
    code, _, err = run(capsys, "review", roadmap, "Sprint 1", "--export", md)
    assert code == 0, err
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# Sprint 1 review\n")
    assert "## Backend" in text and "**say/do 33 %**" in text
    assert "| Billing | late | done Tue 19 Jan, after the sprint |" in text
    assert "What the review moved" not in text
    # applied: what moved too
    code, _, err = run(capsys, "review", roadmap, "Sprint 1", "--carry", "pay",
                       "--today", "2027-01-18", "--export", md)  # fmt: skip
    assert code == 0, err
    text = md.read_text(encoding="utf-8")
    assert "## What the review moved: Sprint review: Sprint 1" in text
    assert "- Payments: 5 working days later" in text
    assert not (tmp_path / "review.md.part").exists()


def test_export_png_is_a_1920x1080_slide(capsys, roadmap, tmp_path):
    png = tmp_path / "review.png"
    code, _, err = run(capsys, "review", roadmap, "Sprint 1", "--export", png)
    assert code == 0, err
    image = Image.open(io.BytesIO(png.read_bytes()))
    assert (image.format, image.size) == ("PNG", (1920, 1080))
    # not a blank page: the title, the rows and the bars are drawn
    colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50
