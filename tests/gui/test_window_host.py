"""The main window is the ``WindowHost`` that features are written against (mypy checks
the signatures; this checks the names on a real window), and every feature says so."""

from __future__ import annotations

import typing

from planner.gui.features import FEATURES
from planner.gui.host import WindowHost


def test_the_main_window_is_a_window_host(window):
    assert isinstance(window, WindowHost)


def test_every_feature_installs_on_a_window_host():
    for install in FEATURES:
        assert typing.get_type_hints(install)["window"] is WindowHost, install
