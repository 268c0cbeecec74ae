"""Links on the canvas, driven as a person would: a click on an arrow selects its link
(highlighted, shown in the inspector), the inspector edits its type and lag (one undo
step each), Delete removes it (undo restores), hovering shows it, a right-click offers
its menu; while a new link is dragged, a target that would close a cycle is marked and
named by titles, and other targets show as ghosts what the link would push."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QHelpEvent
from PySide6.QtWidgets import QApplication, QMenu, QToolTip

from planner.app.session import PlanSession
from planner.domain.edits import AddDependency
from planner.domain.model import Dependency
from planner.gui.plain_text import tip
from planner.gui.timeline_arrows import LINK_HIT, ArrowLayer
from planner.gui.timeline_items import LABEL_GAP, LATE
from planner.gui.timeline_layout import HEADER_H, arrow_points, arrow_route, nearest_route
from planner.gui.timeline_link_drag import CYCLE_NOTE

from .test_timeline import PPD, all_dates, drag, point, visible_ghosts
from .test_timeline import window as window


def dep_of(session, pred: str, succ: str) -> Dependency | None:
    return next((d for d in session.plan.dependencies if d.key == (pred, succ)), None)


def arrow_point(window, pred: str, succ: str) -> QPoint:
    """Viewport coordinates of a spot on the pred -> succ arrow where nothing else is:
    no glyph, and this link is the one the scene finds there."""
    scene, view = window.scene, window.view
    k = next(k for k, d in enumerate(window.session.plan.dependencies) if d.key == (pred, succ))
    pts, _, _ = scene.arrow_route(pred, succ)
    xs, ys = [x for x, _ in pts], [y for _, y in pts]
    view.ensureVisible(QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)), 20, 60)
    for (x0, y0), (x1, y1) in pairwise(pts):
        for t in (0.5, 0.3, 0.7, 0.2, 0.8):
            vp = view.mapFromScene(QPointF(x0 + t * (x1 - x0), y0 + t * (y1 - y0)))
            at = view.mapToScene(vp)
            if scene.glyph_at(at)[0] is None and scene.link_at(at) == k:
                return vp
    raise AssertionError(f"no clear spot on {pred} -> {succ}")


def click(qtbot, window, pos: QPoint, button=Qt.MouseButton.LeftButton) -> None:
    qtbot.mouseClick(window.view.viewport(), button, pos=pos)


def test_clicking_an_arrow_selects_its_link_and_the_inspector_shows_it(qtbot, window):
    scene, panel = window.scene, window.links_feature.panel
    window.select_item("api")
    click(qtbot, window, arrow_point(window, "api", "billing"))
    assert scene.selected_link == ("api", "billing")
    assert scene.arrows.selected == window.session.plan.dependencies.index(
        dep_of(window.session, "api", "billing")
    )
    assert window.selected_item_id() is None  # selecting a link clears the item
    assert window.inspector.panel is panel and panel.isVisible()
    assert not window.inspector.form_box.isVisible()
    assert "Payments API → Billing settings" in panel.title.text()
    assert panel.type.currentData() == "FS" and panel.lag.value() == 1
    # a click on an item clears the link and shows the item
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point(window, "api"))
    assert window.selected_item_id() == "api"
    assert scene.selected_link is None and scene.arrows.selected == -1
    assert not panel.isVisible() and window.inspector.form_box.isVisible()
    # Esc clears it too, and a click on empty space
    click(qtbot, window, arrow_point(window, "api", "billing"))
    assert scene.selected_link == ("api", "billing")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert scene.selected_link is None and not panel.isVisible()
    click(qtbot, window, arrow_point(window, "api", "billing"))
    click(qtbot, window, QPoint(window.view.viewport().width() - 5, 70))
    assert scene.selected_link is None
    # selecting an item elsewhere (the table) clears it as well
    click(qtbot, window, arrow_point(window, "api", "billing"))
    window.select_item("ledger")
    assert scene.selected_link is None


def off_arrow_spot(window, off: float) -> tuple[int, QPoint]:
    """A link and a viewport point ``off`` pixels (give or take half a pixel) beside its
    arrow's line, with no glyph there and every other arrow well away."""
    scene, view, layer = window.scene, window.view, window.scene.arrows
    xs, ys = arrow_points(layer.ax, layer.ay, layer.bx, layer.by, layer.to_end)
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    for k in range(len(layer.pred)):
        pts, _ = layer.route(k)
        for (x0, y0), (x1, y1) in pairwise(pts):
            if y0 != y1 or abs(x1 - x0) < 20:
                continue  # only along a long enough horizontal leg
            for t in (0.5, 0.3, 0.7):
                for dy in (off, -off):
                    spot = QPointF(x0 + t * (x1 - x0), y0 + dy)
                    if not seen.adjusted(0, HEADER_H, 0, 0).contains(spot):
                        continue
                    vp = view.mapFromScene(spot)
                    at = view.mapToScene(vp)
                    d = nearest_route(xs, ys, at.x(), at.y())
                    others = np.delete(d, k)
                    near = off - 0.5 <= d[k] <= off and (others > off + 3).all()
                    if near and scene.glyph_at(at)[0] is None:
                        return k, vp
    raise AssertionError(f"no spot {off} px beside an arrow")


@pytest.mark.parametrize("zoom", ["weeks", "months", "quarters"])
def test_a_click_six_pixels_beside_an_arrow_selects_its_link_at_any_zoom(qtbot, window, zoom):
    window.view.zoom_preset(zoom)
    window.view.horizontalScrollBar().setValue(0)
    k, pos = off_arrow_spot(window, 6.0)
    click(qtbot, window, pos)
    assert window.scene.selected_link == window.scene.link_key(k)
    # hovering finds it as the click does
    click(qtbot, window, QPoint(window.view.viewport().width() - 5, 70))
    qtbot.mouseMove(window.view.viewport(), pos)
    assert window.scene.arrows.hovered == k


def test_a_click_on_a_bar_or_its_label_picks_the_item_though_an_arrow_is_near(qtbot, window):
    scene, view = window.scene, window.view
    # Billing settings' incoming arrow (api -> billing, FS) ends at the bar's start
    g = scene.glyphs["billing"]
    view.ensure_item_visible("billing")
    for x in (g.x0 + 2, g.x0 + g.width + LABEL_GAP + 2):  # the bar's first pixels, the label's
        at = QPointF(x, g.y0 + g.rows.mid + 1)
        assert scene.arrows.edge_at(at.x(), at.y()) is not None  # an arrow within reach
        click(qtbot, window, view.mapFromScene(at))
        assert window.selected_item_id() == "billing" and scene.selected_link is None
        window.select_item(None)


def test_the_inspector_edits_type_and_lag_one_undo_step_each(qtbot, window):
    s, panel = window.session, window.links_feature.panel
    before = all_dates(s)
    click(qtbot, window, arrow_point(window, "freeze", "pay"))
    steps = window.undo_history.count()
    panel.type.setFocus()
    qtbot.keyClick(panel.type, Qt.Key.Key_Down)  # FS -> SS
    assert dep_of(s, "freeze", "pay").type == "SS"
    assert window.undo_history.count() == steps + 1
    assert window.scene.selected_link == ("freeze", "pay")  # kept across the rebuild
    panel.lag.setFocus()
    panel.lag.selectAll()
    qtbot.keyClicks(panel.lag, "3")
    qtbot.keyClick(panel.lag, Qt.Key.Key_Return)
    assert dep_of(s, "freeze", "pay") == Dependency("freeze", "pay", "SS", 3)
    assert window.undo_history.count() == steps + 2
    assert "3 working days after API freeze starts" in panel.sentence.text()
    window.undo_history.undo()
    assert dep_of(s, "freeze", "pay") == Dependency("freeze", "pay", "SS", 0)
    assert panel.lag.value() == 0  # the panel follows the undo
    window.undo_history.undo()
    assert dep_of(s, "freeze", "pay") == Dependency("freeze", "pay", "FS", 0)
    assert all_dates(s) == before


def test_delete_removes_the_selected_link_and_undo_restores_it(qtbot, window):
    s, scene = window.session, window.scene
    before = all_dates(s)
    click(qtbot, window, arrow_point(window, "api", "billing"))
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert dep_of(s, "api", "billing") is None
    assert scene.selected_link is None and not window.links_feature.panel.isVisible()
    assert window.undo_history.count() == 1
    window.undo_history.undo()
    assert dep_of(s, "api", "billing") == Dependency("api", "billing", "FS", 1)
    assert all_dates(s) == before
    # the inspector's Delete button does the same
    click(qtbot, window, arrow_point(window, "api", "billing"))
    qtbot.mouseClick(window.links_feature.panel.delete, Qt.MouseButton.LeftButton)
    assert dep_of(s, "api", "billing") is None


def test_hovering_an_arrow_highlights_it_and_its_tooltip_names_the_link(qtbot, window):
    vp = window.view.viewport()
    pos = arrow_point(window, "api", "billing")
    qtbot.mouseMove(vp, pos)
    k = window.session.plan.dependencies.index(dep_of(window.session, "api", "billing"))
    assert window.scene.arrows.hovered == k
    QApplication.sendEvent(vp, QHelpEvent(QEvent.Type.ToolTip, pos, vp.mapToGlobal(pos)))
    words = "Payments API → Billing settings · FS (finish → start) · lag 1 working day"
    assert QToolTip.text() == tip(words)
    qtbot.mouseMove(vp, point(window, "api"))
    assert window.scene.arrows.hovered == -1


def run_menu(qtbot, window, pos: QPoint, *path: str) -> list[str]:
    """Right-click at ``pos`` and trigger the menu entry at ``path`` (submenu titles,
    then the entry's text start); returns the top menu's entries."""
    seen: list[str] = []

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        seen.extend(a.text() for a in menu.actions())
        at = menu
        for step in path[:-1]:
            at = next(a for a in at.actions() if a.text().replace("&", "") == step).menu()
        act = next(a for a in at.actions() if a.text().replace("&", "").startswith(path[-1]))
        menu.close()
        act.trigger()

    QTimer.singleShot(0, pick)
    vp = window.view.viewport()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, vp.mapToGlobal(pos))
    QApplication.sendEvent(vp, event)
    qtbot.wait(10)
    return seen


def test_the_arrow_menu_changes_type_selects_an_end_and_deletes(qtbot, window):
    s = window.session
    entries = run_menu(qtbot, window, arrow_point(window, "cart", "pay"), "Change type", "SF")
    assert entries[0] == "Cart && pricing UI → Payment form"  # '&' shown, not a shortcut
    assert dep_of(s, "cart", "pay").type == "SF"
    assert window.undo_history.count() == 1
    assert window.scene.selected_link == ("cart", "pay")
    run_menu(qtbot, window, arrow_point(window, "cart", "pay"), "Select successor")
    assert window.selected_item_id() == "pay" and window.scene.selected_link is None
    run_menu(qtbot, window, arrow_point(window, "cart", "pay"), "Delete link")
    assert dep_of(s, "cart", "pay") is None
    window.undo_history.undo()
    assert dep_of(s, "cart", "pay").type == "SF"


def test_a_link_drag_over_a_cycle_target_warns_by_titles_and_its_drop_changes_nothing(
    qtbot, window, errors
):
    s, scene = window.session, window.scene
    before, deps = all_dates(s), s.plan.dependencies
    start, target = point(window, "pay", "link"), point(window, "api")
    drag(qtbot, window, start, target.x() - start.x(), target.y() - start.y(), release=False)
    text = (
        "Can't link: 'Payment form' already waits for 'Payments API'"
        " ('Payments API' → 'API freeze' → 'Payment form')"
    )
    assert window.statusBar().currentMessage() == text
    api = scene.glyphs["api"]
    link = window.view.drag.link
    assert api.late and api.warning == CYCLE_NOTE
    assert link.line.pen().color() == LATE
    assert visible_ghosts(window) == {}
    qtbot.mouseRelease(window.view.viewport(), Qt.MouseButton.LeftButton, pos=target)
    assert window.statusBar().currentMessage() == text  # the reason stays a moment
    assert not errors
    assert s.plan.dependencies == deps and all_dates(s) == before
    assert window.undo_history.count() == 0
    assert not api.late and api.warning == ""  # the mark goes with the drag


def test_a_link_drag_shows_as_ghosts_what_the_link_would_push(qtbot, window):
    s = window.session
    edit = AddDependency(Dependency("disc", "schema"))
    preview = s.preview(edit)
    moved = preview.moved
    assert len(moved) > 3 and set(preview.breaks) == {"invoices"}
    asked = []

    def provider(edit, preview):
        asked.append((edit, set(visible_ghosts(window))))
        return "schema needs the interviews"

    window.reason_provider = provider
    start, target = point(window, "disc", "link"), point(window, "schema")
    drag(qtbot, window, start, target.x() - start.x(), target.y() - start.y(), release=False)
    ghosts = visible_ghosts(window)
    assert set(ghosts) <= set(moved) and "schema" in ghosts
    assert window.statusBar().currentMessage() == (
        f"Link Discovery interviews → Payments data model: pushes {len(moved)} items;"
        " breaks 1 deadline (Invoices page)"
    )
    assert [g for g, ghost in ghosts.items() if ghost.breaks] == ["invoices"]
    assert window.view.drag.link.line.pen().color() != LATE
    qtbot.mouseRelease(window.view.viewport(), Qt.MouseButton.LeftButton, pos=target)
    assert asked and asked[0][0] == edit and "schema" in asked[0][1]
    assert dep_of(s, "disc", "schema") == Dependency("disc", "schema")
    assert {i: s.schedule.points(i) for i in moved} == moved
    assert s.history()[0].reason == "schema needs the interviews"
    assert visible_ghosts(window) == {}


def test_the_drag_moves_on_from_a_refused_target_to_a_fine_one(qtbot, window):
    start = point(window, "webhooks", "link")
    api, perf = point(window, "api"), point(window, "perf")
    vp = window.view.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(vp, api)
    assert window.statusBar().currentMessage().startswith("Can't link: 'Webhook handlers'")
    qtbot.mouseMove(vp, perf)
    assert (
        window.statusBar()
        .currentMessage()
        .startswith("Link Webhook handlers → Load testing: pushes")
    )
    assert not window.scene.glyphs["api"].late
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=perf)
    assert dep_of(window.session, "webhooks", "perf") is not None


def test_a_read_only_roadmap_shows_a_link_but_does_not_edit_it(qtbot, window):
    path = window.session.path
    window.set_session(PlanSession.open(path, read_only=True))
    window.view.set_ppd(PPD)
    deps = window.session.plan.dependencies
    click(qtbot, window, arrow_point(window, "freeze", "pay"))
    panel = window.links_feature.panel
    assert window.scene.selected_link == ("freeze", "pay") and panel.isVisible()
    assert not panel.type.isEnabled() and not panel.lag.isEnabled()
    assert not panel.delete.isEnabled()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert window.session.plan.dependencies == deps


coord = st.floats(-5000, 5000, allow_nan=False)


@given(st.lists(st.tuples(coord, coord, coord, coord, st.booleans()), min_size=1, max_size=20))
def test_arrow_points_are_the_routes_drawn(rows):
    ax, ay, bx, by, to_end = (np.array(c) for c in zip(*rows, strict=True))
    xs, ys = arrow_points(ax, ay, bx, by, to_end)
    for k, row in enumerate(rows):
        pts, _ = arrow_route(*row)
        padded = list(pts) + [pts[-1]] * (6 - len(pts))
        assert list(zip(xs[k].tolist(), ys[k].tolist(), strict=True)) == padded


def test_the_arrow_under_a_point_is_the_nearest_within_a_few_pixels():
    layer = ArrowLayer(3)
    for i, (x0, x1, y) in enumerate([(0, 100, 12), (200, 260, 60), (300, 340, 108)]):
        layer.move_node(i, x0, x1, y, refresh=False)
    layer.set_edges(np.array([0, 1]), np.array([1, 2]), ["FS", "FS"])
    # 0 -> 1 runs right along y=12 to x=194, down to y=60, then into node 1's start
    assert layer.edge_at(150, 12) == 0 and layer.edge_at(150, 12 + LINK_HIT) == 0
    assert layer.edge_at(150, 12 + LINK_HIT + 1) is None
    assert layer.edge_at(194, 40) == 0  # its vertical leg
    assert layer.edge_at(280, 60) == 1 and layer.edge_at(150, 60) is None
    layer.setVisible(False)
    assert layer.edge_at(150, 12) is None  # hidden arrows can't be clicked


def test_a_selected_link_folded_away_with_its_lane_is_no_longer_selected(qtbot, window):
    """Collapsing a lane hides the links inside it: the one selected is let go, so
    Delete can't remove a link the user no longer sees."""
    plan, scene = window.session.plan, window.scene
    team_of = {it.id: it.team for it in plan.items}
    dep = next(d for d in plan.dependencies if team_of[d.pred] == team_of[d.succ])
    click(qtbot, window, arrow_point(window, dep.pred, dep.succ))
    assert scene.selected_link == dep.key and window.links_feature.panel.isVisible()
    window.view_state.set_collapsed(team_of[dep.pred], True)
    assert scene.selected_link is None and scene.arrows.selected == -1
    assert not window.links_feature.panel.isVisible()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert dep in window.session.plan.dependencies
