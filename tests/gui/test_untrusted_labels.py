"""Text from a roadmap is shown as the characters it holds, never as markup (issue 8,
item 17): an item titled ``<img src=x>`` must not load an image in any label, tooltip,
message box or dialog. Every label and tooltip of the window, its docks and its dialogs
is swept on a roadmap whose titles, team and sprint names and reasons carry markup."""

from __future__ import annotations

import dataclasses
import json
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QListWidget,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItemIterator,
    QWidget,
)

from planner.app.slips import RecordSlip
from planner.domain.edits import MoveItem
from planner.domain.jsonio import plan_from_json
from planner.gui.app import create_main_window
from planner.gui.digest_dialog import DigestDialog
from planner.gui.export_dialog import ExportDialog
from planner.gui.plain_text import tray_text
from planner.gui.plan_dialogs import SprintsDialog
from planner.gui.slip_dialog import SlipDialog
from planner.storage.repository import PlanRepository

TODAY = date(2026, 11, 22)
DATA = Path(__file__).resolve().parents[1] / "data"
MARK = "<img src=x><b>bold</b>&amp;"


def _seen(text: str, fmt: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """What a person sees of ``text`` shown in that format (Qt's own guess for AutoText,
    as labels, tooltips and message boxes make it)."""
    rich = fmt == Qt.TextFormat.RichText or (
        fmt == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
    )
    return QTextDocumentFragment.fromHtml(text).toPlainText() if rich else text


def _texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, what is seen) for every label and every item tooltip under ``root``."""
    out = []
    for label in root.findChildren(QLabel):
        out.append((f"label {label.objectName() or label.text()[:30]!r}",
                    _seen(label.text(), label.textFormat())))  # fmt: skip
    for w in [root, *root.findChildren(QWidget)]:
        if w.toolTip():
            out.append((f"tooltip of {type(w).__name__}", _seen(w.toolTip())))
    for tree in root.findChildren(QTreeWidget):
        it = QTreeWidgetItemIterator(tree)
        while it.value():
            node = it.value()
            for c in range(tree.columnCount()):
                if node.toolTip(c):
                    out.append((f"tooltip of {node.text(0)[:30]!r}", _seen(node.toolTip(c))))
            it += 1
    for lst in root.findChildren(QListWidget):
        for k in range(lst.count()):
            if lst.item(k).toolTip():
                out.append(
                    (f"tooltip of {lst.item(k).text()[:30]!r}", _seen(lst.item(k).toolTip()))
                )
    return out


def _assert_literal(root: QWidget, at_least: int = 1) -> None:
    """Every text under ``root`` that shows roadmap text shows MARK as it is written."""
    showing = [(where, seen) for where, seen in _texts(root) if "bold" in seen]
    assert len(showing) >= at_least, _texts(root)
    for where, seen in showing:
        assert MARK in seen, (where, seen)


def _marked_plan():
    plan = plan_from_json((DATA / "contract-example.json").read_text())
    return dataclasses.replace(
        plan,
        name=plan.name + MARK,
        items=tuple(dataclasses.replace(it, title=it.label + MARK) for it in plan.items),
        teams=tuple(dataclasses.replace(t, name=t.name + MARK) for t in plan.teams),
        sprints=tuple(dataclasses.replace(s, name=s.name + MARK) for s in plan.sprints),
    )


@pytest.fixture
def window(qtbot, tmp_path, errors):
    path = tmp_path / "marked.roadmap"
    repo = PlanRepository.open(path, create=True)
    repo.write_plan(_marked_plan())
    repo.close()
    w = create_main_window(path, TODAY)
    w.reason_provider = None
    qtbot.addWidget(w)
    w.show()
    yield w
    w.session.close()


def test_slip_dialog_shows_titles_and_team_names_literally(qtbot, window):
    dlg = SlipDialog(window.session, "A", TODAY, window)
    qtbot.addWidget(dlg)
    dlg.set_days(3)
    head = next(lb for lb in dlg.findChildren(QLabel) if "scheduled" in lb.text())
    assert "&lt;img src=x&gt;" in head.text() and "<img" not in head.text()
    assert not dlg.violations_label.isHidden()  # the still missed deadline, by title
    _assert_literal(dlg, at_least=3)
    assert dlg.windowTitle().endswith(MARK)  # a window title is plain text


def test_inspector_notices_and_messages_show_roadmap_text_literally(qtbot, window, errors):
    window.select_item("C")  # has links both ways and a driver chain
    _assert_literal(window.inspector, at_least=2)
    # a slip with a reason that carries markup, then the notices dock
    window.apply_edit(window.session.resolve(RecordSlip("A", 3, "vendor " + MARK, TODAY)))
    dock = window.notices_feature.dock
    tree = dock.tree
    node = tree.topLevelItem(0).child(0)
    for child in (node, node.child(0), node.child(1)):  # the notice, its reason, an item
        dock._show_details(child)
        _assert_literal(dock, at_least=2)
    window.show_error("no item " + MARK)
    assert errors == ["no item " + MARK]


def test_message_boxes_are_plain_text(window, monkeypatch):
    formats = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: formats.append(box.textFormat()) or 0)
    window.show_error("no item " + MARK)
    assert formats == [Qt.TextFormat.PlainText]


def test_drag_reason_question_names_titles_and_teams_literally(window, monkeypatch):
    asked = []
    monkeypatch.setattr(QInputDialog, "exec", lambda dlg: asked.append(_texts(dlg)) or 1)
    edit = MoveItem("A", date(2027, 1, 11))
    window.notices_feature.reason_for_drag(edit, window.session.preview(edit))
    (question,) = [seen for _where, seen in asked[0] if "bold" in seen]
    assert MARK in question and "Web" in question


def test_sprints_dialog_problem_and_export_and_digest_dialogs(qtbot, window):
    plan = window.session.plan
    bad = dataclasses.replace(plan.sprints[0], finish=plan.sprints[0].start.replace(day=1))
    dlg = SprintsDialog((bad, *plan.sprints[1:]), TODAY, None, plan.teams)
    qtbot.addWidget(dlg)
    dlg.accept()
    assert not dlg.problem.isHidden()
    _assert_literal(dlg)
    export = ExportDialog(window.session, window.settings, TODAY)
    qtbot.addWidget(export)
    export._show_error("--teams: no team with id " + json.dumps(MARK))
    _assert_literal(export)
    digest = DigestDialog(window.session, TODAY, None)
    qtbot.addWidget(digest)
    digest.status.setText("Saved " + MARK)
    _assert_literal(digest)


def test_tray_text_is_one_line_and_escaped_where_it_may_be_read_as_markup():
    text = tray_text("Backend" + MARK + "\nnext")
    assert "\n" not in text
    if sys.platform.startswith("linux"):
        assert "<img" not in text and "&lt;img src=x&gt;" in text


def _cells(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of every cell of every tree and table under ``root``."""
    from PySide6.QtWidgets import QTableView

    out = []
    for tree in root.findChildren(QTreeWidget):
        it = QTreeWidgetItemIterator(tree)
        while it.value():
            node = it.value()
            out += [(f"{type(tree).__name__} row", node.text(c)) for c in range(tree.columnCount())]
            it += 1
    for table in root.findChildren(QTableView):
        model = table.model()
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                text = model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)
                out.append((f"{type(table).__name__} cell", str(text or "")))
    return out


def test_titles_with_line_breaks_and_controls_show_on_one_line_in_every_list(qtbot, tmp_path):
    """A title, team or sprint name holding line breaks or control characters reads
    as one line in every row of every list and table: the item table, the notices, the
    slip dialog's preview."""
    plan = plan_from_json((DATA / "contract-example.json").read_text())
    odd = "\nsecond line\r\x1b[2J\t"
    plan = dataclasses.replace(
        plan,
        items=tuple(dataclasses.replace(it, title=it.label + odd) for it in plan.items),
        teams=tuple(dataclasses.replace(t, name=t.name + odd) for t in plan.teams),
    )
    path = tmp_path / "odd.roadmap"
    repo = PlanRepository.open(path, create=True)
    repo.write_plan(plan)
    repo.close()
    w = create_main_window(path, TODAY)
    w.reason_provider = None
    qtbot.addWidget(w)
    w.show()
    w.apply_edit(w.session.resolve(RecordSlip("A", 3, "vendor\ndown", TODAY)))
    dlg = SlipDialog(w.session, "A", TODAY, w)
    qtbot.addWidget(dlg)
    dlg.set_days(2)
    cells = [(where, text) for root in (w, dlg) for where, text in _cells(root)]
    assert any("second line" in text for _, text in cells)
    bad = [(where, text) for where, text in cells if any(ch in text for ch in "\n\r\x1b")]
    assert bad == [], "\n".join(sorted({f"{w}: {t!r}"[:90] for w, t in bad}))
    w.session.close()
