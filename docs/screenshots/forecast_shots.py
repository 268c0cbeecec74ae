"""Makes forecast.png here: the timeline with View > Show forecast on.

The roadmap is the one tests/gui/test_forecast_gui.py forecasts (``history_plan``: the
sample roadmap with Sprint 13's tasks done on actual dates, Backend's vendor work 1.5×
its estimate), with a little more history so that every team draws from its own (Web
about 1.25×, Mobile about 1.7×) and deadlines on the milestones whose chances tell
most. Today is Sun 22 Nov 2026. The window opens with the forecast on (1000 runs, seed
1), its docks closed, at 15 px a day from Sprint 13. On X11 the mouse rests on General
availability's range so its tooltip shows, the screen is captured with ImageMagick's
``import``, cut to the window's frame and kept whole as ``x-forecast.png``; offscreen
the window is grabbed (no tooltip: that is a window of its own).

    QT_QPA_PLATFORM=offscreen python docs/screenshots/forecast_shots.py [OUT]
    DISPLAY=:98 python docs/screenshots/forecast_shots.py [OUT]   # Xvfb + openbox

OUT defaults to this folder. Settings and window state go to a temporary folder.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

_private = tempfile.mkdtemp(prefix="planner-shots-")
os.environ["PLANNER_CONFIG_DIR"] = f"{_private}/config"
os.environ["PLANNER_DATA_DIR"] = f"{_private}/data"
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "gui"))

from PySide6.QtCore import QPoint, QPointF, QRect, QTimer  # noqa: E402
from PySide6.QtGui import QCursor  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QDockWidget, QWidget  # noqa: E402
from test_forecast_gui import TODAY, history_plan  # noqa: E402

from planner.domain.model import Item, Plan  # noqa: E402
from planner.gui.app import create_main_window, make_application  # noqa: E402
from planner.gui.timeline_forecast import RANGE_Y  # noqa: E402
from planner.storage.repository import PlanRepository  # noqa: E402

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
X11 = os.environ.get("QT_QPA_PLATFORM", "") != "offscreen"
LIMIT = 300_000  # bytes per picture
PPD = 15.0  # pixels a day: Sprint 13 to mid-January in one window
DEADLINES = {"handoff": date(2026, 12, 17), "beta": date(2026, 12, 14),
             "submit": date(2026, 12, 31), "weblaunch": date(2027, 1, 7)}  # fmt: skip
# (id, title, team, first day, estimate, working days it took), all in Sprint 13
HISTORY = [
    ("spike", "Checkout analytics spike", "web", date(2026, 11, 2), 2, 2),
    ("landing", "Landing page refresh", "web", date(2026, 11, 4), 4, 5),
    ("cookies", "Cookie consent banner", "web", date(2026, 11, 10), 2, 3),
    ("optin", "Push opt-in screen", "mobile", date(2026, 11, 9), 3, 5),
    ("crash", "Crash fixes for 4.2", "mobile", date(2026, 11, 10), 3, 6),
]


def shot_plan() -> Plan:
    """``history_plan`` with more history and the deadlines above."""
    plan = history_plan(TODAY)
    extra: dict[str, list[Item]] = {}
    for item_id, title, team, first, estimate, took in HISTORY:
        last = first
        for _ in range(took - 1):  # ``took`` working days, both ends counted
            last += timedelta(days=1)
            while last.weekday() >= 5:
                last += timedelta(days=1)
        done = Item(item_id, title, team=team, start=first, duration=estimate, done=True,
                    actual_start=first, actual_finish=last)  # fmt: skip
        extra.setdefault(team, []).append(done)
    items: list[Item] = []
    for it in plan.items:
        if it.team in extra and it.team is not None:
            items.extend(extra.pop(it.team))  # at the top of the lane: they came first
        items.append(dataclasses.replace(it, deadline=DEADLINES.get(it.id, it.deadline)))
    return plan.with_items(items)


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
    repo.write_plan(shot_plan(), "Screenshots")
    repo.close()
    win = create_main_window(path, TODAY)
    win.setGeometry(0, 0, 1600, 1000)
    for dock in win.findChildren(QDockWidget):
        dock.hide()
    win.show()
    feature = win.forecast_feature  # type: ignore[attr-defined]
    feature.set_enabled(True)

    def ready() -> None:
        if feature.shown is None:
            QTimer.singleShot(50, ready)
            return
        win.view.set_ppd(PPD)
        win.view.scroll_to_day(date(2026, 10, 31), 0)
        app.processEvents()
        if X11:
            hover("ga")
            QTimer.singleShot(2500, shoot)
        else:
            shoot()

    def hover(item_id: str) -> None:
        """Rest the mouse on the item's range, so its tooltip shows."""
        r = win.scene.forecast.ranges[item_id]
        vp = win.view.viewport()
        at = win.view.mapFromScene(QPointF((r.x0 + r.x1) / 2, r.y + RANGE_Y))
        QCursor.setPos(vp.mapToGlobal(at))
        QTest.mouseMove(vp, at)
        QTimer.singleShot(300, lambda: QTest.mouseMove(vp, at + QPoint(1, 0)))

    def shoot() -> None:
        app.processEvents()
        capture(win, "forecast.png")
        for line in feature.shown.forecast.explain(win.session.plan):
            print(f"  {line}")
        win.session.close()
        app.quit()

    QTimer.singleShot(1500 if X11 else 0, ready)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
