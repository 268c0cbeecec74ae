"""Makes deadlines-view.png and negotiation-log.png here: negotiated deadlines in the app.

The roadmap is the one tests/gui/test_deadlines_gui.py negotiates (``negotiated_plan``:
the sample roadmap with a history of done tasks, the stakeholders Sales, Marketing and
Support, and items in every status: agreed, at risk, missed, committed, proposed). Today
is Sun 22 Nov 2026 and View > Show forecast is on (1000 runs, seed 1), so the agreed
dates the forecast's P80 overshoots are "at risk".

- deadlines-view.png: the window on its Deadlines tab, Backend beta selected, the
  inspector beside it showing that item's negotiation;
- negotiation-log.png: the window on its Timeline, at 15 px a day over Sprints 15-16,
  Backend beta selected: its hollow target (Fri 4 Dec), solid agreed date (Wed 9 Dec)
  and dashed commitment (Fri 11 Dec), and the inspector's log. On X11 the mouse rests on
  the target mark so its tooltip shows.

On X11 the screen is captured with ImageMagick's ``import``, cut to the window's frame
and kept whole as ``x-<name>``; offscreen the window is grabbed (no tooltip: that is a
window of its own).

    QT_QPA_PLATFORM=offscreen python docs/screenshots/deadlines_shots.py [OUT]
    DISPLAY=:95 python docs/screenshots/deadlines_shots.py [OUT]   # Xvfb + openbox

OUT defaults to this folder. Settings and window state go to a temporary folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

_private = tempfile.mkdtemp(prefix="planner-shots-")
os.environ["PLANNER_CONFIG_DIR"] = f"{_private}/config"
os.environ["PLANNER_DATA_DIR"] = f"{_private}/data"
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "gui"))

from PySide6.QtCore import QPoint, QPointF, QRect, QTimer  # noqa: E402
from PySide6.QtGui import QCursor  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QDockWidget, QWidget  # noqa: E402
from test_deadlines_gui import TODAY, negotiated_plan  # noqa: E402

from planner.gui.app import create_main_window, make_application  # noqa: E402
from planner.storage.repository import PlanRepository  # noqa: E402

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
X11 = os.environ.get("QT_QPA_PLATFORM", "") != "offscreen"
LIMIT = 300_000  # bytes per picture
PPD = 15.0


def capture(widget: QWidget, name: str) -> None:
    """``widget`` as OUT/name: grabbed offscreen; on X11 cut from the screen (with the
    window manager's frame), the whole screen kept as OUT/x-name."""
    target = OUT / name
    if not X11:
        widget.grab().save(str(target))
    else:
        screen = OUT / f"x-{name}"
        subprocess.run(["import", "-window", "root", str(screen)], check=True)
        g: QRect = widget.frameGeometry()
        crop = f"{g.width()}x{g.height()}+{g.x()}+{g.y()}"
        subprocess.run(["convert", str(screen), "-crop", crop, "+repage", str(target)], check=True)
    size = target.stat().st_size
    print(f"{target}: {size:,} bytes" + ("  (over the limit)" if size > LIMIT else ""))


def main() -> int:
    app = make_application()
    path = Path(_private) / "Checkout.roadmap"
    repo = PlanRepository.open(path, create=True)
    repo.write_plan(negotiated_plan(TODAY), "Screenshots")
    repo.close()
    win = create_main_window(path, TODAY)
    win.setGeometry(0, 0, 1600, 960)
    for dock in win.findChildren(QDockWidget):
        dock.setVisible(dock is win.inspector)
    win.show()
    feature = win.deadlines_feature  # type: ignore[attr-defined]
    forecast = win.forecast_feature  # type: ignore[attr-defined]
    forecast.set_enabled(True)

    feature.show_view()

    def ready() -> None:
        if forecast.shown is None:
            QTimer.singleShot(50, ready)
            return
        win.select_item("beta")
        app.processEvents()
        QTimer.singleShot(1500 if X11 else 0, shoot_view)

    def shoot_view() -> None:
        app.processEvents()
        capture(win, "deadlines-view.png")
        win.tabs.setCurrentWidget(win.view)
        win.view.set_ppd(PPD)
        win.view.scroll_to_day(date(2026, 11, 16), 0)
        app.processEvents()
        win.view.verticalScrollBar().setValue(int(win.scene.glyphs["visual"].y0) - 60)
        app.processEvents()
        if X11:
            hover("beta")
            QTimer.singleShot(2500, shoot_log)
        else:
            shoot_log()

    def hover(item_id: str) -> None:
        """Rest the mouse on the item's target mark, so its tooltip shows."""
        g = win.scene.glyphs[item_id]
        vp = win.view.viewport()
        at = win.view.mapFromScene(QPointF(g.x0 + g.target_dx, g.y0 + 4))
        QCursor.setPos(vp.mapToGlobal(at))
        QTest.mouseMove(vp, at)
        QTimer.singleShot(300, lambda: QTest.mouseMove(vp, at + QPoint(1, 0)))

    def shoot_log() -> None:
        app.processEvents()
        capture(win, "negotiation-log.png")
        win.session.close()
        app.quit()

    QTimer.singleShot(1500 if X11 else 0, ready)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
