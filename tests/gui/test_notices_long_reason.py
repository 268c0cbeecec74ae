"""A long reason in the notices dock: its row is one line (elided), the row's tooltip
holds the reason in full, the details under the tree wrap it, and the dock does not
grow wider for it. The day it was recorded reads like every day in the GUI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtGui import QTextDocumentFragment

from planner.app.slips import RecordSlip
from planner.domain.jsonio import plan_from_json
from planner.gui.day_format import day_text
from planner.gui.notices_dock import NoticesDock

TODAY = date(2026, 11, 22)
DATA = Path(__file__).resolve().parents[1] / "data"
REASON = (
    "The vendor's payment sandbox was down for most of the week after their data-centre "
    "migration, and their support could not give us a date for it coming back, so every "
    "end-to-end test had to wait; we also lost two days re-running the contract tests"
)


def test_a_long_reason_is_in_full_in_the_tooltip_and_wrapped_in_the_details(qtbot, make_session):
    s = make_session(plan_from_json((DATA / "contract-example.json").read_text()))
    s.apply(RecordSlip("A", 3, REASON, TODAY))
    dock = NoticesDock(s, TODAY)
    qtbot.addWidget(dock)
    dock.resize(420, 600)
    dock.show()
    notice = dock.tree.topLevelItem(0).child(0)
    why = notice.child(0)
    assert why.text(0) == f"why: {REASON}"
    seen = QTextDocumentFragment.fromHtml(why.toolTip(0)).toPlainText().replace("\xa0", " ")
    assert seen == REASON
    dock.tree.setCurrentItem(why)
    assert dock.details.wordWrap()
    details = QTextDocumentFragment.fromHtml(dock.details.text()).toPlainText()
    assert REASON in details.replace("\n", " ")
    assert dock.width() <= 440  # the reason did not widen the dock
    recorded = date.fromisoformat(dock.rows[0].created[:10])
    assert notice.text(1) == day_text(recorded, TODAY)  # the day it was recorded
