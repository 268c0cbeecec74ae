"""Progress in the app, driven through the real widgets: the inspector's Progress group
(started on, done on, progress, remaining, "Mark started", "Mark done today"), the
table's progress columns, and how the timeline draws done, in-progress and late items.
Each change is one undo step saved to the file; refusals say why and change nothing.

The sample roadmap is shifted so that today (Sun 22 Nov 2026) falls in its 2nd sprint:
"Visual design" is scheduled Wed 18 - Wed 25 Nov (it counts as started), "Clickable
prototype" from Thu 26 Nov (not started), "Discovery interviews" Mon 2 - Fri 6 Nov.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from planner.app.actuals import RecordProgress
from planner.app.sample import sample_plan
from planner.app.session import PlanSession
from planner.domain.edits import UpdateItem
from planner.gui.app import create_main_window
from planner.gui.table import COL

TODAY = date(2026, 11, 22)
SAMPLE = sample_plan(TODAY)


def stored(path, item_id: str):
    s = PlanSession.open(path, read_only=True)
    try:
        return s.plan.item(item_id)
    finally:
        s.close()


def undo_all(window, steps: int) -> None:
    for _ in range(steps):
        window.undo_history.undo()


def enter(spin, value: int) -> None:
    spin.setValue(value)
    spin.editingFinished.emit()


def enter_date(field, d: date) -> None:
    """Type the day in an inspector date field and press Enter."""
    field.edit.setText(d.isoformat())
    field.edit.editingFinished.emit()


# -- the inspector ------------------------------------------------------------------
def test_started_progress_and_remaining_are_one_undo_step_each(window):
    s, pg = window.session, window.inspector.progress
    window.select_item("visual")
    assert pg.isVisible()
    assert not pg.has_started.isChecked() and not pg.started.isEnabled()
    assert pg.started.date() == date(2026, 11, 18)  # offers its scheduled start
    assert pg.started.text() == "" and pg.started.edit.placeholderText() == "Not yet"
    assert pg.done_on.text() == ""  # not a day it was done on
    assert pg.remaining.isEnabled() and pg.remaining.value() == 3  # Mon, Tue, Wed left
    steps = window.undo_history.count()

    pg.has_started.click()
    it = s.plan.item("visual")
    assert it.actual_start == date(2026, 11, 18) and it.in_progress
    assert it.estimate == 6  # the duration it was started with
    assert window.undo_history.undo_text() == "Update progress of Visual design"

    enter(pg.progress, 40)
    assert s.plan.item("visual").progress == 40
    enter(pg.remaining, 5)  # today counts as the first: Mon 23 .. Fri 27
    assert s.schedule.dates("visual") == (date(2026, 11, 18), date(2026, 11, 27))
    assert s.plan.item("visual").duration == 8
    assert pg.remaining.value() == 5
    assert stored(s.path, "visual").progress == 40
    assert window.undo_history.count() == steps + 3

    enter(pg.remaining, 5)  # unchanged: no edit
    enter(pg.progress, 40)
    assert window.undo_history.count() == steps + 3
    undo_all(window, 3)
    assert s.plan.item("visual") == SAMPLE.item("visual")
    assert not pg.has_started.isChecked() and pg.progress.value() == 0


def test_mark_started_and_mark_done_today(window):
    s, pg = window.session, window.inspector.progress
    window.select_item("proto")  # from Thu 26 Nov: not started
    assert not pg.remaining.isEnabled() and pg.remaining.text() == "—"
    assert "Not started" in pg.summary.text()
    assert pg.mark_started.isEnabled() and pg.mark_done.isEnabled()

    pg.mark_started.click()
    assert s.plan.item("proto").actual_start == TODAY
    assert pg.has_started.isChecked() and not pg.mark_started.isEnabled()
    assert pg.remaining.isEnabled() and pg.remaining.value() == 4
    assert "In progress since" in pg.summary.text()

    pg.mark_done.click()
    it = s.plan.item("proto")
    assert (it.done, it.actual_finish, it.progress) == (True, TODAY, 100)
    assert stored(s.path, "proto").done
    assert pg.has_done.isChecked() and pg.done_on.isEnabled()
    assert not pg.mark_done.isEnabled() and not pg.progress.isEnabled()
    assert not pg.remaining.isEnabled()
    assert pg.summary.text().startswith("Done on")

    window.undo_history.undo()
    assert not s.plan.item("proto").done and s.plan.item("proto").actual_start == TODAY
    window.undo_history.undo()
    assert s.plan.item("proto") == SAMPLE.item("proto")


def test_done_on_can_be_set_moved_and_cleared(window):
    s, pg = window.session, window.inspector.progress
    window.select_item("disc")  # Mon 2 - Fri 6 Nov
    pg.has_done.click()
    it = s.plan.item("disc")
    assert (it.done, it.actual_start, it.actual_finish) == (
        True, date(2026, 11, 2), date(2026, 11, 6)
    )  # fmt: skip
    enter_date(pg.done_on, date(2026, 11, 10))  # it took two days longer
    assert s.plan.item("disc").actual_finish == date(2026, 11, 10)
    assert s.schedule.dates("disc") == (date(2026, 11, 2), date(2026, 11, 10))
    pg.has_done.click()  # not done after all: back in progress
    it = s.plan.item("disc")
    assert not it.done and it.actual_finish is None and it.in_progress
    assert stored(s.path, "disc").actual_finish is None
    pg.has_started.click()  # and not even started
    assert s.plan.item("disc").actual_start is None
    undo_all(window, 4)
    assert s.plan.item("disc") == SAMPLE.item("disc")


def test_a_milestone_only_has_done_on_and_mark_done_today(window):
    s, pg = window.session, window.inspector.progress
    window.select_item("freeze")
    hidden = (pg.has_started, pg.started, pg.progress, pg.remaining, pg.mark_started)
    assert not any(w.isVisible() for w in hidden)
    assert pg.has_done.isVisible() and pg.mark_done.isVisible()
    pg.mark_done.click()
    it = s.plan.item("freeze")
    assert it.done and it.actual_finish == TODAY and it.actual_start is None
    window.select_item("visual")  # a task again: every field is back
    assert all(w.isVisible() for w in hidden)


def test_a_refused_progress_change_says_why_and_changes_nothing(window, errors):
    s, pg = window.session, window.inspector.progress
    plan, steps = s.plan, window.undo_history.count()
    window.select_item("proto")  # starts Thu 26 Nov: it can't be done today
    pg.has_done.click()
    assert len(errors) == 1 and "before it started on 2026-11-26" in errors[0]
    assert s.plan == plan and window.undo_history.count() == steps
    assert not pg.has_done.isChecked()  # shows the stored state again

    window.select_item("visual")
    enter(pg.remaining, 0)  # nothing left is "done", not 0 days remaining
    assert "Mark done today" in window.statusBar().currentMessage()
    assert s.plan == plan and pg.remaining.value() == 3
    assert len(errors) == 1


def test_why_here_tells_of_an_item_in_progress_and_what_it_drives(window):
    window.apply_edit(RecordProgress("api", TODAY, started=date(2026, 11, 12)))
    window.select_item("api")
    assert "Payments API started on Thu 12 Nov 2026: it is in progress." in (
        window.inspector.why.text()
    )
    window.select_item("freeze")  # its chain runs back through api
    assert "started on Thu 12 Nov 2026" in window.inspector.why.text()


def test_progress_is_shown_but_not_editable_when_read_only(qtbot, sample_path):
    writer = PlanSession.open(sample_path)
    try:
        writer.apply(RecordProgress("visual", TODAY, started=date(2026, 11, 18), progress=30))
        w = create_main_window(sample_path, TODAY)
        qtbot.addWidget(w)
        w.show()
        w.select_item("visual")
        pg = w.inspector.progress
        assert pg.progress.value() == 30 and pg.has_started.isChecked()
        for widget in (pg.has_started, pg.started, pg.has_done, pg.progress, pg.remaining,
                       pg.mark_started, pg.mark_done):  # fmt: skip
            assert not widget.isEnabled()
        model = w.table.model
        row = model.row_of("visual")
        for key in ("actual_start", "actual_finish", "progress", "remaining"):
            assert not model.flags(model.index(row, COL[key])) & Qt.ItemFlag.ItemIsEditable
        w.session.close()
    finally:
        writer.close()


# -- the table ----------------------------------------------------------------------
def cell(model, item_id: str, key: str):
    return model.index(model.row_of(item_id), COL[key])


def test_the_table_edits_progress_through_the_same_requests(window):
    s, model = window.session, window.table.model
    assert COL["done"] == 11 and COL["actual_start"] == 12  # the old columns keep their places
    assert cell(model, "visual", "remaining").data() == "3 d"
    assert cell(model, "visual", "progress").data() == "0 %"
    assert cell(model, "proto", "remaining").data() == ""  # not started
    assert cell(model, "freeze", "progress").data() == ""  # a milestone
    assert cell(model, "visual", "variance").data() == ""  # no baseline chosen
    editable = Qt.ItemFlag.ItemIsEditable
    assert not model.flags(cell(model, "proto", "remaining")) & editable
    assert not model.flags(cell(model, "freeze", "progress")) & editable
    assert model.flags(cell(model, "freeze", "actual_finish")) & editable
    steps = window.undo_history.count()

    assert model.setData(cell(model, "visual", "actual_start"), QDate(2026, 11, 19))
    assert model.setData(cell(model, "visual", "progress"), 55)
    assert model.setData(cell(model, "visual", "remaining"), 2)
    it = s.plan.item("visual")
    assert (it.actual_start, it.progress) == (date(2026, 11, 19), 55)
    assert s.schedule.dates("visual")[1] == date(2026, 11, 24)
    assert cell(model, "visual", "actual_start").data() == "Thu 19 Nov"
    assert cell(model, "visual", "remaining").data() == "2 d"
    assert not model.setData(cell(model, "visual", "progress"), 55)  # unchanged: no edit
    assert window.undo_history.count() == steps + 3

    done = cell(model, "visual", "done")
    assert model.setData(done, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    it = s.plan.item("visual")
    assert it.done and it.actual_finish == date(2026, 11, 22) and it.progress == 100
    assert cell(model, "visual", "actual_finish").data() == "Sun 22 Nov"
    assert model.setData(cell(model, "visual", "actual_finish"), QDate(2026, 11, 20))
    assert s.plan.item("visual").actual_finish == date(2026, 11, 20)
    assert model.setData(done, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert not s.plan.item("visual").done and s.plan.item("visual").actual_finish is None
    assert stored(s.path, "visual").actual_start == date(2026, 11, 19)
    undo_all(window, 6)
    assert s.plan.item("visual") == SAMPLE.item("visual")


def test_the_tables_spin_boxes_keep_progress_and_days_in_range(window):
    view = window.table.view
    for key, low, high in (("progress", 0, 100), ("remaining", 1, 5000)):
        delegate = view.itemDelegateForColumn(COL[key])
        editor = delegate.createEditor(
            view.viewport(), None, cell(window.table.model, "visual", key)
        )
        assert (editor.minimum(), editor.maximum()) == (low, high)
        editor.deleteLater()


def test_a_refused_table_edit_shows_one_message(window, errors):
    model, plan = window.table.model, window.session.plan
    assert not model.setData(cell(model, "proto", "actual_finish"), QDate(2026, 11, 20))
    assert len(errors) == 1 and "before it started" in errors[0]
    assert window.session.plan == plan


# -- the timeline -------------------------------------------------------------------
def glyph(window, item_id: str):
    return window.scene.glyphs[item_id]


def test_the_timeline_marks_done_in_progress_and_late_items(window):
    w = window
    w.apply_edit(UpdateItem.of("schema", deadline=date(2026, 11, 4)))
    w.apply_edit(RecordProgress("schema", TODAY, done=date(2026, 11, 6)))  # 2 days late
    w.apply_edit(RecordProgress("api", TODAY, started=date(2026, 11, 12), progress=60))
    w.apply_edit(UpdateItem.of("auth", deadline=date(2026, 11, 18)))
    w.apply_edit(RecordProgress("auth", TODAY, started=date(2026, 11, 9)))  # ends Fri 13
    w.apply_edit(RecordProgress("disc", TODAY, done=date(2026, 11, 6)))

    api, schema, auth, disc = (glyph(w, i) for i in ("api", "schema", "auth", "disc"))
    assert (api.progress, api.started, api.done, api.late_end) == (60, True, False, False)
    assert disc.done and not disc.started and not disc.late_end
    assert schema.done and schema.late_end and "(late 2d)" in schema.label
    # scheduled to finish before its deadline, but today is past it and it is not done
    assert auth.late_end and not auth.late and "(past its deadline)" in auth.label
    x0, x1 = w.scene.span_x(*w.session.schedule.points("api"))
    assert (api.x0, api.end_x()) == (x0, x1)  # drawn from its actual start

    w.undo_history.undo()  # disc is not done again
    assert not glyph(w, "disc").done


def render(window, item_id: str) -> tuple[QImage, float]:
    """The item's row drawn into an image, and the scene x of the image's left edge."""
    g = glyph(window, item_id)
    rect = QRectF(g.x0 - 20, g.y0, g.width + 40, g.rows.h)
    img = QImage(int(rect.width()), int(rect.height()), QImage.Format.Format_ARGB32)
    img.fill(QColor("white"))
    painter = QPainter(img)
    window.scene.render(painter, QRectF(img.rect()), rect)
    painter.end()
    return img, rect.left()


def lightness(img: QImage, x: float, mid: float) -> int:
    return img.pixelColor(int(x), int(mid)).lightness()


def test_a_bars_done_part_is_darker_and_a_started_item_has_its_mark(window):
    window.apply_edit(RecordProgress("api", TODAY, started=date(2026, 11, 12), progress=50))
    window.scene.select(None)
    g = glyph(window, "api")
    img, left = render(window, "api")
    done_x, left_x = g.x0 + g.width * 0.25 - left, g.x0 + g.width * 0.75 - left
    assert lightness(img, done_x, g.rows.mid) < lightness(img, left_x, g.rows.mid) - 20
    start_mark = img.pixelColor(int(g.x0 - left - 4), int(g.rows.mid))
    assert start_mark.green() > start_mark.red() + 40  # the green "started" triangle

    window.apply_edit(RecordProgress("api", TODAY, progress=0))
    img, left = render(window, "api")
    assert (
        abs(lightness(img, done_x, g.rows.mid) - lightness(img, left_x, g.rows.mid)) < 8
    )  # nothing done: even


def test_a_rebuild_keeps_the_progress_marks_and_the_bar_still_takes_clicks(window):
    window.apply_edit(RecordProgress("api", TODAY, started=date(2026, 11, 12), progress=20))
    window.scene.rebuild()
    g = glyph(window, "api")
    assert g.started and g.progress == 20
    assert window.scene.glyph_at(g.mapToScene(QPointF(g.width / 2, g.rows.mid)))[0] is g


def test_the_sample_items_draw_as_before_without_progress(window):
    for it in SAMPLE.items:
        g = glyph(window, it.id)
        assert (g.progress, g.started, g.late_end) == (0, False, False), it.id


def test_a_done_item_is_not_shown_critical_in_the_table(window):
    s, model = window.session, window.table.model
    critical = next(i for i in s.schedule.ids if s.schedule.critical(i))
    slack = cell(model, critical, "slack")
    assert slack.data(Qt.ItemDataRole.ForegroundRole) is not None  # red: critical
    window.apply_edit(RecordProgress(critical, TODAY, done=s.schedule.dates(critical)[1]))
    assert s.plan.item(critical).done
    assert cell(model, critical, "slack").data(Qt.ItemDataRole.ForegroundRole) is None
