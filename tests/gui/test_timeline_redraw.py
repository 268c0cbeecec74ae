"""The timeline, the inspector and their caches after edits: what ``apply_changes``
keeps incrementally (done and critical flags, the deadlines the span reaches, the team
list, an item's links) matches what a full rebuild draws, and the background the view
caches is painted again after a zoom."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import numpy as np
import pytest

from planner.domain.edits import AddDependency, SetSprints, SetTeams, UpdateItem
from planner.domain.model import Dependency, Sprint
from planner.gui.timeline_layout import plan_span

TODAY = date(2026, 11, 22)


def flags(scene) -> dict[str, tuple[bool, bool, bool]]:
    return {i: (g.critical, g.done, g.late) for i, g in scene.glyphs.items()}


def test_incremental_redraws_match_a_rebuild(window):
    scene = window.scene
    far = TODAY + timedelta(days=400)
    window.apply_edit(UpdateItem.of("invoices", deadline=far))
    window.apply_edit(UpdateItem.of("api", done=True))
    assert scene.glyphs["api"].done and not scene.glyphs["api"].critical
    assert scene.span[1] >= far  # the moved deadline widens the plan's span
    kept, span = flags(scene), scene.span
    scene.rebuild()
    assert flags(scene) == kept and scene.span == span
    window.undo_history.undo()
    window.undo_history.undo()
    s = window.session
    assert scene.span == plan_span(s.plan, s.schedule, window.today)
    done = np.array([it.done for it in s.plan.items])
    assert np.array_equal(scene._critical, (s.schedule.total_slack <= 0) & ~done)
    kept = flags(scene)
    scene.rebuild()
    assert flags(scene) == kept


def test_the_inspector_follows_renamed_teams_and_new_links(window):
    window.select_item("api")
    ins = window.inspector
    teams = [ins.team.itemText(k) for k in range(ins.team.count())]
    assert teams[:4] == ["Design", "Backend", "Web", "Mobile"]
    plan = window.session.plan
    renamed = tuple(dataclasses.replace(t, name=t.name + " team") for t in plan.teams)
    window.apply_edit(SetTeams(renamed))
    assert ins.team.itemText(1) == "Backend team" and ins.team.currentText() == "Backend team"
    links = ins.links.count()
    window.apply_edit(AddDependency(Dependency("disc", "api")))
    assert ins.links.count() == links + 1
    assert any("Discovery" in ins.links.item(k).text() for k in range(ins.links.count()))


@pytest.mark.parametrize("how", ["zoom", "sprints", "scroll"])
def test_the_cached_background_is_painted_again_when_it_changes(qtbot, window, how):
    view = window.view
    window.resize(1200, 800)
    qtbot.waitExposed(window)
    view.set_ppd(20.0)
    view.viewport().grab()  # the background is cached at this zoom
    if how == "zoom":
        window.actions_["zoom_out"].trigger()
    elif how == "sprints":  # the same scene rect, other bands
        first = view.mapToScene(0, 0).x()
        day = window.scene.scale.day_at(first) + timedelta(days=3)
        sprint = Sprint("Hack week", day, day + timedelta(days=4))
        window.apply_edit(SetSprints((*window.session.plan.sprints, sprint)))
    else:
        view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + 333)
    shown = view.viewport().grab().toImage()
    view.resetCachedContent()  # what a fresh paint of the background gives
    fresh = view.viewport().grab().toImage()
    assert shown == fresh
