"""The timeline's gestures at a shorter row height, driven as a person would: dragging
a link from the handle, a rubber band, the hover card, a collapsed lane and the lane
kept at the top when the keyboard changes the height (tests/gui/test_row_height.py has
the fit, the saved view, a drag of an item and rename in place)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication

from planner.gui.timeline_items import HANDLE_R
from planner.gui.timeline_layout import COLLAPSED_H, LANE_HEAD_H, MIN_ROW_H, ROW_H, ROW_STEP
from planner.gui.timeline_selection import shape_rect
from tests.gui.test_row_height import (
    assert_rows_match_the_drawing,
    at_the_shortest_rows,
    open_window,
    stacked_plan,
    viewport_point,
)
from tests.gui.test_row_height import (
    roadmap as roadmap,  # the fixture
)

SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_a_link_dragged_from_the_handle_at_the_shortest_rows(qtbot, roadmap, errors):
    w = open_window(qtbot, roadmap(stacked_plan(2, 4)))
    at_the_shortest_rows(w)
    scene, vp = w.scene, w.view.viewport()
    g = scene.glyphs["t0i0"]
    handle = viewport_point(w, "t0i0", g.width + HANDLE_R + 3)
    assert scene.glyph_at(w.view.mapToScene(handle)) == (g, "link")
    target = viewport_point(w, "t1i3")  # the lane below, three rows down
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=handle)
    for k in range(1, 7):
        qtbot.mouseMove(vp, handle + (target - handle) * k / 6)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=target)
    keys = {d.key for d in w.session.plan.dependencies}
    assert ("t0i0", "t1i3") in keys
    (_, ay), *_, (_, by) = scene.arrow_route("t0i0", "t1i3")[0]
    assert ay == g.y0 + MIN_ROW_H / 2 and by == scene.glyphs["t1i3"].y0 + MIN_ROW_H / 2
    assert_rows_match_the_drawing(w)
    w.close()


def test_a_rubber_band_selects_the_rows_it_touches_at_the_shortest_rows(qtbot, roadmap, errors):
    w = open_window(qtbot, roadmap(stacked_plan(2, 6)))
    at_the_shortest_rows(w)
    scene, view, vp = w.scene, w.view, w.view.viewport()
    rows = [scene.glyphs[f"t0i{k}"] for k in (1, 2, 3)]
    left = view.mapFromScene(QPointF(rows[0].x0 - 30, 0)).x()
    # from just inside the first row's top to just inside the last one's bottom: the
    # bars of the rows above and below end short of them, 3.5 px from their row's edge
    top = view.mapFromScene(QPointF(0, rows[0].y0 + 1)).y()
    bottom = view.mapFromScene(QPointF(0, rows[-1].y0 + MIN_ROW_H - 1)).y()
    assert shape_rect(scene.glyphs["t0i0"]).bottom() < rows[0].y0
    assert shape_rect(scene.glyphs["t0i4"]).top() > rows[-1].y0 + MIN_ROW_H
    start, end = QPoint(left, top), QPoint(left + 60, bottom)
    assert scene.glyph_at(view.mapToScene(start)) == (None, None)  # empty space
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, SHIFT, start)
    qtbot.mouseMove(vp, end)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, SHIFT, end)
    assert set(scene.selected_ids) == {"t0i1", "t0i2", "t0i3"}  # not the rows around them
    w.close()


def test_the_hover_card_is_of_the_row_under_the_mouse(qtbot, roadmap, errors):
    w = open_window(qtbot, roadmap(stacked_plan(2, 6)))
    at_the_shortest_rows(w)
    vp = w.view.viewport()
    for item_id in ("t0i2", "t0i3"):  # rows 18 px apart
        pos = viewport_point(w, item_id)
        event = QHelpEvent(QEvent.Type.ToolTip, pos, vp.mapToGlobal(pos))
        QApplication.sendEvent(vp, event)
        assert w.view.hover_cards.shown_for == item_id
    w.close()


def test_a_collapsed_lane_keeps_its_thin_row_at_every_height(qtbot, roadmap, errors):
    w = open_window(qtbot, roadmap(stacked_plan(3, 4), "three.roadmap"), size=(1200, 1000))
    scene, view = w.scene, w.view
    w.view_state.set_collapsed("t1", True)
    for h in (ROW_H - ROW_STEP, MIN_ROW_H):
        view.set_row_height(h)
        lane = scene.lanes.lane_of("t1")
        assert lane.collapsed and lane.bottom - lane.top == LANE_HEAD_H + COLLAPSED_H + 6
        for item_id in lane.item_ids:  # centred on the thin row
            g = scene.glyphs[item_id]
            assert g.collapsed and g.y0 + h / 2 == lane.top + LANE_HEAD_H + COLLAPSED_H / 2
        below = scene.lanes.lane_of("t2")
        assert below.top == lane.bottom
        assert scene.glyphs["t2i0"].y0 == below.top + LANE_HEAD_H + below.row_of["t2i0"] * h
    w.view_state.set_collapsed("t1", False)
    assert_rows_match_the_drawing(w)
    w.close()


def test_the_shortcut_keeps_the_lane_at_the_top_of_the_view(qtbot, roadmap, errors):
    w = open_window(qtbot, roadmap(stacked_plan(6, 20)), size=(1200, 600))
    scene, view = w.scene, w.view
    view.set_row_height(ROW_H)
    lane = scene.lanes.lane_of("t3")
    view.verticalScrollBar().setValue(round(lane.top + LANE_HEAD_H + 5 * ROW_H - 46))
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=2000)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier | SHIFT)
    assert scene.rows.h == ROW_H - ROW_STEP
    top = view.mapToScene(0, 46).y()
    lane = scene.lanes.lane_of("t3")
    assert abs(top - (lane.top + LANE_HEAD_H + 5 * scene.rows.h)) <= 1  # the same row
    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier | SHIFT)
    assert scene.rows.h == ROW_H
    w.close()


def test_the_row_height_keys_are_the_timelines_the_table_keeps_its_own(qtbot, roadmap, errors):
    """Ctrl+Shift+Up / Down change the rows only with the timeline in focus: in the item
    table they move its selection, as in any table."""
    w = open_window(qtbot, roadmap(stacked_plan(3, 5)))
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=2000)
    w.tabs.setCurrentWidget(w.table)
    table = w.table.view
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier | SHIFT)
    assert w.scene.rows.h == ROW_H and table.currentIndex().row() > 0
    w.tabs.setCurrentIndex(0)
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier | SHIFT)
    assert w.scene.rows.h == ROW_H - ROW_STEP
    w.close()
