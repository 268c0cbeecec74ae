"""Makes progress-inspector.png, timeline-progress.png and baseline-ghosts.png here.

A copy of the sample roadmap (today: Sun 22 Nov 2026, in its Sprint 14) gets the
baseline "Kick-off", then progress is recorded against it: done items (one after its
deadline), items in progress, one past its deadline. The real window is opened on it and
its views are grabbed (``widget.grab()``); on X11 the whole screen is kept too, as
``x-*.png`` in OUT.

    QT_QPA_PLATFORM=offscreen python docs/screenshots/progress_shots.py [OUT]
    DISPLAY=:99 python docs/screenshots/progress_shots.py [OUT]   # Xvfb + openbox

OUT defaults to this folder. Settings and window state go to a temporary folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

_private = tempfile.mkdtemp(prefix="planner-shots-")
os.environ["PLANNER_CONFIG_DIR"] = f"{_private}/config"
os.environ["PLANNER_DATA_DIR"] = f"{_private}/data"

from PIL import Image  # noqa: E402
from PySide6.QtCore import QPoint, QRect, QTimer  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QDockWidget  # noqa: E402

from planner.app.actuals import RecordProgress  # noqa: E402
from planner.app.sample import sample_plan  # noqa: E402
from planner.app.session import PlanSession  # noqa: E402
from planner.domain.edits import UpdateItem  # noqa: E402
from planner.gui.app import create_main_window, make_application  # noqa: E402
from planner.storage.repository import PlanRepository  # noqa: E402

TODAY = date(2026, 11, 22)
OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
X11 = os.environ.get("QT_QPA_PLATFORM", "") != "offscreen"
LIMIT = 300_000  # bytes per picture
D = date


def build(path: Path) -> None:
    """The sample roadmap with a baseline and, after it, some progress recorded."""
    repo = PlanRepository.open(path, create=True)
    repo.write_plan(sample_plan(TODAY))
    repo.close()
    s = PlanSession.open(path)
    s.save_baseline("Kick-off")
    for edit in [
        UpdateItem.of("schema", deadline=D(2026, 11, 4)),
        RecordProgress("schema", TODAY, started=D(2026, 11, 2), done=D(2026, 11, 6)),
        RecordProgress("disc", TODAY, done=D(2026, 11, 6)),
        RecordProgress("flows", TODAY, started=D(2026, 11, 4), done=D(2026, 11, 9)),
        RecordProgress("mnav", TODAY, started=D(2026, 11, 2), done=D(2026, 11, 5)),
        RecordProgress("vendor", TODAY, started=D(2026, 11, 4), done=D(2026, 11, 17)),
        RecordProgress("wire", TODAY, started=D(2026, 11, 10), done=D(2026, 11, 17)),
        RecordProgress("ds", TODAY, started=D(2026, 11, 9), progress=70),
        RecordProgress("ds", TODAY, remaining=2),
        RecordProgress("api", TODAY, started=D(2026, 11, 12), progress=60),
        UpdateItem.of("auth", deadline=D(2026, 11, 18)),
        RecordProgress("auth", TODAY, started=D(2026, 11, 9), progress=80),
        RecordProgress("visual", TODAY, started=D(2026, 11, 18), progress=35),
        RecordProgress("legal", TODAY, started=D(2026, 11, 17), progress=50),
        RecordProgress("shell", TODAY, started=D(2026, 11, 18), progress=25),
    ]:
        s.apply(edit)
    s.close()


def save(picture, name: str) -> None:
    """Save a grab as OUT/name; over LIMIT, again with a 256-colour palette."""
    path = OUT / name
    picture.save(str(path))
    if path.stat().st_size > LIMIT:
        rgb = Image.open(path).convert("RGB")
        rgb.quantize(256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def screen(app, name: str) -> None:
    """On X11, the whole screen as ImageMagick's ``import`` sees it."""
    if X11:
        app.processEvents()
        time.sleep(0.4)
        app.processEvents()
        subprocess.run(["import", "-window", "root", str(OUT / f"x-{name}.png")], check=True)


def stacked(top, top_h: int, bottom, bottom_y: int, bottom_h: int, tail: int) -> QImage:
    """``top``'s first top_h rows over ``bottom``'s rows from bottom_y, and its last
    ``tail`` rows (the status bar) at the end."""
    width = top.width()
    img = QImage(width, top_h + bottom_h + tail + 8, QImage.Format.Format_RGB32)
    img.fill(QColor("#D0D7DE"))
    p = QPainter(img)
    p.drawPixmap(QPoint(0, 0), top, QRect(0, 0, width, top_h))
    p.drawPixmap(QPoint(0, top_h + 4), bottom, QRect(0, bottom_y, width, bottom_h))
    p.drawPixmap(
        QPoint(0, top_h + bottom_h + 8), bottom, QRect(0, bottom.height() - tail, width, tail)
    )
    p.end()
    return img


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    roadmap = Path(_private) / "Checkout.roadmap"
    build(roadmap)
    app = make_application()
    w = create_main_window(roadmap, TODAY)
    w.reason_provider = None

    def progress_shots() -> None:
        w.resize(1600, 940)
        w.view.zoom_preset("weeks")
        w.view.scroll_to_day(D(2026, 10, 31), 0)
        w.select_item("api")
        app.processEvents()
        save(w.inspector.grab(), "progress-inspector.png")
        save(w.view.grab(), "timeline-progress.png")
        screen(app, "progress")
        QTimer.singleShot(200, baseline_shots)

    def baseline_shots() -> None:
        for dock in w.findChildren(QDockWidget):
            dock.hide()
        w.select_item(None)
        w.resize(1920, 1040)
        app.processEvents()
        w.baselines_feature.choose("Kick-off")
        w.view.set_ppd(27.0)
        w.view.scroll_to_day(D(2026, 10, 31), 0)
        app.processEvents()
        timeline = w.grab()
        screen(app, "ghosts")
        w.tabs.setCurrentWidget(w.table)
        w.table.view.resizeColumnsToContents()
        app.processEvents()
        table = w.grab()
        screen(app, "table")
        lanes = w.view.mapTo(w, QPoint(0, 0)).y() + 46 + 24 * 28  # Design and Backend
        head = w.table.view.mapTo(w, QPoint(0, 0)).y()
        rows = w.table.view.horizontalHeader().height() + w.table.view.rowHeight(0) * 14
        picture = stacked(timeline, lanes, table, head, rows, w.statusBar().height())
        save(picture, "baseline-ghosts.png")
        w.session.close()
        app.quit()

    w.show()
    QTimer.singleShot(400, progress_shots)
    app.exec()
    for name in ("progress-inspector.png", "timeline-progress.png", "baseline-ghosts.png"):
        print(OUT / name, (OUT / name).stat().st_size, "bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
