"""Features that attach to the main window: each is an ``install(window) -> None``.

The window calls every one of them, in order, once it is built. Add your own line.
"""

from __future__ import annotations

from planner.gui import export_feature, notices_feature

FEATURES: list = [
    notices_feature.install,
    export_feature.install,
]
