"""Edits made by hand that move other teams' items, driven as a person makes them: each
asks for the optional reason in the same prompt, and each tells the teams it moves with
that reason, whichever gesture made it (a dragged link, the menu's link, Mark started)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from planner.gui.item_picker import ItemPickerDialog
from tests.gui.menu_driver import choose, glyph_point, right_click

from .test_context_menus import when_shown
from .test_inspector_dates import answer_reason
from .test_timeline import TODAY, drag, point
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


def test_mark_started_on_an_item_planned_later_says_how_far_it_moved(qtbot, window):
    """Web QA, scheduled from Thu 17 Dec, started today (Sun 22 Nov): it starts on the
    next working day and the status bar says by how much it moved; only Web's items move,
    so nothing is asked."""
    s = window.session
    asks_reasons(window)
    assert s.schedule.dates("webqa")[0] == date(2026, 12, 17)
    choose(qtbot, right_click(window, glyph_point(window, "webqa")), "Mark started")
    assert s.plan.item("webqa").actual_start == TODAY
    assert s.schedule.dates("webqa")[0] == date(2026, 11, 23)
    assert window.statusBar().currentMessage() == (
        "Started today, Sun 22 Nov: moved 17 working days earlier"
    )
    assert window.undo_history.count() == 1


def test_mark_started_that_moves_other_teams_asks_the_reason(qtbot, window):
    """Backend's ledger started today moves Web's invoices page: the inspector's Mark
    started asks, and Web is told with the reason typed; Cancel changes nothing."""
    s = window.session
    asks_reasons(window)
    window.select_item("ledger")
    button = next(
        b for b in window.inspector.findChildren(QPushButton) if b.text() == "Mark started"
    )
    before = s.plan
    asked: list[str] = []
    answer_reason(qtbot, None, asked)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and s.plan == before and window.undo_history.count() == 0
    assert window.statusBar().currentMessage().startswith("Cancelled: Update progress of Ledger")
    answer_reason(qtbot, "kicked off early", asked)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(asked) == 2
    assert "this also moves items of Web, who will get a notice" in asked[1].replace("\xa0", " ")
    assert s.plan.item("ledger").actual_start == TODAY
    told = {n.team: n.reason for n in s.notices()}
    assert told["web"] == "kicked off early"
    assert window.statusBar().currentMessage() == (
        "Started today, Sun 22 Nov: moved 1 working day earlier"
    )
