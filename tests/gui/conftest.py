"""GUI test setup: Qt offscreen; sessions on temporary roadmaps; the main window on the
sample roadmap (``window``) with message boxes captured (``errors``)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox

from planner.app.sample import sample_plan
from planner.app.session import PlanSession
from planner.gui.app import create_main_window
from planner.storage.repository import PlanRepository

TODAY = date(2026, 11, 22)  # the sample roadmap is shifted so this falls in its 2nd sprint


@pytest.fixture
def make_session(tmp_path):
    """``make_session(plan)`` -> a writable PlanSession on a new roadmap file holding plan."""
    opened = []

    def make(plan, name: str = "test.roadmap") -> PlanSession:
        path = tmp_path / name
        repo = PlanRepository.open(path, create=True)
        repo.write_plan(plan)
        repo.close()
        session = PlanSession.open(path)
        opened.append(session)
        return session

    yield make
    for s in opened:
        s.close()


@pytest.fixture
def errors(monkeypatch):
    """The texts of the message boxes the app shows (none is opened)."""
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    return shown


def write_roadmap(path, plan):
    """A new roadmap file at ``path`` holding ``plan``; returns the path."""
    repo = PlanRepository.open(path, create=True)
    repo.write_plan(plan)
    repo.close()
    return path


def shown_window(qtbot, path, ppd: float | None = None, size=(1400, 900), today=TODAY):
    """The main window on the roadmap at ``path`` on ``today``, shown at ``size`` (drops
    ask no reason), its days ``ppd`` pixels wide when given."""
    w = create_main_window(path, today)
    w.reason_provider = None
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    if ppd is not None:
        w.view.set_ppd(ppd)
    return w


@pytest.fixture
def sample_path(tmp_path):
    return write_roadmap(tmp_path / "sample.roadmap", sample_plan(TODAY))


def home_view(w, ppd: float | None = None) -> None:
    """The view the window tests are written against: the weeks zoom scrolled to the
    plan's start (a first open fits the whole plan instead: tests/gui/test_open_view.py),
    then zoomed to ``ppd`` around the middle if given."""
    w.view.zoom_preset("weeks")
    w._scroll_home()
    if ppd is not None:
        w.view.set_ppd(ppd)


@pytest.fixture
def window(qtbot, sample_path, errors):
    w = create_main_window(sample_path, TODAY)
    w.reason_provider = None
    qtbot.addWidget(w)
    w.show()
    home_view(w)
    yield w
    w.session.close()
