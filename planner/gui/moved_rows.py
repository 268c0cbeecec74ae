"""A moved item as a row of a preview table: the slip dialog's and the sprint review's.

Columns: the item, its new dates, its old ones, the shift, where it lands (a sprint),
its deadline. The tooltip of every cell says why it moves; the old dates are grey, a
missed deadline red, and the title too when the edit newly breaks it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QTreeWidgetItem

from planner.domain.model import Plan
from planner.domain.text import one_line
from planner.export.digest import item_parts
from planner.gui import theme
from planner.gui.day_format import day_text
from planner.gui.plain_text import tip
from planner.scheduling.impact import MovedItem

__all__ = ["moved_row"]

BROKEN, MUTED = theme.color("bad"), theme.color("grey")  # live colours


def moved_row(
    plan: Plan, m: MovedItem, place: str, today: date, *, own: str, root_label: str
) -> QTreeWidgetItem:
    """The row of ``m`` landing in ``place``; ``own`` follows the title of the edit's own
    item ("the slip", "decision"), ``root_label`` names the edit in the tooltip."""
    p = item_parts(plan, m.to_dict(), root_label=root_label)
    title = one_line(m.title) + (f" ({own})" if m.role == "slip" else "")
    if m.deadline is None:
        deadline = ""
    elif m.late_by > 0:
        what = "MISSED" if m.newly_late else "still missed"
        deadline = f"{what} by {m.late_by} wd ({day_text(m.deadline, today)})"
    else:
        deadline = f"met, {m.total_slack} wd slack"
    shift = f"{m.shift:+d} wd"
    if m.calendar_shift != m.shift:
        shift += f" ({m.calendar_shift:+d} cal.)"
    row = QTreeWidgetItem([title, p["dates"], p["was"], shift, place, deadline])
    row.setData(0, Qt.ItemDataRole.UserRole, m.id)
    why = "; ".join(x for x in (p["shift"], p["sprint"], p["deadline"], p["chain"]) if x)
    for c in range(row.columnCount()):
        row.setToolTip(c, tip(why))
    row.setForeground(2, QBrush(MUTED))
    if m.late_by > 0:
        row.setForeground(5, QBrush(BROKEN))
        if m.newly_late:
            row.setForeground(0, QBrush(BROKEN))
    return row
