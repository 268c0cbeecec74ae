"""Makes import-preview.png here: File > Import… previewing an MS Project file.

The window holds the sample roadmap (today Sun 22 Nov 2026); the import dialog over it
has read tests/data/interchange/mspdi-payments.xml (two teams, a nested summary task, a
fractional duration, a "start no later than" constraint, resources, costs, a baseline,
a link to a missing task) and shows the plan's counts and its fidelity report, with
"Create roadmap…" and "Replace the current roadmap's plan". On X11 the screen is
captured with ImageMagick's ``import`` and cut to the dialog's frame; offscreen the
dialog is grabbed (``offscreen-import-preview.png``).

    QT_QPA_PLATFORM=offscreen python docs/screenshots/import_shots.py [OUT]
    DISPLAY=:96 python docs/screenshots/import_shots.py [OUT]   # Xvfb + openbox

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

from PySide6.QtWidgets import QApplication  # noqa: E402

from planner.app.sample import sample_plan  # noqa: E402
from planner.gui.app import create_main_window, make_application  # noqa: E402
from planner.gui.import_dialog import ImportDialog  # noqa: E402
from planner.storage.repository import PlanRepository  # noqa: E402

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "tests" / "data" / "interchange" / "mspdi-payments.xml"
X11 = os.environ.get("QT_QPA_PLATFORM", "") != "offscreen"
TODAY = date(2026, 11, 22)
LIMIT = 300_000  # bytes per picture


def settle(app: QApplication, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def main() -> None:
    app = make_application()
    roadmap = Path(_private) / "Checkout.roadmap"
    PlanRepository.create(roadmap, sample_plan(TODAY), "Sample roadmap")
    window = create_main_window(roadmap, TODAY)
    window.resize(1400, 860)
    window.move(40, 30)
    window.show()
    dialog = ImportDialog(
        SOURCE, replace_to=window.session.plan.name, open_path=roadmap, parent=window
    )
    dialog.show()
    while dialog.result_ is None and dialog.error is None:
        settle(app, 0.05)
    if dialog.error:
        raise SystemExit(dialog.error)
    dialog.raise_()
    dialog.activateWindow()
    if X11:  # the window manager may keep the focus where it was: ask it
        wid = str(int(dialog.winId()))
        subprocess.run(["xdotool", "windowactivate", "--sync", wid], check=False)
    settle(app, 1.0)  # drawn, and placed by the window manager
    OUT.mkdir(parents=True, exist_ok=True)
    if X11:
        frame = dialog.frameGeometry()
        whole = OUT / "x-import-screen.png"
        subprocess.run(["import", "-window", "root", str(whole)], check=True)
        crop = f"{frame.width()}x{frame.height()}+{frame.x()}+{frame.y()}"
        target = OUT / "import-preview.png"
        subprocess.run(["convert", str(whole), "-crop", crop, "+repage", str(target)], check=True)
        whole.unlink()
    else:
        target = OUT / "offscreen-import-preview.png"
        dialog.grab().save(str(target))
    size = target.stat().st_size
    print(f"{target}: {size:,} bytes")
    if size > LIMIT:
        raise SystemExit(f"{target}: over {LIMIT:,} bytes")
    dialog.reject()
    window.close()


if __name__ == "__main__":
    main()
