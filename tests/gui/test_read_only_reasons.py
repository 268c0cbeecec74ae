"""The window says why a roadmap opens read-only, and a damaged one does not open."""

from __future__ import annotations

import os
import sqlite3
from datetime import date

import pytest

from planner.app.session import PlanSession
from planner.domain.errors import RoadmapFileError
from planner.gui.app import create_main_window

TODAY = date(2026, 11, 22)  # as the gui conftest's sample roadmap


def open_window(qtbot, path):
    w = create_main_window(path, TODAY)
    qtbot.addWidget(w)
    w.show()
    return w


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_a_read_only_file_opens_read_only_and_the_banner_says_why(qtbot, sample_path):
    sample_path.chmod(0o444)
    before = sample_path.read_bytes()
    w = open_window(qtbot, sample_path)
    assert w.session.read_only and not w.actions_["add_task"].isEnabled()
    assert w.banner.isVisible()
    assert "the file is read-only" in w.banner.text()
    assert "Another" not in w.banner.text()
    w.session.close()
    assert sample_path.read_bytes() == before


def test_the_banner_names_another_planner_when_one_has_it_open(qtbot, sample_path):
    writer = PlanSession.open(sample_path)
    try:
        w = open_window(qtbot, sample_path)
        assert "another planner has it open" in w.banner.text()
        w.session.close()
    finally:
        writer.close()


def test_a_damaged_roadmap_is_refused_naming_the_damage(sample_path):
    con = sqlite3.connect(sample_path)
    con.execute("UPDATE items SET duration = 'abc' WHERE rowid = 1")
    con.commit()
    con.close()
    before = sample_path.read_bytes()
    with pytest.raises(RoadmapFileError, match=r"the file is damaged: item '.*': duration"):
        create_main_window(sample_path, TODAY)
    assert sample_path.read_bytes() == before
