"""The inspector's link editor: a link's type and lag change through the real widgets,
each as one undo step saved to the file; a refused change shows one message and changes
nothing; "Remove link" still removes it; a read-only roadmap can't be edited."""

from __future__ import annotations

from datetime import date

import pytest

from planner.app.session import PlanSession
from planner.domain.edits import RemoveDependency
from planner.domain.model import Dependency
from planner.gui.app import create_main_window
from planner.gui.inspector import link_sentence

TODAY = date(2026, 11, 22)


def link(plan, pred: str, succ: str) -> Dependency | None:
    return next((d for d in plan.dependencies if d.key == (pred, succ)), None)


def stored_link(path, pred: str, succ: str) -> Dependency | None:
    s = PlanSession.open(path, read_only=True)
    try:
        return link(s.plan, pred, succ)
    finally:
        s.close()


def choose_type(ins, code: str) -> None:
    k = ins.link_type.findData(code)
    ins.link_type.setCurrentIndex(k)
    ins.link_type.activated.emit(k)


def enter_lag(ins, lag: int) -> None:
    ins.link_lag.setValue(lag)
    ins.link_lag.editingFinished.emit()


def test_changing_a_links_type_and_lag_is_one_undo_step_each(window):
    s, ins = window.session, window.inspector
    window.select_item("api")
    assert not ins.link_type.isEnabled()  # nothing selected yet
    assert ins.select_link("api", "freeze")
    assert ins.link_type.isEnabled() and ins.link_type.currentData() == "FS"
    assert ins.link_lag.value() == 0
    assert ins.link_text.text() == "API freeze can start once Payments API finishes."
    freeze = s.schedule.dates("freeze")[0]  # Mon 23 Nov, driven by api (FS)

    enter_lag(ins, 2)
    assert link(s.plan, "api", "freeze") == Dependency("api", "freeze", "FS", 2)
    assert s.schedule.dates("freeze")[0] == date(2026, 11, 25)  # two working days later
    assert window.undo_history.count() == 1
    assert window.undo_history.undo_text() == "Edit link Payments API → API freeze"
    # the editor stays on the link it edits, and says what it now means
    assert ins.selected_link() == Dependency("api", "freeze", "FS", 2)
    assert "2 working days after Payments API finishes" in ins.link_text.text()

    choose_type(ins, "SS")
    enter_lag(ins, -1)  # a lead: negative lags are allowed
    assert link(s.plan, "api", "freeze") == Dependency("api", "freeze", "SS", -1)
    assert stored_link(s.path, "api", "freeze") == Dependency("api", "freeze", "SS", -1)
    assert window.undo_history.count() == 3
    assert "(SS, lag -1)" in ins.links.currentItem().text()
    assert "1 working day before Payments API starts" in ins.link_text.text()

    enter_lag(ins, -1)  # unchanged: no edit
    assert window.undo_history.count() == 3
    window.undo_history.undo()
    assert link(s.plan, "api", "freeze") == Dependency("api", "freeze", "SS", 2)
    assert ins.link_type.currentData() == "SS" and ins.link_lag.value() == 2
    window.undo_history.undo()
    window.undo_history.undo()
    assert link(s.plan, "api", "freeze") == Dependency("api", "freeze", "FS", 0)
    assert stored_link(s.path, "api", "freeze") == Dependency("api", "freeze", "FS", 0)
    assert s.schedule.dates("freeze")[0] == freeze


def test_a_refused_link_edit_shows_one_message_and_changes_nothing(window, errors):
    s, ins = window.session, window.inspector
    window.select_item("api")
    assert ins.select_link("api", "webhooks")
    # behind the inspector's back, the link goes away (e.g. another edit path)
    s.apply(RemoveDependency("api", "webhooks"))
    plan, steps = s.plan, window.undo_history.count()
    enter_lag(ins, 7)
    assert len(errors) == 1
    assert "'api' -> 'webhooks'" in errors[0]  # the ids, quoted
    assert s.plan == plan
    assert stored_link(s.path, "api", "webhooks") is None
    assert window.undo_history.count() == steps  # the refused edit is no step
    # the inspector shows the plan as it is again: the link is gone, nothing selected
    assert ins.selected_link() is None
    assert not ins.link_lag.isEnabled()
    assert all("Webhooks" not in ins.links.item(k).text() for k in range(ins.links.count()))


def test_remove_link_still_removes_the_selected_link(window):
    s, ins = window.session, window.inspector
    window.select_item("freeze")
    assert not ins.unlink.isEnabled()
    assert ins.select_link("api", "freeze")
    ins.unlink.click()
    assert link(s.plan, "api", "freeze") is None
    assert stored_link(s.path, "api", "freeze") is None
    assert ins.selected_link() is None and not ins.unlink.isEnabled()
    window.undo_history.undo()
    assert link(s.plan, "api", "freeze") == Dependency("api", "freeze", "FS", 0)


def test_an_item_without_links_says_how_to_make_one(window):
    s = window.session
    lonely = next(
        it.id for it in s.plan.items if not any(s.plan.dependencies_of(it.id))
    )  # fmt: skip
    window.select_item(lonely)
    assert window.inspector.links.count() == 0
    assert "Drag from the round handle" in window.inspector.link_text.text()


def test_links_are_shown_but_not_editable_when_read_only(qtbot, sample_path):
    writer = PlanSession.open(sample_path)
    try:
        w = create_main_window(sample_path, TODAY)
        qtbot.addWidget(w)
        w.show()
        w.select_item("api")
        ins = w.inspector
        assert ins.select_link("api", "freeze")
        assert ins.link_text.text() == "API freeze can start once Payments API finishes."
        assert not ins.link_type.isEnabled()
        assert not ins.link_lag.isEnabled()
        assert not ins.unlink.isEnabled()
        w.session.close()
    finally:
        writer.close()


@pytest.mark.parametrize(
    ("dep_type", "lag", "text"),
    [
        ("FS", 0, "B can start once A finishes."),
        ("SS", 3, "B can start 3 working days after A starts."),
        ("FF", -1, "B can finish 1 working day before A finishes."),
        ("SF", 2, "B can finish 2 working days after A starts."),
    ],
)
def test_link_sentence(dep_type, lag, text):
    assert link_sentence("A", "B", dep_type, lag) == text


def test_negative_slack_reads_in_working_days_with_the_right_plural(window):
    """Invoices page is a day behind its deadline: its slack is -1 working day."""
    window.select_item("invoices")
    text = window.inspector.scheduled.text()
    assert "slack -1 working day · <b>critical</b>" in text


def test_a_one_day_duration_reads_one_working_day(window):
    from planner.domain.edits import UpdateItem

    window.apply_edit(UpdateItem.of("api", duration=1))
    window.select_item("api")
    assert window.inspector.duration.text() == "1 working day"
    window.inspector.duration.setValue(3)
    assert window.inspector.duration.text() == "3 working days"
