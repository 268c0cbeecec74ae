"""Features that attach to the main window: each is an ``install(window) -> None``.

The window calls every one of them, in order, once it is built. Add your own line. What
a feature may use of the window is the ``WindowHost`` protocol (planner/gui/host.py).
"""

from __future__ import annotations

from collections.abc import Callable

from planner.gui import (
    appearance_feature,
    baselines_feature,
    deadlines_feature,
    delivery_feature,
    export_feature,
    find_feature,
    forecast_feature,
    help_feature,
    import_feature,
    links_feature,
    loading,
    notices_feature,
    review_feature,
    view_state,
)
from planner.gui.host import WindowHost

__all__ = ["FEATURES", "Feature"]

Feature = Callable[[WindowHost], None]

FEATURES: list[Feature] = [
    notices_feature.install,
    delivery_feature.install,
    import_feature.install,
    export_feature.install,
    baselines_feature.install,
    review_feature.install,
    forecast_feature.install,
    deadlines_feature.install,  # after forecast_feature: it reads the forecast shown
    find_feature.install,
    help_feature.install,
    links_feature.install,
    loading.install,  # the status bar's bar while a big timeline draws
    appearance_feature.install,
    view_state.install,  # the roadmap's last view (or the whole plan fitted), lanes collapsed
]
