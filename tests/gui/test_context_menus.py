"""Right-click menus on the timeline's items, lanes and empty space, and on the table's
rows, driven as a user does: a context-menu event on the viewport, a click on the entry."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QInputDialog

from planner.app.sample import sample_plan
from planner.app.session import PlanSession
from planner.domain.edits import SetTeams
from planner.gui.day_format import day_text
from planner.gui.item_picker import ItemPickerDialog
from planner.gui.slip_dialog import SlipDialog
from planner.gui.table import COL
from planner.gui.timeline_layout import HEADER_H, LANE_HEAD_H
from tests.gui.conftest import shown_window
from tests.gui.menu_driver import choose, enabled, entry, glyph_point, right_click

TODAY = date(2026, 11, 22)
PPD = 20.0


@pytest.fixture
def window(qtbot, sample_path, errors):
    w = shown_window(qtbot, sample_path, PPD)
    yield w
    w.session.close()


@pytest.fixture
def read_only_window(qtbot, sample_path, errors):
    writer = PlanSession.open(sample_path)  # another planner holds the writer lock
    w = shown_window(qtbot, sample_path, PPD)
    assert w.read_only
    yield w
    w.session.close()
    writer.close()


def lane_point(window, team: str, day: date) -> QPoint:
    """Viewport point in ``team``'s name row, on ``day`` (scrolled there first)."""
    scene, view = window.scene, window.view
    lane = next(lane for lane in scene.lanes.lanes if lane.team == team)
    x, y = scene.scale.x_of(day) + PPD / 2, lane.top + LANE_HEAD_H / 2
    # a point of that day's cell in the name row that no arrow runs through (a
    # right-click on an arrow opens the link's menu)
    spots = [(scene.scale.x_of(day) + PPD * fx, lane.top + LANE_HEAD_H * fy)
             for fy in (0.5, 0.3, 0.7, 0.2, 0.8) for fx in (0.5, 0.25, 0.75)]  # fmt: skip
    x, y = next(((sx, sy) for sx, sy in spots if scene.link_at(QPointF(sx, sy)) is None), (x, y))
    view.ensureVisible(x - 5, y - 5, 10, 10, 100, int(HEADER_H) + 20)
    return view.mapFromScene(QPointF(x, y))


def when_shown(qtbot, kind, then) -> list:
    """Call ``then(dialog)`` once a dialog of type ``kind`` is shown (modal: it runs in
    the dialog's own event loop). The returned list gets the dialog, or what ``then``
    raised (the dialog is then rejected, so the test goes on to fail)."""
    seen: list = []

    def poll():
        for w in QApplication.topLevelWidgets():
            if isinstance(w, kind) and w.isVisible():
                try:
                    then(w)
                except Exception as e:  # reported by the test
                    seen.append(e)
                    w.reject()
                else:
                    seen.append(w)
                return
        QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


# -- an item --------------------------------------------------------------------------
def test_the_item_menu_selects_the_item_and_each_entry_is_one_undo_step(qtbot, window):
    s = window.session
    menu = right_click(window, glyph_point(window, "api"))
    assert window.selected_item_id() == "api"
    assert window.inspector.title.text() == "Payments API"
    assert list(enabled(menu)) == [
        "Edit…", "Rename", "Mark started", "Mark done", "Mark not done", "Record slip…",
        "Add dependency", "Lock dates", "Change team", "Delete",
    ]  # fmt: skip
    choose(qtbot, menu, "Lock dates")
    assert s.plan.item("api").locked

    menu = right_click(window, glyph_point(window, "api"))
    assert "Unlock dates" in enabled(menu)  # the same place now unlocks
    choose(qtbot, menu, "Change team", "Web")
    assert s.plan.item("api").team == "web"
    assert "api" in next(lane for lane in window.scene.lanes.lanes if lane.team == "web").item_ids

    menu = right_click(window, glyph_point(window, "api"))
    teams = entry(menu, "Change team").menu()
    assert [a.text() for a in teams.actions() if a.isChecked()] == ["Web"]
    assert not entry(teams, "Web").isEnabled()  # already there
    choose(qtbot, menu, "Delete")
    assert not s.plan.has_item("api")
    assert window.selected_item_id() is None

    assert window.undo_history.count() == 3
    for _ in range(3):
        window.undo_history.undo()
    assert s.plan == sample_plan(TODAY)


def test_mark_started_done_and_not_done_record_progress(qtbot, window):
    s = window.session
    menu = right_click(window, glyph_point(window, "pay"))
    choose(qtbot, menu, "Mark started")
    it = s.plan.item("pay")
    assert it.actual_start == TODAY and not it.done
    assert window.undo_history.undo_text() == "Update progress of Payment form"

    menu = right_click(window, glyph_point(window, "pay"))
    assert enabled(menu)["Mark started"] is False  # it has started
    assert enabled(menu)["Mark not done"] is False
    choose(qtbot, menu, "Mark done")
    it = s.plan.item("pay")
    assert it.done and it.actual_finish == TODAY

    menu = right_click(window, glyph_point(window, "pay"))
    assert not enabled(menu)["Mark done"]
    choose(qtbot, menu, "Mark not done")
    it = s.plan.item("pay")
    assert not it.done and it.actual_finish is None and it.actual_start == TODAY
    assert window.undo_history.count() == 3

    menu = right_click(window, glyph_point(window, "freeze"))  # a milestone has no start
    assert not enabled(menu)["Mark started"] and enabled(menu)["Mark done"]


def test_record_slip_opens_the_slip_dialog_for_that_item(qtbot, window):
    window.select_item("shell")
    before = window.session.schedule.dates("api")

    def slip(dlg):
        assert dlg.item_id == "api"
        dlg.set_days(3)
        dlg.set_reason("vendor sandbox down")
        dlg.refresh_preview()
        dlg.accept()

    seen = when_shown(qtbot, SlipDialog, slip)
    choose(qtbot, right_click(window, glyph_point(window, "api")), "Record slip…")
    assert [type(x) for x in seen] == [SlipDialog], seen
    assert window.undo_history.undo_text() == "Slip Payments API"
    assert window.session.schedule.dates("api")[1] > before[1]


def test_add_dependency_offers_what_closes_no_cycle_filtered_by_typing(qtbot, window):
    s = window.session
    rows: list[str] = []

    def pick(dlg):
        rows.extend(dlg.model.stringList())
        qtbot.keyClicks(dlg.search, "wirefr")
        assert dlg.proxy.rowCount() == 1
        qtbot.keyClick(dlg.search, Qt.Key.Key_Return)

    seen = when_shown(qtbot, ItemPickerDialog, pick)
    choose(qtbot, right_click(window, glyph_point(window, "api")), "Add dependency", "Waits for…")
    assert [type(x) for x in seen] == [ItemPickerDialog], seen
    ids = {r.rsplit("  ·  ", 1)[1] for r in rows}
    # not itself, not what waits for it (freeze, webhooks, ... would close a cycle),
    # not what it already waits for (schema, vendor)
    assert not ids & {"api", "freeze", "webhooks", "ledger", "beta", "ga", "schema", "vendor"}
    assert {"wire", "disc", "auth", "mnav"} <= ids
    assert ("wire", "api") in {d.key for d in s.plan.dependencies}
    assert window.undo_history.undo_text() == "Link Wireframes → Payments API (FS)"

    def needed_by(dlg):
        qtbot.keyClicks(dlg.search, "analytics")
        dlg.accept()

    when_shown(qtbot, ItemPickerDialog, needed_by)
    choose(qtbot, right_click(window, glyph_point(window, "auth")), "Add dependency", "Needed by…")
    assert ("auth", "tele") in {d.key for d in s.plan.dependencies}


def test_a_cancelled_picker_links_nothing(qtbot, window):
    before = window.session.plan
    when_shown(qtbot, ItemPickerDialog, lambda dlg: dlg.reject())
    choose(qtbot, right_click(window, glyph_point(window, "api")), "Add dependency", "Needed by…")
    assert window.session.plan == before


def test_edit_focuses_the_inspectors_title(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    choose(qtbot, right_click(window, glyph_point(window, "cart")), "Edit…")
    title = window.inspector.title
    assert window.selected_item_id() == "cart"
    qtbot.waitUntil(title.hasFocus, timeout=2000)
    assert title.selectedText() == "Cart & pricing UI"


def test_entries_show_the_shortcuts_of_the_main_actions(qtbot, window):
    a = window.actions_
    menu = right_click(window, glyph_point(window, "api"))
    assert entry(menu, "Rename").shortcut() == QKeySequence("F2") == a["rename_item"].shortcut()
    assert entry(menu, "Delete").shortcut() == a["delete_item"].shortcut()
    slip = next(x for x in window.findChildren(type(a["new"])) if x.objectName() == "record_slip")
    assert entry(menu, "Record slip…").shortcut() == slip.shortcut()
    shown = [x for x in menu.actions() if not x.shortcut().isEmpty()]
    assert len(shown) == 3 and all(x.isShortcutVisibleInContextMenu() for x in shown)
    menu.close()
    menu = right_click(window, lane_point(window, "web", date(2026, 12, 2)))
    assert entry(menu, "Add task here").shortcut() == a["add_task"].shortcut()
    assert entry(menu, "Add milestone here").shortcut() == a["add_milestone"].shortcut()
    assert entry(menu, "Fit all") is a["fit_all"] and entry(menu, "Go to today") is a["today"]


def test_team_names_are_shown_as_they_are_in_the_team_menu(qtbot, window):
    teams = window.session.plan.teams
    odd = tuple(t if t.id != "web" else type(t)(t.id, "R&D\tweb <b>x</b>", t.color) for t in teams)
    window.apply_edit(SetTeams(odd))
    menu = right_click(window, glyph_point(window, "api"))
    names = [a.text() for a in entry(menu, "Change team").menu().actions()]
    assert names == ["Design", "Backend", "R&&D web <b>x</b>", "Mobile", "No team"]


# -- lanes and empty space -----------------------------------------------------------------
def test_the_lane_menu_adds_an_item_in_that_lane_on_the_clicked_day(qtbot, window):
    s = window.session
    day = date(2026, 12, 5)  # a Saturday: the task starts on the next working day
    menu = right_click(window, lane_point(window, "web", day))
    assert menu.objectName() == "lane-menu"
    choose(qtbot, menu, "Add task here")
    new = s.plan.items[s.plan.item_index[window.selected_item_id()]]
    assert (new.team, new.kind, new.start) == ("web", "task", date(2026, 12, 7))
    web = [it.id for it in s.plan.items if it.team == "web"]
    assert web[-1] == new.id  # after the lane's last item
    editor = window.context_menus.commands.editor
    assert editor.is_open and editor.item_id == new.id and editor.selectedText() == "New task"

    editor.cancel()
    menu = right_click(window, lane_point(window, "mobile", date(2026, 12, 9)))
    choose(qtbot, menu, "Add milestone here")
    ms = s.plan.item(window.selected_item_id())
    assert (ms.team, ms.kind, ms.start) == ("mobile", "milestone", date(2026, 12, 9))


def test_rename_team_from_its_lane(qtbot, window):
    def rename(dlg):
        assert dlg.textValue() == "Mobile"
        dlg.setTextValue("Mobile apps\x07")
        dlg.accept()

    seen = when_shown(qtbot, QInputDialog, rename)
    choose(qtbot, right_click(window, lane_point(window, "mobile", TODAY)), "Rename “Mobile”…")
    assert [type(x) for x in seen] == [QInputDialog], seen
    assert window.session.plan.team("mobile").name == "Mobile apps"  # the control dropped
    assert "Mobile apps" in [lane.name for lane in window.scene.lanes.lanes]
    window.undo_history.undo()
    assert window.session.plan.team("mobile").name == "Mobile"


def test_the_time_header_and_below_the_lanes_are_empty_space(qtbot, window):
    view, s = window.view, window.session
    menu = right_click(window, QPoint(400, int(HEADER_H) // 2))
    assert menu.objectName() == "space-menu"
    cal = window.session.calendar  # the day under the mouse, or the working day after it
    d = cal.date_of(cal.start_index(window.scene.scale.day_at(view.mapToScene(400, 10).x())))
    assert enabled(menu) == {
        f"Add task on {day_text(d, TODAY)}": True,
        f"Add milestone on {day_text(d, TODAY)}": True,
        "Fit all": True,
        "Go to today": True,
    }
    view.scroll_to_day(date(2027, 3, 1), 0.0)
    menu.close()
    choose(qtbot, right_click(window, QPoint(400, int(HEADER_H) // 2)), "Go to today")
    tx = view.mapFromScene(window.scene.scale.x_of(TODAY), 100).x()
    assert 0 <= tx <= view.viewport().width()

    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    x, bottom = view.mapToScene(400, 0).x(), window.scene.lanes.lanes[-1].bottom
    below = view.mapFromScene(QPointF(x, bottom + 10))
    menu = right_click(window, below)
    assert menu.objectName() == "space-menu"
    choose(qtbot, menu, "Add task on")
    assert s.plan.item(window.selected_item_id()).team == "mobile"  # the last lane, nearest


def test_empty_space_offers_expand_all_lanes_while_a_lane_is_collapsed(qtbot, window):
    view, scene = window.view, window.scene

    def below_the_lanes() -> QPoint:
        x, bottom = view.mapToScene(400, 0).x(), scene.lanes.lanes[-1].bottom
        return view.mapFromScene(QPointF(x, bottom + 10))

    menu = right_click(window, below_the_lanes())
    assert "Expand all lanes" not in enabled(menu)  # none is collapsed
    menu.close()
    choose(qtbot, right_click(window, lane_point(window, "web", TODAY)), "Collapse lane")
    assert scene.collapsed == {"web"}
    menu = right_click(window, below_the_lanes())
    assert menu.objectName() == "space-menu"
    choose(qtbot, menu, "Expand all lanes")
    assert scene.collapsed == frozenset()


# -- read-only ------------------------------------------------------------------------------
def test_a_read_only_window_disables_every_editing_entry(qtbot, read_only_window):
    w = read_only_window
    menu = right_click(w, glyph_point(w, "api"))
    assert w.selected_item_id() == "api"  # looking is allowed
    assert not any(enabled(menu).values())
    assert not any(a.isEnabled() for a in entry(menu, "Change team").menu().actions())
    menu.close()
    menu = right_click(w, lane_point(w, "web", TODAY))
    assert enabled(menu) == {
        "Add task here (Mon 23 Nov)": False,  # the working day the item would start
        "Add milestone here (Mon 23 Nov)": False,
        "Rename “Web”…": False,
        "Collapse lane": True,  # a way of looking, not an edit
        "Expand all lanes": False,  # none is collapsed
        "Fit all": True,
        "Go to today": True,
    }
    menu.close()
    menu = right_click(w, QPoint(300, 10))
    assert [v for k, v in enabled(menu).items() if k.startswith("Add")] == [False, False]


# -- the table ------------------------------------------------------------------------------
def test_the_tables_rows_get_the_item_menu(qtbot, window):
    window.tabs.setCurrentWidget(window.table)
    view = window.table.view
    row = window.table.proxy.mapFromSource(
        window.table.model.index(window.session.plan.item_index["cart"], COL["title"])
    )
    pos = view.visualRect(row).center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), event)
    menu = window.context_menus.last_menu
    assert menu is not None and menu.isVisible() and menu.objectName() == "item-menu"
    assert window.selected_item_id() == "cart"
    choose(qtbot, menu, "Mark done")
    cart = window.session.plan.item("cart")
    assert cart.done and cart.actual_finish == TODAY
    assert cart.actual_start == TODAY  # scheduled from the 24th: done early, started today

    menu = right_click(window, pos, view.viewport())
    choose(qtbot, menu, "Rename")  # on the Table tab: the title cell's editor
    qtbot.waitUntil(lambda: view.state() == view.State.EditingState, timeout=2000)
    assert view.currentIndex().column() == COL["title"]
