"""The timeline driven with the mouse and keyboard, as a person would: drags move items
and their dependents (in the session and in the file), ghosts show while dragging, undo
restores every date, links refuse cycles, arrow keys nudge. Dependency arrows leave and
enter the sides their type binds and follow every move; the arrow layer draws only the
links in the exposed area."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QStyleOptionGraphicsItem

from planner.app.session import PlanSession
from planner.domain.edits import UpdateDependency
from planner.gui import timeline_arrows
from planner.gui.timeline_items import HANDLE_R, GhostGlyph
from planner.gui.timeline_layout import ARROW_PAD, arrow_boxes, arrow_route
from tests.gui.conftest import home_view, shown_window

TODAY = date(2026, 11, 22)
PPD = 20.0  # pixels per day for every test: 7 days = 140 px


@pytest.fixture
def window(qtbot, sample_path, errors):
    w = shown_window(qtbot, sample_path)
    home_view(w, PPD)
    yield w
    w.session.close()


def all_dates(session) -> dict[str, tuple[date, date]]:
    return {i: session.schedule.dates(i) for i in session.schedule.ids}


def stored_starts(path) -> dict[str, date]:
    """The planned starts as another process reads them from the file."""
    s = PlanSession.open(path, read_only=True)
    try:
        return {it.id: it.start for it in s.plan.items}
    finally:
        s.close()


def point(window, item_id: str, where: str = "body") -> QPoint:
    """Viewport coordinates of a spot on an item's glyph (scrolled into view first)."""
    window.view.ensure_item_visible(item_id)
    g = window.scene.glyphs[item_id]
    right = 8.0 if g.milestone else g.width
    x = {"body": right / 2 if not g.milestone else 0.0, "end": right - 2,
         "link": right + HANDLE_R + 3}[where]  # fmt: skip
    return window.view.mapFromScene(g.mapToScene(QPointF(x, g.rows.mid)))


def drag(qtbot, window, start: QPoint, dx: int, dy: int = 0, release: bool = True):
    vp = window.view.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    steps = 6
    for k in range(1, steps + 1):
        qtbot.mouseMove(vp, QPoint(start.x() + dx * k // steps, start.y() + dy * k // steps))
    end = QPoint(start.x() + dx, start.y() + dy)
    if release:
        qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=end)
    return end


def visible_ghosts(window) -> dict[str, GhostGlyph]:
    return {
        g.item_id: g for g in window.scene.items() if isinstance(g, GhostGlyph) and g.isVisible()
    }


def test_dragging_an_item_moves_it_and_its_dependents_in_session_and_file(qtbot, window):
    s = window.session
    before = all_dates(s)
    drag(qtbot, window, point(window, "api"), int(7 * PPD))  # one week later
    # was Mon 9 Nov; Mon 16 Nov is a holiday in the sample, so it snaps to Tue 17
    assert s.plan.item("api").start == date(2026, 11, 17)
    after = all_dates(s)
    assert after["api"][0] == date(2026, 11, 17)
    for pushed in ("freeze", "webhooks", "ledger", "billing", "perf", "invoices"):
        assert after[pushed][0] > before[pushed][0], pushed
    assert after["disc"] == before["disc"]  # unrelated items stay
    assert stored_starts(s.path)["api"] == date(2026, 11, 17)
    assert window.undo_history.count() == 1
    # the glyph follows the new schedule
    g = window.scene.glyphs["api"]
    assert g.pos().x() == pytest.approx(window.scene.scale.x_of(date(2026, 11, 17)))


def test_ghosts_show_the_knock_on_effect_while_dragging(qtbot, window):
    s = window.session
    before = all_dates(s)
    start = point(window, "api")
    drag(qtbot, window, start, int(7 * PPD), release=False)
    ghosts = visible_ghosts(window)
    assert {"freeze", "webhooks", "ledger", "invoices"} <= set(ghosts)
    assert "api" not in ghosts  # the dragged bar itself moves
    assert "disc" not in ghosts
    # invoices has a deadline (Dec 9) that this push breaks: its ghost is marked
    assert ghosts["invoices"].breaks
    assert not ghosts["freeze"].breaks
    assert "breaks" in window.statusBar().currentMessage()
    assert "locked" not in window.statusBar().currentMessage()  # Store launch is far away
    assert window.scene.glyphs["store"].warning == ""
    # nothing is applied before the drop
    assert all_dates(s) == before
    assert window.undo_history.count() == 0
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert visible_ghosts(window) == {}
    qtbot.mouseRelease(window.view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    assert all_dates(s) == before


def painted_columns(item) -> set[int]:
    """The scene x columns where ``item`` paints anything (rendered on its own)."""
    rect = item.boundingRect()
    image = QImage(int(rect.width()) + 2, int(rect.height()) + 2, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.translate(-rect.left(), -rect.top())
    item.paint(painter, QStyleOptionGraphicsItem(), None)
    painter.end()
    left = item.scenePos().x() + rect.left()
    return {
        int(left + x)
        for x in range(image.width())
        if any(image.pixelColor(x, y).alpha() for y in range(image.height()))
    }


def test_a_ghost_leaves_its_own_label_readable(qtbot, window):
    drag(qtbot, window, point(window, "api"), int(7 * PPD), release=False)
    ghosts = visible_ghosts(window)
    checked = 0
    for item_id in ("webhooks", "ledger", "freeze", "invoices"):
        ghost, glyph = ghosts[item_id], window.scene.glyphs[item_id]
        label = range(
            int(glyph.x0 + glyph.label_x()), int(glyph.x0 + glyph.label_x() + glyph.label_w) - 3
        )
        painted = painted_columns(ghost)
        assert painted - set(label), item_id  # the ghost still shows beside the label
        if set(label) & set(range(int(ghost.x()), int(ghost.x() + ghost.width))):
            assert not painted & set(label), item_id  # but nothing of it behind the text
            checked += 1
    assert checked >= 2  # pushed a week, most ghosts land on their own labels
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)


def test_drag_preview_marks_a_locked_date_it_would_push(qtbot, window):
    s = window.session
    before = all_dates(s)
    assert not [v for v in s.schedule.violations if v.kind == "conflict"]
    store = window.scene.glyphs["store"]  # locked on Fri 25 Dec, right after Store review
    start = point(window, "review")
    drag(qtbot, window, start, int(7 * PPD), release=False)
    msg = window.statusBar().currentMessage()
    assert "conflicts with 1 locked date (Store launch)" in msg
    assert store.late and "past its fixed date" in store.warning
    assert "store" not in visible_ghosts(window)  # a locked item does not move
    assert all_dates(s) == before  # nothing applied while dragging
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert not store.late and store.warning == ""
    qtbot.mouseRelease(window.view.viewport(), Qt.MouseButton.LeftButton, pos=start)

    drag(qtbot, window, point(window, "review"), int(7 * PPD))  # dropped: a real conflict
    (conflict,) = [v for v in s.schedule.violations if v.kind == "conflict"]
    assert (conflict.item, conflict.pred) == ("store", "review")
    assert s.schedule.dates("store") == before["store"]
    assert "1 conflict" in window.counts.text()
    # easing the existing conflict is not reported as a new one; pushing further is
    for days, reported in ((-1, False), (3, True)):
        start = point(window, "review")
        drag(qtbot, window, start, int(days * PPD), release=False)
        assert ("conflicts with 1 locked date" in window.statusBar().currentMessage()) is reported
        assert bool(window.scene.glyphs["store"].warning) is reported
        qtbot.keyClick(window.view, Qt.Key.Key_Escape)
        qtbot.mouseRelease(window.view.viewport(), Qt.MouseButton.LeftButton, pos=start)


def test_undo_restores_every_date_and_redo_reapplies(qtbot, window):
    s = window.session
    before = all_dates(s)
    drag(qtbot, window, point(window, "api"), int(14 * PPD))
    after = all_dates(s)
    assert after != before
    window.undo_history.undo()
    assert all_dates(s) == before
    assert stored_starts(s.path)["api"] == date(2026, 11, 9)
    g = window.scene.glyphs["api"]
    assert g.pos().x() == pytest.approx(window.scene.scale.x_of(date(2026, 11, 9)))
    window.undo_history.redo()
    assert all_dates(s) == after


def test_dragging_the_end_of_a_bar_changes_its_duration(qtbot, window):
    s = window.session
    assert s.plan.item("api").duration == 10
    drag(qtbot, window, point(window, "api", "end"), int(7 * PPD))
    assert s.plan.item("api").duration == 15
    assert s.plan.item("api").start == date(2026, 11, 9)
    window.undo_history.undo()
    assert s.plan.item("api").duration == 10


def test_link_handle_creates_a_dependency(qtbot, window):
    s = window.session
    assert not any(d.key == ("disc", "schema") for d in s.plan.dependencies)
    start = point(window, "disc", "link")
    target = point(window, "schema")
    drag(qtbot, window, start, target.x() - start.x(), target.y() - start.y())
    assert any(d.key == ("disc", "schema") and d.type == "FS" for d in s.plan.dependencies)
    # schema now waits for Discovery (5 days from 2 Nov)
    assert s.schedule.dates("schema")[0] == date(2026, 11, 9)


def test_a_selected_milestones_link_handle_is_clear_of_its_label(qtbot, window):
    """API freeze, selected: its handle is whole (its label starts after it) and a drag
    from the handle's far side, where the label's backing was drawn, makes a link."""
    s = window.session
    click_pos = point(window, "freeze")
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=click_pos)
    assert window.selected_item_id() == "freeze"
    g = window.scene.glyphs["freeze"]
    c = QPointF(g.rows.diamond + HANDLE_R + 3, g.rows.mid)  # just after the tip
    r = HANDLE_R + 0.7  # its ring, with half the pen
    assert not QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r).intersects(g.label_rect())
    target = point(window, "receipts")  # (in view with it)
    far = window.view.mapFromScene(g.mapToScene(QPointF(c.x() + HANDLE_R - 1, c.y())))
    assert window.scene.glyph_at(window.view.mapToScene(far)) == (g, "link")
    drag(qtbot, window, far, target.x() - far.x(), target.y() - far.y())
    assert any(d.key == ("freeze", "receipts") for d in s.plan.dependencies), (
        window.statusBar().currentMessage()
    )


def test_a_cyclic_link_is_refused_with_a_message_and_nothing_changes(qtbot, window, errors):
    s = window.session
    deps = s.plan.dependencies
    before = all_dates(s)
    start = point(window, "webhooks", "link")  # api -> webhooks exists: webhooks -> api cycles
    target = point(window, "api")
    drag(qtbot, window, start, target.x() - start.x(), target.y() - start.y())
    assert not errors  # the drop says why in the status bar, by titles, and does nothing
    assert window.statusBar().currentMessage() == (
        "Can't link: 'Webhook handlers' already waits for 'Payments API'"
        " ('Payments API' → 'Webhook handlers')"
    )
    assert s.plan.dependencies == deps
    assert all_dates(s) == before
    assert window.undo_history.count() == 0


def test_arrow_keys_nudge_by_working_days_and_merge_into_one_undo_step(qtbot, window):
    s = window.session
    window.select_item("freeze")  # a milestone on Mon 23 Nov
    window.view.setFocus()
    for _ in range(5):
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert s.plan.item("freeze").start == date(2026, 11, 30)  # five working days on
    assert window.undo_history.count() == 1
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    assert s.plan.item("freeze").start == date(2026, 11, 27)
    window.select_item("perf")
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert window.undo_history.count() == 2  # another item: a new step
    window.undo_history.undo()
    window.undo_history.undo()
    assert s.plan.item("freeze").start == date(2026, 11, 23)


def test_drop_asks_the_reason_provider_and_cancel_keeps_the_plan(qtbot, window):
    s = window.session
    asked = []
    window.reason_provider = lambda edit, preview: asked.append(preview) or None
    drag(qtbot, window, point(window, "api"), int(7 * PPD))
    assert asked and "freeze" in asked[0].moved
    assert s.plan.item("api").start == date(2026, 11, 9)
    window.reason_provider = lambda edit, preview: "vendor sandbox down"
    drag(qtbot, window, point(window, "api"), int(7 * PPD))
    assert s.plan.item("api").start == date(2026, 11, 17)
    assert s.history()[0].reason == "vendor sandbox down"


def test_read_only_timeline_does_not_drag(qtbot, window):
    window.view.read_only = True
    before = all_dates(window.session)
    drag(qtbot, window, point(window, "api"), int(7 * PPD))
    assert all_dates(window.session) == before


def test_zoom_with_ctrl_wheel_buttons_and_fit_all(qtbot, window):
    view = window.view
    ppd = view.ppd
    window.actions_["zoom_in"].trigger()
    assert view.ppd > ppd
    window.actions_["zoom_out"].trigger()
    assert view.ppd == pytest.approx(ppd)
    from PySide6.QtCore import QPointF as P
    from PySide6.QtGui import QWheelEvent

    ev = QWheelEvent(P(300, 300), P(300, 300), QPoint(0, 0), QPoint(0, -240),
                     Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                     Qt.ScrollPhase.NoScrollPhase, False)  # fmt: skip
    view.wheelEvent(ev)
    assert view.ppd < ppd
    window.actions_["zoom_quarters"].trigger()
    assert view.ppd == pytest.approx(3.2)
    window.actions_["fit_all"].trigger()
    first, last = window.scene.span
    left = view.mapToScene(0, 0).x()
    right = view.mapToScene(view.viewport().width(), 0).x()
    assert left <= window.scene.scale.x_of(first)
    assert window.scene.scale.x_of(last) <= right
    window.actions_["today"].trigger()
    tx = view.mapFromScene(window.scene.scale.x_of(TODAY), 100).x()
    assert 0 < tx < view.viewport().width()


# -- dependency arrows ------------------------------------------------------------------
def assert_arrows_follow_glyphs(scene) -> None:
    """Every link's arrow runs from the side of its predecessor that its type binds to
    the bound side of its successor, and is strong exactly when both ends are critical."""
    glyphs = scene.glyphs
    for d in scene.session.plan.dependencies:
        pts, direction, strong = scene.arrow_route(d.pred, d.succ)
        p, s = glyphs[d.pred], glyphs[d.succ]
        assert pts[0] == pytest.approx(p.anchor_xy(d.type in ("FS", "FF"))), d
        assert pts[-1] == pytest.approx(s.anchor_xy(d.type in ("FF", "SF"))), d
        assert direction == (-1 if d.type in ("FF", "SF") else 1), d
        assert strong == (p.critical and s.critical), d


def test_arrows_bind_the_sides_their_type_names(qtbot, window):
    scene = window.scene
    types = {d.type for d in window.session.plan.dependencies}
    assert {"FS", "SS", "FF"} <= types
    assert any(g.critical for g in scene.glyphs.values())
    assert_arrows_follow_glyphs(scene)
    # FS: from api's finish to freeze's start, arriving from the left
    pts, direction, _ = scene.arrow_route("api", "freeze")
    assert pts[0] == pytest.approx(scene.glyphs["api"].anchor_xy(True))
    assert direction == 1
    window.apply_edit(UpdateDependency("api", "freeze", "SF", 0))  # a rebuild
    pts, direction, _ = scene.arrow_route("api", "freeze")
    assert pts[0] == pytest.approx(scene.glyphs["api"].anchor_xy(False))
    assert pts[-1] == pytest.approx(scene.glyphs["freeze"].anchor_xy(True))
    assert direction == -1
    assert_arrows_follow_glyphs(scene)
    with pytest.raises(KeyError):
        scene.arrow_route("freeze", "api")


def test_arrows_follow_a_drag_its_drop_undo_and_zoom(qtbot, window):
    scene = window.scene
    start = point(window, "api")
    before = scene.arrow_route("api", "freeze")[0]
    drag(qtbot, window, start, int(7 * PPD), release=False)
    moved = scene.arrow_route("api", "freeze")[0]
    assert moved[0] == pytest.approx(scene.glyphs["api"].anchor_xy(True))
    assert moved[0][0] > before[0][0]
    assert_arrows_follow_glyphs(scene)  # the dragged bar's arrows go with it
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    qtbot.mouseRelease(window.view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    assert scene.arrow_route("api", "freeze")[0] == before
    drag(qtbot, window, point(window, "api"), int(7 * PPD))  # dropped: pushes 8 items
    assert_arrows_follow_glyphs(scene)
    window.undo_history.undo()
    assert scene.arrow_route("api", "freeze")[0] == before
    assert_arrows_follow_glyphs(scene)
    window.view.set_ppd(7.0)
    assert_arrows_follow_glyphs(scene)


def assert_boxes_hold_routes(layer) -> None:
    """Each arrow's box is its route's, padded; the layer's bounds hold every box."""
    for k in range(len(layer.pred)):
        pts, _ = layer.route(k)
        xs, ys = [x for x, _ in pts], [y for _, y in pts]
        left, top, right, bottom = layer.box[:, k]
        assert (left, top) == pytest.approx((min(xs) - ARROW_PAD, min(ys) - ARROW_PAD))
        assert (right, bottom) == pytest.approx((max(xs) + ARROW_PAD, max(ys) + ARROW_PAD))
        assert layer.boundingRect().contains(QRectF(left, top, right - left, bottom - top))


def test_each_arrow_box_holds_its_route_after_moves(qtbot, window):
    layer = window.scene.arrows
    assert len(layer.pred) == len(window.session.plan.dependencies)
    drag(qtbot, window, point(window, "api"), int(14 * PPD))
    assert_boxes_hold_routes(layer)
    start = point(window, "retro")  # the rightmost arrow ends here: the layer must grow
    right = layer.boundingRect().right()
    drag(qtbot, window, start, int(10 * PPD), release=False)
    assert layer.boundingRect().right() > right
    assert_boxes_hold_routes(layer)
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    qtbot.mouseRelease(window.view.viewport(), Qt.MouseButton.LeftButton, pos=start)


def test_the_layer_draws_only_the_links_in_the_exposed_area(qtbot, window, monkeypatch):
    scene = window.scene
    drawn = []
    real = timeline_arrows.arrow_route
    monkeypatch.setattr(timeline_arrows, "arrow_route", lambda *a: drawn.append(a) or real(*a))
    g = scene.glyphs["api"]
    area = QRectF(g.x0 - 20, g.y0, 40, 24)  # around api's start
    image = QImage(40, 24, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    scene.render(painter, QRectF(0, 0, 40, 24), area)
    painter.end()
    links = window.session.plan.dependencies
    into_api = [d for d in links if d.succ == "api"]
    assert into_api and len(drawn) >= len(into_api)
    assert len(drawn) < len(links) / 2
    starts = {(round(a[2], 3), round(a[3], 3)) for a in drawn}  # where each drawn arrow ends
    assert (round(g.x0, 3), round(g.y0 + g.rows.mid, 3)) in starts


def test_dependencies_can_be_hidden_across_rebuilds(qtbot, window):
    scene = window.scene
    assert scene.arrows.isVisible()
    scene.set_show_dependencies(False)
    assert not scene.arrows.isVisible()
    window.apply_edit(UpdateDependency("api", "freeze", "SS", 0))  # structural: rebuilt
    assert not scene.arrows.isVisible()
    scene.set_show_dependencies(True)
    assert scene.arrows.isVisible()


coord = st.floats(-5000, 5000, allow_nan=False)


@given(st.lists(st.tuples(coord, coord, coord, coord, st.booleans()), min_size=1, max_size=20))
def test_arrow_boxes_bound_every_route(rows):
    ax, ay, bx, by, to_end = (np.array(c) for c in zip(*rows, strict=True))
    left, top, right, bottom = arrow_boxes(ax, ay, bx, by, to_end)
    for k, row in enumerate(rows):
        pts, _ = arrow_route(*row)
        xs, ys = [x for x, _ in pts], [y for _, y in pts]
        assert left[k] == min(xs) - ARROW_PAD and right[k] == max(xs) + ARROW_PAD
        assert top[k] == min(ys) - ARROW_PAD and bottom[k] == max(ys) + ARROW_PAD


def test_the_preview_stays_while_a_reason_is_asked_and_the_drop_propagates_once(
    qtbot, window, monkeypatch
):
    s = window.session
    seen = {}
    calls = {"preview": 0}
    real_preview = s.preview

    def counting_preview(edit):
        calls["preview"] += 1
        return real_preview(edit)

    monkeypatch.setattr(s, "preview", counting_preview)

    def provider(edit, preview):
        # asked over the dropped position: the bar where it was dropped, ghosts on screen
        seen["ghosts"] = set(visible_ghosts(window))
        seen["x"] = window.scene.glyphs["api"].pos().x()
        seen["previews"] = calls["preview"]
        return "vendor sandbox down"

    window.reason_provider = provider
    drag(qtbot, window, point(window, "api"), int(7 * PPD))
    assert {"freeze", "webhooks", "ledger"} <= seen["ghosts"]
    assert seen["x"] == pytest.approx(window.scene.scale.x_of(date(2026, 11, 17)))
    # no preview was made for the drop itself: the drag's last one was reused
    assert calls["preview"] == seen["previews"]
    assert s.history()[0].reason == "vendor sandbox down"
    assert visible_ghosts(window) == {}  # and cleared once applied


def test_a_cancelled_reason_puts_the_bar_back(qtbot, window):
    s = window.session
    before = all_dates(s)
    x = window.scene.glyphs["api"].pos().x()
    window.reason_provider = lambda edit, preview: None
    drag(qtbot, window, point(window, "api"), int(7 * PPD))
    assert all_dates(s) == before
    assert window.scene.glyphs["api"].pos().x() == pytest.approx(x)
    assert visible_ghosts(window) == {}
    message = window.statusBar().currentMessage()  # and says so
    assert message.startswith("Cancelled: ") and "nothing changed" in message


def ink_outside_bounds(item, margin: int = 24) -> int:
    """How many pixels ``item`` paints outside its boundingRect (rendered on its own,
    with room around it): Qt repaints only that rect, so ink outside it is left behind
    when the item moves."""
    rect = item.boundingRect()
    image = QImage(int(rect.width()) + 2 * margin, int(rect.height()) + 2 * margin,
                   QImage.Format.Format_ARGB32)  # fmt: skip
    image.fill(0)
    painter = QPainter(image)
    painter.translate(margin - rect.left(), margin - rect.top())
    item.paint(painter, QStyleOptionGraphicsItem(), None)
    painter.end()
    inside = rect.translated(margin - rect.left(), margin - rect.top()).adjusted(-1, -1, 1, 1)
    return sum(
        1
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() and not inside.contains(x + 0.5, y + 0.5)
    )


@pytest.mark.parametrize("row_h", [24.0, 18.0])
def test_every_glyph_paints_inside_its_bounds(qtbot, window, row_h):
    """Locked tasks and milestones (their pin), done, late, critical, selected: every
    glyph's ink lies within the rect Qt repaints for it."""
    from planner.domain.edits import Batch, UpdateItem

    plan = window.session.plan
    milestone = next(it.id for it in plan.items if it.is_milestone and not it.done)
    task = next(it.id for it in plan.items if not it.is_milestone and not it.done)
    window.apply_edit(Batch((UpdateItem.of(milestone, locked=True),
                             UpdateItem.of(task, locked=True)), "Lock"))  # fmt: skip
    window.scene.set_row_height(row_h)
    window.scene.select(milestone)
    bad = {i: n for i, g in window.scene.glyphs.items() if (n := ink_outside_bounds(g))}
    assert bad == {}
