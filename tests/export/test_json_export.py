"""The JSON export is written a piece at a time: the same bytes as ``plan_to_json``,
never the whole text in memory at once, and never half a file."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import plans

from planner.domain.jsonio import plan_to_json
from planner.domain.model import Plan, Sprint, Team
from planner.domain.progress import NO_PROGRESS
from planner.export.files import plan_json_chunks, write_atomic

TEXT = st.text(st.characters(codec="utf-8"), max_size=30) | st.sampled_from(
    ['\n  "items": []', '"dependencies": [],\n', "\\", '"', "\u2028", "ü\x00\x1b"]
)


@st.composite
def odd_plans(draw):
    """Random plans whose every text may hold quotes, newlines or the very line the
    writer looks for."""
    plan = draw(plans())
    items = tuple(dataclasses.replace(it, title=draw(TEXT), notes=draw(TEXT)) for it in plan.items)
    teams = tuple(Team(t.id, draw(TEXT), t.color) for t in plan.teams)
    sprints = tuple(
        Sprint(draw(TEXT), it.start, it.start, draw(st.none() | st.just("a")))
        for it in items[: draw(st.integers(0, 3))]
    )
    return dataclasses.replace(plan, name=draw(TEXT), items=items, teams=teams, sprints=sprints)


@settings(max_examples=150, deadline=None)
@given(odd_plans(), st.integers(1, 5))
def test_the_pieces_make_exactly_what_plan_to_json_makes(plan, chunk):
    assert "".join(plan_json_chunks(plan, NO_PROGRESS, chunk)) == plan_to_json(plan)


def test_an_empty_plan_too():
    assert "".join(plan_json_chunks(Plan(), NO_PROGRESS, 3)) == plan_to_json(Plan())


def test_no_piece_holds_more_than_a_chunk_of_the_plan():
    plan = _many(3_000)
    pieces = list(plan_json_chunks(plan, NO_PROGRESS, 500))
    whole = sum(len(p) for p in pieces)
    assert len(pieces) > 6 and max(len(p) for p in pieces) < whole / 5


def test_progress_counts_every_item_and_link():
    plan = _many(1_234)

    class Counted:
        total = counted = 0

        def step(self, label, total=0):
            self.total = total

        def advance(self, units=1):
            self.counted += units

        def done(self):
            pass

    c = Counted()
    "".join(plan_json_chunks(plan, c, 100))
    assert c.total == c.counted == len(plan.items) + len(plan.dependencies)


def test_a_failure_while_writing_leaves_the_old_file_and_no_part(tmp_path):
    out = tmp_path / "out.json"
    out.write_bytes(b"old")

    def pieces():
        yield b"{ half"
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_atomic(out, pieces())
    assert out.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [out]


def _many(n: int) -> Plan:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from plans import generate_plan

    return generate_plan(n)
