"""``planner export``: every format by extension, checked options (status 1 with one
line), bad usage (status 2), baselines and CSV import through the command."""

from __future__ import annotations

import ast
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar
from PIL import Image

import planner.export
from planner.app.sample import sample_plan
from planner.app.session import PlanSession
from planner.cli import main
from planner.domain.edits import MoveItem
from planner.storage.repository import PlanRepository

TODAY = date(2026, 11, 22)


@pytest.fixture
def roadmap(tmp_path):
    path = tmp_path / "Checkout Q1.roadmap"
    repo = PlanRepository.open(path, create=True)
    repo.write_plan(sample_plan(TODAY))
    repo.close()
    return path


def _run(capsys, *args):
    code = main(["export", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("ext", ["png", "svg", "pdf", "json", "csv", "ics"])
def test_every_format_by_extension(roadmap, tmp_path, capsys, ext):
    out = tmp_path / f"out.{ext}"
    code, stdout, err = _run(capsys, roadmap, out, "--today", "2026-11-22")
    assert code == 0 and err == "" and stdout.startswith(f"wrote {out}")
    data = out.read_bytes()
    assert not list(tmp_path.glob("*.part"))
    if ext == "png":
        assert Image.open(io.BytesIO(data)).size == (1920, 1080)
    elif ext == "svg":
        assert b"Checkout revamp" in data
    elif ext == "pdf":
        assert data.startswith(b"%PDF")
    elif ext == "json":
        assert json.loads(data)["name"] == "Checkout revamp — Q1"
    elif ext == "csv":
        assert data.startswith(b"\xef\xbb\xbfid,title,team")
    else:
        from planner.storage.repository import PlanRepository

        repo = PlanRepository.open(roadmap, read_only=True)
        uid = repo.uid
        repo.close()
        uids = [str(e["UID"]) for e in Calendar.from_ical(data).walk("VEVENT")]
        assert f"ga-milestone@{uid}.roadmap-planner" in uids


def test_image_options(roadmap, tmp_path, capsys):
    out = tmp_path / "o.png"
    args = ["--preset", "slide-4:3", "--dpi", "50", "--theme", "dark", "--teams", "be,web",
            "--from", "2026-11-16", "--to", "2026-12-31", "--title", "Backend and Web",
            "--no-dependencies", "--today", "2026-11-22"]  # fmt: skip
    code, _, err = _run(capsys, roadmap, out, *args)
    assert code == 0, err
    assert Image.open(out).size == (720, 540)
    code, _, err = _run(capsys, roadmap, out, "--width", "1000", "--height", "600")
    assert code == 0 and Image.open(out).size == (1000, 600)


def test_baseline_ghosts_from_the_roadmap(roadmap, tmp_path, capsys):
    s = PlanSession.open(roadmap)
    s.save_baseline("Kick-off")
    s.apply(MoveItem("api", s.plan.item("api").start.replace(day=20)))
    s.close()
    out = tmp_path / "b.svg"
    code, _, err = _run(capsys, roadmap, out, "--baseline", "Kick-off", "--today", "2026-11-22")
    assert code == 0, err
    assert "Baseline “Kick-off”" in out.read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dpi", "0"], "--dpi: must be greater than 0"),
        (["--dpi", "many"], "--dpi: 'many' is not a whole number"),
        (["--dpi", "5000"], "--dpi: 5000 is out of range"),
        (["--width", "50", "--height", "50"], "--width: 50 pixels is out of range"),
        (["--teams", "be,nope"], "--teams: no team with id 'nope'"),
        (["--preset", "a5"], "--preset: unknown preset 'a5'"),
        (["--preset", "custom"], "--preset custom needs both --width and --height"),
        (["--theme", "neon"], "--theme: unknown theme 'neon'"),
        (["--from", "2026-31-01"], "--from: '2026-31-01' is not a valid date"),
        (["--from", "2027-01-10", "--to", "2027-01-01"], "is before --from"),
        (["--baseline", "nope"], "no baseline named 'nope'"),
        (["--today", "soon"], "--today"),
    ],
)
def test_bad_option_values_exit_1_with_one_line(roadmap, tmp_path, capsys, args, message):
    out = tmp_path / "x.png"
    code, stdout, err = _run(capsys, roadmap, out, *args)
    assert code == 1 and stdout == ""
    assert err.count("\n") == 1 and err.startswith("planner: ") and message in err
    assert not out.exists()


def test_unknown_extension_and_missing_input(roadmap, tmp_path, capsys):
    code, _, err = _run(capsys, roadmap, tmp_path / "x.docx")
    assert code == 1 and "unknown export format 'docx'" in err and err.count("\n") == 1
    code, _, err = _run(capsys, tmp_path / "missing.roadmap", tmp_path / "x.png")
    assert code == 1 and err.count("\n") == 1
    code, _, err = _run(capsys, roadmap, tmp_path / "no-such-dir" / "x.png")
    assert code == 1 and "cannot write" in err


def test_bad_usage_exits_2(roadmap, capsys):
    with pytest.raises(SystemExit) as e:
        main(["export", str(roadmap)])
    assert e.value.code == 2
    with pytest.raises(SystemExit) as e:
        main(["export", str(roadmap), "x.png", "--colour", "red"])
    assert e.value.code == 2


def test_csv_export_then_import_round_trips(roadmap, tmp_path, capsys):
    csv_path = tmp_path / "items.csv"
    assert _run(capsys, roadmap, csv_path)[0] == 0
    copy = tmp_path / "copy.roadmap"
    assert main(["import", str(csv_path), str(copy)]) == 0
    capsys.readouterr()
    a = PlanRepository.open(roadmap, read_only=True)
    b = PlanRepository.open(copy, read_only=True)
    try:
        pa, pb = a.load_plan(), b.load_plan()
    finally:
        a.close()
        b.close()
    assert pb.items == pa.items and set(pb.dependencies) == set(pa.dependencies)
    assert pb.teams == pa.teams and pb.name == "items"


def test_json_plan_as_input(tmp_path, capsys):
    from planner.domain.jsonio import plan_to_json

    src = tmp_path / "plan.json"
    src.write_text(plan_to_json(sample_plan(TODAY)))
    code, _, err = _run(capsys, src, tmp_path / "p.png", "--today", "2026-11-22")
    assert code == 0, err
    code, _, err = _run(capsys, src, tmp_path / "p.png", "--baseline", "x")
    assert code == 1 and "needs a .roadmap file" in err


# -- the export layer takes values, and names options in words ----------------------


def test_export_names_options_in_words_and_the_command_names_its_flags():
    from planner.cli.export import FLAGS
    from planner.export.options import OPTION_WORDS, OptionError
    from planner.export.presets import page_spec
    from planner.export.roadmap import RoadmapOptions

    assert set(FLAGS) == set(OPTION_WORDS)
    with pytest.raises(OptionError) as e:
        page_spec(dpi=5000)
    assert str(e.value) == "the resolution (dpi): 5000 is out of range (30 to 600)"
    assert e.value.naming(FLAGS) == "--dpi: 5000 is out of range (30 to 600)"
    with pytest.raises(OptionError) as e:
        page_spec("custom", width=800)
    assert str(e.value) == "the page preset custom needs both the width and the height (pixels)"
    options = RoadmapOptions(today=TODAY, date_from=date(2027, 1, 10), date_to=date(2027, 1, 1))
    with pytest.raises(OptionError) as e:
        options.check(sample_plan(TODAY))
    assert str(e.value) == "the 'to' date 2027-01-01 is before the 'from' date 2027-01-10"
    assert e.value.naming(FLAGS) == "--to 2027-01-01 is before --from 2027-01-10"


def test_a_refused_value_holding_braces_is_shown_as_it_is():
    from planner.cli.export import FLAGS
    from planner.export.options import OptionError
    from planner.export.themes import get_theme

    with pytest.raises(OptionError) as e:
        get_theme("{theme}{0}")
    assert e.value.naming(FLAGS) == "--theme: unknown theme '{theme}{0}' (light or dark)"
    assert str(e.value) == "the theme: unknown theme '{theme}{0}' (light or dark)"


_FLAG = re.compile(r"(?<![\w-])--[a-z]")


def _cli_in_export(source: str) -> list[str]:
    """What in ``source`` belongs to the command line: an argparse import, a read of the
    clock (``date.today()``, ``datetime.now()``), a text naming a flag."""
    found = []
    for node in ast.walk(ast.parse(source)):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if "argparse" in [*names, getattr(node, "module", None)]:
                found.append(f"{line}: imports argparse")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("today", "now", "utcnow")
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in ("date", "datetime")
        ):
            found.append(f"{line}: reads the clock")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and _FLAG.search(node.value)
        ):
            found.append(f"{line}: names a flag in {node.value[:40]!r}")
    return found


def test_the_export_layer_reads_no_flags_and_no_clock():
    """The command maps its flags to option values and reads the clock; export/ takes
    values and an explicit today."""
    root = Path(planner.export.__file__).parent
    found = {
        p.name: lines
        for p in sorted(root.rglob("*.py"))
        if (lines := _cli_in_export(p.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_check_finds_cli_in_export():
    source = (
        "import argparse\n"
        "from datetime import date\n"
        "t = date.today()\n"
        "raise PlanError(f'--teams: no team {t}')\n"
        "ok = 'a -- b, x--y, the \\'from\\' date'\n"
    )
    assert _cli_in_export(source) == [
        "1: imports argparse", "3: reads the clock", "4: names a flag in '--teams: no team '"
    ]  # fmt: skip
