"""The notification centre: delay notices per team, read, acknowledged and sent.

``NoticesDock`` lists the stored notices of the open roadmap grouped by team (unread
in bold), filters them by team, acknowledges them, and opens ``DigestDialog`` (in
digest_dialog.py) for a team's notices since a date. Clicking an item of a notice
emits ``item_activated(item_id)`` so the window can select it on the timeline.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.domain.errors import PlannerError
from planner.domain.text import one_line
from planner.export import digest
from planner.gui import theme
from planner.gui.day_format import day_text
from planner.gui.digest_dialog import ALL_TEAMS, DigestDialog
from planner.gui.plain_text import tip

__all__ = ["NoticesDock"]

ROLE_KIND = Qt.ItemDataRole.UserRole  # "team" | "notice" | "item"
ROLE_ID = Qt.ItemDataRole.UserRole + 1  # team id, notice id or item id
MUTED, BROKEN = theme.color("grey"), theme.color("bad")  # live colours


def _short_created(created: str, today: date) -> str:
    """'Thu 3 Dec 14:05' for a stored time; what is not one, as it is."""
    try:
        d = date.fromisoformat(created[:10])
    except ValueError:
        return created
    return f"{day_text(d, today)} {created[11:16]}".strip()


class NoticesDock(QDockWidget):
    """Delay notices of ``session`` grouped by team; see the module docstring."""

    item_activated = Signal(str)
    notices_acknowledged = Signal(list)  # notice ids
    changes_made = Signal(object)  # the session's Changes of an acknowledgement

    def __init__(self, session=None, today: date | None = None, parent=None):
        super().__init__("Notices", parent)
        self.setObjectName("NoticesDock")
        self.session = session
        self.today = today or date.today()
        self.rows = []  # the NoticeRows shown

        self.team_combo = QComboBox()
        self.team_combo.setAccessibleName("Team filter")
        self.team_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.show_acknowledged = QCheckBox("Show acknowledged")
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Notice", "Shift"])
        self.tree.headerItem().setToolTip(1, "How much later each item is, in working days (wd)")
        self.tree.setHeaderHidden(True)  # team > notice > why + items; shift or date on the right
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setMinimumHeight(48)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.ack_button = QPushButton("Acknowledge")
        self.ack_button.setToolTip("Mark the selected notices as read")
        self.ack_all_button = QPushButton("Acknowledge all")
        self.ack_all_button.setToolTip("Mark every notice shown as read")
        self.digest_button = QPushButton("Digest…")
        self.digest_button.setToolTip("Copy or save a team's changes since a date")

        top = QHBoxLayout()
        top.addWidget(QLabel("Team:"))
        top.addWidget(self.team_combo, 1)
        top.addWidget(self.show_acknowledged)
        buttons = QHBoxLayout()
        buttons.addWidget(self.ack_button)
        buttons.addWidget(self.ack_all_button)
        buttons.addStretch(1)
        buttons.addWidget(self.digest_button)
        body = QWidget()
        body.setMinimumWidth(360)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addLayout(top)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.details)
        lay.addLayout(buttons)
        self.setWidget(body)

        self.team_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.show_acknowledged.toggled.connect(lambda _b: self.refresh())
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._clicked)
        self.tree.currentItemChanged.connect(lambda cur, _prev: self._show_details(cur))
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.ack_button.clicked.connect(self.acknowledge_selected)
        self.ack_all_button.clicked.connect(self.acknowledge_all)
        self.digest_button.clicked.connect(self.open_digest)
        self.set_session(session)

    # -- data -----------------------------------------------------------------------------
    def set_session(self, session) -> None:
        self.session = session
        self._fill_teams()
        self.refresh()

    def _fill_teams(self) -> None:
        keep = self.team_combo.currentData()
        self.team_combo.blockSignals(True)
        self.team_combo.clear()
        self.team_combo.addItem("All teams", ALL_TEAMS)
        if self.session is not None:
            for t in self.session.plan.teams:
                self.team_combo.addItem(t.name, t.id)
        i = self.team_combo.findData(keep)
        self.team_combo.setCurrentIndex(max(0, i))
        self.team_combo.blockSignals(False)

    def selected_team(self) -> str | None:
        team = self.team_combo.currentData()
        return None if team in (None, ALL_TEAMS) else team

    def set_team(self, team: str | None) -> None:
        self.team_combo.setCurrentIndex(max(0, self.team_combo.findData(team or ALL_TEAMS)))

    def refresh(self, *_args, teams: bool = False) -> None:
        """Reload the notices from the file; with ``teams``, the team list too (a team
        was added, removed or renamed)."""
        if self.session is not None and teams:
            self._fill_teams()
        self.rows = []
        if self.session is not None:
            self.rows = self.session.notices(
                team=self.selected_team(),
                include_acknowledged=self.show_acknowledged.isChecked(),
            )
        self._rebuild()

    def unread_count(self) -> int:
        if self.session is None:
            return 0
        return len(self.session.notices())

    def _rebuild(self) -> None:
        plan = self.session.plan if self.session is not None else None
        self.tree.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        groups: dict[str, list] = {}
        for r in self.rows:
            groups.setdefault(r.team, []).append(r)
        order = {t.id: i for i, t in enumerate(plan.teams)} if plan else {}
        for team in sorted(groups, key=lambda t: order.get(t, len(order))):
            notes = groups[team]
            unread = sum(not r.acknowledged for r in notes)
            name = one_line(plan.team_name(team or None) if plan else team)
            top = QTreeWidgetItem([f"{name} — {unread} unread" if unread else name])
            top.setData(0, ROLE_KIND, "team")
            top.setData(0, ROLE_ID, team)
            top.setFirstColumnSpanned(True)
            if unread:
                top.setFont(0, bold)
            self.tree.addTopLevelItem(top)
            for r in reversed(notes):  # newest first
                node = self._notice_node(plan, r, bold)
                top.addChild(node)
                node.setExpanded(not r.acknowledged)
            top.setFirstColumnSpanned(True)
            top.setExpanded(True)
        if not self.rows:
            empty = QTreeWidgetItem(["No notices" if self.session else "No roadmap open"])
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.tree.addTopLevelItem(empty)
        unread = self.unread_count()
        self.setWindowTitle(f"Notices ({unread} unread)" if unread else "Notices")
        self._show_details(None)
        self._update_buttons()

    def _notice_node(self, plan, r, bold: QFont) -> QTreeWidgetItem:
        title = digest.notice_title(r.body, r.reason)
        node = QTreeWidgetItem(
            [one_line(_short_title(r.body)), _short_created(r.created[:10], self.today)]
        )
        node.setData(0, ROLE_KIND, "notice")
        node.setData(0, ROLE_ID, r.id)
        state = "acknowledged" if r.acknowledged else "unread"
        recorded = _short_created(r.created, self.today)
        node.setToolTip(0, tip(f"{title}\nrecorded {recorded}, {state}"))
        if r.acknowledged:
            for c in range(2):
                node.setForeground(c, QBrush(MUTED))
            node.setText(0, "✓ " + node.text(0))
        else:
            for c in range(2):
                node.setFont(c, bold)
        why = QTreeWidgetItem([f"why: {one_line(r.reason) or 'no reason given'}"])
        why.setData(0, ROLE_KIND, "reason")
        why.setData(0, ROLE_ID, r.id)
        why.setToolTip(0, tip(r.reason))
        italic = QFont(self.tree.font())
        italic.setItalic(True)
        why.setFont(0, italic)
        why.setForeground(0, QBrush(MUTED))
        node.addChild(why)
        why.setFirstColumnSpanned(True)
        label = "the slip" if str(r.body.get("edit", "")).startswith("Slip") else "the change"
        for it in r.body.get("items", []):
            p = digest.item_parts(plan, it, root_label=label) if plan else {}
            title = one_line(it["title"]) + (f" ({label})" if it.get("role") == "slip" else "")
            shift = f"{it['shift']:+d} wd"
            row = QTreeWidgetItem([title, shift])
            row.setData(0, ROLE_KIND, "item")
            row.setData(0, ROLE_ID, it["id"])
            keys = ("shift", "sprint", "deadline", "chain")
            text = f"now {p.get('dates')} (was {p.get('was')})\n" + "\n".join(
                p[k] for k in keys if p.get(k)
            )
            for c in range(2):
                row.setToolTip(c, tip(text))
            if (it.get("deadline") or {}).get("status") == "missed":
                row.setForeground(0, QBrush(BROKEN))
            if r.acknowledged:
                for c in range(2):
                    row.setForeground(c, QBrush(MUTED))
            node.addChild(row)
        return node

    def _notice_of(self, node: QTreeWidgetItem | None):
        if node is not None and node.data(0, ROLE_KIND) == "reason":
            node = node.parent()
        while node is not None and node.data(0, ROLE_KIND) not in ("notice", None):
            if node.data(0, ROLE_KIND) == "team":
                return None
            node = node.parent()
        if node is None:
            return None
        nid = node.data(0, ROLE_ID)
        return next((r for r in self.rows if r.id == nid), None)

    # -- details and activation -----------------------------------------------------------
    def _show_details(self, node: QTreeWidgetItem | None) -> None:
        kind = node.data(0, ROLE_KIND) if node is not None else None
        row = self._notice_of(node) if kind in ("notice", "reason", "item") else None
        if row is None or self.session is None:
            self.details.setText(
                f"<span style='color:{MUTED.name()}'>Select a notice to see why it moved.</span>"
            )
            return
        plan = self.session.plan
        head = f"<b>{_esc(digest.notice_title(row.body, row.reason))}</b>"
        if kind in ("notice", "reason"):
            n = len(row.body.get("items", []))
            self.details.setText(
                f"{head}<br>{n} item{'s' if n != 1 else ''} moved; recorded "
                f"{_esc(_short_created(row.created, self.today))}"
                + (" — acknowledged" if row.acknowledged else "")
            )
            return
        it = next((x for x in row.body.get("items", []) if x["id"] == node.data(0, ROLE_ID)), None)
        if it is None:
            return
        label = "the slip" if str(row.body.get("edit", "")).startswith("Slip") else "the change"
        p = digest.item_parts(plan, it, root_label=label)
        lines = [f"<b>{_esc(it['title'])}</b>: {_esc(p['shift'])}"]
        lines.append(f"now {_esc(p['dates'])} (was {_esc(p['was'])})")
        if p["sprint"]:
            lines.append(_esc(p["sprint"]))
        if p["deadline"]:
            missed = "MISSES" in p["deadline"] or "still misses" in p["deadline"]
            text = _esc(p["deadline"])
            lines.append(f"<span style='color:{BROKEN.name()}'>{text}</span>" if missed else text)
        if p["chain"]:
            lines.append(_esc(p["chain"]) + f" — {_esc(row.reason or 'no reason given')}")
        self.details.setText("<br>".join(lines))

    def _clicked(self, node: QTreeWidgetItem, _column: int = 0) -> None:
        kind = node.data(0, ROLE_KIND)
        if kind == "item":
            self.item_activated.emit(node.data(0, ROLE_ID))
        elif kind in ("notice", "reason"):
            row = self._notice_of(node)
            if row is not None and row.root:
                self.item_activated.emit(row.root)

    # -- acknowledging --------------------------------------------------------------------
    def _writable(self) -> bool:
        return self.session is not None and not self.session.read_only

    def _update_buttons(self) -> None:
        unread = [r for r in self.rows if not r.acknowledged]
        self.ack_button.setEnabled(self._writable() and bool(self._selected_unread()))
        self.ack_all_button.setEnabled(self._writable() and bool(unread))
        self.digest_button.setEnabled(self.session is not None)

    def _selected_unread(self) -> list[int]:
        ids = []
        for node in self.tree.selectedItems():
            if node.data(0, ROLE_KIND) == "team":
                ids += [r.id for r in self.rows if r.team == node.data(0, ROLE_ID)]
            else:
                row = self._notice_of(node)
                if row is not None:
                    ids.append(row.id)
        unread = {r.id for r in self.rows if not r.acknowledged}
        return sorted(set(ids) & unread)

    def acknowledge(self, ids: list[int]) -> None:
        if not ids or not self._writable():
            return
        try:
            changes = self.session.acknowledge(ids, initiator=self)
        except PlannerError as e:
            self.details.setText(f"<span style='color:{BROKEN.name()}'>{_esc(str(e))}</span>")
            return
        self.refresh()
        self.notices_acknowledged.emit(list(ids))
        self.changes_made.emit(changes)

    def acknowledge_selected(self) -> None:
        self.acknowledge(self._selected_unread())

    def acknowledge_all(self) -> None:
        self.acknowledge([r.id for r in self.rows if not r.acknowledged])

    # -- digest ---------------------------------------------------------------------------
    def open_digest(self) -> None:
        if self.session is None:
            return
        dlg = DigestDialog(self.session, self.today, self.selected_team(), self)
        dlg.exec()


def _short_title(body: dict) -> str:
    """'Payments API slipped' for a slip, else the edit ('Move: Payments API')."""
    edit = str(body.get("edit", "Change"))
    if edit.startswith("Slip") and body.get("root_title"):
        return f"{body['root_title']} slipped"
    return edit


def _esc(text: str) -> str:
    return html.escape(text, quote=False)
