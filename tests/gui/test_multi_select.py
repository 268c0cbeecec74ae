"""Several items selected on the timeline, driven with the mouse and keys as a person
would: Ctrl+click adds and removes, a rubber band selects what it touches, a drag of one
moves them all as one undo step with one preview, Left / Right nudge them all, the
right-click menu acts on all, Esc and a click on empty space clear."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from planner.gui.timeline_items import GhostGlyph
from planner.gui.timeline_layout import HEADER_H
from tests.gui.conftest import shown_window
from tests.gui.menu_driver import choose, enabled, right_click

TODAY = date(2026, 11, 22)
PPD = 20.0  # pixels per day: 7 days = 140 px
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window(qtbot, sample_path, errors):
    w = shown_window(qtbot, sample_path, PPD)
    w.view.scroll_to_day(date(2026, 10, 26), 0.0)
    w.view.verticalScrollBar().setValue(0)
    yield w
    w.session.close()


def all_dates(session) -> dict[str, tuple[date, date]]:
    return {i: session.schedule.dates(i) for i in session.schedule.ids}


def point(window, item_id: str) -> QPoint:
    """Viewport point on an item's bar or diamond (the view is not scrolled)."""
    g = window.scene.glyphs[item_id]
    x = 0.0 if g.milestone else min(g.width / 2, 30)
    return window.view.mapFromScene(g.mapToScene(QPointF(x, g.rows.mid)))


def click(qtbot, window, item_id: str, mods=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.mouseClick(window.view.viewport(), LEFT, mods, point(window, item_id))


def drag(qtbot, window, start: QPoint, dx: int, dy: int = 0, mods=None, release=True) -> None:
    vp = window.view.viewport()
    mods = mods or Qt.KeyboardModifier.NoModifier
    qtbot.mousePress(vp, LEFT, mods, start)
    for k in range(1, 7):
        qtbot.mouseMove(vp, QPoint(start.x() + dx * k // 6, start.y() + dy * k // 6))
    if release:
        qtbot.mouseRelease(vp, LEFT, mods, QPoint(start.x() + dx, start.y() + dy))


def empty_point(window) -> QPoint:
    """A viewport point below the header with no glyph and no arrow under it."""
    view, scene = window.view, window.scene
    for y in range(view.viewport().height() - 20, int(HEADER_H) + 20, -17):
        for x in range(view.viewport().width() - 40, 40, -23):
            at = view.mapToScene(QPoint(x, y))
            if scene.glyph_at(at)[0] is None and scene.link_at(at) is None:
                return QPoint(x, y)
    raise AssertionError("no empty spot")


def visible_ghosts(window) -> set[str]:
    return {g.item_id for g in window.scene.items() if isinstance(g, GhostGlyph) and g.isVisible()}


def drawn_selected(window) -> set[str]:
    return {i for i, g in window.scene.glyphs.items() if g.selected}


def test_ctrl_click_adds_and_removes_and_the_last_clicked_is_shown(qtbot, window):
    click(qtbot, window, "disc")
    click(qtbot, window, "schema", CTRL)
    click(qtbot, window, "mnav", CTRL)
    assert window.selected_item_ids() == ("disc", "schema", "mnav")
    assert drawn_selected(window) == {"disc", "schema", "mnav"}
    assert window.selected_item_id() == "mnav"  # the primary: the inspector shows it
    assert window.inspector.title.text() == "App navigation update"
    assert window.inspector.several.isVisible()
    assert window.inspector.several.text().startswith("3 items selected")
    assert window.table.selected_item_id() == "mnav"  # the table shows the primary only
    click(qtbot, window, "schema", CTRL)  # out again
    assert window.selected_item_ids() == ("disc", "mnav")
    assert drawn_selected(window) == {"disc", "mnav"}
    click(qtbot, window, "mnav", CTRL)  # the primary out: the other is shown
    assert window.selected_item_ids() == ("disc",) and window.selected_item_id() == "disc"
    assert not window.inspector.several.isVisible()
    # a plain click selects one alone; Esc and a click on empty space clear
    click(qtbot, window, "schema", CTRL)
    click(qtbot, window, "disc")
    assert window.selected_item_ids() == ("disc",)
    click(qtbot, window, "schema", CTRL)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert window.selected_item_ids() == () and drawn_selected(window) == set()
    click(qtbot, window, "schema", CTRL)
    click(qtbot, window, "disc", CTRL)
    qtbot.mouseClick(window.view.viewport(), LEFT, pos=empty_point(window))
    assert window.selected_item_ids() == () and window.selected_item_id() is None


def band_rect_items(window, top_left: QPoint, bottom_right: QPoint) -> set[str]:
    """What a band between two viewport points should select: the glyphs whose bar or
    diamond meets that rectangle (computed independently of the view's code)."""

    a, b = window.view.mapToScene(top_left), window.view.mapToScene(bottom_right)
    out = set()
    for item_id, g in window.scene.glyphs.items():
        m = g.rows
        if g.milestone:
            d = m.diamond
            x0, x1, y0, y1 = g.x0 - d, g.x0 + d, g.y0 + m.mid - d, g.y0 + m.mid + d
        else:
            x0, x1, y0, y1 = g.x0, g.x0 + g.width, g.y0 + m.bar_top, g.y0 + m.bar_top + m.bar_h
        if x0 < b.x() and x1 > a.x() and y0 < b.y() and y1 > a.y():
            out.add(item_id)
    return out


def test_a_shift_drag_on_empty_space_selects_what_the_band_touches(qtbot, window):
    view = window.view
    before = view.horizontalScrollBar().value(), view.verticalScrollBar().value()
    # from left of Discovery's row down over the first rows of design to mid-November
    disc = point(window, "disc")
    start = QPoint(disc.x() - 60, disc.y() - 4)
    wire = point(window, "wire")  # (rows are shared: Wireframes may sit below Design tokens)
    end = QPoint(wire.x() + 10, max(point(window, "ds").y(), wire.y()))
    expected = band_rect_items(window, start, end)
    assert {"disc", "flows", "wire", "ds"} <= expected and "visual" not in expected
    drag(qtbot, window, start, end.x() - start.x(), end.y() - start.y(), SHIFT)
    assert set(window.selected_item_ids()) == expected
    assert drawn_selected(window) == expected
    assert (view.horizontalScrollBar().value(), view.verticalScrollBar().value()) == before
    # Ctrl+drag adds another band to the selection; a plain drag still pans
    api = point(window, "api")
    drag(qtbot, window, QPoint(api.x() - 30, api.y() - 3), 40, 6, CTRL)
    assert set(window.selected_item_ids()) == expected | {"api"}
    drag(qtbot, window, empty_point(window), -200, 0)
    assert view.horizontalScrollBar().value() == before[0] + 200
    assert window.selected_item_ids() == ()  # the press on empty space cleared it


def test_ctrl_a_selects_the_items_in_view(qtbot, window):
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_A, CTRL)
    seen = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    ids = set(window.selected_item_ids())
    assert "disc" in ids and len(ids) > 5
    for item_id in ids:
        g = window.scene.glyphs[item_id]
        mid = g.rows.mid
        assert g.x0 <= seen.right() and g.y0 + mid >= seen.top() + HEADER_H - mid


def test_dragging_one_of_three_moves_all_three_as_one_undo_step(qtbot, window):
    s = window.session
    before = all_dates(s)
    for item_id, mods in (("disc", None), ("schema", CTRL), ("mnav", CTRL)):
        click(qtbot, window, item_id, mods or Qt.KeyboardModifier.NoModifier)
    x0 = {i: window.scene.glyphs[i].x0 for i in ("disc", "schema", "mnav")}
    drag(qtbot, window, point(window, "schema"), int(7 * PPD), release=False)
    # while dragging: all three glyphs follow, one preview shows what they push
    for i in ("disc", "schema", "mnav"):
        assert window.scene.glyphs[i].x0 == pytest.approx(x0[i] + 7 * PPD)
    ghosts = visible_ghosts(window)
    assert {"flows", "ds", "api"} <= ghosts  # pushed by Discovery and the data model
    assert not ghosts & {"disc", "schema", "mnav"}
    msg = window.statusBar().currentMessage()
    assert msg.startswith("Move 3 items (Payments data model → ")
    assert "pushes" in msg
    assert all_dates(s) == before and window.undo_history.count() == 0
    qtbot.mouseRelease(window.view.viewport(), LEFT, pos=point(window, "schema"))
    after = all_dates(s)
    for i in ("disc", "schema", "mnav"):
        assert after[i][0] == date(2026, 11, 9), i  # Mon 2 Nov + 7 days
    assert after["api"] != before["api"]
    assert window.undo_history.count() == 1
    assert s.history()[0].label == "Move 3 items"
    assert window.selected_item_ids() == ("disc", "schema", "mnav")  # still selected
    assert visible_ghosts(window) == set()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert all_dates(s) == before
    for i in ("disc", "schema", "mnav"):
        assert window.scene.glyphs[i].x0 == pytest.approx(x0[i])


def test_a_click_without_a_drag_on_one_of_several_selects_it_alone(qtbot, window):
    click(qtbot, window, "disc")
    click(qtbot, window, "schema", CTRL)
    click(qtbot, window, "disc")
    assert window.selected_item_ids() == ("disc",)
    assert window.undo_history.count() == 0


def test_a_group_drag_asks_one_reason_and_leaves_done_items(qtbot, window):
    s = window.session
    click(qtbot, window, "disc")  # the sample has no done items: mark Discovery done first
    window.context_menus.commands.mark_done("disc")
    assert s.plan.item("disc").done
    asked = []
    window.reason_provider = lambda edit, preview: asked.append((edit, preview)) or "vendor"
    for item_id in ("schema", "mnav"):
        click(qtbot, window, item_id, CTRL)
    assert window.selected_item_ids() == ("disc", "schema", "mnav")
    disc = all_dates(s)["disc"]
    drag(qtbot, window, point(window, "mnav"), int(7 * PPD), release=False)
    assert "1 done item stays" in window.statusBar().currentMessage()
    qtbot.mouseRelease(window.view.viewport(), LEFT, pos=point(window, "mnav"))
    assert len(asked) == 1  # one reason for the one drop
    assert asked[0][0].describe(s.plan) == "Move 2 items"
    assert all_dates(s)["disc"] == disc  # the done item stayed
    assert s.plan.item("schema").start == date(2026, 11, 9)
    assert s.history()[0].reason == "vendor"
    # a drag pressed on the done one is refused with one line
    drag(qtbot, window, point(window, "disc"), int(7 * PPD))
    assert "is done" in window.statusBar().currentMessage()
    assert s.plan.item("schema").start == date(2026, 11, 9)


def test_left_right_nudge_every_selected_item_as_one_step(qtbot, window):
    s = window.session
    before = all_dates(s)
    click(qtbot, window, "freeze")  # a milestone on Mon 23 Nov
    click(qtbot, window, "handoff", CTRL)  # a milestone on Mon 7 Dec
    window.view.setFocus()
    for _ in range(3):
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert s.plan.item("freeze").start == date(2026, 11, 26)
    assert s.plan.item("handoff").start == date(2026, 12, 10)
    assert window.undo_history.count() == 1
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    assert s.plan.item("freeze").start == date(2026, 11, 25)
    assert window.undo_history.count() == 1
    window.undo_history.undo()
    assert all_dates(s) == before


def test_the_menu_on_one_of_several_acts_on_all_as_one_step(qtbot, window):
    s = window.session
    click(qtbot, window, "disc")
    click(qtbot, window, "schema", CTRL)
    click(qtbot, window, "mnav", CTRL)
    menu = right_click(window, point(window, "schema"))
    assert menu.objectName() == "selection-menu"
    on = enabled(menu)
    assert on["3 items selected"] is False  # a title
    assert on["Mark done (3)"] and on["Lock dates (3)"] and not on["Unlock dates (0)"]
    assert window.selected_item_ids() == ("disc", "schema", "mnav")  # kept
    choose(qtbot, menu, "Lock dates")
    assert all(s.plan.item(i).locked for i in ("disc", "schema", "mnav"))
    assert window.undo_history.count() == 1
    menu = right_click(window, point(window, "disc"))
    choose(qtbot, menu, "Change team", "Web")
    assert {s.plan.item(i).team for i in ("disc", "schema", "mnav")} == {"web"}
    assert window.undo_history.count() == 2
    window.undo_history.undo()
    assert [s.plan.item(i).team for i in ("disc", "schema", "mnav")] == ["design", "be", "mobile"]
    menu = right_click(window, point(window, "mnav"))
    choose(qtbot, menu, "Delete 3 items")
    assert not any(s.plan.has_item(i) for i in ("disc", "schema", "mnav"))
    assert window.selected_item_ids() == () and window.selected_item_id() is None
    window.undo_history.undo()
    assert all(s.plan.has_item(i) for i in ("disc", "schema", "mnav"))
    assert any(d.key == ("disc", "flows") for d in s.plan.dependencies)  # links back


def test_the_delete_action_deletes_every_selected_item_as_one_step(qtbot, window):
    s = window.session
    click(qtbot, window, "disc")
    click(qtbot, window, "schema", CTRL)
    window.actions_["delete_item"].trigger()
    assert not s.plan.has_item("disc") and not s.plan.has_item("schema")
    assert window.undo_history.count() == 1


# -- auto-scroll and edge markers ---------------------------------------------------------
def test_a_drag_held_at_the_right_edge_scrolls_and_the_preview_follows(qtbot, window):
    view, s = window.view, window.session
    vp = view.viewport()
    h = view.horizontalScrollBar()
    start = point(window, "schema")  # Mon 2 Nov
    x_before = window.scene.glyphs["schema"].x0
    qtbot.mousePress(vp, LEFT, pos=start)
    edge = QPoint(vp.width() - 4, start.y())
    for k in range(1, 5):
        qtbot.mouseMove(vp, QPoint(start.x() + (edge.x() - start.x()) * k // 4, start.y()))
    h0 = h.value()
    assert view.autoscroll.active
    qtbot.waitUntil(lambda: h.value() > h0 + 200, timeout=5000)
    # the drag followed the scroll: the bar is under the pointer, not where it let go
    pointer_days = (edge.x() - start.x()) / PPD
    glyph = window.scene.glyphs["schema"]
    assert glyph.x0 - x_before > (pointer_days + 200 / PPD - 3) * PPD
    # under the pointer: it was pressed 30 px into the bar; the drag counts whole days,
    # and a task dragged onto a weekend starts on the Monday after
    assert abs(view.mapFromScene(QPointF(glyph.x0, 0)).x() - (edge.x() - 30)) <= 3 * PPD
    assert "Move Payments data model" in window.statusBar().currentMessage()
    # back in the middle: it stops
    qtbot.mouseMove(vp, QPoint(vp.width() // 2, start.y()))
    assert not view.autoscroll.active
    stopped = h.value()
    qtbot.wait(100)
    assert h.value() == stopped
    days = view.drag.drag.days
    qtbot.mouseRelease(vp, LEFT, pos=QPoint(vp.width() // 2, start.y()))
    assert not view.autoscroll.active
    moved = s.plan.item("schema").start
    scrolled_days = (stopped - h0) / PPD
    assert days >= (vp.width() // 2 - start.x()) / PPD + scrolled_days - 1  # the scroll counts
    assert 0 <= (moved - date(2026, 11, 2)).days - days <= 2  # snapped to a working day
    assert window.undo_history.count() == 1


def test_a_drag_held_at_the_right_edge_keeps_scrolling_past_the_plan(qtbot, window):
    """Held still at the edge (no mouse moves), the view scrolls on past the scene's
    end as it was, the bar under the pointer all the way; Esc fits the scene again."""
    view, scene = window.view, window.scene
    vp, h = view.viewport(), view.horizontalScrollBar()
    start = point(window, "schema")
    qtbot.mousePress(vp, LEFT, pos=start)
    edge = QPoint(vp.width() - 4, start.y())
    for k in range(1, 5):
        qtbot.mouseMove(vp, QPoint(start.x() + (edge.x() - start.x()) * k // 4, start.y()))
    end_before, rect_before = h.maximum(), scene.sceneRect()
    qtbot.waitUntil(lambda: h.value() > end_before + 60 * PPD, timeout=20000)
    assert view.autoscroll.active  # still scrolling, the pointer still held there
    glyph = scene.glyphs["schema"]
    assert abs(view.mapFromScene(QPointF(glyph.x0, 0)).x() - (edge.x() - 30)) <= 3 * PPD
    when = window.session.calendar.date_of(view.drag.drag.points()[0])
    assert when > scene.scale.day_at(rect_before.right())  # the status's date, past the old end
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert scene.sceneRect() == rect_before
    assert h.value() == h.maximum() == end_before
    qtbot.mouseRelease(vp, LEFT, pos=edge)


def test_a_zoom_mid_drag_keeps_the_bar_under_the_pointer(qtbot, window):
    view, scene = window.view, window.scene
    vp = view.viewport()
    start = point(window, "schema")  # 30 px (1.5 days) into the bar
    qtbot.mousePress(vp, LEFT, pos=start)
    at = QPoint(start.x() + 160, start.y())
    for k in range(1, 5):
        qtbot.mouseMove(vp, QPoint(start.x() + 40 * k, start.y()))
    status = window.statusBar().currentMessage()
    view.set_ppd(3 * PPD, at.x())  # Ctrl+wheel under the pointer
    glyph = scene.glyphs["schema"]
    assert view.mapFromScene(QPointF(glyph.x0, 0)).x() == pytest.approx(at.x() - 90, abs=1)
    assert window.statusBar().currentMessage() == status
    qtbot.mouseMove(vp, QPoint(at.x() + 3 * PPD, at.y()))  # one more day
    assert view.mapFromScene(QPointF(glyph.x0, 0)).x() == pytest.approx(at.x() - 30, abs=1)
    qtbot.keyClick(view, Qt.Key.Key_Escape)  # back where it is, at the new zoom
    x0, _ = scene.span_x(*window.session.schedule.points("schema"))
    assert glyph.x0 == x0
    qtbot.mouseRelease(vp, LEFT, pos=at)


def test_a_band_held_at_the_bottom_edge_scrolls_down(qtbot, window):
    view = window.view
    vp = view.viewport()
    window.resize(1400, 500)
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 0)
    v = view.verticalScrollBar()
    start = QPoint(point(window, "disc").x() - 40, int(HEADER_H) + 4)  # left of 2 Nov
    assert window.scene.glyph_at(view.mapToScene(start))[0] is None
    end = QPoint(start.x() + 200, vp.height() - 3)
    qtbot.mousePress(vp, LEFT, SHIFT, start)
    qtbot.mouseMove(vp, end)
    first = set(window.selected_item_ids())
    qtbot.waitUntil(lambda: v.value() == v.maximum(), timeout=8000)  # to the last lane
    qtbot.waitUntil(lambda: not view.autoscroll.active)  # it stops there by itself
    qtbot.mouseRelease(vp, LEFT, SHIFT, end)
    assert not view.autoscroll.active
    assert first < set(window.selected_item_ids())  # the band grew with the scroll
    assert "mnav" in window.selected_item_ids()  # the mobile lane, below the first screen
    assert "mnav" not in first


def test_edge_markers_count_what_a_drag_pushes_out_of_view(qtbot, window):
    view, scene = window.view, window.scene
    window.resize(1400, 480)  # the lanes below reach past the view
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 100)
    assert scene.out_of_view.counts(view) == {}
    start = point(window, "schema")
    drag(qtbot, window, start, int(10 * PPD), release=False)  # pushes the API chain on
    seen = view.mapToScene(vp_rect := view.viewport().rect()).boundingRect()
    ghosts = [g for g in scene.items() if isinstance(g, GhostGlyph) and g.isVisible()]
    # a bar that starts at the edge is out; a diamond at the edge (its day's end) is in
    right = [g for g in ghosts if g.pos().x() > seen.right() - (not g.milestone)]
    counts = scene.out_of_view.counts(view)
    assert right, "the drag should push something past the right edge"
    assert counts["right"][0] == len({g.item_id for g in right})
    assert counts["right"][1] == len({g.item_id for g in right if g.breaks})
    assert "left" not in counts
    image = view.viewport().grab()  # paints the markers (drawForeground)
    assert not image.isNull() and vp_rect.width() > 0
    # scrolled far right, the pushed ones lie left of the view
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    counts = scene.out_of_view.counts(view)
    assert counts.get("left", (0, 0))[0] > 0
    # scrolled down, the pushed rows above the view are counted at the top
    view.horizontalScrollBar().setValue(0)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    above = {g.item_id for g in ghosts if g.pos().y() + g.rows.mid < seen.top() + HEADER_H}
    assert above and scene.out_of_view.counts(view)["top"][0] == len(above)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert scene.out_of_view.counts(view) == {}  # cleared with the drag
    qtbot.mouseRelease(view.viewport(), LEFT, pos=start)


def test_edge_markers_never_cover_the_dragged_item(qtbot, window):
    """Held at the right edge mid-height, the dragged bar sits where the right chips
    would: they move below it (or above, near the bottom); top and bottom chips move
    beside it."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFontMetricsF

    from planner.gui.timeline_edges import marker_boxes

    fm = QFontMetricsF(window.view.header_font)
    counts = {"right": (7, 1), "left": (2, 0), "bottom": (3, 0)}
    width, height = 1200.0, 700.0
    free = marker_boxes(counts, fm, width, height)
    for where in (QRectF(1000, 380, 190, 24), QRectF(1000, 660, 190, 24),
                  QRectF(520, 662, 160, 24), QRectF(0, 380, 120, 24)):  # fmt: skip
        boxes = marker_boxes(counts, fm, width, height, where)
        assert len(boxes) == len(free)
        assert not any(box.intersects(where) for box, _, _ in boxes), where
        assert all(box.left() >= 0 and box.right() <= width for box, _, _ in boxes)
    # with nothing to avoid the chips sit where they always do: mid height on the sides
    assert {t for _, t, _ in free} == {t for _, t, _ in marker_boxes(counts, fm, width, height)}
