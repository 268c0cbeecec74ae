"""Row height: View > Fit all fits the plan's lanes to the height (rows as tall as fit,
never taller than the default, never shorter than the least readable), Taller and
Shorter rows set it by hand, the saved view of a roadmap brings it back, and at every
height what is drawn is where the mouse finds it: bars in their rows, arrows on the
rows' middles, a drag's ghost in its item's row, F2's field over its label."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from planner.app.settings import save_settings
from planner.domain.jsonio import plan_from_json
from planner.gui.timeline_items import HANDLE_R
from planner.gui.timeline_layout import (
    COLLAPSED_H,
    LANE_HEAD_H,
    MIN_ROW_H,
    ROW_H,
    ROW_STEP,
    height_at,
    restack,
)
from planner.gui.timeline_selection import shape_rect
from planner.storage.repository import PlanRepository
from tests.gui.test_open_view import open_window as open_view_window

TODAY = date(2027, 1, 1)
SIZE = (1200, 800)
SHIFT = Qt.KeyboardModifier.ShiftModifier


def stacked_plan(teams: int, per_team: int):
    """``teams`` lanes of ``per_team`` tasks that all overlap (a row each), linked in a
    chain within each lane."""
    items, deps = [], []
    for t in range(teams):
        for k in range(per_team):
            items.append({"id": f"t{t}i{k}", "title": f"Task {t}.{k}", "team": f"t{t}",
                          "kind": "task", "start": "2027-01-04", "duration": 10 + k,
                          "locked": False, "done": False})  # fmt: skip
            if k:
                deps.append({"from": f"t{t}i{k - 1}", "to": f"t{t}i{k}", "type": "SS", "lag": 0})
    return plan_from_json(json.dumps({
        "name": "Stacked", "calendar": {"weekend": ["sat", "sun"], "holidays": []},
        "teams": [{"id": f"t{t}", "name": f"Team {t}"} for t in range(teams)],
        "sprints": [], "items": items, "dependencies": deps,
    }))  # fmt: skip


@pytest.fixture
def roadmap(tmp_path):
    def write(plan, name="plan.roadmap"):
        path = tmp_path / name
        repo = PlanRepository.open(path, create=True)
        repo.write_plan(plan)
        repo.close()
        return path

    return write


def open_window(qtbot, path, size=SIZE):
    return open_view_window(qtbot, path, TODAY, size)


def at_the_shortest_rows(w) -> None:
    """The days 20 px wide, the rows at their shortest, the view at the plan's start."""
    w.view.set_ppd(20.0)
    w.view.set_row_height(MIN_ROW_H)
    w.view.horizontalScrollBar().setValue(0)
    w.view.verticalScrollBar().setValue(0)
    assert w.scene.rows.h == MIN_ROW_H


def viewport_point(w, item_id: str, x: float | None = None) -> QPoint:
    """The viewport point on the middle of an item's bar (its row's centre line)."""
    g = w.scene.glyphs[item_id]
    x = g.width / 2 if x is None else x
    return w.view.mapFromScene(g.mapToScene(QPointF(x, g.rows.mid)))


def assert_rows_match_the_drawing(w) -> None:
    """Every bar lies inside its row, every row inside its lane, arrows end on the
    rows' centre lines, and a point on each bar finds its item."""
    scene = w.scene
    h, lanes = scene.rows.h, scene.lanes
    assert lanes.row_h == h
    for lane in lanes.lanes:
        for item_id in lane.item_ids:
            g = scene.glyphs[item_id]
            assert g.rows is scene.rows and g.y0 == lanes.row_y[item_id]
            assert g.y0 == lane.top + LANE_HEAD_H + lane.row_of[item_id] * h
            assert lane.top + LANE_HEAD_H <= g.y0 and g.y0 + h <= lane.bottom
            bar = shape_rect(g)
            assert g.y0 < bar.top() and bar.bottom() < g.y0 + h  # inside its row
            found, zone = scene.glyph_at(QPointF(bar.center().x(), g.y0 + h / 2))
            assert found is g and zone == "body"
    for d in w.session.plan.dependencies:
        (_, ay), *_, (_, by) = scene.arrow_route(d.pred, d.succ)[0]
        assert ay == scene.glyphs[d.pred].y0 + h / 2 and by == scene.glyphs[d.succ].y0 + h / 2


def test_fit_all_shortens_the_rows_of_a_tall_plan_until_every_lane_fits(qtbot, roadmap, errors):
    w = open_window(qtbot, roadmap(stacked_plan(3, 8)))  # 24 rows: too tall at 24 px
    scene, view = w.scene, w.view
    h = scene.rows.h
    assert MIN_ROW_H < h < ROW_H  # fitted on the first open
    vp = view.viewport().height()
    assert scene.sceneRect().height() <= vp  # every lane in sight: nothing to scroll
    assert view.verticalScrollBar().maximum() == 0
    assert height_at(scene.lanes.lanes, h + ROW_STEP) > vp  # the tallest rows that fit
    assert_rows_match_the_drawing(w)
    # a click at a row's new centre selects that row's item
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=viewport_point(w, "t2i5"))
    assert w.selected_item_id() == "t2i5"
    # zoomed and shown at 24 px by hand, Fit all (Ctrl+0) fits the height again
    view.set_ppd(30.0)
    w.actions_["taller_rows"].trigger()
    w.actions_["taller_rows"].trigger()
    assert scene.rows.h == min(ROW_H, h + 2 * ROW_STEP)
    w.actions_["fit_all"].trigger()
    assert scene.rows.h == h and scene.sceneRect().height() <= vp
    assert_rows_match_the_drawing(w)
    w.close()


def test_a_plan_that_fits_at_the_default_height_keeps_it(qtbot, roadmap, errors):
    w = open_window(qtbot, roadmap(stacked_plan(2, 3)))
    assert w.scene.rows.h == ROW_H
    w.actions_["fit_all"].trigger()
    assert w.scene.rows.h == ROW_H  # never taller than the default
    assert not w.actions_["taller_rows"].isEnabled()
    assert w.actions_["shorter_rows"].isEnabled()
    w.close()


def test_a_huge_plan_gets_the_shortest_rows_and_shows_its_top(qtbot, roadmap, errors):
    w = open_window(qtbot, roadmap(stacked_plan(6, 20)))
    scene, view = w.scene, w.view
    assert scene.rows.h == MIN_ROW_H
    assert view.verticalScrollBar().value() == 0 and view.verticalScrollBar().maximum() > 0
    assert not w.actions_["shorter_rows"].isEnabled()
    w.actions_["shorter_rows"].trigger()  # (the shortcut while disabled: nothing)
    view.shorter_rows()
    assert scene.rows.h == MIN_ROW_H
    assert_rows_match_the_drawing(w)
    w.close()


def test_a_new_height_moves_the_rows_without_packing_them_again(qtbot, roadmap, errors):
    w = open_window(qtbot, roadmap(stacked_plan(2, 3)))
    scene = w.scene
    before = {lane.team: dict(lane.row_of) for lane in scene.lanes.lanes}
    spans = list(scene._spans)
    w.view.set_row_height(MIN_ROW_H)
    assert scene.rows.h == MIN_ROW_H
    assert {lane.team: lane.row_of for lane in scene.lanes.lanes} == before
    assert scene._spans == spans  # what an item takes of its row does not change
    assert restack(scene.lanes.lanes, MIN_ROW_H).row_y == scene.lanes.row_y
    assert scene.sceneRect().height() == scene.lanes.height
    assert_rows_match_the_drawing(w)
    w.close()


def test_the_saved_view_brings_the_row_height_back(qtbot, roadmap, errors):
    path = roadmap(stacked_plan(2, 3))
    w = open_window(qtbot, path)
    assert w.scene.rows.h == ROW_H
    w.actions_["shorter_rows"].trigger()
    w.actions_["shorter_rows"].trigger()
    assert w.scene.rows.h == ROW_H - 2 * ROW_STEP
    uid = w.session.uid
    w.close()
    assert w.settings.views[uid]["row_h"] == ROW_H - 2 * ROW_STEP
    w = open_window(qtbot, path)
    assert w.scene.rows.h == ROW_H - 2 * ROW_STEP  # not fitted again: the view it was left at
    assert w.view_state.snapshot()["row_h"] == ROW_H - 2 * ROW_STEP
    assert_rows_match_the_drawing(w)
    # a view saved before rows had a height opens at the default height
    w.close()
    w.settings.views[uid].pop("row_h")
    save_settings(w.settings)
    w = open_window(qtbot, path)
    assert w.scene.rows.h == ROW_H
    w.close()


def drag(qtbot, w, start: QPoint, dx: int) -> None:
    vp = w.view.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, 6):
        qtbot.mouseMove(vp, QPoint(start.x() + dx * k // 5, start.y()))


def test_a_drag_at_the_shortest_rows_previews_in_the_row_and_drops(qtbot, roadmap, errors):
    w = open_window(qtbot, roadmap(stacked_plan(2, 4)))
    view, scene = w.view, w.scene
    at_the_shortest_rows(w)
    start = viewport_point(w, "t0i1")
    first = w.session.schedule.dates("t0i1")[0]
    drag(qtbot, w, start, 7 * 20)  # a week later
    g = scene.glyphs["t0i1"]
    ghosts = [gh for gh in scene._ghosts if gh.isVisible()]
    assert {gh.item_id for gh in ghosts} >= {"t0i2", "t0i3"}  # its SS successors are pushed
    for gh in ghosts:
        row = scene.glyphs[gh.item_id].y0
        box = gh.mapRectToScene(gh.boundingRect())
        assert gh.rows is scene.rows and gh.pos().y() == row
        assert row <= box.top() and box.bottom() <= row + MIN_ROW_H  # in its item's row
    assert g.y0 == scene.lanes.row_y["t0i1"]  # the dragged bar stays in its row
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(140, 0))
    after = w.session.schedule.dates("t0i1")[0]
    assert (after - first).days == 7
    assert not any(gh.isVisible() for gh in scene._ghosts)
    assert_rows_match_the_drawing(w)
    w.undo_history.undo_action.trigger()
    assert w.session.schedule.dates("t0i1")[0] == first
    assert scene.rows.h == MIN_ROW_H
    assert_rows_match_the_drawing(w)
    w.close()


def test_rename_in_place_covers_the_label_at_the_shortest_rows(qtbot, roadmap, errors):
    w = open_window(qtbot, roadmap(stacked_plan(2, 4)))
    w.view.set_row_height(MIN_ROW_H)
    w.select_item("t1i2")
    w.actions_["rename_item"].trigger()
    editor = w.context_menus.commands.editor
    assert editor.isVisible() and editor.item_id == "t1i2"
    g = w.scene.glyphs["t1i2"]
    middle = w.view.mapFromScene(QPointF(g.x0 + g.label_x(), g.y0 + g.rows.mid))
    box = editor.geometry()
    assert abs(box.center().y() - middle.y()) <= 1  # centred on the row
    assert box.height() >= MIN_ROW_H and box.left() <= middle.x() <= box.right()
    qtbot.keyClicks(editor, "Renamed")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert w.session.plan.item("t1i2").title == "Renamed"
    w.close()


def test_row_height_entries_are_in_the_view_menu_with_their_shortcuts(qtbot, roadmap, errors):
    w = open_window(qtbot, roadmap(stacked_plan(2, 3)))
    view_menu = w.menu("&View")
    names = [a.text().replace("&", "") for a in view_menu.actions()]
    assert "Taller rows" in names and "Shorter rows" in names
    taller = w.actions_["taller_rows"].shortcut().toString()
    shorter = w.actions_["shorter_rows"].shortcut().toString()
    assert taller and shorter and taller != shorter
    shortcuts = [a.shortcut().toString() for a in w.findChildren(type(w.actions_["fit_all"]))]
    assert shortcuts.count(taller) == 1 and shortcuts.count(shorter) == 1  # no clash
    w.close()


def test_a_new_height_keeps_the_lane_at_the_top_and_is_remembered(qtbot, roadmap, errors):
    w = open_window(qtbot, roadmap(stacked_plan(6, 20)))
    scene, view = w.scene, w.view
    lane = scene.lanes.lane_of("t3")
    view.verticalScrollBar().setValue(round(lane.top + LANE_HEAD_H + 4 * MIN_ROW_H - 46))
    for _ in range(3):
        w.actions_["taller_rows"].trigger()
    assert scene.rows.h == ROW_H
    top = view.mapToScene(0, 46).y()
    lane = scene.lanes.lane_of("t3")
    assert lane.top + LANE_HEAD_H + 4 * ROW_H == pytest.approx(top, abs=1)  # the same row
    assert w.view_state.current["row_h"] == ROW_H and w.view_state.current["lane"] == "t3"
    assert_rows_match_the_drawing(w)
    w.close()


def test_links_bands_and_collapsed_lanes_work_at_the_shortest_rows(qtbot, roadmap, errors):
    w = open_window(qtbot, roadmap(stacked_plan(2, 4)))
    view, scene = w.view, w.scene
    at_the_shortest_rows(w)
    vp = view.viewport()
    # a link dragged from a handle to a bar
    src = scene.glyphs["t1i3"]
    start = viewport_point(w, "t1i3", src.width + HANDLE_R + 3)
    assert scene.glyph_at(view.mapToScene(start)) == (src, "link")
    end = viewport_point(w, "t0i0")
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, 7):
        qtbot.mouseMove(vp, start + (end - start) * k / 6)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=end)
    assert any(d.key == ("t1i3", "t0i0") for d in w.session.plan.dependencies)
    assert_rows_match_the_drawing(w)
    # a band across two rows' bars selects those two items, no more
    a, b = viewport_point(w, "t0i1", 4), viewport_point(w, "t0i2", 4)
    band_from, band_to = QPoint(a.x() - 30, a.y()), QPoint(b.x() + 10, b.y())
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, SHIFT, band_from)
    for k in range(1, 5):
        qtbot.mouseMove(vp, band_from + (band_to - band_from) * k / 4)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, SHIFT, band_to)
    assert set(w.selected_item_ids()) == {"t0i1", "t0i2"}
    # a collapsed lane: one thin row, the arrow into it ends on that row
    w.view_state.set_collapsed("t0", True)
    lane = scene.lanes.lane_of("t0")
    thin = lane.top + LANE_HEAD_H + COLLAPSED_H / 2
    assert lane.collapsed and scene.glyphs["t0i0"].anchor_xy(False)[1] == thin
    *_, (_, y) = scene.arrow_route("t1i3", "t0i0")[0]
    assert y == thin
    other = scene.lanes.lane_of("t1")
    assert other.top == lane.bottom
    g = scene.glyphs["t1i2"]
    assert g.y0 == other.top + LANE_HEAD_H + other.row_of["t1i2"] * MIN_ROW_H
    found, zone = scene.glyph_at(QPointF(g.x0 + g.width / 2, g.y0 + g.rows.mid))
    assert found is g and zone == "body"
    w.view_state.set_collapsed("t0", False)
    assert_rows_match_the_drawing(w)
    w.close()
