"""Edits made by hand that move other teams' items, driven as a person makes them: each
asks for the optional reason in the same prompt, and each tells the teams it moves with
that reason, whichever gesture made it (a dragged link, the menu's link, Mark started)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from .test_inspector_dates import answer_reason
from .test_timeline import drag, point
from .test_timeline import window as window


def asks_reasons(window) -> None:
    window.reason_provider = window.notices_feature.reason_for_drag  # as the app has it


def test_a_dragged_link_that_moves_another_teams_item_tells_that_team(qtbot, window):
    """Design's usability testing linked to Mobile's push notifications pushes only that
    Mobile item: Mobile is told, with the reason typed in the prompt that named it."""
    s = window.session
    asks_reasons(window)
    before = s.schedule.dates("push")
    asked: list[str] = []
    answer_reason(qtbot, "push copy needs the tested flows", asked)
    start, target = point(window, "ut", "link"), point(window, "push")
    drag(qtbot, window, start, target.x() - start.x(), target.y() - start.y(), release=False)
    qtbot.mouseRelease(window.view.viewport(), Qt.MouseButton.LeftButton, pos=target)
    assert len(asked) == 1
    assert "this also moves items of Mobile, who will" in asked[0].replace("\xa0", " ")
    assert any(d.key == ("ut", "push") for d in s.plan.dependencies)
    assert s.schedule.dates("push") > before
    notices = s.notices()
    assert [n.team for n in notices] == ["mobile"]
    assert notices[0].reason == "push copy needs the tested flows"
    assert [i["id"] for i in notices[0].body["items"]] == ["push"]
