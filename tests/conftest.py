"""Shared fixtures: the worked contract example and small plan builders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.domain.jsonio import plan_from_json
from planner.domain.model import Plan

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
