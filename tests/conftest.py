"""Shared fixtures: the worked contract example and small plan builders, and sessions on
a roadmap in memory (``memory_session``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.app.session import PlanSession
from planner.domain.jsonio import plan_from_json
from planner.domain.model import Plan
from planner.storage.repository import PlanRepository

DATA = Path(__file__).parent / "data"


@pytest.fixture
def contract_plan() -> Plan:
    return plan_from_json((DATA / "contract-example.json").read_text())


@pytest.fixture
def contract_expected() -> dict:
    return json.loads((DATA / "contract-example.expected.json").read_text())


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path_factory, monkeypatch):
    """Keep settings and the default roadmap out of the real user folders."""
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("PLANNER_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("PLANNER_DATA_DIR", str(base / "data"))


def memory_session(plan: Plan) -> PlanSession:
    """A session on a roadmap in memory holding ``plan`` (the caller closes it)."""
    repo = PlanRepository.memory()
    repo.write_plan(plan)
    return PlanSession(repo)
