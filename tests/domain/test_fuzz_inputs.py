"""Fuzzing ``planner schedule`` and ``planner import`` through the real entry point.

Whatever the input file holds (random bytes; JSON in the format's own shape with random
values: huge integers, NaN, floats, nested lists, lone surrogates, very long strings,
dates at the calendar's edges; CSV with random cells), the command exits 0 or 1, and
on 1 says one short line on stderr, never a traceback. A roadmap that ``import``
accepted always opens again (``schedule`` on it exits 0).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.cli import main
from planner.domain.csvplan import CSV_COLUMNS
from planner.domain.model import DEP_TYPES, MAX_DURATION, MAX_LAG

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _cli(*args: object) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, err.getvalue()


def _check_refusal(code: int, err: str) -> None:
    assert code in (0, 1), (code, err)
    if code == 1:
        assert err.endswith("\n") and err.count("\n") == 1, err
        assert len(err) < 500 and "Traceback" not in err, err
        assert err.startswith("planner: ")


def _run_both(name: str, data: bytes) -> None:
    """``schedule`` and ``import`` of ``data`` saved as ``name``; an accepted import
    must open again."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / name
        src.write_bytes(data)
        code, err = _cli("schedule", src)
        _check_refusal(code, err)
        roadmap = Path(tmp) / "out.roadmap"
        code, err = _cli("import", src, roadmap)
        _check_refusal(code, err)
        if code == 0:
            again, err = _cli("schedule", roadmap)
            assert again == 0, err


# -- (a) random bytes ---------------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=600), st.sampled_from(["in.json", "in.csv"]))
def test_random_bytes(data, name):
    _run_both(name, data)


# -- (b) JSON in the format's own shape, with random values --------------------------------


class Raw:
    """A JSON token written as it is (what ``json.dumps`` will not write)."""

    def __init__(self, text: str) -> None:
        self.text = text


def dump(value: object) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, dict):
        return "{" + ", ".join(f"{dump(k)}: {dump(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(dump(v) for v in value) + "]"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return json.dumps(value)  # ensure_ascii: a lone surrogate is written as \ud800


EDGE_DATES = [
    "1900-01-01", "1900-01-05", "1899-12-31", "2999-12-25", "2999-12-28", "2999-12-31",
    "3000-01-01", "0001-01-01", "9999-12-31", "2027-01-04", "2027-02-29", "2027-1-4",
]  # fmt: skip
BIG_INTS = [
    MAX_DURATION, MAX_DURATION + 1, -MAX_LAG, MAX_LAG + 1, 2**63 - 1, 2**63, 2**64 + 1,
    -(2**63) - 1, 10**30, 1_000_000_000,
]  # fmt: skip
ODD_TEXT = ["\ud800", "a\udfffb", "\x1b[2J\x1b]0;x\x07", "x" * 70_000, "é" * 50, "", " "]

weird = st.one_of(
    st.integers(-(10**6), 10**6),
    st.sampled_from(BIG_INTS),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([Raw("9" * 5000), Raw("-" + "1" * 4301), Raw("1e999"), Raw("NaN"),
                     Raw("[" * 3000 + "]" * 3000), Raw('{"a":' * 2000 + "1" + "}" * 2000)]),
    st.sampled_from(EDGE_DATES),
    st.sampled_from(ODD_TEXT),
    st.text(max_size=12),
    st.booleans(),
    st.none(),
    st.recursive(st.none() | st.integers(), lambda c: st.lists(c, max_size=3), max_leaves=6),
    st.dictionaries(st.sampled_from(["id", "x"]), st.integers(), max_size=2),
)  # fmt: skip


@st.composite
def entry(draw, base: dict, odd: bool = True) -> dict:
    """Mostly ``base``; else with a value or two replaced by weird ones (now and then a
    key dropped or an unknown key added)."""
    out = dict(base)
    if not odd or draw(st.integers(0, 3)):
        return out
    for key in draw(st.lists(st.sampled_from(sorted(base)), min_size=1, max_size=2, unique=True)):
        out[key] = draw(weird)
    if draw(st.integers(0, 9)) == 0:
        out.pop(draw(st.sampled_from(sorted(out))), None)
    if draw(st.integers(0, 19)) == 0:
        out[draw(st.sampled_from(ODD_TEXT[:3]))] = 1
    return out


def rarely(draw, usual: st.SearchStrategy, odd: st.SearchStrategy) -> object:
    """A value of ``usual`` three times in four, else one of ``odd``."""
    return draw(odd) if draw(st.integers(0, 3)) == 0 else draw(usual)


INSIDE = EDGE_DATES[:2] + EDGE_DATES[3:6] + ["2027-01-04"]  # dates the calendar holds


@st.composite
def json_plans(draw, odd: bool = True) -> str:
    """A plan in the format's shape: valid but for values at or past the calendar's
    edges and bounds, and (if ``odd``) in some entries a weird value in place of a right
    one."""
    big = st.sampled_from(BIG_INTS)
    text = rarely if odd else lambda draw, usual, _: draw(usual)  # odd text, odd types
    day, any_day = st.sampled_from(INSIDE), st.sampled_from(EDGE_DATES)
    n = draw(st.integers(1, 4))
    items = []
    for k in range(n):
        kind = draw(st.sampled_from(["task", "task", "milestone"]))
        item = {
            "id": f"i{k}",
            "title": text(draw, st.text(max_size=5), st.sampled_from(["x" * 200_000, "\ud800"])),
            "team": draw(st.sampled_from([None, "be"])),
            "kind": kind,
            "start": rarely(draw, day, any_day),
            "duration": 0 if kind == "milestone" else rarely(draw, st.integers(1, 9), big),
            "deadline": rarely(draw, st.none(), day | any_day),
            "locked": draw(st.booleans()),
            "done": draw(st.booleans()),
            "actual_start": rarely(draw, st.none(), day | any_day),
            "progress": text(draw, st.integers(0, 100), st.floats(allow_nan=True)),
        }
        items.append(draw(entry(item, odd)))
    deps = []
    for k in range(1, n):
        lag = rarely(draw, st.integers(-5, 5), big | st.integers(-MAX_LAG, MAX_LAG))
        dep = {"from": f"i{k - 1}", "to": f"i{k}", "type": draw(st.sampled_from(DEP_TYPES)),
               "lag": lag}  # fmt: skip
        deps.append(draw(entry(dep, odd)))
    plan = {
        "name": text(draw, st.just("P"), st.sampled_from(ODD_TEXT)),
        "calendar": draw(
            entry({"weekend": ["sat", "sun"], "holidays": [rarely(draw, day, any_day)]}, odd)
        ),
        "teams": [draw(entry({"id": "be", "name": "Backend"}, odd))],
        "sprints": [
            draw(entry({"name": "S1", "start": "2027-01-04", "finish": "2027-01-15"}, odd))
        ],
        "items": items,
        "dependencies": deps,
    }
    return dump(draw(entry(plan)) if odd and draw(st.integers(0, 3)) == 0 else plan)


@FUZZ
@given(json_plans())
def test_random_values_in_the_json_shape(text):
    _run_both("plan.json", text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(json_plans(odd=False))
def test_values_at_the_bounds_either_import_and_open_or_are_refused(text):
    _run_both("plan.json", text.encode("utf-8", "surrogatepass"))


# -- (c) CSV with random cells --------------------------------------------------------------

cells = st.one_of(
    st.text(max_size=8),
    st.sampled_from(EDGE_DATES),
    st.sampled_from([str(i) for i in BIG_INTS] + ["9" * 5000, "nan", "1e999", "-0", "٣"]),
    st.sampled_from(["i0", "i0 FS+2", "i1 SS-" + "9" * 30, "i0 FF+400000", '"i 0" SF', "i0; i0",
                     "=1+1", " =1+1", "'=x", "\r", "a\r\nb", "true", "x", "#12345G", "milestone"]),
    st.sampled_from(["t" * 140_000]),
)  # fmt: skip


@st.composite
def csv_files(draw) -> str:
    more = [c for c in CSV_COLUMNS if c not in ("id", "start", "duration")]
    columns = ["id", "start", "duration"]
    columns += draw(st.lists(st.sampled_from(more), max_size=8, unique=True))
    if draw(st.integers(0, 19)) == 0:
        columns.append(draw(st.sampled_from(["colour", "ID", "\x1b[2J"])))
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(columns)
    for k in range(draw(st.integers(1, 4))):
        row = {"id": f"i{k}", "start": "2027-01-04", "duration": "2"}
        w.writerow(
            [row.get(c, "") if draw(st.integers(0, 2)) else draw(cells) for c in columns]
            + ([draw(cells)] if draw(st.integers(0, 19)) == 0 else [])
        )
    return buf.getvalue()


@FUZZ
@given(csv_files())
def test_random_cells_in_a_csv(text):
    _run_both("plan.csv", text.encode("utf-8"))


# -- each case the fuzzing found, as a regression --------------------------------------------

BASE = {
    "items": [
        {"id": "a", "start": "2027-01-04", "duration": 3},
        {"id": "b", "start": "2027-01-04", "duration": 2},
    ],
    "dependencies": [{"from": "a", "to": "b", "lag": 0}],
}


def _with(path: str, token: str) -> bytes:
    """BASE as JSON with the value at ``path`` (e.g. ``items.0.duration``) written as
    ``token``, exactly."""
    data = json.loads(json.dumps(BASE))
    *parents, last = path.split(".")
    node = data
    for p in parents:
        node = node[int(p)] if p.isdigit() else node[p]
    node[int(last) if last.isdigit() else last] = Raw(token)
    return dump(data).encode("utf-8", "surrogatepass")


FOUND = [
    ("plan.json", _with("items.0.duration", str(2**64 + 1)), "item 'a': duration must be at most"),
    ("plan.json", _with("dependencies.0.lag", str(-(2**70))), "lag must be between"),
    ("plan.json", _with("items.0.progress", "NaN"), "'progress' must be a number, got NaN"),
    ("plan.json", _with("items.0.progress", "Infinity"), "got Infinity"),
    ("plan.json", _with("items.0.duration", "9" * 4301), "got a 4301-digit number"),
    ("plan.json", _with("items.0.title", "[" * 200 + "]" * 200), "'title' must be text, got a"),
    ("plan.json", _with("items.0.title", "[" * 200_000 + "]" * 200_000), "nested too deeply"),
    ("plan.json", _with("items.0.title", '"\\ud800"'), "'title' is not valid text"),
    ("plan.json", _with("items.1.id", '"\\udc00"'), "item #2: 'id' is not valid text"),
    ("plan.json", _with("items.0.duration", "1000000000"), "item 'a': duration must be at most"),
    ("plan.json", _with("items.0.duration", "300000"),
     "item 'a': its finish would fall after 2999-12-31"),
    ("plan.json", _with("dependencies.0.lag", "400000"),
     "item 'b': its finish would fall after 2999-12-31"),
    ("plan.json", _with("dependencies.0.to", json.dumps("z" * 100_000)), "unknown item 'zzz"),
    ("plan.csv", b"id,start,duration\na,2027-01-04," + b"9" * 5000 + b"\n",
     "row 2, column 'duration'"),
    ("plan.csv", b"id,start,duration\na,2027-01-04,1000000000\n", "duration must be at most"),
    ("plan.csv", b"id,start,duration,depends_on\na,2027-01-04,2,\nb,2027-01-04,2,a FS+"
     + b"1" * 5000 + b"\n", "row 3, column 'depends_on'"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "data", "message"), FOUND)
def test_each_case_found_is_one_line_naming_the_entry(tmp_path, name, data, message):
    src = tmp_path / name
    src.write_bytes(data)
    roadmap = tmp_path / "keep.roadmap"
    assert _cli("import", tmp_path / "ok.json", roadmap)[0] == 1  # no such file: one line
    (tmp_path / "ok.json").write_text(json.dumps(BASE))
    assert _cli("import", tmp_path / "ok.json", roadmap)[0] == 0
    before = roadmap.read_bytes()
    commands = [("import", src, roadmap)]
    if name.endswith(".json"):  # schedule reads a .json plan or a .roadmap
        commands.append(("schedule", src))
    for args in commands:
        code, err = _cli(*args)
        assert code == 1, err
        _check_refusal(code, err)
        assert message in err
    assert roadmap.read_bytes() == before


def test_our_csv_export_of_a_long_title_imports_again(tmp_path):
    data = json.loads(json.dumps(BASE))
    data["items"][0]["title"] = "T" * 300_000
    src, out, back = tmp_path / "p.json", tmp_path / "p.csv", tmp_path / "p.roadmap"
    src.write_text(json.dumps(data))
    assert _cli("export", src, out, "--today", "2027-01-04")[0] == 0
    code, err = _cli("import", out, back)
    assert code == 0, err


@pytest.mark.parametrize(("item", "days"), [("a", 300_000), ("a", 10**30), ("b", 260_000)])
def test_a_slip_past_the_calendar_is_one_line_and_changes_nothing(tmp_path, item, days):
    src, roadmap = tmp_path / "ok.json", tmp_path / "r.roadmap"
    src.write_text(json.dumps(BASE))
    assert _cli("import", src, roadmap)[0] == 0
    before = roadmap.read_bytes()
    args = ("--days", days, "--reason", "r", "--today", "2026-12-01")
    code, err = _cli("slip", roadmap, item, *args)
    _check_refusal(code, err)
    assert code == 1 and f"slip of '{item}'" in err and "after 2999-12-31" in err
    assert roadmap.read_bytes() == before
