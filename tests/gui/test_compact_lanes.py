"""Compact lanes: items of a lane share a row where their bars and labels leave room
(the packing the exported roadmap uses), rows stay put while a drag runs and are packed
again after the drop, and an undo puts every row back where it was."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from planner.domain.jsonio import plan_from_json
from planner.gui.app import create_main_window
from planner.gui.timeline_layout import LANE_HEAD_H
from tests.gui.conftest import shown_window, write_roadmap

TODAY = date(2027, 1, 4)
PPD = 10.0


def small_plan():
    item = {"kind": "task", "duration": 5, "locked": False, "done": False}
    return plan_from_json(json.dumps({
        "name": "Compact",
        "calendar": {"weekend": ["sat", "sun"], "holidays": []},
        "teams": [{"id": "a", "name": "Alpha"}, {"id": "b", "name": "Beta"}],
        "sprints": [],
        "items": [
            {**item, "id": "one", "title": "One", "team": "a", "start": "2027-01-04"},
            {**item, "id": "two", "title": "Two", "team": "a", "start": "2027-03-01"},
            {**item, "id": "three", "title": "Three", "team": "a", "start": "2027-01-06"},
            {**item, "id": "b1", "title": "Beta work", "team": "b", "start": "2027-01-04"},
        ],
        "dependencies": [{"from": "one", "to": "b1", "type": "SS", "lag": 0}],
    }))  # fmt: skip


@pytest.fixture
def window(qtbot, tmp_path, errors):
    path = write_roadmap(tmp_path / "compact.roadmap", small_plan())
    w = shown_window(qtbot, path, PPD, today=TODAY)
    yield w
    w.session.close()


def rows(window) -> dict[str, float]:
    return {item_id: g.y0 for item_id, g in window.scene.glyphs.items()}


def press_point(window, item_id: str) -> QPoint:
    window.view.ensure_item_visible(item_id)
    g = window.scene.glyphs[item_id]
    return window.view.mapFromScene(g.mapToScene(QPointF(g.width / 2, g.rows.mid)))


def test_items_apart_share_a_row_and_overlapping_ones_get_two(window):
    y = rows(window)
    row_h, mid = window.scene.rows.h, window.scene.rows.mid
    alpha = window.scene.lanes.lane_of("a")
    assert y["one"] == y["two"] == alpha.top + LANE_HEAD_H  # weeks apart: one row
    assert y["three"] == y["one"] + row_h  # overlaps One: the next row
    assert alpha.rows == 2
    beta = window.scene.lanes.lane_of("b")
    assert beta.top >= alpha.top + LANE_HEAD_H + 2 * row_h  # the lane holds two rows only
    # the arrow One -> Beta work ends on the rows the items sit on
    (_, ay), *_, (_, by) = window.scene.arrow_route("one", "b1")[0]
    assert ay == y["one"] + mid and by == y["b1"] + mid


def test_a_label_takes_room_so_text_never_runs_into_the_next_bar(window):
    scene = window.scene
    one, two = scene.glyphs["one"], scene.glyphs["two"]
    assert one.span()[1] < two.span()[0]
    window.view.set_ppd(0.6)  # weeks apart are now a few pixels: the labels would meet
    assert scene.glyphs["one"].y0 != scene.glyphs["two"].y0


def test_rows_hold_still_during_a_drag_and_are_packed_after_the_drop_and_undo(qtbot, window):
    before = rows(window)
    vp = window.view.viewport()
    start = press_point(window, "two")
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    dx = -int(56 * PPD)  # eight weeks earlier: onto One's dates
    for k in range(1, 7):
        qtbot.mouseMove(vp, QPoint(start.x() + dx * k // 6, start.y()))
        assert rows(window) == before  # no row moves while dragging
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=QPoint(start.x() + dx, start.y()))
    assert window.session.plan.item("two").start == date(2027, 1, 4)
    after = rows(window)
    assert len({after["one"], after["two"], after["three"]}) == 3  # three overlapping rows
    assert window.scene.lanes.lane_of("a").rows == 3
    assert after["b1"] == before["b1"] + window.scene.rows.h  # the lane below moved down a row
    # what is drawn is where the mouse finds it
    g = window.scene.glyphs["two"]
    found, zone = window.scene.glyph_at(g.mapToScene(QPointF(g.width / 2, g.rows.mid)))
    assert found is g and zone == "body"
    *_, (_, by) = window.scene.arrow_route("one", "b1")[0]
    assert by == after["b1"] + g.rows.mid
    window.undo_history.undo()
    assert rows(window) == before
    assert window.scene.lanes.lane_of("a").rows == 2


def test_an_edit_moves_only_the_items_in_its_way_and_undo_and_redo_are_exact(window, qtbot):
    """A nudge of One leaves Two and Three where they sit (a fresh first-fit packing
    would swap them about); when One lands on Two's days only One changes row; undo
    and redo give back the very rows each step had."""
    from planner.domain.edits import MoveItem

    before = rows(window)
    window.select_item("three")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Right)  # Three a day later: still in its row
    after_nudge = rows(window)
    assert after_nudge == before
    window.apply_edit(MoveItem("one", date(2027, 3, 2)))  # onto Two's days
    moved = rows(window)
    assert moved["two"] == before["two"] and moved["three"] == before["three"]
    assert moved["one"] != moved["two"]
    window.undo_history.undo()
    assert rows(window) == after_nudge
    window.undo_history.redo()
    assert rows(window) == moved


def test_the_spans_measured_at_once_are_those_measured_one_by_one(sample_path, qtbot, errors):
    """A big plan's window measures every item's room in numpy steps (_measure); each
    span is the very number the per-item _span gives, at several zooms, milestones,
    done and started items among them."""
    from planner.gui.timeline_items import label_width, reach, reaches

    w = create_main_window(sample_path, TODAY)
    qtbot.addWidget(w)
    scene = w.scene
    try:
        for ppd in (0.6, 3.2, 18.0, 80.0):
            w.view.set_ppd(ppd)
            scene._measure()
            labels, spans = scene._labels, scene._spans
            for i in range(len(w.session.plan.items)):
                assert spans[i] == scene._span(i, label_width(labels[i])), i
        scene._labels = None  # measuring again marked the glyphs as still being made
        # reaches is reach, term for term
        import numpy as np

        ms, width, lw = (
            np.array([True, False, False]),
            np.array([2.0, 2.0, 57.5]),
            np.array([0.0, 31.25, 9.0]),
        )
        left, right = reaches(ms, width, lw)
        for k in range(3):
            assert (left[k], right[k]) == reach(bool(ms[k]), width[k], lw[k])
    finally:
        w.session.close()
