"""Make docs/screenshot.png: the main window on the sample roadmap, mid-drag.

Runs offscreen (no display needed) with private settings folders, opens the sample
roadmap around a fixed "today", selects the Payments API and drags it a week later
without dropping it, so the picture shows the ghosts of what it would push and the
deadline it would break. ``--plain`` saves the window without the drag instead.

    python scripts/screenshot.py [OUT.png] [--plain] [--size 1600x1240]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 22)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", nargs="?", default=str(ROOT / "docs" / "screenshot.png"))
    p.add_argument("--plain", action="store_true", help="no drag in progress")
    p.add_argument("--size", default="1600x1240")
    p.add_argument("--item", default="api")
    args = p.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))
    tmp = tempfile.mkdtemp()
    os.environ.update(QT_QPA_PLATFORM="offscreen", PLANNER_CONFIG_DIR=f"{tmp}/config",
                      PLANNER_DATA_DIR=f"{tmp}/data")  # fmt: skip

    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtTest import QTest

    from planner.gui.app import create_main_window, make_application

    app = make_application()
    window = create_main_window(None, TODAY)  # the default roadmap: the sample
    window.reason_provider = None
    window.resize(width, height)
    window.show()
    app.processEvents()
    window.view.fit_all()
    window.select_item(args.item, reveal=False)
    app.processEvents()
    if not args.plain:
        view = window.view
        g = window.scene.glyphs[args.item]
        start = view.mapFromScene(g.mapToScene(QPointF(g.width / 2, g.rows.mid)))
        vp = view.viewport()
        QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
        for k in range(1, 8):
            QTest.mouseMove(vp, QPoint(start.x() + int(k * view.ppd), start.y()))
        app.processEvents()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(args.out):
        print(f"could not write {args.out}", file=sys.stderr)
        return 1
    print(args.out)
    window.session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
