"""GUI test setup: Qt offscreen, and a factory for sessions on a temporary roadmap."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from planner.app.session import PlanSession
from planner.storage.repository import PlanRepository


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
