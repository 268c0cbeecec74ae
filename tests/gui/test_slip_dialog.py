"""The Record slip dialog on the contract example: inputs, preview, refusals."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from planner.app.slips import RecordSlip
from planner.domain.jsonio import plan_from_json
from planner.gui.slip_dialog import SlipDialog

TODAY = date(2026, 11, 22)
DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def session(make_session):
    return make_session(plan_from_json((DATA / "contract-example.json").read_text()))


@pytest.fixture
def dialog(qtbot, session):
    dlg = SlipDialog(session, "A", TODAY)
    qtbot.addWidget(dlg)
    return dlg


def _preview(dlg) -> dict[str, list[tuple[str, ...]]]:
    out = {}
    for t in range(dlg.tree.topLevelItemCount()):
        top = dlg.tree.topLevelItem(t)
        rows = [top.child(k) for k in range(top.childCount())]
        out[top.text(0)] = [tuple(r.text(c) for c in range(6)) for r in rows]
    return out


def test_preview_groups_the_contract_slip_by_team(dialog):
    dialog.set_days(3)
    got = _preview(dialog)
    assert list(got) == ["Backend — 3 items", "Web — 3 items", "Mobile — 1 item"]
    assert [r[0] for r in got["Backend — 3 items"]] == [
        "Payments API (the slip)",
        "API ready",
        "API docs out",
    ]
    assert [r[0] for r in got["Web — 3 items"]] == ["Checkout page", "Billing settings", "Invoices"]
    assert got["Mobile — 1 item"] == [
        ("Receipts", "Fri 15 Jan – Wed 20 Jan", "Mon 11 Jan – Fri 15 Jan", "+3 wd (+5 cal.)",
         "Sprint 1 → Sprint 2", ""),
    ]  # fmt: skip
    invoices = got["Web — 3 items"][2]
    assert invoices[5] == "still missed by 7 wd (Thu 14 Jan 2027)"
    assert "In-app purchase" not in str(got)  # D's slack absorbs the slip
    assert dialog.summary.text() == "Moves 6 other items; 3 teams notified."
    # the new finish follows the days
    assert dialog.finish_edit.date().toString("yyyy-MM-dd") == "2027-01-14"


def test_reason_is_required(qtbot, dialog):
    dialog.set_days(3)
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.reason_edit, "   ")
    assert not dialog.ok_button.isEnabled()
    dialog.reason_edit.clear()
    qtbot.keyClicks(dialog.reason_edit, "vendor sandbox down")
    assert dialog.ok_button.isEnabled()
    assert dialog.result_request() == RecordSlip("A", 3, "vendor sandbox down", TODAY)


def test_typing_days_previews_after_a_pause(qtbot, dialog):
    dialog.days_spin.selectAll()
    qtbot.keyClicks(dialog.days_spin, "2")
    qtbot.waitUntil(lambda: dialog.finish_edit.date().toString("yyyy-MM-dd") == "2027-01-12")
    assert dialog.days_spin.suffix() == " working days"


def test_new_finish_date_sets_the_days(dialog):
    dialog.set_new_finish(date(2027, 1, 14))
    assert dialog.days_spin.value() == 3
    dialog.set_reason("vendor sandbox down")
    req = dialog.result_request()
    assert (req.days, req.new_finish) == (None, date(2027, 1, 14))
    assert dialog.ok_button.isEnabled()


def test_a_refused_slip_shows_why_and_blocks_ok(dialog):
    dialog.set_reason("x")
    dialog.set_new_finish(date(2027, 1, 9))  # Saturday: still Friday's end, no later
    assert not dialog.ok_button.isEnabled()
    assert dialog.error_label.isVisibleTo(dialog)
    assert "not later than its scheduled finish" in dialog.error_label.text()
    assert dialog.tree.topLevelItemCount() == 0
    dialog.set_days(1)
    assert not dialog.error_label.isVisibleTo(dialog)
    assert dialog.ok_button.isEnabled()


def test_a_done_item_cannot_slip(qtbot, make_session):
    plan = plan_from_json((DATA / "contract-example.json").read_text())
    plan = plan.with_items(replace(it, done=it.id == "A") for it in plan.items)
    dlg = SlipDialog(make_session(plan, "done.roadmap"), "A", TODAY)
    qtbot.addWidget(dlg)
    dlg.set_reason("x")
    assert dlg.error_label.text() == "slip of 'A': the item is done and cannot slip"
    assert not dlg.ok_button.isEnabled()


def test_slip_into_a_locked_item_is_named(qtbot, session):
    dlg = SlipDialog(session, "D", TODAY)
    qtbot.addWidget(dlg)
    dlg.set_days(1)
    assert dlg.summary.text().startswith("Nothing else moves: slack absorbs it")
    assert dlg.violations_label.text() == (
        "Store launch is locked but In-app purchase pushes it 2 working days later."
    )


def test_accept_gives_the_request_to_apply(qtbot, session, dialog):
    dialog.set_days(3)
    dialog.set_reason("vendor sandbox down")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == SlipDialog.DialogCode.Accepted
    changes = session.apply(dialog.result_request())
    assert sorted(n.team for n in changes.notices) == ["be", "mobile", "web"]


def test_a_long_title_wraps_instead_of_widening_the_dialog(qtbot, session):
    from planner.domain.edits import UpdateItem

    session.apply(UpdateItem.of("A", title="Very long title " * 20))
    dlg = SlipDialog(session, "A", TODAY)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.width() < 1000  # unwrapped, the title alone is some 2500 pixels wide


def test_a_title_with_line_breaks_is_one_line_in_the_preview(qtbot, session):
    from planner.domain.edits import UpdateItem

    session.apply(UpdateItem.of("B", title="Checkout\npage"))
    dlg = SlipDialog(session, "A", TODAY)
    qtbot.addWidget(dlg)
    dlg.set_days(3)
    titles = [r[0] for rows in _preview(dlg).values() for r in rows]
    assert "Checkout page" in titles and not any("\n" in t for t in titles)


def test_typing_on_opening_replaces_the_default_days(qtbot, dialog):
    """Just opened, the days field has the focus with its text selected: typing 3 gives
    3 working days, not 31."""
    dialog.show()
    qtbot.waitActive(dialog)
    assert dialog.focusWidget() is dialog.days_spin
    qtbot.keyClicks(dialog.focusWidget(), "3")
    assert dialog.days_spin.value() == 3
    # three working days after Fri 8 Jan, over the holiday on Wed 13 Jan
    qtbot.waitUntil(lambda: dialog.finish_edit.date().toString("yyyy-MM-dd") == "2027-01-14")


def test_many_broken_deadlines_are_counted_not_all_listed(qtbot, make_session):
    """On a large plan a slip breaks many deadlines: three are said, the rest counted,
    and the dialog stays on the screen."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from plans import generate_plan

    session = make_session(generate_plan(600))
    dlg = SlipDialog(session, "i4", TODAY)
    qtbot.addWidget(dlg)
    dlg.set_days(30)
    lines = dlg.violations_label.text().split("\n")
    assert dlg.impact is not None and len(dlg.impact.new_violations) > 10
    assert len(lines) == 4 and lines[-1].startswith("And ") and "more" in lines[-1]
    dlg.show()
    qtbot.waitExposed(dlg)
    assert dlg.height() <= dlg.screen().availableGeometry().height()
