"""Where the timeline opens and how it reads: the first open fits the plan's span, a
reopen restores the last view and the collapsed lanes, lanes collapse from their name
or their menu, Fit all is tight, sprint names that can't fit are left out, and the
today badge never covers the month's name."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from planner.gui import timeline_arrows
from planner.gui.app import create_main_window
from planner.gui.timeline_items import ItemGlyph
from planner.gui.timeline_layout import COLLAPSED_H, LANE_HEAD_H
from planner.gui.timeline_view import FIT_MARGIN
from tests.gui.conftest import shown_window

TODAY = date(2026, 11, 22)


def open_window(qtbot, path, today=TODAY, size=(1400, 900)):
    """The window shown, once its first view is set (fitted or restored)."""
    w = shown_window(qtbot, path, size=size, today=today)
    qtbot.waitUntil(lambda: not w.view_state._pending, timeout=3000)
    return w


def close(w) -> None:
    w.close()  # saves the view; closes the roadmap


def grab(w) -> None:
    """Paint the viewport once (the header records what it drew)."""
    w.view.viewport().grab()


def lane_chip(w, team) -> QPoint:
    grab(w)
    box = next(box for box, t in w.view.lane_chips if t == team)
    return box.center().toPoint()


def test_the_first_open_fits_the_whole_span_in_the_viewport(qtbot, sample_path, errors):
    w = open_window(qtbot, sample_path)
    seen = w.view.mapToScene(w.view.viewport().rect()).boundingRect()
    first, last = w.scene.span
    sc = w.scene.scale
    assert seen.left() <= sc.x_of(first) and sc.x_of(last) + sc.ppd <= seen.right()
    for g in w.scene.glyphs.values():  # every bar and diamond is in sight horizontally
        assert seen.left() <= g.x0 <= seen.right()
    close(w)


def test_the_first_open_fits_once_at_the_windows_own_width(qtbot, sample_path, errors,
                                                         monkeypatch):  # fmt: skip
    """The view is set when show() is done (the window's own Show, after the viewport's
    sizes have settled), not again for each size on the way: a big plan's fit costs."""
    from planner.gui.timeline_scene import TimelineScene

    zooms = []
    zoom = TimelineScene.set_ppd
    monkeypatch.setattr(
        TimelineScene, "set_ppd", lambda self, ppd, **kw: zooms.append(ppd) or zoom(self, ppd, **kw)
    )
    w = open_window(qtbot, sample_path)
    assert len(zooms) == 1
    assert abs(w.view_state._applied_w - w.view.viewport().width()) <= 30
    close(w)


def seen_items(w) -> tuple[float, float, float, float]:
    """Viewport x of the first bar's start and of the last label's end, and the
    viewport's width, after a paint."""
    grab(w)
    view, glyphs = w.view, w.scene.glyphs.values()
    first = min(g.x0 for g in glyphs)
    last = max(g.x0 + g.label_x() + g.label_w for g in glyphs)
    left = view.mapFromScene(QPointF(first, 0)).x()
    return left, view.mapFromScene(QPointF(last, 0)).x(), view.viewport().width(), first


def test_fit_all_is_tight_to_the_items_and_their_labels(qtbot, sample_path, errors):
    w = open_window(qtbot, sample_path)
    w.view.set_ppd(30.0)
    w.actions_["fit_all"].trigger()
    left, right, width, _ = seen_items(w)
    assert FIT_MARGIN <= left <= FIT_MARGIN + 12  # the first bar (its started mark before it)
    assert width - FIT_MARGIN - 12 <= right <= width - FIT_MARGIN  # the last label, whole
    tip = "Zoom so the plan's items and their labels fill the width, and its lanes the height"
    assert tip in w.actions_["fit_all"].toolTip()
    close(w)


def test_fit_all_leaves_out_a_today_before_the_plan(qtbot, sample_path, errors):
    today = date(2026, 9, 1)  # weeks before the plan's first item
    w = open_window(qtbot, sample_path, today=today)
    w.view.set_ppd(30.0)
    w.actions_["fit_all"].trigger()
    left, right, width, first = seen_items(w)
    assert FIT_MARGIN <= left <= FIT_MARGIN + 12 and right <= width - FIT_MARGIN
    assert w.scene.scale.x_of(today) < w.view.mapToScene(0, 0).x() < first  # not in view
    close(w)


def test_the_last_view_comes_back_after_close_and_reopen(qtbot, sample_path, errors):
    w = open_window(qtbot, sample_path, size=(1400, 420))
    w.view.set_ppd(14.0)
    w.view.scroll_to_day(date(2026, 12, 7), 0.0)
    bar = w.view.horizontalScrollBar()
    bar.setValue(bar.value() + 9)  # part of the way into the day
    web = w.scene.lanes.lane_of("web")
    w.view.verticalScrollBar().setValue(int(web.top - 46))
    day = w.view_state.snapshot()["day"]
    left = w.view.mapToScene(0, 0).x() - w.scene.scale.x_of(date(2026, 12, 7))
    close(w)
    w = open_window(qtbot, sample_path, size=(1400, 420))
    assert w.scene.scale.ppd == pytest.approx(14.0)
    assert w.view_state.snapshot()["day"] == day
    again = w.view.mapToScene(0, 0).x() - w.scene.scale.x_of(date(2026, 12, 7))
    assert abs(again - left) <= 1  # to the pixel, not to the day's start
    web, bar = w.scene.lanes.lane_of("web"), w.view.verticalScrollBar()
    assert bar.value() == min(int(web.top - 46), bar.maximum())  # Web at the top if it can
    close(w)


def test_a_click_on_a_lane_name_collapses_it_and_it_stays_collapsed(qtbot, sample_path, errors):
    w = open_window(qtbot, sample_path)
    design = w.scene.lanes.lane_of("design")
    below = w.scene.glyphs["api"].y0
    qtbot.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=lane_chip(w, "design"))
    lane = w.scene.lanes.lane_of("design")
    assert lane.collapsed and lane.bottom < design.bottom
    assert lane.bottom - lane.top < LANE_HEAD_H + COLLAPSED_H + 10  # one thin row
    disc = w.scene.glyphs["disc"]
    assert disc.collapsed and w.scene.glyph_at(disc.anchor(False))[0] is None  # not grabbed
    assert w.scene.glyphs["api"].y0 < below  # the lanes below moved up
    # an arrow into the lane ends on its row
    dep = next(d for d in w.session.plan.dependencies if d.succ in lane.item_ids
               and d.pred not in lane.item_ids)  # fmt: skip
    *_, (_, y) = w.scene.arrow_route(dep.pred, dep.succ)[0]
    assert y == pytest.approx(lane.top + LANE_HEAD_H + COLLAPSED_H / 2)
    close(w)
    w = open_window(qtbot, sample_path)
    assert w.scene.lanes.lane_of("design").collapsed
    qtbot.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=lane_chip(w, "design"))
    assert not w.scene.lanes.lane_of("design").collapsed
    assert not w.scene.glyphs["disc"].collapsed
    close(w)


def test_links_inside_a_collapsed_lane_are_not_drawn_but_links_out_of_it_are(
    qtbot, sample_path, errors, monkeypatch
):
    w = open_window(qtbot, sample_path)
    scene, layer = w.scene, w.scene.arrows
    qtbot.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=lane_chip(w, "design"))
    lane = scene.lanes.lane_of("design")
    ids = set(lane.item_ids)
    deps = list(enumerate(w.session.plan.dependencies))
    inside = [k for k, d in deps if d.pred in ids and d.succ in ids]
    across = [k for k, d in deps if (d.pred in ids) != (d.succ in ids)]
    assert inside and across
    drawn = []
    real = timeline_arrows.arrow_route
    monkeypatch.setattr(timeline_arrows, "arrow_route", lambda *a: drawn.append(a) or real(*a))
    area = QRectF(scene.sceneRect().left(), lane.top, scene.sceneRect().width(), 60)
    image = QImage(800, 60, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    scene.render(painter, QRectF(0, 0, 800, 60), area)
    painter.end()
    row = lane.top + LANE_HEAD_H + COLLAPSED_H / 2
    assert drawn and not [a for a in drawn if a[1] == a[3] == row]  # no loop on the row
    shown = set(layer.edges_in(scene.sceneRect()).tolist())
    assert not shown & set(inside) and set(across) <= shown
    for k in inside:  # nor found under the mouse
        (x0, y0), (x1, y1) = layer.route(k)[0][:2]
        assert layer.edge_at((x0 + x1) / 2, (y0 + y1) / 2) != k
    # a link out of the lane still leaves from (or ends on) its thin row
    for k in across:
        pts, _ = layer.route(k)
        d = w.session.plan.dependencies[k]
        assert (pts[0] if d.pred in ids else pts[-1])[1] == pytest.approx(row)
    qtbot.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=lane_chip(w, "design"))
    assert set(inside) <= set(layer.edges_in(scene.sceneRect()).tolist())  # expanded: back
    close(w)


def test_the_lane_menu_collapses_and_expands_all(qtbot, sample_path, errors):
    w = open_window(qtbot, sample_path)
    for team in ("web", "mobile"):
        lane = w.scene.lanes.lane_of(team)
        pos = w.view.mapFromScene(QPointF(w.view.mapToScene(600, 0).x(), lane.top + 4))
        menu = w.context_menus.menu_at(pos)
        act = next(a for a in menu.actions() if a.text() == "&Collapse lane")
        act.trigger()
        assert w.scene.lanes.lane_of(team).collapsed
    lane = w.scene.lanes.lane_of("mobile")
    pos = w.view.mapFromScene(QPointF(w.view.mapToScene(600, 0).x(), lane.top + 4))
    menu = w.context_menus.menu_at(pos)
    assert "E&xpand lane" in [a.text() for a in menu.actions()]
    next(a for a in menu.actions() if a.text() == "Expand &all lanes").trigger()
    assert not any(lane.collapsed for lane in w.scene.lanes.lanes)
    close(w)


def test_a_sprint_name_too_long_for_its_band_is_left_out_not_cut(qtbot, sample_path, errors):
    w = open_window(qtbot, sample_path)
    grab(w)
    assert "Sprint 14" in w.view.header_marks
    w.view.set_ppd(0.8)  # two-week sprints are now ~11 px wide
    grab(w)
    assert not any(k.startswith("Sprint") for k in w.view.header_marks)
    close(w)


@pytest.mark.parametrize("today", [date(2026, 12, 1), date(2026, 12, 2), date(2026, 11, 30)])
def test_the_today_badge_never_covers_the_month_name(qtbot, sample_path, errors, today):
    w = open_window(qtbot, sample_path, today)
    for ppd in (3.0, 9.0, 20.0):
        w.view.set_ppd(ppd)
        w.view.scroll_to_day(today, 0.5)
        grab(w)
        marks = w.view.header_marks
        assert "Dec 2026" in marks  # the month is named ...
        assert not marks["Dec 2026"].intersects(marks["today"])  # ... and readable
    close(w)


@pytest.mark.parametrize("where", [3, -3])  # px from the viewport's left edge, its right
def test_the_today_badge_stays_whole_at_the_edges(qtbot, sample_path, errors, where):
    w = open_window(qtbot, sample_path)
    view = w.view
    for ppd in (60.0, 80.0):  # today far enough into the plan for either edge
        view.set_ppd(ppd)
        sc = w.scene.scale
        width = view.viewport().width()
        at = where if where > 0 else width + where
        view.scroll_to_day(TODAY, 0.0)  # today's line (mid-day) at ``at``
        bar = view.horizontalScrollBar()
        bar.setValue(bar.value() + round(sc.ppd / 2 - at))
        assert view.mapFromScene(QPointF(sc.x_of(TODAY) + sc.ppd / 2, 0)).x() == at
        grab(w)
        badge = view.header_marks["today"]
        assert badge.left() >= 0 and badge.right() <= width  # whole: not "oday"
        months = [r for k, r in view.header_marks.items() if k[:3] in ("Nov", "Dec")]
        assert months and not any(r.intersects(badge) for r in months)
    close(w)


def test_the_first_window_takes_most_of_the_screen(qtbot, sample_path, errors):
    w = create_main_window(sample_path, TODAY)
    qtbot.addWidget(w)
    area = w.screen().availableGeometry()
    assert w.width() >= 0.85 * area.width() and w.height() >= 0.85 * area.height()
    assert abs(w.geometry().center().x() - area.center().x()) <= 2
    w.session.close()
    QApplication.processEvents()
    assert ItemGlyph.font is not None


def test_week_starts_in_the_header_never_run_into_each_other(qtbot, tmp_path, errors):
    """Without plan-wide sprints the header's bottom row names week starts: every week's
    when there is room, else every 2nd or 4th week's, never one over the next."""
    import dataclasses
    import itertools
    import re

    from planner.app.sample import sample_plan
    from planner.storage.repository import PlanRepository

    plan = sample_plan(TODAY)
    path = tmp_path / "weeks.roadmap"
    repo = PlanRepository.open(path, create=True)
    repo.write_plan(dataclasses.replace(plan, sprints=tuple(s for s in plan.sprints if s.team)))
    repo.close()
    w = open_window(qtbot, path)
    seen = {}
    for ppd in (3.0, 4.5, 6.0, 9.0, 18.0):
        w.view.set_ppd(ppd)
        grab(w)
        weeks = sorted(
            (r for k, r in w.view.header_marks.items() if re.fullmatch(r"\d+ [A-Z][a-z]{2}", k)),
            key=QRectF.left,
        )
        assert len(weeks) >= 3
        for a, b in itertools.pairwise(weeks):
            assert a.right() + 2 <= b.left()  # readable: a gap between two labels
        seen[ppd] = round((weeks[1].left() - weeks[0].left()) / (7 * ppd))
    assert seen[18.0] == 1 and seen[3.0] > 1  # every week when wide, fewer when narrow
    close(w)
