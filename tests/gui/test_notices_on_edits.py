"""Edits made by hand that move other teams' items, driven as a person makes them: each
asks for the optional reason in the same prompt, and each tells the teams it moves with
that reason, whichever gesture made it (a dragged link, the menu's link, Mark started)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from planner.gui.item_picker import ItemPickerDialog
from tests.gui.menu_driver import choose, glyph_point, right_click

from .test_context_menus import when_shown
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


def pick(qtbot, words: str):
    def then(dlg) -> None:
        qtbot.keyClicks(dlg.search, words)
        assert dlg.proxy.rowCount() == 1
        qtbot.keyClick(dlg.search, Qt.Key.Key_Return)

    return then


def test_a_link_from_the_menu_asks_the_reason_as_a_dragged_link_does(qtbot, window):
    s = window.session
    asks_reasons(window)
    asked: list[str] = []
    picked = when_shown(qtbot, ItemPickerDialog, pick(qtbot, "usability"))
    answer_reason(qtbot, "push copy needs the tested flows", asked)
    choose(qtbot, right_click(window, glyph_point(window, "push")), "Add dependency", "Waits for…")
    assert [type(x) for x in picked] == [ItemPickerDialog], picked
    assert len(asked) == 1
    text = asked[0].replace("\xa0", " ")
    assert text.startswith("Link Usability testing → Push notifications (FS): this also moves")
    assert "items of Mobile, who will get a notice" in text
    assert ("ut", "push") in {d.key for d in s.plan.dependencies}
    assert [(n.team, n.reason) for n in s.notices()] == [
        ("mobile", "push copy needs the tested flows")
    ]
    assert window.undo_history.count() == 1


def test_cancel_in_the_reason_of_a_menu_link_changes_nothing(qtbot, window):
    s = window.session
    asks_reasons(window)
    before, dates = s.plan, s.schedule.dates("push")
    asked: list[str] = []
    when_shown(qtbot, ItemPickerDialog, pick(qtbot, "push"))
    answer_reason(qtbot, None, asked)
    choose(qtbot, right_click(window, glyph_point(window, "ut")), "Add dependency", "Needed by…")
    assert len(asked) == 1
    assert s.plan == before and s.schedule.dates("push") == dates
    assert window.undo_history.count() == 0 and s.notices() == []
    assert window.statusBar().currentMessage() == (
        "Cancelled: Link Usability testing → Push notifications (FS) — nothing changed"
    )
