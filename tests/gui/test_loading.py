"""Opening a big roadmap: read and scheduled on a worker thread with a progress dialog
(its steps counted), then a timeline that makes its glyphs in slices while the window
stays usable, ending exactly where a timeline drawn at once would be."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from planner.app.sample import sample_plan
from planner.domain.edits import UpdateItem
from planner.domain.errors import PlannerError
from planner.gui import loading
from planner.gui.progress_dialog import JobProgress
from planner.gui.timeline_items import ItemGlyph
from planner.gui.timeline_scene import TimelineScene
from planner.storage.repository import PlanRepository

TODAY = date(2026, 11, 22)


def drawn(scene) -> dict[str, tuple]:
    return {
        i: (g.x0, g.y0, g.width, g.critical, g.late, g.done, g.selected, g.label)
        for i, g in scene.glyphs.items()
    }


@pytest.fixture
def sliced(monkeypatch):
    """Every plan drawn in slices: three rows at once, then two glyphs a turn."""
    monkeypatch.setattr(TimelineScene, "EAGER", 5)
    monkeypatch.setattr(TimelineScene, "BATCH", 2)
    monkeypatch.setattr(TimelineScene, "FIRST", 3)
    monkeypatch.setattr(TimelineScene, "SLICE_MS", 0)


def test_a_big_plan_draws_in_slices_and_ends_as_one_drawn_at_once(qtbot, window, sliced):
    scene = window.scene
    n = len(window.session.plan.items)
    window.select_item("api")
    scene.rebuild()
    assert len(scene.glyphs) == 3  # the top rows first, the rest from the event loop
    top = sorted(scene.lanes.row_y.values())[:3]
    assert sorted(g.y0 for g in scene.glyphs.values()) == top
    bar = window.build_bar
    qtbot.waitUntil(lambda: bar.isVisible() and 3 < bar.value() < n, timeout=5000)
    window.apply_edit(UpdateItem.of("api", start=date(2026, 11, 30)))  # while it draws
    qtbot.waitUntil(lambda: len(scene.glyphs) == n, timeout=10000)
    assert not bar.isVisible()
    sliced_view = drawn(scene)
    deps = window.session.plan.dependencies
    routes = [scene.arrow_route(d.pred, d.succ) for d in deps]
    assert scene.glyphs["api"].selected
    TimelineScene.EAGER = 10**6  # the same plan drawn at once
    scene.rebuild()
    assert drawn(scene) == sliced_view
    assert [scene.arrow_route(d.pred, d.succ) for d in deps] == routes


def test_a_rebuild_while_drawing_drops_the_old_slices(qtbot, window, sliced):
    scene = window.scene
    scene.rebuild()
    scene.rebuild()  # the first build's slices must not add glyphs to this one
    n = len(window.session.plan.items)
    qtbot.waitUntil(lambda: len(scene.glyphs) == n, timeout=10000)
    qtbot.wait(50)
    assert sum(isinstance(g, ItemGlyph) for g in scene.items()) == n  # none twice


def test_a_zoom_while_drawing_ends_as_that_zoom_drawn_at_once(qtbot, window, sliced):
    """A first open fits the plan (a zoom) while a big plan's glyphs are still being
    made: the glyphs made so far move to the new zoom, the rest are made at it."""
    scene, view = window.scene, window.view
    scene.rebuild()
    assert len(scene.glyphs) < len(window.session.plan.items)
    view.set_ppd(3.2)  # it read every glyph, made or not: KeyError
    n = len(window.session.plan.items)
    qtbot.waitUntil(lambda: len(scene.glyphs) == n, timeout=10000)
    zoomed = drawn(scene)
    TimelineScene.EAGER = 10**6
    scene.rebuild()
    assert drawn(scene) == zoomed


def test_open_session_reads_on_a_worker_thread_and_counts_its_steps(qtbot, tmp_path,
                                                                    monkeypatch):  # fmt: skip
    path = tmp_path / "big.roadmap"
    PlanRepository.create(path, sample_plan(TODAY))
    steps, threads = [], []
    step = JobProgress.step

    def spy(self, label, total=0):
        steps.append((label, total))
        threads.append(threading.current_thread())
        step(self, label, total)

    monkeypatch.setattr(JobProgress, "step", spy)
    from PySide6.QtWidgets import QWidget

    owner = QWidget()
    qtbot.addWidget(owner)
    session = loading.open_session(path, owner)
    try:
        n = len(session.plan.items)
        assert session.schedule is not None
        labels = [label for label, _ in steps]
        assert f"reading {n:,} items" in labels and f"scheduling {n:,} items" in labels
        assert dict(steps)[f"reading {n:,} items"] == n
        assert threading.main_thread() not in threads  # all of it off the GUI thread
        session.apply(UpdateItem.of("api", start=date(2026, 11, 30)))  # usable here
    finally:
        session.close()
    with pytest.raises(PlannerError, match="no such roadmap file"):
        loading.open_session(tmp_path / "gone.roadmap", owner)


def test_file_open_opens_through_the_worker(qtbot, window, tmp_path, monkeypatch):
    other = tmp_path / "other.roadmap"
    PlanRepository.create(other, sample_plan(TODAY))
    opened = []
    real = loading.open_session
    monkeypatch.setattr(loading, "open_session", lambda p, w: opened.append(p) or real(p, w))
    assert window.open_file(other)
    assert opened == [other] and window.session.path == other
    assert len(window.scene.glyphs) == len(window.session.plan.items)
